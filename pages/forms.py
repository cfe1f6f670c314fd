from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import AccessibilityFeedback

MESSAGE_MAX_LENGTH = 4000


class AccessibilityFeedbackForm(forms.ModelForm):
    # A field people do not see: bots fill it, and their reports are dropped without a word.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = AccessibilityFeedback
        fields = ["page_url", "message", "email"]
        labels = {
            "page_url": _("Page where you met the problem (optional)"),
            "message": _("What did not work for you?"),
            "email": _("Your e-mail, if you want an answer (optional)"),
        }
        help_texts = {
            # format_lazy keeps the text lazy, so it follows the language of each request.
            "message": format_lazy(_("At most {count} characters."), count=MESSAGE_MAX_LENGTH),
            "email": _("Used only to answer you, never shown or passed on."),
        }
        error_messages = {"message": {"required": _("Please describe the problem.")}}
        widgets = {"message": forms.Textarea(attrs={"rows": 6, "maxlength": MESSAGE_MAX_LENGTH})}

    def clean_message(self):
        message = self.cleaned_data["message"]
        if len(message) > MESSAGE_MAX_LENGTH:
            raise forms.ValidationError(
                _("Please shorten the message to %(count)s characters (it has %(length)s)."),
                code="max_length",
                params={"count": MESSAGE_MAX_LENGTH, "length": len(message)},
            )
        return message

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))

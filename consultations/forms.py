import functools

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import Municipality

from .abuse import filled_too_fast, has_markup, started_token
from .models import Comment

BODY_MIN = 10
BODY_MAX = 5000
NAME_MAX = 120


@functools.lru_cache(maxsize=256)
def _municipalities_of(region_id: int):
    # Built once per region: building the filter was a tenth of a comment POST's CPU. The query is never run on
    # this object itself; the form field takes a copy (.all()) and runs that, so no rows are kept here.
    return Municipality.objects.filter(region_id=region_id).order_by("name")


def _comment_form_helper(consent_error_id: str = "") -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    # "started" is rendered by the template apart from the layout, next to the CSRF token it belongs with.
    helper.render_unmentioned_fields = False
    helper.layout = Layout(
        Field("category"),
        Field("body"),
        Field("author_name"),
        Field("email"),
        Field("municipality"),
        # Described by the privacy notice it refers to, and by its error message when there is one.
        Field("consent", aria_describedby=f"privacy-notice {consent_error_id}".strip()),
        Div(Field("website", tabindex="-1", autocomplete="off"), css_class="d-none"),
        Submit("submit", _("Send comment")),
    )
    return helper


class CommentForm(forms.Form):
    """A resident's comment on one theme. No account: name, e-mail and municipality are optional."""

    # Its messages name what to do ("Write your comment."), so the error summary shows them without the label.
    error_summary_labels = False

    category = forms.ChoiceField(
        label=_("Kind of comment"),
        choices=Comment.Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of comment this is.")},
    )
    body = forms.CharField(
        label=_("Your comment"),
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": BODY_MAX}),
        error_messages={
            "required": _("Write your comment."),
            "min_length": _(
                "The comment is too short: write at least %(limit_value)d characters (now %(show_value)d)."
            ),
            "max_length": _("The comment is too long: at most %(limit_value)d characters (now %(show_value)d)."),
        },
    )
    author_name = forms.CharField(
        label=_("Name (optional, shown with the comment)"),
        required=False,
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX}),
        error_messages={"max_length": _("The name is too long: at most %(limit_value)d characters.")},
    )
    email = forms.EmailField(
        label=_("E-mail (optional, never shown)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Only to send you a confirmation and the answer to your comment."),
        error_messages={"invalid": _("Enter a valid e-mail address, such as name@example.ee, or leave it empty.")},
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality (optional)"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("— not given —"),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that my comment is processed as described in the privacy notice above."),
        error_messages={"required": _("Your comment can only be received with your consent to the privacy notice.")},
    )
    # Honeypot: hidden from people (display: none), but a form-filling robot fills it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language: "%" on a lazy text at import time froze the language active then.
        self.fields["body"].help_text = _(
            "Between %(min)s and %(max)s characters. Plain text; links are not clickable."
        ) % {"min": BODY_MIN, "max": BODY_MAX}
        if region is not None:
            self.fields["municipality"].queryset = _municipalities_of(region.pk)
        # Every rendering (the first and after an error) starts the fill-time clock anew.
        self.initial["started"] = started_token()
        if self.is_bound:
            data = self.data.copy()
            data["started"] = started_token()
            self.fill_token = self.data.get("started", "")
            self.data = data

    @functools.cached_property
    def helper(self) -> FormHelper:
        # Per form, so per request: a layout built at import time kept the language active then ("Saada kommentaar"
        # on the English and Finnish forms). Only rendering reads it; a successful POST never builds it.
        consent = self["consent"]
        return _comment_form_helper(f"{consent.auto_id}_error" if self.is_bound and consent.errors else "")

    def clean_body(self):
        body = self.cleaned_data["body"]
        if has_markup(body):
            raise forms.ValidationError(
                _("Write plain text: HTML tags such as <script> are not accepted. Remove the tag and send again."),
                code="markup",
            )
        return body

    def clean_author_name(self):
        name = self.cleaned_data["author_name"].strip()
        if "<" in name or ">" in name:
            raise forms.ValidationError(_("The name may not contain < or >."), code="markup")
        return name

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."), code="honeypot")
        return ""

    def clean(self):
        cleaned = super().clean()
        # Only about a form that is otherwise right: beside real mistakes it would send the person looking for none.
        if not self.errors and filled_too_fast(getattr(self, "fill_token", "")):
            raise forms.ValidationError(
                _(
                    "The form was sent faster than a person can write a comment. "
                    "Check your comment and send it again; nothing was lost."
                ),
                code="too-fast",
            )
        return cleaned


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, such as name@example.ee."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("email"), Submit("subscribe", _("Subscribe")))

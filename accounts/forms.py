"""Forms of the staff log-in, the two-step verification and the audit log page (used by accounts/views.py)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import AuditEvent


class LoginForm(AuthenticationForm):
    """User name or e-mail address, and password."""

    username = forms.CharField(
        label=gettext_lazy("User name or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def clean(self):
        given = (self.cleaned_data.get("username") or "").strip()
        if "@" in given:
            users = get_user_model()._default_manager
            if not users.filter(username=given).exists():
                by_email = list(users.filter(email__iexact=given).values_list("username", flat=True)[:2])
                if len(by_email) == 1:
                    self.cleaned_data["username"] = by_email[0]
        return super().clean()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return token


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("The password is not right."))
        return self.cleaned_data["password"]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    region = forms.ChoiceField(label=gettext_lazy("Region"), required=False)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *AuditEvent.Action.choices]
        self.fields["region"].choices = [("", _("All my regions")), *((r.slug, r.name) for r in regions)]

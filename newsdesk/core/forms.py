"""The back office's login form: Wagtail's, with the optional second factor.

Editors who enrolled an authenticator app (`newsdesk totp add <user>`) must type its current
six-digit code as well; for everyone else the field stays empty. A wrong code counts as a failed
login, so django-axes locks out guessing of codes as it does of passwords.
"""

from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

# One answer for every failed login: a wrong password and a right one with a wrong or missing
# code read the same, so the form never confirms a password to someone without the phone.
INVALID_LOGIN = _(
    "Your username and password didn't match, or the code from your authenticator app (if you "
    "have set one up) was wrong. Please try again."
)


class LoginForm(WagtailLoginForm):
    error_messages = {**WagtailLoginForm.error_messages, "invalid_login": INVALID_LOGIN}

    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up an authenticator app for this account."),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        cleaned_data = super().clean()  # the password first: a wrong one ends here
        user = self.get_user()
        if user is None or not any(devices_for_user(user, confirmed=True)):
            return cleaned_data
        token = cleaned_data.get("otp_token", "").strip()
        if not token or match_token(user, token) is None:
            user_login_failed.send(
                sender=__name__,
                credentials={"username": cleaned_data.get("username")},
                request=self.request,
            )
            self.user_cache = None
            raise self.get_invalid_login_error()
        return cleaned_data

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from edubureau.accounts import services
from edubureau.accounts.models import User


class LoginForm(forms.Form):
    """Username and password, with the lock after repeated failures (accounts.services.login_failed)."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        account = User.objects.filter(username=username).first()
        if account and services.login_locked(account):
            raise forms.ValidationError(
                _(
                    "Too many failed attempts: this account is locked for a while. "
                    "Try again later or ask the system administrator."
                ),
                code="locked",
            )
        self.user = authenticate(self.request, username=username, password=password)
        if self.user is None:
            if account:
                services.login_failed(account)
            raise forms.ValidationError(_("Wrong username or password."), code="invalid_login")
        services.login_succeeded(self.user)
        return self.cleaned_data

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from edubureau.accounts import services
from edubureau.accounts.models import RoleAssignment, User
from edubureau.accounts.roles import Role
from edubureau.core.forms import StyledFormMixin


class LoginForm(forms.Form):
    """Username and password, checked under the lock after repeated failures (services.login_authenticate)."""

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
        if username and password:
            self.user = services.login_authenticate(
                request=self.request, username=username, password=password
            )
        return self.cleaned_data


class PasswordChangeForm(StyledFormMixin, auth_forms.PasswordChangeForm):
    """One's own password: the current one is checked under the login lock (a stolen session cannot try
    passwords here without limit); the new one must pass the validators, not being like the username
    or display name among them."""

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        try:
            services.login_authenticate(
                request=self.request, username=self.user.get_username(), password=old_password
            )
        except forms.ValidationError as refusal:
            if refusal.code == "locked":
                raise
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            ) from None
        return old_password


# --- user administration (system administrators) -------------------------------------------------------


class UserCreateForm(StyledFormMixin, forms.ModelForm):
    """A new account; the password must pass the configured validators (length 10, not common, …)."""

    password1 = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "display_name", "email", "phone", "department"]

    def clean(self):
        data = super().clean()
        password, again = data.get("password1"), data.get("password2")
        if password and again and password != again:
            self.add_error("password2", _("The two passwords differ."))
        elif password:
            candidate = User(
                username=data.get("username", ""),
                display_name=data.get("display_name", ""),
                email=data.get("email", ""),
            )
            try:
                password_validation.validate_password(password, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RoleAssignForm(StyledFormMixin, forms.ModelForm):
    """A role over an area (and all below it) or over one school; a system administrator's over all."""

    class Meta:
        model = RoleAssignment
        fields = ["role", "area", "school", "can_view_personal"]

    def clean(self):
        data = super().clean()
        role, area, school = data.get("role"), data.get("area"), data.get("school")
        if role == Role.SYSADMIN:
            if area or school:
                self.add_error(
                    "area", _("A system administrator's role covers everything: choose no area or school.")
                )
        elif bool(area) == bool(school):
            self.add_error("area", _("Choose exactly one: an area or a school."))
            self.add_error("school", _("Choose exactly one: an area or a school."))
        return data

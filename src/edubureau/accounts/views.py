from functools import wraps

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from edubureau.accounts import services
from edubureau.accounts.forms import LoginForm, PasswordChangeForm, RoleAssignForm, UserCreateForm
from edubureau.accounts.models import RoleAssignment, User
from edubureau.core.services import object_delete, object_update
from edubureau.core.views import add_errors, history_page


@sensitive_post_parameters("password")
def login_view(request):
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(
            target, {request.get_host()}, require_https=request.is_secure()
        ):
            target = "home:home"
        return redirect(target)
    return render(request, "accounts/login.html", {"form": form})


def lockout_response(request, original_response, credentials):
    """django-axes' AXES_LOCKOUT_CALLABLE: keep the view's own answer — the login form or the API's JSON
    already says, in the user's language, that signing in is locked (services.login_authenticate)."""
    return original_response


class PasswordChangeView(auth_views.PasswordChangeView):
    """修改密码: the signed-in user changes their own password and stays signed in."""

    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        user = form.user
        services.user_password_change(actor=user, user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(self.get_success_url())


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


# --- user administration: system administrators only; everyone else gets 404 ----------------------------


def is_sysadmin(user) -> bool:
    return user.is_authenticated and user.is_active and user.get_scope().everything


def sysadmin_required(view):
    """Anonymous → login page; signed in without the blanket scope → 404, as if the page did not exist."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not is_sysadmin(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


@sysadmin_required
def user_list(request):
    users = User.objects.prefetch_related("role_assignments__area", "role_assignments__school").order_by(
        "username"
    )
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(display_name__icontains=q))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    locks = services.login_lock_list(usernames=[u.username for u in page.object_list])
    for account in page.object_list:
        account.locked_until = locks.get(account.username)
    return render(
        request, "accounts/user_list.html", {"page_obj": page, "object_list": page.object_list, "q": q}
    )


@sysadmin_required
@sensitive_post_parameters("password1", "password2")
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                password=data["password1"],
                display_name=data["display_name"],
                email=data["email"],
                phone=data["phone"],
                department=data["department"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Account created. Now give it a role."))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@sysadmin_required
def user_detail(request, pk: int, role_form=None):
    account = get_object_or_404(User.objects.select_related("department"), pk=pk)
    context = {
        "account": account,
        "assignments": account.role_assignments.select_related("area", "school").order_by("role"),
        "role_form": role_form or RoleAssignForm(),
        "locked_until": services.login_lock_list(usernames=[account.username]).get(account.username),
        "history": history_page(request, account),
    }
    return render(request, "accounts/user_detail.html", context)


@require_POST
@sysadmin_required
def user_role_assign(request, pk: int):
    account = get_object_or_404(User, pk=pk)
    form = RoleAssignForm(request.POST)
    if form.is_valid():
        try:
            services.role_assign(actor=request.user, user=account, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Role assigned."))
            return redirect("accounts:user_detail", pk=pk)
    return user_detail(request, pk, role_form=form)


@require_POST
@sysadmin_required
def user_role_revoke(request, pk: int, assignment_pk: int):
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user_id=pk)
    object_delete(actor=request.user, obj=assignment)
    messages.success(request, _("Role removed."))
    return redirect("accounts:user_detail", pk=pk)


@require_POST
@sysadmin_required
def user_unlock(request, pk: int):
    """Lift the lock that repeated failed logins put on an account (audited on the user)."""
    account = get_object_or_404(User, pk=pk)
    services.login_unlock(actor=request.user, user=account)
    messages.success(request, _("Account unlocked."))
    return redirect("accounts:user_detail", pk=pk)


@require_POST
@sysadmin_required
def user_set_active(request, pk: int):
    """Deactivate (or reactivate) an account. Accounts are never deleted: the audit log names them."""
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    if account == request.user and not active:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        object_update(actor=request.user, obj=account, data={"is_active": active})
        messages.success(request, _("Account activated.") if active else _("Account deactivated."))
    return redirect("accounts:user_detail", pk=pk)

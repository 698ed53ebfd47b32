"""Account writes: users, role assignments, and signing in under the lock after repeated failures."""

from __future__ import annotations

import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from edubureau.accounts.models import RoleAssignment, User
from edubureau.core import audit, clock

LOCKED_MESSAGE = _(
    "Too many failed attempts: signing in is locked for a while. "
    "Try again later or ask the system administrator."
)
WRONG_MESSAGE = _("Wrong username or password.")


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, display_name: str = "", validate: bool = True, **fields
) -> User:
    user = User(username=username, display_name=display_name, **fields)
    if validate:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=actor, action="accounts.user.create", obj=user, after=audit.snapshot(user))
    return user


@transaction.atomic
def user_password_change(*, actor: User, user: User, password: str) -> None:
    """Set a new password (already validated); audited without the password itself."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(actor=actor, action="accounts.user.password_change", obj=user, after={})


@transaction.atomic
def role_assign(*, actor, user: User, role: str, area=None, school=None, can_view_personal: bool = False):
    assignment = RoleAssignment(
        user=user, role=role, area=area, school=school, can_view_personal=can_view_personal
    )
    assignment.full_clean()
    assignment.save()
    audit.record(
        actor=actor, action="accounts.roleassignment.create", obj=assignment, after=audit.snapshot(assignment)
    )
    return assignment


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind ``PROXY_COUNT`` reverse proxies the address the
    outermost proxy appended to X-Forwarded-For (what the client wrote there itself cannot be trusted)."""
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def login_authenticate(*, request: HttpRequest, username: str, password: str) -> User:
    """The one way to check a password — login page, ``POST /api/token/`` and the admin all come here.

    django-axes refuses while the username or the client address is locked and counts every failure
    (unknown usernames too, so "locked" says nothing about whether an account exists). Attempts for the
    same username or address run one after another — a PostgreSQL advisory lock, SQLite's single writer
    — so that a burst of parallel guesses cannot all pass the "not locked yet" check before the first
    failure is counted: at most AXES_FAILURE_LIMIT passwords are ever checked per lock period.
    Raises ValidationError(code "locked" or "invalid_login"), the same for known and unknown users.
    """
    with transaction.atomic():
        _serialize_login(keys=(f"username:{username}", f"address:{client_address(request)}"))
        user = authenticate(request=request, username=username, password=password)
        locked = getattr(request, "axes_locked_out", False)
        # the failure that reached the limit (later ones, while locked, count on without a new record)
        if user is None and getattr(request, "axes_failures_since_start", 0) == settings.AXES_FAILURE_LIMIT:
            _record_lock(username=username, address=client_address(request))
    # Raised only here, after the commit: the failure just counted must stay counted.
    if user is None:
        if locked:
            raise ValidationError(LOCKED_MESSAGE, code="locked")
        raise ValidationError(WRONG_MESSAGE, code="invalid_login")
    return user


def _serialize_login(*, keys: tuple[str, ...]) -> None:
    """Hold a lock per key until the transaction ends (keys sorted, so two attempts never deadlock).
    SQLite needs none: its transactions here begin IMMEDIATE, one writer at a time."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(keys):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])


def _record_lock(*, username: str, address: str | None) -> None:
    account = User.objects.filter(username=username).first()
    if account is not None:
        audit.record(actor=None, action="accounts.user.locked", obj=account, after={"address": address})


def login_lock_list(*, usernames) -> dict[str, dt.datetime]:
    """The usernames among ``usernames`` that are locked now, with the time each lock ends (axes sums a
    username's failures over every address it came from)."""
    cool_off = get_cool_off()
    attempts = (
        AccessAttempt.objects.filter(
            username__in=list(usernames),
            attempt_time__gte=timezone.now() - cool_off,  # real clock: locks
        )
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
    )
    return {a["username"]: a["last"] + cool_off for a in attempts}


@transaction.atomic
def login_unlock(*, actor, user: User) -> None:
    """Lift the lock repeated failures put on this username (whatever address they came from)."""
    removed = axes_reset(username=user.username)
    audit.record(actor=actor, action="accounts.user.unlock", obj=user, after={"attempts_cleared": removed})


def login_stamp(sender, user, **kwargs) -> None:
    """``last_login`` from the one clock (replaces Django's ``update_last_login``)."""
    user.last_login = clock.now()
    user.save(update_fields=["last_login"])

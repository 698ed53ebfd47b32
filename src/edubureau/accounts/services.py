"""Account writes: users, role assignments, and the login lock after repeated failures."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from edubureau.accounts.models import RoleAssignment, User
from edubureau.core import audit, clock


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


def login_locked(user: User) -> bool:
    return bool(user.locked_until and user.locked_until > clock.now())


def login_failed(user: User) -> None:
    """Count a failed login; lock the account for LOGIN_LOCK_MINUTES after LOGIN_FAILURE_LIMIT failures."""
    user.failed_logins += 1
    if user.failed_logins >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = clock.now() + dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        user.failed_logins = 0
        audit.record(
            actor=None,
            action="accounts.user.locked",
            obj=user,
            after={"locked_until": user.locked_until.isoformat()},
        )
    user.save(update_fields=["failed_logins", "locked_until"])


def login_succeeded(user: User) -> None:
    if user.failed_logins or user.locked_until:
        user.failed_logins = 0
        user.locked_until = None
        user.save(update_fields=["failed_logins", "locked_until"])


def login_stamp(sender, user, **kwargs) -> None:
    """``last_login`` from the one clock (replaces Django's ``update_last_login``)."""
    user.last_login = clock.now()
    user.save(update_fields=["last_login"])

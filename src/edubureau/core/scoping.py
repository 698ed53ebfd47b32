"""Row-level scoping: the one place that decides which rows a user may see or touch.

Every model with scoped data uses ``RestrictedQuerySet`` and declares how its rows reach a school and an
area (both optional), e.g. ``scope_school = "school"`` and ``scope_area_path = "school__area__path"``.
``Model.objects.restrict(user, "view")`` then keeps the rows inside the user's role assignments. Callers
never filter by scope themselves; out-of-scope rows simply do not exist for them (404, like missing rows).

The user supplies its scope through ``user.get_scope()`` (see ``accounts.models.User``), so this module
needs no import of the accounts app.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q
from django.http import Http404

ACTIONS = ("view", "add", "change", "delete", "export", "view_personal")


@dataclass(frozen=True)
class Scope:
    """What one user may do where. ``everything`` is the system administrator's blanket scope."""

    everything: bool = False
    # action -> set of permission keys ("registry.*", "registry.school") granted somewhere
    grants: tuple[tuple[str, str, str | None, int | None], ...] = ()
    # each grant: (action, permission key, area path or None, school id or None)
    school_ids: frozenset[int] = field(default_factory=frozenset)

    def allows(self, action: str, key: str) -> bool:
        return self.everything or any(self._matches(g, action, key) for g in self.grants)

    @staticmethod
    def _matches(grant, action: str, key: str) -> bool:
        g_action, g_key, _, _ = grant
        app = key.split(".")[0]
        return g_action == action and g_key in (key, f"{app}.*", "*")

    def places(self, action: str, key: str) -> tuple[list[str], list[int]]:
        """Area paths and school ids where ``action`` on ``key`` is granted."""
        paths, schools = [], []
        for grant in self.grants:
            if self._matches(grant, action, key):
                if grant[2] is not None:
                    paths.append(grant[2])
                if grant[3] is not None:
                    schools.append(grant[3])
        return paths, schools


def permission_key(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def scope_q(model: type[models.Model], scope: Scope, action: str) -> Q | None:
    """The filter that keeps a model's rows inside ``scope`` for ``action``; None means no rows."""
    key = permission_key(model)
    if scope.everything:
        return Q()
    if not scope.allows(action, key):
        return None
    paths, schools = scope.places(action, key)
    school_lookup = getattr(model, "scope_school", None)
    area_lookup = getattr(model, "scope_area_path", None)
    q = Q(pk__in=[])
    if area_lookup:
        for path in paths:
            q |= Q(**{f"{area_lookup}__startswith": path})
    if school_lookup and schools:
        q |= Q(**{f"{school_lookup}__in": schools})
    return q


class RestrictedQuerySet(models.QuerySet):
    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        """Rows of this queryset that ``user`` may ``action``; anonymous and inactive users get none."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        q = scope_q(self.model, user.get_scope(), action)
        # Scope lookups follow foreign keys only (to-one), so filtering never duplicates rows.
        return self.none() if q is None else self.filter(q)


def get_scoped_or_404(queryset: RestrictedQuerySet, user, action: str = "view", **lookup):
    """The one object matching ``lookup`` inside the user's scope; missing and forbidden look the same."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def user_can(user, action: str, model: type[models.Model]) -> bool:
    """Whether the user holds ``action`` on ``model`` anywhere (for showing buttons and menu entries)."""
    if not user.is_authenticated:
        return False
    return user.get_scope().allows(action, permission_key(model))

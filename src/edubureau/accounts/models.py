"""Users, and role assignments that place a role on an area (and its descendants) or on one school."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.accounts.roles import ROLE_GRANTS, Role
from edubureau.core import clock
from edubureau.core.models import BaseModel
from edubureau.core.scoping import Scope


class User(AbstractUser):
    """A person who logs in: bureau staff, principals, supervisors, teachers, evaluators, admins."""

    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    date_joined = models.DateTimeField(_("date joined"), default=clock.now)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_scope(self) -> Scope:
        """The user's grants, cached on the instance for the request."""
        cached = getattr(self, "_scope_cache", None)
        if cached is not None:
            return cached
        if self.is_superuser:
            scope = Scope(everything=True)
        else:
            assignments = self.role_assignment_list()
            if any(a.role == Role.SYSADMIN for a in assignments):
                scope = Scope(everything=True)
            else:
                grants = []
                for a in assignments:
                    path = a.area.path if a.area_id else None
                    role_grants = list(ROLE_GRANTS.get(a.role, ()))
                    if a.can_view_personal:  # ID numbers and full birth dates (core.crypto)
                        role_grants += [
                            ("view_personal", "registry.student"),
                            ("view_personal", "registry.teacher"),
                        ]
                    grants += [(act, key, path, a.school_id) for act, key in role_grants]
                scope = Scope(
                    grants=tuple(grants),
                    school_ids=frozenset(a.school_id for a in assignments if a.school_id),
                )
        self._scope_cache = scope
        return scope

    def role_assignment_list(self) -> list:
        """The user's role assignments (with their areas), read once for the request like the scope."""
        cached = getattr(self, "_assignments_cache", None)
        if cached is None:
            cached = self._assignments_cache = list(self.role_assignments.select_related("area").all())
        return cached

    @property
    def roles(self) -> set[str]:
        return {a.role for a in self.role_assignment_list()}


class RoleAssignment(BaseModel):
    """角色分配: a role held over an area (and everything below it) or over a single school."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    area = models.ForeignKey(
        "registry.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), null=True, blank=True, on_delete=models.PROTECT
    )
    can_view_personal = models.BooleanField(
        _("may see and export unmasked ID numbers"),
        default=False,
        help_text=_("Explicit permission for personal data (学生身份证件号)."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.SYSADMIN)
                | Q(area__isnull=False, school__isnull=True)
                | Q(area__isnull=True, school__isnull=False),
                name="roleassignment_area_xor_school",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.area or self.school or '全部'}"

"""The roles of DESIGN §1 and what each may do, in one table.

A grant is (action, permission key). Keys are "app.model", "app.*" or "*". Where a role applies is the
area or school of its RoleAssignment; the table says only what. Unmasked ID numbers (view_personal) are
never granted by a role: they need the assignment's explicit ``can_view_personal`` flag.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADER = "leader", _("bureau leader")
    DEPARTMENT_STAFF = "department_staff", _("department staff")
    PRINCIPAL = "principal", _("school principal")
    SUPERVISOR = "supervisor", _("responsible supervisor")
    TEACHER = "teacher", _("teacher")
    TEACHER_SERVICE = "teacher_service", _("teacher service centre")
    EVALUATOR = "evaluator", _("third-party evaluator")
    SYSADMIN = "sysadmin", _("system administrator")


_READ = ("view", "export")
_WRITE = ("view", "export", "add", "change")

# A school sees its own visit records, findings and rectifications, and answers the rectifications.
_SCHOOL_SUPERVISION = (
    *(
        ("view", f"supervision.{m}")
        for m in ("visit", "visitfile", "finding", "rectification", "rectificationfile", "rectificationurge")
    ),
    ("change", "supervision.rectification"),
)

# The turnover pool and the rotation plan (issue 12): a school enters its own temporary vacancies and
# rates the 顶岗 service it received; it sees its pool teachers and the dispatches to it.
_POOL_MODELS = (
    "poolteacher",
    "vacancy",
    "dispatch",
    "dispatchrun",
    "poolrules",
    "rotationplan",
    "rotationmove",
)
_SCHOOL_POOL = (
    *((a, "staffing.vacancy") for a in ("view", "add", "change")),
    *((a, "staffing.dispatch") for a in ("view", "change")),
    ("view", "staffing.poolteacher"),
)

ROLE_GRANTS: dict[str, tuple[tuple[str, str], ...]] = {
    Role.LEADER: tuple((a, "*") for a in _READ),
    Role.DEPARTMENT_STAFF: tuple((a, "*") for a in _WRITE),
    Role.PRINCIPAL: tuple(
        (a, k)
        for a in _WRITE
        for k in (
            "registry.school",
            "registry.schoolclass",
            "registry.student",
            "registry.enrollment",
            "registry.teacher",
            "registry.financerecord",
        )
    )
    + _SCHOOL_SUPERVISION
    # A school fills in the forms assigned to it (its submissions); it sees no form or assignment list.
    + (("view", "collect.submission"), ("change", "collect.submission"))
    + _SCHOOL_POOL,
    Role.SUPERVISOR: tuple(
        (a, k) for a in _READ for k in ("registry.school", "registry.schoolclass", "registry.teacher")
    )
    + tuple((a, "supervision.*") for a in _WRITE),
    Role.TEACHER: (("view", "registry.school"),),
    Role.TEACHER_SERVICE: (
        *((a, "registry.teacher") for a in _WRITE),
        *((a, "registry.school") for a in _READ),
        *((a, f"staffing.{m}") for a in _WRITE for m in _POOL_MODELS),
    ),
    Role.EVALUATOR: (("view", "registry.school"),),
    Role.SYSADMIN: (),  # everything; see User.get_scope
}

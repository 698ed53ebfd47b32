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

# A school reports and fixes its own hazards and records bullying cases (seen only by their named handlers:
# ``safety.models.BullyingCaseQuerySet``); a supervisor also reports hazards at the schools they supervise.
_SCHOOL_SAFETY = (
    *(
        (a, f"safety.{m}")
        for a in ("view", "add", "change")
        for m in ("hazard", "hazardfile", "bullyingcase")
    ),
    ("view", "safety.hazardurge"),
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
    + _SCHOOL_SAFETY
    # A school sees its own evaluation sheet and scores once the round is published (evaluation.selectors).
    + (("view", "evaluation.roundschool"), ("view", "evaluation.score"))
    # A school sees its teachers' posts, scores and competition results (区管校聘); it decides none of them.
    + tuple(("view", f"staffing.{m}") for m in ("workpost", "teacherscore", "entry"))
    + _SCHOOL_POOL,
    Role.SUPERVISOR: tuple(
        (a, k) for a in _READ for k in ("registry.school", "registry.schoolclass", "registry.teacher")
    )
    + tuple((a, "supervision.*") for a in _WRITE)
    + _SCHOOL_SAFETY,
    # A teacher reaches only her own competition entries (``staffing.selectors``): her 志愿, result, appeal.
    Role.TEACHER: (
        ("view", "registry.school"),
        ("view", "staffing.entry"),
        ("change", "staffing.entry"),
        ("view", "staffing.workpost"),
        ("view", "staffing.teacherscore"),
        ("view", "staffing.appeal"),
        ("add", "staffing.appeal"),
    ),
    Role.TEACHER_SERVICE: (
        *((a, "registry.teacher") for a in _WRITE),
        *((a, "registry.school") for a in _READ),
        *((a, "staffing.*") for a in _WRITE),
    ),
    # An expert scores the rounds they are named in (evaluation.RoundExpert), never their own school.
    Role.EVALUATOR: (("view", "registry.school"), ("view", "evaluation.roundexpert")),
    Role.SYSADMIN: (),  # everything; see User.get_scope
}

"""Code lists of 责任督学挂牌督导 (《中小学校责任督学挂牌督导办法》, 2013): supervisor kinds, visit kinds and
methods, the 8 regular-supervision items (Art. 4), ratings, rectification states and urge levels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core import escalation


class SupervisorKind(models.TextChoices):
    """专职 / 兼职: the 办法 asks for a mix of full- and part-time supervisors."""

    FULL_TIME = "full_time", _("full-time")
    PART_TIME = "part_time", _("part-time")


class Background(models.TextChoices):
    """Where supervisors are chosen from: serving or retired 校长、教师、教研人员、行政人员."""

    PRINCIPAL = "principal", _("principal")
    TEACHER = "teacher", _("teacher")
    RESEARCHER = "researcher", _("teaching researcher")
    ADMINISTRATOR = "administrator", _("administrator")


class VisitKind(models.TextChoices):
    ROUTINE = "routine", _("routine")
    SPECIAL = "special", _("special")
    COMPLAINT = "complaint", _("complaint follow-up")
    EMERGENCY = "emergency", _("emergency")


class Method(models.TextChoices):
    """The six methods of the 办法."""

    LESSON = "lesson", _("随机听课")
    DOCUMENTS = "documents", _("查阅资料")
    MEETING = "meeting", _("列席会议")
    INTERVIEW = "interview", _("座谈走访")
    SURVEY = "survey", _("问卷调查")
    TOUR = "tour", _("校园巡视")


class Item(models.IntegerChoices):
    """The 8 regular-supervision items (办法 Art. 4), in the order of the text."""

    MANAGEMENT = 1, _("校务管理和制度执行")
    ADMISSION = 2, _("招生、收费、择校")
    CURRICULUM = 3, _("课程开设和课堂教学")
    STUDENT_LOAD = 4, _("学生学习、体育锻炼和课业负担")
    TEACHERS = 5, _("教师师德和专业发展")
    SAFETY = 6, _("校园及周边安全、学生交通安全")
    CANTEEN = 7, _("食堂、食品、饮水及宿舍卫生")
    ETHOS = 8, _("校风、教风、学风建设")


class Rating(models.TextChoices):
    GOOD = "good", _("good")
    FAIR = "fair", _("fair")
    POOR = "poor", _("poor")
    NOT_CHECKED = "not_checked", _("not checked")


class Severity(models.TextChoices):
    GENERAL = "general", _("general")
    SERIOUS = "serious", _("serious")
    HAZARD = "hazard", _("major hazard")


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("open")
    ANSWERED = "answered", _("answered")
    RETURNED = "returned", _("returned")
    CLOSED = "closed", pgettext_lazy("rectification status", "closed")  # 销号


#: States in which the school owes an answer: the deadline runs and the escalation ladder applies.
AWAITING_SCHOOL = frozenset({RectificationStatus.OPEN, RectificationStatus.RETURNED})
UNFINISHED = frozenset({*AWAITING_SCHOOL, RectificationStatus.ANSWERED})


# One ladder for plan tasks and rectifications (core.escalation).
UrgeLevel = escalation.UrgeLevel


STATUS_CSS = {
    RectificationStatus.OPEN: "bg-azure-lt",
    RectificationStatus.ANSWERED: "bg-yellow-lt",
    RectificationStatus.RETURNED: "bg-orange-lt",
    RectificationStatus.CLOSED: "bg-green-lt",
}


#: Event names of the supervision audit codes (the History tab; see ``core.audit.action_label``).
AUDIT_ACTIONS = {
    "supervision.visit.create": pgettext_lazy("audit event", "Visit recorded"),
    "supervision.finding.create": pgettext_lazy("audit event", "Finding recorded"),
    "supervision.rectification.open": pgettext_lazy("audit event", "Rectification issued"),
    "supervision.rectification.answer": pgettext_lazy("audit event", "Rectification answered"),
    "supervision.rectification.close": pgettext_lazy("audit event", "Rectification verified and closed"),
    "supervision.rectification.return": pgettext_lazy("audit event", "Rectification returned"),
    "supervision.rectification.urge": pgettext_lazy("audit event", "Urge notice issued"),
    "supervision.supervisor.create": pgettext_lazy("audit event", "Supervisor appointed"),
    "supervision.plannedvisit.create": pgettext_lazy("audit event", "Visit planned"),
    "supervision.evaluationcycle.plan": pgettext_lazy("audit event", "Evaluation cycle planned"),
}
AUDIT_KEYS = {
    "schools": pgettext_lazy("audit key", "Schools"),
    "added": pgettext_lazy("audit key", "Schools added"),
    "note": pgettext_lazy("audit key", "Note"),
    "notice": pgettext_lazy("audit key", "Notice number"),
    "level": pgettext_lazy("audit key", "Notice level"),
    "checklist": pgettext_lazy("audit key", "Checklist"),
    "files": pgettext_lazy("audit key", "Files"),
}
AUDIT_VALUES = {
    "methods": Method.choices,
    "checklist": Rating.choices,
    "checklist_keys": [(str(value), label) for value, label in Item.choices],
    "level": UrgeLevel.choices,
    "urge_level": UrgeLevel.choices,
}

"""The main menu: entries shown when the user holds the view grant they lead to, grouped so that it fits on
one line at 1280 px (a department sees twenty entries); a group with one entry the user may open is shown as
that entry."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

_PLAN = _("Plan tracking")
_SUPERVISION = _("Supervision")
_COLLECT = _("Data collection")
_STAFFING = _("Teachers and staffing")
_REGISTRY = _("Registry")

# (group or None, label, url name, (action, permission key or keys) the user must hold somewhere, or None)
MENU = [
    (None, _("Home"), "home:home", None),
    (_PLAN, _("Work plans"), "planning:plan_list", ("view", "planning.plan")),
    (_PLAN, _("My tasks"), "planning:my_tasks", ("change", "planning.task")),
    (_PLAN, _("Escalations"), "planning:escalation_list", ("view", "planning.urgenotice")),
    (_SUPERVISION, _("Oversight"), "supervision:oversight", ("view", "supervision.visit")),
    (
        _SUPERVISION,
        _("Rectifications"),
        "supervision:rectification_list",
        ("view", "supervision.rectification"),
    ),
    (_COLLECT, _("Forms and assignments"), "collect:form_list", ("view", "collect.form")),
    (_COLLECT, _("Forms to fill in"), "collect:my_submissions", ("change", "collect.submission")),
    (None, _("School safety"), "safety:hazard_list", ("view", "safety.hazard")),
    (None, _("Capital projects"), "projects:project_list", ("view", "projects.capitalproject")),
    (
        None,
        _("Evaluation"),
        "evaluation:index",
        ("view", ("evaluation.round", "evaluation.roundschool", "evaluation.roundexpert")),
    ),
    # Staff see the competitions there, a teacher her own entries (``staffing.views.HomeView``).
    (_STAFFING, _("Post competitions"), "staffing:home", ("view", "staffing.entry")),
    (_STAFFING, _("Turnover pool"), "staffing:pool_home", ("view", "staffing.vacancy")),
    (_STAFFING, _("Teacher rotation"), "staffing:rotation_list", ("view", "staffing.rotationplan")),
    # Principals hold no indicators grant but see their own school's values (indicators.selectors).
    (None, _("Indicators"), "indicators:dashboard", ("view", "registry.school")),
    (_REGISTRY, _("Schools"), "registry:school_list", ("view", "registry.school")),
    (_REGISTRY, _("Classes"), "registry:class_list", ("view", "registry.schoolclass")),
    (_REGISTRY, _("Teachers"), "registry:teacher_list", ("view", "registry.teacher")),
    (_REGISTRY, _("Students"), "registry:student_list", ("view", "registry.student")),
    (
        _REGISTRY,
        _("Imports"),
        "registry:import_list",
        ("add", ("registry.student", "registry.teacher", "registry.school", "registry.population")),
    ),
]


def _allowed(scope, action: str, keys: str | tuple[str, ...]) -> bool:
    return any(scope.allows(action, k) for k in ((keys,) if isinstance(keys, str) else keys))


def nav_items(request) -> list[dict]:
    """The menu for this user: ``{"label", "url", "active"}`` per entry, or ``{"label", "active",
    "children": [entries]}`` per group with more than one entry the user may open."""
    from django.urls import NoReverseMatch

    scope = request.user.get_scope()
    items: list[dict] = []
    groups: dict[str, dict] = {}
    for group, label, name, key in MENU:
        if key and not _allowed(scope, *key):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path.startswith(url) and url != "/" or request.path == url
        entry = {"label": label, "url": url, "active": active}
        if group is None:
            items.append(entry)
        elif group in groups:
            groups[group]["children"].append(entry)
        else:
            groups[group] = {"label": group, "children": [entry]}
            items.append(groups[group])
    for item in items:
        if "children" in item and len(item["children"]) == 1:
            item.update(item.pop("children")[0])
        elif "children" in item:
            item["active"] = any(child["active"] for child in item["children"])
    return items

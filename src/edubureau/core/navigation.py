"""The main menu: one list, entries shown when the user holds the view grant they lead to."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, (action, permission key or keys) the user must hold somewhere, or None for everyone)
MENU = [
    (_("Home"), "home:home", None),
    (_("Work plans"), "planning:plan_list", ("view", "planning.plan")),
    (_("My tasks"), "planning:my_tasks", ("change", "planning.task")),
    (_("Escalations"), "planning:escalation_list", ("view", "planning.urgenotice")),
    (_("Supervision"), "supervision:oversight", ("view", "supervision.visit")),
    (_("Rectifications"), "supervision:rectification_list", ("view", "supervision.rectification")),
    (_("Data collection"), "collect:form_list", ("view", "collect.form")),
    (_("Forms to fill in"), "collect:my_submissions", ("change", "collect.submission")),
    (_("School safety"), "safety:hazard_list", ("view", "safety.hazard")),
    (_("基建项目"), "projects:project_list", ("view", "projects.capitalproject")),
    (
        _("综合评价"),
        "evaluation:index",
        ("view", ("evaluation.round", "evaluation.roundschool", "evaluation.roundexpert")),
    ),
    # Staff see the competitions there, a teacher her own entries (``staffing.views.HomeView``).
    (_("Post competitions"), "staffing:home", ("view", "staffing.entry")),
    (_("周转池"), "staffing:pool_home", ("view", "staffing.vacancy")),
    (_("校际交流"), "staffing:rotation_list", ("view", "staffing.rotationplan")),
    # Principals hold no indicators grant but see their own school's values (indicators.selectors).
    (_("Indicators"), "indicators:dashboard", ("view", "registry.school")),
    (_("Schools"), "registry:school_list", ("view", "registry.school")),
    (_("Classes"), "registry:class_list", ("view", "registry.schoolclass")),
    (_("Teachers"), "registry:teacher_list", ("view", "registry.teacher")),
    (_("Students"), "registry:student_list", ("view", "registry.student")),
    (
        _("Imports"),
        "registry:import_list",
        ("add", ("registry.student", "registry.teacher", "registry.school", "registry.population")),
    ),
]


def _allowed(scope, action: str, keys: str | tuple[str, ...]) -> bool:
    return any(scope.allows(action, k) for k in ((keys,) if isinstance(keys, str) else keys))


def nav_items(request) -> list[dict]:
    from django.urls import NoReverseMatch

    scope = request.user.get_scope()
    items = []
    for label, name, key in MENU:
        if key and not _allowed(scope, *key):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": label,
                "url": url,
                "active": request.path.startswith(url) and url != "/" or request.path == url,
            }
        )
    return items

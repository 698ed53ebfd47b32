"""The main menu: one list, entries shown when the user holds the view grant they lead to."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (label, url name, permission key the user must be able to view, or None for everyone)
MENU = [
    (_("Home"), "core:home", None),
    (_("Schools"), "registry:school_list", "registry.school"),
    (_("Classes"), "registry:class_list", "registry.schoolclass"),
    (_("Teachers"), "registry:teacher_list", "registry.teacher"),
    (_("Students"), "registry:student_list", "registry.student"),
    (_("Imports"), "registry:import_list", "registry.student"),
]


def nav_items(request) -> list[dict]:
    from django.urls import NoReverseMatch

    scope = request.user.get_scope()
    items = []
    for label, name, key in MENU:
        if key and not scope.allows("view", key):
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

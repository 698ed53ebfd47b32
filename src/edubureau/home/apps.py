from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The role homes: each role's to-do list, read from every domain app (so it sits above them)."""

    name = "edubureau.home"
    label = "home"
    verbose_name = _("Home")

from django.conf import settings

from edubureau.core import clock
from edubureau.core.navigation import nav_items


def site(request):
    user = getattr(request, "user", None)
    return {
        "DEMO_BANNER": settings.DEMO_BANNER,
        "clock_now": clock.now(),
        "nav_items": nav_items(request) if user is not None and user.is_authenticated else [],
    }

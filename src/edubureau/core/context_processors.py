from django.conf import settings

from edubureau.core import clock
from edubureau.core.navigation import nav_items
from edubureau.core.notifications import unread_count


def site(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        # A callable: the template counts (one COUNT) only where the header is drawn.
        "unread_notifications": (lambda: unread_count(user)) if signed_in else 0,
        "DEMO_BANNER": settings.DEMO_BANNER,
        "clock_now": clock.now(),
        "nav_items": nav_items(request) if user is not None and user.is_authenticated else [],
    }

"""The home page: each of the user's roles' to-do lists, then the headline counts of their scope."""

import functools

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views import View

from edubureau.core import pagecache
from edubureau.core.models import Notification
from edubureau.core.notifications import notifications_mark_read
from edubureau.home import selectors
from edubureau.indicators import selectors as indicator_selectors


@login_required
def home(request):
    """The user's to-do sections and headline counts. What depends on the scope alone — the leader's
    lines, the counts — is kept per data version (``core.pagecache``); the rest is read on each request."""
    user = request.user
    # read once, and only when a kept section asks for it (a leader's lines; three queries)
    indicators_version = functools.cache(indicator_selectors.values_version_key)

    def keep(name, compute):
        return pagecache.fragment(name, request=request, parts=(indicators_version(),), compute=compute)

    counts = pagecache.fragment(
        "home.counts", request=request, compute=lambda: selectors.home_counts(user=user)
    )
    context = {"sections": selectors.home_sections(user=user, keep=keep), **counts}
    return render(request, "home/home.html", context)


class NotificationListView(LoginRequiredMixin, View):
    """站内消息: the user's messages from every app, newest first; POST marks them all read."""

    page_size = 50

    def get(self, request):
        items = Notification.objects.filter(user=request.user)
        page = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        return render(
            request, "home/notification_list.html", {"notifications": page.object_list, "page_obj": page}
        )

    def post(self, request):
        notifications_mark_read(user=request.user)
        return redirect("home:notifications")

"""In-app notifications (and e-mail where configured), for every app: ``notify`` writes them, idempotently.

Domain services call ``notify`` after their write; nothing here knows the domain. E-mail goes through
Django's backend to users with an address when ``EMAIL_NOTIFICATIONS`` says so: "1" always, "0" never,
"auto" (the default) when a real backend is configured (not the console or dummy one).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail

from edubureau.core import clock
from edubureau.core.models import Notification


def email_enabled() -> bool:
    choice = str(getattr(settings, "EMAIL_NOTIFICATIONS", "auto"))
    if choice in ("0", "1"):
        return choice == "1"
    return not settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "dummy.EmailBackend"))


def notify(*, users: Iterable, kind: str, message: str, key: str, url: str = "", subject: str = "") -> list:
    """One notification per user (active users only) unless one with ``key`` exists; returns the new ones.

    ``message`` is a whole sentence, already translated and formatted by the caller.
    """
    users = [u for u in dict.fromkeys(users) if u is not None and u.is_active]
    if not users:
        return []
    have = set(Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True))
    new = [
        Notification(user=u, kind=kind, message=message[:300], url=url, key=key[:120])
        for u in users
        if u.pk not in have
    ]
    if email_enabled():
        for n in new:
            if n.user.email:
                send_mail(
                    subject=(subject or message)[:200],
                    message=f"{message}\n\n{url}" if url else message,
                    from_email=None,
                    recipient_list=[n.user.email],
                    fail_silently=True,
                )
                n.emailed = True
    Notification.objects.bulk_create(new, ignore_conflicts=True)
    return new


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=clock.now())

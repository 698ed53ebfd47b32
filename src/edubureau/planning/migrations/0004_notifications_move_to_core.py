"""Planning's messages move to the one notification table of ``core`` (each keeps its user, kind, text,
key, read and e-mailed marks and time; the task becomes the link to its page), then planning's table goes."""

from django.db import migrations


def copy_to_core(apps, schema_editor):
    Old = apps.get_model("planning", "Notification")
    New = apps.get_model("core", "Notification")
    New._meta.get_field("created_at").auto_now_add = False  # keep each message's own time
    batch = []
    for n in Old.objects.order_by("pk").iterator(chunk_size=2000):
        batch.append(
            New(
                user_id=n.user_id,
                kind=n.kind,
                message=n.message,
                url=f"/plan/tasks/{n.task_id}/" if n.task_id else "",
                key=n.key,
                emailed=n.emailed,
                created_at=n.created_at,
                read_at=n.read_at,
            )
        )
        if len(batch) >= 2000:
            New.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    New.objects.bulk_create(batch, ignore_conflicts=True)


def copy_back(apps, schema_editor):
    Old = apps.get_model("planning", "Notification")
    New = apps.get_model("core", "Notification")
    Old._meta.get_field("created_at").auto_now_add = False
    planning_kinds = ("due_soon", "overdue", "urge", "returned", "extension")
    for n in New.objects.filter(kind__in=planning_kinds, url__startswith="/plan/tasks/").iterator():
        task_id = n.url.removeprefix("/plan/tasks/").strip("/")
        Old.objects.get_or_create(
            user_id=n.user_id,
            key=n.key,
            defaults={"task_id": int(task_id) if task_id.isdigit() else None, "kind": n.kind,
                      "message": n.message, "emailed": n.emailed, "read_at": n.read_at, "created_at": n.created_at},
        )  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_notification_for_every_app"),
        ("planning", "0003_add_edit_version"),
    ]

    operations = [
        migrations.RunPython(copy_to_core, copy_back),
        migrations.DeleteModel(name="Notification"),
    ]

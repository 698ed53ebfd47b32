"""Urge notices count per county and year, like the rectification and hazard notices (core.escalation):
each carries its county. Added empty here, filled from the plan by 0007, required by 0008 (schema and data
kept apart, so that PostgreSQL never alters a table with pending foreign-key checks)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0005_task_responsible_leaders"),
        ("registry", "0010_school_coordinates"),
    ]

    operations = [
        migrations.AddField(
            model_name="urgenotice",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
    ]

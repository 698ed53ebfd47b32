"""The county of each row that refers to a county-distributed table (``core.models.CountyColumn``), filled
from its parent, so that a sharded deployment can distribute these tables on the county too (docs/scale.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("staffing", "0005_appeal_previous_grade"),
        ("registry", "0010_school_coordinates"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="teacherscore",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="rotationmove",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="preference",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="roundresult",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AddField(
            model_name="appeal",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.RunSQL(
            "UPDATE staffing_entry SET county_id = (SELECT county_id FROM registry_school WHERE registry_school.id = staffing_entry.school_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "UPDATE staffing_teacherscore SET county_id = (SELECT county_id FROM registry_teacher WHERE registry_teacher.id = staffing_teacherscore.teacher_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "UPDATE staffing_rotationmove SET county_id = (SELECT county_id FROM registry_teacher WHERE registry_teacher.id = staffing_rotationmove.teacher_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "UPDATE staffing_preference SET county_id = (SELECT county_id FROM staffing_entry WHERE staffing_entry.id = staffing_preference.entry_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "UPDATE staffing_roundresult SET county_id = (SELECT county_id FROM staffing_entry WHERE staffing_entry.id = staffing_roundresult.entry_id)",
            migrations.RunSQL.noop,
        ),
        migrations.RunSQL(
            "UPDATE staffing_appeal SET county_id = (SELECT county_id FROM staffing_entry WHERE staffing_entry.id = staffing_appeal.entry_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="entry",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="teacherscore",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="rotationmove",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="preference",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="roundresult",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.AlterField(
            model_name="appeal",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
    ]

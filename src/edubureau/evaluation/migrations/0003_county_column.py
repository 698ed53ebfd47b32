"""The county of each row that refers to a county-distributed table (``core.models.CountyColumn``), filled
from its parent, so that a sharded deployment can distribute these tables on the county too (docs/scale.md)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_english_labels"),
        ("registry", "0010_school_coordinates"),
    ]

    operations = [
        migrations.AddField(
            model_name="examscore",
            name="county",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
        migrations.RunSQL(
            "UPDATE evaluation_examscore SET county_id = (SELECT county_id FROM registry_school WHERE registry_school.id = evaluation_examscore.school_id)",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="examscore",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
    ]

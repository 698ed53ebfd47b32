from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_freshness_changed_schools"),
    ]

    operations = [
        migrations.AddField(
            model_name="freshness",
            name="values_version",
            field=models.PositiveBigIntegerField(default=0, verbose_name="values version"),
        ),
    ]

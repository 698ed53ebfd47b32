import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("planning", "0007_urgenotice_county_fill")]

    operations = [
        migrations.AlterField(
            model_name="urgenotice",
            name="county",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="registry.area",
                verbose_name="county",
            ),
        ),
    ]

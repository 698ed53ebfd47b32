"""Each urge notice takes its plan's county; its year and number stay as issued (督办〔2019〕3号 is on
paper), and new notices continue after the county's highest number of the year."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def county_from_plan(apps, schema_editor):
    UrgeNotice = apps.get_model("planning", "UrgeNotice")
    Plan = apps.get_model("planning", "Plan")
    UrgeNotice.objects.update(county_id=Subquery(Plan.objects.filter(pk=OuterRef("plan_id")).values("county_id")))


class Migration(migrations.Migration):
    dependencies = [("planning", "0006_urgenotice_county")]

    operations = [migrations.RunPython(county_from_plan, migrations.RunPython.noop)]

"""Re-mask stored ID numbers to the region-only form (issue 8 item 1; why: ``core.crypto``).

The old form kept the last four characters (the sequence and the check digit), which together with the birth
date rebuilt the number. The new form is derived from the stored one, so no decryption key is needed:
18 characters keep their first six, anything else becomes stars. Going back leaves the new form: the
cleared characters are gone from this column (the encrypted number keeps them).
"""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Length, Repeat, Substr


def remask(apps, schema_editor):
    for name in ("Student", "Teacher"):
        model = apps.get_model("registry", name)
        rows = model.objects.annotate(chars=Length("id_number_masked"))
        rows.filter(chars=18).update(id_number_masked=Concat(Substr("id_number_masked", 1, 6), Value("*" * 12)))
        rows.exclude(chars=18).update(id_number_masked=Repeat(Value("*"), Length("id_number_masked")))


class Migration(migrations.Migration):
    dependencies = [("registry", "0005_add_edit_version")]

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]

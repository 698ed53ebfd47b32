"""The pupil's birth year and disability on each enrolment, copied by the database (``registry.triggers``):
the columns, the copy of every existing row, then the triggers that keep it."""

from django.db import migrations, models


def forward(apps, schema_editor):
    from edubureau.registry import triggers

    triggers.fill(schema_editor.connection)
    triggers.install(schema_editor.connection)


def backward(apps, schema_editor):
    from edubureau.registry import triggers

    triggers.drop(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0010_school_coordinates'),
    ]

    operations = [
        migrations.AddField(
            model_name='enrollment',
            name='birth_year',
            field=models.PositiveSmallIntegerField(editable=False, null=True, verbose_name='birth year'),
        ),
        migrations.AddField(
            model_name='enrollment',
            name='disability',
            field=models.CharField(blank=True, choices=[('', 'none'), ('visual', 'visual'), ('hearing', 'hearing'), ('speech', 'speech'), ('physical', 'physical'), ('intellectual', 'intellectual'), ('mental', 'mental'), ('multiple', 'multiple'), ('other', 'other')], default='', editable=False, max_length=20, verbose_name='disability type'),
        ),
        migrations.RunPython(forward, backward),
    ]

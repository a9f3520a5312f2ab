"""The working-day calendar the indicators use to count working days in SQL
(see probation/inspection/indicators/calendar.py). A table, not a model: nothing edits it."""

from django.db import migrations

from probation.inspection.indicators import calendar


def fill_calendar(apps, schema_editor):
    calendar.fill(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("inspection", "0002_standards")]
    operations = [
        migrations.RunSQL(calendar.CREATE_SQL, calendar.DROP_SQL),
        migrations.RunPython(fill_calendar, migrations.RunPython.noop),
    ]

from django.db import migrations


def load_standards(apps, schema_editor):
    from probation.inspection.standards_data import load

    load(*(apps.get_model("inspection", name) for name in ("StandardSet", "Standard", "KeyQuestion", "Prompt")))


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]
    operations = [migrations.RunPython(load_standards, migrations.RunPython.noop)]

from django.db import migrations


def seed(apps, schema_editor):
    from probation.interventions.seed import install

    install(
        apps.get_model("workforce", "Area"),
        apps.get_model("interventions", "PartnerAgency"),
        apps.get_model("interventions", "Intervention"),
        apps.get_model("interventions", "InterventionNeed"),
    )


class Migration(migrations.Migration):
    dependencies = [("interventions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

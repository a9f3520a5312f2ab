from django.db import migrations, models

import probation.interventions.models


def seed(apps, schema_editor):
    """Seed the Staffordshire & Stoke and Derbyshire directories, first giving any rows an earlier
    version seeded the stable ids the seed now uses."""
    from probation.interventions.seed import assign_stable_ids, install

    models = [
        apps.get_model("workforce", "Area"),
        apps.get_model("interventions", "PartnerAgency"),
        apps.get_model("interventions", "Intervention"),
        apps.get_model("interventions", "InterventionNeed"),
    ]
    assign_stable_ids(*models)
    install(*models)


class Migration(migrations.Migration):
    # PostgreSQL refuses to alter a table with pending trigger events from the data step in the
    # same transaction, so each operation commits on its own.
    atomic = False
    dependencies = [("interventions", "0002_seed_directory")]

    operations = [
        migrations.AddField(
            model_name="interventionneed",
            name="external_id",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="interventionneed",
            name="external_id",
            field=models.CharField(
                default=probation.interventions.models.new_external_id, max_length=64, unique=True
            ),
        ),
    ]

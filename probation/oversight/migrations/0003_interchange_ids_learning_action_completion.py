"""External ids for SFO chronology entries and learning actions (so they can be exchanged), a
version and a completion note on learning actions, and one SFO per charge."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def fill_ids(apps, schema_editor):
    for model, prefix in (
        ("SfoChronologyEntry", "sfo-chronology"),
        ("SfoLearningAction", "sfo-learning-action"),
    ):
        Model = apps.get_model("oversight", model)
        for row in Model.objects.filter(external_id__isnull=True):
            row.external_id = f"{prefix}-{uuid.uuid4()}"
            row.save(update_fields=["external_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_qualifying_offences"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="sfochronologyentry",
            name="external_id",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="external_id",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.RunPython(fill_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="sfochronologyentry",
            name="external_id",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="sfolearningaction",
            name="external_id",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="completed_note",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="sfolearningaction",
            name="completed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="seriousfurtheroffence",
            constraint=models.UniqueConstraint(
                fields=("person", "offence", "charged_on"), name="one_sfo_per_charge"
            ),
        ),
    ]

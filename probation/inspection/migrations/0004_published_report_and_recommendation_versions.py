import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("inspection", "0003_working_day_calendar"),
        ("workforce", "0002_staff_contracted_hours_courtreport_workloadreduction"),
    ]

    operations = [
        migrations.AddField(
            model_name="providerrating",
            name="undecided",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="recommendation",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="recommendation",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.CreateModel(
            name="PublishedIndicatorFinding",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("indicator", models.CharField(max_length=40)),
                ("applicable", models.PositiveIntegerField()),
                ("met", models.PositiveIntegerField()),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicator_findings",
                        to="inspection.inspection",
                    ),
                ),
                (
                    "provider",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="+", to="workforce.provider"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("inspection", "provider", "indicator"), name="published_finding_once"
                    )
                ],
            },
        ),
    ]

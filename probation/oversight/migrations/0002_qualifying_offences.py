"""Reference data: offences that make a charge a Serious Further Offence."""

from django.db import migrations

OFFENCES = [
    ("MURDER", "Murder"),
    ("ATT_MURDER", "Attempted murder"),
    ("CONSPIRACY_MURDER", "Conspiracy to murder"),
    ("MANSLAUGHTER", "Manslaughter"),
    ("CAUSE_DEATH_DRIVING", "Causing death by dangerous driving"),
    ("INFANTICIDE", "Infanticide"),
    ("GBH_INTENT", "Wounding or causing grievous bodily harm with intent"),
    ("ARSON_LIFE", "Arson with intent to endanger life"),
    ("KIDNAP", "Kidnapping"),
    ("FALSE_IMPRISON", "False imprisonment"),
    ("RAPE", "Rape"),
    ("ATT_RAPE", "Attempted rape"),
    ("ASSAULT_PENETRATION", "Assault by penetration"),
    ("RAPE_CHILD_U13", "Rape of a child under 13"),
    ("SEX_ACTIVITY_CHILD", "Sexual activity with a child"),
    ("CHILD_TRAFFICKING_SEX", "Trafficking for sexual exploitation"),
    ("INDECENT_IMAGES_PRODUCTION", "Making indecent images of children (production)"),
]


def add(apps, schema_editor):
    QualifyingOffence = apps.get_model("oversight", "QualifyingOffence")
    for code, name in OFFENCES:
        QualifyingOffence.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]

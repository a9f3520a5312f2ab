"""Reference data: the registration flags and what each means."""

from django.db import migrations

FLAGS = [
    # code, name, group, meaning, review months, complexity factor
    ("RMDO", "Mental health issues", "risk_of_harm", "Has mental health issues that affect risk or engagement.", 6, "mental_health"),
    ("ALSH", "Self-harm", "alert", "Has self-harmed or is at risk of self-harm; check before every contact.", 3, "self_harm"),
    ("RVLN", "Vulnerability", "safeguarding", "Is vulnerable to exploitation or harm by others.", 6, "vulnerability"),
    ("RCCO", "Child concerns", "safeguarding", "Children's services have concerns about children the person is in contact with.", 6, "child_concerns"),
    ("RCPR", "Child protection", "safeguarding", "A child the person lives with or is in contact with is on a child protection plan.", 6, "child_protection"),
    ("RCHD", "Risk to children", "public_protection", "Poses a risk of harm to children.", 6, "risk_to_children"),
    ("RPIR", "Public interest", "information", "The case attracts public or media interest.", 6, "public_interest"),
    ("RVAD", "Adult at risk", "safeguarding", "Is an adult at risk under the Care Act 2014.", 6, "adult_at_risk"),
    ("STRG", "Street gangs", "public_protection", "Is involved in street gangs.", 6, "street_gangs"),
    ("RTAO", "Terrorism", "public_protection", "Terrorism or terrorism-connected offending.", 3, "terrorism"),
    ("ADV", "Domestic abuse perpetrator", "public_protection", "Perpetrator of domestic abuse; check with police before home visits.", 6, ""),
    ("AVIS", "ViSOR nominal", "public_protection", "Recorded on the violent and sex offender register.", 6, ""),
    ("AWEA", "Weapons", "alert", "Known to carry or use weapons; staff safety precautions apply.", 6, ""),
    ("IIOM", "Integrated offender management", "information", "Managed under integrated offender management (IOM).", 6, ""),
]


def add_flags(apps, schema_editor):
    FlagType = apps.get_model("risk", "FlagType")
    for code, name, group, meaning, months, factor in FLAGS:
        FlagType.objects.update_or_create(
            code=code,
            defaults={"name": name, "group": group, "meaning": meaning, "review_months": months,
                      "complexity_factor": factor},
        )


class Migration(migrations.Migration):
    dependencies = [("risk", "0001_initial")]
    operations = [migrations.RunPython(add_flags, migrations.RunPython.noop)]

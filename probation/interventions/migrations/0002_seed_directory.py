from django.db import migrations


class Migration(migrations.Migration):
    """The directory was first seeded here; it is now seeded (with stable ids) by 0003."""

    dependencies = [("interventions", "0001_initial")]

    operations = []

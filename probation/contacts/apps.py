from django.apps import AppConfig

# Reference data this app reads through `probation.core.reference.value`, with the defaults documented
# in `probation.contacts.rules`. A ReferenceValue row with the same key overrides a default.
REFERENCE_DEFAULTS = {
    "contacts.evidence_working_days": 5,
    "contacts.levels": None,  # filled from rules.DEFAULT_LEVELS below
    "contacts.step_down": None,  # filled from rules.DEFAULT_STEP_DOWN below
    # Working days an SPO has to decide a step-down request before it shows as overdue.
    "contacts.step_down_decision_working_days": 5,
}


class ContactsConfig(AppConfig):
    name = "probation.contacts"
    verbose_name = "Contacts and contact levels"

    def ready(self):
        from probation.core import reference

        from . import rules

        defaults = dict(REFERENCE_DEFAULTS)
        defaults["contacts.evidence_working_days"] = rules.DEFAULT_EVIDENCE_WORKING_DAYS
        defaults["contacts.levels"] = rules.DEFAULT_LEVELS
        defaults["contacts.step_down"] = rules.DEFAULT_STEP_DOWN
        for key, value in defaults.items():
            reference.DEFAULTS.setdefault(key, value)

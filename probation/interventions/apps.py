from django.apps import AppConfig

# Reference data this app reads through `probation.core.reference.value`. A ReferenceValue row with
# the same key overrides a default.
REFERENCE_DEFAULTS = {
    # A referral that no decision, action plan, approval, session or end-of-service report has moved
    # on for this many days is "stalled" and shows on the responsible officer's home page.
    # [practice; configurable]
    "interventions.stalled_days": 14,
}


class InterventionsConfig(AppConfig):
    name = "probation.interventions"
    verbose_name = "Interventions, referrals and partner agencies"

    def ready(self):
        from probation.core import reference

        for key, value in REFERENCE_DEFAULTS.items():
            reference.DEFAULTS.setdefault(key, value)

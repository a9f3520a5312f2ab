from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "probation.home"
    verbose_name = "Officer home page"

    def ready(self):
        from probation.core import reference

        # How far ahead a registration review shows as due on the home page (reference data).
        reference.DEFAULTS.setdefault("home.registration_review_warning_days", 14)

from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("", include("probation.home.urls")),
    path("", include("probation.accounts.urls")),
    path("cases/", include("probation.people.urls")),
    path("cases/<str:crn>/contacts/", include("probation.contacts.urls")),
    path("diary/", include("probation.contacts.diary_urls")),
    path("cases/", include("probation.risk.urls")),
    path("allocation/", include("probation.allocation.urls")),
    path("interventions/", include("probation.interventions.urls")),
    path("cases/<str:crn>/referrals/", include("probation.interventions.case_urls")),
    path("cases/<str:crn>/enforcement/", include("probation.enforcement.urls")),
    path("cases/<str:crn>/plan/", include("probation.plans.urls")),
    path("oversight/", include("probation.oversight.urls")),
    path("inspections/", include("probation.inspection.urls")),
    path("dashboard/", include("probation.inspection.dashboard.urls")),
    path("workload/", include("probation.workforce.workload_urls")),
    path("continuity/", include("probation.continuity.urls")),
    path("vitals/", include("probation.vitals.urls")),
    path("tools/predictors/", include(("probation.risk.calculator", "predictors"))),
    path("accessibility/", TemplateView.as_view(template_name="accessibility.html"), name="accessibility"),
]

handler403 = "probation.core.views.forbidden"
handler404 = "probation.core.views.not_found"

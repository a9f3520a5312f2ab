from django.urls import path

from .views import assessments, overview, plans, records

app_name = "risk"

case = "<str:crn>/risk/"
assessment = case + "assessments/<int:sequence>/"

urlpatterns = [
    path("risk/overdue-reviews/", overview.overdue_reviews, name="overdue-reviews"),
    path(case, overview.risk_overview, name="overview"),
    path(case + "tier/", overview.tier_history, name="tier-history"),
    path(case + "assessments/new/", assessments.assessment_start, name="assessment-start"),
    path(assessment, assessments.assessment_detail, name="assessment"),
    path(assessment + "edit/", assessments.assessment_edit, name="assessment-edit"),
    path(assessment + "countersign/", assessments.assessment_countersign, name="assessment-countersign"),
    path(assessment + "return/", assessments.assessment_return, name="assessment-return"),
    path(assessment + "discard/", assessments.assessment_discard, name="assessment-discard"),
    path(assessment + "risks/add/", assessments.identified_risk_add, name="risk-add"),
    path(assessment + "risks/<int:risk_id>/remove/", assessments.identified_risk_remove, name="risk-remove"),
    path(case + "registrations/add/", records.registration_add, name="registration-add"),
    path(case + "registrations/<int:pk>/review/", records.registration_review, name="registration-review"),
    path(
        case + "registrations/<int:pk>/deregister/",
        records.registration_deregister,
        name="registration-deregister",
    ),
    path(case + "mappa/add/", records.mappa_add, name="mappa-add"),
    path(case + "mappa/<int:pk>/end/", records.mappa_end, name="mappa-end"),
    path(case + "significant-events/add/", records.significant_event_add, name="event-add"),
    path(case + "plan/", plans.plan, name="plan"),
    path(case + "plan/contingency/", plans.plan_contingency, name="plan-contingency"),
    path(case + "plan/actions/add/", plans.action_add, name="action-add"),
    path(case + "plan/actions/<int:pk>/deliver/", plans.action_deliver, name="action-deliver"),
    path(case + "plan/checks/add/", plans.check_add, name="check-add"),
    path(case + "plan/checks/<int:pk>/answer/", plans.check_answer, name="check-answer"),
]

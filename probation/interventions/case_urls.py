"""A case's interventions, included under cases/<crn>/referrals/ (every view takes `crn`)."""

from django.urls import path

from . import views

app_name = "referrals"
urlpatterns = [
    path("", views.case_referrals, name="list"),
    path("new/<int:intervention_pk>/", views.referral_new, name="new"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/decision/", views.referral_decision, name="decision"),
    path("<int:pk>/action-plan/", views.referral_action_plan, name="action-plan"),
    path("<int:pk>/action-plan/approve/", views.referral_approve, name="approve"),
    path("<int:pk>/sessions/new/", views.session_new, name="session"),
    path("<int:pk>/end/", views.referral_end, name="end"),
    path("<int:pk>/report/", views.referral_report, name="report"),
    path("partner-agencies/", views.partner_exchanges, name="partners"),
    path("partner-agencies/new/", views.partner_exchange_new, name="partner-new"),
    path("partner-agencies/<int:pk>/", views.partner_exchange_edit, name="partner-edit"),
]

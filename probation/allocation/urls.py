from django.urls import path

from . import views

app_name = "allocation"
urlpatterns = [
    path("", views.home, name="home"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.decide, name="decide"),
    path("court-cases/new/", views.court_case_find, name="court-case-find"),
    path("court-cases/new/<str:crn>/", views.court_case_new, name="court-case-new"),
    path("handovers/", views.handovers, name="handovers"),
    path("handovers/<int:pk>/", views.handover, name="handover"),
    path("escalations/", views.escalations, name="escalations"),
    path("escalations/<int:pk>/", views.escalation, name="escalation"),
    path("cases/<str:crn>/", views.case_allocation, name="case"),
    path("cases/<str:crn>/reallocate/", views.case_reallocate, name="reallocate"),
    path("cases/<str:crn>/escalate/", views.case_escalate, name="escalate"),
]

from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:crn>/", views.case_oversight, name="case"),
    path("cases/<str:crn>/sfo/new/", views.sfo_new, name="sfo-new"),
    path("sfo/", views.sfo_list, name="sfo-list"),
    path("cases/<str:crn>/charge/", views.charge_new, name="charge-new"),
    path("sfo/<int:pk>/", views.sfo_detail, name="sfo"),
    path(
        "sfo/<int:pk>/learning-actions/<int:action_pk>/complete/",
        views.learning_action_complete,
        name="learning-action-complete",
    ),
]

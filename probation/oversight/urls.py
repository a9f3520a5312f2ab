from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:crn>/", views.case_oversight, name="case"),
    path("cases/<str:crn>/sfo/new/", views.sfo_new, name="sfo-new"),
    path("sfo/", views.sfo_list, name="sfo-list"),
    path("sfo/<int:pk>/", views.sfo_detail, name="sfo"),
]

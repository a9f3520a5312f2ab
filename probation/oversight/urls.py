from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("cases/<str:crn>/", views.case_oversight, name="case"),
]

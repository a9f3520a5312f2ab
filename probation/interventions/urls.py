from django.urls import path

from . import views

app_name = "interventions"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.intervention_detail, name="detail"),
    path("<int:pk>/availability/", views.availability, name="availability"),
]

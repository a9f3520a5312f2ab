from django.urls import path

from . import views

app_name = "vitals"
urlpatterns = [
    path("", views.home, name="home"),
    path("officers/<int:pk>/", views.officer, name="officer"),
    path("officers/<int:pk>/<slug:slug>/", views.officer_cases, name="officer-cases"),
    path("teams/<int:pk>/<slug:slug>/", views.team_cases, name="team-cases"),
]

from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("", views.my_cases, name="my-cases"),
    path("team/", views.team_cases, name="team-cases"),
    path("search/", views.search, name="search"),
    path("<str:crn>/", views.case_overview, name="overview"),
    path("<str:crn>/responsible-officers/", views.ro_history, name="ro-history"),
    path("<str:crn>/audit/", views.audit_trail, name="audit"),
    path("<str:crn>/details/edit/", views.edit_details, name="edit-details"),
]

from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.dashboard, name="home"),
    path("cases/", views.cases, name="cases"),
    path("export.csv", views.export, {"fmt": "csv"}, name="export-csv"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export-xlsx"),
]

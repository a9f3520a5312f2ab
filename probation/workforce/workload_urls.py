from django.urls import path

from . import workload_views as views

app_name = "workload"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("team/", views.team, name="team"),
]

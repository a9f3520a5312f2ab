from django.urls import path

from probation.contacts import views as contact_views

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("approvals/step-downs/", contact_views.step_down_approvals, name="step-down-approvals"),
]

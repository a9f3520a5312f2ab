from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_page, name="plan"),
    path("start/", views.start, name="start"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/objectives/new/", views.objective, name="objective-new"),
    path("<int:pk>/objectives/<int:objective_id>/", views.objective, name="objective"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/countersign/", views.countersign, name="countersign"),
    path("<int:pk>/review/", views.review, name="review"),
]

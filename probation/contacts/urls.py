from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("book/", views.appointment_book, name="book"),
    path("<int:pk>/", views.contact_detail, name="detail"),
    path("<int:pk>/outcome/", views.record_outcome, name="record-outcome"),
    path("level/", views.level_change, name="level-change"),
    path("level/<int:pk>/decide/", views.level_decide, name="level-decide"),
]

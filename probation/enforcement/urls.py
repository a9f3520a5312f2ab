from django.urls import path

from . import views

app_name = "enforcement"
urlpatterns = [
    path("", views.case_enforcement, name="case"),
    path("failures/<int:contact_id>/assess/", views.assess_failure, name="assess"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/letter-sent/", views.letter_issued, name="letter-issued"),
    path("<int:pk>/breach/", views.breach, name="breach"),
    path("<int:pk>/letter/", views.letter, name="letter"),
    path("<int:pk>/letter.pdf", views.letter_pdf, name="letter-pdf"),
    path("recall/new/", views.recall_new, name="recall-new"),
    path("recall/<int:pk>/", views.recall_detail, name="recall"),
    path("recall/<int:pk>/countersign/", views.recall_countersign, name="recall-countersign"),
    path("recall/<int:pk>/outcome/", views.recall_outcome, name="recall-outcome"),
]

from django.urls import include, path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("new/", views.inspection_new, name="new"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/cases/<int:case_pk>/", views.case_assess, name="case"),
    path("", include("probation.inspection.report.views")),
]

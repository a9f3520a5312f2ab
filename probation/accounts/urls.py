from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-in/second-factor/", views.second_factor, name="second-factor"),
    path("sign-out/", views.sign_out, name="sign-out"),
]

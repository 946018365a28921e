from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify, name="staff_auth_verify"),
    path("set-up/", views.setup, name="staff_auth_setup"),
]

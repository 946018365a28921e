"""What a visitor reaches of the forms app outside its pages, under the language prefix
(the project's urls include these inside ``i18n_patterns``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .repermission_views import repermission

urlpatterns = [
    path(_("still-interested/"), repermission, name="repermission"),
]

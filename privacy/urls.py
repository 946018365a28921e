"""The visitor's links of data requests (under each language's prefix)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from privacy.views.requests_public import data_request_confirm_view, data_request_download_view

urlpatterns = [
    path(_("data-requests/confirm/"), data_request_confirm_view, name="data_request_confirm"),
    path(_("data-requests/download/"), data_request_download_view, name="data_request_download"),
]

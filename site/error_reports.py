"""Error reports (Django's 500 emails and pages) that never carry what a visitor or
a staff member typed about someone: query strings, uploaded files' names and the
referring address are left out, on top of the POST data and the variables the views
mark sensitive."""

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

HIDDEN = "********"
# Request headers that hold a full address, hence possibly a query string.
ADDRESS_META = ("QUERY_STRING", "REQUEST_URI", "RAW_URI", "HTTP_REFERER")


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in ADDRESS_META:
            if meta.get(key):
                meta[key] = HIDDEN
        return meta

    def cleanse_special_types(self, request, value):
        if isinstance(value, HttpRequest):
            # Its repr is the full path, query string included.
            return f"<{type(value).__name__}: {value.method} {value.path!r}>"
        return super().cleanse_special_types(request, value)


class PrivateExceptionReporter(ExceptionReporter):
    def get_traceback_data(self):
        data = super().get_traceback_data()
        for key in ("request_GET_items", "request_FILES_items"):
            if data.get(key):
                data[key] = [("(hidden)", HIDDEN)]
        data.pop("request_insecure_uri", None)
        return data

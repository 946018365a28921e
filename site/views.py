"""Views of the project itself: robots.txt and the error handlers that keep the language."""

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse
from django.views import defaults

from corpsite.uploads import max_request_body_size


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def server_error(request, template_name="500.html"):
    """Like Django's, but rendered with the request so the page keeps the visitor's
    language and the CSP nonce; it touches no database."""
    try:
        template = loader.get_template(template_name)
        body = template.render({"request": request})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        body = "<h1>Server Error (500)</h1>"
    return HttpResponseServerError(body)


def request_too_large(request, *, status: int = 413):
    """The translated page for a body above the limit (413), or one sent without a
    length (411). Nothing of the body was kept; it touches no database."""
    limit_mb = max_request_body_size() / (1024 * 1024)
    body = loader.render_to_string("413.html", {"limit_mb": limit_mb}, request=request)
    response = HttpResponse(body, status=status)
    response["Connection"] = "close"  # the rest of the body is not read
    return response


def bad_request(request, exception, template_name="400.html"):
    """Django's 400 handler, except for a body found too large while it was read
    (``RequestDataTooBig``, from the request-size guard or Django's own
    DATA_UPLOAD_MAX_MEMORY_SIZE): the translated 413 page."""
    if isinstance(exception, RequestDataTooBig):
        return request_too_large(request)
    return defaults.bad_request(request, exception, template_name=template_name)

"""Views of the project itself: robots.txt and the error handler that keeps the language."""

from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import reverse


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

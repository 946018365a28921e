"""The page a “do you still want to hear from us?” link opens: a GET shows what is
held and until when, and changes nothing; the yes is a POST from it."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .newsletter.tokens import ExpiredToken, InvalidToken
from .repermission import (
    repermission_accept,
    rows_asked_about,
    submission_from_repermission_token,
)


@require_http_methods(["GET", "POST"])
def repermission(request):
    token = request.GET.get("token", "")
    try:
        submission, asked = submission_from_repermission_token(token)
    except ExpiredToken:
        return TemplateResponse(
            request, "forms/repermission/invalid.html", {"expired": True}, status=410
        )
    except InvalidToken:
        return TemplateResponse(request, "forms/repermission/invalid.html", {}, status=400)
    if request.method == "POST":
        if submission.retention_deadline == asked:  # a second yes changes nothing more
            repermission_accept(submission=submission)
        return TemplateResponse(request, "forms/repermission/thanks.html", {})
    rows = rows_asked_about(person=submission.person, now=timezone.now())
    return TemplateResponse(request, "forms/repermission/ask.html", {"token": token, "rows": rows})

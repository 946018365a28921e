"""The visitor's cookie choices: the banner's actions (with or without JavaScript)
and the preference centre."""

from __future__ import annotations

import json

from cookie_consent.cache import all_cookie_groups
from django.http import HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from corpsite.base.client import client_ip, truncate_ip
from corpsite.base.origin import same_origin_post
from corpsite.base.ratelimits import rate_limit_exceeded
from privacy.cookies import consent_state, cookie_consent_apply
from privacy.models import CookieConsentRecord
from privacy.selectors import declaration_groups, policy_in_force

ACTIONS = {choice.value for choice in CookieConsentRecord.Action}


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cookie_preferences")


def _decisions(request, action: str) -> dict[str, bool | None]:
    groups = all_cookie_groups()
    if action == "accept_all":
        return dict.fromkeys(groups, True)
    if action in ("refuse_all", "close"):
        return dict.fromkeys(groups, False)
    chosen = set(request.POST.getlist("groups"))
    if action == "accept_group":
        current = consent_state(request).decisions
        return {varname: True if varname in chosen else current.get(varname) for varname in groups}
    return {varname: varname in chosen for varname in groups}


@same_origin_post
@require_POST
def cookie_consent_submit(request):
    """Record a choice. JavaScript posts here and gets JSON; without JavaScript the
    banner's plain forms post here and are sent back to the page."""
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        return HttpResponseBadRequest("Unknown action")
    scripted = request.headers.get("X-Requested-With") == "fetch"
    if rate_limit_exceeded(request, scope="cookie_choices"):
        # Nothing recorded: optional cookies stay refused until a choice is saved.
        message = _("Too many choices were saved from your network. Please try again later.")
        if scripted:
            return JsonResponse({"error": message}, status=429)
        return _preferences_page(request, error=message, status=429)
    response = JsonResponse({}) if scripted else HttpResponseRedirect(_safe_next(request))
    record = cookie_consent_apply(
        request=request,
        response=response,
        decisions=_decisions(request, action),
        action=action,
        language=get_language(),
        ip_prefix=truncate_ip(client_ip(request)),
    )
    if scripted:
        response.content = json.dumps(
            {
                "consentId": str(record.consent_id),
                "decisions": record.decisions,
                "decidedAt": record.created_at.isoformat(),
            }
        ).encode()
    return response


def cookie_preferences(request):
    """The preference centre: the current choice per group, when it was made, the
    consent id; changing it is one form. Never cached: it shows this visitor's choice.
    Its form comes back here with ``?saved=1``: the page then says that the choice is
    saved, in a status message that takes the focus (a page reload announces nothing
    by itself, and focus would fall to the top of the page)."""
    return _preferences_page(request, saved=request.GET.get("saved") == "1")


def _preferences_page(request, *, error: str = "", status: int = 200, saved: bool = False):
    state = consent_state(request)
    groups = declaration_groups()
    rows = [
        {
            "group": group,
            "state": True if group.is_required else state.decisions.get(group.varname),
        }
        for group in groups
    ]
    response = TemplateResponse(
        request,
        "privacy/cookies/preferences.html",
        {
            "rows": rows,
            "state": state,
            "policy": policy_in_force(kind="cookies", language=get_language()),
            "next": _safe_next(request) if error else f"{request.path}?saved=1",
            "error": error,
            "saved": saved,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store, private"
    return response


def switch_language(request, code: str):
    """Remember the language a visitor picked (a preference they asked for), then
    go to the page in that language."""
    from django.conf import settings

    if code not in {language for language, _name in settings.LANGUAGES}:
        return redirect("/")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = f"/{code}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
    )
    return response

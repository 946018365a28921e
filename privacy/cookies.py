"""The cookie preference centre: the state of a visitor's choice, applying and
proving a choice, and the configuration the browser reads.

The consent itself lives in django-cookie-consent's cookie ("cookie_consent":
group=version pairs, -1 for a refusal). This module adds to the same cookie the
consent id, the date of the choice and the cookie policy version it was made
under ("_id", "_at", "_v"), and keeps a CookieConsentRecord of every choice.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from cookie_consent.cache import all_cookie_groups, delete_cache
from cookie_consent.conf import settings as consent_settings
from cookie_consent.models import Cookie, CookieGroup
from cookie_consent.util import get_cookie_dict_from_request, set_cookie_dict_to_response
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale

from privacy.models.cookies import CookieConsentRecord, CookieGroupDeclaration
from privacy.models.policies import PolicyKind
from privacy.selectors import (
    declaration_groups,
    policy_version_in_force,
    policy_versions_in_force,
)

ID_KEY, AT_KEY, POLICY_KEY = "_id", "_at", "_v"
# Groups that a Global Privacy Control signal refuses unless explicitly accepted.
GPC_REFUSED_GROUPS = ("analytics", "marketing")


def choice_max_age() -> timedelta:
    return timedelta(seconds=consent_settings.COOKIE_CONSENT_MAX_AGE)


# --- the declaration --------------------------------------------------------------------


def cookie_group_save(*, group: CookieGroupDeclaration) -> None:
    """Save a group of the declaration, with its cookies, and mirror it (see
    cookie_group_mirror), in one transaction."""
    with transaction.atomic():
        group.save()
        cookie_group_mirror(group=group)


def cookie_group_mirror(*, group: CookieGroupDeclaration) -> None:
    """After a group and its cookies were saved: the default language's version is
    what django-cookie-consent knows (its translations only translate the banner)."""
    if group.locale_id == Locale.get_default().pk:
        cookie_declaration_sync(group=group)


def cookie_declaration_sync(*, group: CookieGroupDeclaration) -> None:
    """Mirror a group (default language) into django-cookie-consent's tables. Cookies
    already declared keep their creation date; a new cookie gets a new one, which
    is the group's new version."""
    mirror, _created = CookieGroup.objects.update_or_create(
        varname=group.varname,
        defaults={
            "name": group.name,
            "description": group.description,
            "is_required": group.is_required,
            "is_deletable": not group.is_required,
            "ordering": group.ordering,
        },
    )
    declared = {(cookie.name, cookie.domain): cookie for cookie in group.cookies.all()}
    existing = {(c.name, c.domain): c for c in Cookie.objects.filter(cookiegroup=mirror)}
    for key, cookie in declared.items():
        if key not in existing:
            Cookie.objects.create(
                cookiegroup=mirror,
                name=cookie.name,
                domain=cookie.domain,
                description=cookie.purpose,
            )
        elif existing[key].description != cookie.purpose:
            Cookie.objects.filter(pk=existing[key].pk).update(description=cookie.purpose)
    for key, row in existing.items():
        if key not in declared:
            row.delete()
    delete_cache()


def cookie_names_matching(declared: str, present) -> list[str]:
    """The cookies a declared name stands for: itself, or, when it ends with *, every
    cookie present whose name starts with what comes before ("_ga_*")."""
    if not declared.endswith("*"):
        return [declared]
    prefix = declared[:-1]
    if not prefix:  # "*" alone would be every cookie, the session's too
        return []
    return [name for name in present if name.startswith(prefix)]


def cookie_group_unmirror(*, varname: str) -> None:
    """A group deleted from the declaration leaves the banner and the consent cookie
    (its translations, if any are left, no longer have an original)."""
    CookieGroup.objects.filter(varname=varname).delete()
    delete_cache()


def declaration_version() -> str:
    """The version of the whole declaration: each optional group's version."""
    return ",".join(
        f"{varname}:{group.get_version()}" for varname, group in sorted(all_cookie_groups().items())
    )


def banner_hash(*, language: str) -> str:
    """A fingerprint of the banner's exact wording in a language, kept with each choice."""
    with translation.override(language):
        text = render_to_string(
            "privacy/cookies/banner_text.txt", {"groups": declaration_groups(language=language)}
        )
    return hashlib.sha256(text.encode()).hexdigest()


def material_cookie_policy_version() -> int:
    number = (
        policy_versions_in_force()
        .filter(kind=PolicyKind.COOKIES, is_material=True)
        .values_list("number", flat=True)
        .first()
    )
    return number or 0


def browser_config() -> dict:
    """What the browser needs to decide whether to ask and what to activate; the same
    for every visitor, so pages stay cacheable."""
    return {
        "cookieName": consent_settings.COOKIE_CONSENT_NAME,
        "decline": consent_settings.COOKIE_CONSENT_DECLINE,
        "maxAgeDays": choice_max_age().days,
        "materialPolicyVersion": material_cookie_policy_version(),
        "gpcRefused": list(GPC_REFUSED_GROUPS),
        "groups": [
            {
                "varname": varname,
                "version": group.get_version(),
                "cookies": [
                    {"name": c.name, "domain": c.domain, "path": c.path}
                    for c in group.cookie_set.all()
                ],
            }
            for varname, group in sorted(all_cookie_groups().items())
        ],
        "analyticsId": getattr(settings, "GOOGLE_ANALYTICS_ID", ""),
    }


# --- a visitor's state ---------------------------------------------------------------------


@dataclass
class ConsentState:
    decisions: dict[str, bool | None] = field(default_factory=dict)
    consent_id: str = ""
    decided_at: datetime | None = None
    policy_version: int = 0
    gpc: bool = False
    needs_choice: bool = True

    def accepted(self, varname: str) -> bool:
        return self.decisions.get(varname) is True


def consent_state(request, *, now: datetime | None = None) -> ConsentState:
    """What this visitor decided, as far as it is still valid: a choice older than
    six months, a group whose cookies changed since it was accepted, or a newer
    material cookie policy means asking again."""
    now = now or timezone.now()
    stored = get_cookie_dict_from_request(request)
    groups = all_cookie_groups()
    decisions: dict[str, bool | None] = {}
    for varname, group in groups.items():
        value = stored.get(varname)
        if value is None:
            decisions[varname] = None
        elif value == consent_settings.COOKIE_CONSENT_DECLINE:
            decisions[varname] = False
        else:
            decisions[varname] = True if value >= group.get_version() else None
    decided_at = parse_datetime(stored.get(AT_KEY, "")) if stored.get(AT_KEY) else None
    try:
        policy_version = int(stored.get(POLICY_KEY, "0"))
    except ValueError:
        policy_version = 0
    expired = decided_at is None or now - decided_at > choice_max_age()
    needs_choice = (
        expired
        or any(value is None for value in decisions.values())
        or policy_version < material_cookie_policy_version()
    )
    if expired:
        decisions = dict.fromkeys(decisions)
    gpc = request.headers.get("Sec-GPC") == "1"
    if gpc:
        for varname in GPC_REFUSED_GROUPS:
            if varname in decisions and decisions[varname] is not True:
                decisions[varname] = False
    return ConsentState(
        decisions=decisions,
        consent_id=stored.get(ID_KEY, ""),
        decided_at=decided_at,
        policy_version=policy_version,
        gpc=gpc,
        needs_choice=needs_choice,
    )


# --- applying and proving a choice -------------------------------------------------------------


@transaction.atomic
def cookie_consent_apply(
    *,
    request,
    response,
    decisions: dict[str, bool],
    action: str,
    language: str,
    ip_prefix: str = "",
) -> CookieConsentRecord:
    """Store a choice in the visitor's consent cookie, delete the cookies of the
    refused groups, and keep the proof. A group left out (or None) stays undecided."""
    groups = all_cookie_groups()
    stored = get_cookie_dict_from_request(request)
    final = {varname: decisions.get(varname) for varname in groups}
    for varname, accepted in final.items():
        if accepted is None:
            stored.pop(varname, None)
        else:
            stored[varname] = (
                groups[varname].get_version()
                if accepted
                else consent_settings.COOKIE_CONSENT_DECLINE
            )
    consent_id = stored.get(ID_KEY) or str(uuid.uuid4())
    try:
        uuid.UUID(consent_id)
    except ValueError:
        consent_id = str(uuid.uuid4())
    policy = policy_version_in_force(kind=PolicyKind.COOKIES)
    stored[ID_KEY] = consent_id
    stored[AT_KEY] = timezone.now().isoformat(timespec="seconds")
    stored[POLICY_KEY] = str(policy.number if policy else 0)
    set_cookie_dict_to_response(response, stored)
    for varname, accepted in final.items():
        group = groups[varname]
        if accepted is False and group.is_deletable:
            for cookie in group.cookie_set.all():
                for name in cookie_names_matching(cookie.name, request.COOKIES):
                    response.delete_cookie(name, cookie.path or "/", cookie.domain or None)
    return CookieConsentRecord.objects.create(
        consent_id=consent_id,
        action=action,
        decisions=final,
        declaration_version=declaration_version(),
        cookie_policy_version=policy,
        banner_hash=banner_hash(language=language),
        language=language,
        gpc=request.headers.get("Sec-GPC") == "1",
        ip_prefix=ip_prefix,
    )

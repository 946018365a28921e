"""Reads of the privacy registry and of the cookie declaration, for the policy pages,
the forms and the admin. Below the policy page (``privacy.models.pages``), which
serves them: the records come from their own modules."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.permissions import policy_registry

from privacy.models.cookies import CookieGroupDeclaration
from privacy.models.people import MANAGE_PERSONAL_DATA as MANAGE_PERSONAL_DATA
from privacy.models.policies import (
    PolicyKind,
    PolicyVersion,
    PolicyVersionText,
    policy_page_live,
)
from privacy.models.purposes import Purpose


def _locale_for(language: str | None) -> Locale:
    try:
        return Locale.objects.get_for_language(language or translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return Locale.get_default()


def purposes_for_language(*, language: str | None = None) -> list[Purpose]:
    """Every purpose of the registry in ``language`` (the active one by default),
    in the default language where a purpose is not translated yet."""
    locale = _locale_for(language)
    default = Locale.get_default()
    purposes = {}
    for purpose in Purpose.objects.filter(locale__in=[locale, default]).select_related("locale"):
        if purpose.locale_id == locale.pk or purpose.translation_key not in purposes:
            purposes[purpose.translation_key] = purpose
    return sorted(purposes.values(), key=lambda p: p.name.lower())


def purpose_get(*, key: str, language: str | None = None) -> Purpose:
    """A purpose by its identifier, in ``language`` or else the default language."""
    locale = _locale_for(language)
    found = {p.locale_id: p for p in Purpose.objects.filter(key=key)}
    purpose = found.get(locale.pk) or found.get(Locale.get_default().pk)
    if purpose is None:
        raise Purpose.DoesNotExist(key)
    return purpose


def policy_table(*, kind: str, language: str | None = None) -> list[dict[str, str]]:
    """The rows of the table a policy shows, rendered from the registry."""
    with translation.override(language or translation.get_language()):
        if kind == PolicyKind.PRIVACY:
            return [purpose.as_record() for purpose in purposes_for_language(language=language)]
        if kind == PolicyKind.COOKIES:
            return declaration_table(language=language)
    return []


def policy_versions_in_force(*, at: datetime | None = None) -> QuerySet[PolicyVersion]:
    at = at or timezone.now()
    return PolicyVersion.objects.filter(
        Q(effective_date__lte=timezone.localdate(at)) & Q(published_at__lte=at)
    ).order_by("-number")


def policy_version_in_force(
    *, policy_key=None, kind: str | None = None, at: datetime | None = None
) -> PolicyVersion | None:
    versions = policy_versions_in_force(at=at)
    if policy_key is not None:
        versions = versions.filter(policy_key=policy_key)
    if kind is not None:
        versions = versions.filter(kind=kind)
    return versions.first()


def policy_in_force(
    *, kind: str = PolicyKind.PRIVACY, language: str | None = None, at: datetime | None = None
) -> PolicyVersionText | None:
    """The text of the policy in force at ``at`` (now by default), in ``language``
    (the default language's text where that version is not translated).

    Forms and consent records call this to store which version the person was shown.
    """
    version = policy_version_in_force(kind=kind, at=at)
    if version is None:
        return None
    return version.text_for(_locale_for(language))


def policy_notice_state(*, language: str) -> list[dict]:
    """For the "policy changed" notice: per policy, the version in force and the latest
    material version in force, with where to read them. The same for every visitor, so
    pages stay cacheable; the browser compares with what this visitor last saw."""
    states = []
    locale = _locale_for(language)
    for kind in PolicyKind.values:
        current = policy_version_in_force(kind=kind)
        if current is None:
            continue
        material = (
            policy_versions_in_force()
            .filter(policy_key=current.policy_key, is_material=True)
            .values_list("number", flat=True)
            .first()
        )
        page = policy_page_live(policy_key=current.policy_key, locale=locale) or policy_page_live(
            policy_key=current.policy_key
        )
        if page is None or material is None:
            continue
        states.append(
            {
                "kind": kind,
                "current": current.number,
                "material": material,
                "versions_url": page.url + page.reverse_subpage("version_list"),
                "title": page.title,
            }
        )
    return states


# --- the cookie declaration ------------------------------------------------------------


def declaration_groups(*, language: str | None = None) -> list[CookieGroupDeclaration]:
    """The declared groups in ``language``, in the default language where untranslated."""
    language = language or translation.get_language()
    default = Locale.get_default()
    try:
        locale = Locale.objects.get_for_language(language)
    except (Locale.DoesNotExist, LookupError):
        locale = default
    groups: dict[str, CookieGroupDeclaration] = {}
    rows = CookieGroupDeclaration.objects.filter(locale__in=[locale, default]).prefetch_related(
        "cookies"
    )
    for group in rows:
        if group.locale_id == locale.pk or group.varname not in groups:
            groups[group.varname] = group
    return sorted(groups.values(), key=lambda g: (g.ordering, g.pk))


def declaration_table(*, language: str | None = None) -> list[dict]:
    """Rows of the cookie policy's table, in ``language``."""
    rows = []
    for group in declaration_groups(language=language):
        for cookie in group.cookies.all():
            rows.append(
                {
                    "group": group.name,
                    "name": cookie.name,
                    "provider": cookie.provider,
                    "purpose": cookie.purpose,
                    "duration": cookie.duration,
                }
            )
    return rows


# --- the privacy officer's scope ---------------------------------------------------------


def personal_data_for_user(user, model, action: str = "view") -> QuerySet:
    """Where every privacy admin view starts: the rows of ``model`` on which ``user``
    may do ``action``, as the model's registered permission policy says (for the
    privacy officer's records, privacy.permissions: all rows for holders of "manage
    personal data", none for anyone else)."""
    return policy_registry.get_by_type(model).instances_user_has_permission_for(user, action)

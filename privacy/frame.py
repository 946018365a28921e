"""What the frame of every page needs from privacy (the cookie banner's groups, the
cookie policy in force, the browser's consent configuration), as plain data kept
in the frame's cache (corpsite.base.frame), invalidated by privacy.signals."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from corpsite.base.frame import frame_cached
from privacy.cookies import browser_config
from privacy.models.policies import PolicyKind, PolicyVersion
from privacy.models.purposes import Purpose
from privacy.models.settings import PrivacySettings
from privacy.selectors import (
    declaration_groups,
    policy_in_force,
    policy_table,
    policy_version_in_force,
)

# The policy in force changes with time as well (a version's effective date), with no
# save to invalidate on: the structure is rebuilt at least this often.
COOKIE_FRAME_TIMEOUT = 300


@dataclass(frozen=True)
class BannerGroup:
    varname: str
    name: str
    description: str
    is_required: bool


@dataclass(frozen=True)
class CookieFrame:
    groups: list[BannerGroup]
    cookie_policy_url: str
    browser_config: dict


def _build_cookie_frame(language: str) -> CookieFrame:
    with translation.override(language):
        policy = policy_in_force(kind=PolicyKind.COOKIES, language=language)
        return CookieFrame(
            groups=[
                BannerGroup(
                    varname=group.varname,
                    name=group.name,
                    description=group.description,
                    is_required=group.is_required,
                )
                for group in declaration_groups(language=language)
            ],
            cookie_policy_url=(policy.url or "") if policy else "",
            browser_config=browser_config(),
        )


def cookie_frame_get(*, language: str) -> CookieFrame:
    """The cookie banner and the consent configuration of every page in ``language``."""
    return frame_cached(
        name="cookies",
        language=language,
        build=lambda: _build_cookie_frame(language),
        timeout=COOKIE_FRAME_TIMEOUT,
    )


# --- what a form page's privacy notice shows ------------------------------------------


@dataclass(frozen=True)
class PurposeNotice:
    """A purpose as a form's notice and consent boxes show it (plain data, in the
    language it was built in)."""

    key: str
    name: str
    description: str
    legal_basis: str
    legal_basis_display: str
    recipients: str
    transfer_display: str
    retention_display: str
    consent_wording: str
    withdrawal_wording: str


@dataclass(frozen=True)
class PolicyLink:
    """The privacy policy in force, as a notice links to it."""

    number: int
    url: str


def purpose_notice(purpose: Purpose | None) -> PurposeNotice | None:
    """``purpose`` as plain data, in the active language (call it inside the
    language's ``translation.override``)."""
    if purpose is None:
        return None
    return PurposeNotice(
        key=purpose.key,
        name=purpose.name,
        description=purpose.description,
        legal_basis=purpose.legal_basis,
        legal_basis_display=str(purpose.get_legal_basis_display()),
        recipients=purpose.recipients,
        transfer_display=purpose.transfer_display(),
        retention_display=purpose.retention_display(),
        consent_wording=purpose.consent_wording,
        withdrawal_wording=purpose.withdrawal_wording,
    )


def _build_privacy_notice(language: str) -> tuple[PolicyLink | None, str]:
    with translation.override(language):
        policy = policy_in_force(kind=PolicyKind.PRIVACY, language=language)
        link = PolicyLink(number=policy.number, url=policy.url or "") if policy else None
        return link, PrivacySettings.load().controller_line


def privacy_notice_get(*, language: str) -> tuple[PolicyLink | None, str]:
    """The privacy policy in force and the controller's name and address, for the
    notice of every form in ``language`` (cached like the cookie banner's policy:
    a new version or new settings invalidate it, an effective date passing shows
    within ``COOKIE_FRAME_TIMEOUT``)."""
    return frame_cached(
        name="privacy-notice",
        language=language,
        build=lambda: _build_privacy_notice(language),
        timeout=COOKIE_FRAME_TIMEOUT,
    )


# --- what a policy page shows ---------------------------------------------------------


@dataclass(frozen=True)
class LocaleView:
    language_code: str


@dataclass(frozen=True)
class VersionTextView:
    """A version's text as a policy page shows it (the attributes of
    ``PolicyVersionText`` its templates read, ``version`` and ``locale`` included)."""

    number: int
    title: str
    intro: str
    summary: str
    body_html: str
    effective_date: object
    is_material: bool
    locale_id: int
    language_code: str

    @property
    def version(self) -> VersionTextView:
        return self

    @property
    def locale(self) -> LocaleView:
        return LocaleView(self.language_code)


@dataclass(frozen=True)
class PolicyPageView:
    current: VersionTextView | None
    table: list[dict]
    versions: list[VersionTextView]


def _text_view(text) -> VersionTextView:
    return VersionTextView(
        number=text.version.number,
        title=text.title,
        intro=text.intro,
        summary=text.summary,
        body_html=text.body_html,
        effective_date=text.version.effective_date,
        is_material=text.version.is_material,
        locale_id=text.locale_id,
        language_code=text.locale.language_code,
    )


def _build_policy_page(page, language: str) -> PolicyPageView:
    with translation.override(language):
        current = policy_version_in_force(policy_key=page.translation_key)
        versions = list(
            PolicyVersion.objects.filter(policy_key=page.translation_key)
            .order_by("-number")
            .prefetch_related("texts__locale")
        )
        texts = [_text_view(version.text_for(page.locale)) for version in versions]
        by_number = {text.number: text for text in texts}
        return PolicyPageView(
            current=by_number.get(current.number) if current else None,
            table=policy_table(kind=page.kind, language=language),
            versions=texts,
        )


def policy_page_view_get(*, page, language: str) -> PolicyPageView:
    """The version in force, the table and the versions a policy page shows (cached:
    a new version, a purpose or a cookie declaration invalidate it; an effective date
    passing shows within ``COOKIE_FRAME_TIMEOUT``)."""
    return frame_cached(
        name="policy-page",
        language=language,
        parts=(page.pk, page.live_revision_id or 0),
        build=lambda: _build_policy_page(page, language),
        timeout=COOKIE_FRAME_TIMEOUT,
    )

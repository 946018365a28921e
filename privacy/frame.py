"""What the frame of every page needs from privacy (the cookie banner's groups, the
cookie policy in force, the browser's consent configuration), as plain data kept
in the frame's cache (corpsite.base.frame), invalidated by privacy.signals."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

from corpsite.base.frame import frame_cached
from privacy.cookies import browser_config
from privacy.models.policies import PolicyKind
from privacy.selectors import declaration_groups, policy_in_force

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

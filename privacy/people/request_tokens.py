"""The signed links of a data request: confirming it from the address (valid seven
days), and downloading the export that answers an access request (valid as long as
the export, once). Django's signing, each with its own salt; a link names no person."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from privacy.models.people import DataRequest, PersonExport

# How long a visitor's confirmation link stays valid; an unconfirmed request is
# purged after it.
CONFIRM_MAX_AGE = timedelta(days=7)

CONFIRM_SALT = "privacy.data_request.confirm"
DOWNLOAD_SALT = "privacy.data_request.download"
# How long the person's download link works (the export is kept that long).
PERSON_DOWNLOAD_LIFETIME = timedelta(days=7)


class InvalidToken(Exception):
    """A link that was not made by us, or no longer points to anything."""


class ExpiredToken(InvalidToken):
    """A link past its lifetime."""


def confirm_token(request: DataRequest) -> str:
    # The keyed hash's start ties the link to the address it was sent to: a purged
    # request's id given again to another request does not make the link work.
    return signing.dumps({"r": request.pk, "h": request.email_hmac[:16]}, salt=CONFIRM_SALT)


def request_from_confirm_token(token: str) -> DataRequest:
    payload = _load(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    request = DataRequest.objects.filter(
        pk=payload.get("r"), email_hmac__startswith=str(payload.get("h")), email_hmac__gt=""
    ).first()
    if request is None or len(str(payload.get("h"))) != 16:
        raise InvalidToken
    return request


def download_token(export: PersonExport) -> str:
    return signing.dumps({"e": str(export.token)}, salt=DOWNLOAD_SALT)


def export_token_from_download_token(token: str) -> str:
    """The export's token (its row is looked up, and used, by the service)."""
    payload = _load(token, salt=DOWNLOAD_SALT, max_age=PERSON_DOWNLOAD_LIFETIME)
    if not isinstance(payload.get("e"), str):
        raise InvalidToken
    return payload["e"]


def _load(token: str, *, salt: str, max_age: timedelta) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age.total_seconds())
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    if not isinstance(payload, dict):
        raise InvalidToken
    return payload


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirm_url(request: DataRequest) -> str:
    with translation.override(request.language):
        path = reverse("data_request_confirm")
    return absolute(f"{path}?token={confirm_token(request)}")


def download_url(export: PersonExport, *, language: str) -> str:
    with translation.override(language):
        path = reverse("data_request_download")
    return absolute(f"{path}?token={download_token(export)}")

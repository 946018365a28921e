"""The privacy app's models. The policy page (``pages``) serves views that read through
``privacy.selectors``; the records (the other modules) sit below the selectors and
services, which import them from their modules, not from this package (it also loads
the page)."""

from .audit import PersonalDataLogEntry
from .cookies import CookieConsentRecord, CookieDeclaration, CookieGroupDeclaration
from .pages import PolicyPage
from .people import (
    MANAGE_PERSONAL_DATA,
    Consent,
    DataRequest,
    DataRequestEmail,
    ErasureReceipt,
    Person,
    PersonExport,
    email_hmac,
    normalize_email,
    normalize_name,
)
from .policies import PolicyKind, PolicyVersion, PolicyVersionText
from .purposes import LegalBasis, Purpose, RetentionEvent
from .requests_page import DataRequestPage
from .retention import PurgeRun
from .settings import PrivacySettings

__all__ = [
    "MANAGE_PERSONAL_DATA",
    "CookieConsentRecord",
    "CookieDeclaration",
    "CookieGroupDeclaration",
    "Consent",
    "DataRequest",
    "DataRequestEmail",
    "DataRequestPage",
    "ErasureReceipt",
    "PersonExport",
    "PersonalDataLogEntry",
    "Person",
    "email_hmac",
    "normalize_email",
    "normalize_name",
    "LegalBasis",
    "PolicyKind",
    "PolicyPage",
    "PolicyVersion",
    "PolicyVersionText",
    "PrivacySettings",
    "Purpose",
    "PurgeRun",
    "RetentionEvent",
]

from .audit import PersonalDataLogEntry
from .cookies import CookieConsentRecord, CookieDeclaration, CookieGroupDeclaration
from .people import (
    Consent,
    DataRequest,
    ErasureReceipt,
    Person,
    PersonExport,
    email_hmac,
    normalize_email,
    normalize_name,
)
from .policies import PolicyKind, PolicyPage, PolicyVersion, PolicyVersionText
from .purposes import LegalBasis, Purpose, RetentionEvent
from .retention import PurgeRun
from .settings import PrivacySettings

__all__ = [
    "CookieConsentRecord",
    "CookieDeclaration",
    "CookieGroupDeclaration",
    "Consent",
    "DataRequest",
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

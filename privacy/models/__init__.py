from .policies import PolicyKind, PolicyPage, PolicyVersion, PolicyVersionText
from .purposes import LegalBasis, Purpose, RetentionEvent
from .settings import PrivacySettings

__all__ = [
    "LegalBasis",
    "PolicyKind",
    "PolicyPage",
    "PolicyVersion",
    "PolicyVersionText",
    "PrivacySettings",
    "Purpose",
    "RetentionEvent",
]

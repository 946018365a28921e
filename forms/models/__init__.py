"""The forms app's models: form pages, submissions, and the newsletter's (defined in
``forms.newsletter.models``, imported here so that they belong to this app)."""

from ..newsletter.models import (
    NewsletterIssue,
    NewsletterPage,
    NewsletterSend,
    NewsletterSuppression,
    Subscription,
)
from .pages import (
    FIELD_TYPE_CHOICES,
    ApplicationFormPage,
    ContactFormPage,
    DeliveryFormPage,
    FormField,
    FormPage,
    ProjectFormPage,
    RepairFormPage,
    SupportFormPage,
    form_field_errors,
)
from .submissions import (
    MAX_EMAIL_ATTEMPTS,
    EmailDelivery,
    ReferenceCounter,
    Submission,
    SubmissionFile,
)

__all__ = [
    "FIELD_TYPE_CHOICES",
    "MAX_EMAIL_ATTEMPTS",
    "ApplicationFormPage",
    "ContactFormPage",
    "DeliveryFormPage",
    "EmailDelivery",
    "FormField",
    "FormPage",
    "NewsletterIssue",
    "NewsletterPage",
    "NewsletterSend",
    "NewsletterSuppression",
    "ProjectFormPage",
    "ReferenceCounter",
    "RepairFormPage",
    "Submission",
    "SubmissionFile",
    "Subscription",
    "SupportFormPage",
    "form_field_errors",
]

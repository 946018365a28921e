"""The forms app's models: form pages, submissions, and the newsletter's (defined in
``forms.newsletter.models`` and ``forms.newsletter.pages``, imported here so that they
belong to this app).

Pages serve views (``FormPage`` serves ``forms.views``), so the page modules sit above
the views and the services; the records they use (``forms.models.submissions``,
``forms.newsletter.models``) sit below, and the code below the views imports them
from their modules, not from this package, which also loads the pages."""

from ..newsletter.models import (
    NewsletterIssue,
    NewsletterSend,
    NewsletterSuppression,
    Subscription,
)
from ..newsletter.pages import NewsletterPage
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
]

"""What the privacy app holds about people, for the registry (``register()``, from
``PrivacyConfig.ready()``)."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from corpsite.base.models import RateLimitCounter
from privacy.models import (
    Consent,
    CookieConsentRecord,
    CookieDeclaration,
    CookieGroupDeclaration,
    DataRequest,
    DataRequestEmail,
    DataRequestPage,
    ErasureReceipt,
    Person,
    PersonalDataLogEntry,
    PersonExport,
    PolicyPage,
    PolicyVersion,
    PolicyVersionText,
    PrivacySettings,
    PurgeRun,
    Purpose,
)
from privacy.registry import PersonalDataSource, reassign_person_field, registry


def _consent_export(consent) -> dict:
    return {
        "purpose": consent.purpose.name,
        "wording": consent.wording,
        "given": consent.given,
        "policy_version": consent.policy_version.number if consent.policy_version else None,
        "language": consent.language,
        "source": consent.source,
        "answered_at": consent.given_at.isoformat(),
        "confirmed_at": consent.confirmed_at.isoformat() if consent.confirmed_at else None,
        "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
    }


def _consent_retained(consent) -> str:
    """A box answered with a record of another app (a form submission) is kept as long
    as that record is, for the reason the record's own registration gives."""
    record = consent.record
    if record is None:
        return ""
    source = registry.sources.get(record._meta.label_lower)
    return source.retained(record) if source else ""


# How long consent proofs outlive what they prove (see README, "Retention"): the
# five-year limitation period of the French Civil Code (art. 2224) for a claim about
# the processing; a cookie choice is in force six months, then proves nothing new.
CONSENT_PROOF_PERIOD = (5, "years")
COOKIE_CHOICE_PROOF_PERIOD = (6 + 5 * 12, "months")


def _consents_proving_nothing_now():
    """The consents that no longer back anything: the record they were answered with
    (a form submission) is gone, and no row of another app refers to them (a newsletter
    subscription). Their clock runs from their withdrawal, or else from the answer.
    (A record's own erasure deletes its consents with it.)"""
    from privacy.models import Consent

    rows = Consent.objects.annotate(proof_since=Coalesce("withdrawn_at", "given_at"))
    record_types = (
        Consent.objects.exclude(record_type=None)
        .order_by()
        .values_list("record_type", flat=True)
        .distinct()
    )
    for record_type in record_types:
        model = ContentType.objects.get_for_id(record_type).model_class()
        if model is None:
            continue
        rows = rows.exclude(
            record_type=record_type, record_id__in=model._default_manager.values("pk")
        )
    for relation in Consent._meta.get_fields(include_hidden=True):
        # Rows of other apps pointing to a consent (even with related_name="+").
        if relation.auto_created and isinstance(
            getattr(relation, "field", None), models.ForeignKey
        ):
            referring = relation.related_model._default_manager.exclude(
                **{relation.field.attname: None}
            )
            rows = rows.exclude(pk__in=referring.values(relation.field.attname))
    return rows


def _delete(queryset) -> list[str]:
    queryset.delete()
    return []


def _anonymise_requests(queryset) -> list[str]:
    # The request stays (its reference, dates and status prove it was answered);
    # what identifies or describes the person goes.
    queryset.update(person=None, details="", email_hmac="", email="")
    return []


def _rectify_requests(rows, *, person, first_name: str, last_name: str) -> None:
    """Requests recorded before the person was known are theirs by address hash:
    they follow the person and their corrected address (anonymised ones stay so)."""
    rows.exclude(email_hmac="").update(
        person=person, email_hmac=person.email_hmac, email=person.email
    )


def _erase_exports(queryset) -> list[str]:
    names = [name for name in queryset.values_list("file", flat=True) if name]
    queryset.delete()
    return names


def register() -> None:
    # What the person reads in their export, per category.
    registry.declare_category("person", _("Your identity"))
    registry.declare_category("consents", _("Your consents"))
    registry.declare_category("requests", _("Your requests about your data"))
    registry.declare_category("exports", _("Earlier copies of your data"))
    registry.declare_category("cookie_choices", _("Your cookie choices"))
    registry.register(
        PersonalDataSource(
            model=Consent,
            category="consents",
            label=_("Consents"),
            find=lambda person: (
                Consent.objects.filter(person=person)
                .select_related("purpose", "policy_version")
                .prefetch_related("record")
            ),
            export=_consent_export,
            erase=_delete,
            retained=_consent_retained,
            summary=lambda consent: consent.purpose.as_record(),
            reassign=reassign_person_field,
            collected_at="given_at",
            retention_scope=_consents_proving_nothing_now,
            retention_deadline="proof_since",
            retention_period=CONSENT_PROOF_PERIOD,
            purpose_key="purpose__key",
            person_lookup="person",
            order=25,  # before the submissions they may belong to
        )
    )
    registry.register(
        PersonalDataSource(
            model=CookieConsentRecord,
            category="cookie_choices",
            label=_("Cookie choices"),
            # Pseudonymous (a random id kept in the visitor's cookie, a network): no
            # person to find them by; only retention reaches them.
            find=lambda person: CookieConsentRecord.objects.none(),
            export=lambda record: {"made_at": record.created_at.isoformat()},
            erase=_delete,
            retention_deadline="created_at",
            retention_period=COOKIE_CHOICE_PROOF_PERIOD,
            order=70,
        )
    )
    registry.register(
        PersonalDataSource(
            model=DataRequest,
            category="requests",
            label=_("Data requests"),
            find=lambda person: DataRequest.objects.filter(
                Q(person=person) | Q(email_hmac=person.email_hmac)
            ),
            export=lambda request: {
                "reference": request.reference,
                "kind": request.kind,
                "status": request.status,
                "received_at": request.received_at.isoformat(),
                "confirmed_at": request.confirmed_at.isoformat() if request.confirmed_at else None,
                "deadline": request.deadline.isoformat() if request.deadline else None,
                "details": request.details,
                "minor_at_collection": request.minor_at_collection,
                "extension_reason": request.extension_reason,
                "answer": request.answer,
            },
            erase=_anonymise_requests,
            rectify=_rectify_requests,
            reassign=reassign_person_field,
            collected_at="received_at",
            order=50,
        )
    )
    registry.register(
        PersonalDataSource(
            model=PersonExport,
            category="exports",
            label=_("Earlier exports"),
            find=lambda person: PersonExport.objects.filter(person=person),
            export=lambda export: {"created_at": export.created_at.isoformat()},
            erase=_erase_exports,
            reassign=reassign_person_field,
            collected_at="created_at",
            order=60,
        )
    )
    registry.register(
        PersonalDataSource(
            model=Person,
            category="person",
            label=_("Person"),
            find=lambda person: Person.objects.filter(pk=person.pk),
            export=lambda person: {
                "email": person.email,
                "first_contact": person.created_at.isoformat(),
                "last_contact": person.last_contact_at.isoformat(),
            },
            erase=_delete,
            terms=lambda people: people.values_list("email", flat=True),
            order=1000,  # last: the rows above point to it
        )
    )
    free = {
        CookieDeclaration: "the cookie declaration",
        CookieGroupDeclaration: "the cookie declaration",
        DataRequestEmail: "which email of a request went when; the address stays on the request",
        DataRequestPage: "the data request page's text, written by editors",
        ErasureReceipt: "counts and a keyed hash only",
        PersonalDataLogEntry: "staff actions, the person by keyed hash; erasure scrubs labels",
        PolicyPage: "policy text written by editors",
        PolicyVersion: "policy versions",
        PolicyVersionText: "policy text written by editors",
        PrivacySettings: "the controller's identity",
        Purpose: "the registry of purposes",
        PurgeRun: "counts per purpose and category only",
    }
    for model, reason in free.items():
        registry.declare_free(model, reason)
    # An erasure is about a person: its receipt's audit entries go to the scoped log.
    registry.declare_audited(ErasureReceipt)
    registry.declare_audited(PurgeRun)  # a retention run: counts only
    # The base layer imports none of the apps, so its models are accounted for here.
    registry.declare_free(
        RateLimitCounter, "keyed hashes of addresses, kept for the window of a rate limit"
    )

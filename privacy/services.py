"""Writes of the privacy domain. Views, admin views and commands call these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from wagtail.log_actions import log
from wagtail.models import Locale

from privacy.models import (
    Consent,
    Person,
    PolicyPage,
    PolicyVersion,
    PolicyVersionText,
    Purpose,
    RetentionEvent,
    normalize_email,
)
from privacy.registry import registry
from privacy.selectors import policy_table

NOTICE_CACHE_KEY = "privacy:policy-notice:{language}"


@dataclass(frozen=True)
class TranslationWarning:
    language: str
    message: str


def policy_version_warnings(*, page: PolicyPage) -> list[TranslationWarning]:
    """What an editor should know before freezing a new version of ``page``."""
    source = policy_source_page(page=page)
    warnings = []
    translations = {p.locale_id: p for p in source.get_translations(inclusive=True).specific()}
    for locale in Locale.objects.all():
        translated = translations.get(locale.pk)
        if translated is None or not translated.live:
            warnings.append(
                TranslationWarning(
                    locale.language_code,
                    _("No published translation: visitors will read the default language."),
                )
            )
            continue
        if translated.has_unpublished_changes:
            warnings.append(
                TranslationWarning(
                    locale.language_code,
                    _("Unpublished changes are not part of the version: publish them first."),
                )
            )
        if (
            translated.pk != source.pk
            and source.last_published_at
            and translated.last_published_at
            and translated.last_published_at < source.last_published_at
        ):
            warnings.append(
                TranslationWarning(
                    locale.language_code,
                    _("Published before the latest change in the default language: check it."),
                )
            )
    return warnings


def policy_source_page(*, page: PolicyPage) -> PolicyPage:
    source = page.get_translation_or_none(Locale.get_default())
    return (source or page).specific


def policy_next_number(*, page: PolicyPage) -> int:
    current = PolicyVersion.objects.filter(policy_key=page.translation_key).aggregate(
        Max("number")
    )["number__max"]
    return (current or 0) + 1


@transaction.atomic
def policy_version_publish(
    *, page: PolicyPage, effective_date: date, is_material: bool, user=None
) -> PolicyVersion:
    """Freeze the published text of ``page`` in every language as its next version.

    Only the live (published) translations are frozen; drafts are not part of it.
    """
    source = policy_source_page(page=page)
    if not source.live:
        raise ValidationError(_("Publish the policy page before publishing a version of it."))
    latest = (
        PolicyVersion.objects.select_for_update()
        .filter(policy_key=source.translation_key)
        .order_by("-number")
        .first()
    )
    if effective_date < timezone.localdate():
        raise ValidationError(_("A version cannot take effect in the past."))
    if latest and effective_date < latest.effective_date:
        raise ValidationError(
            _("A version cannot take effect before the previous one (%(date)s).")
            % {"date": latest.effective_date.isoformat()}
        )
    version = PolicyVersion.objects.create(
        policy_key=source.translation_key,
        kind=source.kind,
        number=(latest.number + 1) if latest else 1,
        effective_date=effective_date,
        is_material=is_material,
        published_by=user,
    )
    for translated in source.get_translations(inclusive=True).live().specific():
        language = translated.locale.language_code
        with translation.override(language):
            PolicyVersionText.objects.create(
                version=version,
                locale=translated.locale,
                title=translated.title,
                intro=translated.intro,
                summary=translated.change_summary,
                body_html=render_to_string(
                    "privacy/includes/policy_body.html", {"page": translated}
                ),
                table_snapshot=policy_table(kind=source.kind, language=language),
                page_revision=translated.live_revision,
            )
    log(
        instance=source,
        action="privacy.policy_version",
        user=user,
        data={"number": version.number, "material": is_material},
    )
    transaction.on_commit(
        lambda: cache.delete_many(
            [
                NOTICE_CACHE_KEY.format(language=code)
                for code in Locale.objects.values_list("language_code", flat=True)
            ]
        )
    )
    return version


# --- people, consent and retention ----------------------------------------------------


@sensitive_variables("email", "normalized", "names")
def person_record_contact(*, email: str, at, names: tuple[str, ...] = ()) -> Person:
    """The person behind ``email`` (created on first contact), whose "last contact
    from the person" is now ``at``. One row per normalized address, even when two
    requests race: the unique index decides and the loser reads the winner's row.

    Only what comes from the person counts (a submission, a confirmed newsletter
    sign-up, a yes to "do you still want to hear from us?"), never what staff do nor
    the emails we send. The deadlines of their data kept "from the last contact" move
    with it (``retention_restart_contact``). ``names`` they gave are kept for the
    search (``Person.add_names``): with the new row, or added to the known ones."""
    normalized = normalize_email(email)
    new = Person(email=normalized, last_contact_at=at)
    new.add_names(*names)
    person, created = Person.objects.get_or_create(
        email=normalized, defaults={"last_contact_at": at, "name_key": new.name_key}
    )
    if not created and person.add_names(*names):
        Person.objects.filter(pk=person.pk).update(name_key=person.name_key)
    if not created and person.last_contact_at < at:
        Person.objects.filter(pk=person.pk, last_contact_at__lt=at).update(last_contact_at=at)
        person.last_contact_at = at
        retention_restart_contact(person=person)
    return person


@sensitive_variables("email")
def person_get_or_create(*, email: str, at) -> Person:
    """The person behind ``email``, created if new, without counting this as a
    contact from them (a newsletter sign-up starts no retention clock)."""
    person, _created = Person.objects.get_or_create(
        email=normalize_email(email), defaults={"last_contact_at": at}
    )
    return person


def retention_deadline(
    *,
    purpose: Purpose,
    collected_at,
    person: Person,
    contract_ended_at=None,
    withdrawn_at=None,
):
    """When data collected for ``purpose`` must be erased, or None while its clock
    has not started. The purpose's event decides where the clock starts:

    - the submission: ``collected_at``;
    - the last contact from the person: the later of ``person.last_contact_at`` and
      ``collected_at`` (prospects, candidates);
    - the end of the contract: ``contract_ended_at``, None while the case is open;
    - withdrawal or unsubscription: ``withdrawn_at``, None while consent stands; a
      purpose without a duration is then due at once."""
    event = purpose.retention_event
    if event == RetentionEvent.LAST_CONTACT:
        start = max(person.last_contact_at, collected_at)
    elif event == RetentionEvent.END_OF_CONTRACT:
        start = contract_ended_at
    elif event == RetentionEvent.WITHDRAWAL:
        if withdrawn_at is not None and purpose.retention_value is None:
            return withdrawn_at
        start = withdrawn_at
    else:
        start = collected_at
    if start is None:
        return None
    return purpose.retention_deadline(start=start)


def _reclock(*, purposes, person: Person | None = None) -> int:
    changed = 0
    for source in registry.ordered():
        if source.reclock is not None:
            changed += source.reclock(purposes=purposes, person=person)
    return changed


def retention_restart_contact(*, person: Person) -> int:
    """A contact from ``person``: the deadlines of their rows kept "from the last
    contact" count from it (and only those; each app writes them with one UPDATE
    per purpose). Returns the number of rows written."""
    return _reclock(
        purposes=Purpose.objects.filter(retention_event=RetentionEvent.LAST_CONTACT),
        person=person,
    )


def retention_restart_withdrawal(*, person: Person, purpose: Purpose) -> int:
    """``person`` withdrew their consent to ``purpose`` (in any language): the
    deadlines of their rows of that purpose kept "from withdrawal" start."""
    return _reclock(
        purposes=Purpose.objects.filter(
            translation_key=purpose.translation_key,
            retention_event=RetentionEvent.WITHDRAWAL,
        ),
        person=person,
    )


def purpose_retention_recompute(*, purpose: Purpose) -> int:
    """The retention of ``purpose`` changed: the stored deadlines of the rows
    collected for it, in every language, follow its new rule, so that the policy's
    table and what the retention job erases agree. Returns the rows written."""
    return _reclock(purposes=Purpose.objects.filter(translation_key=purpose.translation_key))


@transaction.atomic
def consent_withdraw(*, person: Person, purpose: Purpose, at) -> int:
    """``person`` withdraws their consent to ``purpose`` (every language): the
    consents they gave are marked withdrawn at ``at``, and the clocks of their rows
    kept "from withdrawal" start. Returns the number of consents withdrawn."""
    withdrawn = Consent.objects.filter(
        person=person,
        purpose__translation_key=purpose.translation_key,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=at)
    retention_restart_withdrawal(person=person, purpose=purpose)
    return withdrawn


def consent_record(
    *,
    person: Person,
    purpose: Purpose,
    wording: str,
    given: bool,
    policy_version,
    language: str,
    source: str,
    at,
    record=None,
) -> Consent:
    """Keep one consent box as it was shown: the exact words, ticked or not, and the
    record it was answered with (a form submission), if any."""
    return Consent.objects.create(
        person=person,
        purpose=purpose,
        wording=wording,
        given=given,
        policy_version=policy_version,
        language=language,
        source=source,
        record=record,
        given_at=at,
    )

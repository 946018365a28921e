"""What the visitor journeys share (tests/e2e/test_journey_*.py): the texts a visitor
reads in each language, the cookie banner, the real form pages, the emails, and a
screenshot at the end of each journey.

Pages are reached and used by what a person sees (roles, accessible names, labels),
never by CSS classes: a journey that passes also shows that the pages can be used
with a screen reader. Screenshots go to ``var/e2e-screenshots/`` (ignored by git;
CI keeps the folder as an artefact)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail

LANGUAGES = ("en", "fr")

# What the visitor reads, in each language (the French pages must show French: these
# are written here, not looked up in the catalogue, so a missing translation fails).
TEXTS = {
    "en": {
        "refuse_all": "Refuse all",
        "banner": "Your choice about cookies",
        "contact_link": "Contact us",
        "newsletter_link": "More about the newsletter",
        "last_name": "Last name",
        "first_name": "First name",
        "email": "Email address",
        "phone": "Phone number",
        "company": "Company",
        "sector": "Sector of activity",
        "sector_choice": "Logistics and warehousing",
        "message": "Message",
        "cv": "CV",
        "position": "Position",
        "marketing_box": "I agree to receive the Tevenn Devices newsletter at this address.",
        "send": "Send",
        "thanks": "Thank you",
        "registered": "Your request is registered under the reference",
        "email_received": "We received your request",
        "contact_kind": "Contact request",
        "application_kind": "Job application",
        "newsletter_language": "Newsletter language",
        "language_name": "English",
        "subscribe": "Subscribe",
        "check_inbox": "Check your inbox",
        "confirm_subject": "Confirm your subscription to the Tevenn Devices newsletter",
        "confirm_heading": "Confirm your subscription",
        "confirm_button": "Confirm my subscription",
        "subscribed": "You are subscribed",
        "unsubscribe_heading": "Unsubscribe from the newsletter",
        "unsubscribe_button": "Unsubscribe",
        "unsubscribed": "You are unsubscribed",
        "one_click": "Unsubscribe in one click:",
        "main_navigation": "Main navigation",
        "cookie_settings": "Cookie settings",
        "choose": "Choose",
        "save_choices": "Save my choices",
        "measurement_group": "Audience measurement",
        "functional_group": "Functional",
        "marketing_group": "Marketing",
        "choices_saved": "Your cookie choices are saved.",
        "policy_changed": "has changed since your last visit",
        "see_changes": "See what changed",
        "privacy_policy": "Privacy policy",
        "policy_update": "Policy update",
    },
    "fr": {
        "refuse_all": "Tout refuser",
        "banner": "Votre choix sur les cookies",
        "contact_link": "Nous contacter",
        "newsletter_link": "En savoir plus sur la lettre",
        "last_name": "Nom",
        "first_name": "Prénom",
        "email": "Adresse e-mail",
        "phone": "Numéro de téléphone",
        "company": "Entreprise",
        "sector": "Secteur d'activité",
        "sector_choice": "Logistique et entreposage",
        "message": "Message",
        "cv": "CV",
        "position": "Poste",
        "marketing_box": (
            "J'accepte de recevoir la lettre d'information de Tevenn Devices à cette adresse."
        ),
        "send": "Envoyer",
        "thanks": "Merci",
        "registered": "Votre demande est enregistrée sous la référence",
        "email_received": "Nous avons bien reçu votre demande",
        "contact_kind": "Demande de contact",
        "application_kind": "Candidature",
        "newsletter_language": "Langue de la lettre d'information",
        "language_name": "Français",
        "subscribe": "S'abonner",
        "check_inbox": "Consultez votre messagerie",
        "confirm_subject": (
            "Confirmez votre abonnement à la lettre d'information de Tevenn Devices"
        ),
        "confirm_heading": "Confirmez votre abonnement",
        "confirm_button": "Confirmer mon abonnement",
        "subscribed": "Vous êtes abonné",
        "unsubscribe_heading": "Se désinscrire de la lettre d'information",
        "unsubscribe_button": "Se désinscrire",
        "unsubscribed": "Vous êtes désinscrit",
        "one_click": "Se désinscrire en un clic\u00a0:",
        "main_navigation": "Navigation principale",
        "cookie_settings": "Paramètres des cookies",
        "choose": "Choisir",
        "save_choices": "Enregistrer mes choix",
        "measurement_group": "Mesure d'audience",
        "functional_group": "Fonctionnels",
        "marketing_group": "Marketing",
        "choices_saved": "Vos choix de cookies sont enregistrés.",
        "policy_changed": "a changé depuis votre dernière visite",
        "see_changes": "Voir ce qui a changé",
        "privacy_policy": "Politique de confidentialité",
        "policy_update": "Mise à jour de la politique",
    },
}

REFERENCE = re.compile(r"\b[A-Z]-\d{4}-\d{4,}\b")
URL = re.compile(r"https?://\S+")


def label(text: str) -> re.Pattern:
    """A field's accessible name: its label, with the " *" of a required field."""
    return re.compile(rf"^{re.escape(text)}( \*)?$")


def refuse_cookies(page, language: str) -> None:
    """Answer the cookie banner as most visitors do, by its button's name."""
    texts = TEXTS[language]
    page.get_by_role("button", name=texts["refuse_all"], exact=True).click()
    page.get_by_role("region", name=texts["banner"]).wait_for(state="hidden")


def screenshot(page, name: str) -> None:
    """The page as the journey ends: var/e2e-screenshots/<name>.png."""
    folder = settings.VAR_DIR / "e2e-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)


def local_path(url: str) -> str:
    """A link of an email (made for the site's public address) as a path on the live
    server: path and query string."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def emails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def pdf_bytes(text: str = "Curriculum vitae") -> bytes:
    """A small, valid one-page PDF (catalogue, page tree, page, content stream and a
    cross-reference table whose offsets are right) that shows ``text``."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@dataclass
class Applicant:
    first_name: str
    last_name: str
    email: str
    phone: str = "+33 6 12 34 56 78"


def thank_you_reference(page, language: str) -> str:
    """The reference the thank-you page gives, after checking it is that page."""
    texts = TEXTS[language]
    main = page.get_by_role("main")
    main.get_by_role("heading", name=texts["thanks"], level=1).wait_for()
    sentence = main.get_by_text(texts["registered"]).inner_text()
    found = REFERENCE.search(sentence)
    assert found, sentence
    return found.group()


def apply_for_a_job(page, language: str, person: Applicant, cv: bytes) -> str:
    """Send a job application with a CV through the real page; returns the reference
    shown on the thank-you page."""
    from tests.forms.conftest import form_page

    texts = TEXTS[language]
    page.goto(form_page("application", language).url)
    main = page.get_by_role("main")
    main.get_by_label(label(texts["last_name"])).fill(person.last_name)
    main.get_by_label(label(texts["first_name"])).fill(person.first_name)
    main.get_by_label(label(texts["email"])).fill(person.email)
    main.get_by_label(label(texts["phone"])).fill(person.phone)
    main.get_by_label(label(texts["cv"])).set_input_files(
        {"name": "cv.pdf", "mimeType": "application/pdf", "buffer": cv}
    )
    main.get_by_label(label(texts["message"])).fill("Ten years of repairing handhelds.")
    main.get_by_role("button", name=texts["send"], exact=True).click()
    return thank_you_reference(page, language)

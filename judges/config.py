"""What the outside judges look at, and the marks they must give: the one place to edit.

PAGES: every page type of the site, in English and in French. The Nu HTML checker
reads each one; axe-core checks each one in Chromium with the cookie banner open
and again after a choice. A path is on the site as seeded by ``seed_demo``.

LIGHTHOUSE: the pages Lighthouse audits (mobile profile), by their PAGES name.

To add a page type, add a row to PAGES,
and its name to LIGHTHOUSE if Lighthouse should audit it too.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    en: str
    fr: str
    status: int = 200
    # Deliberately kept out of search engines (<meta name="robots" content="noindex">):
    # the run checks that it is, and Lighthouse's SEO mark leaves out its "is-crawlable"
    # audit, the one that noindex fails by design (README: "Outside judges").
    noindex: bool = False
    # The cookie banner opens on a first visit (everywhere but the preference centre,
    # where the choice is made on the page itself).
    banner: bool = True


PAGES: list[Page] = [
    Page("home", "/en/", "/fr/"),
    Page("content", "/en/about-us/", "/fr/qui-sommes-nous/"),
    Page("content: product range", "/en/products/", "/fr/produits/"),
    Page("product", "/en/products/t-rock-8/", "/fr/produits/t-rock-8/"),
    Page("content: legal notice", "/en/legal-notice/", "/fr/mentions-legales/"),
    Page("job index", "/en/careers/", "/fr/carrieres/"),
    Page(
        "job offer",
        "/en/careers/field-service-technician/",
        "/fr/carrieres/technicien-de-maintenance-itinerant/",
    ),
    Page("form: contact", "/en/contact/", "/fr/contact/"),
    Page("form: project", "/en/project-request/", "/fr/demande-de-projet/"),
    Page(
        "form: support",
        "/en/repair-and-support/support-ticket/",
        "/fr/reparation-et-support/ticket-de-support/",
    ),
    Page(
        "form: repair",
        "/en/repair-and-support/repair-request/",
        "/fr/reparation-et-support/demande-de-reparation/",
    ),
    Page(
        "form: delivery",
        "/en/repair-and-support/delivery-problem/",
        "/fr/reparation-et-support/probleme-de-livraison/",
    ),
    Page("form: application", "/en/careers/apply/", "/fr/carrieres/postuler/"),
    Page("form: newsletter", "/en/newsletter/", "/fr/lettre-information/"),
    Page("privacy policy", "/en/privacy/", "/fr/confidentialite/"),
    Page("cookie policy", "/en/cookies/", "/fr/cookies/"),
    Page(
        "policy version",
        "/en/privacy/versions/1/",
        "/fr/confidentialite/versions/1/",
        noindex=True,
    ),
    Page("data request portal", "/en/your-data/", "/fr/vos-donnees/"),
    Page(
        "data request: check inbox",
        "/en/your-data/thanks/",
        "/fr/vos-donnees/merci/",
        noindex=True,
    ),
    Page("search with results", "/en/search/?q=repair", "/fr/recherche/?q=r%C3%A9paration"),
    Page("404", "/en/no-such-page/", "/fr/pas-de-telle-page/", status=404, noindex=True),
    Page(
        "cookie preference centre",
        "/en/cookie-settings/",
        "/fr/parametres-cookies/",
        noindex=True,
        banner=False,
    ),
]

# Found at run time, added to PAGES when the site has them (see run.py):
# "thank-you": the contact form's thank-you page, reached by posting the form;
# "policy diff": the privacy policy's comparison of its first two versions, when the
# policy has two published versions.

LIGHTHOUSE: list[str] = [
    "home",
    "content",
    "product",
    "form: contact",
    "privacy policy",
]

# The marks. Lighthouse categories are 0-100; CLS must stay strictly below its ceiling.
THRESHOLDS = {
    "lighthouse": {
        "performance": 98,
        "accessibility": 98,
        "best-practices": 98,
        "seo": 98,
    },
    "cls_below": 0.02,
    "axe_violations": 0,  # of any impact, banner open and after a choice
    "vnu_errors": 0,
}

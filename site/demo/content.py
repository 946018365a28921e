"""The demo site's content, in English with its French translation.

Tevenn Devices is invented: a maker of rugged handheld computers with its head
office and factory in Brest (France) and a repair centre in Columbus, Ohio.
Every visitor-facing string is a ``T(en, fr)`` pair: the English page is built
from ``en``, and ``fr`` is what wagtail-localize receives as its translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class T:
    en: str
    fr: str


def paragraphs(*pairs: T) -> list[tuple[str, Any]]:
    return [("paragraph", pair) for pair in pairs]


@dataclass
class PageSpec:
    key: str
    model: str  # "HomePage", "ContentPage", "JobIndexPage", "JobOfferPage"
    parent: str | None  # key of the parent spec; None under the tree root
    title: T
    slug: T
    fields: dict[str, Any] = field(default_factory=dict)  # T values are translated
    body: list[tuple[str, Any]] = field(default_factory=list)
    search_description: T | None = None


HOME = PageSpec(
    key="home",
    model="HomePage",
    parent=None,
    title=T("Rugged devices, built in Brittany", "Des terminaux durcis, construits en Bretagne"),
    slug=T("home", "accueil"),
    search_description=T(
        "Tevenn Devices designs rugged handheld computers, tablets and scanners in Brest, France.",
        "Tevenn Devices conçoit à Brest des terminaux portables, tablettes et scanners durcis.",
    ),
    fields={
        "intro": T(
            "Handheld computers, tablets and scanners that survive the warehouse floor, "
            "the building site and the North Atlantic. Designed and assembled in Brest since 2009.",
            "Terminaux portables, tablettes et scanners qui résistent à l'entrepôt, au chantier "
            "et à l'Atlantique Nord. Conçus et assemblés à Brest depuis 2009.",
        )
    },
    body=[
        ("heading", {"text": T("Made to be dropped", "Faits pour tomber"), "level": "h2"}),
        *paragraphs(
            T(
                "Every Tevenn device is tested against 1.8 m drops onto concrete, rain, dust and "
                "temperatures from -20 °C to +60 °C before it leaves our workshop.",
                "Chaque appareil Tevenn est testé contre des chutes de 1,8 m sur du béton, la pluie, "
                "la poussière et des températures de -20 °C à +60 °C avant de quitter notre atelier.",
            ),
            T(
                "We repair what we build: in Brest for Europe, and in Columbus, Ohio, for North "
                "America.",
                "Nous réparons ce que nous fabriquons : à Brest pour l'Europe, et à Columbus, dans "
                "l'Ohio, pour l'Amérique du Nord.",
            ),
        ),
        (
            "image",
            {
                "image": "factory",
                "alt_text": T(
                    "A rugged handheld computer on a wet quay",
                    "Un terminal portable durci sur un quai mouillé",
                ),
                "caption": T(
                    "The T-Rock 8 on the quays of Brest.", "Le T-Rock 8 sur les quais de Brest."
                ),
            },
        ),
        (
            "call_to_action",
            {
                "title": T("Find the right device", "Trouvez le bon terminal"),
                "text": T(
                    "Three families of devices for logistics, field service and industry.",
                    "Trois familles de terminaux pour la logistique, la maintenance et l'industrie.",
                ),
                "page": "products",
                "button_label": T("See our products", "Voir nos produits"),
            },
        ),
        (
            "call_to_action",
            {
                "title": T("Join the team", "Rejoignez l'équipe"),
                "text": T(
                    "We are hiring in Brest and in Columbus.",
                    "Nous recrutons à Brest et à Columbus.",
                ),
                "page": "careers",
                "button_label": T("See our job offers", "Voir nos offres d'emploi"),
            },
        ),
    ],
)

PAGES: list[PageSpec] = [
    HOME,
    PageSpec(
        key="products",
        model="ContentPage",
        parent="home",
        title=T("Products", "Produits"),
        slug=T("products", "produits"),
        fields={
            "intro": T(
                "Three families of rugged devices, one operating system, ten years of spare parts.",
                "Trois familles de terminaux durcis, un seul système, dix ans de pièces détachées.",
            )
        },
        body=[
            (
                "heading",
                {
                    "text": T("T-Rock 8 handheld computer", "Terminal portable T-Rock 8"),
                    "level": "h2",
                },
            ),
            *paragraphs(
                T(
                    "An 8-inch handheld computer with a hot-swappable battery, an integrated 2D "
                    "scanner and IP68 protection.",
                    "Un terminal de 8 pouces avec batterie remplaçable à chaud, scanner 2D intégré "
                    "et protection IP68.",
                )
            ),
            ("heading", {"text": T("T-Tab 10 tablet", "Tablette T-Tab 10"), "level": "h2"}),
            *paragraphs(
                T(
                    "A 10-inch tablet readable in full sunlight, usable with work gloves.",
                    "Une tablette de 10 pouces lisible en plein soleil, utilisable avec des gants.",
                )
            ),
            (
                "heading",
                {"text": T("T-Scan X2 ring scanner", "Scanner bague T-Scan X2"), "level": "h2"},
            ),
            *paragraphs(
                T(
                    "A wearable scanner for order picking, paired with any T-Rock in one tap.",
                    "Un scanner porté pour la préparation de commandes, appairé à un T-Rock d'un geste.",
                )
            ),
            (
                "call_to_action",
                {
                    "title": T("Need a repair?", "Besoin d'une réparation ?"),
                    "text": T(
                        "Our repair centres take care of every device we have ever made.",
                        "Nos centres de réparation s'occupent de tous les terminaux que nous avons "
                        "fabriqués.",
                    ),
                    "page": "service",
                    "button_label": T("Repair and support", "Réparation et support"),
                },
            ),
        ],
    ),
    PageSpec(
        key="service",
        model="ContentPage",
        parent="home",
        title=T("Repair and support", "Réparation et support"),
        slug=T("repair-and-support", "reparation-et-support"),
        fields={
            "intro": T(
                "Two repair centres, one promise: your device back within ten working days.",
                "Deux centres de réparation, une promesse : votre terminal de retour sous dix "
                "jours ouvrés.",
            )
        },
        body=[
            (
                "heading",
                {"text": T("Europe, Africa and Asia", "Europe, Afrique et Asie"), "level": "h2"},
            ),
            *paragraphs(
                T(
                    "Devices are repaired at our head office in Brest, France.",
                    "Les terminaux sont réparés à notre siège de Brest, en France.",
                )
            ),
            ("heading", {"text": T("North America", "Amérique du Nord"), "level": "h2"}),
            *paragraphs(
                T(
                    "Devices from the United States, Canada and Mexico are repaired at Tevenn "
                    "Devices Inc. in Columbus, Ohio.",
                    "Les terminaux venant des États-Unis, du Canada et du Mexique sont réparés par "
                    "Tevenn Devices Inc. à Columbus, dans l'Ohio.",
                )
            ),
        ],
    ),
    PageSpec(
        key="about",
        model="ContentPage",
        parent="home",
        title=T("About us", "Qui sommes-nous"),
        slug=T("about-us", "qui-sommes-nous"),
        fields={
            "intro": T(
                "An independent French company of 140 people, founded in Brest in 2009.",
                "Une entreprise française indépendante de 140 personnes, fondée à Brest en 2009.",
            )
        },
        body=paragraphs(
            T(
                "Tevenn (a Breton word for the cliffs of our coast) started by building "
                "terminals for fishing harbours. Today our devices run warehouses, railways and "
                "hospitals in 30 countries.",
                "Tevenn (« falaise » en breton) a commencé par fabriquer des terminaux pour les "
                "ports de pêche. Aujourd'hui nos appareils équipent des entrepôts, des chemins de "
                "fer et des hôpitaux dans 30 pays.",
            ),
        ),
    ),
    PageSpec(
        key="careers",
        model="JobIndexPage",
        parent="home",
        title=T("Careers", "Carrières"),
        slug=T("careers", "carrieres"),
        fields={
            "intro": T(
                "<p>Join the people who design, build and repair our devices.</p>",
                "<p>Rejoignez celles et ceux qui conçoivent, fabriquent et réparent nos "
                "terminaux.</p>",
            )
        },
    ),
    PageSpec(
        key="job-technician",
        model="JobOfferPage",
        parent="careers",
        title=T("Field service technician (M/F)", "Technicien de maintenance itinérant (H/F)"),
        slug=T("field-service-technician", "technicien-de-maintenance-itinerant"),
        fields={
            "location": T("Brest, France", "Brest, France"),
            "contract_type": "permanent",
            "description": T(
                "<p>You install and maintain our devices at customers' sites in western France.</p>",
                "<p>Vous installez et entretenez nos terminaux chez nos clients de l'Ouest de la "
                "France.</p>",
            ),
            "published_days_ago": 12,
            "closing_in_days": None,
        },
    ),
    PageSpec(
        key="job-repair",
        model="JobOfferPage",
        parent="careers",
        title=T("Repair centre technician (M/F)", "Technicien de centre de réparation (H/F)"),
        slug=T("repair-centre-technician", "technicien-centre-de-reparation"),
        fields={
            "location": T("Columbus, Ohio, United States", "Columbus, Ohio, États-Unis"),
            "contract_type": "fixed_term",
            "description": T(
                "<p>You diagnose and repair devices sent by our North American customers.</p>",
                "<p>Vous diagnostiquez et réparez les terminaux envoyés par nos clients "
                "nord-américains.</p>",
            ),
            "published_days_ago": 5,
            "closing_in_days": 90,
        },
    ),
    PageSpec(
        key="privacy",
        model="ContentPage",
        parent="home",
        title=T("Privacy policy", "Politique de confidentialité"),
        slug=T("privacy", "confidentialite"),
        fields={
            "intro": T(
                "How Tevenn Devices handles the personal data you send us.",
                "Comment Tevenn Devices traite les données personnelles que vous nous confiez.",
            )
        },
        body=paragraphs(
            T(
                "Tevenn Devices SAS, 12 quai de la Douane, 29200 Brest, France, is the controller "
                "of the data collected on this site.",
                "Tevenn Devices SAS, 12 quai de la Douane, 29200 Brest, France, est responsable "
                "des traitements de données collectées sur ce site.",
            )
        ),
    ),
    PageSpec(
        key="cookies",
        model="ContentPage",
        parent="home",
        title=T("Cookie policy", "Politique relative aux cookies"),
        slug=T("cookies", "cookies"),
        fields={
            "intro": T(
                "Which cookies this site uses, and how to choose.",
                "Les cookies utilisés sur ce site, et comment choisir.",
            )
        },
        body=paragraphs(
            T(
                "Only the cookies needed to run the site are set until you make a choice.",
                "Seuls les cookies nécessaires au fonctionnement du site sont déposés tant que vous "
                "n'avez pas fait de choix.",
            )
        ),
    ),
    PageSpec(
        key="legal",
        model="ContentPage",
        parent="home",
        title=T("Legal notice", "Mentions légales"),
        slug=T("legal-notice", "mentions-legales"),
        fields={
            "intro": T(
                "Publisher and host of this website.",
                "Éditeur et hébergeur de ce site.",
            )
        },
        body=paragraphs(
            T(
                "Publisher: Tevenn Devices SAS, share capital of 2,400,000 euros, registered in "
                "Brest, 12 quai de la Douane, 29200 Brest, France.",
                "Éditeur : Tevenn Devices SAS, au capital de 2 400 000 euros, immatriculée à "
                "Brest, 12 quai de la Douane, 29200 Brest, France.",
            ),
            T(
                "Publication director: the Chief Executive Officer.",
                "Directeur de la publication : le président.",
            ),
        ),
    ),
]

HEADER_MENU = ["products", "service", "careers", "about"]
FOOTER_MENU = ["privacy", "cookies", "legal"]

IMAGES = {
    "factory": T("T-Rock 8 on the quay", "T-Rock 8 sur le quai"),
}

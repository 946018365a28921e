"""The demo site's content, in English with its French translation.

Tevenn Devices is invented: a maker of rugged handheld computers with its head
office and factory in Brest (France) and a repair centre in Columbus, Ohio.
Every visitor-facing string is a ``T(en, fr)`` pair: the English page is built
from ``en``, and ``fr`` is what wagtail-localize receives as its translation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from forms.kinds import SYSTEM_FIELDS


@dataclass(frozen=True)
class T:
    en: str
    fr: str


def paragraphs(*pairs: T) -> list[tuple[str, Any]]:
    return [("paragraph", pair) for pair in pairs]


@dataclass(frozen=True)
class PageRef:
    """A field of a page that links to another page of the demo (set once every page
    exists)."""

    key: str


@dataclass(frozen=True)
class ImageRef:
    """A field of a page that holds one of the demo's pictures (IMAGES)."""

    key: str


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
        ),
        "hero_image": ImageRef("family"),
        "hero_image_alt": T(
            "A rugged tablet, a handheld computer and a barcode scanner with orange bumpers",
            "Une tablette durcie, un terminal portable et un scanner de codes-barres aux "
            "protections orange",
        ),
        "primary_page": PageRef("products"),
        "primary_label": T("Discover our devices", "Découvrir nos terminaux"),
        "secondary_page": PageRef("project"),
        "secondary_label": T("Talk to our sales team", "Parler à notre équipe commerciale"),
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
                "Nous réparons ce que nous fabriquons : à Brest pour l'Europe, et à Columbus, dans "
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
        model="ProductIndexPage",
        parent="home",
        title=T("Products", "Produits"),
        slug=T("products", "produits"),
        search_description=T(
            "Rugged handheld computers, tablets and barcode scanners by Tevenn Devices: IP68, "
            "1.8 m drops, -20 °C to +60 °C, ten years of spare parts.",
            "Terminaux portables, tablettes et scanners durcis Tevenn Devices : IP68, chutes de "
            "1,8 m, de -20 °C à +60 °C, dix ans de pièces détachées.",
        ),
        fields={
            "intro": T(
                "Three families of rugged devices, one operating system, ten years of spare parts.",
                "Trois familles de terminaux durcis, un seul système, dix ans de pièces détachées.",
            )
        },
        body=[
            (
                "video",
                {
                    "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                    "title": T("The T-Rock 8 drop test", "Le test de chute du T-Rock 8"),
                },
            ),
            (
                "call_to_action",
                {
                    "title": T("Need a repair?", "Besoin d'une réparation ?"),
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
                "Deux centres de réparation, une promesse : votre terminal de retour sous dix "
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
                "Tevenn (« falaise » en breton) a commencé par fabriquer des terminaux pour les "
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
        model="PolicyPage",
        parent="home",
        title=T("Privacy policy", "Politique de confidentialité"),
        slug=T("privacy", "confidentialite"),
        fields={
            "kind": "privacy",
            "intro": T(
                "How Tevenn Devices handles the personal data you send us, and your rights.",
                "Comment Tevenn Devices traite les données personnelles que vous nous confiez, et "
                "quels sont vos droits.",
            ),
            "change_summary": T("First published version.", "Première version publiée."),
        },
        body=[
            ("heading", {"text": T("Who is responsible", "Qui est responsable"), "level": "h2"}),
            *paragraphs(
                T(
                    "Tevenn Devices SAS, 12 quai de la Douane, 29200 Brest, France, is the controller "
                    "of the data collected on this site. Our data protection officer answers at "
                    "privacy@tevenn.example.",
                    "Tevenn Devices SAS, 12 quai de la Douane, 29200 Brest, France, est responsable "
                    "des traitements de données collectées sur ce site. Notre délégué à la protection "
                    "des données répond à privacy@tevenn.example.",
                )
            ),
            (
                "heading",
                {
                    "text": T("What we do with your data", "Ce que nous faisons de vos données"),
                    "level": "h2",
                },
            ),
            *paragraphs(
                T(
                    "Each form of this site serves one purpose. The table below lists every purpose, "
                    "its legal basis, the data collected, who receives it, whether it leaves the "
                    "European Union, and how long we keep it.",
                    "Chaque formulaire de ce site sert une finalité. Le tableau ci-dessous liste "
                    "chaque finalité, sa base légale, les données collectées, leurs destinataires, "
                    "leur éventuel transfert hors de l'Union européenne et leur durée de conservation.",
                )
            ),
            ("heading", {"text": T("Your rights", "Vos droits"), "level": "h2"}),
            *paragraphs(
                T(
                    "You may access your data, have it corrected or erased, receive it in a "
                    "portable format, object to its processing or restrict it, and withdraw your "
                    "consent at any time.",
                    "Vous pouvez accéder à vos données, les faire rectifier ou effacer, les "
                    "recevoir dans un format portable, vous opposer à leur traitement ou le faire "
                    "limiter, et retirer votre consentement à tout moment.",
                ),
                T(
                    "We answer within one month. You may also lodge a complaint with the CNIL, "
                    "the French data protection authority.",
                    "Nous répondons sous un mois. Vous pouvez aussi adresser une réclamation à la "
                    "CNIL.",
                ),
            ),
        ],
    ),
    PageSpec(
        key="data-requests",
        model="DataRequestPage",
        parent="home",
        title=T("Your data: make a request", "Vos données : faire une demande"),
        slug=T("your-data", "vos-donnees"),
        fields={
            "intro": T(
                "<p>Ask us for a copy of the personal data we hold about you, for its erasure "
                "or correction, to stop using it for marketing, or to restrict its use. We "
                "answer by email.</p>",
                "<p>Demandez-nous une copie des données personnelles que nous détenons sur vous, "
                "leur effacement ou leur rectification, l'arrêt de leur utilisation à des fins "
                "de prospection, ou la limitation de leur utilisation. Nous répondons par "
                "e-mail.</p>",
            )
        },
    ),
    PageSpec(
        key="cookies",
        model="PolicyPage",
        parent="home",
        title=T("Cookie policy", "Politique relative aux cookies"),
        slug=T("cookies", "cookies"),
        fields={
            "kind": "cookies",
            "intro": T(
                "Which cookies this site uses, and how to choose.",
                "Les cookies utilisés sur ce site, et comment choisir.",
            ),
            "change_summary": T("First published version.", "Première version publiée."),
        },
        body=paragraphs(
            T(
                "Only the cookies needed to run the site are set until you make a choice.",
                "Seuls les cookies nécessaires au fonctionnement du site sont déposés tant que "
                "vous n'avez pas fait de choix.",
            ),
            T(
                "Refusing is as easy as accepting, and you may change your choice at any time.",
                "Refuser est aussi simple qu'accepter, et vous pouvez changer d'avis à tout moment.",
            ),
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
                "Éditeur : Tevenn Devices SAS, au capital de 2 400 000 euros, immatriculée à "
                "Brest, 12 quai de la Douane, 29200 Brest, France.",
            ),
            T(
                "Publication director: the Chief Executive Officer.",
                "Directeur de la publication : le président.",
            ),
        ),
    ),
]


def form_texts(intro: T, thanks: T) -> dict:
    return {
        "intro": T(f"<p>{intro.en}</p>", f"<p>{intro.fr}</p>"),
        "thank_you_text": T(f"<p>{thanks.en}</p>", f"<p>{thanks.fr}</p>"),
        "submit_label": T("Send", "Envoyer"),
    }


FORM_PAGES: list[PageSpec] = [
    PageSpec(
        key="contact",
        model="ContactFormPage",
        parent="home",
        title=T("Contact us", "Nous contacter"),
        slug=T("contact", "contact"),
        fields={
            **form_texts(
                T(
                    "A question about our devices? Write to us.",
                    "Une question sur nos terminaux ? Écrivez-nous.",
                ),
                T("We answer within two working days.", "Nous répondons sous deux jours ouvrés."),
            ),
            "purpose": "prospects",
            "marketing_purpose": "newsletter",
            "recipients": "sales@tevenn.example",
        },
    ),
    PageSpec(
        key="project",
        model="ProjectFormPage",
        parent="home",
        title=T("Request a project", "Demander un projet"),
        slug=T("project-request", "demande-de-projet"),
        fields={
            **form_texts(
                T(
                    "Tell us about your fleet and your constraints: a specialist calls you back.",
                    "Parlez-nous de votre parc et de vos contraintes : un spécialiste vous rappelle.",
                ),
                T(
                    "A specialist will call you back within a week.",
                    "Un spécialiste vous rappellera sous une semaine.",
                ),
            ),
            "purpose": "prospects",
            "marketing_purpose": "newsletter",
            "recipients": "projects@tevenn.example",
        },
    ),
    PageSpec(
        key="support",
        model="SupportFormPage",
        parent="service",
        title=T("Open a support ticket", "Ouvrir un ticket de support"),
        slug=T("support-ticket", "ticket-de-support"),
        fields={
            **form_texts(
                T(
                    "Describe the problem: our support team answers on working days.",
                    "Décrivez le problème : notre équipe support répond les jours ouvrés.",
                ),
                T(
                    "Keep your ticket reference: our support team will quote it.",
                    "Conservez la référence de votre ticket : notre support la rappellera.",
                ),
            ),
            "purpose": "customer-relations",
            "recipients": "support@tevenn.example",
        },
    ),
    PageSpec(
        key="repair",
        model="RepairFormPage",
        parent="service",
        title=T("Request a repair", "Demander une réparation"),
        slug=T("repair-request", "demande-de-reparation"),
        fields={
            **form_texts(
                T(
                    "We send you a prepaid label and repair the device within ten working days.",
                    "Nous vous envoyons une étiquette prépayée et réparons le terminal sous dix "
                    "jours ouvrés.",
                ),
                T(
                    "You will receive a prepaid shipping label by email.",
                    "Vous recevrez une étiquette d'envoi prépayée par e-mail.",
                ),
            ),
            "purpose": "repair",
            "recipients": "repairs@tevenn.example",
            "north_america_recipients": "repairs-columbus@tevenn.example",
        },
    ),
    PageSpec(
        key="delivery",
        model="DeliveryFormPage",
        parent="service",
        title=T("Report a delivery problem", "Signaler un problème de livraison"),
        slug=T("delivery-problem", "probleme-de-livraison"),
        fields={
            **form_texts(
                T(
                    "A damaged parcel, a missing item, the wrong device? Tell us.",
                    "Un colis abîmé, un article manquant, le mauvais terminal ? Dites-le-nous.",
                ),
                T(
                    "Our logistics team will contact you within two working days.",
                    "Notre équipe logistique vous contactera sous deux jours ouvrés.",
                ),
            ),
            "purpose": "customer-relations",
            "recipients": "logistics@tevenn.example",
        },
    ),
    PageSpec(
        key="apply",
        model="ApplicationFormPage",
        parent="careers",
        title=T("Apply", "Postuler"),
        slug=T("apply", "postuler"),
        fields={
            **form_texts(
                T(
                    "Apply for one of our positions, or send us an unsolicited application.",
                    "Postulez à l'une de nos offres, ou envoyez-nous une candidature spontanée.",
                ),
                T(
                    "Our HR team reads every application and answers within three weeks.",
                    "Notre équipe RH lit chaque candidature et répond sous trois semaines.",
                ),
            ),
            "purpose": "recruitment",
            "recipients": "jobs@tevenn.example",
        },
    ),
]
PAGES += FORM_PAGES
PAGES.append(
    PageSpec(
        key="newsletter",
        model="NewsletterPage",
        parent="home",
        title=T("Newsletter", "Lettre d'information"),
        slug=T("newsletter", "lettre-information"),
        fields={
            "intro": T(
                "<p>Product news, field stories and events, about once a month.</p>",
                "<p>Nouveautés produits, retours du terrain et événements, environ une fois par "
                "mois.</p>",
            ),
            "purpose": "newsletter",
        },
    )
)


def resellers(*entries: tuple[str, T, str, str]) -> list[tuple[str, Any]]:
    return [
        ("reseller", {"name": name, "area": area, "url": url, "phone": phone})
        for name, area, url, phone in entries
    ]


TEVENN_DIRECT = (
    "Tevenn Devices",
    T(
        "Direct sales for fleets of 50 devices or more, worldwide",
        "Vente directe pour les parcs de 50 terminaux et plus, dans le monde entier",
    ),
    "",
    "+33 2 98 00 00 00",
)
ARMOR_LOGISTIQUE = (
    "Armor Logistique",
    T("France, Belgium and Luxembourg", "France, Belgique et Luxembourg"),
    "https://armor-logistique.example/",
    "+33 2 99 00 00 00",
)
GREAT_LAKES = (
    "Great Lakes Rugged Supply",
    T("United States and Canada", "États-Unis et Canada"),
    "https://greatlakes-rugged.example/",
    "+1 614 555 0100",
)


def product(
    key: str,
    title: T,
    slug: T,
    *,
    summary: T,
    description: T,
    image: str,
    alt: T,
    specifications: list[tuple[str, Any]],
    search_description: T,
    sales: str = "project",
) -> PageSpec:
    return PageSpec(
        key=key,
        model="ProductPage",
        parent="products",
        title=title,
        slug=slug,
        search_description=search_description,
        fields={
            "summary": summary,
            "image": ImageRef(image),
            "image_alt": alt,
            "specifications": specifications,
            "where_to_buy": resellers(TEVENN_DIRECT, ARMOR_LOGISTIQUE, GREAT_LAKES),
            "sales_page": PageRef(sales),
            "repair_page": PageRef("repair"),
        },
        body=paragraphs(description),
    )


PRODUCT_PAGES: list[PageSpec] = [
    product(
        "t-rock-8",
        T("T-Rock 8 handheld computer", "Terminal portable T-Rock 8"),
        T("t-rock-8", "t-rock-8"),
        summary=T(
            "An 8-inch handheld computer with a hot-swappable battery, an integrated 2D scanner "
            "and IP68 protection.",
            "Un terminal de 8 pouces avec batterie remplaçable à chaud, scanner 2D intégré et "
            "protection IP68.",
        ),
        description=T(
            "Built for warehouses, ports and delivery rounds: a full shift on one battery, a "
            "second one swapped without switching off, and a keypad usable with gloves.",
            "Conçu pour les entrepôts, les ports et les tournées de livraison : une journée de "
            "travail sur une batterie, une seconde changée sans éteindre, et un clavier "
            "utilisable avec des gants.",
        ),
        image="handheld",
        alt=T(
            "The T-Rock 8: a tall black handheld computer with orange bumpers, a screen and a "
            "twelve-key keypad",
            "Le T-Rock 8 : un terminal portable noir aux protections orange, avec un écran et "
            "un clavier de douze touches",
        ),
        specifications=[
            ("ingress", {"rating": "IP68"}),
            ("drop", {"height_m": "1.8", "surface": T("concrete", "du béton")}),
            ("battery", {"capacity_mah": 7000, "hot_swappable": True}),
            ("temperature", {"minimum_c": -20, "maximum_c": 60}),
            (
                "display",
                {
                    "size_in": "8.0",
                    "details": T("1280 × 800, 1,000 nits", "1280 × 800, 1 000 nits"),
                },
            ),
            ("weight", {"grams": 540}),
            (
                "other",
                {
                    "name": T("Scanner", "Scanner"),
                    "text": T("2D imager, up to 15 m", "Imageur 2D, jusqu'à 15 m"),
                },
            ),
        ],
        search_description=T(
            "T-Rock 8 rugged handheld computer: IP68, 1.8 m drops, 7,000 mAh hot-swappable "
            "battery, -20 °C to +60 °C, 2D scanner.",
            "Terminal portable durci T-Rock 8 : IP68, chutes de 1,8 m, batterie de 7 000 mAh "
            "remplaçable à chaud, de -20 °C à +60 °C, scanner 2D.",
        ),
    ),
    product(
        "t-tab-10",
        T("T-Tab 10 rugged tablet", "Tablette durcie T-Tab 10"),
        T("t-tab-10", "t-tab-10"),
        summary=T(
            "A 10-inch tablet readable in full sunlight, usable with work gloves.",
            "Une tablette de 10 pouces lisible en plein soleil, utilisable avec des gants.",
        ),
        description=T(
            "For field service and building sites: plans, forms and photos on a screen that "
            "stays readable outdoors, in a body that shrugs off rain and dust.",
            "Pour la maintenance et les chantiers : plans, formulaires et photos sur un écran "
            "qui reste lisible dehors, dans un boîtier insensible à la pluie et à la poussière.",
        ),
        image="tablet",
        alt=T(
            "The T-Tab 10: a black tablet in landscape with orange corner bumpers and a handle",
            "La T-Tab 10 : une tablette noire à l'horizontale, aux coins protégés en orange, "
            "avec une poignée",
        ),
        specifications=[
            ("ingress", {"rating": "IP65"}),
            (
                "drop",
                {
                    "height_m": "1.2",
                    "surface": T("plywood on concrete", "du contreplaqué sur béton"),
                },
            ),
            ("battery", {"capacity_mah": 10000, "hot_swappable": False}),
            ("temperature", {"minimum_c": -20, "maximum_c": 60}),
            (
                "display",
                {
                    "size_in": "10.1",
                    "details": T(
                        "1920 × 1200, 1,200 nits, glove touch",
                        "1920 × 1200, 1 200 nits, tactile avec gants",
                    ),
                },
            ),
            ("weight", {"grams": 1150}),
        ],
        search_description=T(
            "T-Tab 10 rugged tablet: 10.1-inch screen readable in sunlight, IP65, 1.2 m drops, "
            "10,000 mAh battery, usable with gloves.",
            "Tablette durcie T-Tab 10 : écran de 10,1 pouces lisible au soleil, IP65, chutes de "
            "1,2 m, batterie de 10 000 mAh, utilisable avec des gants.",
        ),
    ),
    product(
        "t-scan-2",
        T("T-Scan 2 barcode scanner", "Scanner de codes-barres T-Scan 2"),
        T("t-scan-2", "t-scan-2"),
        summary=T(
            "A pistol-grip scanner that reads damaged labels from 20 cm to 15 m, paired with any "
            "T-Rock in one tap.",
            "Un scanner à poignée qui lit les étiquettes abîmées de 20 cm à 15 m, appairé à un "
            "T-Rock d'un geste.",
        ),
        description=T(
            "For cold stores and loading docks: it reads through frost and shrink-wrap and "
            "works a full shift at -30 °C.",
            "Pour les entrepôts frigorifiques et les quais de chargement : il lit à travers le "
            "givre et le film étirable et tient une journée entière à -30 °C.",
        ),
        image="scanner",
        alt=T(
            "The T-Scan 2: a black pistol-grip barcode scanner with an orange frame, sending a "
            "red scan beam",
            "Le T-Scan 2 : un scanner de codes-barres noir à poignée, cerclé d'orange, qui "
            "émet un faisceau rouge",
        ),
        specifications=[
            ("ingress", {"rating": "IP67"}),
            ("drop", {"height_m": "2.4", "surface": T("concrete", "du béton")}),
            ("battery", {"capacity_mah": 3200, "hot_swappable": True}),
            ("temperature", {"minimum_c": -30, "maximum_c": 50}),
            ("weight", {"grams": 310}),
            (
                "other",
                {
                    "name": T("Reading range", "Distance de lecture"),
                    "text": T("20 cm to 15 m", "de 20 cm à 15 m"),
                },
            ),
        ],
        search_description=T(
            "T-Scan 2 rugged barcode scanner: IP67, 2.4 m drops, -30 °C to +50 °C, reads "
            "damaged labels from 20 cm to 15 m.",
            "Scanner de codes-barres durci T-Scan 2 : IP67, chutes de 2,4 m, de -30 °C à "
            "+50 °C, lit les étiquettes abîmées de 20 cm à 15 m.",
        ),
        sales="contact",
    ),
]
PAGES += PRODUCT_PAGES

# The privacy policy has two published versions: version 1, in force since
# PRIVACY_V1_DAYS_AGO days, and version 2, in force today, a material change (shorter
# retention periods, a new section), so that a visitor who read version 1 sees the
# "policy changed" notice and the differences.
PRIVACY_V1_DAYS_AGO = 120
# The retention periods (in years) of version 1, where version 2 shortened them.
PRIVACY_V1_RETENTION_YEARS = {"prospects": 5, "recruitment": 3}
PRIVACY_V2 = {
    "change_summary": T(
        "Shorter retention: prospects' data is kept 3 years after the last contact (5 "
        "before), applications 2 years (3 before). A new section explains how long we keep "
        "your data.",
        "Conservation raccourcie : les données des prospects sont conservées 3 ans après le "
        "dernier contact (5 auparavant), les candidatures 2 ans (3 auparavant). Une nouvelle "
        "section explique combien de temps nous conservons vos données.",
    ),
    # Added after the section "What we do with your data".
    "body": [
        (
            "heading",
            {
                "text": T(
                    "How long we keep your data", "Combien de temps nous gardons vos données"
                ),
                "level": "h2",
            },
        ),
        *paragraphs(
            T(
                "We keep your data no longer than its purpose needs: the table above gives each "
                "period, and a scheduled job erases what has passed its deadline, files included.",
                "Nous ne gardons vos données que le temps nécessaire à leur finalité : le tableau "
                "ci-dessus indique chaque durée, et une tâche planifiée efface ce qui a dépassé "
                "son échéance, fichiers compris.",
            )
        ),
    ],
}

NEWSLETTER_ISSUE = {
    "title": T("November 2026", "Novembre 2026"),
    "subject": T(
        "Tevenn news: the T-Rock 8 goes to sea", "Nouvelles de Tevenn : le T-Rock 8 prend la mer"
    ),
    "body": T(
        "<p>This month, the fishing fleet of Le Guilvinec switched to the T-Rock 8.</p>",
        "<p>Ce mois-ci, la flotte de pêche du Guilvinec est passée au T-Rock 8.</p>",
    ),
}


def form_field_texts() -> list[T]:
    """The questions each kind of form starts with (forms/kinds.py), in English and
    in French, from the message catalogue."""
    pairs = []
    for specs in SYSTEM_FIELDS.values():
        for spec in specs:
            english, french = spec.texts("en"), spec.texts("fr")
            pairs += [T(english[name], french[name]) for name in english if english[name]]
    return pairs


HEADER_MENU = ["products", "service", "careers", "about", "contact"]
FOOTER_MENU = ["privacy", "cookies", "cookie-settings", "legal"]
# Footer links to site screens that are not pages: (key, URL name, label).
SITE_LINKS = {
    "cookie-settings": ("cookie_preferences", T("Cookie settings", "Paramètres des cookies"))
}

IMAGES = {
    "factory": T("T-Rock 8 on the quay", "T-Rock 8 sur le quai"),
    # Drawn by site/demo/drawings.py.
    "family": T("The Tevenn range", "La gamme Tevenn"),
    "handheld": T("T-Rock 8 handheld computer", "Terminal portable T-Rock 8"),
    "tablet": T("T-Tab 10 rugged tablet", "Tablette durcie T-Tab 10"),
    "scanner": T("T-Scan 2 barcode scanner", "Scanner de codes-barres T-Scan 2"),
}


@dataclass
class PurposeSpec:
    key: str
    legal_basis: str
    retention_value: int | None
    retention_unit: str
    retention_event: str
    staff_group: str
    texts: dict[str, T]


PURPOSES: list[PurposeSpec] = [
    PurposeSpec(
        key="customer-relations",
        legal_basis="contract",
        retention_value=5,
        retention_unit="years",
        retention_event="end_of_contract",
        staff_group="Support",
        texts={
            "name": T("Customer relations and support", "Relation client et support"),
            "description": T(
                "Answering questions, support tickets and delivery complaints from customers.",
                "Répondre aux questions, aux demandes de support et aux réclamations de livraison "
                "des clients.",
            ),
            "data_subjects": T("Customers and their staff", "Clients et leurs salariés"),
            "data_categories": T(
                "Identity, professional contact details, company, product and serial number, "
                "order number, message.",
                "Identité, coordonnées professionnelles, entreprise, produit et numéro de série, "
                "numéro de commande, message.",
            ),
            "recipients": T(
                "Customer service in Brest; our ticketing software provider (processor).",
                "Service client à Brest ; notre prestataire de logiciel de tickets (sous-traitant).",
            ),
        },
    ),
    PurposeSpec(
        key="repair",
        legal_basis="contract",
        retention_value=5,
        retention_unit="years",
        retention_event="end_of_contract",
        staff_group="Support",
        texts={
            "name": T("Repair service", "Service de réparation"),
            "description": T(
                "Repairing devices under warranty or service contract and sending them back.",
                "Réparer les terminaux sous garantie ou contrat de service et les renvoyer.",
            ),
            "data_subjects": T("Customers and their staff", "Clients et leurs salariés"),
            "data_categories": T(
                "Identity, contact details, return address, product, serial number, description "
                "of the fault.",
                "Identité, coordonnées, adresse de retour, produit, numéro de série, description "
                "de la panne.",
            ),
            "recipients": T(
                "Repair teams in Brest and, for the United States, Canada and Mexico, Tevenn "
                "Devices Inc. in Columbus, Ohio; carriers.",
                "Équipes de réparation de Brest et, pour les États-Unis, le Canada et le Mexique, "
                "Tevenn Devices Inc. à Columbus (Ohio) ; transporteurs.",
            ),
            "transfer_destination": T(
                "United States (Tevenn Devices Inc., repair centre)",
                "États-Unis (Tevenn Devices Inc., centre de réparation)",
            ),
            "transfer_safeguard": T(
                "Standard contractual clauses of the European Commission (2021/914)",
                "Clauses contractuelles types de la Commission européenne (2021/914)",
            ),
        },
    ),
    PurposeSpec(
        key="prospects",
        legal_basis="legitimate_interest",
        retention_value=3,
        retention_unit="years",
        retention_event="last_contact",
        staff_group="Sales",
        texts={
            "name": T("Prospects and project requests", "Prospects et demandes de projet"),
            "description": T(
                "Answering contact and project requests and following up with prospects.",
                "Répondre aux demandes de contact et de projet et assurer le suivi des prospects.",
            ),
            "legitimate_interest": T(
                "Developing our business with companies that contacted us.",
                "Développer notre activité avec les entreprises qui nous ont contactés.",
            ),
            "data_subjects": T("Prospects", "Prospects"),
            "data_categories": T(
                "Identity, professional contact details, company, sector, project description, "
                "timeframe and budget.",
                "Identité, coordonnées professionnelles, entreprise, secteur, description du "
                "projet, délai et budget.",
            ),
            "recipients": T(
                "Sales team; our CRM provider (processor).",
                "Équipe commerciale ; notre prestataire de CRM (sous-traitant).",
            ),
        },
    ),
    PurposeSpec(
        key="recruitment",
        legal_basis="contract",
        retention_value=2,
        retention_unit="years",
        retention_event="last_contact",
        staff_group="HR",
        texts={
            "name": T("Recruitment", "Recrutement"),
            "description": T(
                "Assessing applications for our job offers and unsolicited applications.",
                "Étudier les candidatures à nos offres d'emploi et les candidatures spontanées.",
            ),
            "data_subjects": T("Candidates", "Candidats"),
            "data_categories": T(
                "Identity, contact details, CV, cover letter, message.",
                "Identité, coordonnées, CV, lettre de motivation, message.",
            ),
            "recipients": T(
                "Human resources and the hiring managers concerned.",
                "Ressources humaines et responsables du recrutement concernés.",
            ),
        },
    ),
    PurposeSpec(
        key="newsletter",
        legal_basis="consent",
        retention_value=None,
        retention_unit="years",
        retention_event="withdrawal",
        staff_group="Marketing",
        texts={
            "name": T("Newsletter", "Lettre d'information"),
            "description": T(
                "Sending our newsletter about products and events, about once a month.",
                "Envoyer notre lettre d'information sur nos produits et événements, environ une "
                "fois par mois.",
            ),
            "data_subjects": T("Subscribers", "Abonnés"),
            "data_categories": T(
                "Email address, preferred language.", "Adresse e-mail, langue préférée."
            ),
            "recipients": T(
                "Marketing team; our emailing platform, hosted in the EU (processor).",
                "Équipe marketing ; notre plateforme d'e-mailing, hébergée dans l'UE "
                "(sous-traitant).",
            ),
            "consent_wording": T(
                "I agree to receive the Tevenn Devices newsletter at this address.",
                "J'accepte de recevoir la lettre d'information de Tevenn Devices à cette adresse.",
            ),
            "withdrawal_wording": T(
                "Unsubscribe at any time with the link at the bottom of every newsletter.",
                "Désinscrivez-vous à tout moment avec le lien en bas de chaque lettre.",
            ),
        },
    ),
    PurposeSpec(
        key="audience-measurement",
        legal_basis="consent",
        retention_value=13,
        retention_unit="months",
        retention_event="submission",
        staff_group="Marketing",
        texts={
            "name": T("Audience measurement", "Mesure d'audience"),
            "description": T(
                "Measuring which pages are read, to improve the site.",
                "Mesurer les pages consultées, pour améliorer le site.",
            ),
            "data_subjects": T("Visitors who accept it", "Visiteurs qui l'acceptent"),
            "data_categories": T(
                "Pseudonymous identifier, pages viewed, browser and device type.",
                "Identifiant pseudonyme, pages consultées, type de navigateur et d'appareil.",
            ),
            "recipients": T(
                "Web team; Google Ireland Ltd (Google Analytics, processor).",
                "Équipe web ; Google Ireland Ltd (Google Analytics, sous-traitant).",
            ),
            "transfer_destination": T("United States (Google LLC)", "États-Unis (Google LLC)"),
            "transfer_safeguard": T(
                "EU-US Data Privacy Framework",
                "Cadre de protection des données UE–États-Unis (Data Privacy Framework)",
            ),
            "consent_wording": T(
                "I accept audience measurement cookies.",
                "J'accepte les cookies de mesure d'audience.",
            ),
            "withdrawal_wording": T(
                "Change your choice at any time from “Cookie settings” at the bottom of every page.",
                "Modifiez votre choix à tout moment depuis « Paramètres des cookies » en bas de "
                "chaque page.",
            ),
        },
    ),
]


@dataclass
class CookieSpec:
    name: str
    provider: T
    purpose: T
    duration: T
    domain: str = ""


@dataclass
class CookieGroupSpec:
    varname: str
    name: T
    description: T
    is_required: bool
    ordering: int
    cookies: list[CookieSpec]


SITE = T("Tevenn Devices (this site)", "Tevenn Devices (ce site)")
COOKIE_GROUPS: list[CookieGroupSpec] = [
    CookieGroupSpec(
        "necessary",
        T("Strictly necessary", "Strictement nécessaires"),
        T(
            "Needed for the site to work and to keep it secure. They cannot be refused.",
            "Indispensables au fonctionnement et à la sécurité du site. Ils ne peuvent pas être "
            "refusés.",
        ),
        True,
        0,
        [
            CookieSpec(
                "csrftoken",
                SITE,
                T(
                    "Protects the site's forms against forged submissions.",
                    "Protège les formulaires du site contre les envois falsifiés.",
                ),
                T("1 year", "1 an"),
            ),
            CookieSpec(
                "sessionid",
                SITE,
                T(
                    "Keeps staff signed in to the administration.",
                    "Garde le personnel connecté à l'administration.",
                ),
                T("2 weeks", "2 semaines"),
            ),
            CookieSpec(
                "django_language",
                SITE,
                T(
                    "Remembers the language you chose with the language switcher.",
                    "Mémorise la langue choisie avec le sélecteur de langue.",
                ),
                T("1 year", "1 an"),
            ),
            CookieSpec(
                "cookie_consent",
                SITE,
                T(
                    "Remembers your choice about cookies, and its reference.",
                    "Mémorise votre choix sur les cookies, et sa référence.",
                ),
                T("6 months", "6 mois"),
            ),
        ],
    ),
    CookieGroupSpec(
        "analytics",
        T("Audience measurement", "Mesure d'audience"),
        T(
            "Google Analytics counts visits and pages read, so that we can improve the site.",
            "Google Analytics compte les visites et les pages lues, pour nous aider à améliorer "
            "le site.",
        ),
        False,
        10,
        [
            CookieSpec(
                "_ga",
                T("Google Analytics", "Google Analytics"),
                T(
                    "Tells visitors apart, with a random identifier.",
                    "Distingue les visiteurs, par un identifiant aléatoire.",
                ),
                T("13 months", "13 mois"),
            ),
            CookieSpec(
                "_ga_*",
                T("Google Analytics", "Google Analytics"),
                T("Keeps the state of your visit.", "Conserve l'état de votre visite."),
                T("13 months", "13 mois"),
            ),
        ],
    ),
    CookieGroupSpec(
        "functional",
        T("Functional", "Fonctionnels"),
        T(
            "Play videos hosted by YouTube in our pages.",
            "Permettent de lire dans nos pages les vidéos hébergées par YouTube.",
        ),
        False,
        20,
        [
            CookieSpec(
                "VISITOR_INFO1_LIVE",
                T("YouTube (Google)", "YouTube (Google)"),
                T(
                    "Set by YouTube when a video plays, to measure bandwidth.",
                    "Déposé par YouTube à la lecture d'une vidéo, pour mesurer la bande passante.",
                ),
                T("6 months", "6 mois"),
                domain=".youtube-nocookie.com",
            ),
        ],
    ),
    CookieGroupSpec(
        "marketing",
        T("Marketing", "Marketing"),
        T(
            "Measure the effect of our advertising campaigns.",
            "Mesurent l'effet de nos campagnes publicitaires.",
        ),
        False,
        30,
        [
            CookieSpec(
                "_gcl_au",
                T("Google Ads", "Google Ads"),
                T(
                    "Links a visit to an advertisement you clicked.",
                    "Relie une visite à une publicité sur laquelle vous avez cliqué.",
                ),
                T("3 months", "3 mois"),
            ),
        ],
    ),
    CookieGroupSpec(
        "social",
        T("Social networks", "Réseaux sociaux"),
        T(
            "Show buttons to share our pages on LinkedIn and X.",
            "Affichent des boutons pour partager nos pages sur LinkedIn et X.",
        ),
        False,
        40,
        [
            CookieSpec(
                "bcookie",
                T("LinkedIn", "LinkedIn"),
                T(
                    "Set by LinkedIn when you share a page with it.",
                    "Déposé par LinkedIn quand vous partagez une page avec ce réseau.",
                ),
                T("1 year", "1 an"),
                domain=".linkedin.com",
            ),
        ],
    ),
]

"""Create the demo site: pages in English, their French translations made with
wagtail-localize, the menus, and an admin user. Idempotent: what exists is kept
as it is, only what is missing is created."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from corpsite.staff_auth import devices
from forms import models as form_models
from pages import models as page_models
from privacy.cookies import cookie_group_save
from privacy.models import (
    CookieDeclaration,
    CookieGroupDeclaration,
    DataRequestPage,
    PolicyPage,
    PolicyVersion,
    PrivacySettings,
    Purpose,
)
from privacy.services import policy_version_publish

from .content import (
    COOKIE_GROUPS,
    FOOTER_MENU,
    HEADER_MENU,
    IMAGES,
    NEWSLETTER_ISSUE,
    PAGES,
    PRIVACY_V1_DAYS_AGO,
    PRIVACY_V1_RETENTION_YEARS,
    PRIVACY_V2,
    PURPOSES,
    SITE_LINKS,
    ImageRef,
    PageRef,
    PageSpec,
    T,
    form_field_texts,
)
from .drawings import DRAWINGS

PAGE_MODELS = {
    "HomePage": page_models.HomePage,
    "ContentPage": page_models.ContentPage,
    "JobIndexPage": page_models.JobIndexPage,
    "JobOfferPage": page_models.JobOfferPage,
    "PolicyPage": PolicyPage,
    "DataRequestPage": DataRequestPage,
    "ContactFormPage": form_models.ContactFormPage,
    "ProjectFormPage": form_models.ProjectFormPage,
    "SupportFormPage": form_models.SupportFormPage,
    "RepairFormPage": form_models.RepairFormPage,
    "DeliveryFormPage": form_models.DeliveryFormPage,
    "ApplicationFormPage": form_models.ApplicationFormPage,
    "NewsletterPage": form_models.NewsletterPage,
    "ProductIndexPage": page_models.ProductIndexPage,
    "ProductPage": page_models.ProductPage,
}
PURPOSE_FIELDS = {"purpose", "marketing_purpose"}

ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@tevenn.example"


class MissingDemoTranslation(Exception):
    """A string of the English demo content has no French text in content.py."""


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    admin_username: str = ADMIN_USERNAME
    admin_password: str | None = None
    # The admin's unused recovery codes (second factor without a phone).
    admin_recovery_codes: list[str] = field(default_factory=list)


def _pairs(value: Any):
    """Every T pair inside a (nested) content value."""
    if isinstance(value, T):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _pairs(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _pairs(item)


def _strip_p(text: str) -> str:
    return text.removeprefix("<p>").removesuffix("</p>")


def build_glossary() -> dict[str, str]:
    """English source string -> French translation, for every string of the demo."""
    glossary: dict[str, str] = {}
    everything = [
        (spec.title, spec.slug, spec.search_description, spec.fields, spec.body) for spec in PAGES
    ]
    purposes = [spec.texts for spec in PURPOSES]
    extra = [
        form_field_texts(),
        list(IMAGES.values()),
        NEWSLETTER_ISSUE,
        SITE_LINKS,
        PRIVACY_V2,
    ]
    cookies = [
        (
            group.name,
            group.description,
            [(c.provider, c.purpose, c.duration) for c in group.cookies],
        )
        for group in COOKIE_GROUPS
    ]
    extra.append(cookies)
    for pair in _pairs([everything, purposes, *extra]):
        glossary[pair.en] = pair.fr
        glossary[_strip_p(pair.en)] = _strip_p(pair.fr)
        # wagtail-localize shows line breaks of plain text as <br/>.
        glossary[pair.en.replace("\n", "<br/>")] = pair.fr.replace("\n", "<br/>")
    # Texts that are the same in both languages (staff addresses, for instance).
    for spec in PAGES:
        for value in _plain_strings(spec.fields):
            glossary.setdefault(value, value)
    return glossary


def _plain_strings(value: Any):
    """Every plain string inside a (nested) content value (the same in both languages:
    names, telephone numbers)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _plain_strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _plain_strings(item)


def _english(value: Any, resolve_page) -> Any:
    """The English value of a content value, with page keys resolved."""
    if isinstance(value, T):
        return value.en
    if isinstance(value, dict):
        return {
            key: resolve_page(item) if key == "page" else _english(item, resolve_page)
            for key, item in value.items()
        }
    return value


def _demo_image(key: str, title: T):
    Image = get_image_model()
    existing = Image.objects.filter(title=title.en).first()
    if existing:
        return existing, False
    if key in DRAWINGS:
        canvas = DRAWINGS[key]()
    else:
        canvas = PILImage.new("RGB", (1200, 600), "#1b2430")
        draw = ImageDraw.Draw(canvas)
        draw.polygon([(600, 90), (880, 510), (320, 510)], fill="#c2410c")
        draw.rectangle([(520, 260), (680, 470)], fill="#e2e8f0")
        draw.rectangle([(540, 285), (660, 400)], fill="#334155")
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title.en)
    image.file = ImageFile(buffer, name=f"demo-{key}.png")
    image.save()
    return image, True


def _stream(body: list[tuple[str, Any]], resolve_page, images) -> list[tuple[str, Any]]:
    blocks = []
    for block_type, value in body:
        if block_type == "paragraph":
            blocks.append((block_type, RichText(f"<p>{value.en}</p>")))
        elif block_type == "image":
            blocks.append(
                (
                    block_type,
                    {
                        "image": images[value["image"]],
                        "alt_text": value["alt_text"].en,
                        "caption": value["caption"].en,
                    },
                )
            )
        else:
            blocks.append((block_type, _english(value, resolve_page)))
    return blocks


def _page_fields(spec: PageSpec, images: dict) -> dict[str, Any]:
    """The fields of a new page, but its links to other pages (_page_links)."""
    fields: dict[str, Any] = {}
    for name, value in spec.fields.items():
        if isinstance(value, PageRef):
            continue
        if isinstance(value, ImageRef):
            fields[name] = images[value.key]
        elif isinstance(value, list):  # a StreamField's blocks
            fields[name] = [
                (block_type, _english(item, lambda key: key)) for block_type, item in value
            ]
        elif name == "published_days_ago":
            fields["published_date"] = timezone.localdate() - timedelta(days=value)
        elif name == "closing_in_days":
            fields["closing_date"] = (
                None if value is None else timezone.localdate() + timedelta(days=value)
            )
        elif name in PURPOSE_FIELDS:
            fields[name] = Purpose.objects.get(key=value, locale=Locale.get_default())
        else:
            fields[name] = value.en if isinstance(value, T) else value
    if spec.search_description:
        fields["search_description"] = spec.search_description.en
    return fields


def _home(report: SeedReport, locale: Locale, images: dict) -> page_models.HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, page_models.HomePage):
        return site.root_page.specific
    spec = PAGES[0]
    root = Page.get_first_root_node()
    # Wagtail's migration creates a placeholder "Welcome" page with the slug "home":
    # it makes way for the real home page and is deleted once the site points there.
    placeholder = site.root_page if site else None
    if placeholder and (placeholder.specific_class is not Page or placeholder.get_children()):
        placeholder = None
    if placeholder:
        Page.objects.filter(pk=placeholder.pk).update(slug=f"wagtail-welcome-{placeholder.pk}")
    home = page_models.HomePage(
        title=spec.title.en, slug=spec.slug.en, locale=locale, **_page_fields(spec, images)
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    site.root_page = home
    site.site_name = "Tevenn Devices"
    site.save()
    if placeholder:
        Page.objects.get(pk=placeholder.pk).delete()
    report.created.append("page home (en)")
    return home


def _translate(instance, locale: Locale, glossary: dict[str, str]) -> None:
    """Translate an object with wagtail-localize, as an editor would in the admin.

    wagtail-localize publishes a page's translation when the transaction commits,
    from a revision taken before its children exist; each translation therefore
    commits on its own, before the next page is translated under it.
    """
    with transaction.atomic():
        _translate_in_transaction(instance, locale, glossary)


def _translate_in_transaction(instance, locale: Locale, glossary: dict[str, str]) -> None:
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        text = segment.string.data
        if text not in glossary:
            raise MissingDemoTranslation(f"No French text for {text!r} ({segment.context.path})")
        StringTranslation.objects.get_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={"data": glossary[text], "translation_type": "manual"},
        )
    translation.save_target(publish=True)


def _admin_user(report: SeedReport) -> None:
    User = get_user_model()
    user = User.objects.filter(username=ADMIN_USERNAME).first()
    password_file = settings.DEMO_ADMIN_PASSWORD_FILE
    password = password_file.read_text().strip() if password_file.exists() else None
    if user and password and user.check_password(password):
        report.admin_password = password
        _admin_second_factor(report, user)
        return
    password = secrets.token_urlsafe(12)
    if user is None:
        user = User(username=ADMIN_USERNAME, email=ADMIN_EMAIL, is_staff=True, is_superuser=True)
        report.created.append("admin user")
    user.set_password(password)
    user.save()
    password_file.parent.mkdir(parents=True, exist_ok=True)
    password_file.write_text(password + "\n")
    password_file.chmod(0o600)
    report.admin_password = password
    _admin_second_factor(report, user)


# Below this many unused recovery codes, the seed gives the demo admin new ones.
MIN_RECOVERY_CODES = 3


def _admin_second_factor(report: SeedReport, user) -> None:
    """The demo admin signs in with a second factor like any superuser, without a
    phone: an authenticator device whose current code `manage.py demo_totp_code`
    prints (DEBUG only), and recovery codes kept next to the password file."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if not devices.has_second_factor(user):
        device = devices.pending_totp_device(user)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        report.created.append("admin authenticator device")
    codes = list(
        StaticToken.objects.filter(
            device__in=StaticDevice.objects.devices_for_user(user, confirmed=True)
        ).values_list("token", flat=True)
    )
    codes_file = settings.DEMO_ADMIN_RECOVERY_CODES_FILE
    if len(codes) < MIN_RECOVERY_CODES or not codes_file.exists():
        codes = devices.new_recovery_codes(user)
        codes_file.parent.mkdir(parents=True, exist_ok=True)
        codes_file.write_text("\n".join(codes) + "\n")
        codes_file.chmod(0o600)
        report.created.append("admin recovery codes")
    report.admin_recovery_codes = sorted(codes)


def seed_demo() -> SeedReport:
    """Create what is missing of the demo site. Call it outside a transaction:
    translations are published when each one commits (see _translate)."""
    report = SeedReport()
    default_locale = Locale.get_default()
    other_locales = [
        Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != default_locale.language_code
    ]
    french = next(loc for loc in other_locales if loc.language_code == "fr")
    glossary = build_glossary()

    images = {}
    for key, title in IMAGES.items():
        images[key], created = _demo_image(key, title)
        if created:
            report.created.append(f"image {key}")

    # 0. The registry of purposes: pages (forms, policies) refer to it.
    _purposes(report, default_locale, french, glossary)

    # 1. The English pages, parents first.
    pages: dict[str, Page] = {"home": _home(report, default_locale, images)}
    new_pages: set[str] = {"home"} if "page home (en)" in report.created else set()
    for spec in PAGES[1:]:
        parent = pages[spec.parent]
        page = parent.get_children().filter(slug=spec.slug.en).specific().first()
        if page is None:
            model = PAGE_MODELS[spec.model]
            page = model(title=spec.title.en, slug=spec.slug.en, **_page_fields(spec, images))
            parent.add_child(instance=page)
            page.save_revision().publish()
            new_pages.add(spec.key)
            report.created.append(f"page {spec.key} (en)")
        pages[spec.key] = page

    # 2. Bodies, once every page they link to exists.
    def resolve(key: str) -> Page:
        return pages[key]

    for spec in PAGES:
        if spec.key in new_pages and spec.body:
            page = pages[spec.key].specific
            page.body = _stream(spec.body, resolve, images)
            page.save_revision().publish()

    # 3. French translations, parents first.
    for spec in PAGES:
        page = Page.objects.get(pk=pages[spec.key].pk).specific
        if not page.has_translation(french):
            _translate(page, french, glossary)
            report.created.append(f"page {spec.key} (fr)")

    # 4. Links of pages to pages (a home page's banner to the product range, a
    # product's calls to action to the forms), once every page has its translation,
    # and the translations brought up to date.
    for spec in PAGES:
        links = {name: value for name, value in spec.fields.items() if isinstance(value, PageRef)}
        if spec.key not in new_pages or not links:
            continue
        page = Page.objects.get(pk=pages[spec.key].pk).specific
        for name, ref in links.items():
            setattr(page, name, pages[ref.key])
        page.save_revision().publish()
        _translate(page, french, glossary)

    # 5. Menus.
    for slot, keys in (("header", HEADER_MENU), ("footer", FOOTER_MENU)):
        menu = page_models.Menu.objects.filter(slot=slot, locale=default_locale).first()
        if menu is None:
            menu = page_models.Menu.objects.create(
                slot=slot,
                locale=default_locale,
                items=[_menu_item(key, pages) for key in keys],
            )
            report.created.append(f"menu {slot} (en)")
        if not menu.has_translation(french):
            _translate(menu, french, glossary)
            report.created.append(f"menu {slot} (fr)")

    # 6. Version 1 of each policy; the privacy policy's version 2.
    for spec in PAGES:
        if spec.model != "PolicyPage" or pages[spec.key].specific.versions().exists():
            continue
        if spec.key == "privacy":
            _privacy_versions(report, pages[spec.key].specific, french, glossary, resolve, images)
            continue
        policy_version_publish(
            page=pages[spec.key].specific,
            effective_date=timezone.localdate(),
            is_material=False,
        )
        report.created.append(f"policy {spec.key} version 1")
    _privacy_settings(report)
    _newsletter_issue(report, default_locale, french, glossary)
    _cookie_groups(report, default_locale, french, glossary)

    _admin_user(report)
    return report


def _set_retention_years(years: dict[str, int]) -> None:
    """Set the retention periods of purposes, in every language. The demo's history
    is written directly, not through Purpose.save: the audit log records no change
    of rules that nobody made, and no submission exists yet whose deadline would
    follow."""
    for key, value in years.items():
        Purpose.objects.filter(key=key).update(retention_value=value)


def _privacy_versions(report, page, french, glossary, resolve, images) -> None:
    """Version 1 of the privacy policy, in force since PRIVACY_V1_DAYS_AGO days with
    the retention periods of the time, then version 2, a material change in force
    today: what an editor would have done over these months, replayed at once."""
    current_years = {
        spec.key: spec.retention_value
        for spec in PURPOSES
        if spec.key in PRIVACY_V1_RETENTION_YEARS
    }
    _set_retention_years(PRIVACY_V1_RETENTION_YEARS)
    version_1 = policy_version_publish(
        page=page, effective_date=timezone.localdate(), is_material=False
    )
    # Published versions cannot be dated in the past (privacy.services): the demo's
    # history is written directly.
    then = timezone.now() - timedelta(days=PRIVACY_V1_DAYS_AGO)
    PolicyVersion.objects.filter(pk=version_1.pk).update(
        effective_date=timezone.localdate(then), published_at=then
    )
    report.created.append("policy privacy version 1")
    _set_retention_years(current_years)

    page = PolicyPage.objects.get(pk=page.pk)
    body = list(page.body.raw_data)
    position = next(
        index
        for index, block in enumerate(body)
        if block["type"] == "heading" and block["value"]["text"] == "Your rights"
    )
    stream = [(child.block_type, child.value) for child in page.body]
    stream[position:position] = _stream(PRIVACY_V2["body"], resolve, images)
    page.body = stream
    page.change_summary = PRIVACY_V2["change_summary"].en
    page.save_revision().publish()
    _translate(page, french, glossary)
    policy_version_publish(page=page, effective_date=timezone.localdate(), is_material=True)
    report.created.append("policy privacy version 2")


def _purposes(report: SeedReport, default_locale: Locale, french: Locale, glossary) -> None:
    from django.contrib.auth.models import Group

    for spec in PURPOSES:
        purpose = Purpose.objects.filter(key=spec.key, locale=default_locale).first()
        if purpose is None:
            purpose = Purpose(
                key=spec.key,
                locale=default_locale,
                legal_basis=spec.legal_basis,
                retention_value=spec.retention_value,
                retention_unit=spec.retention_unit,
                retention_event=spec.retention_event,
                staff_group=Group.objects.get(name=spec.staff_group),
                **{name: text.en for name, text in spec.texts.items()},
            )
            purpose.full_clean()
            purpose.save()
            report.created.append(f"purpose {spec.key} (en)")
        if not purpose.has_translation(french):
            _translate(purpose, french, glossary)
            report.created.append(f"purpose {spec.key} (fr)")


def _privacy_settings(report: SeedReport) -> None:
    settings_ = PrivacySettings.load()
    if settings_.controller_name:
        return
    settings_.controller_name = "Tevenn Devices SAS"
    settings_.controller_address = "12 quai de la Douane\n29200 Brest\nFrance"
    settings_.dpo_contact = "privacy@tevenn.example"
    settings_.security_measures = (
        "Access limited by staff group and purpose; TLS everywhere; encrypted backups; "
        "uploaded files stored outside the web root; personal data erased on schedule."
    )
    settings_.save()
    report.created.append("privacy settings")


def _newsletter_issue(report: SeedReport, default_locale: Locale, french: Locale, glossary):
    title = NEWSLETTER_ISSUE["title"].en
    issue = form_models.NewsletterIssue.objects.filter(title=title, locale=default_locale).first()
    if issue is None:
        issue = form_models.NewsletterIssue.objects.create(
            locale=default_locale,
            **{name: text.en for name, text in NEWSLETTER_ISSUE.items()},
        )
        report.created.append("newsletter issue (en)")
    if not issue.has_translation(french):
        _translate(issue, french, glossary)
        report.created.append("newsletter issue (fr)")


def _menu_item(key: str, pages: dict):
    if key in SITE_LINKS:
        target, label = SITE_LINKS[key]
        return ("site", {"target": target, "label": label.en})
    return ("page", {"page": pages[key], "label": ""})


def _cookie_groups(report: SeedReport, default_locale: Locale, french: Locale, glossary):
    for spec in COOKIE_GROUPS:
        group = CookieGroupDeclaration.objects.filter(
            varname=spec.varname, locale=default_locale
        ).first()
        if group is None:
            group = CookieGroupDeclaration(
                varname=spec.varname,
                locale=default_locale,
                name=spec.name.en,
                description=spec.description.en,
                is_required=spec.is_required,
                ordering=spec.ordering,
            )
            group.cookies = [
                CookieDeclaration(
                    name=cookie.name,
                    provider=cookie.provider.en,
                    purpose=cookie.purpose.en,
                    duration=cookie.duration.en,
                    domain=cookie.domain,
                    sort_order=index,
                )
                for index, cookie in enumerate(spec.cookies)
            ]
            cookie_group_save(group=group)
            report.created.append(f"cookie group {spec.varname} (en)")
        if not group.has_translation(french):
            _translate(group, french, glossary)
            report.created.append(f"cookie group {spec.varname} (fr)")

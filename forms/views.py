"""What a visitor sees of a form page: the form, its privacy notice, the thank-you page."""

from __future__ import annotations

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from corpsite.base.client import client_ip, truncate_ip
from corpsite.base.ratelimits import rate_limit_exceeded
from pages.models import JobOfferPage
from privacy.models.purposes import Purpose
from privacy.selectors import policy_in_force

from .antispam import recaptcha_enabled
from .builder import JOB_OFFER_FIELD, build_form_class
from .frame import form_page_frame_get, privacy_notice_get
from .kinds import FormKind
from .services import submission_create

THANKS_SALT = "forms.thanks"
THANKS_MAX_AGE = 3600
RECAPTCHA_SOURCES = {
    "script-src": ["https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/"],
    "frame-src": ["https://www.google.com/recaptcha/", "https://recaptcha.google.com/"],
}


def _job_offers(page):
    """Open positions in the page's language, for the application form."""
    offers = JobOfferPage.objects.live().public().filter(locale=page.locale)
    return [(offer.pk, offer.title) for offer in offers if offer.is_open]


def _load_purposes(page) -> None:
    """The page's purpose and optional marketing purpose, read in one query."""
    ids = {page.purpose_id, page.marketing_purpose_id} - {None}
    if ids:
        found = Purpose.objects.in_bulk(ids)
        page.purpose = found.get(page.purpose_id)
        page.marketing_purpose = found.get(page.marketing_purpose_id)


def form_page_serve(request, page):
    # Error reports (Django's 500 emails, logs) must never carry what visitors typed.
    request.sensitive_post_parameters = "__ALL__"
    if page.purpose_id is None:  # only a draft can be in this state: never collect without one
        raise Http404
    language = get_language()
    # What the page shows comes from the frame's cache (forms.frame): a GET costs no
    # query beyond finding the page. A POST stores what is in force, read anew.
    frame = form_page_frame_get(
        page=page, language=language, preview=getattr(request, "is_preview", False)
    )
    policy_link, controller_line = privacy_notice_get(language=language)
    if request.method == "POST":
        _load_purposes(page)
        offers = _job_offers(page) if page.kind == FormKind.APPLICATION else None
        fields = list(page.form_fields.all())
        policy = policy_in_force(language=language)
        form_class = build_form_class(
            page, fields=fields, remote_ip=client_ip(request), job_offers=offers
        )
    else:
        offers = frame.open_job_offers()
        form_class = build_form_class(
            page,
            fields=frame.form_fields(),
            remote_ip=client_ip(request),
            job_offers=offers,
            purpose=frame.purpose,
            marketing=frame.marketing,
        )
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, page=page)
        if rate_limit_exceeded(request, scope="forms"):
            form.add_error(
                None, _("Too many messages were sent from your network. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            data = dict(form.cleaned_data)
            offer_id = data.get(JOB_OFFER_FIELD)
            if offer_id:
                data["_job_offer_page"] = JobOfferPage.objects.get(pk=offer_id)
            submission = submission_create(
                page=page,
                data=data,
                language=get_language(),
                ip_prefix=truncate_ip(client_ip(request)),
                fields=fields,
                policy=policy,
            )
            token = signing.dumps(submission.reference, salt=THANKS_SALT)
            return redirect(page.thanks_url(token))
        else:
            status = 400
    else:
        initial = {}
        offer = request.GET.get("offer", "")
        if offers and offer.isdigit() and int(offer) in dict(offers):
            initial[JOB_OFFER_FIELD] = int(offer)
        form = form_class(page=page, initial=initial)
    response = TemplateResponse(
        request,
        page.get_template(request),
        {
            "page": page,
            "self": page,
            "form": form,
            "purpose": frame.purpose,
            "policy": policy_link,
            "controller_line": controller_line,
        },
        status=status,
    )
    if recaptcha_enabled():
        response._csp_update = RECAPTCHA_SOURCES
    return response


def form_page_thanks(request, page, token: str):
    try:
        reference = signing.loads(token, salt=THANKS_SALT, max_age=THANKS_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    response = TemplateResponse(
        request,
        "forms/thanks.html",
        {"page": page, "self": page, "reference": reference},
    )
    # One visitor's reference: never kept by the page cache or any shared cache.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response

"""Public media on S3-compatible object storage (corpsite.base.object_storage), against
a local moto server: an image uploaded through Wagtail's admin lands in the bucket, the
page showing it links its rendition at an unsigned URL a browser loads from the bucket,
the page's CSP lets that origin in; documents and visitors' files stay private."""

import io
import re
import urllib.error
import urllib.request

import pytest
from bs4 import BeautifulSoup
from django.core.files.storage import storages
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from corpsite.settings.base import (
    allow_media_origin,
    public_media_base_url,
    public_media_storage,
)
from tests.factories import ContentPageFactory
from tests.forms.conftest import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def png_bytes(width: int = 1600, height: int = 900) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (200, 60, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def fetch(url: str) -> tuple[int, bytes, str]:
    """A browser's GET, without credentials: the status, the body, the content type."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


@pytest.fixture
def s3_media(s3_bucket, settings):
    """The public media in the bucket too, configured as production.py does it."""
    base_url = public_media_base_url(bucket=s3_bucket.name, endpoint_url=s3_bucket.endpoint)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": public_media_storage(
            bucket=s3_bucket.name,
            base_url=base_url,
            endpoint_url=s3_bucket.endpoint,
            region="us-east-1",
        ),
    }
    settings.MEDIA_URL = f"{base_url}/media/"
    settings.WAGTAILDOCS_SERVE_METHOD = "serve_view"
    policy = {"DIRECTIVES": dict(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])}
    allow_media_origin(policy, base_url)
    settings.CONTENT_SECURITY_POLICY = policy
    return s3_bucket


def test_an_image_uploaded_in_wagtail_is_shown_from_the_bucket_unsigned(
    client, superuser, home_en, s3_media
):
    client.force_login(superuser)
    response = client.post(
        "/admin/images/add/",
        {"title": "Repair bench", "file": upload("bench.png", png_bytes(), "image/png")},
    )
    assert response.status_code == 302, response.content[:2000]
    image = get_image_model().objects.get(title="Repair bench")
    assert (image.width, image.height) == (1600, 900)
    (original,) = s3_media.keys("media/original_images/")
    assert original == f"media/{image.file.name}"

    page = ContentPageFactory(
        parent=home_en,
        body=[("image", {"image": image, "alt_text": "A repair bench", "caption": ""})],
    )
    page.save_revision().publish()
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    src = BeautifulSoup(response.content, "html.parser").find("img", alt="A repair bench")["src"]
    # A plain URL of the bucket, unsigned: the same for every visitor and every machine.
    assert src.startswith(f"{s3_media.endpoint}/{s3_media.name}/media/images/")
    assert "?" not in src and "Signature" not in src and "X-Amz" not in src
    # The rendition was made and stored in the bucket, not on this machine's disk.
    (rendition,) = image.renditions.all()
    assert s3_media.keys("media/images/") == [f"media/{rendition.file.name}"]
    status, body, content_type = fetch(src)
    assert status == 200 and content_type == "image/png"
    assert PILImage.open(io.BytesIO(body)).size == (1200, 675)  # width-1200
    # The page's policy lets the bucket's origin in for images, nothing else.
    csp = response["Content-Security-Policy"]
    img_src = re.search(r"img-src ([^;]+)", csp).group(1).split()
    assert s3_media.endpoint in img_src
    assert s3_media.endpoint not in re.search(r"script-src ([^;]+)", csp).group(1)


def test_documents_and_visitors_files_stay_private_in_the_same_bucket(
    client, superuser, make_submission, s3_media
):
    submission = make_submission("application", cv=upload("cv-ana.pdf", pdf_bytes("CV")))
    key = f"private/{submission.files.get(field_name='cv').file.name}"
    assert s3_media.anonymous_get(key) == 403  # no signature: refused
    with pytest.raises(ValueError, match="no URL"):
        storages["private"].url(submission.files.get().file.name)

    brochure = pdf_bytes("Product brochure")
    client.force_login(superuser)
    response = client.post(
        "/admin/documents/multiple/add/",
        {"files[]": upload("brochure.pdf", brochure)},
    )
    assert response.status_code == 200, response.content[:2000]
    document = get_document_model().objects.get()
    (document_key,) = s3_media.keys("media/documents/")
    assert s3_media.anonymous_get(document_key) == 403
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 - the property raises
    client.logout()
    # Served by Wagtail's view (which checks a collection's privacy), streamed from
    # the bucket: no redirect to an object's address.
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == brochure


def test_a_url_without_signature_is_refused_for_private_objects_and_given_for_images(s3_media):
    storage = storages["default"]
    name = storage.save("original_images/logo.png", io.BytesIO(png_bytes(10, 10)))
    status, body, _ = fetch(storage.url(name))
    assert status == 200 and body.startswith(b"\x89PNG")
    probe = storage.save("health/probe.txt", io.BytesIO(b"ok"))
    assert s3_media.anonymous_get(f"media/{probe}") == 403
    with pytest.raises(NotImplementedError):
        storage.url(probe)

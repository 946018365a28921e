"""Tests in parallel processes (pytest -n 2) share no folder: each test has its own
private storage."""

from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from forms.models import SubmissionFile
from privacy.models import PersonExport
from tests.conftest import private_storages


def test_each_test_has_its_own_private_storage(tmp_path):
    fields = [SubmissionFile._meta.get_field("file"), PersonExport._meta.get_field("file")]
    assert len(private_storages()) >= 1
    for storage in [storages["private"], *(field.storage for field in fields)]:
        name = storage.save("isolation/check.txt", ContentFile(b"x"))
        assert Path(storage.path(name)).is_relative_to(tmp_path)
    assert Path(settings.FILE_UPLOAD_TEMP_DIR).is_relative_to(tmp_path)

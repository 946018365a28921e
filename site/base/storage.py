"""Private storage for visitors' uploads: outside MEDIA_ROOT and STATIC_ROOT, no
public URL, random file names. Files are served only through the admin view that
checks the user's rights."""

import uuid
from pathlib import PurePath

from django.core.files.storage import storages


def private_storage():
    return storages["private"]


def private_upload_to(instance, filename: str) -> str:
    """A random name keeping only the (validated) extension; the original name is
    stored apart, for the export to the person."""
    extension = PurePath(filename).suffix.lower()[:10]
    return f"submissions/{uuid.uuid4().hex}{extension}"

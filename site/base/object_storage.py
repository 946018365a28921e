"""Private storage on S3-compatible object storage (django-storages), for several
app machines: visitors' files and exports in a bucket every machine reaches.

Objects are written with the ACL ``private`` and the storage gives no URL at all,
signed or not: a private file reaches a browser only streamed through the view that
checked the user's rights, exactly as from the local private folder. Names are never
overwritten (a new name when one exists), so the privacy journal's objects stay
append-only too.
"""

from storages.backends.s3 import S3Storage


class PrivateS3Storage(S3Storage):
    def __init__(self, **options):
        super().__init__(**options)
        # Whatever the options or AWS_* settings say: private, never overwritten.
        self.default_acl = "private"
        self.file_overwrite = False
        self.custom_domain = None
        self.querystring_auth = True

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError(
            "Private files have no URL: they are served by the views that check the user's rights."
        )

"""Object storage (S3-compatible, django-storages), for several app machines: the
public media (Wagtail's images and renditions) and the private files (visitors' files,
exports, the privacy journal; Wagtail's documents) in a bucket every machine reaches.

Objects are written with the ACL ``private`` and the storage gives no URL at all,
signed or not: a private file reaches a browser only streamed through the view that
checked the user's rights, exactly as from the local private folder. Names are never
overwritten (a new name when one exists), so the privacy journal's objects stay
append-only too.
"""

from storages.backends.s3 import S3Storage

# Wagtail's original images and their renditions: the only public objects.
PUBLIC_PREFIXES = ("original_images/", "images/")


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


class PublicMediaS3Storage(S3Storage):
    """``STORAGES["default"]`` on object storage: Wagtail's images and renditions are
    written readable by everyone (ACL ``public-read``, or the bucket's policy when
    ``acl`` is empty) and addressed by plain, unsigned URLs under ``base_url`` (a CDN's
    domain, or the bucket's own address): a browser loads them from there, whichever
    machine made them. Anything else written here (Wagtail's documents, which a
    collection may restrict; the health check's probe) stays private: documents are
    streamed by Wagtail's serve view (``WAGTAILDOCS_SERVE_METHOD = "serve_view"``),
    which checks the collection's privacy first, never by a link to the object."""

    def __init__(self, *, base_url: str, acl: str = "public-read", **options):
        scheme, _, domain = base_url.partition("://")
        super().__init__(**options)
        self.public_acl = acl
        self.default_acl = None
        self.file_overwrite = False  # two uploads named alike never replace each other
        self.querystring_auth = False
        self.url_protocol = f"{scheme}:"
        self.custom_domain = domain.rstrip("/")

    @staticmethod
    def is_public(name: str) -> bool:
        return name.startswith(PUBLIC_PREFIXES)

    def get_object_parameters(self, name):
        # Called with the object's key: the name under the location.
        relative = name.removeprefix(f"{self.location}/") if self.location else name
        params = super().get_object_parameters(name)
        if not self.is_public(relative):
            params["ACL"] = "private"
        elif self.public_acl:  # else the bucket's policy makes images readable
            params["ACL"] = self.public_acl
        return params

    def url(self, name, parameters=None, expire=None, http_method=None):
        if not self.is_public(name):
            # NotImplementedError, as a storage without URLs: Wagtail's document view
            # then streams the file itself, after its privacy checks.
            raise NotImplementedError(
                "Only images have a public URL: documents are served by Wagtail's serve view."
            )
        return super().url(name, parameters, expire, http_method)

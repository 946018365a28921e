from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import personal_data, signals
        from .models import Menu

        personal_data.register()
        # Every page type (those of forms and privacy too): the frame shows their titles
        # and URLs. A deleted page's rows are deleted as Page rows as well.
        page_published.connect(signals.frame_changed, dispatch_uid="pages.frame.published")
        page_unpublished.connect(signals.frame_changed, dispatch_uid="pages.frame.unpublished")
        post_page_move.connect(signals.frame_changed, dispatch_uid="pages.frame.moved")
        post_delete.connect(signals.frame_changed, sender=Page, dispatch_uid="pages.frame.deleted")
        # The product cards show pictures, and only public pages (pages.showcase).
        for model in (Menu, Site, PageViewRestriction, get_image_model()):
            post_save.connect(signals.frame_changed, sender=model)
            post_delete.connect(signals.frame_changed, sender=model)

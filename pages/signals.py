"""Signal receivers of the pages app, connected in ``PagesConfig.ready()``."""

from __future__ import annotations

from corpsite.base.frame import frame_invalidate


def frame_changed(sender, **kwargs) -> None:
    """A page was published, unpublished, moved or deleted, or a menu, a site, a view
    restriction or an image changed: the frame of every language is rebuilt on its
    next request (a page's title and URL show in the menus, and in the other languages'
    language links; the product cards show pictures and public pages only)."""
    if kwargs.get("raw"):
        return
    frame_invalidate()

"""Signal receivers of the pages app, connected in ``PagesConfig.ready()``."""

from __future__ import annotations

from corpsite.base.frame import frame_invalidate


def frame_changed(sender, **kwargs) -> None:
    """A page was published, unpublished, moved or deleted, or a menu or a site
    changed: the frame of every language is rebuilt on its next request (a page's
    title and URL show in the menus, and in the other languages' language links)."""
    if kwargs.get("raw"):
        return
    frame_invalidate()

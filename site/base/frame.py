"""The shared frame's cache: what every page shows around its content (menus, footer,
language links, cookie banner, newsletter sign-up), built once per language and kept
in the default cache, so that a page's query count does not grow with the menu.

Each app builds its own structures (``frame_cached``) from plain, picklable data
(titles, URLs, ids: never model instances, whose lazy relations would query again
or pickle stale rows). Every structure of a language is stamped with that language's
generation; ``frame_invalidate`` gives the languages a new generation, which makes
every structure built before it stale at once. The apps call it from their signal
receivers (pages: publish, unpublish, move, delete of a page, menus; privacy: cookie
declarations, policy versions, purposes), right away and again when the transaction
commits, so that a request that rebuilt a structure from the data before the commit
cannot keep it.

A structure and its language's generation are read in one cache round trip.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

# Structures that depend on time as well as on data (the policy in force, from its
# effective date) pass a shorter timeout.
FRAME_TIMEOUT = 24 * 60 * 60
_GENERATION_KEY = "frame:generation:{language}"
_STRUCTURE_KEY = "frame:{name}:{language}:{parts}"


def _generation_key(language: str) -> str:
    return _GENERATION_KEY.format(language=language)


def frame_cached(
    *,
    name: str,
    language: str,
    build: Callable[[], T],
    parts: Iterable[Any] = (),
    timeout: int = FRAME_TIMEOUT,
) -> T:
    """The structure ``name`` of ``language`` (``parts`` tell apart the variants of one
    structure: the site, a page), built by ``build`` when absent or stale."""
    generation_key = _generation_key(language)
    key = _STRUCTURE_KEY.format(
        name=name, language=language, parts=":".join(str(part) for part in parts)
    )
    found = cache.get_many([generation_key, key])
    generation = found.get(generation_key)
    stored = found.get(key)
    if generation is not None and stored is not None and stored[0] == generation:
        return stored[1]
    if generation is None:
        generation = _new_generation(generation_key)
    value = build()
    cache.set(key, (generation, value), timeout=timeout)
    return value


def _new_generation(generation_key: str) -> str:
    generation = uuid.uuid4().hex
    # Another process may have set it meanwhile: keep theirs.
    if not cache.add(generation_key, generation, timeout=None):
        generation = cache.get(generation_key, generation)
    return generation


def frame_generation(*, language: str) -> str:
    """The current generation of ``language``'s frame: it changes whenever
    ``frame_invalidate`` runs for that language, so a key that includes it (the page
    cache's, corpsite.page_cache) goes stale with the frame."""
    generation_key = _generation_key(language)
    return cache.get(generation_key) or _new_generation(generation_key)


def _new_generations(languages: Iterable[str]) -> None:
    cache.set_many({_generation_key(code): uuid.uuid4().hex for code in languages}, timeout=None)


def frame_invalidate(*, languages: Iterable[str] | None = None) -> None:
    """Make every frame structure of ``languages`` (all the site's languages by
    default) stale, now and once the current transaction commits."""
    codes = list(languages) if languages is not None else [code for code, _ in settings.LANGUAGES]
    _new_generations(codes)
    transaction.on_commit(lambda: _new_generations(codes))

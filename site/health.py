"""The health endpoint (/health/), for a load balancer or a monitor: the database, the
caches, the storages, the privacy journal's storage and the task queue, as JSON, 200
when all are fine, 503 when one is not. Open to anyone: it says which part failed and
the class of its error, never a host, a path, a setting or anything personal. The
figures of a part (the task queue's backlog, whose changes would tell when visitors
send forms) are for signed-in staff only."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks import task_backends

from privacy.journal import journal_check

logger = logging.getLogger(__name__)

# The task queue is unhealthy when a due task has waited longer than this: no worker.
HEALTH_MAX_TASK_WAIT_SECONDS = 300


def check_database() -> dict:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_caches() -> dict:
    for alias in settings.CACHES:
        backend = caches[alias]
        if hasattr(backend, "check"):  # Redis: reached itself, not its fallback
            backend.check()
        else:
            key = f"health:{uuid.uuid4().hex}"
            backend.set(key, "1", 10)
            if backend.get(key) != "1":
                raise RuntimeError("The cache does not keep what it is given.")
            backend.delete(key)
    return {}


_last_storage_probe = {"at": float("-inf")}


def check_storages() -> dict:
    """A probe written and deleted in each storage, at most every
    HEALTH_STORAGE_CHECK_SECONDS per process (a failure is probed again each time)."""
    if time.monotonic() - _last_storage_probe["at"] < settings.HEALTH_STORAGE_CHECK_SECONDS:
        return {}
    for alias in ("default", "private"):
        storage = storages[alias]
        name = storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
        storage.delete(name)
    _last_storage_probe["at"] = time.monotonic()
    return {}


def check_journal() -> dict:
    """The privacy journal's storage (object storage or the local file) can take an
    entry; none is written (privacy.journal.journal_check)."""
    journal_check()
    return {}


def check_tasks() -> dict:
    backend = task_backends["default"]
    if not backend.supports_defer:  # the immediate backend: nothing ever waits
        return {"queue": "immediate"}
    from django_tasks_db.models import DBTaskResult

    due = DBTaskResult.objects.ready()
    waiting = due.count()
    oldest = due.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    wait = int((timezone.now() - oldest).total_seconds()) if oldest else 0
    report = {"queue": "database", "waiting": waiting, "oldest_wait_seconds": wait}
    if waiting > settings.HEALTH_MAX_TASK_BACKLOG or wait > HEALTH_MAX_TASK_WAIT_SECONDS:
        report["ok"] = False
    return report


CHECKS: dict[str, Callable[[], dict]] = {
    "database": check_database,
    "cache": check_caches,
    "storage": check_storages,
    "journal": check_journal,
    "tasks": check_tasks,
}


def health_report() -> dict[str, dict]:
    report = {}
    for name, check in CHECKS.items():
        try:
            part = {"ok": True, **check()}
        except Exception as error:  # noqa: BLE001 - any failure is a failed part
            logger.warning("Health check failed: %s (%s)", name, type(error).__name__)
            part = {"ok": False, "error": type(error).__name__}
        report[name] = part
    return report


@never_cache
@require_GET
def health(request):
    report = health_report()
    healthy = all(part["ok"] for part in report.values())
    if not (request.user.is_authenticated and request.user.is_staff):
        report = {
            name: {key: value for key, value in part.items() if key in ("ok", "error")}
            for name, part in report.items()
        }
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": report},
        status=200 if healthy else 503,
    )

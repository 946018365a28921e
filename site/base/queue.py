"""Queue a task for when the current transaction commits, in the cheapest safe way."""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, router, transaction


def _queued_in_database(task_, using: str) -> bool:
    """Whether ``task_`` is queued as a row of the database ``using`` writes to
    (django-tasks-db's queue, production's default)."""
    # Here, not at the top: the queue's model cannot be imported before the apps are.
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_.get_backend()
    return isinstance(backend, DatabaseBackend) and router.db_for_write(DBTaskResult) == using


def enqueue_on_commit(task_, *args, using: str | None = None, **kwargs) -> None:
    """Queue ``task_`` so that it runs only once the current transaction has committed.

    With the database queue on the same database, the queue's row is written now,
    inside the transaction: it commits with the rows it is about, or not at all (no
    task lost if the process dies between the commit and the queueing, and one commit
    instead of two). With any other queue (the immediate backend of development and
    tests runs the task at once), the task is queued once the transaction commits."""
    using = using or DEFAULT_DB_ALIAS
    if transaction.get_connection(using).in_atomic_block and _queued_in_database(task_, using):
        task_.enqueue(*args, **kwargs)
        return
    transaction.on_commit(lambda: task_.enqueue(*args, **kwargs), using=using)

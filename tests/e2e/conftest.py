"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Every request to a host other than the live server is answered by a local fake
(nothing leaves the machine) and counted in ``third_party_requests``.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
# run next to one unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db)


# --- the database: committed as in production, then put back table by table ----------
#
# The browser talks to a live server in other threads, so a test's rows must be
# committed for the server to see them (and the server's for the test). Instead of
# Django's TransactionTestCase, which empties every table after each test (and then
# everything had to be reloaded), each browser test notes the tables that its SQL
# writes, from any thread, and afterwards gives those tables, and only those, back
# their seeded rows.

WRITE = re.compile(
    r"""\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)""",
    re.IGNORECASE,
)
READ_ONLY = ("SELECT", "SAVEPOINT", "RELEASE", "ROLLBACK", "BEGIN", "COMMIT", "SET", "SHOW")


@dataclass
class SeededTable:
    columns: list[str]
    rows: list[tuple]


@dataclass
class WrittenTables:
    """The tables written by the SQL of every connection (test and live-server
    threads) while it is installed; ``everything`` if a statement could write and
    names no table this can read (then every table is put back)."""

    tables: set[str] = field(default_factory=set)
    everything: bool = False
    wrapped: list = field(default_factory=list)

    def __call__(self, execute, sql, params, many, context):
        self.note(sql)
        return execute(sql, params, many, context)

    def note(self, sql: str) -> None:
        if match := WRITE.match(sql):
            self.tables.add(match.group(1))
        elif not sql.lstrip().upper().startswith(READ_ONLY):
            self.everything = True

    def wrap(self, connection, **kwargs) -> None:
        if self not in connection.execute_wrappers:
            connection.execute_wrappers.append(self)
            self.wrapped.append(connection)

    def __enter__(self):
        from django.db import connections
        from django.db.backends.signals import connection_created

        for connection in connections.all():
            self.wrap(connection)
        connection_created.connect(self.wrap)  # the live server's threads
        return self

    def __exit__(self, *exc) -> None:
        from django.db.backends.signals import connection_created

        connection_created.disconnect(self.wrap)
        for connection in self.wrapped:
            if self in connection.execute_wrappers:
                connection.execute_wrappers.remove(self)


def restorable_tables(connection, cursor) -> list[str]:
    """Every table but SQLite's full-text indexes (virtual tables and their shadow
    tables), which triggers keep in step with the tables they index."""
    names = connection.introspection.table_names(cursor)
    if connection.vendor != "sqlite":
        return names
    cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
    virtual = [row[0] for row in cursor.fetchall()]
    return [n for n in names if not any(n == v or n.startswith(f"{v}_") for v in virtual)]


@pytest.fixture(scope="session")
def seeded_tables(django_db_setup, django_db_blocker) -> dict[str, SeededTable]:
    """Every row of the seeded database (tests/conftest.py), read once."""
    from django.db import connection

    seeded = {}
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        for name in restorable_tables(connection, cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            seeded[name] = SeededTable(columns=columns, rows=cursor.fetchall())
    return seeded


def restore_tables(seeded: dict[str, SeededTable], names) -> None:
    """Give the tables ``names`` exactly their seeded rows, in one transaction (foreign
    keys are checked at its end: Django makes them deferrable)."""
    from django.db import connection, transaction

    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for name in sorted(names):
            if name not in seeded:
                continue  # a table made during the test (a cache table): not the seed's
            table = seeded[name]
            cursor.execute(f"DELETE FROM {quote(name)}")  # noqa: S608
            if table.rows:
                columns = ", ".join(quote(column) for column in table.columns)
                values = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({columns}) VALUES ({values})",  # noqa: S608
                    table.rows,
                )


def tables_changed(seeded: dict[str, SeededTable]) -> list[str]:
    """The tables whose rows are not (any more) their seeded rows."""
    from django.db import connection

    changed = []
    with connection.cursor() as cursor:
        for name, table in seeded.items():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(name)}")  # noqa: S608
            if sorted(map(repr, cursor.fetchall())) != sorted(map(repr, table.rows)):
                changed.append(name)
    return changed


@pytest.fixture
def _django_db_helper(django_db_setup, django_db_blocker, seeded_tables):
    """Database access for browser tests, replacing pytest-django's own helper of that
    name (which ``db``, ``transactional_db``, ``live_server`` and the ``django_db``
    marker all go through, and which would flush the database after the test): no
    test transaction; afterwards, the tables the test wrote get their seeded rows back."""
    with django_db_blocker.unblock():
        with WrittenTables() as written:
            yield
        restore_tables(seeded_tables, seeded_tables if written.everything else written.tables)
        # A write the SQL did not show (none is known) would leak into the next tests:
        # put it back too, and fail.
        if missed := tables_changed(seeded_tables):
            restore_tables(seeded_tables, missed)
            pytest.fail(f"Tables written without being noted: {', '.join(missed)}")


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Browser tests need Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def third_party_requests() -> list[str]:
    return []


@pytest.fixture
def browser_page(chromium, live_server, third_party_requests):
    """A fresh browser context (no cookies, no storage) on the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    own_host = urlsplit(live_server.url).netloc

    def route(route):
        url = route.request.url
        if urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            third_party_requests.append(url)
            route.fulfill(status=204, body="")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def current_totp_code(device) -> str:
    """What the staff member's authenticator app shows now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in_to_admin(page, username: str, password: str) -> None:
    """Sign in through the real admin login: the password, then, for staff who need
    one, the second factor from their (confirmed) authenticator, made if missing."""
    from django.contrib.auth import get_user_model

    from corpsite.staff_auth.devices import confirmed_totp_device
    from corpsite.staff_auth.policy import needs_second_factor
    from tests.factories import add_authenticator

    user = get_user_model().objects.get(username=username)
    device = confirmed_totp_device(user)
    if device is None and needs_second_factor(user):
        device = add_authenticator(user, name="e2e")
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/admin/second-factor/**")
        page.fill("input[name=code]", current_totp_code(device))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")

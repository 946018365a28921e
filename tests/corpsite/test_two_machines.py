"""Two app machines for real: two gunicorn instances with the production settings, on
ports of their own, sharing PostgreSQL (a database of their own, cloned from the
seeded test database and dropped afterwards), Redis (a database number of their own,
emptied before and after) and a bucket of moto's S3 server. A visitor writes on
instance A; a privacy officer, signed in on instance B (password and second factor),
finds the person, exports them and erases them.

PostgreSQL only (the clone is a PostgreSQL template copy): the CI's PostgreSQL leg
runs it (`DATABASE_URL=postgres://... make test`); on SQLite it is skipped."""

import io
import json
import re
import uuid
import zipfile

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connections

from bench.machines import (
    Browser,
    form_values,
    free_port,
    machine_env,
    manage_at_once,
    manage_waiting,
    production_env,
    start_instance,
    stop_instances,
    wait_healthy,
)
from tests.forms.conftest import pdf_bytes

REDIS_URL = "redis://127.0.0.1:6379/14"
CV = pdf_bytes("CV kept in the shared bucket")

pytestmark = [
    pytest.mark.machines,
    # Only so that pytest-django creates (and seeds) the test database even when this
    # is the only test collected; _django_db_helper below opens no transaction.
    pytest.mark.django_db,
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="PostgreSQL only: run with DATABASE_URL=postgres://... (the CI's PostgreSQL leg)",
    ),
]

# Run in the clone: a privacy officer with a recovery code (their second factor), and
# for each form (contact, application) its address and answers that pass its checks.
SETUP = """
import json
from django_otp.plugins.otp_static.models import StaticDevice
from tests.factories import STAFF_PASSWORD, staff_user
from tests.forms.conftest import form_page, valid_data
officer = staff_user("officer", username="officer-two-machines", authenticator=True)
device = StaticDevice.objects.create(user=officer, name="codes", confirmed=True)
device.token_set.create(token="twomachines1")
answers = json.loads(ANSWERS)
forms = {}
for kind in ("contact", "application"):
    page = form_page(kind)
    data = valid_data(page, **answers[kind])
    forms[kind] = [page.url, {k: v for k, v in data.items() if isinstance(v, str)}]
print(json.dumps({"password": STAFF_PASSWORD, "forms": forms}))
"""
# Started early (Django's start-up overlaps the rest), it reads once told to.
JOURNAL = """
import sys
from privacy.journal import journal_entries
sys.stdin.readline()
print(sorted(e["reference"] for e in journal_entries() if e["kind"] == "erasure"))
"""


@pytest.fixture
def _django_db_helper(django_db_setup):
    """Replaces pytest-django's helper of that name (which the django_db mark goes
    through) in this module: no test transaction, since a session left open on the
    test database would block its copy as a template, and no flush afterwards, since
    the test writes only to the copy."""
    yield


@pytest.fixture
def shared_database(django_db_setup, django_db_blocker):
    """A database of the two machines, copied from this worker's seeded test database."""
    template = connections["default"].settings_dict["NAME"]
    name = f"two_machines_{uuid.uuid4().hex[:10]}"
    params = {
        key: value
        for key, value in {
            "host": settings.DATABASES["default"].get("HOST") or None,
            "port": settings.DATABASES["default"].get("PORT") or None,
            "user": settings.DATABASES["default"].get("USER") or None,
            "password": settings.DATABASES["default"].get("PASSWORD") or None,
        }.items()
        if value
    }
    with django_db_blocker.unblock():
        connections.close_all()  # a template copy needs the template free of sessions
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        # This worker's own database: a session another thread of this process left
        # idle on it (a live server's) would block the copy.
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            (template,),
        )
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    user = params.get("user", "")
    password = f":{params['password']}" if "password" in params else ""
    host = params.get("host", "127.0.0.1")
    port = params.get("port", 5432)
    url = f"postgres://{user}{password}@{host}:{port}/{name}"
    try:
        yield url, params, name
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.ConnectionError:
        pytest.skip("Redis unreachable on 127.0.0.1:6379")
    yield REDIS_URL
    client.flushdb()


def test_a_submission_on_one_machine_is_exported_and_erased_from_the_other(
    shared_database, shared_redis, s3_bucket, tmp_path
):
    database_url, db_params, db_name = shared_database
    ports = [free_port(), free_port()]
    env = production_env(
        database_url=database_url,
        redis_url=shared_redis,
        s3_endpoint=s3_bucket.endpoint,
        bucket=s3_bucket.name,
        ports=ports,
        workdir=tmp_path,
    )
    email = f"ana.{uuid.uuid4().hex[:8]}@example.com"
    message = "A question about the repair of a scanner."
    answers = {"contact": {"email": email, "message": message}, "application": {"email": email}}
    setup = SETUP.replace("ANSWERS", repr(json.dumps(answers)))
    # The officer and the forms' answers, while the static files are collected.
    prepared, _ = manage_at_once(
        (env, "shell", "-c", setup), (env, "collectstatic", "--noinput", "-v0")
    )
    prepared = json.loads(prepared.splitlines()[-1])
    envs = [machine_env(env, tmp_path, label) for label in ("A", "B")]
    servers = [start_instance(envs[i], ports[i]) for i in range(2)]
    a, b = (Browser(f"http://127.0.0.1:{port}") for port in ports)
    readers = [manage_waiting(machine, "shell", "-c", JOURNAL) for machine in envs]

    def rows(sql: str, *args):
        with psycopg.connect(dbname=db_name, **db_params) as db:
            return db.execute(sql, args).fetchone()[0]

    try:
        assert wait_healthy(a, servers[0]) and wait_healthy(b, servers[1])

        # 1. On A: a contact message, then an application with a CV.
        for kind, files in (("contact", None), ("application", {"cv": ("cv.pdf", CV)})):
            url, data = prepared["forms"][kind]
            _action, values = form_values(a.get(url).text, {"class": "site-form"})
            values.update(data)
            sent = a.post(url, values, files=files)
            assert sent.status_code == 200, sent.text[:500]
            assert sent.url.startswith(f"{a.base}{url}thanks/?ref="), sent.url
        person = rows("SELECT id FROM privacy_person WHERE email = %s", email)
        submissions = rows(
            "SELECT array_agg(reference ORDER BY id) FROM forms_submission WHERE person_id = %s",
            person,
        )
        assert len(submissions) == 2
        (cv_key,) = s3_bucket.keys("private/submissions/")
        assert not [p for p in (tmp_path / "private-A").rglob("*") if p.is_file()]

        # 2. On B: the officer signs in (password, then a recovery code) and finds them.
        dashboard = b.sign_in("officer-two-machines", prepared["password"], "twomachines1")
        assert dashboard.url == f"{b.base}/admin/"
        _action, search = form_values(b.get("/admin/privacy/people/").text, {"method": "post"})
        search["q"] = email  # posted: an address never goes in a URL
        found = b.post("/admin/privacy/people/", search)
        person_url = f"/admin/privacy/people/{person}/"
        assert person_url in found.text

        # 3. The export: built in the bucket, downloaded from B, holding the submissions.
        _action, export = form_values(b.get(person_url).text, {"action": person_url + "export/"})
        exported = b.post(person_url + "export/", export)
        assert len(s3_bucket.keys("private/exports/")) == 1
        link = re.search(r'href="(/admin/privacy/exports/download/\?token=[^"]+)"', exported.text)
        download = b.get(link.group(1).replace("&amp;", "&"))
        assert download.status_code == 200
        archive = zipfile.ZipFile(io.BytesIO(download.content))
        names = archive.namelist()
        assert [archive.read(n) for n in names if n.endswith("cv.pdf")] == [CV]
        everything = b"".join(archive.read(n) for n in names)
        assert message.encode() in everything and email.encode() in everything
        assert all(reference.encode() in everything for reference in submissions)

        # 4. The erasure: rows gone, the CV's object gone, the journal in the bucket.
        _action, erase = form_values(b.get(person_url + "erase/").text, {"method": "post"})
        erase["confirm"] = "on"
        assert b.post(person_url + "erase/", erase).status_code == 200
        assert rows("SELECT count(*) FROM privacy_person WHERE email = %s", email) == 0
        assert (
            rows("SELECT count(*) FROM forms_submission WHERE reference = ANY(%s)", submissions)
            == 0
        )
        assert cv_key not in s3_bucket.keys("private/")
        reference = rows("SELECT reference FROM privacy_erasurereceipt ORDER BY id DESC LIMIT 1")
        (entry_key,) = s3_bucket.keys("privacy-journal/entries/")
        entry = json.loads(
            s3_bucket.client.get_object(Bucket=s3_bucket.name, Key=entry_key)["Body"].read()
        )
        assert entry["reference"] == reference and email not in json.dumps(entry)
        # Both machines read the same journal (neither has a local file of it).
        read = [reader.communicate("go\n", timeout=60)[0] for reader in readers]
        assert [out.splitlines()[-1] for out in read] == [repr([reference])] * 2
        assert not list(tmp_path.glob("journal-*.jsonl"))
        # Redis was theirs too (sessions, cache, rate limits): it holds keys now.
        assert redis.Redis.from_url(shared_redis).dbsize() > 0
    finally:
        stop_instances(servers)
        for reader in readers:
            if reader.poll() is None:
                reader.kill()
                reader.wait()

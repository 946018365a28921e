"""Two app machines sharing PostgreSQL, Redis and S3-compatible object storage.

Starts moto's S3 server on 127.0.0.1 (in this process), a fresh PostgreSQL
database, and two gunicorn instances with the production settings on two ports
(`gunicorn -c python:corpsite.gunicorn_conf --bind 127.0.0.1:PORT`), each with its
own local folders; then a visitor sends a job application with a CV to instance A,
and the demo admin, signed in on instance B (password and a recovery code), exports
that person (the ZIP written to and read back from the bucket) and erases them
(the CV's object deleted from the bucket, the journal entry written to it). Prints
what happened at each step; exits non-zero if a step did not do what it should.

    .venv/bin/python bench/two_machines.py [--redis redis://127.0.0.1:6379/11]

Tasks run inside the request here (TASKS_BACKEND=immediate), to keep one process per
instance; with the queue, B's db_worker would build the export instead.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import requests
from bs4 import BeautifulSoup
from moto.server import ThreadedMotoServer

ROOT = Path(__file__).resolve().parents[1]
CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% CV of the candidate\n%%EOF\n"
ANSWERS = {
    "last_name": "Martin",
    "first_name": "Ana",
    "email": f"ana.{uuid.uuid4().hex[:6]}@example.com",
    "phone": "+33 6 12 34 56 78",
    "message": "I would like to join the repair team.",
    "consent": "on",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def form_values(html: str, selector: dict) -> tuple[str, dict]:
    """The action and the values a browser would post for the first matching form."""
    form = BeautifulSoup(html, "html.parser").find("form", attrs=selector)
    values = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name, kind = element.get("name"), element.get("type", "text")
        if not name or kind in ("submit", "button", "file", "checkbox", "radio"):
            continue
        if element.name == "select":
            option = element.find("option", selected=True) or element.find("option")
            values[name] = option.get("value", "") if option else ""
        elif element.name == "textarea":
            values[name] = element.text
        else:
            values[name] = element.get("value", "")
    return form.get("action") or "", values


class Browser:
    """A requests session that keeps every cookie over plain HTTP (the production
    settings mark them Secure; here both instances listen on 127.0.0.1 without TLS)."""

    def __init__(self, base: str):
        self.base, self.session = base, requests.Session()
        self.session.trust_env = False  # never a proxy: everything is on 127.0.0.1

    def _follow(self, response):
        """Keep the cookies, then follow redirects by hand (requests would not send
        the Secure cookies it just received over plain HTTP)."""
        for _ in range(10):
            for cookie in response.cookies:
                self.session.cookies.set(cookie.name, cookie.value)
            if not response.is_redirect:
                return response
            location = response.headers["Location"]
            target = location if location.startswith("http") else self.base + location
            response = self.session.get(target, timeout=120, allow_redirects=False)
        return response

    def get(self, path: str, **kwargs):
        response = self.session.get(self.base + path, timeout=120, allow_redirects=False, **kwargs)
        return self._follow(response)

    def post(self, path: str, data: dict, **kwargs):
        headers = {"Origin": self.base, "Referer": self.base + path}
        response = self.session.post(
            self.base + path,
            data=data,
            headers=headers,
            timeout=120,
            allow_redirects=False,
            **kwargs,
        )
        return self._follow(response)


def step(message: str, ok: bool = True) -> None:
    print(f"{'ok  ' if ok else 'FAIL'} {message}", flush=True)
    if not ok:
        raise SystemExit(1)


def main() -> None:  # noqa: C901 - a script of steps, read top to bottom
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/11")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-two-machines-"))
    s3_port, port_a, port_b = free_port(), free_port(), free_port()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=s3_port, verbose=False)
    moto.start()
    endpoint = f"http://127.0.0.1:{s3_port}"
    bucket = f"tevenn-{uuid.uuid4().hex[:8]}"
    os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")  # noqa: S106
    s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    s3.create_bucket(Bucket=bucket)

    def keys(prefix: str) -> list[str]:
        listed = s3.list_objects_v2(Bucket=bucket, Prefix=prefix)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    name = f"tevenn_two_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    origins = f"http://127.0.0.1:{port_a},http://127.0.0.1:{port_b}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("HTTP_PROXY", "http_"))},
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": args.redis,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "PRIVACY_HMAC_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": origins,
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port_b}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PAGE_CACHE": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "SERVE_MEDIA": "1",
        "DEMO_ADMIN_PASSWORD_FILE": str(workdir / "admin-password.txt"),
        "DEMO_ADMIN_RECOVERY_CODES_FILE": str(workdir / "admin-codes.txt"),
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "LOG_LEVEL": "WARNING",
    }
    servers = []
    try:
        started = time.perf_counter()
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["createcachetable"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_demo"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env={**env, "PRIVATE_ROOT": str(workdir / "private-setup")},
                check=True,
                stdout=subprocess.DEVNULL,
            )
        step(f"database {name} migrated and seeded ({time.perf_counter() - started:.0f} s)")
        apply_url = subprocess.run(
            [
                sys.executable,
                "manage.py",
                "shell",
                "-c",
                "from forms.models import FormPage; "
                "print(FormPage.objects.get(slug='apply', locale__language_code='en').url)",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]

        for label, port in (("A", port_a), ("B", port_b)):
            private = workdir / f"private-{label}"  # each machine's own disk
            servers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "-c",
                        "python:corpsite.gunicorn_conf",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--timeout",
                        "120",
                        "corpsite.wsgi:application",
                    ],
                    cwd=ROOT,
                    env={**env, "PRIVATE_ROOT": str(private)},
                )
            )
        a, b = Browser(f"http://127.0.0.1:{port_a}"), Browser(f"http://127.0.0.1:{port_b}")
        for browser in (a, b):
            for _ in range(120):
                try:
                    if browser.get("/health/").status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                time.sleep(0.5)
            else:
                step(f"{browser.base} healthy", False)
        step(f"instance A on :{port_a}, instance B on :{port_b}, both healthy")

        # 1. A visitor applies, with a CV, on instance A.
        page = a.get(apply_url)
        _action, values = form_values(page.text, {"method": "post"})
        values.update({k: v for k, v in ANSWERS.items() if k in values or k == "consent"})
        sent = a.post(
            apply_url,
            values,
            files={"cv": ("cv-ana.pdf", io.BytesIO(CV), "application/pdf")},
        )
        submissions = keys("private/submissions/")
        step(
            f"application sent on A ({sent.status_code}): "
            f"{len(submissions)} object(s) under private/submissions/",
            sent.status_code == 200 and len(submissions) == 1,
        )
        anonymous = requests.get(f"{endpoint}/{bucket}/{submissions[0]}", timeout=10)
        step(
            f"anonymous GET on the CV's object: {anonymous.status_code}",
            anonymous.status_code == 403,
        )
        local = [p for p in (workdir / "private-A").rglob("*") if p.is_file()]
        step(f"files left on A's own disk: {len(local)}", not local)

        # 2. The admin signs in on instance B (password, then a recovery code).
        password = (workdir / "admin-password.txt").read_text().strip()
        code = (workdir / "admin-codes.txt").read_text().split()[0]
        _action, login = form_values(b.get("/admin/login/").text, {"method": "post"})
        login.update(username="admin", password=password)
        signed = b.post("/admin/login/", login)
        _action, verify = form_values(signed.text, {"method": "post"})
        verify["code"] = code
        verified = b.post(signed.url.removeprefix(b.base), verify)
        dashboard = b.get("/admin/")
        step(
            f"admin signed in on B (password, then a recovery code): {dashboard.url}",
            dashboard.url == b.base + "/admin/" and verified.ok,
        )

        # 3. B finds the person, exports them (the ZIP in the bucket), downloads it.
        _action, search = form_values(b.get("/admin/privacy/people/").text, {"method": "post"})
        search["q"] = ANSWERS["email"]  # posted: an address never goes in a URL
        found = b.post("/admin/privacy/people/", search)
        person = re.search(r"/admin/privacy/people/(\d+)/", found.text)
        step(f"person found on B ({found.status_code} {found.url})", person is not None)
        person_url = f"/admin/privacy/people/{person.group(1)}/"
        _action, export_form = form_values(
            b.get(person_url).text, {"action": person_url + "export/"}
        )
        exported = b.post(person_url + "export/", export_form)
        exports = keys("private/exports/")
        step(
            f"export built on B: {len(exports)} object(s) under private/exports/", len(exports) == 1
        )
        link = re.search(r'href="(/admin/privacy/exports/download/\?token=[^"]+)"', exported.text)
        download = b.get(link.group(1).replace("&amp;", "&")) if link else None
        archive = zipfile.ZipFile(io.BytesIO(download.content)) if download else None
        cvs = [n for n in archive.namelist() if n.endswith("cv-ana.pdf")] if archive else []
        step(
            f"export downloaded from B: {len(download.content) if download else 0} bytes, "
            f"the CV inside {'identical' if cvs and archive.read(cvs[0]) == CV else 'MISSING'}",
            bool(cvs) and archive.read(cvs[0]) == CV,
        )

        # 4. B erases the person: the CV's object goes, the journal gets its entry.
        _action, erase = form_values(b.get(person_url + "erase/").text, {"method": "post"})
        erase["confirm"] = "on"
        erased = b.post(person_url + "erase/", erase)
        left = keys("private/submissions/")
        journal = keys("privacy-journal/entries/")
        step(f"erased on B ({erased.status_code}): {len(left)} CV object(s) left", not left)
        entries = [s3.get_object(Bucket=bucket, Key=k)["Body"].read() for k in journal]
        kinds = sorted({json.loads(entry)["kind"] for entry in entries})
        step(f"journal in the bucket: {len(journal)} object(s), kinds {kinds}", "erasure" in kinds)
        found_a = a.get("/health/")
        step(f"A still healthy after B's erasure ({found_a.status_code})", found_a.ok)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        moto.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


if __name__ == "__main__":
    main()

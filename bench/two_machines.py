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
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

import boto3
import requests
from moto.server import ThreadedMotoServer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.machines import (  # noqa: E402 - the checkout on the path first
    Browser,
    form_values,
    free_port,
    machine_env,
    manage,
    production_env,
    start_instance,
    stop_instances,
    wait_healthy,
)

CV = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% CV of the candidate\n%%EOF\n"
ANSWERS = {
    "last_name": "Martin",
    "first_name": "Ana",
    "email": f"ana.{uuid.uuid4().hex[:6]}@example.com",
    "phone": "+33 6 12 34 56 78",
    "message": "I would like to join the repair team.",
    "consent": "on",
}


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
    env = production_env(
        database_url=f"postgres://postgres@127.0.0.1:5432/{name}",
        redis_url=args.redis,
        s3_endpoint=endpoint,
        bucket=bucket,
        ports=[port_a, port_b],
        workdir=workdir,
    )
    servers = []
    try:
        started = time.perf_counter()
        setup_env = machine_env(env, workdir, "setup")
        for command in (
            ["migrate", "--noinput", "-v0"],
            ["createcachetable"],
            ["collectstatic", "--noinput", "-v0"],
            ["seed_demo"],
        ):
            manage(setup_env, *command)
        step(f"database {name} migrated and seeded ({time.perf_counter() - started:.0f} s)")
        apply_url = manage(
            env,
            "shell",
            "-c",
            "from forms.models import FormPage; "
            "print(FormPage.objects.get(slug='apply', locale__language_code='en').url)",
        ).split()[-1]

        envs = [machine_env(env, workdir, label) for label in ("A", "B")]
        servers = [start_instance(envs[0], port_a), start_instance(envs[1], port_b)]
        a, b = Browser(f"http://127.0.0.1:{port_a}"), Browser(f"http://127.0.0.1:{port_b}")
        for browser, server in zip((a, b), servers, strict=True):
            if not wait_healthy(browser, server):
                step(f"{browser.base} healthy", False)
        step(f"instance A on :{port_a}, instance B on :{port_b}, both healthy")

        # 1. A visitor applies, with a CV, on instance A.
        page = a.get(apply_url)
        _action, values = form_values(page.text, {"class": "site-form"})
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
        dashboard = b.sign_in("admin", password, code)
        step(
            f"admin signed in on B (password, then a recovery code): {dashboard.url}",
            dashboard.url == b.base + "/admin/",
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
        stop_instances(servers)
        moto.stop()
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", name], check=False)


if __name__ == "__main__":
    main()

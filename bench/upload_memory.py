"""Peak memory of a gunicorn worker validating the worst uploads we can build.

Starts gunicorn (1 sync worker, production settings, --no-control-socket) on
127.0.0.1 against a fresh SQLite database, sends one valid job application to warm
the worker up, reads its peak RSS (VmHWM in /proc/<pid>/status) as the baseline,
then posts hostile files as the CV of the real application form: zip bombs whose
headers lie about sizes (up to ~5 GB from a 5 MB file), many small bombs, a nested
bomb, crowded archives, corrupt, truncated and encrypted ones, a body above the
request limit and a chunked one. Prints, for each, the status and what the page
said, then the baseline, the peak and their difference (the budget is 50 MB).
The nested bomb is a well-formed DOCX carrying a stored zip: it is accepted, its
inner archive never being inflated by the site.
Nothing leaves 127.0.0.1; loops are bounded.

    .venv/bin/python bench/upload_memory.py
    .venv/bin/python bench/upload_memory.py --bomb-mb 300   # smaller bombs
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from form_submissions import ROOT, csrf, manage, start_site

sys.path.insert(0, str(ROOT))  # the hostile archives are the tests' own
from tests.forms import zips  # noqa: E402

FORM_PATH = "/en/careers/apply/"
BOUNDARY = "----bench-upload-memory"
BUDGET_MB = 50
VERDICTS = {
    "damaged or unsafe": "refused: damaged or unsafe",
    "protected by a password": "refused: password",
    "does not match its extension": "refused: not a DOCX/ODT",
    "larger than 5 MB": "refused: over 5 MB",
    "What you sent is too large": "refused: request too large",
}


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    if len(children) != 1:
        raise RuntimeError(f"expected one gunicorn worker, found {children}")
    return int(children[0])


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} not found for {pid}")


def multipart(fields: dict, filename: str, content: bytes) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="cv"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def post(port: int, cookie: str, body: bytes, *, chunked: bool = False) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {
        "Host": "127.0.0.1",
        "Cookie": f"csrftoken={cookie}",
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
    }
    try:
        try:
            if chunked:
                chunks = (body[i : i + 65536] for i in range(0, len(body), 65536))
                connection.request(
                    "POST", FORM_PATH, body=chunks, headers=headers, encode_chunked=True
                )
            else:
                connection.request("POST", FORM_PATH, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was sent: the answer is still there to read
        response = connection.getresponse()
        html = response.read().decode(errors="replace")
    except (ConnectionError, http.client.HTTPException) as error:
        return 0, f"connection: {type(error).__name__}"
    finally:
        connection.close()
    if response.status == 302:
        return 302, "accepted (stored)"
    said = next((verdict for text, verdict in VERDICTS.items() if text in html), "?")
    return response.status, said


def hostile_files(bomb_mb: int) -> list[tuple[str, str, bytes]]:
    return [
        ("lying bomb ODT (mimetype)", "cv.odt", zips.lying_bomb_odt(bomb_mb)),
        ("lying bomb DOCX", "cv.docx", zips.lying_bomb_docx(bomb_mb)),
        ("honest-header bomb DOCX", "cv.docx", zips.honest_bomb_docx(min(bomb_mb, 4000))),
        ("400 small lying bombs", "cv.docx", zips.many_bombs_docx(400, 10)),
        ("nested bomb DOCX", "cv.docx", zips.nested_bomb_docx(bomb_mb)),
        ("5,000 members", "cv.docx", zips.crowded_docx(5000)),
        ("huge central directory", "cv.docx", zips.huge_directory_docx()),
        ("bad CRC", "cv.docx", zips.bad_crc_docx()),
        ("truncated archive", "cv.docx", zips.truncated_docx()),
        ("truncated member", "cv.docx", zips.truncated_member_docx()),
        ("corrupt deflate data", "cv.docx", zips.corrupt_deflate_docx()),
        ("encrypted member", "cv.docx", zips.encrypted_docx()),
        ("unknown compression", "cv.docx", zips.unsupported_method_docx()),
        ("not a zip", "cv.docx", zips.not_a_zip()),
        ("DOCX without document", "cv.docx", zips.docx_without_document()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--bomb-mb",
        type=int,
        default=4900,
        help="MB a bomb inflates to (4900: a file just under the 5 MB upload limit)",
    )
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "SECRET_KEY": "bench-only-" + uuid.uuid4().hex,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "FORMS_RATE_LIMIT": "0/1",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_ROOT": str(workdir / "private"),
        "PRIVACY_JOURNAL": str(workdir / "journal.jsonl"),
        "DEMO_ADMIN_PASSWORD_FILE": str(workdir / "admin-password.txt"),
        "LOG_LEVEL": "CRITICAL",
        "TASKS_BACKEND": "database",
    }
    server = None
    server_log = (workdir / "gunicorn.log").open("w")
    try:
        server, port = start_site(
            env,
            *("-w", "1", "-k", "sync", "--timeout", "120", "--log-level", "critical"),
            stderr=server_log,
        )
        worker = worker_pid(server.pid)
        cookie, token = csrf(port, FORM_PATH)
        fields = {
            "csrfmiddlewaretoken": token,
            "last_name": "Martin",
            "first_name": "Ana",
            "email": "bench-uploads@example.com",
            "phone": "+33 6 12 34 56 78",
            "consent": "on",
        }
        status, said = post(port, cookie, multipart(fields, "cv.docx", zips.honest_docx()))
        if status != 302:
            raise RuntimeError(f"the warm-up application was not accepted: {status} {said}")
        baseline = memory_kb(worker, "VmHWM")
        print(f"gunicorn        1 sync worker (pid {worker}), production settings, SQLite")
        print(f"form            POST {FORM_PATH}, hostile file as the CV")
        print(f"baseline        {baseline / 1024:.1f} MB peak RSS after a warm-up application\n")
        print(f"{'file':28} {'bytes':>10}  status  {'what the page said':28} peak RSS")
        cases = [
            (label, multipart(fields, name, content))
            for label, name, content in hostile_files(args.bomb_mb)
        ]
        oversized = multipart(fields, "cv.pdf", b"%PDF-1.4\n" + bytes(13 * 1024 * 1024))
        for label, body, chunked in [
            *[(label, body, False) for label, body in cases],
            ("13 MB body", oversized, False),
            ("chunked, no length", oversized, True),
        ]:
            status, said = post(port, cookie, body, chunked=chunked)
            peak = memory_kb(worker, "VmHWM")
            print(f"{label:28} {len(body):>10}  {status:>6}  {said:28} {peak / 1024:.1f} MB")
        peak = memory_kb(worker, "VmHWM")
        same_worker = worker_pid(server.pid) == worker
        temp_left = list((workdir / "private" / "upload-tmp").glob("*"))
        stored = (
            manage(
                env,
                "shell",
                "-c",
                "from forms.models import Submission; print(Submission.objects.count())",
            )
            .strip()
            .splitlines()[-1]
        )
        print()
        print(f"baseline        {baseline / 1024:.1f} MB")
        print(f"peak            {peak / 1024:.1f} MB")
        delta = (peak - baseline) / 1024
        verdict = "within" if delta <= BUDGET_MB else "ABOVE"
        print(f"difference      {delta:.1f} MB ({verdict} the {BUDGET_MB} MB budget)")
        print(f"same worker     {'yes' if same_worker else 'NO: it was replaced'}")
        errors = (workdir / "gunicorn.log").read_text().count("Internal Server Error")
        print(f"server errors   {errors} (500)")
        print(f"submissions     {stored} stored (the warm-up and the nested bomb: 2 expected)")
        print(f"temp files left {len(temp_left)} in PRIVATE_ROOT/upload-tmp")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        server_log.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""App machines for real, on this one: gunicorn instances with the production settings,
driven over HTTP like a browser. Shared by bench/two_machines.py and the two-machine
test (tests/corpsite/test_two_machines.py)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A port the system picks (never one of the fixed ports other servers use)."""
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
    settings mark them Secure; here the instances listen on 127.0.0.1 without TLS)."""

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

    def sign_in(self, username: str, password: str, code: str):
        """The admin's sign-in: the password, then the second factor's code."""
        _action, login = form_values(self.get("/admin/login/").text, {"method": "post"})
        login.update(username=username, password=password)
        signed = self.post("/admin/login/", login)
        _action, verify = form_values(signed.text, {"method": "post"})
        verify["code"] = code
        self.post(signed.url.removeprefix(self.base), verify)
        return self.get("/admin/")


def production_env(
    *,
    database_url: str,
    redis_url: str,
    s3_endpoint: str,
    bucket: str,
    ports: list[int],
    workdir: Path,
) -> dict[str, str]:
    """The environment of every instance: production settings, plain HTTP on
    127.0.0.1, the shared database, Redis and bucket; tasks inside the request (one
    process per instance); local folders under ``workdir``."""
    origins = ",".join(f"http://127.0.0.1:{port}" for port in ports)
    return {
        **{k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")},
        "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": uuid.uuid4().hex * 2,
        "PRIVACY_HMAC_KEY": uuid.uuid4().hex * 2,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": origins,
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{ports[-1]}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "TASKS_BACKEND": "immediate",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PAGE_CACHE": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVACY_JOURNAL": str(workdir / "privacy-journal.jsonl"),
        "DEMO_ADMIN_PASSWORD_FILE": str(workdir / "admin-password.txt"),
        "DEMO_ADMIN_RECOVERY_CODES_FILE": str(workdir / "admin-codes.txt"),
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "bench",
        "AWS_SECRET_ACCESS_KEY": "bench",
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *command: str) -> str:
    """A management command with ``env``; its standard output."""
    return subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def manage_at_once(*commands: tuple) -> list[str]:
    """Management commands run side by side, each ``(env, *command)``; their standard
    outputs, in order. Raises CalledProcessError for the first that failed."""
    running = [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for env, *command in commands
    ]
    outputs = [process.communicate() for process in running]
    for process, (stdout, stderr) in zip(running, outputs, strict=True):
        if process.returncode:
            raise subprocess.CalledProcessError(process.returncode, process.args, stdout, stderr)
    return [stdout for stdout, _stderr in outputs]


def manage_waiting(env: dict[str, str], *command: str) -> subprocess.Popen:
    """A management command started now, its standard input and output piped: a
    ``shell -c`` script can start Django, then wait for a line before it reads."""
    return subprocess.Popen(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )


def machine_env(env: dict[str, str], workdir: Path, label: str) -> dict[str, str]:
    """One machine's environment: its own disk (private folder, journal file)."""
    return {
        **env,
        "PRIVATE_ROOT": str(workdir / f"private-{label}"),
        "PRIVACY_JOURNAL": str(workdir / f"journal-{label}.jsonl"),
    }


def start_instance(env: dict[str, str], port: int) -> subprocess.Popen:
    """gunicorn with the project's configuration, one worker, on 127.0.0.1:port."""
    return subprocess.Popen(
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
            "--no-control-socket",
            "corpsite.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: stop_instances ends it whole
    )


def wait_healthy(browser: Browser, server: subprocess.Popen, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if browser.get("/health/").status_code == 200:
                return True
        except requests.ConnectionError:
            pass
        time.sleep(0.3)
    return False


def stop_instances(servers: list[subprocess.Popen], grace: float = 2) -> None:
    """Quick shutdown: SIGQUIT (gunicorn does not wait for idle workers), then, after
    ``grace`` seconds, SIGKILL to each instance's process group (its master and
    workers, started in a session of their own), by process id."""
    for server in servers:
        if server.poll() is None:
            server.send_signal(signal.SIGQUIT)
    deadline = time.monotonic() + grace
    for server in servers:
        try:
            server.wait(timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(server.pid, signal.SIGKILL)  # workers still exiting, if any
        except ProcessLookupError:
            pass
        server.wait()

"""`make judges`: the site as deployed, marked by outside judges.

Serves the site as in production (production settings, a fresh SQLite database in a
temporary folder, migrate + seed_demo + collectstatic, gunicorn; the helpers of
bench/form_submissions.py and bench/compare_sites.py), then:

- the Nu HTML checker (vnu.jar, npm package ``vnu-jar``, run by the machine's Java)
  reads every page type of judges/config.py in English and French;
- axe-core (npm package ``axe-core``) checks each of them in Debian's Chromium
  (Playwright), first with the cookie banner open, then after refusing all;
- Lighthouse (npm package ``lighthouse``, mobile profile) audits the pages of
  config.LIGHTHOUSE, one at a time, nothing else running.

Prints a table per judge, writes everything to var/judges/results.json and exits 1
when a mark is below config.THRESHOLDS. npm packages come from judges/package-lock.json
(``npm ci --ignore-scripts``, again only when the lockfile changes). Nothing leaves
127.0.0.1: the browser's requests to any other host are answered locally.

    .venv/bin/python judges/run.py [--port 8140] [--only vnu,axe,lighthouse]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

JUDGES = Path(__file__).resolve().parent
ROOT = JUDGES.parent
sys.path.insert(0, str(ROOT / "bench"))

from compare_sites import our_environment  # noqa: E402
from config import LIGHTHOUSE, PAGES, THRESHOLDS, Page  # noqa: E402
from form_submissions import body, csrf, prepare_site, serve_site  # noqa: E402

NODE_MODULES = JUDGES / "node_modules"
LOCK_STAMP = NODE_MODULES / ".judges-lock-sha256"
VNU_JAR = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
AXE_JS = NODE_MODULES / "axe-core/axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse/cli/index.js"
OUTPUT = ROOT / "var/judges"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CATEGORIES = list(THRESHOLDS["lighthouse"])
NOINDEX = re.compile(r"<meta\s+name=\"robots\"\s+content=\"[^\"]*noindex", re.IGNORECASE)
# The cookie banner; "after a choice" is after clicking "Refuse all":
BANNER = "[data-consent-banner]"
# The banner's button, or the preference centre's where there is no banner.
REFUSE_ALL = "button[name=action][value=refuse_all]:visible"


def log(message: str) -> None:
    print(f"[judges {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- set-up -----------------------------------------------------------------------


def npm_packages() -> None:
    """node_modules as judges/package-lock.json says, installed again only when it changes."""
    digest = hashlib.sha256((JUDGES / "package-lock.json").read_bytes()).hexdigest()
    if LOCK_STAMP.exists() and LOCK_STAMP.read_text() == digest:
        return
    log("npm ci --ignore-scripts (judges/package-lock.json changed or never installed)")
    subprocess.run(
        ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=JUDGES, check=True
    )
    LOCK_STAMP.write_text(digest)


def fetch(port: int, path: str, **headers: str) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = connection.getresponse()
    text = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, dict(response.getheaders()), text


def thank_you_path(port: int, form_path: str) -> str | None:
    """Post the contact form as a visitor would; the thank-you page it redirects to."""
    cookie, token = csrf(port, form_path)
    # bench's contact form answers, with each select's first choice in this language.
    answers = dict(parse_qsl(body(token, int(time.time() * 1000)).decode()))
    html = fetch(port, form_path)[2]
    for name, options in re.findall(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        values = [v for v in re.findall(r'<option value="([^"]*)"', options) if v]
        if name in answers and values:
            answers[name] = values[0]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(
        "POST",
        form_path,
        body=urlencode(answers),
        headers={
            "Host": "127.0.0.1",
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    location = response.getheader("Location") if response.status == 302 else None
    return urlsplit(location)._replace(scheme="", netloc="").geturl() if location else None


def policy_diff_path(html: str, policy_path: str) -> str | None:
    """The comparison of the policy's first two versions, if the page lists two."""
    numbers = sorted(
        {int(n) for n in re.findall(re.escape(policy_path) + r"versions/(\d+)/", html)}
    )
    if len(numbers) < 2:
        return None
    return f"{policy_path}versions/{numbers[0]}/compare/{numbers[1]}/"


def discover(port: int) -> tuple[list[Page], list[str]]:
    """PAGES, plus the pages reached by doing something: the thank-you page, the diff."""
    pages, notes = list(PAGES), []
    contact = next(page for page in PAGES if page.name == "form: contact")
    thanks = {lang: thank_you_path(port, getattr(contact, lang)) for lang in ("en", "fr")}
    if all(thanks.values()):
        pages.append(Page("thank-you", thanks["en"], thanks["fr"], noindex=True))
    else:
        notes.append("thank-you page: posting the contact form gave no redirect; left out")
    policy = next(page for page in PAGES if page.name == "privacy policy")
    diffs = {
        lang: policy_diff_path(fetch(port, getattr(policy, lang))[2], getattr(policy, lang))
        for lang in ("en", "fr")
    }
    if all(diffs.values()):
        pages.append(Page("policy diff", diffs["en"], diffs["fr"], noindex=True))
    else:
        notes.append("policy diff: the privacy policy has one published version; left out")
    return pages, notes


# --- the Nu HTML checker ------------------------------------------------------------


def documents(port: int, pages: list[Page], folder: Path) -> tuple[dict, list[str]]:
    """Every page in both languages saved to ``folder``: {file: (page, lang, path, noindex)}."""
    saved, problems = {}, []
    for number, page in enumerate(pages):
        for lang in ("en", "fr"):
            path = getattr(page, lang)
            status, headers, html = fetch(port, path)
            if status != page.status:
                problems.append(f"{page.name} ({lang}) {path}: HTTP {status}, not {page.status}")
                continue
            noindex = bool(NOINDEX.search(html)) or "noindex" in headers.get("X-Robots-Tag", "")
            if noindex != page.noindex:
                problems.append(
                    f"{page.name} ({lang}) {path}: "
                    + ("noindex, not marked so" if noindex else "marked noindex, is not")
                    + " in judges/config.py"
                )
            file = folder / f"{number:02d}-{lang}.html"
            file.write_text(html, encoding="utf-8")
            saved[str(file)] = (page.name, lang, path, noindex)
    return saved, problems


def vnu_start(files: list[str]) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "java",
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--exit-zero-always",
            *files,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def vnu_results(process: subprocess.Popen, saved: dict) -> dict:
    _, report = process.communicate(timeout=300)
    try:
        messages = json.loads(report)["messages"]
    except ValueError:
        sys.exit(f"The Nu HTML checker failed (exit {process.returncode}):\n{report[-2000:]}")
    results = {file: {"errors": [], "warnings": 0} for file in saved}
    for message in messages:
        file = urlsplit(message.get("url", "")).path
        entry = results.setdefault(file, {"errors": [], "warnings": 0})
        if message["type"] in ("error", "non-document-error"):
            entry["errors"].append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
                + (f" [{message['extract'].strip()[:80]}]" if message.get("extract") else "")
            )
        elif message.get("subType") == "warning":
            entry["warnings"] += 1
    return results


# --- axe-core -----------------------------------------------------------------------


def axe_check(page) -> list[dict]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [" ".join(map(str, node["target"])) for node in violation["nodes"]],
        }
        for violation in result["violations"]
    ]


def axe_run(port: int, pages: list[Page]) -> dict:
    """{(page, lang): {"open": [...], "after": [...] or None, "note": str}}."""
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{port}"
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
        )
        for lang in ("en", "fr"):
            # bypass_csp: axe is injected as a script of our own; the site's CSP is unchanged.
            context = browser.new_context(
                base_url=base, locale="en-GB" if lang == "en" else "fr-FR", bypass_csp=True
            )
            context.route(
                "**/*",
                lambda route: (
                    route.continue_()
                    if route.request.url.startswith(base)
                    else route.fulfill(status=204, body="")
                ),
            )
            page = context.new_page()
            page.set_default_timeout(15_000)
            for target in pages:
                context.clear_cookies()
                entry = {"open": [], "after": None, "note": ""}
                page.goto(getattr(target, lang), wait_until="load")
                shown = page.locator(BANNER).first.is_visible()
                if shown != target.banner:
                    entry["note"] = (
                        "banner " + ("shown" if shown else "not shown") + " on a first visit"
                    )
                entry["open"] = axe_check(page)
                refuse = page.locator(REFUSE_ALL)
                if refuse.count():
                    if target.banner:  # consent.js posts the choice, then hides the banner
                        with page.expect_response(lambda r: r.request.method == "POST"):
                            refuse.first.click()
                        page.locator(BANNER).first.wait_for(state="hidden")
                    else:  # the preference centre: a form posted, then a redirect
                        with page.expect_navigation(wait_until="load"):
                            refuse.first.click()
                    entry["after"] = axe_check(page)
                else:
                    entry["note"] = entry["note"] or "no visible 'refuse all' button"
                results[(target.name, lang)] = entry
            context.close()
        browser.close()
    return results


# --- Lighthouse ---------------------------------------------------------------------


def lighthouse_run(port: int, page: Page, folder: Path) -> dict:
    """Lighthouse's marks of ``page`` (English), or {"error": ...} after three failed
    tries (on a busy machine Lighthouse sometimes loses its trace: "NO_NAVSTART")."""
    out = folder / f"lighthouse-{re.sub(r'[^a-z]+', '-', page.name)}.json"
    command = [
        "node",
        str(LIGHTHOUSE_CLI),
        f"http://127.0.0.1:{port}{page.en}",
        "--output=json",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--disable-full-page-screenshot",
        "--quiet",
    ]
    for attempt in (1, 2, 3):
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            timeout=180,
            capture_output=True,
            text=True,
        )
        if done.returncode == 0:
            break
        error = (done.stderr.strip().splitlines() or [f"exit {done.returncode}"])[-1]
        log(f"Lighthouse failed (try {attempt}): {error}")
    else:
        return {"error": error}
    report = json.loads(out.read_text())
    shutil.copy(out, OUTPUT / out.name)
    return {**lighthouse_marks(report, noindex=page.noindex), "report": f"var/judges/{out.name}"}


def lighthouse_marks(report: dict, *, noindex: bool) -> dict:
    """The marks of a Lighthouse JSON report: each category's score (0-100), the CLS,
    the audits that lost points, notes. For a page noindex by design, the SEO mark is
    Lighthouse's weighted mean of the category's audits without "is-crawlable"."""
    audits = report["audits"]
    scores, notes, failing = {}, [], []
    for category in CATEGORIES:
        refs = report["categories"][category]["auditRefs"]
        scores[category] = round(100 * (report["categories"][category]["score"] or 0))
        if category == "seo" and noindex:
            refs = [ref for ref in refs if ref["id"] != "is-crawlable"]
            weighted = [
                (ref["weight"], audits[ref["id"]]["score"])
                for ref in refs
                if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None
            ]
            total = sum(weight for weight, _ in weighted)
            scores[category] = round(100 * sum(w * s for w, s in weighted) / total) if total else 0
            found = audits["is-crawlable"]["score"] == 0
            notes.append(
                "SEO without is-crawlable (noindex by design"
                + ("" if found else ", but Lighthouse finds the page indexable")
                + ")"
            )
        for ref in refs:
            audit = audits[ref["id"]]
            if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                shown = audit.get("displayValue", "")
                failing.append(f"{category}: {ref['id']} ({audit['score']:.2f}) {shown}")
    for warning in report.get("runWarnings", []):
        if "slower CPU" in warning:  # a busy machine: Lighthouse's CPU benchmark says so
            notes.append(f"slow CPU (benchmark index {report['environment']['benchmarkIndex']})")
        else:
            notes.append(warning)
    return {
        "scores": scores,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": failing,
        "notes": notes,
    }


# --- the tables ---------------------------------------------------------------------


def table(header: list[str], rows: list[list]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True))  # noqa: E731
    return "\n".join([line(header), line(["-" * w for w in widths]), *map(line, rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (default: free)")
    parser.add_argument("--only", default="vnu,axe,lighthouse", help="judges to run")
    options = parser.parse_args()
    judges = set(options.only.split(","))
    started = time.monotonic()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    npm_packages()
    if "vnu" in judges and not shutil.which("java"):
        sys.exit("The Nu HTML checker needs Java: apt-get install default-jre-headless")

    folder = Path(tempfile.mkdtemp(prefix="judges-"))
    env = {**our_environment(folder), "SERVE_MEDIA": "1"}  # one machine, as `make serve`
    server = None
    failures: list[str] = []
    problems: list[str] = []  # pages that answer the wrong status or robots meta
    results: dict = {"thresholds": THRESHOLDS}
    try:
        log("preparing the site (migrate, seed_demo, collectstatic)")
        prepare_site(env)
        server, port = serve_site(
            env,
            "-w",
            "2",
            "--no-control-socket",
            "--log-level",
            "error",
            port=options.port,
            stdout=subprocess.DEVNULL,
        )
        log(f"serving on 127.0.0.1:{port}")
        pages, notes = discover(port)
        for note in notes:
            print(f"NOTE: {note}")
        saved, problems = documents(port, pages, folder)
        failures.extend(problems)

        vnu = vnu_start(list(saved)) if "vnu" in judges else None
        if "axe" in judges:  # beside vnu: neither is timed
            log(f"axe-core on {len(pages)} page types x 2 languages")
            axe = axe_run(port, pages)
            rows, by_rule = [], defaultdict(set)
            for (name, lang), entry in axe.items():
                after = entry["after"]
                rows.append(
                    [name, lang, len(entry["open"]), "-" if after is None else len(after)]
                    + [entry["note"]]
                )
                if entry["note"] or after is None:
                    failures.append(f"axe {name} ({lang}): {entry['note']}")
                for state, found in (("banner open", entry["open"]), ("after", after or [])):
                    for violation in found:
                        key = (violation["id"], violation["impact"], violation["help"])
                        by_rule[key].add(
                            f"{name} ({lang}, {state}): {', '.join(violation['targets'][:3])}"
                        )
                        failures.append(f"axe {name} ({lang}, {state}): {violation['id']}")
            print("\n== axe-core: violations (banner open / after refusing all)")
            print(table(["page", "lang", "open", "after", "note"], rows))
            for (rule, impact, help_text), where in sorted(by_rule.items()):
                print(f"  {rule} [{impact}] {help_text}: {len(where)} page states")
                for item in sorted(where)[:8]:
                    print(f"      {item}")
            results["axe"] = {f"{name} ({lang})": entry for (name, lang), entry in axe.items()}

        if vnu is not None:
            log("waiting for the Nu HTML checker")
            checked = vnu_results(vnu, saved)
            rows, by_message = [], defaultdict(set)
            for file, (name, lang, path, noindex) in saved.items():
                entry = checked[file]
                shown = path if len(path) <= 50 else path[:47] + "..."
                rows.append(
                    [name, lang, shown, "noindex" if noindex else "", len(entry["errors"])]
                    + [entry["warnings"]]
                )
                for error in entry["errors"]:
                    by_message[re.sub(r"^line \S+ ", "", error)].add(f"{name} ({lang})")
                    failures.append(f"vnu {name} ({lang}): {error}")
            print("\n== Nu HTML checker")
            print(table(["page", "lang", "path", "robots", "errors", "warnings"], rows))
            for message, where in sorted(by_message.items()):
                print(f"  {message}\n      on: {', '.join(sorted(where))}")
            results["vnu"] = {
                f"{saved[f][0]} ({saved[f][1]})": checked[f] for f in saved if f in checked
            }

        if "lighthouse" in judges:
            rows, results["lighthouse"] = [], {}
            by_name = {page.name: page for page in pages}
            for name in LIGHTHOUSE:
                log(f"Lighthouse (mobile) on {name}")
                found = lighthouse_run(port, by_name[name], folder)
                results["lighthouse"][name] = found
                if "error" in found:
                    rows.append(
                        [name, by_name[name].en, *("-" for _ in CATEGORIES), "-", "did not run"]
                    )
                    failures.append(f"lighthouse {name}: did not run: {found['error']}")
                    continue
                scores = found["scores"]
                rows.append(
                    [name, by_name[name].en, *(scores[c] for c in CATEGORIES)]
                    + [f"{found['cls']:.3f}", "; ".join(found["notes"])]
                )
                for category, minimum in THRESHOLDS["lighthouse"].items():
                    if scores[category] < minimum:
                        failures.append(f"lighthouse {name}: {category} {scores[category]}")
                if found["cls"] >= THRESHOLDS["cls_below"]:
                    failures.append(f"lighthouse {name}: CLS {found['cls']:.3f}")
            print("\n== Lighthouse (mobile)")
            print(table(["page", "path", *CATEGORIES, "CLS", "notes"], rows))
            for name, found in results["lighthouse"].items():
                for item in found.get("failing", [found.get("error")]):
                    print(f"  {name}: {item}")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)

    results["failures"] = failures
    (OUTPUT / "results.json").write_text(json.dumps(results, indent=1, default=str))
    print(
        f"\n{len(failures)} finding(s) below the thresholds (judges/config.py) in "
        f"{time.monotonic() - started:.0f} s; details in var/judges/"
    )
    counts = defaultdict(int)
    for failure in failures:
        counts[failure.split()[0] if failure not in problems else "pages"] += 1
    for judge, count in sorted(counts.items()):
        print(f"  {judge}: {count}")
    for failure in problems:
        print(f"  {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""Signal receivers live in each app's signals.py and are connected in its
AppConfig.ready(): no models module (nor any other) connects one by itself."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("pages", "forms", "privacy", "site")
CONNECTING = re.compile(r"@receiver\(|\b(?:pre|post)_(?:save|delete|migrate)\.connect\(")


def test_receivers_are_connected_in_ready_only():
    modules = [
        path
        for folder in FOLDERS
        for path in (ROOT / folder).rglob("*.py")
        if "migrations" not in path.parts
    ]
    assert len(modules) > 50
    connecting = sorted(
        str(path.relative_to(ROOT)) for path in modules if CONNECTING.search(path.read_text())
    )
    assert "privacy/apps.py" in connecting  # the search finds what it looks for
    assert [name for name in connecting if not name.endswith("/apps.py")] == []

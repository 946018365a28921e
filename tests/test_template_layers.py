"""The dependency rule, for templates: import-linter sees Python imports only, so
this test reads the `{% load %}` tags. pages' templates load no template-tag library
of forms; privacy's none of forms or pages; the base layer's none of any app."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = {"pages": ROOT / "pages", "forms": ROOT / "forms", "privacy": ROOT / "privacy"}
BASE = ROOT / "site" / "base"
LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}", re.DOTALL)

FORBIDDEN = {  # templates of ... may load no library of ...
    "pages": ["forms"],
    "privacy": ["forms", "pages"],
    "base": ["pages", "forms", "privacy"],
}


def libraries(app: str) -> set[str]:
    folder = APPS[app] / "templatetags"
    return {path.stem for path in folder.glob("*.py") if path.stem != "__init__"}


def loaded_libraries(template: Path) -> set[str]:
    loaded = set()
    for arguments in LOAD.findall(template.read_text()):
        names = arguments.split()
        # {% load name other from library %} loads from one library.
        loaded.update(names[names.index("from") + 1 :] if "from" in names else names)
    return loaded


def templates_of(layer: str) -> list[Path]:
    folder = (BASE if layer == "base" else APPS[layer]) / "templates"
    return sorted(folder.rglob("*.html"))


def test_the_apps_template_libraries_are_found():
    assert "newsletter_tags" in libraries("forms")
    assert "navigation" in libraries("pages")
    assert loaded_libraries(ROOT / "site" / "templates" / "includes" / "footer.html") >= {
        "newsletter_tags",
        "navigation",
    }


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_templates_load_no_library_of_the_layers_they_may_not_import(layer):
    templates = templates_of(layer)
    assert templates, f"no template found for {layer}"
    forbidden = set().union(*(libraries(app) for app in FORBIDDEN[layer]))
    found = {
        str(template.relative_to(ROOT)): sorted(loaded_libraries(template) & forbidden)
        for template in templates
    }
    assert {name: loaded for name, loaded in found.items() if loaded} == {}

"""No import cycle between the project's modules (corpsite, pages, forms, privacy):
dependencies run one way inside each app too (pages above views, views above
services, services above tasks, tasks above what they run, everything above the
records). A cycle, even through an import written inside a function, fails here
with the modules it joins; ``bench/structure.py`` prints the same figure."""

import importlib.util
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("corpsite", "pages", "forms", "privacy")


def _structure():
    """bench/structure.py, where the cycle finder lives (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "bench_structure", ROOT / "bench" / "structure.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _edges_within(graph: grimp.ImportGraph, cycle: list[str]) -> list[str]:
    members = set(cycle)
    return [
        f"{importer} -> {imported} (line {detail['line_number']}: {detail['line_contents']})"
        for importer in cycle
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members)
        for detail in graph.get_import_details(importer=importer, imported=imported)
    ]


def test_the_project_has_no_import_cycle():
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    assert {"corpsite.base.models", "pages.models", "forms.services", "privacy.selectors"} <= set(
        graph.modules
    )  # the graph holds the project, the editable install's corpsite included
    cycles = _structure().import_cycles(graph)
    assert cycles == [], "\n".join(
        "cycle: " + ", ".join(cycle) + "\n  " + "\n  ".join(_edges_within(graph, cycle))
        for cycle in cycles
    )


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for importer, imported in (("a.x", "a.y"), ("a.y", "a.z"), ("a.z", "a.x"), ("a.z", "a.w")):
        graph.add_import(importer=importer, imported=imported)
    assert _structure().import_cycles(graph) == [["a.x", "a.y", "a.z"]]

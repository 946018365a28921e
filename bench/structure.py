"""The code's shape: lines per module, import cycles, imports hidden inside functions.

    .venv/bin/python bench/structure.py                 # the working tree
    .venv/bin/python bench/structure.py --ref eed01d3   # a commit, for comparison
    .venv/bin/python bench/structure.py --ref eed01d3 --ref HEAD --modules 15

Prints, per app (pages, forms, privacy, corpsite): modules, lines (migrations apart),
the largest modules; then the import cycles between the project's modules (strongly
connected components of grimp's import graph with more than one module) and the
number of project imports written inside functions (usually there to dodge a cycle).

``import_cycles`` is also what tests/test_import_cycles.py asserts on (no cycle).
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
# Folder on disk -> importable name (the project package lives in site/, see README).
PACKAGES = {"pages": "pages", "forms": "forms", "privacy": "privacy", "site": "corpsite"}


def _tree(ref: str | None, scratch: Path) -> Path:
    """A folder where each package is importable under its name."""
    source = ROOT
    if ref:
        source = scratch / "src"
        source.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, *PACKAGES],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    links = scratch / "links"
    links.mkdir()
    for folder, name in PACKAGES.items():
        (links / name).symlink_to(source / folder, target_is_directory=True)
    return links


def _module_files(links: Path):
    for name in PACKAGES.values():
        for path in sorted((links / name).rglob("*.py")):
            relative = path.relative_to(links).with_suffix("")
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def import_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The import cycles of ``graph``: its strongly connected components (Tarjan,
    iterative) with more than one module, largest first, each sorted. Imports written
    inside functions count: grimp sees them, and so does Python when they run."""
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in modules:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recurse = False
            for i in range(position, len(edges[node])):
                target = edges[node][i]
                if target not in index:
                    work.append((node, i + 1))
                    work.append((target, 0))
                    recurse = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recurse:
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(found, key=len, reverse=True)


def _imports_in_functions(path: Path) -> int:
    tree = ast.parse(path.read_text())
    project = set(PACKAGES.values())
    seen: set[int] = set()  # an import in a nested function is counted once
    count = 0
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if id(node) in seen:
                continue
            if isinstance(node, ast.ImportFrom):
                seen.add(id(node))
                if node.level or (node.module or "").split(".")[0] in project:
                    count += 1
            elif isinstance(node, ast.Import):
                seen.add(id(node))
                count += sum(alias.name.split(".")[0] in project for alias in node.names)
    return count


def report(ref: str | None, top: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        links = _tree(ref, Path(scratch))
        sys.path.insert(0, str(links))
        try:
            graph = grimp.build_graph(*PACKAGES.values(), cache_dir=None)
        finally:
            sys.path.remove(str(links))
            for name in list(sys.modules):
                if name.split(".")[0] in PACKAGES.values():
                    del sys.modules[name]
        lines: dict[str, int] = {}
        per_app: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        hidden = 0
        for module, path in _module_files(links):
            count = len(path.read_text().splitlines())
            app = module.split(".")[0]
            if ".migrations" in module:
                per_app[app][2] += count
                continue
            lines[module] = count
            per_app[app][0] += 1
            per_app[app][1] += count
            hidden += _imports_in_functions(path)
        cycles = import_cycles(graph)

    print(f"## {ref or 'working tree'}")
    print(f"{'app':<10} {'modules':>8} {'lines':>8} {'migrations':>11}")
    for app in PACKAGES.values():
        modules, total, migrations = per_app[app]
        print(f"{app:<10} {modules:>8} {total:>8} {migrations:>11}")
    print(f"\nlargest modules (lines, migrations apart; top {top}):")
    for module, count in sorted(lines.items(), key=lambda item: -item[1])[:top]:
        print(f"  {count:>5}  {module}")
    sizes = ", ".join(str(len(c)) for c in cycles) or "none"
    print(f"\nimport cycles: {len(cycles)} (modules in each: {sizes})")
    for cycle in cycles:
        print("  " + " ".join(cycle))
    print(f"project imports inside functions: {hidden}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", action="append", help="a git commit (default: working tree)")
    parser.add_argument("--modules", type=int, default=12, help="how many largest modules")
    options = parser.parse_args()
    for ref in options.ref or [None]:
        report(ref, options.modules)


if __name__ == "__main__":
    main()

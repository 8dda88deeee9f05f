"""The package's layers: each module imports only modules of its own layer or below, and no
two modules import each other, directly or round a longer loop.

Read from the source (every `import` statement, those inside functions too), so a lazy
import that dodges a cycle at run time still counts. The dashboard (the `dashboard` package
and its entry script dashboard.py) sits above the package, and the package never imports Streamlit.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENTRY = "dashboard.py (entry script)"  # `streamlit run dashboard.py`; not the package

# Lowest first. A module belongs to the layer of the longest name listed that contains it.
LAYERS: list[tuple[str, ...]] = [
    ("analysis", "analysis.errors", "analysis.config", "analysis.models", "analysis.text"),
    (
        "analysis.language",
        "analysis.kb",
        "analysis.decoding",
        "analysis.loaders",
        "analysis.corpus",
        "analysis.places",
        "analysis.fetch",
    ),
    ("analysis.nlp",),
    ("analysis.extract", "analysis.relmodel"),  # extraction: the subject of its own issue
    ("analysis.pipeline",),  # database-free: language guard, splitting, extract many
    ("analysis.distributed",),  # extraction on Dask workers, for the ingest
    ("analysis.store.schema",),
    ("analysis.store.engine", "analysis.store.faults"),
    ("analysis.store.summaries",),
    ("analysis.store.writes", "analysis.store.migrations", "analysis.store.reading"),
    ("analysis.store.opening",),
    ("analysis.store",),  # the package's __init__: re-exports for callers above
    ("analysis.datasets",),  # public data sets: their attribution and file formats
    ("analysis.ingest",),
    ("analysis.feeds",),  # polls feeds through the ingest
    ("analysis.queries.filters",),
    ("analysis.queries",),
    ("analysis.tally", "analysis.charts"),
    ("analysis.cli",),
    ("analysis.__main__",),
    ("dashboard.jobs", "dashboard.render"),
    ("dashboard.state",),
    ("dashboard.uploads", "dashboard.panels"),
    ("dashboard.sources",),  # uses the upload's new-claims reader
    ("dashboard.views",),
    ("dashboard.app", "dashboard"),
    (ENTRY,),
]
# Module groups that may import each other: none.
CYCLES_ALLOWED: list[set[str]] = []


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every name `module` imports: `a.b` for `import a.b`, and for `from a.b import c` both
    `a.b.c` (which may be a module) and `a.b` (see `resolve_from`), marked `a.b:c`."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            found.update(f"{origin}:{alias.name}" for alias in node.names)
    return found


def project_graph(root: Path = ROOT) -> dict[str, set[str]]:
    """module -> the project modules it imports, for the package and the dashboard."""
    paths = [
        *sorted((root / "analysis").rglob("*.py")),
        *sorted((root / "dashboard").rglob("*.py")),
    ]
    sources = {module_name(p, root): (p.read_text(encoding="utf-8"), p.name) for p in paths}
    sources[ENTRY] = ((root / "dashboard.py").read_text(encoding="utf-8"), "dashboard.py")
    graph: dict[str, set[str]] = {}
    for module, (source, filename) in sources.items():
        names = imports(source, module, is_package=filename == "__init__.py")
        graph[module] = {t for t in (resolve(n, sources) for n in names) if t and t != module}
    return graph


def resolve(name: str, modules: Iterable[str]) -> str | None:
    """The project module an imported name is or lies in; None if outside the project.

    `a.b:c` (from a.b import c) is the module `a.b.c` when there is one, else `a.b`; `a.b.c`
    (import a.b.c) is the longest of `a.b.c`, `a.b`, `a` that is a module."""
    origin, _, member = name.partition(":")
    if member and f"{origin}.{member}" in modules:
        return f"{origin}.{member}"
    while origin:
        if origin in modules:
            return origin
        origin = origin.rpartition(".")[0]
    return None


def layer_of(module: str) -> int:
    best, found = -1, None
    for i, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and len(name) > best:
                best, found = len(name), i
    if found is None:
        raise AssertionError(f"{module} is in no layer; add it to LAYERS in {__file__}")
    return found


def upward_imports(graph: Mapping[str, set[str]]) -> list[str]:
    return sorted(
        f"{module} (layer {layer_of(module)}) imports {target} (layer {layer_of(target)})"
        for module, targets in graph.items()
        for target in targets
        if layer_of(target) > layer_of(module)
    )


def cycles(graph: Mapping[str, set[str]]) -> list[set[str]]:
    """The groups of modules that import each other round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return project_graph()


def test_every_module_has_a_layer(graph):
    for module in graph:
        layer_of(module)


def test_no_module_imports_a_higher_layer(graph):
    assert upward_imports(graph) == []


def test_no_import_cycles(graph):
    found = [group for group in cycles(graph) if group not in CYCLES_ALLOWED]
    assert found == []


def test_the_package_never_imports_streamlit():
    for path in (ROOT / "analysis").rglob("*.py"):
        module = module_name(path)
        names = imports(path.read_text(encoding="utf-8"), module)
        assert not any(n == "streamlit" or n.startswith("streamlit.") for n in names), module


def reachable(graph: Mapping[str, set[str]], start: str) -> set[str]:
    """`start` and every project module it imports, directly or through others."""
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_pipeline_needs_no_database(graph):
    """`python -m analysis extract` prints claims without a store: what the pipeline and
    the loaders import must not reach the store or SQLAlchemy."""
    reach = reachable(graph, "analysis.pipeline") | reachable(graph, "analysis.loaders")
    assert not [m for m in reach if m.startswith(("analysis.store", "analysis.ingest"))]
    for module in reach:
        path = ROOT / (module.replace(".", "/") + ".py")
        if not path.exists():
            path = path.with_suffix("") / "__init__.py"
        names = imports(path.read_text(encoding="utf-8"), module)
        assert not any(n.startswith("sqlalchemy") for n in names), module


# -- the checks themselves fail on a bad import ------------------------------------------------


def _tree(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in {"dashboard.py": "", **files}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "dashboard").mkdir(exist_ok=True)
    return project_graph(tmp_path)


def test_a_store_module_importing_the_ingest_is_caught(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "analysis/__init__.py": "",
            "analysis/ingest.py": "from analysis.store import add_article\n",
            "analysis/store/__init__.py": "from analysis.store.writes import add_article\n",
            "analysis/store/writes.py": "def f():\n    from analysis.ingest import reanalyze\n",
        },
    )
    low, high = layer_of("analysis.store.writes"), layer_of("analysis.ingest")
    assert upward_imports(graph) == [
        f"analysis.store.writes (layer {low}) imports analysis.ingest (layer {high})"
    ]
    assert cycles(graph) == [{"analysis.ingest", "analysis.store", "analysis.store.writes"}]


def test_relative_imports_are_resolved(tmp_path):
    graph = _tree(
        tmp_path,
        {
            "analysis/__init__.py": "",
            "analysis/store/__init__.py": "from .schema import claims\n",
            "analysis/store/schema.py": "from .. import tally\n",
            "analysis/tally.py": "",
        },
    )
    assert graph["analysis.store"] == {"analysis.store.schema"}
    assert graph["analysis.store.schema"] == {"analysis.tally"}
    low, high = layer_of("analysis.store.schema"), layer_of("analysis.tally")
    assert upward_imports(graph) == [
        f"analysis.store.schema (layer {low}) imports analysis.tally (layer {high})"
    ]

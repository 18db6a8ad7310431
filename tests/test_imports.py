"""Imports flow one way: readers -> analyse -> cluster -> synthesise -> store -> jobs -> serve/CLI.

Every ``import`` in the package (at module level or inside a function) is read from the source with
``ast``; a module may import its own stage, a lower one, or one beside it, never a higher one, and no
two modules may import each other, directly or round a loop.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "storyline"

# the pipeline's order; stages of one level may import each other (but never round a loop)
LAYERS: dict[str, int] = {
    "": 0, "types": 0, "lang": 0,  # storyline/__init__ (the version), the typed records, shared constants
    "ingest": 1,
    "analyse": 2,
    "cluster": 3,
    "synthesise": 4,
    "store": 5,
    "dedup": 6, "jobs": 6, "eval": 6,  # what runs the stages: planning a batch, ingest, watch, evaluation
    "serve": 7, "cli": 7, "bench": 7,  # the front ends and the benchmarks
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _target(module: str, name: str | None) -> str:
    """``from storyline.store import search`` imports the module storyline.store.search."""
    if name and f"{module}.{name}" in MODULES:
        return f"{module}.{name}"
    return module


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("storyline"):
            found.update(_target(node.module, a.name) for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("storyline"))
    return found


GRAPH = {name: {t for t in imports_of(path) if t != name} for name, path in MODULES.items()}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_stage_has_a_level() -> None:
    assert {stage(m) for m in MODULES} <= set(LAYERS), set(map(stage, MODULES)) - set(LAYERS)


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    bad = []
    for module, targets in sorted(graph.items()):
        for t in sorted(targets):
            if LAYERS[stage(t)] > LAYERS[stage(module)]:
                bad.append(f"{module} -> {t}")
    return bad


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_stage_imports_a_higher_one() -> None:
    assert upward_imports(GRAPH) == []


def test_no_import_cycles() -> None:
    # a package's __init__ re-exporting its modules is not a loop of the code's own making
    graph = {m: {t for t in ts if not (m.startswith(t + ".") and MODULES[t].name == "__init__.py")}
             for m, ts in GRAPH.items()}
    assert cycles(graph) == []


@pytest.mark.parametrize("back_reference", [
    ("storyline.ingest.watch", "storyline.jobs.ingest"),  # a reader running the ingest job
    ("storyline.cluster.commands", "storyline.eval.cluster"),  # a stage importing its evaluation
    ("storyline.synthesise.view", "storyline.store.sqlite"),  # synthesis reading the database
    ("storyline.dedup.plan", "storyline.serve.app"),  # a job importing a front end
])
def test_the_check_catches_back_references(back_reference: tuple[str, str]) -> None:
    module, target = back_reference
    graph = dict(GRAPH)
    graph[module] = {target}
    assert upward_imports(graph) == [f"{module} -> {target}"]


def test_the_check_catches_a_loop() -> None:
    graph = {k: set(v) for k, v in GRAPH.items()}
    graph["storyline.analyse.gazetteer"].add("storyline.analyse.canonical")  # the loop that was fixed
    assert ["storyline.analyse.canonical", "storyline.analyse.gazetteer"] in cycles(graph)


_SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
                  r"(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+|BEGIN\s+IMMEDIATE)\b", re.S)


def sql_strings(source: str) -> list[str]:
    """String literals in ``source`` that are SQL statements (docstrings may talk about SQL)."""
    tree = ast.parse(source)
    docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and id(n) not in docs and _SQL.search(n.value)]


def test_the_sql_check_finds_sql() -> None:
    assert sql_strings('conn.execute("SELECT lang FROM articles WHERE id = ?", (x,))')
    assert sql_strings('q = ("UPDATE stories SET merged_into=?"\n     " WHERE id=?")')
    assert not sql_strings('print("Select a story from the list")')


def test_no_sql_outside_the_store() -> None:
    offenders = [f"{name}: {s[:60]!r}" for name, path in MODULES.items() if stage(name) != "store"
                 for s in sql_strings(path.read_text(encoding="utf-8"))]
    assert offenders == []

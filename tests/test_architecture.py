"""The layout holds: data flows one way (no import cycles), and every class is defined once."""

import ast
from collections import defaultdict

from conftest import ROOT

PACKAGE = ROOT / "dlquiz"


def _modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = ast.parse(path.read_text(encoding="utf-8"))
    return found


def _imports(name: str, tree: ast.Module, modules: set[str]) -> set[str]:
    """Every dlquiz module `name` imports, at the top or inside a function (a lazy import is still a dependency)."""
    package = name if name in {m.rsplit(".", 1)[0] for m in modules if "." in m} and name + ".__init__" else name
    out = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in modules}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + (1 if _is_package(name) else 0)] + ([base] if base else []))
            for a in node.names:
                target = f"{base}.{a.name}"
                out.add(target if target in modules else base)
    return {m for m in out if m in modules and m != name}


def _runtime_nodes(tree: ast.AST):
    """Every node, but for what stands under `if TYPE_CHECKING:` (read by type checkers, never run)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            continue
        yield node
        yield from _runtime_nodes(node)


def _is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").is_file()


def test_no_two_modules_import_each_other_directly_or_through_others():
    modules = _modules()
    graph = {name: _imports(name, tree, set(modules)) for name, tree in modules.items()}
    # Tarjan's strongly connected components: any component of more than one module is a cycle.
    index, low, stack, on, cycles = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                cycles.append(sorted(part))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_cycle_check_sees_a_cycle():
    """The check above can fail: two modules that import each other are one component."""
    a = ast.parse("from dlquiz.b import x")
    b = ast.parse("def f():\n    from dlquiz.a import y")
    modules = {"dlquiz.a", "dlquiz.b"}
    assert _imports("dlquiz.a", a, modules) == {"dlquiz.b"}
    assert _imports("dlquiz.b", b, modules) == {"dlquiz.a"}


def test_no_class_name_is_defined_in_two_modules():
    where = defaultdict(set)
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                where[node.name].add(name)
    assert {cls: sorted(mods) for cls, mods in where.items() if len(mods) > 1} == {}


def test_tensorflow_is_imported_in_exactly_one_module():
    importers = set()
    for name, tree in _modules().items():
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n.split(".")[0] in ("keras", "tensorflow") for n in names):
                importers.add(name)
    assert importers == {"dlquiz.oracle.build"}

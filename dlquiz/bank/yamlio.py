"""Bank files as YAML: parsed with a safe loader, and the line and column of any place in them."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from dlquiz.errors import BankError


def _yaml():
    """PyYAML and its safe loader, imported when a file is parsed (a cached bank needs neither).
    The C loader is several times faster; both are safe loaders (no Python objects)."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BANK_BYTES = 5_000_000

# How many nodes aliases (`*name`) may add to a document when they are expanded. A rubric's phrase
# list reused in every question of a bank is a few hundred; an "alias bomb" of 800 bytes is billions.
ALIAS_BUDGET = 10_000
# Every anchor has this shape (both PyYAML's scanner and libyaml's want a letter, digit, - or _ after
# the `&`); "McCulloch & Pitts" has not.
_ANCHOR = re.compile(r"&[0-9A-Za-z_-]")


def load_yaml(text: str) -> object:
    """Parse YAML text with the safe (C) loader, refusing aliases that would expand past ALIAS_BUDGET.

    The composer shares an aliased node rather than copying it, so composing a bomb costs nothing;
    the expansion happens in whatever walks the data afterwards (validation, the cache's JSON). The
    node graph is therefore measured before anything is constructed from it: a yaml.MarkedYAMLError
    (with the line of the alias) when aliases would add too many nodes or an alias contains itself."""
    yaml, loader_class = _yaml()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _ANCHOR.search(text):  # no anchor, no alias: the usual bank is not walked
            check_aliases(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def check_aliases(root) -> None:
    """Walk a composed YAML graph once (each distinct node once, no recursion) and count the nodes its
    aliases add when expanded; raise a MarkedYAMLError at the alias that passes the budget, or at one
    that refers to a node containing it."""
    import yaml

    from dlquiz.i18n import tr

    size: dict[int, int] = {}      # id(node) -> nodes it stands for, aliases expanded
    open_: set[int] = set()        # nodes entered and not yet sized: the path from the root
    added = 0
    stack: list[tuple] = [(root, None, False)]
    while stack:
        node, where, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k, _ in kids)
            open_.discard(key)
            continue
        if key in size:  # met before: this occurrence is an alias, which adds a copy
            added += size[key]
            if added > ALIAS_BUDGET:
                raise yaml.constructor.ConstructorError(None, None, tr(
                    f"aliassen (*naam) zouden hier meer dan {ALIAS_BUDGET} extra knopen opleveren; niet geladen",
                    f"aliases (*name) would add more than {ALIAS_BUDGET} nodes here; not loaded"), where)
            continue
        if key in open_:
            raise yaml.constructor.ConstructorError(None, None, tr(
                "een alias (*naam) verwijst naar een knoop waar hij zelf in staat; niet geladen",
                "an alias (*name) refers to a node that contains it; not loaded"), where)
        open_.add(key)
        stack.append((node, where, True))
        stack.extend((kid, mark, False) for kid, mark in reversed(_children(node)))


def _children(node) -> list[tuple]:
    """A node's children, each with the place to name if it is an alias: for a mapping's value the
    line of its key (`key: *name`), for a key or a list item the line where its collection starts."""
    if isinstance(node.value, str):
        return []
    kids = []
    for item in node.value:
        if isinstance(item, tuple):
            k, v = item
            kids += [(k, node.start_mark), (v, k.start_mark)]
        else:
            kids.append((item, node.start_mark))
    return kids


def read_yaml(path: Path) -> tuple[object, str]:
    """Parse one YAML file safely; a syntax error becomes a BankError with its line."""
    from dlquiz.i18n import tr

    try:
        if path.stat().st_size > MAX_BANK_BYTES:
            mb = MAX_BANK_BYTES // 1_000_000
            raise BankError(tr(f"bestand groter dan {mb} MB", f"file larger than {mb} MB"), str(path))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BankError(tr(f"geen UTF-8-tekst ({exc.reason} bij byte {exc.start}); bewaar het bestand als UTF-8",
                           f"not UTF-8 text ({exc.reason} at byte {exc.start}); save the file as UTF-8"), str(path)) from None
    except OSError as exc:
        raise BankError(tr(f"kan niet lezen: {exc.strerror}", f"cannot read: {exc.strerror}"), str(path)) from None
    yaml, _ = _yaml()
    try:
        return load_yaml(text), text
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = str(exc.problem or exc.context)
        ctx = exc.context_mark
        if exc.context and ctx and mark and ctx.line != mark.line:
            what += tr(f" ({exc.context}, begonnen op regel {ctx.line + 1})", f" ({exc.context} that starts at line {ctx.line + 1})")
        elif exc.context and exc.problem:
            what += f" ({exc.context})"
        raise BankError(_syntax() + what, str(path), mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise BankError(_syntax() + str(exc), str(path)) from None


def _syntax() -> str:
    """What a teacher reads before the YAML parser's own words."""
    from dlquiz.i18n import tr

    return tr("geen geldige YAML hier (meestal klopt de inspringing niet, of staat een '-' of ':' verkeerd, hier of "
              "een regel hoger); de YAML-lezer zegt: ",
              "not valid YAML here (usually the indentation is off, or a '-' or ':' is misplaced, here or a line "
              "above); the YAML reader says: ")


@functools.lru_cache(maxsize=4)
def _compose(text: str):
    """The YAML node tree of a bank's text, or None; kept, since `check` asks for a line per problem
    (composing a 150 KB bank takes 20-40 ms)."""
    yaml, loader = _yaml()
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None


def repeated_keys(text: str) -> list[tuple[str, int, int, int]]:
    """Each key that appears a second time in one mapping: (key, line of the first, line and column of the
    repeat), 1-based. The safe loader keeps the last value without a word."""
    yaml, _ = _yaml()
    root = _compose(text)
    found: list[tuple[str, int, int, int]] = []
    stack = [root] if root is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen or isinstance(node, yaml.ScalarNode):
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if key.value in first:
                        found.append((key.value, first[key.value], key.start_mark.line + 1, key.start_mark.column + 1))
                    else:
                        first[key.value] = key.start_mark.line + 1
                stack.append(value)
        else:
            stack.extend(node.value)
    return sorted(found, key=lambda f: f[2])


def locate(text: str, loc: tuple) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at `loc` (keys and indexes), or of its nearest parent."""
    yaml, _ = _yaml()
    node = _compose(text)
    if node is None:
        return None, None
    best = node
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == str(part):
                    nxt = v if part != loc[-1] else k
                    break
            if nxt is None:
                break
            node = nxt
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
        best = node
    if best is None:
        return None, None
    return best.start_mark.line + 1, best.start_mark.column + 1



"""Bank files as YAML: parsed with a safe loader, and the line and column of any place in them."""

from __future__ import annotations

import functools
from pathlib import Path

from dlquiz.errors import BankError


def _yaml():
    """PyYAML and its safe loader, imported when a file is parsed (a cached bank needs neither).
    The C loader is several times faster; both are safe loaders (no Python objects)."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BANK_BYTES = 5_000_000


def read_yaml(path: Path) -> tuple[object, str]:
    """Parse one YAML file safely; a syntax error becomes a BankError with its line."""
    try:
        if path.stat().st_size > MAX_BANK_BYTES:
            raise BankError(f"file larger than {MAX_BANK_BYTES // 1_000_000} MB", str(path))
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BankError(f"not UTF-8 text ({exc.reason} at byte {exc.start})", str(path)) from None
    except OSError as exc:
        raise BankError(f"cannot read: {exc.strerror}", str(path)) from None
    yaml, loader = _yaml()
    try:
        return yaml.load(text, Loader=loader), text
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = str(exc.problem or exc.context)
        ctx = exc.context_mark
        if exc.context and ctx and mark and ctx.line != mark.line:
            what += f" ({exc.context} that starts at line {ctx.line + 1})"
        elif exc.context and exc.problem:
            what += f" ({exc.context})"
        raise BankError(f"YAML: {what}", str(path), mark.line + 1 if mark else None, mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise BankError(f"YAML: {exc}", str(path)) from None


@functools.lru_cache(maxsize=4)
def _compose(text: str):
    """The YAML node tree of a bank's text, or None; kept, since `check` asks for a line per problem
    (composing a 150 KB bank takes 20-40 ms)."""
    yaml, loader = _yaml()
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError:
        return None


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



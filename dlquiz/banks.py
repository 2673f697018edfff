"""Find and load question banks: the shipped ones, folders in DLQUIZ_BANKS, and --bank-dir."""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import BankError, UnknownBank, UnknownQuestion

# The C loader is several times faster; both are safe loaders (no Python objects).
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BANK_BYTES = 5_000_000


def shipped_dir() -> Path:
    """The banks that come with dlquiz: `questions/` in a checkout, `dlquiz/questions` in a wheel."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "questions"
    return checkout if checkout.is_dir() and (here.parent / "pyproject.toml").is_file() else here / "questions"


def bank_dirs(extra: list[Path] | None = None) -> list[Path]:
    """Folders searched for banks, later ones overriding earlier ones with the same bank name."""
    dirs = [shipped_dir()]
    for part in os.environ.get("DLQUIZ_BANKS", "").split(os.pathsep):
        if part.strip():
            dirs.append(Path(part.strip()).expanduser())
    dirs.extend(extra or [])
    return dirs


def bank_files(extra: list[Path] | None = None) -> dict[str, Path]:
    """Map bank name → file, for every `*.yaml`/`*.yml` in the bank folders."""
    found: dict[str, Path] = {}
    for folder in bank_dirs(extra):
        if folder.is_file():
            found[folder.stem] = folder
            continue
        if not folder.is_dir():
            continue
        for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
            found[path.stem] = path
    return found


def _key(name: str) -> tuple[str, str]:
    name = name.lower().strip()
    return re.sub(r"[^a-z]", "", name), "".join(re.findall(r"\d+", name)).lstrip("0")


def resolve_name(query: str, names: list[str]) -> str:
    """Loose bank names: `hoofdstuk15`, `h15`, `15` and `H15.yaml` all name bank `hoofdstuk15`."""
    q = query.lower().strip()
    q = re.sub(r"\.ya?ml$", "", Path(q).name)
    if q in names:
        return q
    q_letters, q_digits = _key(q)
    hits = []
    for name in names:
        letters, digits = _key(name)
        if q_digits and q_digits == digits and letters.startswith(q_letters):
            hits.append(name)
        elif not q_digits and q_letters and letters.startswith(q_letters):
            hits.append(name)
    if len(hits) == 1:
        return hits[0]
    near = hits or difflib.get_close_matches(q, names, n=3, cutoff=0.4)
    raise UnknownBank(_unknown("bank", query, near, names))


def _unknown(kind: str, query: str, near: list[str], known: list[str]) -> str:
    from .i18n import tr

    msg = tr(f"onbekende {kind} '{query}'", f"unknown {kind} '{query}'")
    if near:
        return msg + tr(". Bedoel je: ", ". Did you mean: ") + ", ".join(near) + "?"
    if known:
        shown = ", ".join(known[:8]) + (" …" if len(known) > 8 else "")
        return msg + tr(". Beschikbaar: ", ". Available: ") + shown
    return msg


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
    try:
        return yaml.load(text, Loader=_Loader), text
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


def locate(text: str, loc: tuple) -> tuple[int | None, int | None]:
    """Line and column (1-based) of the node at `loc` (keys and indexes), or of its nearest parent."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
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


@dataclass
class Bank:
    name: str
    path: Path
    title: str
    topics: dict[str, str]
    questions: list = field(default_factory=list)
    language: str = "nl"
    text: str = ""

    def question(self, qid: str):
        for q in self.questions:
            if q.id == qid:
                return q
        ids = [q.id for q in self.questions]
        near = difflib.get_close_matches(qid, ids, n=3, cutoff=0.5)
        near = near or [i for i in ids if qid.lower() in i][:3]
        raise UnknownQuestion(_unknown("vraag" if _nl() else "question", qid, near, ids))

    def topic_title(self, topic: str | None) -> str:
        return self.topics.get(topic or "", topic or "—")

    def line_of(self, loc: tuple) -> int | None:
        return locate(self.text, loc)[0]


def _nl() -> bool:
    from .i18n import lang

    return lang() == "nl"


def load_bank(path: Path, name: str | None = None) -> Bank:
    """Load and validate one bank; the first problem is raised as a BankError with file:line."""
    from pydantic import ValidationError

    from .questions import BankModel

    data, text = read_yaml(path)
    if not isinstance(data, dict):
        raise BankError("a bank is a mapping with title, topics and questions", str(path), 1)
    try:
        model = BankModel.model_validate(data)
    except ValidationError as exc:
        raise bank_error_from(exc, path, text, data) from None
    bank = Bank(name or path.stem, path, model.title, dict(model.topics), list(model.questions), model.language, text)
    seen: dict[str, int] = {}
    for i, q in enumerate(bank.questions):
        if q.id in seen:
            line = bank.line_of(("questions", i, "id"))
            raise BankError(f"duplicate id '{q.id}' (first at question {seen[q.id] + 1})", str(path), line)
        seen[q.id] = i
        if q.topic and bank.topics and q.topic not in bank.topics:
            line = bank.line_of(("questions", i, "topic"))
            raise BankError(f"topic '{q.topic}' is not listed under topics: {', '.join(bank.topics)}", str(path), line)
    return bank


def bank_error_from(exc, path: Path, text: str, data: object) -> BankError:
    """Turn pydantic's first error into `file:line: message`, with a 'did you mean' for a misspelt key."""
    # A misspelt key shows as "missing prompt" *and* "extra promt": the second is the one to report.
    errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
    err = errors[0]
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p in _TYPE_TAGS))
    line, col = locate(text, loc)
    field_name = ".".join(str(p) for p in loc) or "bank"
    msg = err["msg"]
    if err["type"] == "extra_forbidden" and loc:
        from .questions import known_keys

        key = str(loc[-1])
        near = difflib.get_close_matches(key, known_keys(data, loc), n=1, cutoff=0.6)
        msg = f"unknown key '{key}'" + (f" — did you mean '{near[0]}'?" if near else "")
    elif err["type"] == "missing":
        msg = f"missing key '{loc[-1]}'" if loc else "missing key"
        line, col = locate(text, loc[:-1])
    else:
        msg = f"{field_name}: {msg}"
    return BankError(msg, str(path), line, col)


_TYPE_TAGS = {"numeric", "shape", "open", "choice", "truefalse", "keras", "code"}


@dataclass
class Library:
    """All banks that can be found; loads each one only when it is asked for."""

    extra_dirs: list[Path] = field(default_factory=list)
    _files: dict[str, Path] | None = None
    _loaded: dict[str, Bank] = field(default_factory=dict)

    @property
    def files(self) -> dict[str, Path]:
        if self._files is None:
            self._files = bank_files(self.extra_dirs)
        return self._files

    def names(self) -> list[str]:
        return sorted(self.files)

    def resolve(self, query: str) -> str:
        path = Path(query)
        if path.suffix in (".yaml", ".yml") and path.is_file():
            self.files[path.stem] = path
            return path.stem
        return resolve_name(query, self.names())

    def bank(self, query: str) -> Bank:
        name = self.resolve(query)
        if name not in self._loaded:
            self._loaded[name] = load_bank(self.files[name], name)
        return self._loaded[name]

    def load_all(self) -> tuple[list[Bank], list[BankError]]:
        """Every bank that loads, and the errors of those that don't: one broken bank stops no other."""
        banks, errors = [], []
        for name in self.names():
            try:
                banks.append(self.bank(name))
            except BankError as exc:
                errors.append(exc)
        return banks, errors

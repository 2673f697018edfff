"""Find and load question banks: the shipped ones, folders in DLQUIZ_BANKS, and --bank-dir."""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import BankError, UnknownBank, UnknownQuestion


def _yaml():
    """PyYAML and its safe loader, imported when a file is parsed (a cached bank needs neither).
    The C loader is several times faster; both are safe loaders (no Python objects)."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)

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

    def position(self, loc: tuple) -> tuple[int | None, int | None]:
        """Line and column of the node at `loc` in the bank's file."""
        if not self.text:
            # A bank served from the cache was never read as text; read it only when a line is wanted.
            try:
                self.text = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None, None
        return locate(self.text, loc)

    def summary(self) -> dict:
        """What `dlquiz list` shows of a bank, as plain JSON-able data."""
        return {
            "title": self.title,
            "topics": dict(self.topics),
            "questions": [{"id": q.id, "type": q.type, "topic": q.topic, "source": q.source, "tags": list(q.tags)}
                          for q in self.questions],
        }


def _nl() -> bool:
    from .i18n import lang

    return lang() == "nl"


def load_bank(path: Path, name: str | None = None) -> Bank:
    """Load and validate one bank; the first problem is raised as a BankError with file:line."""
    data, text = read_yaml(path)
    return bank_from_data(path, data, text, name)


def bank_from_data(path: Path, data: object, text: str | None, name: str | None = None) -> Bank:
    """Validate parsed bank data; `text` (the file, for line numbers) is read only if a problem needs it."""
    from pydantic import ValidationError

    from .specs import BankModel, to_record

    if not isinstance(data, dict):
        raise BankError("a bank is a mapping with title, topics and questions", str(path), 1)
    try:
        model = BankModel.model_validate(data)
    except ValidationError as exc:
        if text is None:
            text = read_yaml(path)[1]
        raise bank_error_from(exc, path, text, data) from None
    bank = Bank(name or path.stem, path, model.title, dict(model.topics), to_record(model.questions), model.language, text or "")
    seen: dict[str, int] = {}
    for i, q in enumerate(bank.questions):
        if q.id in seen:
            line, col = locate(text if text is not None else read_yaml(path)[1], ("questions", i, "id"))
            raise BankError(f"duplicate id '{q.id}' (first at question {seen[q.id] + 1})", str(path), line, col)
        seen[q.id] = i
        if q.topic and bank.topics and q.topic not in bank.topics:
            line, col = locate(text if text is not None else read_yaml(path)[1], ("questions", i, "topic"))
            raise BankError(f"topic '{q.topic}' is not listed under topics: {', '.join(bank.topics)}", str(path), line, col)
    return bank


def bank_error_from(exc, path: Path, text: str, data: object) -> BankError:
    """Turn pydantic's first error into `file:line:col: message`, with a 'did you mean' for a misspelt key."""
    return bank_errors_from(exc, path, text, data)[0]


def bank_errors_from(exc, path: Path, text: str, data: object) -> list[BankError]:
    """Every pydantic error as `file:line:col: message`, in file order; a misspelt key is one message."""
    errors = exc.errors()
    # A misspelt key shows as "missing prompt" *and* "extra promt": report the second, with a 'did you mean'.
    extra_parents = {_loc(e)[:-1] for e in errors if e["type"] == "extra_forbidden"}
    out: list[BankError] = []
    seen: set[tuple] = set()
    for err in sorted(errors, key=lambda e: e["type"] != "extra_forbidden"):
        loc = _loc(err)
        if err["type"] == "missing" and loc[:-1] in extra_parents:
            continue
        made = _one_error(err, loc, path, text, data)
        key = (made.line, made.col, made.message)
        if key not in seen:
            seen.add(key)
            out.append(made)
    return sorted(out, key=lambda e: (e.line or 0, e.col or 0))


def _loc(err: dict) -> tuple:
    types = set(_type_names())
    return tuple(p for p in err["loc"] if not (isinstance(p, str) and p in types))


def _one_error(err: dict, loc: tuple, path: Path, text: str, data: object) -> BankError:
    line, col = locate(text, loc)
    field_name = ".".join(str(p) for p in loc) or "bank"
    questions = data.get("questions") if isinstance(data, dict) else None
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(questions, list) \
            and loc[1] < len(questions) and isinstance(questions[loc[1]], dict) and questions[loc[1]].get("id"):
        # "h15-07: answer.1" says more to a teacher than "questions.6.answer.1".
        field_name = f"{questions[loc[1]]['id']}: " + (".".join(str(p) for p in loc[2:]) or "question")
    msg = err["msg"]
    if err["type"] == "extra_forbidden" and loc:
        from .specs import known_keys

        key = str(loc[-1])
        near = difflib.get_close_matches(key, known_keys(data, loc), n=1, cutoff=0.6)
        msg = f"unknown key '{key}'" + (f" — did you mean '{near[0]}'?" if near else "")
    elif err["type"] == "missing":
        msg = f"missing key '{loc[-1]}'" if loc else "missing key"
        if field_name != ".".join(str(p) for p in loc) and ":" in field_name:
            msg = f"{field_name.split(':')[0]}: {msg}"
        line, col = locate(text, loc[:-1])
    elif err["type"] == "union_tag_invalid":
        tag = str((err.get("ctx") or {}).get("tag", ""))
        near = difflib.get_close_matches(tag, sorted(_type_names()), n=1, cutoff=0.5)
        msg = f"{field_name.split(':')[0]}: unknown type '{tag}'" + (f" — did you mean '{near[0]}'?" if near else "") \
            + f" (types: {', '.join(_type_names())})"
        line, col = locate(text, (*loc, "type"))
    elif err["type"] == "union_tag_not_found":
        msg = f"{field_name.split(':')[0]}: missing key 'type' (types: {', '.join(_type_names())})"
    else:
        msg = f"{field_name}: {msg}"
    return BankError(msg, str(path), line, col)


def _type_names() -> list[str]:
    """The registered question types, so a new type is known here without another list to keep."""
    from .specs import QUESTION_SPECS

    return list(QUESTION_SPECS)


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
            self._loaded[name] = load_cached(self.files[name], name)
        return self._loaded[name]

    def summary(self, query: str) -> tuple[str, Path, dict]:
        """Name, file and summary of one bank, from the cache when the file is unchanged."""
        name = self.resolve(query)
        path = self.files[name]
        if name not in self._loaded:
            summary = BankCache(path).summary()
            if summary is not None:
                return name, path, summary
        return name, path, self.bank(name).summary()

    def summaries(self) -> tuple[list[tuple[str, Path, dict]], list[BankError]]:
        """Like `load_all`, but as summaries: an unchanged bank is not parsed again."""
        return self._every(self.summary)

    def load_all(self) -> tuple[list[Bank], list[BankError]]:
        """Every bank that loads, and the errors of those that don't: one broken bank stops no other."""
        return self._every(self.bank)

    def _every(self, load) -> tuple[list, list[BankError]]:
        found, errors = [], []
        for name in self.names():
            try:
                found.append(load(name))
            except BankError as exc:
                errors.append(exc)
        return found, errors


class BankCache:
    """A JSON copy of a bank that loaded cleanly: its summary, and its validated questions.

    Parsing YAML and validating it (pydantic) cost more than the rest of a short command, so a bank
    whose file (path, size, mtime) and whose validating code are unchanged is read from
    `$DLQUIZ_HOME/cache/banks` as plain records, with no YAML and no pydantic. The summary (what
    `dlquiz list` shows) is a small file of its own; the questions are in `….bank.json`. The cache
    is the user's own file, like the history; anything wrong with it means: parse the YAML again.
    """

    FORMAT = 3

    def __init__(self, path: Path):
        self.path = path
        resolved = str(path.resolve())
        # A name per bank file, not a security digest: crc32 needs no hashlib (3 ms of OpenSSL to import).
        digest = f'{zlib.crc32(resolved.encode("utf-8", "surrogateescape")):08x}'
        folder = cache_home() / "cache" / "banks"
        self.file = folder / f"{path.stem[:40]}-{digest}.json"
        self.bank_file = folder / f"{path.stem[:40]}-{digest}.bank.json"
        self.resolved = resolved

    def stamp(self) -> list | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return [self.FORMAT, __version__, self.resolved, st.st_mtime_ns, st.st_size, _code_stamp()]

    def _read(self, file: Path, hook=None) -> dict | None:
        stamp = self.stamp()
        if stamp is None:
            return None
        try:
            entry = json.loads(file.read_text(encoding="utf-8"), object_hook=hook)
            return entry if isinstance(entry, dict) and entry.get("stamp") == stamp else None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None

    def summary(self) -> dict | None:
        entry = self._read(self.file)
        return entry["summary"] if entry is not None and isinstance(entry.get("summary"), dict) else None

    def bank(self, name: str) -> Bank | None:
        """The cached bank, built as records while its JSON is parsed; None when there is no good one."""
        from .grading import rubric  # noqa: F401  (registers the rubric classes an entry names)
        from .questions import Question
        from .record import json_hook

        entry = self._read(self.bank_file, json_hook)
        if entry is None:
            return None
        try:
            found = entry["questions"]
            if not isinstance(found, list) or not all(isinstance(q, Question) for q in found):
                return None
            return Bank(name, self.path, str(entry["title"]), dict(entry["topics"]), found, str(entry["language"]))
        except (KeyError, TypeError, ValueError):
            return None

    def write(self, bank: Bank) -> None:
        """Store a cleanly loaded bank, if it survives a JSON round trip unchanged (no dates, sets…)."""
        from .record import json_hook, to_json

        stamp = self.stamp()
        if stamp is None:
            return
        try:
            stored = {"stamp": stamp, "title": bank.title, "topics": bank.topics, "language": bank.language,
                      "questions": to_json(bank.questions)}
            text = json.dumps(stored, ensure_ascii=False)
            if json.loads(text, object_hook=json_hook)["questions"] != bank.questions:
                return
            _write_atomic(self.bank_file, text)
            _write_atomic(self.file, json.dumps({"stamp": stamp, "summary": bank.summary()}, ensure_ascii=False))
        except (OSError, ValueError, TypeError, RecursionError):
            pass


def _write_atomic(file: Path, text: str) -> None:
    import tempfile

    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".bank.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cache_home() -> Path:
    """$DLQUIZ_HOME, or the platform's user data folder (as the history store uses)."""
    env = os.environ.get("DLQUIZ_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))


_CODE_FILES = ("banks.py", "questions.py", "specs.py", "record.py", "errors.py", "keras_oracle.py", "truths.py",
               "grading/text.py", "grading/rubric.py")


@functools.lru_cache(maxsize=1)
def _code_stamp() -> list:
    """The code that decides whether a bank is valid; a change to it (in a checkout) empties the cache."""
    here = Path(__file__).resolve().parent
    stamp = []
    for name in _CODE_FILES:
        try:
            st = (here / name).stat()
            stamp.append([name, st.st_mtime_ns, st.st_size])
        except OSError:
            stamp.append([name, None, None])
    return stamp


def load_cached(path: Path, name: str | None = None) -> Bank:
    """`load_bank`, but an unchanged bank comes from the JSON cache instead of its YAML."""
    cache = BankCache(path)
    bank = cache.bank(name or path.stem)
    if bank is not None:
        return bank
    data, text = read_yaml(path)
    bank = bank_from_data(path, data, text, name)
    cache.write(bank)
    return bank

"""A bank's data checked against the rules of the registered question classes, with every problem
as `file:line:col: message`. The only place that builds a pydantic validator (when a bank is read from
YAML or checked; a cached bank never gets here)."""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from pathlib import Path
from typing import Annotated, Union

from dlquiz.bank.bank import Bank
from dlquiz.bank.yamlio import locate, read_yaml
from dlquiz.errors import BankError
from dlquiz.i18n import tr
from dlquiz.record import RECORDS, Record, rule
from dlquiz.types import QUESTION_TYPES

_BANK_FIELDS = {
    "title": "Titel van de bank, getoond aan studenten / the bank's title shown to students.",
    "language": "Taal van de vragen: nl of en.",
    "topics": "Onderwerp-id → titel; elk `topic:` van een vraag moet hier staan.",
    "questions": "De vragen van de bank.",
}


@functools.lru_cache(maxsize=8)
def _bank_record(types: tuple) -> type:
    from pydantic import Field

    any_question = Annotated[Union[tuple(cls for _, cls in types)], Field(discriminator="type")]  # noqa: UP007
    return dataclasses.make_dataclass("BankFile", [
        ("title", str, rule(doc=_BANK_FIELDS["title"])),
        ("language", str, rule("nl", doc=_BANK_FIELDS["language"])),
        ("topics", dict[str, str], rule(factory=dict, doc=_BANK_FIELDS["topics"])),
        ("questions", list[any_question], rule(doc=_BANK_FIELDS["questions"], min_length=1)),
    ], bases=(Record,), kw_only=True, namespace={"__doc__": "Een vragenbank: titel, onderwerpen en vragen."})


def bank_record() -> type:
    """The top of a bank file as a record class, over the question types registered now."""
    return _bank_record(tuple(QUESTION_TYPES.items()))


@functools.lru_cache(maxsize=8)
def _adapter(record: type):
    from pydantic import TypeAdapter

    return TypeAdapter(record)


def bank_adapter():
    """pydantic's validator (and JSON Schema source) for a whole bank file."""
    return _adapter(bank_record())


def validate_bank(data: object):
    """The bank's records, or pydantic's ValidationError with every problem."""
    return bank_adapter().validate_python(data)


def load_bank(path: Path, name: str | None = None, partial: bool = False) -> Bank:
    """Load and validate one bank; the first problem is raised as a BankError with file:line.

    `partial`: a question with problems is left out instead (its problems, every one, are on
    `bank.left_out`); only a problem of the bank itself, or no sound question at all, is raised."""
    data, text = read_yaml(path)
    return bank_from_data(path, data, text, name, partial)


def bank_from_data(path: Path, data: object, text: str | None, name: str | None = None, partial: bool = False) -> Bank:
    """Validate parsed bank data; `text` (the file, for line numbers) is read only if a problem needs it."""
    from pydantic import ValidationError

    if not isinstance(data, dict):
        raise BankError(tr("een bank is een mapping met title, topics en questions",
                           "a bank is a mapping with title, topics and questions"), str(path), 1)
    kept = list(range(len(data["questions"]))) if isinstance(data.get("questions"), list) else []
    problems: list[BankError] = []
    try:
        model = validate_bank(data)
    except ValidationError as exc:
        text = text if text is not None else read_yaml(path)[1]
        errors = bank_errors_from(exc, path, text, data)
        broken = {e["loc"][1] for e in exc.errors() if len(e["loc"]) >= 2 and e["loc"][0] == "questions"
                  and isinstance(e["loc"][1], int)}
        if not partial or any(not (len(e["loc"]) >= 2 and e["loc"][0] == "questions" and isinstance(e["loc"][1], int))
                              for e in exc.errors()) or len(broken) == len(kept):
            raise errors[0] from None
        # Only questions are wrong: the others are served, and what is wrong with these is kept to say.
        problems = errors
        kept = [i for i in kept if i not in broken]
        model = validate_bank({**data, "questions": [data["questions"][i] for i in kept]})
    questions = []
    seen: dict[str, int] = {}
    for i, q in zip(kept, model.questions, strict=True):
        problem = None
        if q.id in seen:
            problem = (tr(f"id '{q.id}' bestaat al bij vraag {seen[q.id] + 1} van deze bank",
                          f"id '{q.id}' already exists at question {seen[q.id] + 1} of this bank"), ("questions", i, "id"))
        elif q.topic and model.topics and q.topic not in model.topics:
            problem = (tr(f"{q.id}: onderwerp '{q.topic}' staat niet onder topics: {', '.join(model.topics)}",
                          f"{q.id}: topic '{q.topic}' is not listed under topics: {', '.join(model.topics)}"),
                       ("questions", i, "topic"))
        seen.setdefault(q.id, i)
        if problem is None:
            questions.append(q)
            continue
        text = text if text is not None else read_yaml(path)[1]
        error = BankError(problem[0], str(path), *locate(text, problem[1]))
        if not partial:
            raise error
        problems.append(error)
    if not questions:
        raise problems[0]
    bank = Bank(name or path.stem, path, model.title, dict(model.topics), questions, model.language, text or "")
    bank.left_out = sorted(problems, key=lambda e: (e.line or 0, e.col or 0))
    bank.skipped = len(data["questions"]) - len(questions)
    return bank


# An unknown key: pydantic says "unexpected_keyword_argument" for a dataclass, "extra_forbidden" for a model.
_EXTRA = ("extra_forbidden", "unexpected_keyword_argument")


def bank_error_from(exc, path: Path, text: str, data: object) -> BankError:
    """Turn pydantic's first error into `file:line:col: message`, with a 'did you mean' for a misspelt key."""
    return bank_errors_from(exc, path, text, data)[0]


def bank_errors_from(exc, path: Path, text: str, data: object) -> list[BankError]:
    """Every pydantic error as `file:line:col: message`, in file order; a misspelt key is one message."""
    errors = exc.errors()
    # A misspelt key shows as "missing prompt" *and* "extra promt": report the second, with a 'did you mean'.
    extra_parents = {_loc(e)[:-1] for e in errors if e["type"] in _EXTRA}
    out: list[BankError] = []
    seen: set[tuple] = set()
    for err in sorted(errors, key=lambda e: e["type"] not in _EXTRA):
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
    question = None
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(questions, list) \
            and loc[1] < len(questions) and isinstance(questions[loc[1]], dict):
        question = questions[loc[1]]
    qid = f"{question['id']}: " if question is not None and question.get("id") else ""
    if qid:
        # "h15-07: answer.1" says more to a teacher than "questions.6.answer.1".
        field_name = ".".join(str(p) for p in loc[2:])
    where = qid + (f"{field_name}: " if field_name else "")
    if err["type"] in _EXTRA and loc:
        msg = qid + _unknown_key(str(loc[-1]), loc, question, data)
    elif err["type"] == "missing":
        msg = qid + tr(f"ontbrekende sleutel '{loc[-1]}'", f"missing key '{loc[-1]}'")
        line, col = locate(text, loc[:-1])
    elif err["type"] == "union_tag_invalid":
        tag = str((err.get("ctx") or {}).get("tag", ""))
        near = difflib.get_close_matches(tag, sorted(_type_names()), n=1, cutoff=0.5)
        msg = qid + tr(f"onbekend type '{tag}'", f"unknown type '{tag}'") + (_did_you_mean(near[0]) if near else "") \
            + tr(" (typen: ", " (types: ") + ", ".join(_type_names()) + ")"
        line, col = locate(text, (*loc, "type"))
    elif err["type"] == "union_tag_not_found":
        msg = qid + tr("ontbrekende sleutel 'type'", "missing key 'type'") + tr(" (typen: ", " (types: ") \
            + ", ".join(_type_names()) + ")"
    elif err["type"] == "value_error":
        # A rule of the class (its check()): its own sentence, without pydantic's "Value error, " or a field name
        # for the question as a whole; a refused model line is shown at that line of the model text.
        error = (err.get("ctx") or {}).get("error", err["msg"])
        reason = str(error)
        msg = (qid + reason) if len(loc) <= 2 else where + reason
        if getattr(error, "at", ()):
            line, col = locate(text, (*loc, *error.at))  # the key the rule is about, not the question's first line
        line, col = _model_line(text, loc, question, reason) or (line, col)
    else:
        msg = where + _plain(err)
    return BankError(msg, str(path), line, col)


def _did_you_mean(key: str) -> str:
    return tr(f" — bedoel je '{key}'?", f" — did you mean '{key}'?")


def _unknown_key(key: str, loc: tuple, question: dict | None, data: object) -> str:
    """An unknown key: a field of another question type says which types have it; a misspelt one, what was meant."""
    qtype = question.get("type") if question is not None else None
    if len(loc) == 3 and qtype in QUESTION_TYPES:
        owners = [name for name, cls in QUESTION_TYPES.items() if key in {f.name for f in dataclasses.fields(cls)}]
        if owners:
            return tr(f"'{key}' hoort niet bij type '{qtype}'; dat veld bestaat bij: {', '.join(owners)}",
                      f"'{key}' does not belong to type '{qtype}'; types that have it: {', '.join(owners)}")
        own = [f.name for f in dataclasses.fields(QUESTION_TYPES[qtype])]
        near = difflib.get_close_matches(key, own, n=1, cutoff=0.6)
    else:
        near = [k for k in difflib.get_close_matches(key, known_keys(data, loc), n=2, cutoff=0.6) if k != key][:1]
    return tr(f"onbekende sleutel '{key}'", f"unknown key '{key}'") + (_did_you_mean(near[0]) if near else "")


_MODEL_LINE = re.compile(r"(?:regel|line) (\d+):")


def _model_line(text: str, loc: tuple, question: dict | None, reason: str) -> tuple[int, int] | None:
    """Where a refused line of a model text is in the file: the `model:` (or `reference:`) block's line n."""
    found = _MODEL_LINE.match(reason)
    if not found or question is None:
        return None
    key = next((k for k in ("model", "reference") if k in question), None) if len(loc) <= 2 else None
    if key is None:
        return None
    start, _ = locate(text, (*loc[:2], key))
    lines = text.splitlines()
    if start is None or start > len(lines):
        return None
    n = int(found[1])
    if not re.search(r":\s*[|>][-+0-9]*\s*(#.*)?$", lines[start - 1]) or start + n > len(lines):
        return start, len(lines[start - 1]) - len(lines[start - 1].lstrip()) + 1
    target = lines[start + n - 1]
    return start + n, len(target) - len(target.lstrip()) + 1


# pydantic's wording for the errors a teacher makes, in plain words (its own text for the rest).
_PLAIN = {
    "list_type": ("moet een lijst zijn (bv. [32, 64])", "must be a list (e.g. [32, 64])"),
    "dict_type": ("moet een mapping zijn (naam: waarde)", "must be a mapping (name: value)"),
    "dataclass_type": ("moet een mapping zijn (sleutel: waarde)", "must be a mapping (key: value)"),
    "string_type": ("moet tekst zijn", "must be text"),
    "int_type": ("moet een geheel getal zijn", "must be a whole number"),
    "int_parsing": ("moet een geheel getal zijn", "must be a whole number"),
    "int_from_float": ("moet een geheel getal zijn", "must be a whole number"),
    "float_type": ("moet een getal zijn", "must be a number"),
    "float_parsing": ("moet een getal zijn", "must be a number"),
    "bool_type": ("moet true of false zijn", "must be true or false"),
    "bool_parsing": ("moet true of false zijn", "must be true or false"),
    "string_too_short": ("mag niet leeg zijn", "must not be empty"),
    "too_short": ("moet minstens {min_length} element(en) hebben", "must have at least {min_length} item(s)"),
    "too_long": ("mag hoogstens {max_length} elementen hebben", "may have at most {max_length} items"),
    "greater_than_equal": ("moet minstens {ge} zijn", "must be at least {ge}"),
    "greater_than": ("moet groter dan {gt} zijn", "must be greater than {gt}"),
    "less_than_equal": ("mag hoogstens {le} zijn", "may be at most {le}"),
    "less_than": ("moet kleiner dan {lt} zijn", "must be less than {lt}"),
    "literal_error": ("moet een van deze zijn: {expected}", "must be one of: {expected}"),
    "string_pattern_mismatch": ("past niet bij het patroon {pattern}", "does not match the pattern {pattern}"),
}


def _plain(err: dict) -> str:
    words = _PLAIN.get(err["type"])
    if words is None:
        return err["msg"]
    ctx = {k: str(v) for k, v in (err.get("ctx") or {}).items()}
    if "expected" in ctx:
        ctx["expected"] = ctx["expected"].replace(" or ", tr(" of ", " or "))
    try:
        return tr(*words).format(**ctx)
    except (KeyError, IndexError):
        return err["msg"]


def _type_names() -> list[str]:
    """The registered question types, so a new type is known here without another list to keep."""
    return list(QUESTION_TYPES)


def known_keys(data: object, loc: tuple) -> list[str]:
    """Every key a bank may use at any level, for a 'did you mean' on a misspelt one."""
    return sorted({f.name for cls in [bank_record(), *RECORDS.values()] if dataclasses.is_dataclass(cls)
                   for f in dataclasses.fields(cls)})



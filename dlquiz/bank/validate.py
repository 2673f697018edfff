"""A bank's data checked against the rules of the registered question classes, with every problem
as `file:line:col: message`. The only place that builds a pydantic validator (when a bank is read from
YAML or checked; a cached bank never gets here)."""

from __future__ import annotations

import dataclasses
import difflib
import functools
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
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int) and isinstance(questions, list) \
            and loc[1] < len(questions) and isinstance(questions[loc[1]], dict) and questions[loc[1]].get("id"):
        # "h15-07: answer.1" says more to a teacher than "questions.6.answer.1".
        field_name = f"{questions[loc[1]]['id']}: " + (".".join(str(p) for p in loc[2:]) or "question")
    msg = err["msg"]
    if err["type"] in _EXTRA and loc:
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
    return list(QUESTION_TYPES)


def known_keys(data: object, loc: tuple) -> list[str]:
    """Every key a bank may use at any level, for a 'did you mean' on a misspelt one."""
    return sorted({f.name for cls in [bank_record(), *RECORDS.values()] if dataclasses.is_dataclass(cls)
                   for f in dataclasses.fields(cls)})



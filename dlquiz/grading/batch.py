"""Grading answers without a session: one entry or a file of many, one result each, in input order.

A file of answers is JSON lines (one `{bank, id, answer[, variant]}` per line) or a YAML list of them.
A line that cannot be read is one error with its line number in the file, and the lines around it
are graded as usual.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dlquiz.errors import AnswerError, DlquizError
from dlquiz.i18n import tr


@dataclass
class Entry:
    """One answer to grade: what was read, where (line in the file, or None), or why it could not be read."""

    value: object
    line: int | None = None
    problem: str | None = None


def read_answers(path: Path) -> list[Entry]:
    """Entries `{bank, id, answer[, variant]}` from JSON lines or a YAML list, each with its line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError(tr(f"kan {path} niet lezen: {exc}", f"cannot read {path}: {exc}")) from None
    entries = _json_lines(text)
    if all(e.problem is None for e in entries):
        # One line holding a JSON list of entries is a list too.
        if len(entries) == 1 and isinstance(entries[0].value, list):
            return [Entry(v, entries[0].line) for v in entries[0].value]
        return entries
    # Some line is not JSON: a YAML list (or a JSON list over many lines), or JSON lines with bad lines.
    # JSON lines are no YAML document once there are two of them, so YAML is asked first.
    import yaml  # only for a file that is not JSON lines

    from dlquiz.bank.yamlio import load_yaml, locate

    try:
        data = load_yaml(text)
    except yaml.YAMLError as exc:
        first = text.lstrip()[:1]
        if first != "[" and (first == "{" or any(e.problem is None for e in entries)):
            return entries  # JSON lines, some broken: each broken line is its own error
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        raise AnswerError(f"{where}: {tr('niet te lezen als JSON lines of YAML-lijst', 'cannot be read as JSON lines or a YAML list')}: "
                          f"{getattr(exc, 'problem', None) or exc}") from None
    if isinstance(data, dict):
        return [Entry(data, locate(text, ())[0])]
    if not isinstance(data, list):
        raise AnswerError(f"{path}: {tr('verwacht een lijst van {bank, id, answer}', 'expected a list of {bank, id, answer}')}")
    return [Entry(value, locate(text, (i,))[0]) for i, value in enumerate(data)]


def _json_lines(text: str) -> list[Entry]:
    """Every non-blank line read as JSON, numbered as in the file. Split at '\\n' only: a JSON string
    may hold U+2028 or U+0085 as they are, which str.splitlines would take for line ends."""
    entries = []
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            entries.append(Entry(json.loads(line), n))
        except json.JSONDecodeError as exc:
            entries.append(Entry(None, n, tr(f"geen geldige JSON ({exc.msg}, kolom {exc.colno})",
                                             f"not valid JSON ({exc.msg} at column {exc.colno})")))
        except RecursionError:
            entries.append(Entry(None, n, tr("JSON te diep genest", "JSON nested too deeply")))
    return entries


def grade_entries(library, entries: list) -> Iterator[dict]:
    """Yield one result dict per entry (an Entry, or a plain dict); a bad entry yields
    `{bank, id, [line,] error}` and the rest go on."""
    for entry in entries:
        if not isinstance(entry, Entry):
            entry = Entry(entry)
        yield _grade_one(library, entry)


def _grade_one(library, entry: Entry) -> dict:
    where = {} if entry.line is None else {"line": entry.line}
    value = entry.value
    if entry.problem is not None:
        return {"bank": None, "id": None, **where, "error": entry.problem}
    if not isinstance(value, dict) or not {"bank", "id", "answer"} <= set(value):
        return {"bank": None, "id": None, **where,
                "error": tr("verwacht {bank, id, answer}", "expected {bank, id, answer}")}
    bank_name, qid = str(value["bank"]), str(value["id"])
    variant = value.get("variant")
    if variant is not None and not isinstance(variant, dict):
        return {"bank": bank_name, "id": qid, **where, "error": tr(
            f"variant moet een mapping {{naam: waarde}} zijn, maar is {_kind(variant)}",
            f"variant must be a mapping {{name: value}}, but is {_kind(variant)}")}
    try:
        bank = library.bank(bank_name)
        question = bank.question(qid)
        if variant is not None:
            variant = {**question.default_variant(), **{str(k): v for k, v in variant.items()}}
        result = question.grade(value["answer"], variant)
    except DlquizError as exc:
        return {"bank": bank_name, "id": qid, **where, "error": str(exc)}
    return {"bank": bank.name, "id": question.id, **result.to_json()}


def _kind(value: object) -> str:
    if isinstance(value, str):
        return tr("een tekst", "a string")
    if isinstance(value, list):
        return tr("een lijst", "a list")
    return type(value).__name__

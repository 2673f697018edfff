"""Grading answers without a session: one entry or a file of many, one result each, in input order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from dlquiz.errors import AnswerError, DlquizError
from dlquiz.i18n import tr


def read_answers(path: Path) -> list[dict]:
    """Entries `{bank, id, answer[, variant]}` from JSON lines or a YAML list."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnswerError(tr(f"kan {path} niet lezen: {exc}", f"cannot read {path}: {exc}")) from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    try:
        entries = [json.loads(ln) for ln in lines]
    except json.JSONDecodeError:
        import yaml  # only for a YAML answers file

        try:
            entries = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise AnswerError(f"{path}: {tr('geen JSON lines en geen YAML-lijst', 'neither JSON lines nor a YAML list')}: {exc}") from None
    if isinstance(entries, dict):
        entries = [entries]
    if not isinstance(entries, list):
        raise AnswerError(f"{path}: {tr('verwacht een lijst van {bank, id, answer}', 'expected a list of {bank, id, answer}')}")
    return entries


def grade_entries(library, entries: list) -> Iterator[dict]:
    """Yield one result dict per entry; a bad entry yields `{bank, id, error}` and the rest go on."""
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not {"bank", "id", "answer"} <= set(entry):
            yield {"bank": None, "id": None, "error": tr(f"regel {n}: verwacht {{bank, id, answer}}", f"entry {n}: expected {{bank, id, answer}}")}
            continue
        bank_name, qid = str(entry["bank"]), str(entry["id"])
        try:
            bank = library.bank(bank_name)
            question = bank.question(qid)
            variant = entry.get("variant")
            if variant is not None:
                variant = {**question.default_variant(), **variant}
            result = question.grade(entry["answer"], variant)
        except DlquizError as exc:
            yield {"bank": bank_name, "id": qid, "error": str(exc)}
            continue
        yield {"bank": bank.name, "id": question.id, **result.to_json()}

"""`dlquiz check`: everything a teacher needs to know is wrong with a bank, as file:line: message."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dlquiz.bank.bank import Bank
from dlquiz.bank.library import Library
from dlquiz.bank.validate import load_bank
from dlquiz.errors import BankError, DlquizError
from dlquiz.i18n import tr


@dataclass
class Report:
    errors: list[BankError] = field(default_factory=list)
    warnings: list[BankError] = field(default_factory=list)
    banks: int = 0
    questions: int = 0
    examples: int = 0
    models: int = 0
    agreement: list = field(default_factory=list)   # bank.responses.Agreement per question with a corpus
    skipped_examples: int = 0   # --no-keras: examples not graded, since their model's truth is not stored
    skipped_models: int = 0     # --no-keras: models not checked against Keras, for the same reason

    def skipped_note(self) -> str | None:
        """What `--no-keras` left unchecked, so that "0 fouten" is not read as "all is well"."""
        if not (self.skipped_examples or self.skipped_models):
            return None
        from dlquiz.i18n import count

        return tr(f"zonder Keras niet gecontroleerd: {count(self.skipped_examples, 'voorbeeldantwoord', 'voorbeeldantwoorden', '', '')}"
                  f" en {count(self.skipped_models, 'Keras-model', 'Keras-modellen', '', '')} (geen opgeslagen waarheid; "
                  "draai dlquiz check zonder --no-keras)",
                  f"not checked without Keras: {count(self.skipped_examples, '', '', 'example answer', 'example answers')}"
                  f" and {count(self.skipped_models, '', '', 'Keras model', 'Keras models')} (no stored truth; "
                  "run dlquiz check without --no-keras)")


def _files(paths: list[Path], lib: Library) -> list[Path]:
    if not paths:
        return list(lib.files.values())
    files: list[Path] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted([*p.glob("*.yaml"), *p.glob("*.yml")]))
        else:
            files.append(p)
    return files


def check_banks(paths: list[Path], extra_dirs: list[Path], live_keras: bool = True, write_cache: bool = False) -> Report:
    lib = Library(extra_dirs)
    report = Report()
    banks: list[Bank] = []
    for path in _files(paths, lib):
        if not path.exists():
            report.errors.append(BankError(tr("bestand bestaat niet", "no such file"), str(path)))
            continue
        try:
            bank = load_bank(path, partial=True)
        except BankError as exc:
            report.errors.extend(_all_schema_errors(path) or [exc])
            continue
        # The questions left out are reported with every problem they have; the others are checked.
        report.errors.extend(bank.left_out)
        report.questions += bank.skipped
        banks.append(bank)
    report.banks = len(banks)
    _check_duplicates(banks, lib, report)
    for bank in banks:
        _check_repeated_keys(bank, report)
        for i, q in enumerate(bank.questions):
            report.questions += 1
            _check_question(bank, i, q, live_keras, report)
        _check_responses(bank, live_keras, report)
    if write_cache:
        _write_cache(banks, report)
    return report


def _check_responses(bank: Bank, live_keras: bool, report: Report) -> None:
    from dlquiz.bank.responses import grade_responses

    try:
        report.agreement += grade_responses(bank, live_keras)
    except BankError as exc:
        report.errors.append(exc)


def _all_schema_errors(path: Path) -> list[BankError]:
    """Every schema problem of a file that does not load (load_bank stops at the first), each with its line."""
    from pydantic import ValidationError

    from dlquiz.bank.validate import bank_errors_from, validate_bank
    from dlquiz.bank.yamlio import read_yaml

    try:
        data, text = read_yaml(path)
    except BankError:
        return []
    if not isinstance(data, dict):
        return []
    try:
        validate_bank(data)
    except ValidationError as exc:
        return bank_errors_from(exc, path, text, data)
    return []


def _err(report: Report, bank: Bank, loc: tuple, message: str, warning: bool = False,
         within: tuple[int, str] | None = None) -> None:
    """Record a problem at `loc`; `within` = (n, text): rather at line n of that value (a `|` block), if it is there."""
    line, col = bank.position(loc)  # also reads the text of a bank that came from a cache
    if line and within:
        lines = bank.text.splitlines()
        n, text = within
        if line + n < len(lines) and lines[line + n].strip() == text.strip():
            line, col = line + n + 1, len(lines[line + n]) - len(lines[line + n].lstrip()) + 1
    e = BankError(message, str(bank.path), line, col)
    (report.warnings if warning else report.errors).append(e)


def _check_repeated_keys(bank: Bank, report: Report) -> None:
    """A key written twice in one mapping (two `feedback:` under one misconception): the YAML reader keeps only
    the last, so what the first says is lost without a word. Reported at the second, with the line of the first."""
    from dlquiz.bank.yamlio import repeated_keys

    for key, first, line, col in repeated_keys(bank.text or ""):
        report.errors.append(BankError(tr(
            f"'{key}' staat twee keer in hetzelfde blok (ook op regel {first}); alleen deze laatste telt, de eerste "
            "gaat verloren: voeg ze samen of schrap er één",
            f"'{key}' appears twice in the same block (also at line {first}); only this last one counts and the first "
            "is lost: merge them or remove one"), str(bank.path), line, col))


def _check_duplicates(banks: list[Bank], lib: Library, report: Report) -> None:
    """An id must be unique across every bank, the checked ones and the others that are found."""
    checked = {b.path.resolve() for b in banks}
    others = []
    for name, path in lib.files.items():
        if path.resolve() not in checked:
            try:
                others.append(lib.bank(name))
            except DlquizError:
                pass  # a broken other bank is its own check's business
    owner: dict[str, Bank] = {}
    for bank in [*others, *banks]:
        for i, q in enumerate(bank.questions):
            first = owner.get(q.id)
            if first is not None and first.path.resolve() != bank.path.resolve():
                _err(report, bank, ("questions", i, "id"), tr(f"id '{q.id}' bestaat al in {first.path}", f"id '{q.id}' already exists in {first.path}"))
            owner.setdefault(q.id, bank)


def _check_question(bank: Bank, i: int, q, live_keras: bool, report: Report) -> None:
    loc = ("questions", i)
    for key, what in (("hint", "hint"), ("explanation", "explanation")):
        if not getattr(q, key):
            _err(report, bank, (*loc, "id"), tr(f"{q.id}: geen {what}", f"{q.id}: no {what}"), warning=True)
    if not q.examples:
        _err(report, bank, (*loc, "id"), tr(f"{q.id}: geen voorbeeldantwoorden (examples)", f"{q.id}: no example answers"), warning=True)
    for key in ("prompt", "explanation", "answer"):
        text = getattr(q, key, None)
        for n, line, slip in markdown_slips(text) if isinstance(text, str) else ():
            _err(report, bank, (*loc, key), f"{q.id}: {key}: {slip}", warning=True, within=(n, line))
    for where, phrase in _dead_phrases(q):
        _err(report, bank, (*loc, *where), tr(
            f"{q.id}: formulering '{phrase}' past zelfs niet op haar eigen tekst, dus op geen enkel antwoord "
            "(meestal een ontkenning of 'in plaats van' waar niets op volgt dat ze ontkent); herschrijf of schrap ze",
            f"{q.id}: phrase '{phrase}' does not even match its own text, so it matches no answer (usually a "
            "negation or 'instead of' with nothing after it to deny); rewrite or remove it"), warning=True)
    found = list(q.problems(live_keras))
    for where, message in found:
        _err(report, bank, (*loc, *where), message)
    if live_keras:
        _remember_truths(q)
    if found:
        return  # a model that does not build says nothing about its examples
    if live_keras:
        report.models += len(q.models())
    else:
        from dlquiz.oracle.cache import cached_truths

        report.skipped_models += sum(1 for text, variant in q.models() if cached_truths(text, variant) is None)
    for j, ex in enumerate(q.examples):
        variant = {**q.default_variant(), **(ex.variant or {})}
        if not live_keras and q.needs_keras(variant):
            report.skipped_examples += 1
            continue
        report.examples += 1
        try:
            got = q.grade(ex.answer, variant)
        except DlquizError as exc:
            _err(report, bank, (*loc, "examples", j), f"{q.id}: {exc}")
            continue
        if got.verdict.value != ex.verdict:
            short = " ".join(ex.answer.split())
            short = short if len(short) <= 60 else short[:57] + "…"
            _err(report, bank, (*loc, "examples", j), tr(
                f"{q.id}: voorbeeld '{short}' krijgt {got.verdict.value} ({got.score:.0%}), verwacht {ex.verdict}",
                f"{q.id}: example '{short}' is graded {got.verdict.value} ({got.score:.0%}), expected {ex.verdict}"))


def _dead_phrases(q) -> list[tuple[tuple, str]]:
    """The rubric phrases and option descriptions that do not match their own wording: they can match nothing."""
    from dlquiz.grading.text import matches_any

    groups: list[tuple[tuple, list[str]]] = []
    rubric = getattr(q, "rubric", None)
    if rubric is not None:
        groups += [(("rubric", "concepts", k, "phrases"), c.phrases) for k, c in enumerate(rubric.concepts)]
        groups += [(("rubric", "misconceptions", k, "phrases"), m.phrases) for k, m in enumerate(rubric.misconceptions)]
    for option, phrases in (getattr(q, "descriptions", None) or {}).items():
        groups.append((("descriptions", option), phrases))
    return [((*where, j), p) for where, phrases in groups for j, p in enumerate(phrases)
            if not p.startswith("=") and not matches_any(p, [p])]


def _remember_truths(q) -> None:
    """Keep what Keras said of a teacher's models in the user's truth cache ($DLQUIZ_HOME/keras_truths.json),
    as practice does: a later `check --no-keras`, and a student on this machine, need no Keras for them."""
    from dlquiz.oracle.truths import truths

    for text, variant in q.models():
        try:
            truths(text, variant)  # a cached truth is returned as it is; a new one is the live one, stored
        except DlquizError:
            pass  # reported by problems()


_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)]) ")


def markdown_slips(text: str) -> list[tuple[int, str, str]]:
    """Markdown that shows otherwise than it reads in the YAML, as (line number in the text from 0, the
    line, what is wrong): a sentence meant as a new paragraph that is glued to the list item above it
    (no blank line between), or a wrapped line that starts with "1." and so becomes a numbered list."""
    slips, in_list = [], False
    lines = text.split("\n")
    for n, (before, line) in enumerate(zip(lines, lines[1:], strict=False), 1):
        in_list = bool(_ITEM.match(before)) or (in_list and before.strip() != "")
        if in_list and not _ITEM.match(line) and re.match(r"[A-Z]", line):
            slips.append((n, line, tr(f"'{line[:40]}' hoort zo bij het lijstitem erboven; zet er een lege regel voor",
                                      f"'{line[:40]}' is glued to the list item above; put a blank line before it")))
        if not in_list and before.strip() and re.match(r"1[.)] ", line):
            slips.append((n, line, tr(f"'{line[:40]}' wordt een genummerde lijst; begin de regel anders",
                                      f"'{line[:40]}' becomes a numbered list; start the line differently")))
    return slips


def _write_cache(banks: list[Bank], report: Report) -> None:
    from dlquiz.oracle.build import refresh_shipped_cache

    pairs = [pair for bank in banks for q in bank.questions for pair in q.models()]
    try:
        refresh_shipped_cache(pairs)
    except DlquizError as exc:
        report.errors.append(BankError(str(exc)))

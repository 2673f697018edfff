"""Adding a question type is one class: defined here, in this file alone, it is checked, graded,
practised, written by `dlquiz new`, described by the schema and exported in every format."""

import dataclasses
import json
import sqlite3
import textwrap
import zipfile
from typing import Literal

import pytest
from typer.testing import CliRunner

from dlquiz.export import FORMATS, SUFFIXES
from dlquiz.record import RECORDS
from dlquiz.types import QUESTION_TYPES

BANK = """\
title: "Schattingen"
topics:
  schatten: "Schatten"
questions:
  - id: sch-1
    type: interval
    topic: schatten
    prompt: "Hoeveel parameters heeft een Dense(10) op 100 invoerkenmerken, ongeveer?"
    low: 1000
    high: 1020
    unit: "parameters"
    hint: "(n + 1) · units"
    explanation: "(100 + 1) · 10 = 1010."
    examples:
      - answer: "1010"
        verdict: correct
      - answer: "ongeveer 1.015"
        verdict: correct
      - answer: "100"
        verdict: incorrect
"""


@pytest.fixture
def interval_type():
    """A new type, registered by being defined, and taken away again so no other test sees it."""
    from dlquiz.export.forms import Numerical
    from dlquiz.grading.numbers import parse_number
    from dlquiz.grading.result import Result
    from dlquiz.record import rule
    from dlquiz.types.base import Question

    @dataclasses.dataclass(kw_only=True)
    class IntervalQuestion(Question):
        """Een getal binnen een interval."""

        type: Literal["interval"] = "interval"
        low: float = rule(doc="Ondergrens.")
        high: float = rule(doc="Bovengrens.")
        unit: str | None = rule(None, doc="Eenheid.")

        def check(self):
            if self.low > self.high:
                raise ValueError("low must not be above high")

        def expected(self, variant=None):
            return f"{self.low:g} – {self.high:g}"

        def _grade(self, answer, variant):
            read = parse_number(answer)
            inside = read is not None and self.low <= read.value <= self.high
            return Result.of(1.0 if inside else 0.0, self.expected())

        def export_form(self, variant):
            return Numerical((self.low + self.high) / 2, (self.high - self.low) / 2)

    yield IntervalQuestion
    del QUESTION_TYPES["interval"]
    del RECORDS["IntervalQuestion"]


def cli(*args, input=None):
    from dlquiz.terminal.cli import app

    result = CliRunner().invoke(app, list(args), input=input, catch_exceptions=False)
    return result


@pytest.fixture
def bank(tmp_path):
    path = tmp_path / "schatten.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def test_check_validates_the_new_type_and_grades_its_examples(interval_type, bank):
    res = cli("check", str(bank), "--no-keras")
    assert res.exit_code == 0, res.output
    assert "1 bank, 1 vraag, 3 voorbeeldantwoorden" in res.output
    broken = bank.with_name("kapot.yaml")
    broken.write_text(BANK.replace("low: 1000", "low: 2000").replace("hight", "high"), encoding="utf-8")
    res = cli("check", str(broken), "--no-keras")
    assert res.exit_code == 1
    assert f"{broken}:5:5: sch-1: " in res.output and "low must not be above high" in res.output
    typo = bank.with_name("typo.yaml")
    typo.write_text(BANK.replace("    low: 1000", "    lwo: 1000"), encoding="utf-8")
    res = cli("check", str(typo), "--no-keras")
    assert "sch-1: onbekende sleutel 'lwo' — bedoel je 'low'?" in res.output


def test_grade_and_piped_practice(interval_type, bank):
    res = cli("grade", str(bank), "sch-1", "1.012", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["verdict"] == "correct"
    assert json.loads(cli("grade", str(bank), "sch-1", "999", "--json").output)["verdict"] == "incorrect"
    res = cli("practice", str(bank), input="1010\n")
    assert res.exit_code == 0, res.output
    assert "JUIST" in res.output and "(100 + 1) · 10 = 1010." in res.output


def test_new_writes_a_skeleton_made_from_the_fields(interval_type, tmp_path):
    path = tmp_path / "nieuw.yaml"
    res = cli("new", str(path), "--type", "interval")
    assert res.exit_code == 0, res.output
    text = path.read_text(encoding="utf-8")
    assert "type: interval" in text
    assert "  low: 0   # Ondergrens." in text and "  unit: null   # Eenheid." in text
    assert cli("check", str(path), "--no-keras").exit_code == 0


def test_schema_describes_the_new_type(interval_type):
    schema = json.loads(cli("schema").output)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in
                schema["properties"]["questions"]["items"]["allOf"]}
    assert branches["interval"] == "#/$defs/IntervalQuestion"
    props = schema["$defs"]["IntervalQuestion"]["properties"]
    assert props["low"]["description"] == "Ondergrens." and set(schema["$defs"]["IntervalQuestion"]["required"]) >= {"low", "high"}


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_export_handles_the_new_type(interval_type, bank, tmp_path, fmt):
    out = tmp_path / f"uit{SUFFIXES[fmt]}"
    res = cli("export", str(bank), "--format", fmt, "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "waarschuwing" not in res.output  # the type names its own form: no essay fallback
    if fmt == "gift":
        assert "{#1010:10####" in out.read_text(encoding="utf-8")
    elif fmt == "moodle-xml":
        text = out.read_text(encoding="utf-8")
        assert '<question type="numerical">' in text and "<tolerance>10</tolerance>" in text
    elif fmt == "anki":
        with zipfile.ZipFile(out) as z:
            z.extract("collection.anki2", tmp_path)
        notes = sqlite3.connect(tmp_path / "collection.anki2").execute("SELECT flds FROM notes").fetchall()
        assert len(notes) == 1 and "1000 – 1020" in notes[0][0]
    else:
        assert "`sch-1`: 1000 – 1020" in out.read_text(encoding="utf-8")


def test_a_type_without_an_export_form_is_exported_as_an_essay_with_a_warning(interval_type, bank, tmp_path):
    del interval_type.export_form  # now it inherits the base class's fallback
    out = tmp_path / "uit.gift.txt"
    res = cli("export", str(bank), "--format", "gift", "-o", str(out))
    assert res.exit_code == 0
    assert "type 'interval' heeft geen eigen exportvorm" in res.output
    assert "::sch-1::" in out.read_text(encoding="utf-8")


def test_every_registered_type_has_each_feature():
    """Loop over the registry: every type grades, draws, exports and has a skeleton that validates."""
    from dlquiz.bank.new import skeleton
    from dlquiz.bank.validate import validate_bank

    for name, cls in QUESTION_TYPES.items():
        item = textwrap.dedent(skeleton(name, f"x-{name}", None, indent=0))
        import yaml

        data = {"title": "t", "questions": [yaml.safe_load(item)[0]]}
        q = validate_bank(data).questions[0]
        assert type(q) is cls
        variant = q.default_variant()
        assert q.prompt_text(variant).strip()
        assert q.expected(variant).strip()
        assert q.export_form(variant) is not None
        if not q.needs_keras(variant):
            for answer, verdict in cls.skeleton_examples:
                assert q.grade(answer, variant).verdict.value == verdict, (name, answer)

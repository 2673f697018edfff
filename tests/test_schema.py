"""The shipped JSON Schema is the one the question classes generate, and every shipped bank fits it."""

import json
import re

import pytest
import yaml
from conftest import ROOT, run_dlquiz

from dlquiz.bank.schema import SCHEMA_PATH, bank_schema, schema_text

BANKS = sorted((ROOT / "questions").glob("*.yaml"))


def test_shipped_schema_equals_generated():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run: python -c 'from dlquiz.bank.schema import write_schema; write_schema()'")


def test_schema_has_every_type_and_descriptions():
    schema = bank_schema()
    items = schema["properties"]["questions"]["items"]
    branches = {b["if"]["properties"]["type"]["const"]: b["then"]["$ref"] for b in items["allOf"]}
    assert branches == {name: f"#/$defs/{cls}" for name, cls in {
        "numeric": "NumericQuestion", "shape": "ShapeQuestion", "open": "OpenQuestion", "choice": "ChoiceQuestion",
        "truefalse": "TrueFalseQuestion", "keras": "KerasQuestion", "code": "CodeQuestion"}.items()}
    assert "discriminator" not in json.dumps(schema), "standard JSON Schema only: any validator must read it"
    keras = schema["$defs"]["KerasQuestion"]["properties"]
    assert keras["ask"]["description"] and keras["model"]["description"]
    assert schema["$defs"]["NumericQuestion"]["additionalProperties"] is False


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_shipped_bank_references_schema_path_that_exists(bank):
    first = bank.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    # Editors resolve the path from the checkout; the package ships the same file.
    referenced = bank.parent / m[1]
    assert referenced.is_file()
    assert referenced.read_text(encoding="utf-8") == SCHEMA_PATH.read_text(encoding="utf-8")


@pytest.mark.parametrize("bank", BANKS, ids=lambda p: p.name)
def test_shipped_bank_validates(bank):
    import jsonschema

    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # the file editors read, not a fresh copy
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_schema_pinpoints_a_wrong_key_of_the_question_type_alone():
    """A misspelt key in a choice question is reported as that, not as a mismatch with every other type."""
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    bank = {"title": "t", "questions": [{"id": "q", "type": "choice", "prompt": "p", "options": ["a", "b"],
                                         "correct": ["a"], "shufle": True}]}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(bank))
    messages = [e.message for err in errors for e in [err, *err.context]]
    assert any("'shufle' was unexpected" in m for m in messages), messages
    assert not any("'options'" in m and "unexpected" in m for m in messages), messages


def test_schema_command_prints_the_schema():
    res = run_dlquiz("schema")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == json.loads(schema_text())


def test_the_format_guide_lists_every_allowed_layer_with_its_keywords():
    """Teachers read what model text may hold in docs/bank-format.md, not in the code: it must match."""
    from dlquiz.oracle.spec import KEYWORDS

    guide = (ROOT / "docs" / "bank-format.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| (.*) \|$", guide, flags=re.M))
    assert {layer: sorted(re.findall(r"`(\w+)`", rows.get(layer, ""))) for layer in KEYWORDS} == \
        {layer: sorted(kw) for layer, kw in KEYWORDS.items()}

"""The shipped JSON Schema is the one the question classes generate, and every shipped bank fits it."""

import json
import re

import pytest
import yaml
from conftest import ROOT, run_dlquiz

from dlquiz.schema import SCHEMA_PATH, bank_schema, schema_text
from dlquiz.specs import BankModel

BANKS = sorted((ROOT / "questions").glob("*.yaml"))


def test_shipped_schema_equals_generated():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "run: python -c 'from dlquiz.schema import write_schema; write_schema()'")


def test_schema_has_every_type_and_descriptions():
    schema = bank_schema()
    mapping = schema["properties"]["questions"]["items"]["discriminator"]["mapping"]
    assert set(mapping) == {"numeric", "shape", "open", "choice", "truefalse", "keras", "code"}
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
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    try:
        import jsonschema
    except ImportError:
        BankModel.model_validate(data)  # jsonschema is not a dependency: the model is the schema's source
    else:
        jsonschema.validate(data, bank_schema())


def test_schema_command_prints_the_schema():
    res = run_dlquiz("schema")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == json.loads(schema_text())

"""The JSON Schema of a bank file, generated from the question classes (for editors and `dlquiz schema`).

Editors that speak the YAML language server read it from the comment at the top of a bank:
`# yaml-language-server: $schema=../dlquiz/data/bank.schema.json`. `tests/test_schema.py` keeps the
shipped file equal to what `bank_schema()` generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dlquiz.paths import DATA_DIR

SCHEMA_PATH = DATA_DIR / "bank.schema.json"
SCHEMA_ID = "https://dlquiz.invalid/bank.schema.json"


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of a bank as pydantic generates it from the record classes (their field
    descriptions included), in standard JSON Schema: a question's type picks its rules with
    `if`/`then`, so any validator reports the errors of that type alone."""
    from dlquiz.bank.validate import bank_adapter
    from dlquiz.types import QUESTION_TYPES

    schema = bank_adapter().json_schema()
    items = schema["properties"]["questions"]["items"]
    refs = {cls.__name__: name for name, cls in QUESTION_TYPES.items()}
    branches = []
    for ref in items.get("oneOf", []):
        class_name = ref["$ref"].rsplit("/", 1)[-1]
        branches.append({"if": {"properties": {"type": {"const": refs[class_name]}}, "required": ["type"]},
                         "then": ref})
    schema["properties"]["questions"]["items"] = {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"enum": list(QUESTION_TYPES),
                                "description": "Soort vraag: " + ", ".join(QUESTION_TYPES) + "."}},
        "allOf": branches,
    }
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(bank_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path

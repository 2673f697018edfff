"""`dlquiz new`: a commented skeleton of a question type (the type's own lines come from its class),
and appending it to a bank file safely."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from dlquiz.errors import BankError
from dlquiz.types import QUESTION_TYPES

NEW_BANK = """\
# yaml-language-server: $schema={schema}
title: "{title}"
language: nl
topics:                      # id → titel; elke vraag noemt er één in `topic:`
  algemeen: "Algemeen"
questions:
"""

_COMMON = """\
- id: {id}  # uniek over alle banken: kleine letters, cijfers, '-'
  type: {type}
  topic: {topic}
  source: ""                 # bv. "H15 vraag 7"
  tags: []
"""

_TAIL = """\
  hint: "Een tip die de student met ? opvraagt."
  explanation: |             # na het beoordelen: leg uit *waarom*
    Schrijf hier de uitleg.
"""

def skeleton(qtype: str, qid: str, topic: str | None, indent: int = 2) -> str:
    """The YAML of a new question of type `qtype`, as a list item indented by `indent` spaces."""
    cls = QUESTION_TYPES[qtype]
    text = _COMMON.replace("{id}", qid).replace("{type}", qtype)
    text = text.replace("{topic}", topic) if topic else re.sub(r"^  topic: .*\n", "", text, flags=re.M)
    text += cls.skeleton_text() + _TAIL
    if cls.skeleton_examples:
        text += "  examples:                # voorbeeldantwoorden; `dlquiz check` beoordeelt ze\n"
        for answer, verdict in cls.skeleton_examples:
            text += f"    - answer: {_quoted(answer)}\n      verdict: {verdict}\n"
    return textwrap.indent(text, " " * indent)


def _quoted(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fresh_id(prefix: str, qtype: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9-]+", "-", f"{prefix}-{qtype}".lower()).strip("-") or qtype
    n = 1
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def new_bank_text(path: Path, schema_path: Path) -> str:
    import os

    rel = Path(os.path.relpath(schema_path, path.resolve().parent)).as_posix()
    title = path.stem.replace("-", " ").replace("_", " ").capitalize()
    return NEW_BANK.replace("{schema}", rel).replace("{title}", title)


def insert_question(text: str, item: str, path: Path) -> str:
    """`text` with `item` added at the end of its `questions:` list (which may be empty when new)."""
    import yaml

    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        raise BankError(f"YAML: {exc}", str(path)) from None
    seq = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "questions":
                seq = value
    if seq is None or (isinstance(seq, yaml.ScalarNode) and seq.value == ""):
        body = text if text.endswith("\n") else text + "\n"
        if seq is None:
            body += "questions:\n"
        return body + item
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        raise BankError("questions is not a block list; add the question by hand", str(path), seq.start_mark.line + 1)
    indent = seq.start_mark.column
    cut = seq.end_mark.index
    head, tail = text[:cut], text[cut:]
    if not head.endswith("\n"):
        head += "\n"
    return head + "\n" + textwrap.indent(textwrap.dedent(item), " " * indent) + tail

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


SCHEMA_FILE = "bank.schema.json"


def schema_reference(path: Path) -> tuple[str, Path | None]:
    """The `$schema` a new bank at `path` names, and the schema file to write for it (None: it is there).

    A bank in a teacher's folder names `bank.schema.json` beside it, to be written there (as `dlquiz
    schema -o` does) when it is not there yet, so the reference works wherever the folder is; a bank
    in the shipped folder names the package's copy."""
    import os

    from dlquiz.bank.library import shipped_dir
    from dlquiz.bank.schema import SCHEMA_PATH

    folder = path.resolve().parent
    if folder == shipped_dir().resolve():
        return Path(os.path.relpath(SCHEMA_PATH, folder)).as_posix(), None
    beside = path.parent / SCHEMA_FILE
    return SCHEMA_FILE, None if beside.exists() else beside


def new_bank_text(path: Path, schema: str, topic: str | None = None) -> str:
    """The head of a new bank file; `topic` (from `new --topic`) is its one topic, else "algemeen"."""
    title = path.stem.replace("-", " ").replace("_", " ").capitalize()
    text = NEW_BANK.replace("{schema}", schema).replace("{title}", title)
    if topic:
        text = text.replace('  algemeen: "Algemeen"\n', f"  {topic}: {_quoted(topic)}\n")
    return text


def add_topic(text: str, topic: str, path: Path) -> str:
    """`text` with `topic` added to its `topics:` (a block mapping), titled by its id for the teacher to change."""
    import yaml

    root = yaml.compose(text)
    topics = None
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "topics":
                topics = value
    if not isinstance(topics, yaml.MappingNode) or topics.flow_style or not topics.value:
        from dlquiz.i18n import tr

        line = topics.start_mark.line + 1 if topics is not None else None
        raise BankError(tr(f"onderwerp '{topic}' staat niet onder topics; voeg het daar zelf toe",
                           f"topic '{topic}' is not listed under topics; add it there yourself"), str(path), line)
    indent = topics.value[0][0].start_mark.column
    end = text.find("\n", topics.value[-1][1].end_mark.index)
    cut = len(text) if end < 0 else end + 1
    head = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    return head + " " * indent + f"{topic}: {_quoted(topic)}\n" + text[cut:]


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
        from dlquiz.i18n import tr

        raise BankError(tr("questions is geen lijst met '-' per regel; voeg de vraag zelf toe",
                           "questions is not a block list; add the question by hand"), str(path), seq.start_mark.line + 1)
    indent = seq.start_mark.column
    cut = seq.end_mark.index
    head, tail = text[:cut], text[cut:]
    if not head.endswith("\n"):
        head += "\n"
    return head + "\n" + textwrap.indent(textwrap.dedent(item), " " * indent) + tail

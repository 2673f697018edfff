"""Commented skeletons of each question type, for `dlquiz new` (and appending them to a bank safely)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from ..errors import BankError

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

BODIES = {
    "numeric": """\
  prompt: |
    Hoeveel recurrente lagen heeft een diep RNN met drie gestapelde SimpleRNN-lagen?
  answer: 3
  tolerance: 0               # absoluut; of rel_tolerance: 0.01
  unit: "lagen"              # optioneel, getoond in de feedback
""",
    "shape": """\
  prompt: |
    Welke vorm heeft de uitvoer van `SimpleRNN(32, return_sequences=True)` op invoer `(None, None, 5)`?
  answer: [null, null, 32]   # null = vrije as (None)
  axes: [batch, tijdstappen, units]   # optioneel: namen voor de feedback
""",
    "open": """\
  prompt: |
    Waarom heeft een neuraal netwerk niet-lineaire activatiefuncties nodig?
  answer: |                  # het modelantwoord, getoond na het beoordelen
    Zonder niet-lineaire activatie is een stapel lagen samen één lineaire functie,
    zodat het netwerk geen complexe (niet-lineaire) verbanden kan leren.
  rubric:
    correct_at: 0.75         # score voor "correct" (standaard 0.75)
    partial_at: 0.4          # score voor "partial" (standaard 0.4)
    concepts:
      - id: lineair
        label: "lagen vallen samen tot één lineaire functie"
        weight: 2
        required: true       # ontbreekt dit, dan hoogstens "partial"
        phrases: ["lineaire functie", "linear function", "lineaire transformatie", "lineair model"]
      - id: complex
        label: "complexe verbanden leren"
        phrases: ["complexe verbanden", "complex patterns", "complexe patronen", "complexe functies"]
    misconceptions:
      - label: "sneller trainen"
        phrases: ["sneller trainen", "train faster"]
        feedback: "Snelheid is niet de reden: zonder niet-lineariteit is het netwerk gewoon lineair."
        caps: partial        # of incorrect: dan kan de rest het antwoord niet redden
""",
    "choice": """\
  prompt: |
    Welk type RNN voorspelt één waarde uit een hele reeks?
  options:                   # 2 tot 26 opties; de student antwoordt met a, b, … of de tekst
    - "sequentie-naar-sequentie"
    - "sequentie-naar-vector"
    - "vector-naar-sequentie"
  correct: ["sequentie-naar-vector"]   # één of meer optieteksten
  shuffle: true
""",
    "truefalse": """\
  prompt: "Waar of niet waar? Geef ook de reden."
  statement: "Een SimpleRNN-laag heeft per unit maar één gewicht."
  correct: false
  answer: |                  # het modelantwoord met de reden
    Niet waar: elke unit heeft een gewicht per invoerkenmerk, een per unit (de vorige toestand) en een bias.
""",
    "keras": """\
  prompt: |
    Hoeveel parameters heeft dit model?
  model: |                   # wordt nooit als Python uitgevoerd; {units} = variabele
    model = keras.Sequential([
        keras.layers.Input(shape=[None, 5]),
        keras.layers.SimpleRNN({units})])
  variables:
    units: [32, 16]          # elke waarde is een variant; de eerste is de standaard
  ask: total_params          # de waarheid komt van Keras
""",
    "code": """\
  prompt: |
    Schrijf een Keras-model: invoer van 1 kenmerk per tijdstap, een SimpleRNN van 32 units en een Dense-laag van 7 uitvoeren.
  reference: |
    model = keras.Sequential([
        keras.layers.Input(shape=(None, 1)),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(7)])
  compare: [output_shape, total_params, layer_kinds]
""",
}

EXAMPLES = {
    "numeric": [("drie", "correct"), ("2", "incorrect")],
    "shape": [("(None, None, 32)", "correct"), ("(None, 32)", "incorrect")],
    "open": [
        ("Zonder niet-lineaire activatie is het hele netwerk één lineaire functie. Met niet-lineaire activaties leert het complexe verbanden.", "correct"),
        ("Dan is alles samen een lineaire functie.", "partial"),
        ("Om sneller te trainen.", "incorrect"),
    ],
    "choice": [("b", "correct"), ("a", "incorrect")],
    "truefalse": [("niet waar", "correct"), ("waar", "incorrect")],
    "keras": [("(5 + 32 + 1) * 32 = 1216", "correct"), ("1088", "incorrect")],
    "code": [("model = keras.Sequential([keras.Input(shape=(None, 1)), keras.layers.SimpleRNN(32), keras.layers.Dense(7)])", "correct")],
}

TYPES = tuple(BODIES)


def skeleton(qtype: str, qid: str, topic: str | None, indent: int = 2) -> str:
    """The YAML of a new question of type `qtype`, as a list item indented by `indent` spaces."""
    text = _COMMON.replace("{id}", qid).replace("{type}", qtype)
    text = text.replace("{topic}", topic) if topic else re.sub(r"^  topic: .*\n", "", text, flags=re.M)
    text += BODIES[qtype] + _TAIL + "  examples:                # voorbeeldantwoorden; `dlquiz check` beoordeelt ze\n"
    for answer, verdict in EXAMPLES[qtype]:
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

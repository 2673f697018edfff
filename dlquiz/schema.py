"""The JSON Schema of a bank file, generated from the question classes (for editors and `dlquiz schema`).

Editors that speak the YAML language server read it from the comment at the top of a bank:
`# yaml-language-server: $schema=../dlquiz/data/bank.schema.json`. `tests/test_schema.py` keeps the
shipped file equal to what `bank_schema()` generates.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "bank.schema.json"
SCHEMA_ID = "https://dlquiz.invalid/bank.schema.json"

# The question classes carry no field docs; these are what an editor shows on hover.
DESCRIPTIONS: dict[str, str] = {
    "title": "Titel van de bank, getoond aan studenten / the bank's title shown to students.",
    "language": "Taal van de vragen: nl of en.",
    "topics": "Onderwerp-id → titel; elk `topic:` van een vraag moet hier staan.",
    "questions": "De vragen van de bank.",
    "id": "Unieke id over alle banken: kleine letters, cijfers, '-' of '_'.",
    "type": "Soort vraag: numeric, shape, open, choice, truefalse, keras of code.",
    "prompt": "De vraag in Markdown (codeblokken worden gekleurd).",
    "topic": "Onderwerp-id uit `topics:` bovenaan de bank.",
    "source": "Waar de vraag vandaan komt (bv. 'H15 vraag 7').",
    "tags": "Vrije trefwoorden.",
    "hint": "Tip die een student met ? opvraagt.",
    "explanation": "Uitleg na het beoordelen (Markdown): waarom het antwoord klopt.",
    "examples": "Voorbeeldantwoorden met het oordeel van de docent; `dlquiz check` beoordeelt ze.",
    "tolerance": "Absolute tolerantie voor een getal.",
    "rel_tolerance": "Relatieve tolerantie voor een getal (0.01 = 1%).",
    "unit": "Eenheid, getoond in de feedback.",
    "axes": "Namen van de assen, gebruikt in de feedback (even veel als in answer).",
    "rubric": "Concepten (met gewicht) en misvattingen waarmee een open antwoord gescoord wordt.",
    "options": "De antwoordmogelijkheden (2 tot 26).",
    "shuffle": "Opties in willekeurige volgorde tonen (standaard true).",
    "statement": "De bewering die waar of niet waar is.",
    "model": "Keras-model als tekst (nooit als Python uitgevoerd); {naam} wordt vervangen door een variabele.",
    "variables": "Naam → lijst waarden; elke combinatie is een variant met eigen waarheid. De eerste is standaard.",
    "ask": "Wat gevraagd wordt over het model; de waarheid komt van Keras.",
    "layer": "Index van de laag (Input niet meegeteld) of haar naam, voor vragen per laag.",
    "weight": "Gewicht voor weight_shape: kernel, recurrent_kernel, bias, gamma, beta, …",
    "kind": "Soort laag voor layer_count, bv. recurrent.",
    "reference": "Het referentiemodel waarmee de code van de student vergeleken wordt.",
    "compare": "Wat vergeleken wordt (standaard output_shape, total_params en layer_kinds).",
    "verdict": "Het oordeel dat de docent dit antwoord geeft: correct, partial of incorrect.",
    "variant": "Voor een keras-vraag met variabelen: de variant van dit voorbeeld.",
    "note": "Opmerking voor docenten.",
    "concepts": "Ideeën die een goed antwoord bevat; score = gewicht geraakte concepten / totaal gewicht.",
    "misconceptions": "Foute ideeën; een treffer houdt het antwoord onder 'correct'.",
    "correct_at": "Score nodig voor 'correct' (standaard 0.75).",
    "partial_at": "Score nodig voor 'partial' (standaard 0.4).",
    "label": "Naam van het concept of de misvatting in de feedback.",
    "weight_": "Gewicht van het concept (standaard 1).",
    "required": "Ontbreekt dit concept, dan is het antwoord hoogstens 'partial'.",
    "phrases": "Formuleringen (NL en EN); één treffer volstaat. Zie docs/teachers.md voor de regels.",
    "feedback": "Wat de student leest als deze misvatting gevonden wordt.",
    "caps": "partial (standaard) of incorrect: hoe laag het oordeel hoogstens is bij deze misvatting.",
}
_ANSWER = {
    "NumericQuestion": "Het juiste getal.",
    "ShapeQuestion": "De juiste vorm; null is een vrije as (None).",
    "OpenQuestion": "Het modelantwoord, getoond na het beoordelen.",
    "TrueFalseQuestion": "Het modelantwoord met de reden.",
    "KerasQuestion": "Optioneel: een bewering die `dlquiz check` met Keras vergelijkt.",
    "ChoiceQuestion": "",
}
_CORRECT = {
    "ChoiceQuestion": "De tekst van de juiste optie(s), één of meer.",
    "TrueFalseQuestion": "true als de bewering waar is, anders false.",
}
_CLASS_DOCS = {
    "NumericQuestion": "Een getal als antwoord (Nederlandse en Engelse notatie, berekeningen).",
    "ShapeQuestion": "Een tensorvorm als antwoord, bv. (None, None, 32).",
    "OpenQuestion": "Een open antwoord, gescoord met een rubric.",
    "ChoiceQuestion": "Meerkeuze: één of meer juiste opties.",
    "TrueFalseQuestion": "Waar/niet waar, eventueel met een reden die een rubric scoort.",
}


def bank_schema() -> dict[str, Any]:
    """The JSON Schema of a bank, as pydantic generates it from BankModel, with descriptions added."""
    from .specs import BankModel

    schema = BankModel.model_json_schema()
    _describe(schema, "BankModel")
    for name, sub in schema.get("$defs", {}).items():
        _describe(sub, name)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def _describe(schema: dict, class_name: str) -> None:
    if class_name in _CLASS_DOCS and "description" not in schema:
        schema["description"] = _CLASS_DOCS[class_name]
    for key, prop in schema.get("properties", {}).items():
        text = DESCRIPTIONS.get(key, "")
        if key == "answer":
            text = _ANSWER.get(class_name, text)
        elif key == "correct":
            text = _CORRECT.get(class_name, text)
        elif key == "weight" and class_name == "Concept":
            text = DESCRIPTIONS["weight_"]
        if text and "description" not in prop:
            prop["description"] = text


def schema_text() -> str:
    """The schema as the shipped file holds it."""
    return json.dumps(bank_schema(), ensure_ascii=False, indent=2) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.write_text(schema_text(), encoding="utf-8")
    return path

"""Moodle XML: a `<quiz>` with a category question per bank/topic and one question per card.

Text is HTML (converted from the bank's Markdown), escaped by xml.etree; code blocks become <pre>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from ..banks import Bank
from . import (
    Card,
    activation_names,
    cards,
    choice_fractions,
    grader_info,
    is_number_ask,
    markdown_html,
    shape_notations,
)
from .gift import category_path


def _text(parent: ET.Element, tag: str, text: str, fmt: str | None = "html", **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {**({"format": fmt} if fmt else {}), **attrs})
    ET.SubElement(el, "text").text = text
    return el


def _simple(parent: ET.Element, tag: str, value: object) -> None:
    ET.SubElement(parent, tag).text = str(value)


def _answer(parent: ET.Element, text: str, fraction: str, fmt: str = "moodle_auto_format", tolerance: float | None = None) -> None:
    el = ET.SubElement(parent, "answer", {"fraction": fraction, "format": fmt})
    ET.SubElement(el, "text").text = text
    _text(el, "feedback", "")
    if tolerance is not None:
        _simple(el, "tolerance", _num(tolerance))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _category(quiz: ET.Element, path: str) -> None:
    q = ET.SubElement(quiz, "question", {"type": "category"})
    _text(q, "category", path, fmt=None)
    _text(q, "info", "")


def _head(quiz: ET.Element, qtype: str, card: Card) -> ET.Element:
    q = ET.SubElement(quiz, "question", {"type": qtype})
    _text(q, "name", card.name, fmt=None)
    _text(q, "questiontext", markdown_html(card.stem()))
    _text(q, "generalfeedback", grader_info(card) if qtype != "essay" else markdown_html(card.explanation()))
    _simple(q, "defaultgrade", "1")
    _simple(q, "penalty", "0.3333333")
    _simple(q, "hidden", "0")
    _simple(q, "idnumber", card.key[:100])
    return q


def _numerical(quiz: ET.Element, card: Card, value: float, tolerance: float) -> None:
    q = _head(quiz, "numerical", card)
    _answer(q, _num(value), "100", tolerance=tolerance)
    _simple(q, "unitgradingtype", "0")
    _simple(q, "unitpenalty", "0.1")
    _simple(q, "showunits", "3")
    _simple(q, "unitsleft", "0")


def _shortanswer(quiz: ET.Element, card: Card, accepted: list[str]) -> None:
    q = _head(quiz, "shortanswer", card)
    _simple(q, "usecase", "0")
    for text in accepted:
        _answer(q, text, "100")


def _essay(quiz: ET.Element, card: Card) -> None:
    q = _head(quiz, "essay", card)
    _simple(q, "responseformat", "plain" if card.question.type == "code" else "editor")
    _simple(q, "responserequired", "1")
    _simple(q, "responsefieldlines", "15")
    _simple(q, "attachments", "0")
    _simple(q, "attachmentsrequired", "0")
    _text(q, "graderinfo", grader_info(card))
    _text(q, "responsetemplate", "")


def add_card(quiz: ET.Element, card: Card) -> None:
    qn = card.question
    if qn.type == "numeric":
        _numerical(quiz, card, qn.answer, qn.tolerance or abs(qn.answer) * qn.rel_tolerance)
    elif qn.type == "shape":
        _shortanswer(quiz, card, shape_notations(qn.answer))
    elif qn.type == "choice":
        q = _head(quiz, "multichoice", card)
        _simple(q, "single", "true" if len(qn.correct) == 1 else "false")
        _simple(q, "shuffleanswers", "true" if qn.shuffle else "false")
        _simple(q, "answernumbering", "abc")
        for option, fraction in choice_fractions(card):
            _answer(q, markdown_html(option), fraction, fmt="html")
    elif qn.type == "truefalse":
        q = _head(quiz, "truefalse", card)
        _answer(q, "true", "100" if qn.correct else "0")
        _answer(q, "false", "0" if qn.correct else "100")
    elif qn.type == "keras":
        value = card.truth()
        if is_number_ask(card):
            _numerical(quiz, card, float(value), 0)
        elif isinstance(value, (list, tuple)):
            _shortanswer(quiz, card, shape_notations(value))
        else:
            _shortanswer(quiz, card, activation_names(str(value)))
    else:
        _essay(quiz, card)


def moodle_xml(bank: Bank) -> ET.ElementTree:
    quiz = ET.Element("quiz")
    category = None
    for card in cards(bank):
        path = category_path(bank, card.topic)
        if path != category:
            _category(quiz, path)
            category = path
        add_card(quiz, card)
    ET.indent(quiz)
    return ET.ElementTree(quiz)


def write_moodle_xml(bank: Bank, path: Path) -> int:
    moodle_xml(bank).write(path, encoding="UTF-8", xml_declaration=True)
    return len(cards(bank))

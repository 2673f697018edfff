"""Moodle XML: a `<quiz>` with a category question per bank/topic and one question per card.

Text is HTML (converted from the bank's Markdown), escaped by xml.etree; code blocks become <pre>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from dlquiz.bank.library import Bank
from dlquiz.export.cards import Card, cards, choice_fractions, grader_info, markdown_html
from dlquiz.export.forms import Essay, MultiChoice, Numerical, ShortAnswer, TrueFalse
from dlquiz.export.gift import category_path


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
    _text(q, "generalfeedback", grader_info(card, for_marker=False) if qtype != "essay" else markdown_html(card.explanation()))
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


def _essay(quiz: ET.Element, card: Card, form: Essay) -> None:
    q = _head(quiz, "essay", card)
    _simple(q, "responseformat", "plain" if form.plain else "editor")
    _simple(q, "responserequired", "1")
    _simple(q, "responsefieldlines", "15")
    _simple(q, "attachments", "0")
    _simple(q, "attachmentsrequired", "0")
    _text(q, "graderinfo", grader_info(card))
    _text(q, "responsetemplate", "")


def add_card(quiz: ET.Element, card: Card) -> None:
    form = card.form()
    if isinstance(form, Numerical):
        _numerical(quiz, card, form.value, form.tolerance)
    elif isinstance(form, ShortAnswer):
        _shortanswer(quiz, card, form.answers)
    elif isinstance(form, MultiChoice):
        q = _head(quiz, "multichoice", card)
        _simple(q, "single", "true" if len(form.correct) == 1 else "false")
        _simple(q, "shuffleanswers", "true" if form.shuffle else "false")
        _simple(q, "answernumbering", "abc")
        for option, fraction in choice_fractions(form):
            _answer(q, markdown_html(option), fraction, fmt="html")
    elif isinstance(form, TrueFalse):
        q = _head(quiz, "truefalse", card)
        _answer(q, "true", "100" if form.correct else "0")
        _answer(q, "false", "0" if form.correct else "100")
    else:
        _essay(quiz, card, form if isinstance(form, Essay) else Essay(fallback=True))


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

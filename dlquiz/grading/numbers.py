"""Read a numeric answer the way Dutch and English students write it, and grade it.

How separators are read (the ambiguous cases):

* a single space, also a non-breaking or thin one, groups thousands: ``1 216`` is 1216;
* with both ``.`` and ``,`` in one number the last one is the decimal sign:
  ``1.216,5`` and ``1,216.5`` are both 1216.5; several equal signs group thousands: ``1.216.000``;
* a single ``.`` or ``,`` with exactly three digits after a non-zero integer part of one to three
  digits (``1.216``, ``1,216``) is ambiguous. Another number in the same answer decides
  (``0,5`` or ``1.216,5`` make dots thousands; ``0.5`` or ``1,216.5`` make them decimal). Otherwise
  the thousands reading (1216) is ``value`` and the decimal reading (1.216) is kept in ``alt``;
  ``grade_number`` accepts either, since the two differ a thousandfold and the student meant one;
* every other single separator is a decimal sign: ``1.5``, ``1,5``, ``0,125``, ``3.14159``.

Words are ignored. Number words up to twenty (Dutch and English) count as numbers, but a plain
``een``/``one`` only when the answer holds no other number (it is also the article "a").
Two numbers with no operator between them (``1088 of 1216``) are refused as ambiguous.
Expressions are parsed by a small recursive-descent parser; nothing is ever evaluated as Python.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Callable, NamedTuple

from dlquiz.grading.result import Result
from dlquiz.i18n import lang, tr

MAX_TEXT = 5000  # characters of the whole answer, words included
MAX_EXPR = 200  # characters of operators and operands once words are dropped
MAX_EXPONENT = 100
MAX_DEPTH = 50  # nested parentheses and powers; keeps the parser's recursion far from Python's limit

_DIGITS = "0123456789"
_TRANSLATE = str.maketrans({
    **dict.fromkeys("\u00a0\u202f\u2009\u2007\u2008\u200a\u205f", " "),
    **dict.fromkeys("×·⋅∙∗", "*"),
    "÷": "/", "−": "-", "≈": "=", "→": "=", "²": "^2", "³": "^3",
})
# A space groups thousands only between a 1-3 digit head and exact 3-digit groups ("1 216", not "1088 216").
_NUMBER = re.compile(r"(?:[0-9]{1,3}(?: [0-9]{3}(?![0-9]))+|[0-9]*)(?:[.,][0-9]+)*(?:[eE][+-]?[0-9]+)?")
_WORD = re.compile(r"[^\W_]+(?:[-_][^\W_]+)*")
_NUMBER_WORDS = {
    w: i for i, w in enumerate(
        "nul een twee drie vier vijf zes zeven acht negen tien elf twaalf dertien veertien vijftien "
        "zestien zeventien achttien negentien twintig".split())
} | {
    w: i for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split())
}
_WEAK_WORDS = {"een", "one"}  # also the article / pronoun: a number only when nothing else is
_OPERATOR_WORDS = {"keer": "*", "maal": "*", "times": "*", "plus": "+", "minus": "-"}


# Value classes are NamedTuples, not frozen dataclasses: the same immutability, and a dataclass costs
# about 1 ms of `exec` to create at import, on the way to every numeric grade.
class NumberAnswer(NamedTuple):
    """What a numeric answer says: its final value and, for ``expr = result``, the value of ``expr``."""

    value: float
    formula_value: float | None
    text: str
    alt: NumberAnswer | None = None  # the other reading of an ambiguous ``1.216`` / ``1,216``


class _Literal(NamedTuple):
    """One written number: its thousands and decimal readings (equal unless ambiguous)."""

    thousands: float
    decimal: float
    sep: str | None = None
    ambiguous: bool = False
    evidence: str | None = None  # "dot_decimal" or "comma_decimal": what this number shows of the writer's style

    def read(self, style: str | None, alt: bool) -> float:
        if not self.ambiguous:
            return self.thousands
        if style is not None:
            dot_is_decimal = style == "dot_decimal"
            return self.decimal if (self.sep == ".") == dot_is_decimal else self.thousands
        return self.decimal if alt else self.thousands


class _Token(NamedTuple):
    kind: str  # num, op, lp, rp, eq, word, punct
    text: str
    literal: _Literal | None = None


def _bad(raw: str) -> ValueError:
    return ValueError(tr("Kan '{}' niet als getal lezen.", "Cannot read '{}' as a number.").format(raw))


def _groups_ok(groups: list[str]) -> bool:
    return 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


def _literal(raw: str) -> _Literal:
    """Read one number as written (digits, ``.``/``,``/space separators, optional exponent)."""
    mantissa, _, exponent = re.sub(r"[eE]", "e", raw).partition("e")
    exponent = "e" + exponent if exponent else ""
    spaced = " " in mantissa
    body = mantissa.replace(" ", "")
    dots, commas = body.count("."), body.count(",")
    if not dots and not commas:
        value = float(body + exponent)
        return _Literal(value, value)
    if dots and commas:
        dec = "." if body.rfind(".") > body.rfind(",") else ","
        head, frac = body.rsplit(dec, 1)
        groups = head.split("," if dec == "." else ".")
        if dec in head or not _groups_ok(groups):
            raise _bad(raw)
        value = float("".join(groups) + "." + frac + exponent)
        return _Literal(value, value, evidence="dot_decimal" if dec == "." else "comma_decimal")
    sep = "." if dots else ","
    parts = body.split(sep)
    if len(parts) > 2:
        if not _groups_ok(parts):
            raise _bad(raw)
        value = float("".join(parts) + exponent)
        return _Literal(value, value, evidence="comma_decimal" if sep == "." else "dot_decimal")
    head, frac = parts
    decimal = float((head or "0") + "." + frac + exponent)
    if len(frac) == 3 and 1 <= len(head) <= 3 and head[0] != "0" and not exponent and not spaced:
        return _Literal(float(head + frac), decimal, sep, ambiguous=True)
    return _Literal(decimal, decimal, evidence="dot_decimal" if sep == "." else "comma_decimal")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c))


def _word_token(word: str) -> _Token:
    key = _fold(word)
    if key in _OPERATOR_WORDS:
        return _Token("op", _OPERATOR_WORDS[key])
    if key in _NUMBER_WORDS:
        value = float(_NUMBER_WORDS[key])
        # "één" with accents is always the numeral; plain "een" may be the article
        kind = "weak" if key in _WEAK_WORDS and word.lower() == key else "num"
        return _Token(kind, word, _Literal(value, value))
    return _Token("word", word)


def _tokenise(s: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        two = s[i:i + 2]
        after_operand = bool(tokens) and tokens[-1].kind in ("num", "rp")
        if c.isspace():
            i += 1
        elif c in _DIGITS or (c in ".," and i + 1 < n and s[i + 1] in _DIGITS):
            end = _NUMBER.match(s, i).end()
            if end < n and s[end].isalpha() and not (s[end] in "xX" and (end + 1 == n or not s[end + 1].isalpha())):
                # "1D", "3e", "2de": a number glued to letters is a name or an ordinal, not an answer
                end = _WORD.match(s, i).end() if c in _DIGITS else i + 1
                tokens.append(_Token("word", s[i:end]))
            else:
                raw = s[i:end]
                tokens.append(_Token("num", raw, _literal(raw)))
            i = end
        elif two == "**":
            tokens.append(_Token("op", "^"))
            i += 2
        elif two in ("==", "->", "=>"):
            tokens.append(_Token("eq", "="))
            i += 2
        elif c in "+-*/^":
            tokens.append(_Token("op", c))
            i += 1
        elif c in "([":
            tokens.append(_Token("lp", "("))
            i += 1
        elif c in ")]":
            tokens.append(_Token("rp", ")"))
            i += 1
        elif c == "=":
            tokens.append(_Token("eq", "="))
            i += 1
        elif c in "xX" and after_operand and (i + 1 == n or not s[i + 1].isalpha()):
            tokens.append(_Token("op", "*"))
            i += 1
        elif c.isalpha():
            end = _WORD.match(s, i).end()
            tokens.append(_word_token(s[i:end]))
            i = end
        else:
            tokens.append(_Token("punct", c))
            i += 1
    return tokens


def _math_tokens(tokens: list[_Token]) -> list[_Token]:
    """Keep numbers and operators, drop words, and trim operators left dangling at either end."""
    has_number = any(t.kind == "num" for t in tokens)
    kept = [t if t.kind != "weak" else _Token("word" if has_number else "num", t.text, t.literal) for t in tokens]
    kept = [t for t in kept if t.kind not in ("word", "punct")]
    start, end = 0, len(kept)
    while start < end and (kept[start].kind == "eq" or (kept[start].kind == "op" and kept[start].text in "*/^")):
        start += 1
    while end > start and kept[end - 1].kind in ("op", "eq", "lp"):
        end -= 1
    return kept[start:end]


class _Parser:
    """equation := expr ('=' expr)* ; the usual precedence, ``^`` right-associative, unary signs."""

    def __init__(self, tokens: list[_Token], pick: Callable[[_Literal], float]):
        self.tokens, self.pick, self.pos, self.depth = tokens, pick, 0, 0

    def _peek(self, kind: str, ops: str = "") -> _Token | None:
        if self.pos < len(self.tokens):
            t = self.tokens[self.pos]
            if t.kind == kind and (not ops or t.text in ops):
                return t
        return None

    def sides(self) -> list[float]:
        """The sides of the last equation; steps such as ``5+32+1 = 38, 38*32 = 1216`` are several equations."""
        equations = [self._equation()]
        while len(equations[-1]) > 1 and (self._peek("num") or self._peek("lp")):
            equations.append(self._equation())
        if self.pos < len(self.tokens) or (len(equations) > 1 and len(equations[-1]) == 1):
            if self.pos == len(self.tokens) or self.tokens[self.pos].kind in ("num", "lp"):
                numbers = ", ".join(t.text for t in self.tokens if t.kind == "num")
                raise ValueError(tr("Meerdere getallen zonder bewerking ertussen ({}): geef één antwoord.",
                                    "Several numbers without an operator between them ({}): give one answer.")
                                 .format(numbers))
            raise ValueError(tr("De haakjes kloppen niet.", "The parentheses do not match."))
        if not all(math.isfinite(v) for values in equations for v in values):
            raise ValueError(tr("Het resultaat is te groot.", "The result is too large."))
        return equations[-1]

    def _equation(self) -> list[float]:
        values = [self._expr()]
        while self._peek("eq"):
            self.pos += 1
            values.append(self._expr())
        return values

    def _expr(self) -> float:
        value = self._term()
        while t := self._peek("op", "+-"):
            self.pos += 1
            right = self._term()
            value = value + right if t.text == "+" else value - right
        return value

    def _term(self) -> float:
        value = self._unary()
        while t := self._peek("op", "*/"):
            self.pos += 1
            right = self._unary()
            if t.text == "/" and right == 0:
                raise ValueError(tr("Deling door nul.", "Division by zero."))
            value = value * right if t.text == "*" else value / right
        return value

    def _unary(self) -> float:
        sign = 1.0
        while t := self._peek("op", "+-"):
            self.pos += 1
            sign = -sign if t.text == "-" else sign
        return sign * self._power()

    def _power(self) -> float:
        base = self._atom()
        if not self._peek("op", "^"):
            return base
        self.pos += 1
        self._enter()
        exponent = self._unary()
        self.depth -= 1
        if abs(exponent) > MAX_EXPONENT:
            raise ValueError(tr("Exponent te groot (hoogstens {}).", "Exponent too large (at most {}).")
                             .format(MAX_EXPONENT))
        try:
            value = base ** exponent
        except (OverflowError, ZeroDivisionError):
            raise ValueError(tr("Die macht kan ik niet uitrekenen.", "Cannot compute that power.")) from None
        if isinstance(value, complex):
            raise ValueError(tr("Die macht kan ik niet uitrekenen.", "Cannot compute that power."))
        return value

    def _atom(self) -> float:
        if t := self._peek("num"):
            self.pos += 1
            return self.pick(t.literal)
        if self._peek("lp"):
            self.pos += 1
            self._enter()
            value = self._expr()
            self.depth -= 1
            if not self._peek("rp"):
                raise ValueError(tr("De haakjes kloppen niet.", "The parentheses do not match."))
            self.pos += 1
            return value
        raise ValueError(tr("Kan de berekening niet lezen.", "Cannot read the calculation."))

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError(tr("Te diep genest.", "Nested too deeply."))


def _evaluate(tokens: list[_Token], pick: Callable[[_Literal], float], text: str) -> NumberAnswer:
    sides = _Parser(tokens, pick).sides()
    return NumberAnswer(sides[-1], sides[0] if len(sides) > 1 else None, text)


# "…, totaal 5281", "…; samen 1216", "in total: 1216": the last of these words introduces the final result.
_TOTAL = re.compile(r"\b(?:in\s+totaal|totaal|in\s+total|total|samen|opgeteld|altogether|in\s+all|som|sum)\b\s*[:=]?\s*"
                    r"(?:(?:is|zijn|is\s+het|van|of|dus|=)\s*)?", re.IGNORECASE)
# "1216 (160 + 1024 + 32)", "1216, want (5+32+1)*32": a result first, then how it comes about.
_RESULT_FIRST = re.compile(r"^\s*([-+]?\d[\d .,]*?)\s*(?:\((.*)\)\s*\.?|[,;:]?\s*(?:want|omdat|because|since|namelijk)\b.*)$",
                           re.IGNORECASE | re.DOTALL)


def parse_number(text: str) -> NumberAnswer:
    """Read the number (or the final result of ``expr = result``) in a student's answer.

    A worked breakdown counts by its total: the number after "totaal", "samen", "in total" (the last
    one), or a result written first with its working in brackets or after "want" ("1216 (160 + 1024 +
    32)"), whose working, when it adds up otherwise, is reported like a formula's.
    Raises ValueError with a short message in the interface language when no single number can be read.
    """
    try:
        return _parse_number(text)
    except ValueError:
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise
        totals = list(_TOTAL.finditer(text))
        if totals:
            tail = text[totals[-1].end():]
            try:
                read = _parse_number(re.split(r"[;\n]|\.(?:\s|$)", tail, maxsplit=1)[0])
                return NumberAnswer(read.value, read.formula_value, text.strip(), read.alt)
            except ValueError:
                pass
        first = _RESULT_FIRST.match(text)
        if first:
            result = _parse_number(first.group(1))
            working = None
            if first.group(2):
                try:
                    working = _parse_number(first.group(2)).value
                except ValueError:
                    working = None
            return NumberAnswer(result.value, working, text.strip(), result.alt)
        raise


def _parse_number(text: str) -> NumberAnswer:
    if not isinstance(text, str):
        raise ValueError(tr("Het antwoord is geen tekst.", "The answer is not text."))
    if len(text) > MAX_TEXT:
        raise ValueError(tr("Het antwoord is te lang.", "The answer is too long."))
    tokens = _math_tokens(_tokenise(text.translate(_TRANSLATE)))
    literals = [t.literal for t in tokens if t.kind == "num"]
    if not literals:
        raise ValueError(tr("Geen getal gevonden.", "No number found."))
    if sum(len(t.text) for t in tokens) > MAX_EXPR:
        raise ValueError(tr("De berekening is te lang (meer dan {} tekens).", "The calculation is too long (over {} characters).")
                         .format(MAX_EXPR))
    styles = {lit.evidence for lit in literals} - {None}
    style = styles.pop() if len(styles) == 1 else None
    shown = text.strip()
    answer = _evaluate(tokens, lambda lit: lit.read(style, alt=False), shown)
    if style is None and any(lit.ambiguous for lit in literals):
        other = _evaluate(tokens, lambda lit: lit.read(style, alt=True), shown)
        answer = NumberAnswer(answer.value, answer.formula_value, shown, other)
    return answer


def format_number(x: float) -> str:
    """A number as a student expects to see it: ints without ``.0``, a decimal comma in Dutch."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    s = f"{x:.10g}"
    return s if lang() == "en" else s.replace(".", ",")


def _close(value: float, truth: float, abs_tol: float, rel_tol: float) -> bool:
    # the epsilon forgives float noise such as 0.1 + 0.2, never a real difference
    tol = max(abs_tol, rel_tol * abs(truth)) + 1e-9 * max(1.0, abs(truth))
    return abs(value - truth) <= tol


def grade_number(answer: str, truth: float, abs_tol: float = 0.0, rel_tol: float = 0.0,
                 unit: str | None = None) -> Result:
    """Grade a numeric answer: correct (score 1) within tolerance, else incorrect with what was read."""
    expected = format_number(truth) + (f" {unit}" if unit else "")
    try:
        read = parse_number(answer)
    except ValueError as e:
        result = Result.of(0.0, expected, [tr("Ik kan je antwoord niet lezen: {}", "I cannot read your answer: {}").format(e)])
        result.unreadable = tr(f"{e} Schrijf één getal, bv. 1216, 1 216 of (5 + 32 + 1) * 32.",
                               f"{e} Write one number, e.g. 1216, 1 216 or (5 + 32 + 1) * 32.")
        return result
    readings = [read] + ([read.alt] if read.alt else [])
    hit = next((r for r in readings if _close(r.value, truth, abs_tol, rel_tol)), None)
    details = {"read": (hit or read).value, "formula": (hit or read).formula_value}
    if hit is not None:
        feedback = []
        if hit.formula_value is not None and not _close(hit.formula_value, truth, abs_tol, rel_tol):
            feedback.append(tr("Je eindresultaat klopt, maar je formule geeft {}.",
                               "Your final result is right, but your formula gives {}.")
                            .format(format_number(hit.formula_value)))
        return Result.of(1.0, expected, feedback, details=details)
    shown = format_number(read.value)
    if read.alt:
        shown += tr(" (of {})", " (or {})").format(format_number(read.alt.value))
    feedback = [tr("Gelezen: {}", "Read: {}").format(shown)]
    formula_right = next((r for r in readings if r.formula_value is not None
                          and _close(r.formula_value, truth, abs_tol, rel_tol)), None)
    if formula_right is not None:
        feedback.append(tr("Je formule geeft {}, maar je schreef {}: het eindresultaat telt.",
                           "Your formula gives {}, but you wrote {}: the final result counts.")
                        .format(format_number(formula_right.formula_value), format_number(formula_right.value)))
    elif read.formula_value is not None and not _close(read.formula_value, read.value, 0.0, 0.0):
        feedback.append(tr("Let op: je formule geeft {}, niet {}.", "Note: your formula gives {}, not {}.")
                        .format(format_number(read.formula_value), format_number(read.value)))
    return Result.of(0.0, expected, feedback, details=details)

"""Read a tensor shape the way a student writes it, and grade it against the shape Keras reports.

Accepted: ``(None, None, 32)``, ``[None, None, 32]``, ``None, None, 32``, ``(32,)``, ``32``, ``()``,
``8x16x64x64x3``, ``8 × 16 × 64``, ``None None 32``, ``TensorShape([None, 32])``, ``shape: (None, 32)``.

Rules for the unclear cases:

* ``,`` or ``;`` always separate axes (so ``1,024`` is two axes); without them ``x``/``×``/``*``
  does, and without those whitespace does. Inside one axis a number may group thousands with a dot
  or a space (``1.024``, ``1 024``); it must be a whole number.
* A free axis is ``None``, ``?``, ``_``, ``-1`` or a word such as batch, batch_size, batchgrootte,
  tijdstappen, timesteps, time steps, seq_len, sequence length, n, samples.
* An axis with one number and words around it is that number: ``units=32``, ``32 units``,
  ``batch_size=64`` (a fixed batch). Between commas or ``x``, a single unknown word (``features``)
  names a free axis, so ``(batch, features)`` is read as rank 2 and graded axis by axis; separated
  by whitespace only, an unknown word is refused (``ik weet het niet`` is no shape).
* Text outside one bracket pair is ignored if it holds no digits. Two or more bracket pairs are one
  shape written twice when they read the same (``(batch, features) = (64, 5)``); else they are refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from dlquiz.grading.result import Result
from dlquiz.i18n import tr

MAX_TEXT = 2000
MAX_DIGITS = 12
PARTIAL_AT = 0.5  # a right rank with one wrong axis of two or three is partial; a wrong rank stays below
RANK_CREDIT = 0.25  # the most a wrong rank can score, whatever its axes

_FREE_SYMBOLS = {"none", "null", "?", "_", "-1"}
_FREE_WORDS = {
    "batch", "batchsize", "batchgrootte", "batches", "tijdstappen", "tijdstap", "timesteps", "timestep",
    "seqlen", "seqlength", "sequencelength", "sequentielengte", "n", "samples", "voorbeelden",
}
_PHRASES = re.compile(r"\b(time|batch|sequence|seq)[\s_-]+(steps?|size|length|len)\b", re.IGNORECASE)
_INT = re.compile(r"[0-9]{1,3}(?:([. ])[0-9]{3})(?:\1[0-9]{3})*|[0-9]+")
_X_SEPARATOR = re.compile(r"(?<![^\W\d_])[xX](?![^\W\d_])|\s+(?:bij|by|op)\s+", re.IGNORECASE)
_TRANSLATE = str.maketrans({
    **dict.fromkeys("\u00a0\u202f\u2009\u2007\u2008\u200a\u205f", " "),
    **dict.fromkeys("×*·⋅∙∗", "x"),
    "{": "(", "}": ")", "−": "-",
})


@dataclass(frozen=True)
class _Axis:
    size: int | None
    raw: str


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _unreadable(detail: str) -> ValueError:
    return ValueError(tr("Kan '{}' niet als vorm lezen.", "Cannot read '{}' as a shape.").format(detail[:40]))


def _groups(s: str) -> list[tuple[int, int]] | None:
    """Top-level bracket pairs as (open, close) positions; None when the brackets do not balance."""
    pairs, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c in "([":
            start = i if depth == 0 else start
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth < 0:
                return None
            if depth == 0:
                pairs.append((start, i))
    return pairs if depth == 0 else None


def _body(s: str) -> tuple[str, bool]:
    """The text between the shape's brackets (and whether there were any)."""
    pairs = _groups(s)
    if pairs is None:
        return re.sub(r"[()\[\]]", " ", s), False
    if not pairs:
        return s, False
    if len(pairs) > 1:
        raise _Several([s[a + 1:b] for a, b in pairs], s)
    a, b = pairs[0]
    if re.search(r"[0-9]", s[:a] + s[b + 1:]):
        raise ValueError(tr("Er staan getallen buiten de haakjes; geef alleen de vorm.",
                            "There are numbers outside the brackets; give only the shape."))
    body = s[a + 1:b]
    # unwrap TensorShape([None, 32]) or ((None, 32)), but not ((None, 32), 5)
    while (pairs := _groups(body)) and len(pairs) == 1:
        a, b = pairs[0]
        outside = body[:a] + body[b + 1:]
        if re.search(r"[0-9,;]", outside) or _X_SEPARATOR.search(outside):
            break
        body = body[a + 1:b]
    return body, True


class _Several(ValueError):
    """Two or more bracketed shapes: one shape written two ways ("(units, units) = (32, 32)") when they agree."""

    def __init__(self, bodies: list[str], text: str) -> None:
        super().__init__(tr("Ik zie meer dan één vorm; geef er één.", "I see more than one shape; give one."))
        self.bodies, self.text = bodies, text


def _axis(part: str, strict: bool, symbols: dict[str, int] | None = None) -> _Axis:
    raw = part.strip()
    if not raw:
        raise ValueError(tr("Er ontbreekt een as tussen twee scheidingstekens.", "An axis is missing between two separators."))
    if re.search(r"[()\[\]]", raw):
        raise _unreadable(raw)
    value = re.split(r"[=:]", raw)[-1].strip() or raw  # "units=32" → "32"; the label is only a name
    key = re.sub(r"[\s_-]", "", _fold(value.lower()))
    if symbols and key in symbols:
        return _Axis(symbols[key], raw)  # "(units, units)" where the question fixes units = 32
    if value.lower() in _FREE_SYMBOLS or key in _FREE_WORDS:
        return _Axis(None, raw)
    if _INT.fullmatch(value):
        return _Axis(_int(value), raw)
    numbers = [w for w in value.split() if _INT.fullmatch(w)]
    words = [w for w in value.split() if not _INT.fullmatch(w)]
    if len(numbers) > 1 or any(not re.fullmatch(r"[^\W\d_]+(?:[-_][^\W_]+)*[.!]?", w) for w in words):
        raise _unreadable(raw)
    if numbers:
        return _Axis(_int(numbers[0]), raw)
    if any(re.sub(r"[_-]", "", _fold(w.lower())) in _FREE_WORDS for w in words) or (len(words) == 1 and not strict):
        return _Axis(None, raw)
    raise _unreadable(raw)


def _int(text: str) -> int:
    digits = re.sub(r"[. ]", "", text)
    if len(digits) > MAX_DIGITS:
        raise ValueError(tr("Die as is onwaarschijnlijk groot: {}", "That axis is implausibly large: {}").format(text[:20]))
    return int(digits)


def _read_axes(text: str, symbols: dict[str, int] | None = None) -> list[_Axis]:
    if not isinstance(text, str):
        raise ValueError(tr("Het antwoord is geen tekst.", "The answer is not text."))
    if len(text) > MAX_TEXT:
        raise ValueError(tr("Het antwoord is te lang.", "The answer is too long."))
    s = _PHRASES.sub(r"\1\2", text.translate(_TRANSLATE)).strip()
    try:
        body, bracketed = _body(s)
    except _Several as several:
        outside = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", several.text)
        if re.search(r"[0-9]", outside) or len(several.bodies) > 4:
            raise
        shapes = [_read_axes(f"({b})", symbols) for b in several.bodies]
        if any(tuple(a.size for a in x) != tuple(a.size for a in shapes[-1]) for x in shapes):
            raise
        return shapes[-1]
    if not body.strip():
        if bracketed:
            return []  # () is the shape of a scalar
        raise ValueError(tr("Geen vorm gevonden.", "No shape found."))
    strict = False
    if re.search(r"[,;]", body):
        parts = re.split(r"[,;]", body)
        if len(parts) > 1 and not parts[-1].strip():
            parts.pop()  # (32,) is Python's way to write a 1-tuple
    elif _X_SEPARATOR.search(body):
        parts = _X_SEPARATOR.split(body)
    else:
        parts, strict = body.split(), True
    return [_axis(p, strict, symbols) for p in parts]


def parse_shape(text: str) -> tuple[int | None, ...]:
    """Read a shape such as ``(None, None, 32)``; None stands for a free axis.

    Raises ValueError with a short message in the interface language when no shape can be read.
    """
    return tuple(a.size for a in _read_axes(text))


def format_shape(shape: Iterable[int | None]) -> str:
    """A shape as Keras prints it: ``(None, None, 32)``, ``(32,)``, ``()``."""
    items = ["None" if a is None else str(int(a)) for a in shape]
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def _label(i: int, names: list[str] | None) -> str:
    # numbered as Keras numbers them (axis=2, shape[2]): from 0, the batch axis included
    label = tr("as {}", "axis {}").format(i)
    return f"{label} ({names[i]})" if names else label


def _culprit(j: int, shape: tuple, names: list[str] | None) -> str:
    if names:
        return _label(j, names)
    return f"{_label(j, None)} ({'None' if shape[j] is None else shape[j]})"


def _what_is_free(i: int, names: list[str] | None) -> str:
    key = re.sub(r"[\s_-]", "", _fold(names[i].lower())) if names else ("batch" if i == 0 else "")
    if "batch" in key:
        return tr("de batchgrootte", "the batch size")
    if key in _FREE_WORDS or "tijd" in key or "time" in key:
        return tr("het aantal tijdstappen", "the number of time steps")
    return tr("die grootte", "that size")


def _axis_feedback(i: int, got: _Axis, want: int | None, names: list[str] | None) -> str:
    label = _label(i, names)
    if want is None:
        return tr("{} is vrij (None): je schreef {}, maar {} ligt niet vast in het model.",
                  "{} is free (None): you wrote {}, but {} is not fixed by the model.").format(
            label[0].upper() + label[1:], got.size, _what_is_free(i, names))
    if got.size is None:
        return tr("{}: je schreef '{}' (een vrije as), verwacht {}.",
                  "{}: you wrote '{}' (a free axis), expected {}.").format(
            label[0].upper() + label[1:], got.raw[:30], want)
    return tr("{}: je schreef {}, verwacht {}.", "{}: you wrote {}, expected {}.").format(
        label[0].upper() + label[1:], got.size, want)


def _matches(a: tuple, b: tuple) -> int:
    return sum(x == y for x, y in zip(a, b, strict=True))


def _rank_result(got: tuple, truth: tuple, names: list[str] | None, expected: str) -> Result:
    n, m = len(truth), len(got)
    described = "(" + ", ".join(names[i] if names and t is None else "None" if t is None else str(t)
                                for i, t in enumerate(truth)) + ("," if n == 1 else "") + ")"
    if m < n:
        head = tr("Er ontbreekt een as", "An axis is missing") if n - m == 1 else \
            tr("Er ontbreken {} assen", "{} axes are missing").format(n - m)
    else:
        head = tr("Er is een as te veel", "There is an axis too many") if m - n == 1 else \
            tr("Er zijn {} assen te veel", "There are {} axes too many").format(m - n)
    feedback = [tr("{}: verwacht {} assen {}, je schreef er {}: {}.", "{}: expected {} axes {}, you wrote {}: {}.")
                .format(head, n, described, m, format_shape(got))]
    best = 0
    if abs(n - m) == 1 and n <= 32 and m <= 32:
        # drop each axis of the longer shape in turn; the drops that make the rest fit are the likely culprits
        longer, shorter = (truth, got) if m < n else (got, truth)
        fits = [_matches(longer[:j] + longer[j + 1:], shorter) for j in range(len(longer))]
        best = max(fits)
        culprits = [j for j, f in enumerate(fits) if f == best == len(shorter)]
        if culprits and len(culprits) <= 3:
            listed = tr(" of ", " or ").join(_culprit(j, truth if m < n else got, names if m < n else None)
                                             for j in culprits)
            feedback.append(tr("Waarschijnlijk ontbreekt {}.", "Probably {} is missing.").format(listed) if m < n else
                            tr("Waarschijnlijk is {} te veel.", "Probably {} is one too many.").format(listed))
    score = RANK_CREDIT * best / max(n, m)
    return Result.of(score, expected, feedback, partial_at=PARTIAL_AT, details={"read": format_shape(got)})


def grade_shape(answer: str, truth: tuple[int | None, ...], axes: list[str] | None = None,
                symbols: dict[str, int] | None = None, partial_axes: bool = False) -> Result:
    """Grade a shape: correct only when rank and every axis match; feedback names each wrong axis.

    A wrong axis makes the shape incorrect (a swapped weight matrix is not half right), unless the
    question allows `partial_axes`: then the score is the fraction of right axes (partial from
    PARTIAL_AT). A shape without its batch axis alone is partial. A wrong rank is always incorrect
    (at most RANK_CREDIT). `symbols` are names the question fixes ("units" → 32).
    """
    truth = tuple(truth)
    expected = format_shape(truth)
    names = [str(a) for a in axes] if axes and len(axes) == len(truth) else None
    symbols = {re.sub(r"[\s_-]", "", _fold(str(k).lower())): int(v) for k, v in (symbols or {}).items()
               if isinstance(v, int) and not isinstance(v, bool)}
    try:
        read = _read_axes(answer, symbols)
    except ValueError as e:
        result = Result.of(0.0, expected, [tr("Ik kan je antwoord niet lezen: {}", "I cannot read your answer: {}").format(e)],
                           partial_at=PARTIAL_AT)
        # neutral examples: never one that gives this question's answer away
        result.unreadable = tr(f"{e} Schrijf een vorm tussen haakjes, bv. (None, 32) of (64, 10, 5).",
                               f"{e} Write a shape in brackets, e.g. (None, 32) or (64, 10, 5).")
        return result
    got = tuple(a.size for a in read)
    dropped = [j for j in range(len(truth)) if truth[:j] + truth[j + 1:] == got] if len(got) == len(truth) - 1 else []
    if dropped == [0] and truth[0] is None:  # only the batch axis is missing (not, say, the time steps as well)
        return Result.of(PARTIAL_AT, expected, [tr("De batch-as (None) vooraan ontbreekt; de rest klopt.",
                                                   "The batch axis (None) in front is missing; the rest is right.")],
                         partial_at=PARTIAL_AT, details={"read": format_shape(got)})
    if len(got) != len(truth):
        return _rank_result(got, truth, names, expected)
    wrong = [i for i, (g, t) in enumerate(zip(got, truth, strict=True)) if g != t]
    feedback = [_axis_feedback(i, read[i], truth[i], names) for i in wrong]
    if wrong and Counter(got) == Counter(truth):
        feedback.append(tr("De assen staan in een andere volgorde dan verwacht.",
                           "The axes are in a different order than expected."))
    score = 1.0 - len(wrong) / len(truth) if truth else 1.0
    if wrong and not partial_axes:
        score = 0.0
    return Result.of(score, expected, feedback, partial_at=PARTIAL_AT, details={"read": format_shape(got)})


def notations(shape: tuple | list) -> list[str]:
    """The ways a student writes a shape, for a form that accepts answers verbatim (Moodle): brackets or
    none, with or without spaces, None or null, and the free axes by name ((batch, tijdstappen, 32))."""
    def named(first: str, other: str) -> list[str]:
        return [first if d is None and i == 0 else other if d is None else str(d) for i, d in enumerate(shape)]

    spellings = [["None" if d is None else str(d) for d in shape], ["null" if d is None else str(d) for d in shape]]
    if any(d is None for d in shape):
        spellings += [named("batch", "tijdstappen"), named("batch", "timesteps"), named("batch", "time steps")]
    forms = []
    for dims in spellings:
        one = ",)" if len(dims) == 1 else ")"
        forms += ["(" + ", ".join(dims) + one, "(" + ",".join(dims) + one, "[" + ", ".join(dims) + "]",
                  "[" + ",".join(dims) + "]", ", ".join(dims)]
    if all(d is not None for d in shape):
        dims = [str(d) for d in shape]
        forms += ["x".join(dims), " x ".join(dims), "×".join(dims), " bij ".join(dims)]
    return list(dict.fromkeys(forms))

"""Property tests (hypothesis): graders, the model interpreter and the bank loader never break.

A fixed budget and derandomised examples keep CI stable: the same examples on every run.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlquiz.bank.bank import Bank
from dlquiz.bank.library import bank_files
from dlquiz.bank.validate import load_bank
from dlquiz.errors import BankError, ModelError
from dlquiz.grading.numbers import grade_number
from dlquiz.grading.result import Result, Verdict
from dlquiz.grading.shapes import grade_shape
from dlquiz.grading.text import grade_open
from dlquiz.oracle.interpreter import parse_model
from dlquiz.oracle.spec import ModelSpec

PROFILE = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# --- answers: random text, and text made of the pieces real answers are made of ----------------

PIECES = ["1216", "1 216", "1.216", "1,216", "32", "0,5", "-1", "1e3", "(", ")", "[", "]", ",", ".", "=", "+", "*",
          "x", "×", "^", "/", "None", "none", "batch", "tijdstappen", "time steps", "parameters", "params",
          "één", "twee", "three", "Keras", "gradiënten", "verdwijnen", "vanishing", "niet", "geen", "not",
          "causal", "padding", "LSTM", "GRU", "return_sequences", "\n", "✓", "[/bold]", "\x00", ";", ":"]
piece_answers = st.lists(st.sampled_from(PIECES), max_size=12).map(" ".join)
answers = st.one_of(st.text(max_size=200), piece_answers)


def respaced(text: str) -> str:
    """Extra blanks around every token (spaces only: a line break is a sentence boundary)."""
    return "  " + re.sub(r" +", "   ", text) + "  "


def recased(text: str) -> str:
    """Upper-case ASCII letters (Unicode case mappings such as ı → I change letters, not case)."""
    return "".join(c.upper() if c.isascii() else c for c in text)


def same_verdict(grade, answer: str) -> None:
    first = grade(answer)
    assert isinstance(first, Result) and isinstance(first.verdict, Verdict) and 0 <= first.score <= 1
    for twin in (respaced(answer), recased(answer)):
        assert grade(twin).verdict == first.verdict, (answer, twin)


truth_numbers = st.one_of(st.integers(-10**7, 10**7), st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))


@PROFILE
@given(answers, truth_numbers)
def test_number_grader_never_raises_and_ignores_blanks_and_case(answer, truth):
    same_verdict(lambda a: grade_number(a, float(truth)), answer)


@PROFILE
@given(answers, st.lists(st.one_of(st.none(), st.integers(0, 4096)), min_size=1, max_size=4))
def test_shape_grader_never_raises_and_ignores_blanks_and_case(answer, truth):
    same_verdict(lambda a: grade_shape(a, tuple(truth)), answer)


def _shipped_rubrics():
    banks = [load_bank(path) for path in bank_files().values()]  # load_bank: no cache written at collection
    found = [(q.rubric, q.answer) for b in banks for q in b.questions if q.type == "open"]
    return found[:: max(1, len(found) // 8)]


RUBRICS = _shipped_rubrics()


def rubric_answers():
    words = sorted({w for rubric, model in RUBRICS for c in rubric.concepts for p in c.phrases for w in p.split()})
    from_phrases = st.lists(st.sampled_from(words + [".", ",", "niet", "geen", "not", "\n"]), max_size=25).map(" ".join)
    return st.one_of(answers, from_phrases, st.sampled_from([m for _, m in RUBRICS]))


@pytest.mark.parametrize("k", range(len(RUBRICS)))
@PROFILE
@given(answer=rubric_answers())
def test_rubric_grader_never_raises_and_ignores_blanks_and_case(k, answer):
    rubric, model = RUBRICS[k]
    same_verdict(lambda a: grade_open(a, rubric, model), answer)


# --- the model interpreter: any program is a ModelSpec or a ModelError, and nothing runs ------------

MARKER = Path("/tmp/dlquiz-property-marker-should-never-exist")
NAMES = ["keras", "layers", "tf", "ks", "x", "model", "inputs", "os", "open", "eval", "exec", "__import__",
         "print", "getattr", "globals", "__builtins__", "sys", "subprocess", "breakpoint", "input"]
ATTRS = ["layers", "Dense", "LSTM", "Sequential", "Model", "Input", "keras", "system", "__class__",
         "__subclasses__", "popen", "models", "activations", "relu", "add", "summary", "compile", "fit"]
DANGER = [f"open({str(MARKER)!r}, 'w')", f"__import__('pathlib').Path({str(MARKER)!r}).touch()",
          f"exec(\"open({str(MARKER)!r}, 'w')\")", "__import__('os').system('touch " + str(MARKER) + "')",
          "(lambda: open('" + str(MARKER) + "', 'w'))()", "[open('" + str(MARKER) + "','w') for _ in [1]]",
          "getattr(__builtins__, 'exec')('1')", "().__class__.__base__.__subclasses__()"]

leaves = st.one_of(
    st.sampled_from(NAMES),
    st.integers(-10**7, 10**7).map(str),
    st.sampled_from(["None", "True", "False", "'relu'", "'same'", "1.5", "10**9", "'x' * 10**6", "..."]),
    st.sampled_from(DANGER),
)


def _compound(inner):
    args = st.lists(inner, max_size=3).map(", ".join)
    return st.one_of(
        st.tuples(inner, st.sampled_from(ATTRS)).map(lambda t: f"{t[0]}.{t[1]}"),
        st.tuples(inner, args).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(inner, st.sampled_from(["units", "activation", "shape", "return_sequences"]), inner)
        .map(lambda t: f"{t[0]}({t[1]}={t[2]})"),
        args.map(lambda a: f"[{a}]"),
        args.map(lambda a: f"({a},)"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
        inner.map(lambda e: f"lambda: {e}"),
        inner.map(lambda e: f"-{e}"),
        st.tuples(inner, st.sampled_from(["+", "*", "**", "if True else", "and", "==", "@"]), inner)
        .map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        inner.map(lambda e: f"[{e} for _ in range(3)]"),
        inner.map(lambda e: f"f'{{{e}}}'"),
    )


expressions = st.recursive(leaves, _compound, max_leaves=8)
statements = st.one_of(
    expressions,
    expressions.map(lambda e: f"model = {e}"),
    expressions.map(lambda e: f"x = {e}"),
    expressions.map(lambda e: f"model.add({e})"),
    st.sampled_from(["import keras", "import os", "from keras import layers", "from os import system",
                     "import tensorflow as tf", "from keras import *", "del x", "global x", "import subprocess as keras",
                     "for i in range(3): pass", "while True: pass", "with open('f') as f: pass", "def f(): pass",
                     "class A: pass", "x += 1", "assert False", "raise SystemExit", "model.x = 1",
                     "model = keras.Sequential([layers.Dense(1, input_shape=(3,))])"]),
)
programs = st.lists(statements, min_size=1, max_size=6).map("\n".join)


class _Watch:
    """An audit hook that notes what a parse does that parsing should never do."""

    active = False
    seen: list[str] = []
    ALLOWED = {"compile", "object.__getattr__", "object.__setattr__", "sys._getframe", "re.compile"}


def _audit(event, args):
    # A SyntaxError makes CPython try to read the source line of "<unknown>": a harmless read.
    if _Watch.active and event not in _Watch.ALLOWED and not (event == "open" and args[:2] == ("<unknown>", "rb")):
        _Watch.seen.append(event)


sys.addaudithook(_audit)
parse_model("model = keras.Sequential([keras.layers.Dense(1, input_shape=(3,))])")  # import everything lazily first


def _parse_watched(text: str):
    _Watch.seen = []
    _Watch.active = True
    try:
        return parse_model(text)
    finally:
        _Watch.active = False


@PROFILE
@given(programs)
def test_model_interpreter_never_runs_anything_and_only_raises_model_error(text):
    try:
        spec = _parse_watched(text)
    except ModelError as exc:
        assert str(exc)
    else:
        assert isinstance(spec, ModelSpec)
    assert not _Watch.seen, _Watch.seen
    assert not MARKER.exists()


FORBIDDEN = st.one_of(
    st.sampled_from(DANGER),
    expressions.map(lambda e: f"lambda: {e}"),
    st.tuples(expressions, expressions).map(lambda t: f"({t[0]})[{t[1]}]"),
    st.tuples(st.sampled_from(["open", "eval", "exec", "print", "getattr", "__import__", "input", "os", "sys"]),
              st.lists(expressions, max_size=2).map(", ".join)).map(lambda t: f"{t[0]}({t[1]})"),
    st.tuples(st.sampled_from(["keras", "layers", "tf"]), st.sampled_from(["__class__", "utils", "backend", "ops",
                                                                           "saving", "Lambda", "system"]))
    .map(lambda t: f"{t[0]}.{t[1]}"),
    expressions.map(lambda e: f"[{e} for _ in range(3)]"),
    st.tuples(expressions, expressions).map(lambda t: f"({t[0]} + {t[1]})"),
)


@PROFILE
@given(FORBIDDEN, st.sampled_from(["model = {}", "x = {}", "{}",
                                   "model = keras.Sequential([layers.Dense({}, input_shape=(3,))])",
                                   "model = keras.Sequential([keras.layers.Dense(2, activation={})])"]))
def test_model_interpreter_rejects_what_is_not_allow_listed(bad, template):
    text = "import keras\nfrom keras import layers\n" + template.format(bad)
    with pytest.raises(ModelError):
        _parse_watched(text)
    assert not _Watch.seen, _Watch.seen
    assert not MARKER.exists()


# --- the bank loader: any document is a Bank or a BankError with the file --------------------------

yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                         st.sampled_from(["numeric", "open", "keras", "shape", "choice", "truefalse", "code",
                                          "model = keras.Sequential([keras.layers.Dense(3, input_shape=(2,))])"]))
KEYS = ["title", "topics", "questions", "language", "id", "type", "prompt", "answer", "rubric", "concepts",
        "phrases", "label", "model", "ask", "options", "correct", "statement", "reference", "variables", "topic",
        "examples", "verdict", "tolerance", "axes", "weight", "misconceptions", "promt"]
yaml_docs = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5)),
    max_leaves=25,
)
GOOD = {
    "title": "Proef",
    "topics": {"t": "Onderwerp"},
    "questions": [
        {"id": "p-1", "type": "numeric", "prompt": "Hoeveel?", "answer": 1216, "topic": "t"},
        {"id": "p-2", "type": "shape", "prompt": "Vorm?", "answer": [None, 32]},
        {"id": "p-3", "type": "open", "prompt": "Waarom?", "answer": "Omdat.",
         "rubric": {"concepts": [{"id": "c", "label": "C", "phrases": ["gradienten verdwijnen"]}]}},
    ],
}


def _mutations():
    """The good bank with one part replaced by anything: errors deep inside a valid-looking bank."""
    def put(t):
        path, value = t
        doc = yaml.safe_load(yaml.safe_dump(GOOD))
        node = doc
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        return doc
    paths = st.sampled_from([("title",), ("topics",), ("questions",), ("questions", 0), ("questions", 0, "answer"),
                             ("questions", 1, "answer"), ("questions", 2, "rubric"), ("questions", 0, "id"),
                             ("questions", 2, "rubric", "concepts"), ("questions", 0, "type"), ("questions", 1, "axes"),
                             ("questions", 0, "topic"), ("questions", 2, "promt")])
    return st.tuples(paths, yaml_docs).map(put)


def _check_load(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(content)
    try:
        bank = load_bank(path)
    except BankError as exc:
        assert exc.path == str(path)
        assert exc.line is None or (isinstance(exc.line, int) and exc.line >= 1)
        assert str(exc).startswith(str(path) + ":")
    else:
        assert isinstance(bank, Bank) and bank.questions


@PROFILE
@given(st.one_of(yaml_docs, _mutations()))
def test_bank_loader_turns_any_yaml_into_a_bank_or_a_bank_error(tmp_path, doc):
    _check_load(tmp_path, yaml.safe_dump(doc, allow_unicode=True).encode())


@PROFILE
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.sampled_from([b"\xff\xfe", b"title: [", b"{a: 1, a: 2}", b"&a [*a]", b"!!python/object:os.system x",
                                  b"- !!binary aGk=", b"title: 2024-01-01\nquestions: []", b"\t- x", b"a: *b"])))
def test_bank_loader_turns_any_bytes_into_a_bank_or_a_bank_error(tmp_path, content):
    _check_load(tmp_path, content)


def test_good_bank_of_the_mutations_loads(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(yaml.safe_dump(GOOD), encoding="utf-8")
    assert [q.id for q in load_bank(path).questions] == ["p-1", "p-2", "p-3"]

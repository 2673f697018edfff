"""Grading Keras code answers against a reference model (real Keras for the built ones)."""

import json

import pytest
from conftest import run_dlquiz

from dlquiz.errors import ModelError
from dlquiz.grading.code import _code_of, grade_code, layer_kinds
from dlquiz.grading.result import Verdict
from dlquiz.i18n import set_lang

REFERENCE = """
model = keras.Sequential([
    keras.layers.Input(shape=(None, 1)),
    keras.layers.SimpleRNN(32, return_sequences=True),
    keras.layers.SimpleRNN(32),
    keras.layers.Dense(7)])
"""


@pytest.mark.parametrize("payload", [
    "__import__('os').system('touch {marker}')",
    "open('{marker}', 'w')",
    "model = keras.Sequential([keras.layers.Lambda(lambda x: open('{marker}', 'w'))])",
    "model = keras.Sequential([keras.Input((None, 1)), keras.layers.Dense(10**9)])",
    "import subprocess\nsubprocess.run(['touch', '{marker}'])",
])
def test_payloads_are_incorrect_and_not_run(payload, tmp_path):
    marker = tmp_path / "pwned"
    result = grade_code(payload.format(marker=marker), REFERENCE)
    assert result.score == 0 and result.verdict == Verdict.INCORRECT
    assert result.details["refused"] is True
    assert "regel" in result.feedback[0] and "niet aanvaard" in result.feedback[0]
    assert result.expected == REFERENCE.strip()
    assert not marker.exists()


def test_empty_answer():
    assert grade_code("  \n", REFERENCE).verdict == Verdict.INCORRECT


def test_unknown_compare_property_is_a_bank_error():
    with pytest.raises(ModelError, match="layer_kinds"):
        grade_code("x", REFERENCE, ["colour"])


def test_fences_are_taken_off_their_own_lines_only():
    assert _code_of("```python\nx = 1\n```\n") == "x = 1"
    assert _code_of("  ```py  \r\nx = 1\r\n  ```") == "x = 1"
    assert _code_of("x = 1  # ``` in a comment stays") == "x = 1  # ``` in a comment stays"


def test_an_answer_of_300000_newlines_is_graded_not_hung(tmp_path):
    # The fence pattern read 100,000 newlines in 8 s and 300,000 in 90 s (quadratic); these must come back
    # at once. The timeout is generous and only guards against hanging.
    qid = "h15-11-model2-zeven-dagen"
    entries = [{"bank": "h15", "id": qid, "answer": "```python" + "\n" * 300_000 + "```"},
               {"bank": "h15", "id": qid, "answer": "import os" + "\n" * 300_000 + "x = 1"}]
    answers = tmp_path / "answers.jsonl"
    answers.write_text("".join(json.dumps(e) + "\n" for e in entries))
    res = run_dlquiz("grade", "--answers", str(answers), "--json", timeout=60)
    assert res.returncode == 0, res.stderr
    first, second = (json.loads(line) for line in res.stdout.splitlines())
    assert first["verdict"] == "incorrect" and "Geen code gegeven." in first["feedback"]
    assert second["verdict"] == "incorrect" and "niet aanvaard: regel 1: alleen `import keras`" in second["feedback"]


def test_layer_kinds_leave_dropout_out():
    truths = {"layers": [{"class": "SimpleRNN"}, {"class": "Dropout"}, {"class": "Bidirectional", "wraps": "LSTM"}]}
    assert layer_kinds(truths) == ["SimpleRNN", "Bidirectional(LSTM)"]


@pytest.mark.slow
@pytest.mark.parametrize("answer", [
    REFERENCE,
    # aliases, imports, functional style, fences, .add/.compile/.summary, just the list
    """```python
import tensorflow as tf
model = tf.keras.Sequential([
    tf.keras.layers.Input(shape=[None, 1]),
    tf.keras.layers.SimpleRNN(32, return_sequences=True),
    tf.keras.layers.SimpleRNN(32),
    tf.keras.layers.Dense(7)])
```""",
    """from keras import layers
inputs = keras.Input(shape=(None, 1))
x = layers.SimpleRNN(32, return_sequences=True)(inputs)
x = layers.SimpleRNN(32)(x)
model = keras.Model(inputs, layers.Dense(7)(x))""",
    """model = ks.Sequential()
model.add(ks.layers.SimpleRNN(32, return_sequences=True, input_shape=(None, 1)))
model.add(ks.layers.Dropout(0.2))
model.add(ks.layers.SimpleRNN(32))
model.add(ks.layers.Dense(7))
model.compile(loss="mse", optimizer="adam")
model.summary()""",
    "[layers.SimpleRNN(32, return_sequences=True), layers.SimpleRNN(32), layers.Dense(7)]",
    "keras.Sequential([layers.Input((None, 1)), layers.SimpleRNN(32, return_sequences=True), "
    "layers.SimpleRNN(32), layers.Dense(7)])",
])
def test_right_answers(answer):
    result = grade_code(answer, REFERENCE)
    assert result.verdict == Verdict.CORRECT, result.feedback
    assert result.score == 1.0
    assert set(result.details["properties"]) == {"output_shape", "total_params", "layer_kinds", "return_sequences"}


@pytest.mark.slow
def test_missing_input_borrows_the_reference_input():
    set_lang("en")
    result = grade_code("[layers.SimpleRNN(32, return_sequences=True), layers.SimpleRNN(32), layers.Dense(7)]",
                        REFERENCE)
    assert "reference's: (None, None, 1)" in result.feedback[0]


@pytest.mark.slow
def test_wrong_units_give_partial_credit_with_yours_vs_expected():
    set_lang("en")
    result = grade_code("""model = keras.Sequential([
        keras.layers.Input(shape=(None, 1)),
        keras.layers.SimpleRNN(16, return_sequences=True),
        keras.layers.SimpleRNN(32),
        keras.layers.Dense(7)])""", REFERENCE)
    assert result.score == 0.75 and result.verdict == Verdict.PARTIAL
    assert "✗ parameter count: your model 2087, expected 3399" in result.feedback
    assert "✓ output shape: (None, 7)" in result.feedback
    assert "How Keras counts your model:" in result.feedback
    assert result.details["properties"]["total_params"] == {"yours": 2087, "expected": 3399, "ok": False}


@pytest.mark.slow
def test_wrong_return_sequences_and_kinds():
    set_lang("nl")
    result = grade_code("""model = keras.Sequential([
        keras.layers.Input(shape=(None, 1)),
        keras.layers.LSTM(32, return_sequences=True),
        keras.layers.SimpleRNN(32, return_sequences=True),
        keras.layers.Dense(7)])""", REFERENCE)
    props = result.details["properties"]
    assert not props["layer_kinds"]["ok"] and not props["return_sequences"]["ok"] and not props["output_shape"]["ok"]
    assert "✗ soorten lagen: jouw model LSTM → SimpleRNN → Dense, verwacht SimpleRNN → SimpleRNN → Dense" in result.feedback
    assert "✗ return_sequences: jouw model [True, True], verwacht [True, False]" in result.feedback
    assert result.verdict == Verdict.INCORRECT


@pytest.mark.slow
def test_compare_subset():
    answer = "[layers.Input((None, 1)), layers.GRU(32, return_sequences=True), layers.GRU(32), layers.Dense(7)]"
    assert grade_code(answer, REFERENCE, ["output_shape"]).score == 1.0
    assert grade_code(answer, REFERENCE, ["output_shape", "total_params"]).score == 0.5


@pytest.mark.slow
def test_keras_refusal_of_the_answer_is_incorrect():
    set_lang("en")
    result = grade_code("[layers.Input((None, 1)), layers.SimpleRNN(32), layers.SimpleRNN(32), layers.Dense(7)]",
                        REFERENCE)
    assert result.score == 0 and "Keras does not build this model" in result.feedback[-1]


BINARY = """
model = keras.Sequential([
    keras.Input(shape=(20,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1, activation="sigmoid")])
"""
SOFTMAX_2 = BINARY.replace('Dense(1, activation="sigmoid")', 'Dense(2, activation="softmax")')


@pytest.mark.slow
@pytest.mark.parametrize("output, verdict", [
    ('Dense(1, activation="sigmoid")', Verdict.CORRECT),
    ("Dense(1)", Verdict.PARTIAL),                       # same shapes and counts, but no probability
    ('Dense(1, activation="relu")', Verdict.PARTIAL),
])
def test_the_output_activation_is_compared_when_the_reference_sets_one(output, verdict):
    answer = BINARY.replace('Dense(1, activation="sigmoid")', output)
    result = grade_code(answer, BINARY)
    assert result.verdict is verdict
    if verdict is not Verdict.CORRECT:
        assert any("activatie van de uitvoerlaag" in line and "sigmoid" in line for line in result.feedback)


@pytest.mark.slow
def test_an_alternative_model_gets_its_verdict():
    assert grade_code(SOFTMAX_2, BINARY).verdict is not Verdict.CORRECT
    result = grade_code(SOFTMAX_2, BINARY, alternatives=[(SOFTMAX_2, "correct")])
    assert result.verdict is Verdict.CORRECT and "aanvaard alternatief" in result.feedback[0]


WAVENET = """
model = keras.Sequential([
    keras.Input(shape=(None, 1)),
    keras.layers.Conv1D(32, 2, padding="causal", dilation_rate=1),
    keras.layers.Conv1D(32, 2, padding="causal", dilation_rate=2),
    keras.layers.Conv1D(32, 2, padding="causal", dilation_rate=4),
    keras.layers.Conv1D(1, 1)])
"""


@pytest.mark.slow
@pytest.mark.parametrize("answer, verdict", [
    (WAVENET, Verdict.CORRECT),
    (WAVENET.replace('"causal"', '"same"'), Verdict.PARTIAL),                        # looks into the future
    (WAVENET.replace("dilation_rate=2", "dilation_rate=1").replace("dilation_rate=4", "dilation_rate=1"), Verdict.PARTIAL),
])
def test_a_question_can_compare_the_layer_settings_it_asks_about(answer, verdict):
    compare = ["output_shape", "total_params", "layer_kinds", "padding", "dilation_rate"]
    result = grade_code(answer, WAVENET, compare)
    assert result.verdict is verdict
    assert grade_code(WAVENET.replace('"causal"', '"same"'), WAVENET).verdict is Verdict.CORRECT  # unless it asks

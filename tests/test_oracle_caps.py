"""Size caps that cannot be walked around (issue 8): every way of giving a shape is estimated, keywords are
allow-listed per layer, layer applications are counted, and nothing recurses without bound."""

import inspect
import json
import os
import subprocess
import sys

import pytest

from dlquiz.errors import ModelError
from dlquiz.grading.code import grade_code
from dlquiz.i18n import set_lang
from dlquiz.oracle.estimate import ESTIMATES, check_size, estimate_params
from dlquiz.oracle.interpreter import parse_model
from dlquiz.oracle.spec import (
    CALL_KEYWORDS,
    KEYWORDS,
    LAYERS,
    MAX_LAYERS,
    POSITIONAL,
    LayerSpec,
    ModelSpec,
    NodeSpec,
    TensorRef,
)

NORM = "keras.layers.Normalization(axis=[1, 2], mean=0.0, variance=1.0)"
# 25000 x 25000 values, twice (mean and variance): 5.3 GB and 22 s in Keras before these caps
BOMBS = [
    f"model = keras.Sequential([keras.layers.InputLayer(input_shape=[25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.layers.InputLayer(batch_input_shape=[None, 25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.layers.InputLayer(batch_shape=[None, 25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.layers.InputLayer(shape=[25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.layers.InputLayer([25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.Input(shape=[25000, 25000]), {NORM}])",
    f"model = keras.Sequential([keras.Input(batch_shape=(1, 25000, 25000)), {NORM}])",
    "model = keras.Sequential([keras.layers.Normalization(axis=[1, 2], mean=0.0, variance=1.0, "
    "input_shape=[25000, 25000])])",
    f"inp = keras.Input(shape=(25000, 25000))\nmodel = keras.Model(inp, {NORM}(inp))",
    # Add broadcasts (None, 1, 25000) and (None, 25000, 1) to (None, 25000, 25000)
    f"a = keras.Input((1, 25000))\nb = keras.Input((25000, 1))\nx = keras.layers.Add()([a, b])\n"
    f"model = keras.Model([a, b], {NORM}(x))",
    # unpacking one tensor indexes it along its first axis: x is (25000, 25000)
    "inp = keras.Input(batch_shape=(2, 25000, 25000))\nx, y = keras.layers.Activation('relu')(inp)\n"
    "model = keras.Model(inp, keras.layers.Normalization(axis=[0, 1], mean=0.0, variance=1.0)(x))",
]


@pytest.mark.parametrize("text", BOMBS)
def test_every_way_of_giving_a_shape_goes_through_the_estimate(text):
    set_lang("en")
    with pytest.raises(ModelError, match="1,250,000,001 parameters"):
        parse_model(text)


def test_dense_input_dim_is_an_input_shape_too():
    set_lang("en")
    with pytest.raises(ModelError, match="99,990,000 parameters"):
        parse_model("model = keras.Sequential([keras.layers.Dense(9999, input_dim=9999)])")


def test_values_keras_allocates_at_once_have_their_own_cap():
    # 2,000,001 "parameters" are well under the parameter cap, but Keras allocates Normalization's given
    # mean and variance (stateless build or not): 2,000,000 values
    set_lang("en")
    with pytest.raises(ModelError, match=r"2,000,000 fixed values \(Normalization"):
        parse_model(f"model = keras.Sequential([keras.Input((1000, 1000)), {NORM}])")
    parse_model(f"model = keras.Sequential([keras.Input((28, 28)), {NORM}])")   # an image's worth is fine


def test_a_shape_given_two_ways_is_refused():
    set_lang("en")
    with pytest.raises(ModelError, match="one way, not with shape and input_shape"):
        parse_model("model = keras.Sequential([keras.layers.InputLayer(shape=(3,), input_shape=(25000, 25000))])")


@pytest.mark.parametrize("text", [
    "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1e9)])",
    "model = keras.Sequential([keras.Input((4,)), keras.layers.Reshape((1e400,))])",
    "model = keras.Sequential([keras.Input((4,)), keras.layers.RepeatVector(1e300)])",
])
def test_float_sizes_are_capped_like_ints(text):
    with pytest.raises(ModelError):
        parse_model(text)


def test_a_layer_without_an_estimate_is_refused_not_counted_as_weightless():
    spec = ModelSpec("sequential", [LayerSpec("Input", (), {"shape": (4,)}), LayerSpec("Mystery", (8,), {}, 3)])
    with pytest.raises(ModelError, match="^regel 3: de grootte van Mystery kan niet bepaald worden"):
        check_size(spec)


def test_arguments_the_estimate_cannot_read_are_refused():
    with pytest.raises(ModelError, match="regel 1: de grootte van Conv1D"):
        parse_model("model = keras.Sequential([keras.Input((9, 2)), keras.layers.Conv1D(8, kernel_size='drie')])")


# --- keywords, allow-listed per layer ---------------------------------------------------------------------
def test_every_allowed_layer_has_its_keywords_positional_names_and_estimate():
    everything = LAYERS | {"Input"}
    assert set(KEYWORDS) == set(POSITIONAL) == set(ESTIMATES) == everything
    assert set(CALL_KEYWORDS) == LAYERS
    for cls in everything:
        assert set(POSITIONAL[cls]) <= KEYWORDS[cls], cls


@pytest.mark.slow
def test_the_allowed_keywords_are_keras_3s_own():
    from dlquiz.oracle.build import ensure_loaded

    keras = ensure_loaded()
    through_layer = {"name", "trainable", "input_shape", "input_dim"}   # keras.layers.Layer reads these from **kwargs
    for cls in sorted(LAYERS | {"Input"}):
        params = inspect.signature(keras.Input if cls == "Input" else getattr(keras.layers, cls).__init__).parameters
        named = [p for p, v in params.items() if p != "self" and v.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
        assert list(POSITIONAL[cls]) == named[:len(POSITIONAL[cls])], cls
        takes_kwargs = any(v.kind is inspect.Parameter.VAR_KEYWORD for v in params.values())
        legacy = {"input_shape", "batch_input_shape"} if cls == "InputLayer" else set()   # InputLayer pops them
        for kw in KEYWORDS[cls]:
            assert kw in named or kw in legacy or (takes_kwargs and kw in through_layer), (cls, kw)


@pytest.mark.parametrize("text,word", [
    ("keras.layers.Dense(8, kernel_regularizer='l2')", "kernel_regularizer"),
    ("keras.layers.LSTM(8, stateful=True)", "stateful"),
    ("keras.layers.SimpleRNN(8, unroll=True)", "unroll"),
    ("keras.layers.Dense(8, dtype='float64')", "dtype"),
    ("keras.layers.Embedding(100, 8, input_length=5)", "input_length"),
    ("keras.layers.SpatialDropout1D(0.1, input_shape=(3, 4))", "input_shape"),
])
def test_keywords_outside_the_allow_list_are_refused_naming_the_allowed_ones(text, word):
    set_lang("en")
    with pytest.raises(ModelError) as info:
        parse_model(f"model = keras.Sequential([keras.Input((None, 4)), {text}])")
    message = str(info.value)
    assert message.startswith("line 1: ") and f"takes no argument {word}=" in message
    assert "allowed are: " in message and ("units" in message or "rate" in message or "input_dim" in message)


def test_keyword_values_keras_would_resolve_are_names_and_never_dicts():
    set_lang("en")
    # The dict ban is what keeps Keras from importing the module a dict names: keep it.
    with pytest.raises(ModelError, match="a dict is not allowed"):
        parse_model("model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, "
                    "kernel_initializer={'module': 'os', 'class_name': 'system', 'config': {}})])")
    with pytest.raises(ModelError, match=r"Dense\(activation=...\) expects a name in quotes"):
        parse_model("model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation=[1])])")
    with pytest.raises(ModelError, match="units is given twice"):
        parse_model("model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, units=9)])")


def test_call_keywords_are_allow_listed_too():
    set_lang("en")
    with pytest.raises(ModelError, match="calling a Dense layer takes no argument extra=; allowed are: mask, training"):
        parse_model("inp = keras.Input((4,))\nmodel = keras.Model(inp, keras.layers.Dense(3)(inp, extra=1))")


@pytest.mark.slow
def test_a_model_with_many_allowed_keywords_builds_and_the_estimate_is_exact():
    from dlquiz.oracle.build import spec_truths

    text = """
model = keras.Sequential([
    keras.Input(shape=(12, 5), dtype="float32", name="reeks"),
    keras.layers.Conv1D(filters=8, kernel_size=3, strides=1, padding="causal", dilation_rate=2, activation="relu",
                        use_bias=True, kernel_initializer="he_normal", name="conv"),
    keras.layers.MaxPooling1D(pool_size=2, padding="same"),
    keras.layers.GRU(6, return_sequences=True, dropout=0.1, recurrent_dropout=0.0, reset_after=False,
                     recurrent_activation="sigmoid"),
    keras.layers.LSTM(4, return_sequences=True, unit_forget_bias=True, go_backwards=False),
    keras.layers.LayerNormalization(axis=-1, epsilon=1e-3, center=True, scale=False),
    keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3, center=False),
    keras.layers.Bidirectional(keras.layers.SimpleRNN(3, return_sequences=True), merge_mode="sum"),
    keras.layers.TimeDistributed(keras.layers.Dense(2, use_bias=False)),
    keras.layers.Dropout(rate=0.2, seed=1),
    keras.layers.GlobalAveragePooling1D(keepdims=True),
    keras.layers.Flatten(),
    keras.layers.Dense(3, activation="softmax", trainable=False)])
"""
    spec = parse_model(text)
    truths = spec_truths(spec)
    assert estimate_params(spec) == truths["total_params"]
    assert truths["output_shape"] == [None, 3]


# --- layer applications ------------------------------------------------------------------------------------
SHARED_3000 = "inp = keras.Input((4,))\nd = keras.layers.Dense(4)\nx = inp\n" + "x = d(x)\n" * 3000 + \
              "model = keras.Model(inp, x)\n"


@pytest.mark.parametrize("text", [
    SHARED_3000,
    "d = keras.layers.Dense(4)\nmodel = keras.Sequential([keras.Input((4,)), " + "d, " * 3000 + "])",
    "d = keras.layers.Dense(4)\nmodel = keras.Sequential([keras.Input((4,))])\n" + "model.add(d)\n" * 3000,
])
def test_the_layer_cap_counts_applications(text):
    set_lang("en")
    with pytest.raises(ModelError, match=f"at most {MAX_LAYERS}"):
        parse_model(text)


def test_nothing_recurses_over_a_long_graph():
    # 5,000 applications made by hand, past the interpreter: the estimate walks them without recursion,
    # and the caps refuse the spec with a message rather than a RecursionError.
    dense = LayerSpec("Dense", (4,), {}, 2)
    nodes = [NodeSpec(LayerSpec("Input", ((4,),), {}, 1))] + [NodeSpec(dense, TensorRef(i)) for i in range(5000)]
    spec = ModelSpec("functional", nodes=nodes, inputs=TensorRef(0), outputs=TensorRef(5000))
    assert estimate_params(spec) == 20      # one shared layer: its weights once
    set_lang("en")
    with pytest.raises(ModelError, match="applies a layer 5000 times; at most 100"):
        check_size(spec)


def test_3000_applications_in_a_code_answer_are_one_line_not_a_crash(tmp_path):
    # This was a RecursionError that ended a session with exit 1 and no message.
    answers = tmp_path / "a.jsonl"
    answers.write_text(json.dumps({"bank": "h15", "id": "h15-11-model2-zeven-dagen", "answer": SHARED_3000}) + "\n")
    res = subprocess.run([sys.executable, "-m", "dlquiz", "grade", "--answers", str(answers), "--json"],
                         capture_output=True, text=True, timeout=120)
    assert "Traceback" not in res.stderr and "RecursionError" not in res.stdout + res.stderr
    result = json.loads(res.stdout.splitlines()[0])
    assert result["verdict"] == "incorrect" and "te veel laagaanroepen (hoogstens 100" in result["feedback"]


@pytest.mark.slow
def test_one_layer_applied_100_times_builds():
    from dlquiz.oracle.build import spec_truths

    text = "inp = keras.Input((4,))\nd = keras.layers.Dense(4)\nx = inp\n" + "x = d(x)\n" * 100 + \
           "model = keras.Model(inp, x)\n"
    truths = spec_truths(parse_model(text))
    assert truths["total_params"] == 20 and truths["output_shape"] == [None, 4]


# --- the size bomb, measured -------------------------------------------------------------------------------
# Linux counts what a process held before exec in its peak RSS, and a child forked from this test process
# (which may hold Keras already) would start at ~500 MB: a small go-between starts the command and reads
# its peak with os.wait4. Its deadline only guards against hanging.
MEASURE = """
import os, subprocess, sys, time
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as err:
    proc = subprocess.Popen(sys.argv[3:], stdout=out, stderr=err)
deadline = time.monotonic() + 120
while True:
    pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    if pid:
        break
    if time.monotonic() > deadline:
        proc.kill()
        pid, status, usage = os.wait4(proc.pid, 0)
        print("hung")
        break
    time.sleep(0.05)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def peak_rss(tmp_path, *command):
    """(exit code, peak RSS in MB, stdout, stderr) of `command` run as a user would, in a fresh process."""
    out, errs = tmp_path / "out", tmp_path / "err"
    res = subprocess.run([sys.executable, "-c", MEASURE, str(out), str(errs), *command], capture_output=True,
                         text=True, timeout=180, env={**os.environ, "COLUMNS": "300"})
    assert "hung" not in res.stdout, res.stdout
    code, kilobytes = res.stdout.split()
    return int(code), int(kilobytes) / 1024, out.read_text(), errs.read_text()


@pytest.mark.parametrize("first", ["keras.layers.InputLayer(input_shape=[25000, 25000])",
                                   "keras.layers.InputLayer(batch_input_shape=[None, 25000, 25000])",
                                   "keras.layers.InputLayer(batch_shape=[None, 25000, 25000])"])
def test_the_size_bomb_answer_is_refused_with_little_memory(first, tmp_path):
    answer = f"model = keras.Sequential([{first}, {NORM}, keras.layers.Flatten(), keras.layers.Dense(7)])"
    code, peak_mb, out, errs = peak_rss(tmp_path, sys.executable, "-m", "dlquiz", "grade", "h15",
                                        "h15-11-model2-zeven-dagen", answer)
    assert code == 0 and "Traceback" not in errs, errs
    assert "niet aanvaard: dit model heeft ongeveer 5,625,000,008 parameters" in out
    assert peak_mb < 300, f"peak RSS {peak_mb:.0f} MB"     # Keras alone is ~500 MB: it was never loaded


@pytest.mark.slow
def test_grading_a_sequential_given_the_reference_input_checks_the_caps_again():
    # A Sequential without Input gets the reference's; the caps are checked on that model too (in build).
    result = grade_code(f"model = keras.Sequential([{NORM}, keras.layers.Flatten(), keras.layers.Dense(1)])",
                        "model = keras.Sequential([keras.Input((1000, 1000)), keras.layers.Flatten(), "
                        "keras.layers.Dense(1)])")
    assert result.score == 0 and "2,000,000 vaste waarden" in result.feedback[-1]

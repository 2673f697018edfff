"""Reading and grading tensor shapes: notations, free-axis words, rank and axis feedback, garbage."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.grading.result import Verdict
from dlquiz.grading.shapes import format_shape, grade_shape, parse_shape
from dlquiz.i18n import set_lang

FREE_WORDS = ["None", "none", "NONE", "null", "?", "_", "-1", "batch", "batch_size", "batch size", "batchgrootte",
              "tijdstappen", "tijdstap", "timesteps", "time steps", "time_steps", "time-steps", "Time Steps",
              "seq_len", "sequence length", "n", "samples"]


@pytest.mark.parametrize("text, shape", [
    ("(None, None, 32)", (None, None, 32)),
    ("[None, None, 32]", (None, None, 32)),
    ("None, None, 32", (None, None, 32)),
    ("(None,None,32)", (None, None, 32)),
    ("  ( None ,  None , 32 )  ", (None, None, 32)),
    ("(None; None; 32)", (None, None, 32)),
    ("None None 32", (None, None, 32)),
    ("(32,)", (32,)),
    ("(32)", (32,)),
    ("32", (32,)),
    ("[32]", (32,)),
    ("()", ()),
    ("[]", ()),
    ("8x16x64x64x3", (8, 16, 64, 64, 3)),
    ("8X16X64X64X3", (8, 16, 64, 64, 3)),
    ("8 × 16 × 64", (8, 16, 64)),
    ("8 * 16 * 64", (8, 16, 64)),
    ("None x None x 32", (None, None, 32)),
    ("?x32", (None, 32)),
    ("(batch, timesteps, 32)", (None, None, 32)),
    ("(batch, tijdstappen, 32)", (None, None, 32)),
    ("(batch_size, tijdstappen, units=32)", (None, None, 32)),
    ("(batch, time steps, 32)", (None, None, 32)),
    ("(aantal tijdstappen, 32 units)", (None, 32)),
    ("(batch_size=64, 5)", (64, 5)),
    ("(None, kanalen: 3)", (None, 3)),
    ("(None, 1.024)", (None, 1024)),
    ("(None, 1 024)", (None, 1024)),
    ("TensorShape([None, 32])", (None, 32)),
    ("shape: (None, 32).", (None, 32)),
    ("de vorm is (None, None, 32)", (None, None, 32)),
    ("((None, 32))", (None, 32)),
    ("{None, 32}", (None, 32)),
    ("(None, 32", (None, 32)),  # a missing bracket is forgiven
    ("(0, 3)", (0, 3)),
])
def test_notations(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize("word", FREE_WORDS)
def test_free_axis_words(word):
    assert parse_shape(f"({word}, 32)") == (None, 32)
    assert parse_shape(f"{word} x 7") == (None, 7)


def test_unknown_word_between_commas_names_a_free_axis():
    assert parse_shape("(batch, features)") == (None, None)
    assert parse_shape("hoogte x breedte x 3") == (None, None, 3)


@pytest.mark.parametrize("text", [
    "", "   ", "ik weet het niet", "((((((", ")))", "(None, 32) of (None, 64)", "32 (None, 32)",
    "((None, 32), 5)", "(32.5, 3)", "(-3, 2)", "(None,,32)", "(, 32)", "(5 + 3, 2)", "(32 64, 3)",
    "(99999999999999999, 3)", "(None, ik weet het niet)", "None x",
])
def test_unreadable_shapes_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_shape(text)


def test_comma_always_separates_axes():
    # "1,024" is not English thousands inside a shape: the comma is the tuple's separator
    assert parse_shape("(1,024)") == (1, 24)


def test_huge_and_binary_inputs_never_hang_or_crash():
    for text in ["(" * 1_000_000, "None, " * 200_000, "\x00\xff\ufffe\ud800" * 1000, bytes(range(256)).decode("latin-1")]:
        with pytest.raises(ValueError):
            parse_shape(text)
    with pytest.raises(ValueError):
        parse_shape(None)  # type: ignore[arg-type]
    assert grade_shape("(" * 1_000_000, (None, 32)).verdict is Verdict.INCORRECT


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_reads_or_raises_value_error(text):
    try:
        shape = parse_shape(text)
    except ValueError:
        return
    assert all(a is None or isinstance(a, int) for a in shape)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="()[], x×Nonebatch?_-1234567890.;=", max_size=80))
def test_shape_like_text_never_crashes_the_grader(text):
    result = grade_shape(text, (None, None, 32), ["batch", "tijdstappen", "units"])
    assert 0 <= result.score <= 1


def test_format_shape():
    assert format_shape((None, None, 32)) == "(None, None, 32)"
    assert format_shape([32]) == "(32,)"
    assert format_shape(()) == "()"
    assert format_shape([8, 16, 64, 64, 3]) == "(8, 16, 64, 64, 3)"


@pytest.mark.parametrize("answer", [
    "(None, None, 32)", "[None, None, 32]", "None, None, 32", "(batch, tijdstappen, 32)", "(batch, time steps, 32)",
    "None x None x 32", "(?, _, 32)", "(-1, -1, 32)", "(BATCH, TIMESTEPS, 32)", "(batch_size, seq_len, units=32)",
])
def test_grade_correct(answer):
    result = grade_shape(answer, (None, None, 32))
    assert result.verdict is Verdict.CORRECT
    assert result.score == 1
    assert result.feedback == []
    assert result.expected == "(None, None, 32)"


def test_grade_correct_rank_one_and_concrete():
    assert grade_shape("(32,)", (32,)).verdict is Verdict.CORRECT
    assert grade_shape("32", (32,)).expected == "(32,)"
    assert grade_shape("8x16x64x64x3", (8, 16, 64, 64, 3)).verdict is Verdict.CORRECT
    assert grade_shape("()", ()).verdict is Verdict.CORRECT


def test_wrong_axis_is_named():
    result = grade_shape("(8, 16, 64, 64, 1)", (8, 16, 64, 64, 3), ["batch", "frames", "hoogte", "breedte", "kanalen"],
                         partial_axes=True)
    assert result.verdict is Verdict.PARTIAL
    assert result.score == pytest.approx(0.8)
    assert result.feedback == ["As 4 (kanalen): je schreef 1, verwacht 3."]


def test_wrong_axis_without_names_uses_positions():
    result = grade_shape("(None, None, 64)", (None, None, 32), partial_axes=True)
    assert result.feedback == ["As 2: je schreef 64, verwacht 32."]
    assert result.verdict is Verdict.PARTIAL


def test_a_wrong_axis_is_incorrect_unless_the_question_allows_partial_axes():
    """A swapped weight matrix (32, 5) for (5, 32) is not half right."""
    assert grade_shape("(32, 5)", (5, 32)).verdict is Verdict.INCORRECT
    assert grade_shape("(32, 32)", (5, 32)).verdict is Verdict.INCORRECT
    assert grade_shape("(32, 32)", (5, 32), partial_axes=True).verdict is Verdict.PARTIAL
    assert grade_shape("(32, 5)", (5, 32)).feedback[-1] == "De assen staan in een andere volgorde dan verwacht."


def test_a_missing_batch_axis_alone_is_partial():
    result = grade_shape("(16, 64, 64, 3)", (None, 16, 64, 64, 3))
    assert result.verdict is Verdict.PARTIAL and "batch-as" in result.feedback[0]
    # (None, 32) for (None, None, 32) may just as well have lost the time steps: a wrong rank, incorrect
    assert grade_shape("(None, 32)", (None, None, 32)).verdict is Verdict.INCORRECT
    assert grade_shape("(5, 32)", (None, None, 32)).verdict is Verdict.INCORRECT


@pytest.mark.parametrize("answer", ["32 bij 32", "32 by 32", "(units, units)", "(units x units)", "units op units"])
def test_bij_and_symbols_the_question_fixes(answer):
    assert grade_shape(answer, (32, 32), symbols={"units": 32}).verdict is Verdict.CORRECT


def test_concrete_number_where_truth_is_free_is_wrong_and_explained():
    result = grade_shape("(32, None, 32)", (None, None, 32))
    assert result.verdict is not Verdict.CORRECT
    assert result.feedback == ["As 0 is vrij (None): je schreef 32, maar de batchgrootte ligt niet vast in het model."]
    named = grade_shape("(None, 10, 32)", (None, None, 32), ["batch", "tijdstappen", "units"])
    assert "As 1 (tijdstappen) is vrij (None)" in named.feedback[0]
    assert "het aantal tijdstappen ligt niet vast" in named.feedback[0]


def test_free_word_where_truth_is_concrete_is_wrong_and_explained():
    result = grade_shape("(None, batch, 32)", (None, 5, 32))
    assert result.verdict is not Verdict.CORRECT
    assert result.feedback == ["As 1: je schreef 'batch' (een vrije as), verwacht 5."]
    result = grade_shape("(batch, features)", (None, 5), ["batch", "features"])
    assert result.feedback == ["As 1 (features): je schreef 'features' (een vrije as), verwacht 5."]


def test_missing_axis_says_which():
    result = grade_shape("(None, 32)", (None, None, 32), ["batch", "tijdstappen", "units"])
    assert result.verdict is Verdict.INCORRECT
    assert result.feedback[0] == ("Er ontbreekt een as: verwacht 3 assen (batch, tijdstappen, 32), "
                                  "je schreef er 2: (None, 32).")
    assert result.feedback[1] == "Waarschijnlijk ontbreekt as 0 (batch) of as 1 (tijdstappen)."
    generic = grade_shape("(None, 32)", (None, None, 32))
    assert "verwacht 3 assen (None, None, 32)" in generic.feedback[0]


def test_forgotten_batch_axis_is_pinpointed():
    result = grade_shape("16x64x64x3", (8, 16, 64, 64, 3), ["batch", "frames", "hoogte", "breedte", "kanalen"])
    assert result.verdict is Verdict.INCORRECT
    assert result.feedback[1] == "Waarschijnlijk ontbreekt as 0 (batch)."


def test_extra_axis_says_which():
    result = grade_shape("(None, None, 1, 32)", (None, None, 32))
    assert result.verdict is Verdict.INCORRECT
    assert result.feedback[0].startswith("Er is een as te veel: verwacht 3 assen")
    assert result.feedback[1] == "Waarschijnlijk is as 2 (1) te veel."


def test_rank_errors_are_always_incorrect_even_when_most_axes_fit():
    for answer in ["(None, 32)", "(None, None, None, 32)", "(None, None, 32, 32)", "32", "()"]:
        result = grade_shape(answer, (None, None, 32))
        assert result.verdict is Verdict.INCORRECT, answer
        assert result.score < 0.5
    assert "Er ontbreken 2 assen" in grade_shape("(32,)", (None, None, 32)).feedback[0]


def test_partial_scores_scale_with_right_axes():
    truth = (8, 16, 64, 64, 3)
    assert grade_shape("(8, 16, 64, 64, 4)", truth, partial_axes=True).score == pytest.approx(0.8)
    assert grade_shape("(8, 16, 64, 1, 4)", truth, partial_axes=True).score == pytest.approx(0.6)
    assert grade_shape("(1, 1, 1, 1, 1)", truth, partial_axes=True).verdict is Verdict.INCORRECT


def test_swapped_axes_are_noticed():
    result = grade_shape("(None, 32, None)", (None, None, 32))
    assert result.feedback[-1] == "De assen staan in een andere volgorde dan verwacht."


def test_unreadable_answer_is_a_result_not_an_exception():
    result = grade_shape("ik weet het niet", (None, 32))
    assert result.verdict is Verdict.INCORRECT and result.score == 0
    assert "Ik kan je antwoord niet lezen" in result.feedback[0]
    assert result.expected == "(None, 32)"


def test_axes_names_of_the_wrong_length_are_ignored():
    result = grade_shape("(None, 64)", (None, 32), ["batch"])
    assert result.feedback == ["As 1: je schreef 64, verwacht 32."]


def test_english_feedback():
    set_lang("en")
    result = grade_shape("(32, 5)", (None, 5))
    assert result.feedback == ["Axis 0 is free (None): you wrote 32, but the batch size is not fixed by the model."]
    assert grade_shape("(None,)", (None, 5)).feedback[0].startswith("An axis is missing: expected 2 axes")
    with pytest.raises(ValueError, match="Cannot read"):
        parse_shape("I do not know")


@pytest.mark.parametrize("a, b", [
    ("(None, None, 32)", "( none , NONE,32 )"),
    ("(batch, tijdstappen, 32)", "(Batch,Tijdstappen,32)"),
    ("8x16x64", "8 X 16 X 64"),
    ("(None, 32)", "(none,32)"),
    ("(None, 1, 32)", "[NONE,1,32]"),
])
def test_respaced_and_recased_twins_get_the_same_verdict(a, b):
    for truth in [(None, None, 32), (8, 16, 64), (None, 32), (None, 1, 32)]:
        ra, rb = grade_shape(a, truth), grade_shape(b, truth)
        assert (ra.verdict, ra.score) == (rb.verdict, rb.score)


def test_axes_are_numbered_as_keras_numbers_them():
    # Keras: output.shape[2] is axis 2, the batch axis is axis 0; the feedback uses the same number
    truth = (None, 20, 32)
    result = grade_shape("(None, 20, 64)", truth, ["batch", "tijdstappen", "units"])
    assert result.feedback == ["As 2 (units): je schreef 64, verwacht 32."]
    assert truth[2] == 32
    missing = grade_shape("(None, 32)", truth)
    assert missing.feedback[1] == "Waarschijnlijk ontbreekt as 1 (20)."
    assert truth[1] == 20
    assert not any("tweede" in line or "as 3" in line for line in result.feedback + missing.feedback)


@pytest.mark.parametrize("answer, verdict", [
    ("(batch, features) = (64, 5)", Verdict.CORRECT),   # the same shape written with names and with numbers
    ("(64, 5) = (batch, features)", Verdict.CORRECT),
    ("(batch, features) = (64, 32)", Verdict.INCORRECT),  # two shapes that disagree: not read, asked again
    ("(64, 5) of (5, 64)", Verdict.INCORRECT),
])
def test_one_shape_written_two_ways_is_read_when_both_agree(answer, verdict):
    r = grade_shape(answer, (64, 5), symbols={"batch": 64, "features": 5})
    assert r.verdict is verdict
    if verdict is Verdict.INCORRECT:
        assert r.unreadable and "meer dan één vorm" in r.feedback[0]


def test_the_h15_formula_questions_read_the_names_their_prompt_fixes(dlquiz_home):
    from dlquiz.bank.library import Library

    bank = Library().bank("hoofdstuk15")
    assert bank.question("h15-10-vormen").grade("(units, units)").verdict is Verdict.CORRECT
    wx = bank.question("h15-10-vorm-wx").grade("(units, features)")
    assert wx.verdict is Verdict.INCORRECT and "As 0: je schreef 32, verwacht 5." in wx.feedback
    assert bank.question("h15-10-vorm-xt").grade("(batch, features)").verdict is Verdict.CORRECT

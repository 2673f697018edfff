"""Reading and grading numeric answers: Dutch/English notations, expressions, words, garbage."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlquiz.grading.numbers import NumberAnswer, format_number, grade_number, parse_number
from dlquiz.grading.result import Verdict
from dlquiz.i18n import set_lang


@pytest.mark.parametrize("text, value", [
    ("1216", 1216),
    ("  1216 ", 1216),
    ("-3", -3),
    ("1 216", 1216),
    ("1\u00a0216", 1216),  # non-breaking space
    ("1\u202f216", 1216),  # narrow no-break space
    ("1\u2009216", 1216),  # thin space
    ("12 345 678", 12345678),
    ("1,5", 1.5),
    ("1.5", 1.5),
    ("0,125", 0.125),
    ("0.125", 0.125),
    ("3,14159", 3.14159),
    ("1216,0", 1216),
    ("1.216,5", 1216.5),
    ("1,216.5", 1216.5),
    ("1.216.000", 1216000),
    ("1,216,000", 1216000),
    ("1 216,5", 1216.5),
    (",5", 0.5),
    (".5", 0.5),
    ("1e-3", 0.001),
    ("2.5E4", 25000),
])
def test_plain_numbers(text, value):
    assert parse_number(text).value == pytest.approx(value)


@pytest.mark.parametrize("text", ["1.216", "1,216", "12.345", "3.000"])
def test_lone_three_digit_group_is_ambiguous_thousands_first(text):
    read = parse_number(text)
    digits = text.replace(".", "").replace(",", "")
    assert read.value == int(digits)
    assert read.alt is not None
    assert read.alt.value == pytest.approx(float(text.replace(",", ".")))


@pytest.mark.parametrize("text", ["1.2160", "0.216", "1216.000", "1.5", "1,25"])
def test_other_single_separators_are_decimal_and_unambiguous(text):
    read = parse_number(text)
    assert read.alt is None
    assert read.value == pytest.approx(float(text.replace(",", ".")))


def test_another_number_settles_the_ambiguity():
    # a decimal comma elsewhere makes the dot a thousands separator, and the other way round
    assert parse_number("0,5 * 1.216").value == pytest.approx(608)
    assert parse_number("0,5 * 1.216").alt is None
    assert parse_number("0.5 * 1.216").value == pytest.approx(0.608)
    assert parse_number("0.5 * 1,216").value == pytest.approx(608)
    assert parse_number("1,5 + 1,216").value == pytest.approx(2.716)


def test_ambiguous_reading_is_graded_by_either_meaning():
    assert grade_number("1.216", 1216).verdict is Verdict.CORRECT
    assert grade_number("1.216", 1.216).verdict is Verdict.CORRECT
    assert grade_number("1,216", 1.216).verdict is Verdict.CORRECT
    assert grade_number("1,216", 1216).verdict is Verdict.CORRECT
    wrong = grade_number("1.216", 12.16)
    assert wrong.verdict is Verdict.INCORRECT
    assert "1216 (of 1,216)" in wrong.feedback[0]
    # once settled, the other meaning no longer counts
    assert grade_number("0.5 + 1.216", 1216.5).verdict is Verdict.INCORRECT
    assert grade_number("0,5 + 1.216", 1216.5).verdict is Verdict.CORRECT


@pytest.mark.parametrize("text", ["1.2.3", "1,2,3", "1.216,5,3", "12.34.567"])
def test_malformed_groups_are_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize("text, value", [
    ("drie", 3), ("Drie", 3), ("three", 3), ("twaalf", 12), ("twelve", 12), ("twintig", 20),
    ("twenty", 20), ("nul", 0), ("zero", 0), ("één", 1), ("een", 1), ("one", 1), ("elf", 11),
    ("negentien", 19), ("drie lagen", 3), ("er zijn twaalf units", 12), ("twee keer drie", 6),
    ("vier plus vijf", 9),
])
def test_number_words(text, value):
    assert parse_number(text).value == value


def test_een_is_an_article_when_another_number_is_there():
    assert parse_number("een laag van 32 units").value == 32
    assert parse_number("het is een 1216").value == 1216
    with pytest.raises(ValueError):
        parse_number("één laag van 32 units")  # accented: surely the numeral, so two numbers


@pytest.mark.parametrize("text, value", [
    ("(5+32+1)*32", 1216),
    ("(5 + 32 + 1) x 32", 1216),
    ("(5 + 32 + 1) X 32", 1216),
    ("(5+32+1)×32", 1216),
    ("(5+32+1)·32", 1216),
    ("[5+32+1]*32", 1216),
    ("5x32", 160),
    ("8x16x64", 8192),
    ("2^10", 1024),
    ("2**10", 1024),
    ("32²", 1024),
    ("-2^2", -4),
    ("2^-1", 0.5),
    ("2^3^2", 512),
    ("10 / 4", 2.5),
    ("10 − 4", 6),
    ("7 - -2", 9),
    ("32 * (32 + 5 + 1)", 1216),
    ("3 keer 4", 12),
    ("4 * 32 * (32 + 1 + 1)", 4352),
])
def test_expressions(text, value):
    assert parse_number(text).value == pytest.approx(value)


def test_equation_last_side_counts_and_first_side_is_the_formula():
    read = parse_number("(5 + 32 + 1) x 32 = 1216")
    assert (read.value, read.formula_value) == (1216, 1216)
    read = parse_number("(5+32+1)*32 = 1088")
    assert (read.value, read.formula_value) == (1088, 1216)
    read = parse_number("5+32+1 = 38; 38*32 = 1216")  # steps: the last equation counts
    assert (read.value, read.formula_value) == (1216, 1216)
    read = parse_number("5 + 32 + 1 = 38\n38 x 32 = 1088")
    assert (read.value, read.formula_value) == (1088, 1216)
    read = parse_number("(5+32+1)*32 = 38*32 = 1216")
    assert (read.value, read.formula_value) == (1216, 1216)
    assert parse_number("38 * 32 -> 1216").value == 1216
    assert parse_number("38 * 32 ≈ 1216").value == 1216
    assert parse_number("1216").formula_value is None


@pytest.mark.parametrize("text", [
    "het zijn 1216 parameters", "totaal: 1216", "1216 parameters", "Het antwoord is 1216.",
    "= 1216", "1216 =", "parameters: (5+32+1)*32", "SimpleRNN-laag: 1216", "Conv1D-laag: 1216",
    "ongeveer 1 216 gewichten", "antwoord 1216!",
])
def test_words_around_the_answer_are_ignored(text):
    assert parse_number(text).value == 1216


@pytest.mark.parametrize("text", ["1088 of 1216", "1216 of 1088", "1088 1216", "1088, 1216", "h15 vraag 7: 1216 of 7",
                                  "(5+32+1) 32", "32 units: (5+32+1)*32",
                                  "(5+32+1)*32 = 1216, 1088", "1216 = 1216 1088"])
def test_two_unrelated_numbers_are_refused(text):
    with pytest.raises(ValueError, match="Meerdere getallen"):
        parse_number(text)


@pytest.mark.parametrize("text", ["1088 of 1216", "1216 of 1088", "1216 1216 1216"])
def test_two_unrelated_numbers_are_never_correct(text):
    result = grade_number(text, 1216)
    assert result.verdict is Verdict.INCORRECT
    assert result.score == 0
    assert "Meerdere getallen" in result.feedback[0]


@pytest.mark.parametrize("text", [
    "", "   ", "geen idee", "((((((", "))))", "+", "* /", "(5+3", "5+3)", "1/0", "0^-1", "(-8)^(1/3)",
    "10^101", "2^1000", "9^99^99", "1e999", "1" * 201, "1+" * 150 + "1", "(" * 60 + "1" + ")" * 60,
])
def test_unreadable_or_refused_inputs_raise_value_error(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_caps_are_in_characters_of_the_calculation_not_of_words():
    assert parse_number("bla " * 100 + "1216").value == 1216
    assert parse_number("2^100").value == 2.0 ** 100
    assert parse_number("(" * 40 + "1" + ")" * 40).value == 1


def test_huge_and_binary_inputs_never_hang_or_crash():
    for text in ["1" * 1_000_000, "(" * 1_000_000, "\x00\xff\ufffe\ud800" * 1000, bytes(range(256)).decode("latin-1")]:
        with pytest.raises(ValueError):
            parse_number(text)
    with pytest.raises(ValueError):
        parse_number(None)  # type: ignore[arg-type]
    assert grade_number("1" * 1_000_000, 1).verdict is Verdict.INCORRECT


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_or_raises_value_error(text):
    try:
        read = parse_number(text)
    except ValueError:
        return
    assert isinstance(read, NumberAnswer)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789 .,+-*/^()=xe²", max_size=120))
def test_number_like_text_is_graded_by_what_it_reads(text):
    """What the parser reads is what the grader judges: the value read (or its other reading) is right,
    a value far from it is wrong, and text that cannot be read is never right."""
    try:
        read = parse_number(text)
    except ValueError:
        result = grade_number(text, 1216)
        assert result.verdict is Verdict.INCORRECT and "niet lezen" in result.feedback[0]
        return
    if not math.isfinite(read.value):
        return
    assert grade_number(text, read.value).verdict is Verdict.CORRECT
    far = abs(read.value) * 2 + 1000
    if read.alt is None or not math.isclose(read.alt.value, far):
        assert grade_number(text, far).verdict is Verdict.INCORRECT


@pytest.mark.parametrize("answer, truth", [
    ("1216", 1216), ("1 216", 1216), ("1.216", 1216), ("(5+32+1)*32", 1216),
    ("(5 + 32 + 1) x 32 = 1216", 1216), ("drie", 3), ("three", 3), ("1,5", 1.5), ("0.1 + 0.2", 0.3),
])
def test_grade_correct(answer, truth):
    result = grade_number(answer, truth)
    assert result.verdict is Verdict.CORRECT
    assert result.score == 1
    assert result.feedback == []


def test_grade_wrong_says_what_was_read():
    result = grade_number("1088", 1216)
    assert result.verdict is Verdict.INCORRECT and result.score == 0
    assert result.expected == "1216"
    assert result.feedback == ["Gelezen: 1088"]


def test_right_formula_wrong_result_is_wrong_and_explained():
    result = grade_number("(5 + 32 + 1) x 32 = 1088", 1216)
    assert result.verdict is Verdict.INCORRECT
    assert result.feedback[0] == "Gelezen: 1088"
    assert "Je formule geeft 1216, maar je schreef 1088" in result.feedback[1]


def test_wrong_formula_right_result_is_right_with_a_note():
    result = grade_number("(5 + 32) x 32 = 1216", 1216)
    assert result.verdict is Verdict.CORRECT
    assert "je formule geeft 1184" in result.feedback[0]


def test_wrong_formula_and_inconsistent_result_are_both_named():
    result = grade_number("(5 + 32) x 32 = 1000", 1216)
    assert result.verdict is Verdict.INCORRECT
    assert result.feedback == ["Gelezen: 1000", "Let op: je formule geeft 1184, niet 1000."]


def test_unreadable_answer_is_a_result_not_an_exception():
    result = grade_number("geen idee", 3, unit="lagen")
    assert result.verdict is Verdict.INCORRECT and result.score == 0
    assert result.expected == "3 lagen"
    assert "Ik kan je antwoord niet lezen" in result.feedback[0]


def test_tolerances():
    assert grade_number("0,95", 1.0, abs_tol=0.05).verdict is Verdict.CORRECT
    assert grade_number("0,94", 1.0, abs_tol=0.05).verdict is Verdict.INCORRECT
    assert grade_number("1010", 1000, rel_tol=0.01).verdict is Verdict.CORRECT
    assert grade_number("1011", 1000, rel_tol=0.01).verdict is Verdict.INCORRECT
    assert grade_number("1217", 1216).verdict is Verdict.INCORRECT  # exact by default
    assert grade_number("1216.0000000001", 1216).verdict is Verdict.CORRECT  # float noise only


def test_english_feedback():
    set_lang("en")
    result = grade_number("(5+32+1)*32 = 1088", 1216)
    assert result.feedback[0] == "Read: 1088"
    assert "Your formula gives 1216, but you wrote 1088" in result.feedback[1]
    assert "No number found" in grade_number("no idea", 3).feedback[0]
    assert format_number(1.5) == "1.5"


def test_format_number():
    assert format_number(1216.0) == "1216"
    assert format_number(-3.0) == "-3"
    assert format_number(1.5) == "1,5"  # Dutch by default: "1.5" would read as 15 hundred to some
    assert format_number(0.001) == "0,001"
    assert grade_number("1", 2.5).expected == "2,5"


@pytest.mark.parametrize("a, b", [
    ("(5+32+1)*32", "( 5 + 32 + 1 ) * 32"),
    ("(5+32+1)x32=1088", "(5 + 32 + 1) X 32 = 1088"),
    ("DRIE", "drie"),
    ("Het zijn 1216 Parameters", "het zijn 1216 parameters"),
    ("1088 OF 1216", "1088 of 1216"),
    ("1.216", " 1.216 "),
])
def test_respaced_and_recased_twins_get_the_same_verdict(a, b):
    for truth in (1216, 1088, 3, 1.216):
        ra, rb = grade_number(a, truth), grade_number(b, truth)
        assert (ra.verdict, ra.score) == (rb.verdict, rb.score)


@pytest.mark.parametrize("answer, truth, verdict", [
    ("laag 1: 1088, laag 2: 2080, laag 3: 2080, Dense 33, totaal 5281", 5281, Verdict.CORRECT),
    ("Wx: 5*32 = 160, Wŷ: 32*32 = 1024, b: 32; samen 1216", 1216, Verdict.CORRECT),
    ("160 + 1024 + 32, in totaal 1216.", 1216, Verdict.CORRECT),
    ("1216 (160 + 1024 + 32)", 1216, Verdict.CORRECT),
    ("1216, want (5+32+1)*32", 1216, Verdict.CORRECT),
    ("laag 1: 1088, laag 2: 2080, totaal 3169", 3168, Verdict.INCORRECT),  # the total is what counts
    ("1216 of 1088", 1216, Verdict.INCORRECT),                               # two results: not read
])
def test_a_worked_breakdown_counts_by_its_total(answer, truth, verdict):
    assert grade_number(answer, truth).verdict is verdict


def test_working_that_adds_up_otherwise_is_pointed_out():
    result = grade_number("1216 (160 + 1024 + 33)", 1216)
    assert result.verdict is Verdict.CORRECT and "1217" in result.feedback[0]

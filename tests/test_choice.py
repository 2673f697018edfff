"""Choice and true/false answers: reading letters, option texts and truth values, and grading them."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from dlquiz.grading.choice import grade_choice, grade_truefalse, read_choice, read_truth
from dlquiz.grading.result import Verdict
from dlquiz.grading.rubric import Rubric
from dlquiz.i18n import set_lang

ARCHITECTURES = ["sequentie-naar-sequentie", "sequentie-naar-vector", "vector-naar-sequentie", "encoder-decoder"]
NETWORKS = [f"{a[0].upper()}{a[1:]} netwerk" for a in ARCHITECTURES]
ACTIVATIONS = ["tanh", "relu", "sigmoid", "softmax", "leaky relu"]

ONE_NEURON = Rubric.validate(
    {
        "concepts": [
            {
                "id": "units",
                "label": "de recurrente laag mag veel units hebben",
                "phrases": [
                    "meer units",
                    "meerdere units",
                    "veel units",
                    "more units",
                    "many units",
                    "meer neuronen",
                    "meerdere neuronen",
                ],
            },
            {
                "id": "dense",
                "label": "een Dense(1)-laag erboven geeft de ene waarde",
                "phrases": ["dense laag", "dense(1)", "dense layer", "extra dense"],
            },
        ],
        "misconceptions": [
            {"label": "precies één unit nodig", "phrases": ["moet één unit", "needs one unit", "exact één neuron"]}
        ],
    }
)


@pytest.fixture(autouse=True)
def dutch():
    set_lang("nl")
    yield
    set_lang(None)


# --- read_choice -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "chosen"),
    [
        ("b", {1}),
        ("B", {1}),
        ("B)", {1}),
        ("(b)", {1}),
        (" b. ", {1}),
        ("a, c", {0, 2}),
        ("a,c", {0, 2}),
        ("a en c", {0, 2}),
        ("a and c", {0, 2}),
        ("a) en c)", {0, 2}),
        ("antwoord b", {1}),
        ("I choose b", {1}),
        ("b) seq2vec", {1}),
        ("b, want we willen één waarde", {1}),
        ("a want de stappen zijn te groot", {0}),
        ("2", {1}),
        ("optie 2", {1}),
    ],
)
def test_read_by_letter_or_number(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(
    ("answer", "chosen"),
    [
        ("sequentie naar vector", {1}),
        ("Sequentie-Naar-Vector", {1}),
        ("sequntie naar vectr", {1}),
        ("seq2vec", {1}),
        ("s2v", {1}),
        ("Seq-to-Vec", {1}),
        ("sequence to vector", {1}),
        ("seq2seq", {0}),
        ("vec2seq", {2}),
        ("enc-dec", {3}),
        ("a sequence to vector network", {1}),
        ("een seq2vec RNN", {1}),
        ("encoder decoder", {3}),
        ("sequentie-naar-vector, want we willen één waarde", {1}),
        ("sequentie naar vector en encoder-decoder", {1, 3}),
    ],
)
def test_read_by_option_text(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(
    ("answer", "options", "chosen"),
    [
        ("MSE want het is regressie", ["mean squared error", "binary cross-entropy", "accuracy"], {0}),
        ("bce", ["mean squared error", "binary cross-entropy", "accuracy"], {1}),
        (
            "sparse categorical crossentropy, want de labels zijn indices",
            ["sparse_categorical_crossentropy", "categorical_crossentropy"],
            {0},
        ),
        (
            "causal, nullen aan het begin",
            [
                '"causal": nullen enkel aan het begin (links)',
                '"same": beide kanten',
                '"causal": nullen enkel aan het einde',
            ],
            {0},
        ),
        ("rleu", ACTIVATIONS, {1}),
        ("sigmod", ACTIVATIONS, {2}),
        ("sigmoid, tanh zit tussen -1 en 1", ACTIVATIONS, {2}),
        ("geen activatie, lineair", ["sigmoid", "softmax", "ReLU", "geen (lineair)"], {3}),
        ("seqentie-naar-vektor", ["sequentie-naar-sequentie model", "sequentie-naar-vector model"], {1}),
        ("learning rate verlagen", ["de learning rate verhogen", "de learning rate verlagen"], {1}),
        ("de learnign rate verhogne", ["de learning rate verhogen", "de learning rate verlagen"], {0}),
    ],
)
def test_read_text_kindly(answer, options, chosen):
    assert read_choice(answer, options) == chosen


@pytest.mark.parametrize(
    ("answer", "chosen"),
    [
        ("de eerste", {0}),
        ("de laatste", {3}),
        ("the second one", {1}),
        ("optie 3", {2}),
        ("de eerste drie", {0, 1, 2}),
        ("niet b maar a", {0}),
        ("niet a, maar b", {1}),
        ("not b", None),
        ("vector-naar-sequentie in plaats van sequentie-naar-vector", {2}),
        ("seq2vec, niet seq2seq", {1}),
        ("a, want één uitvoer", {0}),
        ("a, dus één waarde per reeks", {0}),
        ("b: er komt één waarde uit", {1}),
        ("Ge hebt er twee juist: a en c, de rest is fout", {0, 2}),
        ("Sequence to vector: one value for the whole series.", {1}),
        ("A sequence to vector network", {1}),
    ],
)
def test_read_ordinals_negation_and_reasons(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("a, of eigenlijk b", {0, 1}),
    ("seq2vec... nee, toch seq2seq", {0}),  # "nee" corrects: the second is the choice
    ("b, maar c mag ook", {1, 2}),
    ("b, want er komt één waarde uit en dat is ook wat we willen", {1}),
    # a hedge with its own reason, or opened by "al": still a second choice
    ("a, en ook wel b omdat er één waarde uitkomt", {0, 1}),
    ("a, al kan c ook want de reeks is lang", {0, 2}),
    ("a, want c is ook trager", {0}),  # a reason about another option is no second choice
    ("a, en c ook want die geeft nooit een reeks terug", {0, 2}),  # a denial in the hedge's reason takes nothing back
    ("a; c ook niet", {0}),  # a hedge that denies names no second choice
])
def test_a_hedged_second_choice_is_chosen_too(answer, chosen):
    """A marker gives no point for "a, or actually b": the hedge names a second option, so both are read."""
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("relu, al is softmax in de verborgen lagen ook goed", {1, 3}),  # a concession that another works too
    ("relu, al is sigmoid in de verborgen lagen ook te traag", {1}),  # a remark about another option
])
def test_a_concession_that_another_option_works_too_chooses_it(answer, chosen):
    assert read_choice(answer, ACTIVATIONS) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("eerst dacht ik seq2seq, maar er komt maar één waarde uit, dus seq2vec", {1}),
    ("I first thought seq2seq, but only one value comes out, so seq2vec", {1}),
    ("seq2seq? nee wacht, er komt één waarde per reeks uit. Eén reeks erin, één waarde eruit = seq2vec", {1}),
    ("er komt maar één waarde uit voor de hele reeks, dus de tweede optie", {1}),
    ("b, dus er komt één waarde per reeks uit", {1}),  # the choice first: what follows 'dus' is its reason
    ("er komt één waarde uit, dus niet a maar b", {1}),  # a conclusion that denies one option and names another
    ("seq2vec... nee, toch seq2seq", {0}),  # a flip with "nee", even without a reason, corrects the first
    # a change of mind with its own reason and conclusion lets the first choice go
    ("seq2seq omdat er een reeks binnenkomt... nee wacht, er komt maar één waarde uit dus b", {1}),
    ("a... of nee b, want a geeft een reeks", {1}),  # "... of nee": a change of mind, with its reason
    ("eerst dacht ik a, want het is een reeks, maar er komt één getal uit, dus b.", {1}),
    # a doubt between two, then a reasoned conclusion ("het blijft b", "…: seq2vec")
    ("ik twijfelde tussen a en b, maar er komt één waarde uit dus het blijft de tweede", {1}),
    ("Ik zou a zeggen... maar er is geen uitvoer per tijdstap, dus het blijft b.", {1}),
    ("Ik twijfelde tussen seq2seq en seq2vec, maar omdat er één waarde uitkomt: seq2vec.", {1}),
    ("seq2seq, nee wacht, er komt één waarde per reeks uit: b", {1}),
    ("ik twijfelde tussen a en b", {0, 1}),  # no conclusion: both named, no point
])
def test_a_thought_let_go_of_is_denied_and_a_reasoned_conclusion_is_the_choice(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("ik twijfel tussen a en b, het is toch een reeks? ik ga voor b omdat er één waarde uitkomt", {1}),
    ("niet a, die geeft een reeks, dus ik kies b", {1}),
    ("seq2seq lijkt logisch, but I'll go with seq2vec because only one value comes out", {1}),
    ("a of b... ik hou het op a en b", {0, 1}),  # the decision names two
    ("ik zou b kiezen, want er komt één waarde uit", {1}),
    ("ik ga voor niet a maar b", {1}),  # the decision itself may deny one
])
def test_the_students_own_last_decision_is_the_choice(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


def test_a_denied_letter_with_its_reason_is_not_chosen_by_the_reasons_words():
    # the reason names option a's own description ("autoregressief"): it explains the denial, it chooses nothing
    from dlquiz.types.choice import ChoiceQuestion

    options = ["Een SimpleRNN(32) en een Dense(1), 14 keer teruggevoerd.", "Een SimpleRNN(32) met Dense(14).",
               "Een SimpleRNN(32, return_sequences=True) met Dense(14)."]
    question = ChoiceQuestion.validate({
        "id": "d-ahead", "type": "choice", "prompt": "Welk model voorspelt bij elke tijdstap?", "options": options,
        "correct": [options[2]], "shuffle": False, "descriptions": {options[0]: ["autoregressief", "autoregressive"]}})
    for answer in ("Niet a, dat is autoregressief en voorspelt pas op het einde; c dus.",
                   "niet a, dat is autoregressief, maar c"):
        result = question.grade(answer, None)
        assert (result.details["chosen"], result.verdict) == ([2], Verdict.CORRECT), answer
    six = ["mean squared error", "mean absolute error", "Huber", "accuracy", "precision", "recall"]
    assert read_choice("niet d, e en f; de rest klopt", six) == {0, 1, 2}  # a denied list stays a list


@pytest.mark.parametrize(("answer", "chosen"), [
    ("b, ah nee die wil one-hot, dan a", {0}),  # "ah nee", "wacht nee": a retraction, then "dan" concludes
    ("b, want het is categorical... wacht nee, de labels zijn integers, dan de sparse versie", {0}),
    ("accuracy zou ik zeggen, maar dat is geen loss... dan c, mean squared error", {2}),
    ("b is de gewone keuze, maar voor integer labels moet het a zijn", {0}),
    ("nog altijd b, want de labels zijn one-hot", {1}),
    ("eerst one-hot labels maken en dan categorical, dan a", {1}),  # steps in order: the last "dan" concludes nothing
])
def test_a_turn_that_ends_on_dan_or_moet_het_zijn_chooses_that(answer, chosen):
    losses = ["sparse categorical cross-entropy", "categorical cross-entropy", "mean squared error", "accuracy"]
    assert read_choice(answer, losses) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("Alle drie seq-to-vector, er komt per reeks één waarde uit.", {1}),  # "drie" counts the models: no "derde"
    ("allemaal seq2vec, want de laatste laag geeft geen reeks (dus niet a)", {1}),
    ("ze zijn allemaal b", {1}),
    ("alle drie", None),  # says nothing of what they are: asked again
    ("alles behalve a en d", {1, 2}),  # "alles behalve" is still the options not named
])
def test_what_all_the_questions_items_are_is_the_choice(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("eigenlijk allebei: s2v qua vorm maar s2s qua betekenis", {0, 1}),  # "allebei" with two options named
    ("both, seq2seq in meaning and seq2vec in shape", {0, 1}),
    ("allebei: s2v", {1}),  # names one: read as any answer
])
def test_both_with_two_options_named_chooses_them_both(answer, chosen):
    assert read_choice(answer, ARCHITECTURES) == chosen


@pytest.mark.parametrize("answer", ["nog steeds seq-to-vector", "nog altijd seq to vector", "still seq-to-vector"])
def test_still_before_an_abbreviated_option_names_it(answer):
    assert read_choice(answer, ARCHITECTURES) == {1}


def test_an_argument_given_its_value_is_no_conclusion():
    # "sequence_length = 56": the "=" gives an argument its value; it concludes nothing, "= a" does
    targets = ["de waarde van dag 56, de dag direct na het venster", "de waarde van dag 55, de laatste dag van het venster",
               "de waarden van dag 56 tot en met dag 111, een even lang venster", "de waarde van dag 0, de eerste dag van het venster"]
    assert read_choice("dag 56 t/m 111, want sequence_length = 56 geldt ook voor de targets", targets) == {2}
    assert read_choice("het doel ligt net na het venster = a", targets) == {0}


def test_a_value_written_as_code_after_an_equals_sign_is_no_conclusion():
    # "y = [3, 7, 0, …]" gives a name its value; the "=" concludes nothing, so the option named before it stands
    losses = ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy", "mean_squared_error"]
    assert read_choice('loss="sparse_categorical_crossentropy", want y = [3, 7, 0, ...]', losses) == {0}
    assert read_choice("model.compile(loss='sparse_categorical_crossentropy') met y = [2, 7, 0]", losses) == {0}
    assert read_choice("de labels zijn indices = a", losses) == {0}


def test_a_variant_of_an_option_is_the_longer_option_its_description_names():
    from dlquiz.types.choice import ChoiceQuestion

    losses = ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy"]
    question = ChoiceQuestion.validate({
        "id": "d-sparse", "type": "choice", "prompt": "Welke loss?", "options": losses, "correct": [losses[0]],
        "shuffle": False, "descriptions": {losses[0]: ["klasse-index"], losses[1]: ["one-hot labels"]}})
    chosen = question.grade("de variant van categorical cross-entropy die met de klasse-index als label werkt", None)
    assert chosen.details["chosen"] == [0]
    # a variant described as the option itself, or no variant at all, is the option named
    assert question.grade("de variant van categorical cross-entropy voor one-hot labels", None).details["chosen"] == [1]
    assert question.grade("categorical cross-entropy met de klasse-index", None).details["chosen"] == [1]


def test_a_retraction_with_a_reason_and_a_short_last_sentence_chooses_that_sentence():
    losses = ["mean squared error", "binary cross-entropy", "categorical cross-entropy", "accuracy"]
    assert read_choice("accuracy.. nee wacht, dat is geen loss. a dan", losses) == {0}
    assert read_choice("MSE, nee wacht. binary cross-entropy", losses) == {1}  # no reason, still a correction


@pytest.mark.parametrize("answer", ["tanh gaat van -1 tot 1 dus niet b; het is de sigmoid",
                                    "ReLU is niet begrensd dus niet c; het is de sigmoid"])
def test_a_conclusion_that_denies_may_name_the_choice_in_the_next_clause(answer):
    # the reason names the denied option; the clause after the denial names the choice
    assert read_choice(answer, ["sigmoid", "tanh", "ReLU", "lineair (geen activatie)"]) == {0}


def test_a_denied_option_of_two_leaves_the_other():
    assert read_choice("niet univariaat", ["univariate tijdreeks", "multivariate tijdreeks"]) == {1}
    assert read_choice("optie 1", ["1, 2, 4, …", "1, 1, 1, …"]) == {0}  # "optie" says it is a number


def test_read_by_text_in_longer_options():
    assert read_choice("seq2vec", NETWORKS) == {1}
    assert read_choice("sequence to vector network", NETWORKS) == {1}


@pytest.mark.parametrize(
    ("answer", "chosen"),
    [
        ("tanh", {0}),
        ("Tanh", {0}),
        ("relu", {1}),
        ("leaky relu", {4}),
        ("leaky_relu", {4}),
        ("sigm", {2}),
        ("tanh en relu", {0, 1}),
    ],
)
def test_read_activation_names(answer, chosen):
    assert read_choice(answer, ACTIVATIONS) == chosen


@pytest.mark.parametrize(
    "answer", ["", "   ", "f", "x", "❶", "vector", "de vector", "softplus", "tangens", "a en x", "9"]
)
def test_unreadable_or_ambiguous_is_none(answer):
    options = ACTIVATIONS if answer in {"softplus", "tangens"} else ARCHITECTURES
    assert read_choice(answer, options) is None


def test_numbers_are_text_when_options_hold_digits():
    assert read_choice("1", ["32", "1", "5"]) == {1}
    assert read_choice("32", ["32", "1", "5"]) == {0}
    assert read_choice("2", ["32", "1", "5"]) is None


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("SO<")  # a conclusion word with nothing after it that is a word
@example("eerst dacht ik a, dus ?")
def test_any_text_reads_without_error(answer):
    chosen = read_choice(answer, ARCHITECTURES)
    assert chosen is None or chosen <= {0, 1, 2, 3}


# --- grade_choice ------------------------------------------------------------------------------


def test_choice_correct():
    r = grade_choice("seq2vec", ARCHITECTURES, {1})
    assert r.verdict is Verdict.CORRECT
    assert r.score == 1
    assert r.expected == "sequentie-naar-vector"
    assert r.feedback == ["Juist: b) sequentie-naar-vector"]


def test_choice_wrong_names_the_right_option():
    r = grade_choice("a", ARCHITECTURES, {1})
    assert r.verdict is Verdict.INCORRECT
    assert r.score == 0
    assert r.feedback == ["Niet juist: a) sequentie-naar-sequentie", "Juist: b) sequentie-naar-vector"]


def test_choice_subset_of_several_is_partial():
    r = grade_choice("a", ACTIVATIONS, {0, 2, 3})
    assert r.verdict is Verdict.PARTIAL
    assert r.score == pytest.approx(1 / 3)
    assert r.feedback[0] == "Je mist: c) sigmoid; d) softmax"
    assert r.expected == "tanh; sigmoid; softmax"


def test_choice_with_a_wrong_extra_is_incorrect():
    r = grade_choice("a, b, c, d", ACTIVATIONS, {0, 2, 3})
    assert r.verdict is Verdict.INCORRECT
    assert "b) relu" in r.feedback[0]


def test_choice_exactly_several():
    assert grade_choice("d, a en c", ACTIVATIONS, {0, 2, 3}).verdict is Verdict.CORRECT


def test_choice_unreadable():
    r = grade_choice("blablabla xyz", ARCHITECTURES, {1})
    assert r.verdict is Verdict.INCORRECT
    assert r.feedback[0].startswith("Je keuze kon niet gelezen worden")


def test_choice_feedback_in_english():
    set_lang("en")
    assert grade_choice("c", ARCHITECTURES, {1}).feedback[-1] == "Right: b) sequentie-naar-vector"


@pytest.mark.parametrize("twins", [("b", " B ) "), ("seq2vec", "SEQ 2 VEC"), ("a,c", "A ,  C")])
def test_choice_twins_agree(twins):
    first, second = (grade_choice(t, ARCHITECTURES, {1}) for t in twins)
    assert first.verdict is second.verdict


# --- read_truth --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "truth", "rest"),
    [
        ("Niet waar, want de laag heeft meer units", False, "want de laag heeft meer units"),
        ("niet waar", False, ""),
        ("NIET WAAR!", False, ""),
        ("Het is niet waar: een Dense(1) doet dat", False, "een Dense(1) doet dat"),
        ("De uitspraak klopt niet, want", False, "want"),
        ("onwaar", False, ""),
        ("Onjuist.", False, ""),
        ("niet juist", False, ""),
        ("fout - de laag", False, "de laag"),
        ("vals", False, ""),
        ("nee", False, ""),
        ("Neen, want", False, "want"),
        ("false, because", False, "because"),
        ("No.", False, ""),
        ("wrong", False, ""),
        ("not true: the layer", False, "the layer"),
        ("incorrect", False, ""),
        ("waar", True, ""),
        ("Waar, want X(t) is de invoer", True, "want X(t) is de invoer"),
        ("juist", True, ""),
        ("correct!", True, ""),
        ("klopt", True, ""),
        ("Dat klopt.", True, ""),
        ("ja", True, ""),
        ("True", True, ""),
        ("yes, since", True, "since"),
        ("right", True, ""),
        ("waarom?", None, "waarom?"),
        ("", None, ""),
        ("De laag heeft 32 units", None, "De laag heeft 32 units"),
        ("Waar is het niet: je past je keuzes aan", False, "je past je keuzes aan"),  # inverted
        ("klopt het niet, want x", False, "want x"),
        ("Waar, het is niet zo simpel", True, "het is niet zo simpel"),
    ],
)
def test_read_truth(answer, truth, rest):
    assert read_truth(answer) == (truth, rest)


# --- grade_truefalse ---------------------------------------------------------------------------


def test_truefalse_without_rubric():
    assert grade_truefalse("niet waar", False, None, "Niet waar").verdict is Verdict.CORRECT
    r = grade_truefalse("waar", False, None, "Niet waar")
    assert r.verdict is Verdict.INCORRECT
    assert r.feedback == ["Niet juist: de uitspraak is niet waar."]


def test_a_right_reason_without_a_verdict_is_partial_and_asked_again():
    r = grade_truefalse("de recurrente laag mag meerdere units hebben, met een Dense laag erboven", False, ONE_NEURON, "x")
    assert r.verdict is Verdict.PARTIAL and r.unreadable  # a session asks for the verdict; a script reads partial
    bare = grade_truefalse("een RNN-laag heeft gewichten", False, ONE_NEURON, "x")
    assert bare.verdict is Verdict.INCORRECT and bare.unreadable
    # also where the rubric is lenient: part of the marks is partial, not 0.39 under the default partial line
    lenient = dataclasses.replace(ONE_NEURON, correct_at=0.4, partial_at=0.2)
    r = grade_truefalse("de recurrente laag mag meerdere units hebben, met een Dense laag erboven", False, lenient, "x")
    assert r.verdict is Verdict.PARTIAL


@pytest.mark.parametrize("answer, verdict", [
    ("Niet waar, meerdere units.", Verdict.PARTIAL),  # two words, no verb: a term that names the point
    ("Niet waar, er mogen meerdere units zijn.", Verdict.PARTIAL),  # one of the two points
    ("Niet waar, de laag heeft meer units en een Dense laag erboven geeft één waarde.", Verdict.CORRECT),
])
def test_a_reason_of_two_words_without_a_verb_is_a_term(answer, verdict):
    assert grade_truefalse(answer, False, ONE_NEURON, "x").verdict is verdict


@pytest.mark.parametrize("answer, verdict", [
    ("Niet waar, een recurrente laag doet daar iets anders mee dan je zou denken.", Verdict.PARTIAL),  # vague
    ("Niet waar, een recurrente laag heeft evenveel units als de reeks tijdstappen heeft.", Verdict.INCORRECT),
])
def test_a_reason_that_says_only_that_it_differs_is_vague_not_false(answer, verdict):
    assert grade_truefalse(answer, False, ONE_NEURON, "x").verdict is verdict


@pytest.mark.parametrize("answer, truth", [
    ("Dit gaat over diepte. Lagen zonder activatie doen Wx + b. Niet waar, want lineair na lineair blijft lineair.", False),
    ("ReLU(-3) = 0, ReLU(3) = 3 -> dus niet waar, negatief wordt 0", False),
    ("ReLU is de standaard. Niet waar dus: een negatieve invoer wordt 0.", False),
    ("nope. de gewichten worden gedeeld", False),
    ("yep, dat klopt", True),
    ("Een verborgen laag leert features; waar die zitten weet je niet", None),  # 'waar' = where, not a verdict
])
def test_a_verdict_after_some_context_is_read(answer, truth):
    assert read_truth(answer)[0] is truth


def test_truefalse_right_value_and_reason():
    r = grade_truefalse(
        "Niet waar, de recurrente laag mag meerdere units hebben; een Dense laag erboven geeft één waarde.",
        False,
        ONE_NEURON,
        "Niet waar: …",
    )
    assert r.verdict is Verdict.CORRECT
    assert r.score == 1
    assert r.details["reason"]["hit"] == ["units", "dense"]


def test_truefalse_half_a_reason_is_partial():
    # Right truth value, half the reason: a teacher gives partial, so only a correct reason is correct.
    half = grade_truefalse("Niet waar, want de laag heeft meer units.", False, ONE_NEURON, "x")
    assert half.score == pytest.approx(0.74)
    assert half.verdict is Verdict.PARTIAL
    full = grade_truefalse("Niet waar, de laag heeft meer units en een Dense laag erboven geeft één waarde.", False, ONE_NEURON, "x")
    assert full.verdict is Verdict.CORRECT
    weak = grade_truefalse("Niet waar, want dat is zo.", False, ONE_NEURON, "x")
    assert weak.score == pytest.approx(0.5)
    assert weak.verdict is Verdict.PARTIAL


def test_truefalse_right_value_no_reason():
    r = grade_truefalse("niet waar", False, ONE_NEURON, "x")
    assert r.verdict is Verdict.PARTIAL
    assert r.score == 0.5
    assert r.feedback[-1] == "Je gaf geen reden."


def test_truefalse_wrong_value_with_a_good_reason_is_incorrect():
    r = grade_truefalse("Waar, de laag mag meerdere units hebben met een Dense laag erboven", False, ONE_NEURON, "x")
    assert r.verdict is Verdict.INCORRECT
    assert r.score == 0


def test_truefalse_missing_value_says_so():
    r = grade_truefalse("De laag mag meerdere units hebben met een Dense laag erboven", False, ONE_NEURON, "x")
    assert r.verdict is Verdict.PARTIAL  # the right point without the verdict it implies: part of the marks
    assert r.feedback[0].startswith("Geen waarheidswaarde gevonden")


def test_truefalse_waar_inside_niet_waar_is_false():
    assert grade_truefalse("niet waar", True, None, "Waar").verdict is Verdict.INCORRECT


def test_truefalse_reason_misconception_is_worth_less_than_a_bare_verdict():
    """The right verdict for a wrong reason is luck: below the bare verdict (partial), so incorrect."""
    r = grade_truefalse("Niet waar, maar de laag moet één unit hebben en meer units mag niet", False, ONE_NEURON, "x")
    assert r.verdict is Verdict.INCORRECT
    assert r.details["reason"]["misconceptions"] == ["precies één unit nodig"]
    assert grade_truefalse("niet waar", False, ONE_NEURON, "x").verdict is Verdict.PARTIAL
    assert r.score < grade_truefalse("niet waar", False, ONE_NEURON, "x").score


@pytest.mark.parametrize("answer", ["Da's niet waar, x", "Da's ni waar: x", "nw, x", "Dat is niet waar", "klopt ni"])
def test_truefalse_reads_flemish_and_short_forms(answer):
    assert read_truth(answer)[0] is False


@pytest.mark.parametrize("answer", ["", "\x00\xff", "waar " * 300_000])
def test_truefalse_odd_input(answer):
    r = grade_truefalse(answer, True, ONE_NEURON, "x")
    assert 0 <= r.score <= 1


LOSSES = ["mean squared error", "binary cross-entropy", "categorical cross-entropy", "accuracy"]
LEARNING_RATE = ["de learning rate is te groot", "de learning rate is te klein", "het model heeft te weinig units",
                 "er zijn te weinig epochs"]


@pytest.mark.parametrize(("answer", "options", "chosen"), [
    # The course's lexicon: the same idea in other words, English, or an abbreviation names the option.
    ("The learning rate is too high.", LEARNING_RATE, {0}),
    ("lr te grooot", LEARNING_RATE, {0}),
    ("de leersnelheid is veel te hoog", LEARNING_RATE, {0}),
    ("Raise it: the learning rate is too small", LEARNING_RATE, {1}),
    ("the logistic function", ACTIVATIONS, {2}),
    ("de gemiddelde kwadratische fout", LOSSES, {0}),
    ("mean sqaured eror", LOSSES, {0}),
    ("bce", LOSSES, {1}),
])
def test_choice_read_through_the_lexicon(answer, options, chosen):
    assert read_choice(answer, options) == chosen


@pytest.mark.parametrize(("answer", "chosen"), [
    ("MSE, nee wacht, cross-entropy", {1}),  # "nee wacht" corrects: the second is the choice
    ("mean squared error, maar eigenlijk is binary cross-entropy beter", {0, 1}),
    ("mean squared error, want het is regressie", {0}),
])
def test_a_retracted_choice_reads_both(answer, chosen):
    assert read_choice(answer, LOSSES[:2]) == chosen


def test_a_retracted_choice_is_not_read_as_the_first_when_the_second_is_unclear():
    # "cross-entropy" names two of the four options: the first (MSE) was taken back, so the answer is not
    # read as MSE alone; it cannot be read, and the student is asked again
    losses = ["mean squared error", "binary cross-entropy", "categorical cross-entropy", "accuracy"]
    assert read_choice("MSE, nee wacht, cross-entropy", losses) is None
    assert read_choice("MSE, nee wacht, categorical cross-entropy", losses) == {2}


def test_chat_nt_waar_is_false():
    from dlquiz.grading.choice import read_truth

    assert read_truth("nt waar, de gewichten worden gedeeld")[0] is False


DIFFERENCING = ["Het verwijdert het weekpatroon; wat overblijft, zijn de fouten van de naïeve voorspelling.",
                "Het normaliseert de reeks tot gemiddelde 0 en standaardafwijking 1.",
                "Het vervangt elke waarde door het gemiddelde van de laatste 7 dagen.",
                "Het knipt de reeks in vensters van 7 dagen."]
TARGETS = ["De eerste 3 tijdstappen weglaten en daarna om de 2 tijdstappen een doel houden.",
           "Niets: Keras past de lengte vanzelf aan.",
           "Alleen de eerste 27 tijdstappen houden.",
           "Om de 2 tijdstappen een doel houden, te beginnen bij de eerste."]


@pytest.mark.parametrize(("answer", "options", "chosen"), [
    # A long option named by the words only it has.
    ("Het haalt het weekpatroon eruit, zodat je de fouten van de naïeve voorspelling overhoudt.", DIFFERENCING, {0}),
    ("Het model neemt veel te grote stappen en schiet over het minimum.", LEARNING_RATE, {0}),
    ("de sparse variant", ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy"], {0}),
    # A short answer may name it by its numbers; a long one does not ("index 0" is no option).
    ("Y[:, 3::2]", TARGETS, {0}),
    # A letter named inside a sentence.
    ("Ge moet de eerste drie wegsmijten en dan om de twee een doel houden, dus a.", TARGETS, {0}),
    ("'t Is a, da's just de fout van de naïeve voorspelling", DIFFERENCING, {0}),
    ("de middelste", ARCHITECTURES[:3], {1}),
    # An arrow inside the options is part of the option, not the start of a reason.
    ("forward pass → loss → backprop → update", ["forward pass → loss → backprop → update",
                                                 "loss → forward pass → update → backprop"], {0}),
])
def test_choice_read_as_a_marker_reads_it(answer, options, chosen):
    assert read_choice(answer, options) == chosen


@pytest.mark.parametrize("answer", ["geen idee", "Weet ik niet.", "no idea", "?"])
def test_no_idea_chooses_nothing_and_is_wrong(answer):
    from dlquiz.grading.choice import grade_choice

    assert read_choice(answer, ["sigmoid", "softmax", "ReLU", "geen (lineair)"]) == set()
    result = grade_choice(answer, ["sigmoid", "softmax", "ReLU", "geen (lineair)"], {3})
    assert result.verdict.value == "incorrect" and result.unreadable is None


def test_it_is_a_names_no_letter():
    assert read_choice("It is a linear output, nothing more", ["sigmoid", "softmax", "ReLU", "linear"]) == {3}


STEPS = ["forward pass → loss berekenen → backpropagation → gewichten bijwerken",
         "loss berekenen → forward pass → gewichten bijwerken → backpropagation",
         "backpropagation → forward pass → loss berekenen → gewichten bijwerken",
         "forward pass → backpropagation → loss berekenen → gewichten bijwerken"]


@pytest.mark.parametrize(("answer", "chosen"), [
    ("forward, loss, backprop, update", {0}),
    ("Forward pass, then the loss, then backprop, then the optimizer step.", {0}),
    ("eerst backprop, dan forward pass, dan de loss, en dan de gewichten bijwerken", {2}),
    ("forward en dan backprop", None),  # two steps do not tell four orders apart
])
def test_an_order_is_read_from_the_steps_named(answer, chosen):
    assert read_choice(answer, STEPS) == chosen


@pytest.mark.parametrize("answer, verdict, sure", [
    # a few words that make no point: vague, worth the bare verdict
    ("Niet waar, zo werkt dat niet.", Verdict.PARTIAL, True),
    # a sentence that makes none of the rubric's points states a claim of its own, mostly a false one
    ("Niet waar, want een recurrente laag heeft altijd evenveel neuronen als er tijdstappen in de reeks zijn.",
     Verdict.INCORRECT, False),
    # a long explanation in words the rubric lacks may be right: partial, and the grader says it cannot tell
    ("Niet waar: wat de laag onthoudt zit verspreid over al haar toestandswaarden samen, dus hoe meer waarden ze bijhoudt "
     "hoe rijker dat geheugen; pas de allerlaatste stap vat alles samen tot het ene getal dat je zoekt.",
     Verdict.PARTIAL, False),
])
def test_a_reason_that_makes_no_point_is_judged_by_what_it_can_be(answer, verdict, sure):
    r = grade_truefalse(answer, False, ONE_NEURON, "x")
    assert r.verdict is verdict
    assert r.confident is sure
    if verdict is Verdict.INCORRECT:
        assert r.score < grade_truefalse("niet waar", False, ONE_NEURON, "x").score
        assert any("geen van de punten" in line for line in r.feedback)


# --- descriptions: an option chosen by what it is, not by its name ------------------------------------

DESCRIBED = {
    "id": "d-act", "type": "choice", "prompt": "Welke activatie gebruik je in de verborgen lagen?",
    "options": ["sigmoid", "tanh", "ReLU", "geen (lineair)"], "correct": ["ReLU"], "shuffle": False,
    "descriptions": {
        "ReLU": ["max(0, z)", "negatieve waarden worden nul"],
        "sigmoid": ["S-curve tussen 0 en 1", "platte staarten bij 0 en 1"],
        "tanh": ["S-curve tussen -1 en 1"],
    },
}


def described_question(**changes):
    from dlquiz.types.choice import ChoiceQuestion

    return ChoiceQuestion.validate({**DESCRIBED, **changes})


@pytest.mark.parametrize(("answer", "chosen", "verdict"), [
    ("max(0, z)", [2], "correct"),
    ("de functie max(0,z), want die verzadigt niet", [2], "correct"),
    ("negatieve waardes worden nul gezet", [2], "correct"),  # stems and a plural
    ("de S-curve tussen 0 en 1", [0], "incorrect"),  # a wrong option, described
    ("de S-curve tussen -1 en 1", [1], "incorrect"),
])
def test_a_description_chooses_its_option(answer, chosen, verdict):
    result = described_question().grade(answer, None)
    assert (result.details["chosen"], result.verdict.value, result.unreadable) == (chosen, verdict, None)


def test_a_description_follows_the_option_when_the_options_are_shuffled():
    question = described_question(shuffle=True)
    variant = {"order": [2, 3, 0, 1]}  # a) ReLU  b) geen  c) sigmoid  d) tanh
    assert question.grade("max(0, z)", variant).verdict is Verdict.CORRECT
    assert question.grade("max(0, z)", variant).details["chosen"] == [0]


def test_a_description_of_two_options_is_not_settled():
    result = described_question().grade("max(0, z) of een S-curve tussen 0 en 1", None)
    assert result.unreadable and result.details["chosen"] == []


def test_a_denied_description_chooses_nothing():
    for answer in ("niet de S-curve tussen 0 en 1", "het is zeker niet max(0, z)"):
        result = described_question().grade(answer, None)
        assert result.unreadable, answer  # asked again, not marked as the option it denies


def test_a_denied_description_leaves_the_other_to_choose():
    result = described_question().grade("niet de S-curve tussen 0 en 1, maar max(0, z)", None)
    assert result.details["chosen"] == [2] and result.verdict is Verdict.CORRECT


@pytest.mark.parametrize(("answer", "chosen", "verdict"), [
    # the chosen option said to do what another option describes as well: both are chosen
    ("c, maar het geeft ook een S-curve tussen 0 en 1", [0, 2], "incorrect"),
    ("c, en het heeft ook platte staarten bij 0 en 1", [0, 2], "incorrect"),
    # denied, it names no second choice
    ("c; het is ook geen S-curve tussen 0 en 1", [2], "correct"),
])
def test_a_reason_that_says_the_choice_also_does_another_options_work_chooses_both(answer, chosen, verdict):
    result = described_question().grade(answer, None)
    assert (result.details["chosen"], result.verdict.value) == (chosen, verdict)


def test_letters_and_names_still_go_before_descriptions():
    # "sigmoid" names an option; a description of another in the reason does not overrule the name.
    result = described_question().grade("sigmoid, niet max(0, z)", None)
    assert result.details["chosen"] == [0]
    assert described_question().grade("c", None).details["chosen"] == [2]


BAD_DESCRIPTION = """\
title: t
questions:
  - id: d-act
    type: choice
    prompt: "Welke activatie?"
    options: ["sigmoid", "ReLU"]
    correct: ["ReLU"]
    descriptions:
      ReLU: ["max(0, z)"]
      Relu: ["negatieve waarden worden nul"]
"""


def test_a_description_of_no_option_is_a_check_error_at_its_line(tmp_path):
    from dlquiz.bank.check import check_banks

    path = tmp_path / "bank.yaml"
    path.write_text(BAD_DESCRIPTION, encoding="utf-8")
    found = [str(e) for e in check_banks([path], [], live_keras=False).errors]
    assert found == [f"{path}:10:7: d-act: descriptions noemt 'Relu', maar dat is geen optie — bedoel je 'ReLU'? "
                     "De opties zijn: 'sigmoid', 'ReLU'"]
    set_lang("en")
    found = [str(e) for e in check_banks([path], [], live_keras=False).errors]
    assert found == [f"{path}:10:7: d-act: descriptions names 'Relu', which is not an option — did you mean 'ReLU'? "
                     "The options are: 'sigmoid', 'ReLU'"]


@pytest.mark.parametrize(("descriptions", "message"), [
    ({"ReLU": ["niet"]}, "descriptions 'ReLU': formulering 'niet' is alleen een ontkenning; zeg wat ontkend wordt"),
    ({"ReLU": ["samen 1"], "sigmoid": ["Samen 1"]},
     "descriptions: 'Samen 1' beschrijft zowel 'ReLU' als 'sigmoid', dus kiest het geen van beide; geef elke optie "
     "haar eigen formuleringen"),
])
def test_a_description_that_cannot_choose_is_refused(descriptions, message):
    with pytest.raises(ValueError, match="descriptions") as caught:
        described_question(descriptions=descriptions)
    assert message in str(caught.value)


DILATIONS = ["1, 2, 4, 8, …, 512, en dat blok herhaald", "1, 1, 1, …: elke laag dezelfde", "1, 2, 3, 4, …: per laag één meer",
             "512, 256, …, 1: van groot naar klein"]


def test_a_description_goes_before_a_guess_from_single_words():
    from dlquiz.types.choice import ChoiceQuestion

    question = ChoiceQuestion.validate({
        "id": "d-dil", "type": "choice", "prompt": "Welke dilation rates?", "options": DILATIONS,
        "correct": [DILATIONS[0]], "shuffle": False,
        "descriptions": {DILATIONS[0]: ["verdubbelend", "machten van 2"], DILATIONS[2]: ["lineair groeiend"]}})
    assert read_choice("verdubbelend per laag", DILATIONS) == {2}  # "per laag" alone: the words of option c
    assert question.grade("verdubbelend per laag", None).verdict is Verdict.CORRECT
    assert question.grade("niet verdubbelend", None).unreadable


def test_a_description_with_its_own_negation_or_after_the_reason_word_chooses():
    question = described_question(descriptions={"ReLU": ["max(0, z)"], "geen (lineair)": ["niets aan de uitvoer veranderen"],
                                                "tanh": ["S-curve tussen -1 en 1"]})
    assert question.grade("niets aan de uitvoer veranderen", None).details["chosen"] == [3]
    assert question.grade("niet de S-vorm, dus max(0, z)", None).details["chosen"] == [2]


def test_a_description_in_the_reason_does_not_outvote_the_option_named_before_it(dlquiz_home):
    from dlquiz.bank.library import Library

    q = Library().bank("hoofdstuk1").question("h1-loss-sparse")
    v = {"order": list(range(len(q.options)))}
    answer = "sparse_categorical_crossentropy — categorical_crossentropy expects one-hot labels."
    assert q.grade(answer, v).verdict is Verdict.CORRECT
    assert q.grade("die voor integer labels", v).verdict is Verdict.CORRECT  # the description alone still chooses


def test_a_vague_reason_stays_partial_where_the_rubric_needs_only_half():
    lenient = Rubric.validate({**{"correct_at": 0.5}, "concepts": [
        {"id": "eerder", "label": "bestond al eerder", "required": True, "phrases": ["bestond al eerder", "werbos"]}]})
    r = grade_truefalse("Niet waar, het is ingewikkelder dan dat.", False, lenient, "x")
    assert r.verdict is Verdict.PARTIAL and r.score < 0.5
    assert grade_truefalse("Niet waar, het bestond al eerder (Werbos).", False, lenient, "x").verdict is Verdict.CORRECT


def test_a_reason_of_one_term_is_at_most_partial():
    rubric = Rubric.validate({"concepts": [{"id": "reset", "label": "reset_after=True: extra biases",
                                            "phrases": ["reset_after", "extra bias"]}]})
    term = grade_truefalse("niet waar, reset_after", False, rubric, "x")
    assert term.verdict is Verdict.PARTIAL and "geen uitleg" in term.feedback[-1]
    assert grade_truefalse("niet waar, door reset_after komt er een extra bias bij", False, rubric, "x").verdict is Verdict.CORRECT


@pytest.mark.parametrize("answer, chosen", [
    ("Nog steeds sequentie-naar-vector.", {1}),           # the option's words as a phrase, in their order
    ("Still sequence-to-vector, one vector out.", {1}),
    ("Eerst een vector, dan een sequentie: vector-naar-sequentie.", {2}),
])
def test_an_option_held_as_a_phrase_in_a_sentence_is_read(answer, chosen):
    options = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice(answer, options) == chosen


LAYERS = ["laag 1", "laag 2", "laag 3", "de Dense-laag"]
LOSSES = ["regressie — MSE", "binair — binary cross-entropy", "multi-class — categorical cross-entropy",
          "regressie — accuracy", "binair — MSE", "multi-class — hinge"]
DIFF = ["Het verwijdert het weekpatroon", "Het normaliseert de reeks naar gemiddelde 0", "Het strijkt ruis glad"]


@pytest.mark.parametrize("answer, options, chosen", [
    # an ordinal with a slip, in Flemish, or followed by what the option is
    ("de eerst optie", DIFF, {0}),
    ("den eersten, het weekpatroon gaat weg", DIFF, {0}),
    ("de derde, die de ruis gladstrijkt", DIFF, {2}),
    ("only the first two layers", LAYERS, {0, 1}),
    # options that differ only by their number, named by it
    ("1 & 2", LAYERS, {0, 1}),
    ("layers 1 and 2", LAYERS, {0, 1}),
    # denials, then a short conclusion that is the choice
    ("niet normaliseren en niet gladstrijken, dus de eerste optie", DIFF, {0}),
    ("niet c en niet d, dus a en b", LAYERS, {0, 1}),
    # everything except what is named, and "de rest" after denials
    ("Alles behalve d, e en f.", LOSSES, {0, 1, 2}),
    ("niet d, e en f; de rest klopt", LOSSES, {0, 1, 2}),
])
def test_read_ordinals_numbers_conclusions_and_complements(answer, options, chosen):
    assert read_choice(answer, options) == chosen


def test_a_long_reason_after_dus_is_no_conclusion():
    # "dus" opens a reason here, not a choice: the conclusion rule reads only a short piece
    assert read_choice("niet normaliseren, dus het weekpatroon en alle ruis en de trend blijven over in de reeks",
                       DIFF) is None


def test_a_reason_that_is_a_list_of_terms_is_at_most_partial():
    rubric = Rubric.validate({"concepts": [{"id": "delen", "label": "gedeelde gewichten", "phrases": ["gedeelde gewichten"]},
                                           {"id": "som", "label": "gradiënten opgeteld", "phrases": ["gradiënten optellen"]}],
                              "correct_at": 0.75})
    listed = grade_truefalse("niet waar, gedeelde gewichten, gradiënten optellen", False, rubric, "x")
    assert listed.verdict is Verdict.PARTIAL
    said = grade_truefalse("niet waar: elke tijdstap heeft gedeelde gewichten, dus je moet de gradiënten optellen",
                           False, rubric, "x")
    assert said.verdict is Verdict.CORRECT
    # what brackets hold is one term: "max(0, z)" is no list of two
    relu = Rubric.validate({"concepts": [{"id": "max", "label": "max(0, z)", "phrases": ["max 0 z"]}]})
    assert grade_truefalse("Niet waar, ReLU is max(0, z) zodat negatief 0 wordt", False, relu, "x").verdict is Verdict.CORRECT


PADDINGS = ['"causal": nullen enkel links', '"same": nullen aan beide kanten', '"valid": geen nullen',
            '"causal": nullen enkel rechts']
TYPES = ["sequentie-naar-sequentie", "sequentie-naar-vector", "vector-naar-sequentie", "encoder-decoder"]


@pytest.mark.parametrize("answer, options, chosen", [
    # a name two options share, and a denial that leaves one of them
    ("causal, maar niet die met de nullen rechts", PADDINGS, {0}),
    # "gewoon", "eerder" after a denial affirm what follows
    ("Geen encoder-decoder, gewoon seq2vec.", TYPES, {1}),
    ("Niet c, die geeft een reeks. Eerder b.", TYPES, {1}),
    # a letter hedged, then a remark
    ("a denk ik, zeker niet de laatste", TYPES, {0}),
    ("b, c niet", TYPES, {1}),
])
def test_read_hedged_letters_and_denials_that_settle_a_tie(answer, options, chosen):
    assert read_choice(answer, options) == chosen


def test_a_shared_name_alone_stays_unreadable():
    assert read_choice("causal", PADDINGS) is None


@pytest.mark.parametrize("answer, truth, reason", [
    ("Niet het schudden is het gevaar, maar testvensters in de training. Dus: niet waar.", False,
     "Niet het schudden is het gevaar, maar testvensters in de training"),
    ("De fouten stapelen zich op, dus het klopt niet", False, "De fouten stapelen zich op"),
    ("ReLU is lineair. Waar.", True, "ReLU is lineair"),
    ("ik weet niet waar dat staat", None, "ik weet niet waar dat staat"),
    # a closing verdict with a hedge after it
    ("In de summary zag ik een ander getal, dus niet waar denk ik.", False, "In de summary zag ik een ander getal"),
    # a slip in the verdict word
    ("fals. 1 set gewichten voor alle stappen", False, "1 set gewichten voor alle stappen"),
])
def test_a_truth_value_may_close_the_answer(answer, truth, reason):
    assert read_truth(answer) == (truth, reason)


PAIRS = ["regressie — mean squared error (MSE)", "binaire classificatie — binary cross-entropy",
         "multi-class classificatie — categorical cross-entropy", "regressie — categorical cross-entropy",
         "binaire classificatie — accuracy", "multi-class classificatie — mean squared error"]


@pytest.mark.parametrize(("answer", "chosen"), [
    # options that pair a task with a loss: each piece of the answer names one pair, in either order
    ("MSE voor regressie, binary cross-entropy voor binaire classificatie en categorical cross-entropy voor "
     "multi-class", {0, 1, 2}),
    ("regression with MSE, binary with BCE, multiclass with categorical CE", {0, 1, 2}),
    ("mse bij regresie, bce bij binair, cce bij multiclas", {0, 1, 2}),
    ("regressie met MSE en binair met accuracy", {0, 4}),
    ("alleen b", {1}),
    # a side two options share ("cross-entropy") is the one that pairs with the other side named
    ("MSE bij regressie, cross-entropy bij multi-class", {0, 2}),
    ("cross-entropy bij regressie", {3}),
    # brackets that list what a claim holds for name a pair each
    ("MSE bij regressie en cross-entropy bij classificatie (binair en multi-class)", {0, 1, 2}),
    ("MSE bij regressie, en de cross-entropy-varianten elk bij hun classificatietaak (binair en meerdere klassen)",
     {0, 1, 2}),
])
def test_paired_options_are_read_as_pairs(answer, chosen):
    assert read_choice(answer, PAIRS) == chosen


def test_a_pair_that_is_no_option_is_not_read_as_one():
    # "MSE bij classificatie" pairs what no option pairs: it is not read as the MSE option of regression
    assert read_choice("MSE bij binaire classificatie", PAIRS) != {0}


ACTIVATIONS_RANGE = ["sigmoid", "tanh", "ReLU", "ELU", "Leaky ReLU"]


@pytest.mark.parametrize(("answer", "chosen"), [
    # a reason after the choice names another option: it says something of it, so it does not choose it
    ("Da's de sigmoid, tanh gaat tot −1", {0}),
    ("sigmoid (tanh zit tussen −1 en 1)", {0}),
    # bare names are each a choice
    ("sigmoid, tanh", {0, 1}),
    # an interjection first, a hedge after the ordinal
    ("allez, de eerste natuurlijk: tanh gaat tot -1", {0}),
    ("euh, de tweede", {1}),
])
def test_a_reason_after_the_choice_is_not_a_second_choice(answer, chosen):
    assert read_choice(answer, ACTIVATIONS_RANGE) == chosen


WINDOW_TARGETS = ["de waarde van dag 56, de dag direct na het venster", "de waarde van dag 55, de laatste dag van het venster",
                  "de waarden van dag 56 tot en met dag 111, een even lang venster",
                  "de waarde van dag 0, de eerste dag van het venster"]
DILATIONS = ["1, 2, 4, 8, …, 512, en dat blok herhaald", "1, 1, 1, …: elke laag dezelfde", "1, 2, 3, 4, …: per laag één meer",
             "512, 256, …, 1: van groot naar klein"]


@pytest.mark.parametrize(("answer", "options", "chosen"), [
    # options told apart by their numbers: the one whose numbers are the answer's, or hold its run of them
    ("dag 56", WINDOW_TARGETS, {0}),
    ("Day 56.", WINDOW_TARGETS, {0}),
    ("Doubling at every layer: 1, 2, 4, …, 512, then repeated.", DILATIONS, {0}),
    ("1, 2, 4", DILATIONS, None),  # held by two options
])
def test_options_told_apart_by_their_numbers(answer, options, chosen):
    assert read_choice(answer, options) == chosen


def test_a_short_claim_that_ends_in_its_denial_denies():
    layers = ["laag 1", "laag 2", "laag 3", "de Dense-laag"]
    assert read_choice("laag 1 en laag 2; laag 3 niet, want die voedt de Dense-laag", layers) == {0, 1}
    assert read_choice("a en b. c niet.", layers) == {0, 1}


def test_spaced_abbreviations_name_the_architecture():
    types = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("nog steeds seq 2 vec want geen return_sequences", types) == {1}


@pytest.mark.parametrize(("answer", "reason"), [
    # the verdict said twice ("Nee, da klopt ni.") is not part of the reason
    ("Nee, da klopt ni. Binnen elk venster blijven de dagen in volgorde.", "Binnen elk venster blijven de dagen in volgorde."),
    ("nee fout, lin na lin = lin", "lin na lin = lin"),
    # "fout is dat …" is the reason itself
    ("Niet waar, fout is dat je de testset gebruikt", "fout is dat je de testset gebruikt"),
])
def test_a_verdict_said_twice_is_no_reason(answer, reason):
    from dlquiz.grading.choice import read_truth

    assert read_truth(answer) == (False, reason)


def test_none_of_them_chooses_no_option():
    range_options = ["sigmoid", "tanh", "ReLU", "ELU", "Leaky ReLU"]
    assert read_choice("geen enkele: de sigmoid kan ook precies 0 of 1 worden", range_options) == set()
    assert read_choice("none of them", range_options) == set()
    # where an option is itself a "geen …", "none" names it
    outputs = ["sigmoid", "softmax", "ReLU", "geen (lineair)"]
    assert read_choice("None — a linear output, because temperatures can be negative.", outputs) == {3}


def test_the_middle_option_and_a_reason_that_names_the_denied_option_again():
    types = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("geen seq2seq en geen vec2seq, dus de middelste optie", types) == {1}
    outputs = ["sigmoid", "softmax", "ReLU", "geen (lineair)"]
    assert read_choice("niet ReLU maar lineair, ReLU kan geen negatieve waarden geven", outputs) == {3}


def test_two_claims_that_each_name_an_option_choose_both():
    types = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("model1 en model2 zijn seq2vec, model3 is seq2seq", types) == {0, 1}
    # a piece that goes on about an option is a reason, not a second choice
    assert read_choice("Da's de sigmoid, tanh gaat tot −1", ["sigmoid", "tanh", "ReLU"]) == {0}


TARGETS = ["De eerste 3 tijdstappen van de doelen weglaten en daarna om de 2 tijdstappen een doel houden.",
           "Niets: Keras past de lengte van de doelen vanzelf aan de uitvoer van het model aan.",
           "Alleen de eerste 27 tijdstappen van de doelen houden en de rest weglaten.",
           "Om de 2 tijdstappen een doel houden, te beginnen bij de eerste tijdstap."]


@pytest.mark.parametrize(("answer", "chosen"), [
    # half an option, then its other half said with another quantity: no option, asked again
    ("de eerste 3 weglaten en dan alle andere houden", None),
    ("de eerste 3 weglaten en dan om de 2 houden", {0}),
    # an answer that turns ("maar", "hmm") and ends on a bare letter or ordinal has reasoned its way there
    ("om de 2 houden, maar niet vanaf stap 0 want de kernel ziet pas na stap 3 genoeg, dus eerst 3 weglaten: de eerste optie",
     {0}),
    ("d, om de 2 want strides=2... hmm maar de eerste uitvoer ziet stap 0 t/m 3, dus eerst 3 weg en dan om de 2: a", {0}),
    ("a, want de eerste 3 uitvoeren zien te weinig: a", {0}),
])
def test_a_choice_is_read_to_its_end(answer, chosen):
    assert read_choice(answer, TARGETS) == chosen


def test_one_word_names_the_option_it_begins():
    losses = ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy", "mean_squared_error"]
    assert read_choice("categorical", losses) == {1}
    assert read_choice("sparse", losses) == {0}
    # so a hedge that names the other one chooses both
    assert read_choice("sparse categorical I think, or categorical also works", losses) == {0, 1}


def test_an_option_the_answer_leaves_out_is_not_chosen():
    pairs = ["regressie — mean squared error (MSE)", "binaire classificatie — binary cross-entropy",
             "multi-class classificatie — categorical cross-entropy", "regressie — categorical cross-entropy"]
    answer = "MSE voor regressie en categorical CE voor multi-class; binary CE weet ik niet zeker, die laat ik weg"
    assert read_choice(answer, pairs) == {0, 2}
    assert read_choice("MSE voor regressie, bce voor binair en categorical CE voor multi-class", pairs) == {0, 1, 2}
    # in one sentence with commas: "die" points back to the piece before it; what follows the omission is kept
    assert read_choice("a en c zeker, b twijfel ik over, dus die laat ik weg", pairs) == {0, 2}
    assert read_choice("b laat ik weg, a en c wel", pairs) == {0, 2}


def test_a_change_of_mind_with_its_reason_lets_the_first_choice_go():
    acts = ["sigmoid", "tanh", "ReLU", "softmax"]
    assert read_choice("sigmoid... nee wacht, ReLU, want sigmoid verzadigt", acts) == {2}
    assert read_choice("a... nee toch c, per laag verzadigt sigmoid niet", acts) == {2}
    # a bare flip with "nee" corrects too; "of eigenlijk" only wavers, and names both
    assert read_choice("sigmoid, nee wacht, ReLU", acts) == {2}
    assert read_choice("sigmoid, of eigenlijk ReLU", acts) == {0, 2}


def test_a_hedge_with_a_condition_chooses_the_other_option_unless_the_case_is_denied():
    acts = ["sigmoid", "softmax", "ReLU", "geen (lineair)"]
    assert read_choice("b, of eventueel a als je per klasse een aparte kans wil", acts) == {0, 1}
    assert read_choice("d, al zou ReLU ook kunnen als het altijd boven nul bleef, maar hier niet", acts) == {3}
    assert read_choice("c, al doet b het ook want die geeft ook waarden", acts) == {1, 2}


def test_words_around_a_letter_or_ordinal_that_only_say_it_is_the_choice():
    options = ["de learning rate verhogen", "de learning rate verlagen", "de validatieset vergroten", "dropout toevoegen"]
    assert read_choice("Niet dropout, want de validatieloss daalt nog mee; ik zou de eerste nemen.", options) == {0}
    assert read_choice("Nog steeds b: de loss daalt te traag.", options) == {1}


def test_a_pair_the_student_is_unsure_of_is_not_chosen():
    pairs = ["regressie — mean squared error (MSE)", "binaire classificatie — binary cross-entropy",
             "multi-class classificatie — categorical cross-entropy", "regressie — categorical cross-entropy"]
    answer = "MSE bij regressie en categorical cross-entropy bij multi-class, van de binaire ben ik niet zeker"
    assert read_choice(answer, pairs) == {0, 2}


def test_flemish_neeje_is_false():
    assert read_truth("neeje, relu(z) = max(0, z), dus negatief wordt 0")[0] is False


def test_an_exception_that_names_another_option_chooses_it_too():
    types = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("b, behalve model3, dat is sequentie-naar-sequentie door de return_sequences", types) == {0, 1}
    assert read_choice("b, behalve dat de laatste laag geen return_sequences heeft", types) == {1}


def test_a_hedge_with_a_purpose_chooses_the_other_option():
    losses = ["MSE", "accuracy", "binary cross-entropy", "categorical cross-entropy"]
    assert read_choice("MSE, of misschien accuracy om te zien hoeveel prijzen juist zijn", losses) == {0, 1}


def test_wrong_verdict_conceding_the_right_reason_is_partial():
    # "Waar, al …": the verdict, then the reason against it; the student half knows
    r = grade_truefalse("Waar, al kan de recurrente laag eigenlijk ook meerdere units hebben, met een Dense laag erboven.",
                        False, ONE_NEURON, "Niet waar")
    assert r.verdict is Verdict.PARTIAL
    assert "spreekt je oordeel tegen" in r.feedback[0]
    assert grade_truefalse("Waar, want de laag moet precies één unit hebben.", False, ONE_NEURON, "x").verdict \
        is Verdict.INCORRECT


def test_wrong_verdict_with_al_meaning_all_stays_incorrect():
    r = grade_truefalse("Waar, al de units moeten samen één waarde geven.", False, ONE_NEURON, "Niet waar")
    assert r.verdict is Verdict.INCORRECT


def test_a_number_settles_descriptions_that_fit_two_options():
    from dlquiz.types.choice import ChoiceQuestion

    question = ChoiceQuestion.validate({
        "id": "doel", "type": "choice", "prompt": "Wat is het doel van het venster dag 0 tot en met 55?",
        "options": ["de waarde van dag 56, de dag direct na het venster", "de waarde van dag 55, de laatste dag van het venster",
                    "de waarden van dag 56 tot en met dag 111, een even lang venster",
                    "de waarde van dag 0, de eerste dag van het venster"],
        "correct": ["de waarde van dag 56, de dag direct na het venster"], "shuffle": False,
        "descriptions": {"de waarde van dag 56, de dag direct na het venster": ["eerste dag erna", "de dag na het venster"],
                         "de waarde van dag 0, de eerste dag van het venster": ["eerste dag in het venster"]}})
    # "de eerste dag na het venster" fits both descriptions; "dag 56" is the first option's number
    assert question.grade("Dag 56, de eerste dag na het venster.", None).verdict is Verdict.CORRECT
    assert question.grade("dag 0, de eerste dag in het venster", None).details["chosen"] == [3]
    assert question.grade("de eerste dag na het venster", None).verdict is not Verdict.CORRECT  # no number: not told apart


def test_a_trailing_off_nee_corrects_the_first_choice():
    kinds = ["univariate tijdreeks", "multivariate tijdreeks"]
    assert read_choice("a... nee b, er zijn 4 features per tijdstap", kinds) == {1}
    assert read_choice("a… nee, b", kinds) == {1}
    assert read_choice("a... no idea really", kinds) == {0}  # "no idea" takes nothing back
    layers = ["laag 1", "laag 2", "laag 3", "de Dense-laag"]
    assert read_choice("laag 1 zeker, laag 2 twijfel ik... neen, alleen laag 1", layers) == {0}
    # "nee laat b maar weg" leaves an option out; it names no new choice
    pairs = ["regressie — mean squared error (MSE)", "binaire classificatie — binary cross-entropy",
             "multi-class classificatie — categorical cross-entropy", "regressie — categorical cross-entropy"]
    assert read_choice("a en c zeker, b twijfel ik... nee laat b maar weg", pairs) == {0, 2}


def test_so_with_a_denial_is_a_purpose_not_a_conclusion():
    from dlquiz.types.choice import ChoiceQuestion

    question = ChoiceQuestion.validate({
        "id": "pad", "type": "choice", "prompt": "Welke padding?", "shuffle": False,
        "options": ["causal: nullen links", "same: aan beide kanten", "causal: nullen rechts"],
        "correct": ["causal: nullen links"],
        "descriptions": {"causal: nullen links": ["cannot see the future"], "causal: nullen rechts": ["zeros on the right"]}})
    # "so the output can't see the future" says what for; the zeros are put on the right: no point for a
    assert question.grade("causal padding, zeros on the right so the output can't see the future", None).verdict \
        is not Verdict.CORRECT
    assert question.grade("causal padding, so: nullen links", None).verdict is Verdict.CORRECT


def test_a_change_of_mind_that_denies_one_option_keeps_the_others():
    pairs = ["regressie — mean squared error (MSE)", "binaire classificatie — binary cross-entropy",
             "multi-class classificatie — categorical cross-entropy", "regressie — categorical cross-entropy",
             "binaire classificatie — accuracy", "multi-class classificatie — mean squared error"]
    assert read_choice("a, b, c en f... nee f niet, MSE op kansen leert slecht", pairs) == {0, 1, 2}
    assert read_choice("a, b, c en f... nee wacht, f niet", pairs) == {0, 1, 2}
    assert read_choice("a en b... nee wacht, c", pairs) == {2}  # a new choice, not a denial


def test_a_change_of_mind_may_close_with_het_is():
    targets = ["de waarde van dag 56, de dag direct na het venster", "de waarde van dag 55, de laatste dag van het venster",
               "de waarden van dag 56 tot en met dag 111, een even lang venster", "de waarde van dag 0, de eerste dag van het venster"]
    assert read_choice("b... nee, dag 55 zit nog in de invoer, het is dag 56", targets) == {0}
    losses = ["mean squared error", "binary cross-entropy", "categorical cross-entropy", "accuracy"]
    assert read_choice("accuracy.. nee wacht, dat is geen loss. a dan", losses) == {0}  # "dat is" opens a reason here


def test_gewone_names_the_plain_one_of_two_options():
    losses = ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy", "mean_squared_error"]
    assert read_choice("de gewone categorical", losses) == {1}
    assert read_choice("sparse of gewone categorical, maakt niet uit, zelfde formule", losses) == {0, 1}  # a hedge
    # "gewoon" as an adjective ("sparse of gewoon categorical") is the plain one too
    assert read_choice("sparse of gewoon categorical, het is allebei dezelfde crossentropie dus maakt niet uit", losses) == {0, 1}
    assert read_choice("gewoon de sparse", losses) == {0}


@pytest.mark.parametrize(("answer", "truth"), [
    ("Niet waar, het komt door c(t)... al helpen meer gewichten ook. Dus eigenlijk toch waar.", True),
    ("Niet waar, elk venster houdt zijn volgorde... hmm, maar dan zie je de toekomst. Dus toch waar.", True),
    ("Waar, want de gewichten zijn gedeeld. Hmm, dus toch niet waar.", False),
    ("True, it reuses the weights... so actually false after all.", False),
    ("Niet waar, want de gewichten zijn gedeeld, dus niet waar.", False),  # the same verdict said again
    ("Niet waar: de gewichten worden gedeeld, dus het klopt toch niet.", False),
])
def test_a_verdict_taken_back_at_the_end_is_the_answer(answer, truth):
    from dlquiz.grading.choice import read_truth

    assert read_truth(answer)[0] is truth


def test_letters_typed_without_commas():
    six = ["r mse", "b bce", "m cce", "r cce", "b acc", "m mse"]
    assert read_choice("abc", six) == {0, 1, 2}
    assert read_choice("abc en e", six) == {0, 1, 2, 4}
    assert read_choice("de eerste", six) == {0}  # "de" is a word, not d and e
    assert read_choice("ab", ["waar", "niet waar"]) is None  # two options: no run to read


def test_an_arrow_inside_a_name_joins_it():
    kinds = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("reeks→vector", kinds) == {1}
    assert read_choice("seq→vec", kinds) == {1}
    assert read_choice("b → want er komt één vector uit", kinds) == {1}  # with a blank after it, a reason follows


def test_met_and_zonder_tell_two_options_apart():
    models = ["Een SimpleRNN(32) en een Dense(1), 14 keer na elkaar.", "Een SimpleRNN(32) zonder return_sequences, gevolgd door een Dense(14).",
              "Een SimpleRNN(32, return_sequences=True), gevolgd door een Dense(14).", "Een SimpleRNN(14) zonder return_sequences en zonder Dense-laag."]
    assert read_choice("die met return_sequences", models) == {2}
    assert read_choice("die zonder Dense-laag", models) == {3}
    acts = ["sigmoid", "softmax", "ReLU", "geen (lineair)"]
    assert read_choice("geen sigmoid en geen softmax", acts) is None  # two denials choose neither ReLU nor "geen"


def test_a_denial_after_ook_or_zeker_denies_too():
    fixes = ["de learning rate verhogen", "de learning rate verlagen", "de validatieset vergroten", "dropout toevoegen"]
    # "maar ook niet verhogen": both are denied, so no option is chosen (not the second one)
    assert read_choice("niet verlagen maar ook niet verhogen, gewoon meer epochs", fixes) != {0}
    assert read_choice("dropout toevoegen, zeker niet de learning rate verhogen", fixes) == {3}
    assert read_choice("niet verlagen maar verhogen", fixes) == {0}


def test_allebei_names_both_options_it_goes_on_to_name():
    kinds = ["sequentie-naar-sequentie model", "sequentie-naar-vector model", "vector-naar-sequentie model"]
    assert read_choice("eigenlijk allebei: s2v qua vorm maar s2s qua betekenis", kinds) == {0, 1}
    assert read_choice("both: seq2seq and seq2vec", kinds) == {0, 1}
    assert read_choice("s2v qua vorm", kinds) == {1}


@pytest.mark.parametrize("answer, chosen", [("de 2de optie", {1}), ("1ste optie", {0}), ("de 3e", {2}),
                                            ("the 2nd one", {1}), ("4th", {3})])
def test_an_ordinal_written_with_a_digit(answer, chosen):
    assert read_choice(answer, ["ReLU", "softmax", "sigmoid", "tanh"]) == chosen


def test_a_denial_then_a_name_after_a_comma_chooses_the_name():
    acts = ["sigmoid", "softmax", "ReLU", "geen (lineair)"]
    assert read_choice("not softmax, sigmoid", acts) == {0}
    assert read_choice("niet relu, niet softmax, sigmoid", acts) == {0}
    assert read_choice("niet b, niet c, niet d → a", acts) == {0}
    # a longer piece after the comma is the reason, and a list stays denied
    assert read_choice("niet softmax, dat is voor meerdere klassen", acts) != {0}
    assert read_choice("niet b, c en d; de rest klopt", acts) == {0}


@pytest.mark.parametrize("answer", ["de eerste optie ofzo, forward eerst", "a ofzo", "de eerste zoiets", "a gok ik"])
def test_ofzo_and_gok_only_hedge_the_choice(answer):
    steps = ["forward pass, loss, backprop, update", "loss, forward, backprop, update", "backprop, forward, loss, update"]
    assert read_choice(answer, steps) == {0}


@pytest.mark.parametrize(("answer", "chosen", "verdict"), [
    # the reason is another option's description said again: the student stands behind both
    ("c, want negatieve waarden worden nul", [2], "correct"),
    ("c, want het is een S-curve tussen 0 en 1", [0, 2], "incorrect"),
    # a reason with words of its own is a (wrong) claim about the choice: the option still counts
    ("c, want ReLU is een S-curve tussen 0 en 1", [2], "correct"),
])
def test_a_reason_that_only_restates_another_options_description_chooses_both(answer, chosen, verdict):
    result = described_question().grade(answer, None)
    assert (result.details["chosen"], result.verdict.value) == (chosen, verdict)


def test_a_denial_after_ook_or_zeker_denies_that_option_only():
    steps = ["de learning rate verhogen", "de learning rate verlagen", "de validatieset vergroten", "dropout toevoegen"]
    assert read_choice("niet verlagen maar ook niet verhogen, gewoon meer epochs", steps) is None
    assert read_choice("verhogen, zeker niet verlagen", steps) == {0}


def test_a_doubt_after_a_condition_takes_no_hedged_option_back():
    steps = ["de learning rate verhogen", "de learning rate verlagen", "de validatieset vergroten", "dropout toevoegen"]
    assert read_choice("de learning rate verhogen, of dropout toevoegen zodat hij beter generaliseert, weet het niet goed",
                       steps) == {0, 3}


@pytest.mark.parametrize("answer", ["laag 1 en 2 uiteraard, de 3de ni", "laag 1 en 2, niet laag 3", "1 & 2 sowieso"])
def test_numbered_options_with_a_denied_piece_or_a_hedge(answer):
    assert read_choice(answer, ["laag 1", "laag 2", "laag 3", "de Dense-laag"]) == {0, 1}


def test_a_number_right_after_an_ordinal_names_the_option():
    # "de eerste, dag 0": the ordinal counts days here, and the number says which option is meant
    targets = ["de waarde van dag 56, de dag direct na het venster", "de waarde van dag 55, de laatste dag van het venster",
               "de waarden van dag 56 tot en met dag 111, een even lang venster", "de waarde van dag 0, de eerste dag van het venster"]
    assert read_choice("niet de laatste dag van het venster maar de eerste, dag 0", targets) == {3}
    assert read_choice("de eerste", targets) == {0}
    # a longer part after the ordinal is what it is, not the option's number
    steps = ["Dense(1) en 14 keer voorspellen", "Dense(14) op de laatste uitvoer", "return_sequences=True en Dense(14)"]
    assert read_choice("de derde: return_sequences=True en dan een Dense(14)", steps) == {2}


@pytest.mark.parametrize("answer", ["nietwaar, relu zet negatieve waarden op nul", "NIETWAAR want max(0, z)",
                                    "nietjuist: negatief wordt 0"])
def test_niet_waar_written_as_one_word_is_a_verdict(answer):
    # before, the student was told "Ik lees geen waar of niet waar" and had to type the answer again
    truth, reason = read_truth(answer)
    assert truth is False and reason and not reason.lower().startswith("niet")

"""Open answers: normalising, phrase matching (stems, typos, compounds, negation) and rubric grading."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dlquiz.grading.result import Verdict
from dlquiz.grading.rubric import Concept, Misconception, Rubric
from dlquiz.grading.text import grade_open, matches_any, normalize
from dlquiz.i18n import set_lang

CAUSAL = Rubric.validate(
    {
        "concepts": [
            {
                "id": "causaal",
                "label": "causale padding",
                "required": True,
                "phrases": ["causal padding", "causale padding", "padding='causal'"],
            },
            {
                "id": "links",
                "label": "nullen enkel links (het verleden)",
                "phrases": ["links", "linkerkant", "left", "verleden", "the past", "begin van de reeks"],
            },
            {
                "id": "toekomst",
                "label": "de uitvoer op t hangt niet af van de toekomst",
                "weight": 2,
                "phrases": [
                    "niet in de toekomst kijken",
                    "geen informatie uit de toekomst",
                    "no peeking into the future",
                    "not depend on the future",
                    "niet spieken",
                ],
            },
        ],
        "misconceptions": [
            {
                "label": "same padding",
                "phrases": ["gebruikt same padding", "uses same padding"],
                "feedback": "Same padding vult aan beide kanten aan; WaveNet gebruikt causal padding.",
            }
        ],
    }
)

LAYER_NORM = Rubric.validate(
    {
        "concepts": [
            {
                "id": "instantie",
                "label": "normaliseert per instantie",
                "weight": 2,
                "required": True,
                "phrases": [
                    "per instantie",
                    "elke instantie",
                    "per voorbeeld",
                    "per sample",
                    "each instance",
                    "per instance",
                    "each sample",
                ],
            },
            {
                "id": "features",
                "label": "over de features",
                "phrases": ["over de features", "over de kenmerken", "across the features", "across all features"],
            },
            {
                "id": "training",
                "label": "zelfde gedrag bij training en inferentie",
                "phrases": [
                    "training en inferentie hetzelfde",
                    "onafhankelijk van de batch",
                    "same during training and inference",
                    "independent of the batch",
                ],
            },
        ],
        "misconceptions": [
            {
                "label": "normaliseert over de batch",
                "phrases": ["over de batch", "across the batch", "per batch"],
                "feedback": "Dat doet batch normalization; layer normalization werkt per instantie.",
            }
        ],
    }
)

TIME_SPLIT = Rubric.validate(
    {
        "concepts": [
            {
                "id": "chronologisch",
                "label": "splitsen in de tijd",
                "weight": 2,
                "required": True,
                "phrases": [
                    "chronologisch",
                    "in volgorde van de tijd",
                    "split by time",
                    "chronological",
                    "in time order",
                    "oudste periode",
                    "oldest period",
                ],
            },
            {
                "id": "recent",
                "label": "test op de meest recente periode",
                "phrases": ["meest recente", "laatste periode", "most recent", "latest period"],
            },
            {
                "id": "standaard",
                "label": "de standaard manier verdeelt willekeurig",
                "phrases": [
                    "standaard willekeurig",
                    "gewoonlijk willekeurig",
                    "normaal willekeurig",
                    "standard random",
                    "usually random",
                ],
            },
        ],
        "misconceptions": [
            {
                "label": "een tijdreeks willekeurig shuffelen",
                "phrases": [
                    "tijdreeks willekeurig shuffelen",
                    "tijdreeks shuffelen",
                    "shuffle time series",
                    "time series randomly",
                ],
                "feedback": "Willekeurig shuffelen lekt de toekomst in de trainingsdata.",
            }
        ],
    }
)


@pytest.fixture(autouse=True)
def dutch():
    set_lang("nl")
    yield
    set_lang(None)


def grade(answer: str, rubric: Rubric = CAUSAL):
    return grade_open(answer, rubric, "model answer")


# --- normalize ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Eén  Gradiënt", ["een", "gradient"]),
        ("return_sequences=True", ["return_sequences", "true"]),
        ("Conv1D, ReLU", ["conv1d", "relu"]),
        ("sequentie-naar-vector", ["sequentie", "naar", "vector"]),
        ("niet-lineair, non-linear", ["nietlineair", "nietlineair"]),  # one word each, and the same one
        ("it can't, doesn't", ["it", "cannot", "does", "not"]),
        ("γ en β: 0,5", ["gamma", "en", "beta", "0,5"]),
        # a sign before a symbol is read: 1/(1+e^-z) is not 1/(1+e^z); a subtraction stays a number
        ("1/(1+e^-z)", ["1", "1", "e", "min", "z"]),
        ("1/(1+e^z)", ["1", "1", "e", "z"]),
        ("e tot de macht -z", ["e", "tot", "de", "macht", "min", "z"]),
        ("α(e^z − 1)", ["alpha", "e", "z", "1"]),
        ("", []),
    ],
)
def test_normalize(text, tokens):
    assert normalize(text) == tokens


# --- word matching -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("vanishig gradients", "vanishing gradients"),
        ("verdwijnende gradiënten", "verdwijnende gradienten"),
        ("exploderende gradiënten", "exploding gradients"),
        ("variabel aantal tijdstapen", "tijdstappen"),
        ("kijkt enkel naar het verledan", "verleden"),
        ("casual padding", "causal padding"),
        ("causale padding", "causal padding"),
        ("NORMALISEERT", "normaliseren"),
        ("tijdreeksdata", "tijdreeks"),
        ("de foutgradiënten", "gradienten"),
        ("de invoerlaag", "invoer laag"),
        ("het aantal tijd stappen", "tijdstappen"),
        ("return sequences op true", "return_sequences=True"),
        ("return_sequences=True", "return sequences true"),
    ],
)
def test_phrase_matches_despite_form(answer, phrase):
    assert matches_any(answer, [phrase])


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("some padding", "same padding"),
        ("form", "norm"),
        ("conv2d", "conv1d"),
        ("een latere stap", "layer"),
        ("adding zeros", "padding"),
        ("a match", "batch"),
        ("relu", "elu"),
        ("softplus", "softmax"),
        ("non-causal padding", "causal padding"),
        ("onafhankelijk van de batch", "afhankelijk van de batch"),
        ("een niet-lineaire functie", "lineaire functie"),
        ("incorrect", "correct"),
    ],
)
def test_different_words_do_not_match(answer, phrase):
    assert not matches_any(answer, [phrase])


def test_phrase_words_must_be_close_together():
    assert matches_any("padding die causal is", ["causal padding"])
    far = "causal is het woord uit de vraag en pas veel later komt er iets over padding"
    assert not matches_any(far, ["causal padding"])


def test_phrase_stays_inside_one_sentence():
    phrase = ["testset hyperparameters afstemmen"]
    assert not matches_any("validatieset: hyperparameters afstemmen; testset: pas op het einde", phrase)
    assert not matches_any("hyperparameters afstemmen. De testset", phrase)
    assert matches_any("testset: hyperparameters afstemmen", phrase)
    assert matches_any("de testset, hyperparameters afstemmen", phrase)


def test_stop_words_in_a_phrase_are_not_needed():
    assert matches_any("over alle features", ["over de features"])


# --- negation ----------------------------------------------------------------------------------


def test_negated_phrase_does_not_count():
    assert not matches_any("het is niet causal padding", ["causal padding"])
    assert not matches_any("it is not causal padding", ["causal padding"])
    assert not matches_any("no causal padding here", ["causal padding"])


def test_negation_ends_at_the_clause():
    assert matches_any("geen same padding, maar causal padding", ["causal padding"])
    assert matches_any("niet same padding maar causal padding", ["causal padding"])
    assert not matches_any("geen same padding maar causal padding", ["same padding"])


def test_negation_reaches_three_content_words():
    assert not matches_any("het model kijkt niet naar de toekomst", ["toekomst"])
    assert matches_any("niet te groot, niet te klein en daarna pas de toekomst", ["toekomst"])


def test_geen_and_zonder_deny_only_the_next_word():
    assert matches_any("zonder activatie blijft alles lineair", ["blijft lineair"])
    assert not matches_any("zonder activatie blijft alles lineair", ["activatie"])
    assert not matches_any("geen same padding", ["same padding"])


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("Open, High en Low; Close niet want dat voorspellen we", "close"),
        ("het model mag de toekomst niet zien", "toekomst"),
        ("Volume is not used", "volume"),
    ],
)
def test_trailing_niet_negates_the_word_before(answer, phrase):
    assert not matches_any(answer, [phrase])


def test_trailing_niet_reaches_only_one_word_back():
    assert matches_any("Causal padding zorgt dat het model niet spiekt", ["causal padding"])
    assert matches_any("Open, High en Low; Close niet", ["open"])


def test_a_fronted_object_before_verb_je_niet_is_denied():
    # "een maat zoals de MAE heb je niet nodig": the object comes first, then the verb, "je" and "niet"
    assert not matches_any("een maat zoals de MAE heb je niet nodig", ["maat"])
    assert not matches_any("de kolom Date gebruik je niet", ["kolom date"])
    # "het model ziet je niet" has no object in front: only the usual one word back is denied
    assert matches_any("een maat zoals de MAE, die heb je nodig", ["maat"])


def test_number_words_and_digits():
    assert matches_any("de rank is twee", ["rank 2"])
    assert matches_any("rank two", ["rank 2"])
    assert not matches_any("een vector", ["1 vector"])


def test_negative_numbers():
    assert matches_any("alpha*(e^x -1) voor x<0", ["e^x - 1"])
    assert matches_any("uitvoer tussen \u22121 en 1", ["tussen -1 en 1"])
    assert not matches_any("uitvoer tussen 0 en 1", ["tussen -1 en 1"])
    assert normalize("Ŷ(t-1), (-1, 1)") == ["y", "t", "1", "-1", "1"]


def test_none_is_an_axis_not_a_negation():
    assert matches_any("vorm (None, None, 5): batch None en variabele tijdstappen", ["variabele tijdstappen"])


def test_not_only_is_no_negation():
    assert matches_any("niet alleen het verleden maar ook", ["verleden"])
    assert matches_any("not only the past", ["the past"])


def test_phrase_with_its_own_negator():
    peek = ["niet in de toekomst kijken"]
    assert matches_any("zonder in de toekomst te kijken", peek)
    assert matches_any("het model mag nooit in de toekomst kijken", peek)
    assert not matches_any("het model kijkt in de toekomst", peek)
    assert not matches_any("kijkt in de toekomst, niet in het verleden", peek)


def test_phrase_that_ends_in_its_negator_denies_the_claim_before_it():
    # "leert niets": nothing follows the negator for it to deny, so it denies the claim it closes.
    assert matches_any("de eerste lagen leren bijna niets", ["eerste lagen leren niets"])
    assert matches_any("stapelen levert niets op, het blijft lineair", ["stapelen levert niets op"])
    assert matches_any("early steps learn nothing at all", ["early steps learn nothing"])
    assert not matches_any("de eerste lagen leren het meest", ["eerste lagen leren niets"])
    # a negator that denies something else is not this claim's
    assert not matches_any("het model leert de features, niet de labels", ["model leert niets"])


def test_phrase_with_in_plaats_van_is_read_as_written():
    # what comes before "in plaats van" is said, what follows is set aside, by the answer's own "in plaats van"
    assert matches_any("ze gebruiken ReLU ipv tanh", ["relu in plaats van tanh"])
    assert matches_any("relu rather than tanh", ["relu in plaats van tanh"])
    assert not matches_any("tanh in plaats van relu", ["relu in plaats van tanh"])
    assert not matches_any("niet relu maar tanh", ["relu in plaats van tanh"])
    assert matches_any("je past het bestand aan in plaats van de code", ["in plaats van de code"])
    assert not matches_any("het is geen Python-code", ["in plaats van de code"])
    assert matches_any("3 keer in plaats van 4", ["3 in plaats van 4"])
    assert not matches_any("4 in plaats van 3", ["3 in plaats van 4"])


def test_positive_phrase_is_negated_by_zonder():
    assert not matches_any("zonder in de toekomst te kijken", ["toekomst kijken"])
    assert matches_any("het model kan in de toekomst kijken", ["toekomst kijken"])


def test_english_negator_phrase():
    assert matches_any("No peeking into the future!", ["no peeking into the future"])
    assert matches_any("it never peeks into the future", ["no peeking into the future"])
    assert not matches_any("it peeks into the future", ["no peeking into the future"])


# --- grading: causal padding -------------------------------------------------------------------


def test_causal_right_in_dutch_other_words():
    r = grade(
        "Er worden enkel aan de linkerkant nullen toegevoegd (causale padding), zodat de uitvoer op "
        "tijdstip t nooit informatie uit de toekomst gebruikt."
    )
    assert r.verdict is Verdict.CORRECT
    assert r.score == 1
    assert r.details == {"hit": ["causaal", "links", "toekomst"], "missed": [], "misconceptions": []}


def test_causal_right_in_english():
    r = grade("Causal padding adds zeros only on the left, so the output does not depend on the future.")
    assert r.verdict is Verdict.CORRECT


def test_causal_right_with_typos():
    r = grade("casual paddign: nulen worden links toegevoegd zodat het model niet in de toekomts kan kijken")
    assert r.verdict is Verdict.CORRECT, r.feedback


def test_causal_negated_is_not_correct():
    r = grade("Het is niet causal padding, de toekomst is zichtbaar")
    assert r.verdict is Verdict.INCORRECT
    assert "causaal" in r.details["missed"]


def test_causal_misconception_caps_and_explains():
    r = grade("WaveNet gebruikt same padding, er worden links en rechts nullen toegevoegd")
    assert r.verdict is Verdict.INCORRECT
    assert r.details["misconceptions"] == ["same padding"]
    assert any(line.startswith("! ") and "beide kanten" in line for line in r.feedback)


def test_naming_same_padding_to_contrast_is_no_misconception():
    r = grade("In tegenstelling tot same padding worden bij causal padding enkel links nullen toegevoegd.")
    assert r.details["misconceptions"] == []


def test_misconception_keeps_a_full_answer_from_correct():
    r = grade("Causal padding met nullen links, niet in de toekomst kijken; WaveNet gebruikt same padding.")
    assert r.details["hit"] == ["causaal", "links", "toekomst"]
    assert r.verdict is Verdict.PARTIAL
    assert r.score < CAUSAL.correct_at


def test_missing_required_concept_caps_at_partial():
    r = grade("Nullen links zodat het model niet in de toekomst kan kijken")
    assert r.details["missed"] == ["causaal"]
    assert r.score == pytest.approx(0.74)
    assert r.verdict is Verdict.PARTIAL
    assert "✗ causale padding (vereist)" in r.feedback


def test_feedback_lines_name_hit_and_missed_concepts():
    r = grade("causal padding")
    assert r.feedback == [
        "✓ causale padding",
        "✗ nullen enkel links (het verleden)",
        "✗ de uitvoer op t hangt niet af van de toekomst",
    ]
    assert r.score == pytest.approx(0.25)
    assert r.verdict is Verdict.INCORRECT
    assert r.expected == "model answer"


def test_feedback_in_english():
    set_lang("en")
    r = grade("left, no peeking into the future")
    assert "✗ causale padding (required)" in r.feedback


# --- grading: layer normalisation --------------------------------------------------------------


def test_layer_norm_right_in_dutch():
    r = grade(
        "Bij layer normalization wordt elke instantie apart genormaliseerd: gemiddelde en standaardafwijking "
        "over al zijn features, dus onafhankelijk van de batch.",
        LAYER_NORM,
    )
    assert r.verdict is Verdict.CORRECT
    assert r.details["misconceptions"] == []


def test_layer_norm_right_in_english():
    r = grade(
        "Layer norm normalizes each instance across all its features, not across the batch, so it behaves "
        "the same during training and inference.",
        LAYER_NORM,
    )
    assert r.verdict is Verdict.CORRECT
    assert r.score == 1


def test_layer_norm_wrong_with_the_questions_key_words():
    r = grade("layer norm normaliseert elke feature over de batch", LAYER_NORM)
    assert r.verdict is Verdict.INCORRECT
    assert r.details["misconceptions"] == ["normaliseert over de batch"]
    assert "instantie" in r.details["missed"]


def test_layer_norm_negated_right_answer():
    r = grade("Layer norm normaliseert niet per instantie maar over de batch", LAYER_NORM)
    assert r.verdict is Verdict.INCORRECT
    assert r.details["hit"] == []


# --- grading: time-series split ----------------------------------------------------------------


def test_time_split_right():
    r = grade(
        "Chronologisch: trainen op de oudste data, valideren op een latere periode en testen op de meest "
        "recente. Standaard verdeel je willekeurig, maar dat lekt hier de toekomst.",
        TIME_SPLIT,
    )
    assert r.verdict is Verdict.CORRECT


def test_time_split_right_in_english():
    r = grade("You split by time: train on the past, test on the most recent period.", TIME_SPLIT)
    assert r.verdict is Verdict.CORRECT
    assert r.details["missed"] == ["standaard"]


def test_time_split_shuffling_is_a_misconception():
    r = grade("Je shuffelt de tijdreeksdata willekeurig en neemt dan 80% train en 20% test.", TIME_SPLIT)
    assert r.verdict is Verdict.INCORRECT
    assert r.details["misconceptions"] == ["een tijdreeks willekeurig shuffelen"]


def test_time_split_refusing_to_shuffle_is_no_misconception():
    r = grade("Chronologisch splitsen; je mag de tijdreeks nooit shuffelen. Test op de meest recente data.", TIME_SPLIT)
    assert r.details["misconceptions"] == []
    assert r.verdict is Verdict.CORRECT


# --- robustness --------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", ["", "   \n\t ", "?!...", None])
def test_empty_answer(answer):
    r = grade_open(answer, CAUSAL, "x")
    assert r.score == 0
    assert r.verdict is Verdict.INCORRECT
    assert r.feedback == ["Geen antwoord gegeven."]
    assert r.details["missed"] == ["causaal", "links", "toekomst"]


def test_huge_answer_is_read_from_its_start_and_says_it_was_cut():
    # How fast this goes is measured in benchmarks/run.py ("1 MB answer"), not asserted here.
    answer = "causal padding links " + "bla " * 260_000
    r = grade(answer)
    assert len(answer) > 1_000_000
    assert r.details["hit"] == ["causaal", "links"]
    assert r.feedback[-1] == "Je antwoord is te lang: alleen het begin (hoogstens 2000 woorden) is gelezen."


def test_a_megabyte_of_distinct_words_is_graded_from_its_start():
    rng = random.Random(5)
    answer = "per instantie " + " ".join("".join(rng.choices(string.ascii_lowercase, k=rng.randint(5, 12)))
                                         for _ in range(110_000))
    r = grade(answer, LAYER_NORM)
    assert r.feedback[-1].startswith("Je antwoord is te lang") and r.details["hit"]


def test_one_huge_word_is_no_answer_of_substance():
    r = grade("x" * 1_000_000)
    assert r.score == 0


def test_binary_garbage():
    garbage = bytes(range(256)).decode("latin-1") * 50 + "\x00\ud800"
    r = grade(garbage)
    assert r.verdict is Verdict.INCORRECT
    assert grade_open(b"\xff\xfe causal padding", CAUSAL, "x").details["hit"] == ["causaal"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_grades(answer):
    r = grade(answer)
    assert 0 <= r.score <= 1


@pytest.mark.parametrize(
    "twins",
    [
        ("Causal padding: nullen LINKS", "causal   padding :nullen links"),
        ("layer norm normaliseert elke feature over de batch", "Layer Norm normaliseert  elke Feature over de Batch."),
        ("Het is niet causal padding", "het is NIET causal-padding"),
    ],
)
def test_spacing_and_case_twins_agree(twins):
    first, second = (grade(t, LAYER_NORM if "layer" in t.lower() else CAUSAL) for t in twins)
    assert first.verdict is second.verdict
    assert first.score == second.score


# --- rubric validation -------------------------------------------------------------------------


def test_concept_ids_unique():
    concept = {"id": "a", "label": "A", "phrases": ["a"]}
    with pytest.raises(ValidationError, match="moeten uniek zijn"):
        Rubric.validate({"concepts": [concept, concept]})


def test_rubric_rejects_unknown_keys_and_empty_phrases():
    with pytest.raises(ValidationError):
        Concept.validate({"id": "a", "label": "A", "phrases": ["a"], "wieght": 2})
    with pytest.raises(ValidationError):
        Concept.validate({"id": "a", "label": "A", "phrases": []})
    with pytest.raises(ValidationError, match="heeft geen woorden"):
        Misconception.validate({"label": "m", "phrases": ["—"]})
    with pytest.raises(ValidationError, match="alleen een ontkenning"):
        Concept.validate({"id": "a", "label": "A", "phrases": ["niet"]})
    with pytest.raises(ValidationError):
        Rubric.validate({"concepts": [{"id": "a", "label": "A", "phrases": ["a"]}], "correct_at": 0.3, "partial_at": 0.5})


def test_rubric_thresholds_decide_the_verdict():
    rubric = Rubric.validate({
        "concepts": [{"id": "a", "label": "A", "phrases": ["tanh"]}, {"id": "b", "label": "B", "phrases": ["standaard"]}],
        "correct_at": 0.5,
        "partial_at": 0.5,
    })
    assert grade("tanh", rubric).verdict is Verdict.CORRECT


def test_matches_any_activation_names():
    tanh = ["tanh", "tangens hyperbolicus", "hyperbolic tangent"]
    assert matches_any("Tanh (de standaard)", tanh)
    assert matches_any("de tangens hyperbolicus", tanh)
    assert not matches_any("relu", tanh)
    assert not matches_any("niet tanh, wel relu", tanh)
    assert not matches_any("tanh", [])


def test_a_glued_phrase_is_not_stemmed_into_another_word():
    # "causal at the end" glued is "causalend"; its Dutch stem "causal" must not make "causaal" a hit.
    assert not matches_any("het is causaal", ["causal at the end"])
    assert matches_any("causal padding at the end", ["causal at the end"])
    assert matches_any("de invoerlaag", ["invoer laag"])


# --- a bare list of terms ------------------------------------------------------------------------
@pytest.mark.parametrize("answer, bare", [
    ("divergentie, oscillatie, trage convergentie, lokaal minimum", True),
    ("causal padding, toekomst, verleden", True),
    ("Causale padding zet de nullen links, zodat de uitvoer de toekomst niet ziet.", False),
    ("meer units = meer capaciteit, meer parameters, overfitting", False),  # "=" states a relation
    ("batch en tijdstappen varieeren, features liggen vast", False),
    ("causal padding", False),  # one term, not a list
    ("return_sequences=True, alle lagen, sequentie", True),  # "=" inside a name states nothing
    ("fout, voorspelling vs target, minimaliseren, gradiënt", True),  # an infinitive in a list is a term
    ("invoer x(t), verborgen toestand h(t−1), gemiddelde", True),  # a symbol's letters are not words
    ("2D (batch, units) standaard, 3D (batch, tijdstappen, units) met return_sequences", False),  # shapes, not items
    ("de verborgen toestand van de vorige stap wordt gemaskeerd, gemiddelde, spreiding", False),
    ("- minder geheugen - grote datasets - streaming data - prefetch", True),  # bullets are items
    ("lr te groot - het model springt over het minimum - loss gaat omhoog", False),  # dashes between claims
    ("capacity, parameters, overfitting, compute time", True),  # "compute time" is a noun
    ("max(αz, z), α = 0,01, dying ReLU, gradiënt", True),  # a symbol set to a value claims nothing
    ("ReLU = 0, meer units = meer parameters, overfitting", False),  # a name equal to something is a claim
    # a chain of arrows in brackets names the steps of one term; one arrow between words is a claim
    ("representation learning, geen feature engineering, hiërarchie (randen->vormen->objecten), veel data", True),
    ("divergentie, oscillatie (te groot -> divergeert), trage convergentie", False),
])
def test_a_bare_list_of_terms_is_told_from_a_claim(answer, bare):
    from dlquiz.grading.text import is_term_list

    assert is_term_list(answer) is bare


def test_a_bare_list_earns_at_most_partial_unless_the_question_asks_for_a_list():
    rubric = {"concepts": [{"id": "links", "label": "nullen links", "phrases": ["causal padding", "nullen links"]},
                           {"id": "toekomst", "label": "geen toekomst", "phrases": ["niet in de toekomst kijken", "toekomst"]}]}
    claim = "Causal padding zet de nullen links, zodat de uitvoer niet in de toekomst kijkt."
    terms = "causal padding, nullen links, toekomst"
    assert grade_open(claim, Rubric.validate(rubric), "x").verdict is Verdict.CORRECT
    bare = grade_open(terms, Rubric.validate(rubric), "x")
    assert bare.verdict is Verdict.PARTIAL and "schrijf het als een bewering" in bare.feedback[-1]
    listed = grade_open(terms, Rubric.validate({**rubric, "list_answer": True}), "x")
    assert listed.verdict is Verdict.CORRECT


def test_a_bare_list_of_the_right_terms_is_partial_even_when_they_weigh_little():
    """A marker gives the right terms without a claim partial, also where they reach only a small score."""
    rubric = Rubric.validate({"concepts": [
        {"id": "gd", "label": "tegen de gradiënt in", "phrases": ["tegen de gradient in", "gradient"]},
        {"id": "lr", "label": "learning rate = stapgrootte", "weight": 2, "phrases": ["stapgrootte"]},
        {"id": "soorten", "label": "batch, SGD, mini-batch", "weight": 2, "phrases": ["hele dataset per stap"]},
    ]})
    assert grade_open("gradiënt, stapgrootte, batch", rubric, "x").verdict is Verdict.PARTIAL
    assert grade_open("loss, batch, SGD", rubric, "x").verdict is Verdict.INCORRECT  # no right term at all
    # one right term among wrong ones is no list of the right terms
    assert grade_open("gradiënt, loss, batch, SGD", rubric, "x").verdict is Verdict.INCORRECT


# --- claims about subjects: the same claim about a sibling is a swap ------------------------------
NORMS = Rubric.validate({
    "subjects": {"bn": ["batch norm", "bn"], "ln": ["layer norm", "ln"]},
    "concepts": [
        {"id": "bn-batch", "about": "bn", "label": "batch norm: over de batch", "phrases": ["over de batch"]},
        {"id": "ln-instantie", "about": "ln", "label": "layer norm: per instantie", "phrases": ["per instantie"]},
    ],
})


@pytest.mark.parametrize("answer, verdict", [
    ("Batch norm normaliseert over de batch, layer norm per instantie.", Verdict.CORRECT),
    ("Layer norm: per instantie. Batch norm: over de batch.", Verdict.CORRECT),       # a colon keeps the subject
    ("Bij layer norm normaliseer je per instantie, bij BN over de batch.", Verdict.CORRECT),
    ("Batch norm normaliseert per instantie, layer norm over de batch.", Verdict.INCORRECT),  # both swapped
    ("BN: per instantie; LN: over de batch", Verdict.INCORRECT),
    ("Layer norm normaliseert over de batch en ook per instantie.", Verdict.PARTIAL),   # one claim swapped
])
def test_a_claim_counts_only_about_its_own_subject(answer, verdict):
    result = grade_open(answer, NORMS, "x")
    assert result.verdict is verdict, result.feedback


ENC_DEC = Rubric.validate({
    "subjects": {"encoder": ["encoder"], "decoder": ["decoder"]},
    "concepts": [
        {"id": "enc", "about": "encoder", "label": "encoder: leest de zin in een vector",
         "phrases": ["maakt een vector", "in een vector"]},
        {"id": "dec", "about": "decoder", "label": "decoder: schrijft de vertaling", "phrases": ["maakt de vertaling"]},
    ],
})


def test_a_match_across_a_comma_with_another_subject_between_its_words_is_no_claim():
    # "vector, de encoder maakt" holds the words of "maakt een vector" across two claims, with the encoder
    # between them: it is no claim that the encoder makes a vector, so both claims are swapped
    swapped = "De decoder leest de zin en vat hem samen in een vector, de encoder maakt daar de vertaling van."
    assert grade_open(swapped, ENC_DEC, "x").verdict is Verdict.INCORRECT
    right = "De encoder leest de zin en vat hem samen in een vector, de decoder maakt daar de vertaling van."
    assert grade_open(right, ENC_DEC, "x").verdict is Verdict.CORRECT


def test_a_subject_after_en_opens_the_next_claim():
    # "per instantie" is said of layer norm, named before it, not of batch norm, which opens the next claim
    answer = "Layer norm normaliseert de waarden van elke rij afzonderlijk per instantie en batch norm over de batch."
    assert grade_open(answer, NORMS, "x").verdict is Verdict.CORRECT
    # a subject after the claim, with no "en" between, still owns it
    assert grade_open("Per instantie werkt layer norm; over de batch werkt batch norm.", NORMS, "x").verdict is Verdict.CORRECT


def test_an_exchange_counts_once_where_the_rubric_says_so():
    # two parts: the norms, and a third point; the norms exchanged is two swaps (incorrect) by default, and one
    # mistake with exchange_counts_once (partial at most, the score decides)
    data = {
        "subjects": {"bn": ["batch norm", "bn"], "ln": ["layer norm", "ln"]},
        "partial_at": 0.3,
        "concepts": [
            {"id": "bn-batch", "about": "bn", "label": "batch norm: over de batch", "phrases": ["over de batch"]},
            {"id": "ln-instantie", "about": "ln", "label": "layer norm: per instantie", "phrases": ["per instantie"]},
            {"id": "rnn", "label": "layer norm past bij een RNN", "weight": 2, "phrases": ["rnn"]},
        ],
    }
    exchanged = "Batch norm normaliseert per instantie, layer norm over de batch; bij een RNN gebruik je layer norm."
    assert grade_open(exchanged, Rubric.validate(data), "x").verdict is Verdict.INCORRECT
    once = Rubric.validate({**data, "exchange_counts_once": True})
    result = grade_open(exchanged, once, "x")
    assert result.verdict is Verdict.PARTIAL, result.feedback
    assert any("verwisseld" in line for line in result.feedback)
    # with nothing right besides the exchange, the score still fails it
    assert grade_open("Batch norm normaliseert per instantie, layer norm over de batch.", once, "x").verdict is Verdict.INCORRECT
    # the same claim said of the other subject twice is no exchange: two swaps
    both = Rubric.validate({**data, "exchange_counts_once": True, "concepts": data["concepts"] + [
        {"id": "ln-feat", "about": "ln", "label": "layer norm: over de features", "phrases": ["over de features"]}]})
    twice = "Batch norm normaliseert per instantie en over de features; bij een RNN gebruik je layer norm."
    assert grade_open(twice, both, "x").verdict is Verdict.INCORRECT


def test_a_swap_is_named_in_the_feedback():
    result = grade_open("Batch norm normaliseert per instantie, layer norm over de batch.", NORMS, "x")
    assert any("verwisseld" in line for line in result.feedback)


def test_about_must_name_a_subject():
    with pytest.raises(ValueError, match="about 'xx' staat niet onder subjects"):
        Rubric.validate({"subjects": {"a": ["a b"]}, "concepts": [{"id": "c", "about": "xx", "label": "c", "phrases": ["c d"]}]})


def test_subject_required_counts_a_claim_only_with_its_subject():
    """A history answer: each milestone counts with its own year; without a year it says nothing of when."""
    rubric = Rubric.validate({
        "subjects": {"j1958": ["1958"], "j2012": ["2012"]}, "subject_required": True, "list_answer": True,
        "concepts": [{"id": "p", "about": "j1958", "label": "1958: perceptron", "phrases": ["perceptron"]},
                     {"id": "a", "about": "j2012", "label": "2012: AlexNet", "phrases": ["alexnet"]}]})
    assert grade_open("1958: perceptron (Rosenblatt), 2012: AlexNet", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("1958: AlexNet, 2012: perceptron", rubric, "x").verdict is Verdict.INCORRECT
    assert grade_open("eerst de perceptron, later AlexNet", rubric, "x").verdict is Verdict.INCORRECT


RANKS = {
    "subjects": {"r2": ["2d"], "r3": ["3d"]}, "subject_required": True, "list_answer": True,
    "concepts": [{"id": "d2", "about": "r2", "label": "2D: een tabel", "phrases": ["kenmerken"]},
                 {"id": "d3", "about": "r3", "label": "3D: een tijdreeks", "phrases": ["tijdstappen"]}]}


def test_a_written_out_shape_says_its_rank_where_the_rubric_says_so():
    shapes = "(32, 10) = 32 huizen met 10 kenmerken; (32, 50, 10) = 32 reeksen van 50 tijdstappen"
    assert grade_open(shapes, Rubric.validate(RANKS), "x").verdict is Verdict.INCORRECT  # which rank: not said
    ranked = Rubric.validate({**RANKS, "shapes_say_rank": True})
    assert grade_open(shapes, ranked, "x").verdict is Verdict.CORRECT
    # a rank the student names is their claim, and it is judged: these shapes are given the wrong ranks
    assert grade_open("3D: (32, 10) met 10 kenmerken; 2D: (32, 50, 10) met 50 tijdstappen", ranked, "x").verdict \
        is Verdict.INCORRECT
    # a call is no shape
    assert grade_open("Dense(32, activation='relu') op kenmerken", ranked, "x").details["hit"] == []


def test_a_subject_alone_at_the_end_of_the_sentence_owns_the_claim_before_it():
    """"… foto's, dus 4D." names the rank after the claim: a marker reads it as the claim's subject."""
    rubric = Rubric.validate(RANKS)
    assert grade_open("32 huizen met hun kenmerken, dus 2D. 32 reeksen van tijdstappen, 3D.", rubric, "x").verdict \
        is Verdict.CORRECT
    assert grade_open("32 huizen met hun kenmerken, dus 3D. 32 reeksen van tijdstappen, 2D.", rubric, "x").verdict \
        is Verdict.INCORRECT
    # a subject that opens the next claim in the same sentence is not the subject of the one before
    assert grade_open("32 huizen met hun kenmerken, 3D -> tijdstappen.", rubric, "x").details["hit"] == ["d3"]


def test_subject_required_holds_for_a_misconception_too():
    """A wrong claim about 1D needs 1D named in its clause: "dus (batch, features)" after "2D: …" is no 1D claim."""
    rubric = Rubric.validate({
        "subjects": {"r1": ["1d"], "r2": ["2d"]}, "subject_required": True, "list_answer": True,
        "concepts": [{"id": "d2", "about": "r2", "label": "2D: een tabel", "phrases": ["kenmerken"]}],
        "misconceptions": [{"label": "(batch, features) als 1D", "about": "r1", "phrases": ["batch features"],
                            "caps": "incorrect"}]})
    assert grade_open("2D: een groep personen met hun kenmerken. Dus (batch, features).", rubric, "x").details[
        "misconceptions"] == []
    assert grade_open("1D: (batch, features). 2D: kenmerken", rubric, "x").verdict is Verdict.INCORRECT


def test_a_subject_carries_over_a_comma_but_not_over_maar():
    sets = Rubric.validate({
        "subjects": {"valid": ["validatieset"], "test": ["testset"]},
        "concepts": [{"id": "v", "about": "valid", "label": "validatie: kiezen", "phrases": ["hyperparameters kiezen"]},
                     {"id": "t", "about": "test", "label": "test: op het einde", "phrases": ["uiteindelijke prestaties"]}]})
    right = "Validatieset: hyperparameters kiezen. Testset: pas op het einde, voor de uiteindelijke prestaties."
    swapped = "Testset: hyperparameters kiezen. Validatieset: pas op het einde, voor de uiteindelijke prestaties."
    assert grade_open(right, sets, "x").verdict is Verdict.CORRECT
    assert grade_open(swapped, sets, "x").verdict is Verdict.INCORRECT
    # after "maar" the subject of the clause before does not carry over
    assert grade_open("Niet zoals de testset, maar voor de uiteindelijke prestaties", sets, "x").details["hit"] == ["t"]


RETURN_SEQUENCES = Rubric.validate({
    "subjects": {"seq": ["return_sequences=true", "met return_sequences"], "last": ["standaard", "anders", "default"]},
    "concepts": [
        {"id": "seq", "about": "seq", "label": "met return_sequences: 3D", "phrases": ["drie dimensies", "3d"]},
        {"id": "last", "about": "last", "label": "anders: 2D", "phrases": ["twee dimensies", "2d"]},
    ],
})


@pytest.mark.parametrize("answer, verdict", [
    # "zonder" opens the other case: the subject before the comma does not carry into it
    ("Met return_sequences=True krijg je drie dimensies, zonder krijg je er twee dimensies.", Verdict.CORRECT),
    ("With return_sequences=True it is 3D, without it you get 2D.", Verdict.CORRECT),
    # the other way round: both claims are made of the wrong case
    ("Met return_sequences=True krijg je twee dimensies, standaard drie dimensies.", Verdict.INCORRECT),
    # a bare list claims nothing of either case: no swap, partial as any bare list of right terms
    ("return_sequences, 3D, 2D, default", Verdict.PARTIAL),
])
def test_a_clause_opening_with_zonder_names_another_case(answer, verdict):
    result = grade_open(answer, RETURN_SEQUENCES, "x")
    assert result.verdict is verdict, result.feedback


def test_a_concept_is_implied_by_the_concepts_that_together_say_it():
    rubric = Rubric.validate({"concepts": [
        {"id": "drie", "label": "drie dimensies", "required": True, "phrases": ["drie dimensies"],
         "implied_by": ["batch", "tijd", "features"]},
        {"id": "batch", "label": "batch", "phrases": ["batch"]},
        {"id": "tijd", "label": "tijdstappen", "phrases": ["tijdstappen"]},
        {"id": "features", "label": "features", "phrases": ["features"]},
    ]})
    named = grade_open("Bv. 32 reeksen van 50 dagen met 1 waarde per dag: (32, 50, 1), dus batch, tijdstappen en features.",
                       rubric, "x")
    assert named.verdict is Verdict.CORRECT and "drie" in named.details["hit"]
    # two of the three axes do not say how many there are: the required concept is missed
    two = grade_open("de batch en de features", rubric, "x")
    assert two.verdict is Verdict.PARTIAL and "drie" in two.details["missed"]
    with pytest.raises(ValueError, match="implied_by noemt xx"):
        Rubric.validate({"concepts": [{"id": "a", "label": "a", "phrases": ["a b"], "implied_by": ["xx"]}]})


def test_a_comparison_with_zero_is_read_as_a_sign():
    assert normalize("voor z > 0 gewoon z, voor z<0 een kleine uitvoer") == \
        ["voor", "z", "positief", "gewoon", "z", "voor", "z", "negatief", "een", "klein", "uitvoer"]
    assert normalize("x ≥ 0 en x ≤ 0") == ["x", "positief", "en", "x", "negatief"]
    assert normalize("lr >= 0.5 en -> 0") == ["learning", "rate", "0.5", "en", "0"]  # not a sign of zero
    rubric = Rubric.validate({"concepts": [
        {"id": "lek", "label": "kleine uitvoer voor negatieve z", "phrases": ["negatieve z kleine uitvoer"]}]})
    assert grade_open("Voor z < 0 een kleine uitvoer αz.", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Voor z > 0 een kleine uitvoer αz.", rubric, "x").verdict is Verdict.INCORRECT


def test_a_shape_in_numbers_is_read_as_the_axes_the_answer_named():
    # the layer call names the units, the input its axes in Keras' order: (64, 32) is (batch, units)
    assert normalize("SimpleRNN(32) op invoer (64, 50, 1): standaard (64, 32)") == [
        "simplernn", "32", "op", "invoer", "batch", "tijdstap", "kenmerken", "standaard", "batch", "neuron"]
    assert normalize("64 reeksen van 56 dagen met 5 waarden per dag: (64, 56, 5)")[-3:] == ["batch", "tijdstap", "kenmerken"]
    # LSTM(20) names the 20 of "(batch, 20)"
    assert normalize("LSTM(20) geeft (batch, 20)")[-2:] == ["batch", "neuron"]
    # a number named twice, or not at all, names nothing: the shape stays as written
    assert normalize("GRU(32) met 32 dagen: (64, 32)")[-2:] == ["64", "32"]
    assert normalize("SimpleRNN(32) geeft (64, 32)")[-2:] == ["64", "32"]
    # "(None, None, 5)" after "5 features": the 5 stays, the count already names it
    assert normalize("(None, None, 5) want 5 features")[:3] == ["none", "none", "5"]
    from dlquiz.bank.library import Library
    question = next(q for q in Library().bank("hoofdstuk15").questions if q.id == "h15-02-uitvoer-dimensies")
    right = "SimpleRNN(32) op invoer (16, 100, 5): met return_sequences=True (16, 100, 32), zonder krijg je (16, 32)."
    assert question.grade(right).verdict is Verdict.CORRECT
    swapped = "SimpleRNN(32) op invoer (16, 100, 5): met return_sequences=True (16, 32), zonder krijg je (16, 100, 32)."
    result = question.grade(swapped)
    assert result.verdict is not Verdict.CORRECT and any("verwisseld" in m for m in result.details["misconceptions"])


def test_a_phrase_does_not_take_its_words_from_two_shapes():
    rubric = Rubric.validate({"concepts": [{"id": "seq", "label": "(batch, tijdstappen, units)", "phrases": ["batch tijdstappen units"]}]})
    assert grade_open("Met True krijg je (batch, tijdstappen, units).", rubric, "x").verdict is Verdict.CORRECT
    # the input's (batch, tijdstappen, …) and the output's (…, units) are two shapes, not one
    assert grade_open("Op invoer (batch, tijdstappen, features): met True (batch, units).", rubric, "x").verdict \
        is Verdict.INCORRECT
    # nor the axes of one shape and a word after it: "(batch, units) van de laatste tijdstap" is 2D
    assert grade_open("Invoer (batch, features), uitvoer (batch, units) van de laatste tijdstap.", rubric, "x").verdict \
        is Verdict.INCORRECT
    # one number of a shape with the word after it is still a phrase: "(batch, 32) met waarden" says "32 waarden"
    count = Rubric.validate({"concepts": [{"id": "n", "label": "32 waarden", "phrases": ["32 waarden"]}]})
    assert grade_open("Invoer (batch, 5), uitvoer (batch, 32) met waarden in [-1, 1].", count, "x").verdict \
        is Verdict.CORRECT
    # a shape and where it goes, in the phrase's order: "(batch, 32) aan de Dense-laag"
    dense = Rubric.validate({"concepts": [{"id": "d", "label": "2D naar Dense", "phrases": ["batch 32 aan dense"]}]})
    assert grade_open("Laag 1 geeft (batch, 56, 32); laag 3 geeft (batch, 32) aan de Dense-laag.", dense, "x").verdict \
        is Verdict.CORRECT


def test_years_in_the_order_of_the_subjects_make_a_split_in_time():
    rubric = Rubric.validate({
        "subjects": {"train": ["train", "training"], "test": ["test"]},
        "concepts": [{"id": "tijd", "label": "op tijd splitsen", "phrases": ["chronologisch"], "in_time_order": ["train", "test"]}]})
    for answer in ["Bv. data 2010–2020: train 2010–2017, validatie 2018–2019, test 2020.",
                   "Ik train op 2016-2018 en test op 2019."]:
        assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT, answer
    for answer in ["Test 2010–2012, train 2013–2020.",           # the wrong way round
                   "Train 2010–2017.",                           # one subject only says nothing of the order
                   "Data van 2010 tot 2020, willekeurig verdeeld over train en test.",  # years named by no subject
                   "Train en test, maar dan train je op dagen uit 2020 die naast je testdagen liggen."]:
        assert grade_open(answer, rubric, "x").verdict is Verdict.INCORRECT, answer
    with pytest.raises(ValueError, match="in_time_order"):
        Rubric.validate({"subjects": {"train": ["train"]},
                         "concepts": [{"id": "a", "label": "a", "phrases": ["a"], "in_time_order": ["train", "valid"]}]})


def test_preventing_something_denies_it():
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "niet in de toekomst",
                                            "phrases": ["niet in de toekomst kijken", "not looking into the future"]}]})
    for answer in ["Causale padding voorkomt dat het model in de toekomst kijkt.",
                   "Het doel is voorkomen dat het model naar de toekomst kijkt.",
                   "It prevents the model from looking into the future."]:
        assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT, answer
    assert grade_open("Het model kijkt in de toekomst.", rubric, "x").verdict is Verdict.INCORRECT


def test_a_denied_reason_is_denied_whole():
    rubric = Rubric.validate({
        "concepts": [{"id": "p", "label": "parallel", "phrases": ["tijdstappen tegelijk"]}],
        "misconceptions": [{"label": "conv heeft geheugen", "caps": "incorrect", "phrases": ["conv1d beter geheugen"]}]})
    answer = "Niet omdat een Conv1D een beter geheugen heeft, ze heeft er juist geen, maar omdat ze alle tijdstappen tegelijk doet."
    result = grade_open(answer, rubric, "x")
    assert result.verdict is Verdict.CORRECT and result.details["misconceptions"] == []
    # said without the denial, the wrong reason is still found
    assert grade_open("Omdat een Conv1D een beter geheugen heeft.", rubric, "x").details["misconceptions"] == ["conv heeft geheugen"]


def test_an_abbreviation_s_full_stop_ends_no_sentence():
    # "bv." and "e.g." inside a sentence: the claim after them still belongs to the subject before them
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "sentiment via seq2vec",
                                            "phrases": ["sequentie naar vector sentimentanalyse"]}]})
    for answer in ["Dat doe je met sequentie-naar-vector, bv. voor sentimentanalyse.",
                   "Dat doe je met sequentie-naar-vector, e.g. voor sentimentanalyse."]:
        assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT, answer
    # a real full stop still ends the sentence: a phrase does not run across it
    assert grade_open("Dat doe je met sequentie-naar-vector. Sentimentanalyse.", rubric, "x").verdict is Verdict.INCORRECT
    # "beh." is "behalve", and its full stop ends nothing either
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "alle behalve de laatste",
                                            "phrases": ["allemaal behalve laatste"]}]})
    assert grade_open("allemaal beh. de laatste", rubric, "x").verdict is Verdict.CORRECT
    # "i.i.d." is the word "iid" (with or without its last full stop): its dots end no sentence
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "iid batches", "phrases": ["batches iid"]}]})
    for answer in ["Door te schudden zijn de batches meer i.i.d. en dat helpt.", "Shuffled batches are I.I.D, so SGD works."]:
        assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT, answer
    # Dutch "op … na" is "behalve …"; "op" and "na" elsewhere are not
    assert grade_open("Allemaal, op de bovenste na.", Rubric.validate({"concepts": [
        {"id": "c", "label": "alle behalve de bovenste", "phrases": ["allemaal behalve bovenste"]}]}), "x").verdict \
        is Verdict.CORRECT
    assert normalize("alle lagen op laag 3 na") == ["alle", "lagen", "behalve", "laag", "3"]
    assert normalize("kijk er op na") == ["kijk", "er", "op", "na"]


def test_flemish_is_read_like_dutch():
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "causaal", "phrases": ["niet in de toekomst kijken"]}]})
    assert grade_open("Het model mag ni in de toekomst kijken.", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Da's ni in de toekomst kijken.", rubric, "x").verdict is Verdict.CORRECT


def test_a_whole_answer_phrase_matches_only_that_answer():
    rubric = Rubric.validate({"concepts": [{"id": "alle", "label": "alle lagen", "phrases": ["= allemaal", "alle lagen"]}]})
    assert grade_open("Allemaal.", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Dat zijn allemaal tensors met een rank.", rubric, "x").verdict is Verdict.INCORRECT


def test_an_answer_that_hits_nothing_is_flagged_as_not_sure():
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "causaal", "phrases": ["causal padding"]}]})
    plain = grade_open("De uitvoer op een moment hangt enkel af van wat ervoor kwam, nooit van later.", rubric, "x")
    assert plain.confident is False and plain.to_json()["confident"] is False
    assert grade_open("causal padding", rubric, "x").confident is True
    assert "confident" not in grade_open("causal padding", rubric, "x").to_json()


LEARNING_RATE_RUBRIC = Rubric.validate({"concepts": [
    {"id": "groot", "label": "te grote learning rate: divergeert", "phrases": ["learning rate te groot divergeert"]},
    {"id": "klein", "label": "te kleine learning rate: traag", "phrases": ["learning rate te klein traag"]},
]})


@pytest.mark.parametrize("answer", [
    "Een te hoge leersnelheid divergeert, een te lage leersnelheid is traag.",
    "A learning rate that is too high diverges, a learning rate that is too small is slow.",
    "lr te groot → divergeert; lr te klein → heel langzaam",
])
def test_the_lexicon_reads_other_words_for_the_same_idea(answer):
    """One phrase per idea in a rubric: Dutch, English and abbreviated wordings of it are read the same way."""
    assert grade_open(answer, LEARNING_RATE_RUBRIC, "").verdict is Verdict.CORRECT


def test_lexicon_words_keep_negation_and_order():
    assert normalize("lr te hoog") == ["learning", "rate", "bovenmaats"]  # "too high" is not "high"
    assert normalize("niet de sigmoid maar de logistische functie") == ["niet", "de", "sigmoid", "maar", "de", "sigmoid"]
    # "laag" is both "layer" and "low": not in the lexicon, so read as written.
    assert normalize("laag 2") == ["laag", "2"]
    bad = "Is de learning rate te groot, dan divergeert het, maar eigenlijk gaat het met een te kleine lr traag."
    assert grade_open(bad, LEARNING_RATE_RUBRIC, "").verdict is Verdict.INCORRECT


@pytest.mark.parametrize("answer", [
    "Met causal padding kijkt de laag niet in de toekomst, maar eigenlijk gebruikt ze ook t+1.",
    "Causal padding: nullen links, niet in de toekomst kijken — nee wacht, same padding.",
    "Causal padding zet nullen links, niet in de toekomst kijken, al kijkt ze eigenlijk ook naar t+1.",
    "Causal padding zet nullen links, niet in de toekomst kijken. Hoewel, eigenlijk kijkt ze ook naar t+1.",
    "Causal padding zet nullen links, niet in de toekomst kijken, euh nee eigenlijk nullen rechts.",
])
def test_a_claim_taken_back_is_not_credited(answer):
    """"X, maar eigenlijk Y" states two claims and stands by neither: a marker gives no point."""
    result = grade_open(answer, CAUSAL, "")
    assert result.verdict is Verdict.INCORRECT
    assert any("tegen" in line or "contradict" in line for line in result.feedback)


@pytest.mark.parametrize("answer", [
    "Causal padding zet de nullen links, in het verleden: da's eigenlijk zodat je niet in de toekomst kijkt.",
    "Causal padding: nullen links, zodat de laag al bij t eigenlijk niet in de toekomst kijkt.",  # "al" = already
])
def test_emphasis_is_no_retraction(answer):
    assert grade_open(answer, CAUSAL, "").verdict is Verdict.CORRECT


def test_nee_eigenlijk_opening_an_answer_is_no_retraction():
    # nothing was said before it to take back
    answer = "Nee, eigenlijk zet causal padding de nullen links, zodat je niet in de toekomst kijkt."
    assert grade_open(answer, CAUSAL, "").verdict is Verdict.CORRECT


APPLICATIONS = Rubric.validate({
    "list_answer": True, "examples": 2, "correct_at": 0.3, "partial_at": 0.2,
    "concepts": [
        {"id": "tijdreeks", "label": "tijdreeksen", "phrases": ["weer voorspellen", "beurskoers voorspellen"]},
        {"id": "spraak", "label": "spraak", "phrases": ["spraakherkenning"]},
        {"id": "taal", "label": "taal", "phrases": ["vertaling"]},
    ],
})


@pytest.mark.parametrize(("answer", "verdict"), [
    ("Machinevertaling.", Verdict.PARTIAL),                       # one example where some are asked
    ("vertaling en spraakherkenning", Verdict.CORRECT),
    ("het weer voorspellen en de beurskoers voorspellen", Verdict.CORRECT),  # two examples of one concept
    ("Het weer van de komende dagen voorspellen, of spraak herkennen: spraakherkenning.", Verdict.CORRECT),
])
def test_a_question_asking_for_some_examples_counts_them(answer, verdict):
    assert grade_open(answer, APPLICATIONS, "").verdict is verdict


def test_one_example_is_told_why_it_is_partial():
    dutch_feedback = grade_open("vertaling", APPLICATIONS, "").feedback
    assert any("1 voorbeeld" in line for line in dutch_feedback)


THREE_EXAMPLES = Rubric.validate({
    "examples": 3, "examples_of": ["voorbeelden"],
    "concepts": [
        {"id": "definitie", "label": "niet geleerd", "phrases": ["niet geleerd"]},
        {"id": "voorbeelden", "label": "voorbeelden", "phrases": ["learning rate", "aantal lagen", "batchgrootte"]},
        {"id": "validatie", "label": "validatieset", "phrases": ["validatieset"]},
    ],
})


@pytest.mark.parametrize(("answer", "verdict"), [
    # the definition and the validation set are no examples: two where three are asked is partial
    ("Wordt niet geleerd, bv. de learning rate en het aantal lagen; kies ze op de validatieset.", Verdict.PARTIAL),
    ("Wordt niet geleerd, bv. de learning rate, het aantal lagen en de batchgrootte; kies ze op de validatieset.",
     Verdict.CORRECT),
])
def test_examples_of_counts_only_the_examples_concepts(answer, verdict):
    assert grade_open(answer, THREE_EXAMPLES, "").verdict is verdict


@pytest.mark.parametrize(("fields", "message"), [
    ({"examples": 2, "examples_of": ["geen"]}, "examples_of"),
    ({"examples_of": ["voorbeelden"]}, "examples_of"),
])
def test_examples_of_names_concepts_and_needs_examples(fields, message):
    with pytest.raises(Exception, match=message):
        Rubric.validate({**fields, "concepts": [{"id": "voorbeelden", "label": "v", "phrases": ["learning rate"]}]})


def test_a_hash_before_a_word_is_the_number_of():
    # "vb lr, #lagen, epochs": "#lagen" is "aantal lagen", as a marker reads it; "# 3" and "a#b" stay as written
    assert matches_any("vb lr, #lagen, epochs", ["aantal lagen"])
    assert normalize("# 3") == ["3"]


def test_a_phrase_with_naar_matches_in_its_order():
    seq2vec = Rubric.validate({"concepts": [{"id": "s2v", "label": "s2v", "phrases": ["sequentie naar vector"]}]})
    assert grade_open("van een sequentie naar een vector", seq2vec, "").verdict is Verdict.CORRECT
    assert grade_open("de invoervector levert een sequentie op", seq2vec, "").verdict is Verdict.INCORRECT


def test_a_wider_window_within_one_clause_but_not_across_en():
    rubric = Rubric.validate({"concepts": [
        {"id": "tijd", "label": "tijdstappen variëren", "phrases": ["tijdstappen variëren"]},
    ]})
    assert grade_open("Het aantal tijdstappen in een batch mag gerust variëren.", rubric, "").verdict is Verdict.CORRECT
    assert grade_open("De tijdstappen liggen vast en de features kunnen variëren.", rubric, "").verdict is Verdict.INCORRECT


def test_a_denied_pair_spells_no_compound():
    """"fouten stapelen zich niet op" must not be read as "foutenopstapeling" (two words glued, one denied)."""
    rubric = Rubric.validate({"concepts": [{"id": "op", "label": "fouten stapelen zich op", "phrases": ["foutenopstapeling"]}]})
    assert grade_open("De fouten stapelen zich op.", rubric, "").verdict is Verdict.CORRECT
    assert grade_open("De fouten stapelen zich niet op.", rubric, "").verdict is Verdict.INCORRECT


def test_a_compound_ends_in_its_kind_but_a_prefixed_word_is_another_word():
    rubric = Rubric.validate({"concepts": [{"id": "b", "label": "een kleurbeeld", "phrases": ["kleur beeld"]}]})
    assert grade_open("een batch kleurbeelden", rubric, "").details["hit"] == ["b"]
    assert grade_open("de kleur van een grijswaardenbeeld", rubric, "").details["hit"] == ["b"]
    assert grade_open("kleur is een voorbeeld van een feature", rubric, "").details["hit"] == []
    # two particles make another word too: "bijvoorbeeld" is no "beeld"
    photo = Rubric.validate({"concepts": [{"id": "f", "label": "een foto erin", "phrases": ["foto erin"]}]})
    assert grade_open("bijvoorbeeld een Engelse zin erin", photo, "").details["hit"] == []
    assert grade_open("een foto erin en een zin eruit", photo, "").details["hit"] == ["f"]


def test_an_exclaimed_word_heads_the_sentence_after_it():
    rubric = Rubric.validate({"concepts": [{"id": "n", "label": "niet-lineair, anders alles lineair",
                                            "phrases": ["niet-lineariteit anders lineair"]}]})
    assert grade_open("niet-lineariteit!! anders is alles 1 lineaire functie", rubric, "").details["hit"] == ["n"]
    # a sentence that says more than a word or two ends at its "!"
    assert grade_open("het gaat om niet-lineariteit, echt waar! anders is alles lineair", rubric, "").details["hit"] == []


def test_chat_nt_is_niet():
    assert normalize("dat is nt juist") == ["dat", "is", "niet", "juist"]


def test_flemish_words_are_read_as_dutch():
    assert normalize("'t is da niet, ge moogt da rap wegsmijten") == [
        "het", "is", "dat", "niet", "je", "mag", "dat", "snel", "weggooien"]


@pytest.mark.parametrize("answer", ["Causal padding: nullen rechts in plaats van links.",
                                    "Causal padding puts the zeros on the right instead of the left."])
def test_what_is_put_aside_by_in_plaats_van_is_not_claimed(answer):
    result = grade_open(answer, CAUSAL, "")
    assert "links" not in result.details["hit"]
    assert result.verdict is not Verdict.CORRECT


def test_the_lexicon_keeps_a_words_start_when_it_stems():
    # Dutch stemming maps "plaats" and "plaatje" to "plaat", and "gemiddelde" to "middel": neither is a name.
    assert normalize("in plaats van") == ["in", "plaats", "van"]
    assert normalize("een middel tegen overfitting")[:2] == ["een", "middel"]
    assert normalize("het gemiddelde") == ["het", "mean"]


def test_een_with_accents_is_the_number_one_in_an_answer():
    # "een" is mostly "a" and drops out; "één" is written to mean one.
    assert matches_any("tien lineaire lagen zijn gelijk aan één lineaire laag", ["1 lineaire laag"])
    assert not matches_any("tien lineaire lagen zijn gelijk aan een lineaire laag", ["1 lineaire laag"])
    assert matches_any("gelijk aan een lineaire laag", ["één lineaire laag"])  # a phrase's "één" asks no number
    assert not matches_any("éénmalig", ["1"])


def test_a_negative_phrase_counts_for_a_claim_about_its_subject():
    rubric = Rubric.validate({
        "subjects": {"relu": ["relu"], "tanh": ["tanh"]},
        "concepts": [{"id": "nooit", "about": "relu", "label": "ReLU is nooit negatief",
                      "phrases": ["nooit negatieve uitvoer"]}],
    })
    assert grade_open("ReLU geeft nooit een negatieve uitvoer.", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Tanh geeft nooit een negatieve uitvoer.", rubric, "x").verdict is not Verdict.CORRECT


RELU_SUBJECTS = Rubric.validate({
    "subjects": {"relu": ["relu"], "leaky": ["leaky relu", "leaky"]},
    "concepts": [{"id": "nul", "about": "relu", "label": "negatieve invoer wordt 0", "phrases": ["negatieve invoer wordt 0"]}],
    "misconceptions": [{"label": "ReLU laat een klein deel door", "about": "relu", "caps": "incorrect",
                        "phrases": ["klein deel door"]}],
})


@pytest.mark.parametrize("answer, verdict", [
    # the wrong claim made of another subject is no misconception: "ReLU" inside "Leaky ReLU" is Leaky ReLU
    ("Bij ReLU wordt negatieve invoer 0. Leaky ReLU laat daarom een klein deel door.", Verdict.CORRECT),
    ("Bij ReLU wordt negatieve invoer 0, maar ReLU laat ook een klein deel door.", Verdict.INCORRECT),
    ("Negatieve invoer wordt 0 en er gaat een klein deel door.", Verdict.INCORRECT),  # no subject named: it counts
])
def test_a_misconception_about_a_subject_counts_only_when_said_of_it(answer, verdict):
    assert grade_open(answer, RELU_SUBJECTS, "x").verdict is verdict


def test_a_misconception_about_an_unknown_subject_is_refused():
    with pytest.raises(ValueError, match="about 'tanh' staat niet onder subjects"):
        Rubric.validate({"subjects": {"relu": ["relu"]}, "concepts": [{"id": "a", "label": "a", "phrases": ["a b"]}],
                         "misconceptions": [{"label": "m", "about": "tanh", "phrases": ["x y"]}]})


def test_per_x_over_y_is_read_in_its_order():
    # "per feature over de batch" (batch norm) is not "per instantie over alle features" (layer norm)
    assert matches_any("normaliseert per feature over de batch", ["per feature over de batch"])
    assert not matches_any("normaliseert per instantie over alle features", ["per feature over alle instanties"])


def test_a_leading_over_comes_before_what_it_is_over():
    # "over de features" (layer norm) is not in "per feature over de instanties" (batch norm)
    assert matches_any("layer norm normaliseert over de features van elke instantie", ["over de features"])
    assert not matches_any("batch norm normaliseert per feature over de instanties", ["over de features"])
    assert not matches_any("each feature across the samples", ["across the features"])


@pytest.mark.parametrize("answer, verdict, sure", [
    # a claim, then "maar … wel" its opposite: not correct, and the grader says it is not sure
    ("Causal padding zet de nullen links, maar de laag kijkt wel in de toekomst.", Verdict.PARTIAL, False),
    # after a denial it is plain contrast
    ("Niet same maar wel causal padding: nullen links, niet in de toekomst kijken.", Verdict.CORRECT, True),
    # "niet-lineair" and "non-causal" are words, not denials: the concession still counts
    ("Causal padding zet de nullen links, een niet-lineaire keuze, maar de laag kijkt wel in de toekomst.",
     Verdict.PARTIAL, False),
    # ", dus eigenlijk" restates the claim as something else: not correct either
    ("Causal padding zet de nullen links, dus eigenlijk kijkt de laag in de toekomst.", Verdict.PARTIAL, False),
    # without the comma it sums up
    ("Causal padding is dus eigenlijk nullen links zetten, zodat je niet in de toekomst kijkt.", Verdict.CORRECT, True),
    # a new sentence that opens with "Maar … wel" is a remark, not a concession
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Maar je hebt wel een langere reeks nodig.",
     Verdict.CORRECT, True),
    # a new sentence that turns against the one before: "Maar … toch", "Toch …", "Though …"
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Maar de laag kijkt toch in de toekomst.",
     Verdict.PARTIAL, False),
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Toch ziet de laag de toekomst ook.",
     Verdict.PARTIAL, False),
    ("Causal padding: zeros only on the left, never depend on future inputs. Though honestly it sees the future.",
     Verdict.PARTIAL, False),
    # "Hoewel X, Y" is a clause, not a turn
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Hoewel het simpel is, werkt het goed.",
     Verdict.CORRECT, True),
    # an answer that ends by doubting itself stands by neither claim
    ("Causal padding zet de nullen links, niet in de toekomst kijken. of was het toch rechts, geen idee",
     Verdict.PARTIAL, False),
    ("Causal padding: zeros only on the left, never depend on future inputs. Or was it the right after all?",
     Verdict.PARTIAL, False),
    # a part the student says they do not know
    ("Causal padding zet de nullen links, maar ik weet niet meer waarom dat nodig is.", Verdict.PARTIAL, False),
    ("Causal padding: zeros on the left, not sure about the future part.", Verdict.PARTIAL, False),
    # "weet ik niet" ending its sentence, after what is not known (Flemish "ni" too)
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Waarom dat nodig is weet ik ni", Verdict.PARTIAL, False),
    ("Causal padding zet de nullen links, niet in de toekomst kijken; hoe het precies werkt weet ik niet.",
     Verdict.PARTIAL, False),
    # "ik weet niet of …" opening a clause hedges the rest of the answer, it knows the claim
    ("Causal padding zet de nullen links, niet in de toekomst kijken. Ik weet niet of dat alles is.", Verdict.CORRECT, True),
    # "of is het" asking a real alternative in the middle is no doubt of the answer
    ("Causal padding zet de nullen links, niet in de toekomst kijken: of het nu toch simpel is, het werkt.",
     Verdict.CORRECT, True),
])
def test_a_concession_after_a_claim_keeps_an_answer_below_correct(answer, verdict, sure):
    result = grade_open(answer, CAUSAL, "")
    assert result.verdict is verdict and result.confident is sure


def test_a_match_across_en_keeps_the_phrase_order():
    # "0 … en … negatieve": each word belongs to its own claim, so this is no "negatieve 0"
    assert not matches_any("ReLU zet positieve invoer op 0 en laat negatieve invoer door", ["negatieve 0"])
    # in the phrase's order, across "en", it still says it; and within one claim the order is free
    assert matches_any("negatieve en kleine worden 0", ["negatieve 0"])
    assert matches_any("0 wordt de negatieve invoer", ["negatieve 0"])
    # a pronoun right after the match carries its object over "en": "de gradiënt … en telt die op"
    assert matches_any("Je berekent de gradiënt en telt die bij de gewichten op", ["telt gradient op"])
    assert not matches_any("Same zet nullen links en rechts, causaal zet ze links", ["causal zet nullen rechts"])


def test_an_article_spells_no_word_with_the_next():
    # two words may spell one ("tijd stappen"), but "de encoder" is no "decoder"
    assert matches_any("de tijd stappen", ["tijdstappen"])
    assert not matches_any("de encoder leest de zin", ["decoder"])
    # nor does "te" with its verb: "bij te stellen" is no "testdeel"
    assert not matches_any("om dingen bij te stellen", ["testdeel"])
    assert matches_any("het test deel", ["testdeel"])


@pytest.mark.parametrize("answer, phrase, hit", [
    ("de stappen zijn te klein", "kleinere stappen", False),  # "too small" is not "smaller"
    ("de stappen zijn te klein", "stappen te klein", True),
    ("the steps are too small", "steps te klein", True),  # "too small" and "te klein" are one idea
    ("bij een te grote learning rate", "grotere learning rate", False),
    ("lr te grooot", "learning rate te groot", True),  # a typo after "te" is still read
    ("learnig rate is te grot", "learning rate te groot", True),
    ("kleinere stappen nemen", "kleinere stappen", True),
])
def test_too_small_is_not_smaller(answer, phrase, hit):
    assert matches_any(answer, [phrase]) is hit


@pytest.mark.parametrize("answer, phrase, hit", [
    ("Niet zoals batch norm per feature over de batch, maar per instantie.", "per feature over de batch", False),
    ("Niet zoals batch norm per feature over de batch, maar per instantie.", "per instantie", True),
    ("Hyperparameters kies je niet op de testset maar op de validatieset.", "kies op testset", False),
    ("Not across the whole batch of sequences but per instance.", "across the batch", False),
    ("Niet waar, de gewichten worden gedeeld, maar dat zie je niet meteen.", "gewichten gedeeld", True),
    ("Het is niet nodig omdat de batch varieert, maar toch.", "batch varieert", True),  # 'omdat' ends the denial
])
def test_niet_x_maar_y_denies_all_of_x(answer, phrase, hit):
    assert matches_any(answer, [phrase]) is hit


@pytest.mark.parametrize("answer, hit", [
    ("die reeks door een sequentie-naar-vector RNN", False),  # 'reeks' is a sequence, but no seq2seq is named
    ("een sequentie-naar-sequentie model", True),
    ("een seq2seq model", True),
    ("sequence to sequence", True),
])
def test_a_lexicon_name_is_its_words_side_by_side(answer, hit):
    assert matches_any(answer, ["sequentie naar sequentie"]) is hit


def test_maar_before_a_quantity_means_only():
    # "maar één" is "only one": no new clause, so the claim stays with its subject.
    assert normalize("SGD neemt maar één voorbeeld, maar mini-batch een groepje")[:4] == ["sgd", "neemt", "alleen", "een"]
    assert "maar" in normalize("SGD neemt maar één voorbeeld, maar mini-batch een groepje")
    # after a comma "maar een" is "but a": the contrast "niet X, maar Y" stays
    assert "alleen" not in normalize("niet één label voor de hele reeks, maar een uitvoer bij elke stap")
    assert normalize("het neemt maar 1 voorbeeld")[2] == "alleen"


def test_a_phrase_with_niet_alleen_matches_as_written():
    # "niet alleen" denies no content word, in a phrase as in an answer
    assert matches_any("je hoort bij elke stap hoe fout het zat, niet alleen op het einde", ["niet alleen op het einde"])
    assert matches_any("not only at the end", ["not only at the end"])
    # "niet alleen X" denies the "alleen": it is no claim "alleen X", and "alleen X" is no "niet alleen X"
    assert not matches_any("niet alleen de laatste tijdstap telt, maar elke", ["alleen de laatste tijdstap telt"])
    assert matches_any("niet alleen de laatste tijdstap telt, maar elke", ["laatste tijdstap"])
    assert not matches_any("alleen de laatste tijdstap telt", ["niet alleen de laatste tijdstap telt"])


def test_niet_alleen_x_is_no_misconception_that_x_is_all():
    rubric = Rubric.validate({
        "concepts": [{"id": "alle", "label": "alle lagen, ook de laatste", "phrases": ["ook de laatste"]}],
        "misconceptions": [{"label": "alleen de voedende lagen", "phrases": ["lagen die een recurrente laag voeden"]}]})
    right = "Niet enkel de lagen die een recurrente laag voeden, maar ook de laatste."
    assert grade_open(right, rubric, "x").verdict is Verdict.CORRECT
    wrong = "De lagen die een recurrente laag voeden, en ook de laatste."
    assert grade_open(wrong, rubric, "x").verdict is not Verdict.CORRECT


def test_al_is_not_alle():
    # "alle" stems to "al"; a stem of two letters is no key, so "already" does not read as "all"
    assert not matches_any("standaard geeft een RNN-laag al een uitvoer per tijdstap", ["alle lagen"])
    assert matches_any("alle recurrente lagen", ["alle lagen"])


@pytest.mark.parametrize("answer", ["a non-linear activation", "nonlinearity", "niet-lineariteit", "een niet-lineaire activatie"])
def test_non_linear_in_english_is_niet_lineair(answer):
    assert matches_any(answer, ["niet-lineair"])
    assert not matches_any("een lineaire activatie", ["niet-lineair"])


def test_a_denial_stops_at_en_after_what_it_denies():
    # "is niet 0 en lost … op": the denial is of the 0, the next claim after "en" is affirmed
    assert matches_any("Zo is de gradiënt niet 0 en lost het het dying relu probleem op.", ["lost dying relu op"])
    assert not matches_any("Zo is de gradiënt niet 0 en lost het het dying relu probleem op.", ["gradient 0"])
    assert not matches_any("geen batch norm", ["batch norm"])


@pytest.mark.parametrize("flemish, dutch", [("de leste laag", "de laatste laag"), ("stabieler en rapper", "stabieler en sneller")])
def test_flemish_words_read_as_dutch(flemish, dutch):
    assert normalize(flemish) == normalize(dutch)


def test_a_rate_given_as_an_argument_and_then_as_a_percentage_is_that_argument():
    rubric = Rubric.validate({
        # "dropout" is also inside "recurrent_dropout": at an equal match the name that sorts first wins
        "subjects": {"x-invoer": ["dropout"], "recurrent": ["recurrent_dropout"]},
        "concepts": [{"id": "x", "label": "dropout op x(t)", "about": "x-invoer", "phrases": ["x(t)"]},
                     {"id": "h", "label": "recurrent_dropout op h(t-1)", "about": "recurrent", "phrases": ["h(t-1)"]}]})
    # by value, and equal rates in the order of the arguments
    for answer in ("GRU(32, dropout=0.2, recurrent_dropout=0.3): 20% van x(t) en 30% van h(t−1) vallen weg.",
                   "GRU(32, dropout=0.2, recurrent_dropout=0.2): 20% van x(t) en 20% van h(t−1) vallen weg."):
        assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT, answer
    # the rates said of the other inputs: a swap
    swapped = "GRU(32, dropout=0.2, recurrent_dropout=0.3): 30% van x(t) en 20% van h(t−1) vallen weg."
    assert grade_open(swapped, rubric, "x").verdict is not Verdict.CORRECT


def test_kans_is_no_form_of_kan():
    # the Dutch stemmer makes "kans" "kan": "elk getal kan voorspellen" names no probability
    assert not matches_any("het model kan elk getal voorspellen", ["kans"])
    assert matches_any("de uitvoer is te lezen als kansen", ["kans"])


def test_input_shapes_side_by_side_say_which_axes_vary():
    from dlquiz.bank.library import Library
    question = next(q for q in Library().bank("hoofdstuk15").questions if q.id == "h15-07-variabele-dimensies")
    right = "Je kan het model eerst een batch van vorm (32, 10, 5) geven en daarna (8, 200, 5), maar (32, 10, 3) gaat niet."
    assert question.grade(right).verdict is Verdict.CORRECT
    # the shapes that work vary the features: a swap of what may vary
    wrong = "Je kan het model eerst (32, 10, 5) geven en daarna (32, 10, 8), maar (32, 20, 5) gaat niet."
    assert question.grade(wrong).verdict is not Verdict.CORRECT


def test_two_subjects_and_two_claims_joined_by_en_pair_up_in_order():
    rubric = Rubric.validate({
        "subjects": {"wx": ["wx"], "wy": ["wy"]},
        "concepts": [{"id": "x", "label": "Wx: voor de invoer", "about": "wx", "phrases": ["invoer"]},
                     {"id": "y", "label": "Wy: voor de vorige uitvoer", "about": "wy", "phrases": ["vorige uitvoer"]}]})
    right = "Wx en Wy zijn de gewichten voor de invoer en voor de vorige uitvoer."
    assert grade_open(right, rubric, "x").verdict is Verdict.CORRECT
    swapped = "Wx en Wy zijn de gewichten voor de vorige uitvoer en voor de invoer."
    assert grade_open(swapped, rubric, "x").verdict is Verdict.INCORRECT
    # one claim about both pairs nothing: each subject is read as before
    assert grade_open("Wx is voor de invoer, Wy voor de vorige uitvoer.", rubric, "x").verdict is Verdict.CORRECT


def test_letters_stretched_for_emphasis_are_read_as_the_word():
    assert matches_any("te kleine learning rate: traaaag", ["traag"])
    assert normalize("1000 keer")[0] == "1000"  # digits are not letters


def test_what_does_not_follow_is_not_claimed():
    rubric = Rubric.validate({
        "concepts": [{"id": "close", "label": "Close als invoer", "phrases": ["close"]}],
        "misconceptions": [{"label": "Close niet als invoer", "caps": "incorrect", "phrases": ["close niet gebruiken"]}]})
    right = "Open, High en Close. Dat Close het doel is, wil niet zeggen dat je de Close niet mag gebruiken."
    assert grade_open(right, rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Open en High; de Close mag je niet gebruiken.", rubric, "x").verdict is Verdict.INCORRECT


def test_a_bar_separates_claims_like_a_semicolon():
    rubric = Rubric.validate({
        "subjects": {"d3": ["3d"], "d4": ["4d"]},
        "concepts": [{"id": "a", "label": "3D: zinnen", "about": "d3", "phrases": ["embedding"]},
                     {"id": "b", "label": "4D: foto's", "about": "d4", "phrases": ["fotos"]}]})
    answer = "3d = zinnen (batch, woorden, embedding) | 4d = fotos (batch, h, w, c)"
    assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT


def test_sequentie_naar_sequentie_needs_its_naar_between_the_two():
    # "reeks" is "sequentie" in the lexicon: "de reeks leest, seq2vec" holds two "sequentie" and one "naar",
    # but no "sequentie" after the "naar"
    assert not matches_any("een cnn per frame, dan een lstm die de reeks leest, seq2vec", ["seq2seq"])
    assert not matches_any("een cnn per frame, dan een lstm die de reeks leest, seq2vec", ["sequentie naar sequentie"])
    assert matches_any("een reeks naar een reeks", ["seq2seq"])
    assert matches_any("s2s", ["sequentie naar sequentie"])


def test_a_denied_prevention_is_no_claim_that_the_thing_is_prevented():
    rubric = Rubric.validate({
        "concepts": [{"id": "t", "label": "ziet de toekomst niet", "required": True, "phrases": ["niet toekomst"]}],
        "misconceptions": [{"label": "ontkent het doel", "caps": "incorrect", "phrases": ["niet voorkomen toekomst kijkt"]}]})
    assert grade_open("Het doel is te voorkomen dat het model in de toekomst kijkt.", rubric, "x").verdict is Verdict.CORRECT
    denied = "Het doel is niet te voorkomen dat het model in de toekomst kijkt, maar dat de randen meetellen."
    assert grade_open(denied, rubric, "x").verdict is Verdict.INCORRECT


def test_a_denied_removal_says_the_thing_stays():
    rubric = Rubric.validate({
        "concepts": [{"id": "v", "label": "zonder: geen tijdas", "phrases": ["geen tijdas", "tijdas valt weg"]}]})
    assert grade_open("Zonder return_sequences valt de tijdas weg.", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("Zonder return_sequences is er geen tijdas.", rubric, "x").verdict is Verdict.CORRECT
    for wrong in ("Zonder return_sequences valt niet de tijdas weg maar de batch-as.",
                  "Zonder return_sequences valt de tijdas niet weg."):
        assert grade_open(wrong, rubric, "x").verdict is Verdict.INCORRECT, wrong


def test_per_bears_on_the_word_after_it():
    # "per feature over de instanties" holds "per" and "instantie", but says nothing per instance
    assert not matches_any("batch norm normaliseert per feature over de instanties", ["per instantie"])
    assert matches_any("layer norm normaliseert per instantie over de features", ["per instantie"])
    assert matches_any("layer norm werkt per afzonderlijke instantie", ["per instantie"])
    assert not matches_any("elke feature wordt over alle instanties genormaliseerd", ["elke instantie"])


def test_a_correction_that_is_right_on_its_own_is_the_answer():
    rubric = Rubric.validate({
        "concepts": [{"id": "v", "label": "validatie: tunen", "required": True, "phrases": ["validatie hyperparameters"]},
                     {"id": "t", "label": "test: op het einde", "required": True, "phrases": ["test einde"]}]})
    fixed = "validatie op het einde en test voor de hyperparameters... nee wacht, omgekeerd: validatie voor de hyperparameters en test op het einde"
    assert grade_open(fixed, rubric, "x").verdict is Verdict.CORRECT
    # a retraction that takes a right claim back is no correction
    taken_back = "validatie voor de hyperparameters en test op het einde, maar eigenlijk mag je ook op de test tunen"
    assert grade_open(taken_back, rubric, "x").verdict is not Verdict.CORRECT


def test_ah_nee_takes_back_an_open_answer_as_it_does_a_choice():
    # "ah nee" and "… of nee" hold none of "eigenlijk"/"wacht"; they were read only for choice answers
    rubric = Rubric.validate({
        "concepts": [{"id": "links", "label": "nullen links", "required": True, "phrases": ["nullen links"]}],
        "misconceptions": [{"label": "rechts", "phrases": ["nullen rechts"], "caps": "incorrect"}]})
    assert grade_open("nullen rechts, ah nee: nullen links", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("nullen rechts... of nee nullen links", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("nullen links, ah nee, nullen rechts", rubric, "x").verdict is Verdict.INCORRECT
    assert grade_open("ja of nee: nullen links", rubric, "x").verdict is Verdict.CORRECT


def test_a_denied_reason_without_maar_is_not_given():
    rubric = Rubric.validate({
        "concepts": [{"id": "n", "label": "32 waarden, we willen er één", "required": True, "phrases": ["32 waarden"]},
                     {"id": "t", "label": "tanh begrenst", "phrases": ["tanh"]}]})
    assert grade_open("Ja, omdat er 32 waarden uitkomen.", rubric, "x").verdict is not Verdict.INCORRECT
    denied = "Ja, maar niet omdat er 32 waarden uitkomen; het is enkel nodig omdat tanh begrensd is."
    assert grade_open(denied, rubric, "x").details["hit"] == ["t"]
    # a "niet" that belongs to the verb before it leaves its reason standing
    assert "n" in grade_open("Laag 3 krijgt het niet omdat er 32 waarden uitkomen.", rubric, "x").details["hit"]


def test_niet_lineair_in_two_words_is_the_term():
    assert matches_any("1 hidden layer + genoeg neuronen + niet lineair -> elke continue functie", ["niet-lineair"])
    assert matches_any("je hebt een non linear activation nodig", ["nonlinear activation"])


def test_chat_abbreviations_and_a_late_niet_after_en():
    rubric = Rubric.validate({"concepts": [{"id": "w", "label": "Wx voor de invoer", "phrases": ["gewichten voor de invoer"]}]})
    assert grade_open("wx = gewichten vr de invoer", rubric, "x").verdict is Verdict.CORRECT
    assert grade_open("wx = gewichten vr de inpt", rubric, "x").verdict is Verdict.CORRECT
    relu = Rubric.validate({"concepts": [{"id": "z", "label": "negatief wordt 0", "phrases": ["relu(-5) = 0"]}]})
    # "en niet -5" denies the -5, not the 0 before it
    assert grade_open("ReLU(-5) = 0 en niet -5.", relu, "x").verdict is Verdict.CORRECT


@pytest.mark.parametrize("answer", [
    "Niet zoals een gewone seq2seq die meteen bij elke stap een uitvoer geeft: de encoder leest eerst alles.",
    "Het is niet zo dat de recurrente laag van het netwerk meteen bij elke stap een uitvoer geeft: de encoder leest "
    "eerst alles.",
    "Not like a plain seq2seq that gives an output at every step at once: the encoder reads everything first.",
])
def test_a_denied_comparison_or_clause_is_denied_whole(answer):
    rubric = Rubric.validate({
        "concepts": [{"id": "e", "label": "de encoder leest eerst alles", "phrases": ["encoder leest eerst alles",
                                                                                       "encoder reads everything first"]}],
        "misconceptions": [{"label": "meteen een uitvoer per stap", "caps": "incorrect",
                            "phrases": ["meteen uitvoer elke stap", "output every step at once"]}]})
    result = grade_open(answer, rubric, "x")
    assert result.details["misconceptions"] == [] and result.verdict is Verdict.CORRECT


def test_a_chain_of_arrows_is_steps_but_one_arrow_maps():
    rubric = Rubric.validate({
        "subjects": {"backprop": ["backpropagation"], "opt": ["optimizer"]},
        "concepts": [{"id": "u", "about": "opt", "label": "de optimizer werkt de gewichten bij",
                      "phrases": ["gewichten bijwerken"]}]})
    # each step its own part: "gewichten … bijwerken" across the steps is no claim about backprop
    chain = "init gewichten -> forward pass -> loss -> backpropagation -> optimizer: bijwerken"
    assert grade_open(chain, rubric, "x").details["misconceptions"] == []
    one = Rubric.validate({"concepts": [{"id": "d", "label": "te groot: divergeert", "phrases": ["te groot divergeert"]}]})
    assert grade_open("lr te groot -> divergeert", one, "x").verdict is Verdict.CORRECT


def test_a_numbered_list_on_one_line_is_steps():
    rubric = Rubric.validate({
        "concepts": [{"id": "f", "label": "forward pass", "phrases": ["forward pass"]},
                     {"id": "l", "label": "loss", "phrases": ["loss berekenen"]}],
        "misconceptions": [{"label": "loss voor de forward pass", "caps": "incorrect", "in_order": True,
                            "phrases": ["loss berekenen, forward pass"]}]})
    # "3. loss berekenen 4. forward pass": the full stop after a step's number ends no sentence
    wrong = "1. data voorbereiden 2. model maken 3. loss berekenen 4. forward pass 5. herhalen"
    assert grade_open(wrong, rubric, "x").verdict is Verdict.INCORRECT
    right = "1. data voorbereiden 2. model maken 3. forward pass 4. loss berekenen 5. herhalen"
    assert grade_open(right, rubric, "x").verdict is Verdict.CORRECT
    # two numbers are no list, and a year before a full stop is no step
    assert grade_open("Zo was het in 1986. Loss berekenen, dan 2. forward pass", rubric, "x").verdict is not Verdict.INCORRECT


def test_chat_gn_is_geen():
    rubric = Rubric.validate({"concepts": [{"id": "c", "label": "geen lek", "phrases": ["geen lek"]}]})
    assert grade_open("close is gn lek", rubric, "x").verdict is Verdict.CORRECT


def test_niet_meteen_denies_only_the_meteen():
    rubric = Rubric.validate({
        "concepts": [{"id": "g", "label": "eerst gradiënten", "phrases": ["gradienten berekenen"]}],
        "misconceptions": [{"label": "gewichten niet aangepast", "caps": "incorrect", "phrases": ["gewichten niet aanpassen"]}]})
    answer = "dan niet meteen de gewichten aanpassen maar eerst de gradienten berekenen"
    assert grade_open(answer, rubric, "x").verdict is Verdict.CORRECT


ORDERED = Rubric(
    concepts=[Concept(id="forward", label="forward pass", phrases=["forward pass"]),
              Concept(id="backprop", label="backpropagation", phrases=["backpropagation"])],
    misconceptions=[Misconception(label="verkeerde volgorde", caps="incorrect", in_order=True,
                                  phrases=["backpropagation voor de forward pass"])],
)


def test_an_ordered_misconception_needs_its_words_in_their_written_order():
    wrong = grade_open("Eerst doe je backpropagation voor de forward pass.", ORDERED, "")
    assert wrong.details["misconceptions"] == ["verkeerde volgorde"]
    assert wrong.verdict is Verdict.INCORRECT
    right = grade_open("Je doet de forward pass voor backpropagation.", ORDERED, "")
    assert right.details["misconceptions"] == []
    assert right.verdict is Verdict.CORRECT


SHAPED = Rubric(
    concepts=[Concept(id="vorm", label="(batch, tijdstappen, features)", phrases=["batch", "tijdstappen", "features"])],
    misconceptions=[Misconception(label="features voor tijdstappen", in_order=True, in_shape=True,
                                  phrases=["batch features tijdstappen"])],
)


@pytest.mark.parametrize(("answer", "swapped"), [
    ("3D: (batch, features, tijdstappen).", True),
    ("(batch_size, aantal features, aantal tijdstappen)", True),
    ("(batch, tijdstappen, features): de batch, dan features per tijdstap", False),  # in words, after the shape
    ("de batch, dan de features per tijdstap, en het aantal tijdstappen", False),  # no shape written at all
    ("(batch, tijdstappen, features per tijdstap)", False),  # each axis where it first stands: the right order
])
def test_an_in_shape_misconception_matches_only_inside_one_written_shape(answer, swapped):
    result = grade_open(answer, SHAPED, "")
    assert (result.details["misconceptions"] == ["features voor tijdstappen"]) is swapped
    assert (result.verdict is Verdict.CORRECT) is not swapped


def test_in_shape_reads_the_axes_in_their_written_order_without_in_order():
    shaped = Rubric(concepts=SHAPED.concepts, misconceptions=[
        Misconception(label="features voor tijdstappen", in_shape=True, phrases=["batch features tijdstappen"])])
    assert grade_open("(batch, tijdstappen, features)", shaped, "").details["misconceptions"] == []
    assert grade_open("(batch, features, tijdstappen)", shaped, "").details["misconceptions"] == ["features voor tijdstappen"]


def test_without_in_order_a_misconception_matches_its_words_either_way():
    loose = Rubric(concepts=ORDERED.concepts, misconceptions=[
        Misconception(label="verkeerde volgorde", caps="incorrect", phrases=["backpropagation voor de forward pass"])])
    assert grade_open("Je doet de forward pass voor backpropagation.", loose, "").verdict is Verdict.INCORRECT


PADDED = Rubric(
    subjects={"causal": ["causal"], "same": ["same"]},
    concepts=[Concept(id="links", about="causal", label="causal: enkel links", phrases=["enkel links"]),
              Concept(id="beide", about="same", label="same: beide kanten", phrases=["beide kanten"])],
    misconceptions=[Misconception(label="causal rechts", about="causal", phrases=["enkel rechts"])],
)


@pytest.mark.parametrize(("answer", "concepts", "misconception"), [
    ("same geeft [0, x1, x2, x3, 0], causal geeft [0, 0, x1, x2, x3].", {"links", "beide"}, False),
    ("same: (0, x1..x5, 0); causal: (0, 0, x1..x5)", {"links", "beide"}, False),
    ("same geeft [0,a,b,c,0], causal geeft [a,b,c,0,0].", {"beide"}, True),
    ("causal geeft [0, 0, 1] en (none, 32, 0)", set(), False),  # numbers, not written steps: no padding read
])
def test_a_written_out_padded_sequence_says_where_its_zeros_are(answer, concepts, misconception):
    result = grade_open(answer, PADDED, "")
    hit = {c.id for c in PADDED.concepts if "✓ " + c.label in result.feedback}
    assert hit == concepts
    assert (result.details["misconceptions"] == ["causal rechts"]) is misconception


def test_one_number_in_place_of_another_denies_only_that_number():
    assert matches_any("512 units in plaats van 64 geeft meer parameters", ["meer parameters"])
    assert matches_any("3 lagen ipv 4 geeft minder gewichten", ["minder gewichten"])
    assert not matches_any("512 units in plaats van 64", ["64 units"])
    # what is put aside otherwise stays denied to the reach it had
    assert not matches_any("nullen links in plaats van rechts", ["nullen rechts"])
    assert not matches_any("in plaats van 64 units neem je er 512", ["64 units"])


@given(st.lists(st.sampled_from(["X", "maar", "but", "al", "hoewel", "eigenlijk", "actually", "in feite", "in fact",
                                 "nee", "neen", "no", "No", "wacht", "wait", "toch", "ah", "oh", "oeps", "euh", "of",
                                 "or", "...", "…", ",", ".", "—", "-", "idea"]), max_size=8))
def test_the_retraction_gate_lets_every_retraction_through(words):
    # the cheap gate in front of RETRACTION must never hide a retraction the pattern itself finds
    from dlquiz.grading.text import RETRACTION, may_retract

    text = " ".join(words)
    assert may_retract(text) or RETRACTION.search(text) is None


@pytest.mark.parametrize("text", ["X, maar eigenlijk Y", "X. Hoewel, in feite Y", "X nee wacht Y", "X, of eigenlijk Y",
                                  "X, ah nee Y", "X oh no Y", "X oeps, no Y", "X... of nee Y", "X… nee Y", "X... no Y",
                                  "X, euh nee eigenlijk Y", "X — no, actually Y", "X. Of toch Y"])
def test_each_kind_of_retraction_passes_the_gate(text):
    from dlquiz.grading.text import RETRACTION, may_retract

    assert RETRACTION.search(text) is not None and may_retract(text)


def test_geen_enkele_denies_the_word_after_it():
    assert not matches_any("de invoer is geen enkele vector maar een hele reeks", ["invoer vector"])
    assert not matches_any("not a single vector goes in", ["vector goes in"])
    assert matches_any("de invoer is een enkele vector", ["invoer vector"])


def test_maar_eigenlijk_alleen_narrows_a_claim_and_takes_nothing_back():
    from dlquiz.grading.text import RETRACTION

    assert RETRACTION.search("dat zegt de stelling, maar dat is eigenlijk alleen dat zo'n net bestaat") is None
    assert RETRACTION.search("één laag volstaat, maar eigenlijk heb je er twee nodig") is not None


def test_verhaal_is_no_typo_of_vertalen():
    # "verhaal" (a story) is one letter from "vertaal" (translate): read as written, both ways
    assert not matches_any("een verhaal genereren vanuit een onderwerp", ["vertalen"])
    assert not matches_any("verhalen schrijven", ["machine translation"])
    assert not matches_any("zinnen vertalen", ["verhaal"])
    assert matches_any("een vertaling maken", ["vertalen"])
    assert matches_any("een verhaal genereren", ["verhaal genereren"])


TRANSLATION = Rubric(
    concepts=[Concept(id="caption", label="beeldbeschrijving", phrases=["image captioning", "foto zin"])],
    misconceptions=[Misconception(label="vertaling", phrases=["vertalen"])])


def test_a_question_answered_nee_is_no_claim():
    # "ook vertalen denk ik? nee dat is seq2seq": the student considers the thought and sets it aside
    set_aside = grade_open("foto -> zin (captioning). maar ook vertalen denk ik? nee dat is seq2seq, schrap dat",
                           TRANSLATION, "")
    assert set_aside.verdict is Verdict.CORRECT
    claimed = grade_open("foto -> zin (captioning), en ook vertalen denk ik", TRANSLATION, "")
    assert claimed.verdict is Verdict.PARTIAL
    asked = grade_open("foto -> zin (captioning). ook vertalen? ja, dat ook", TRANSLATION, "")
    assert asked.verdict is Verdict.PARTIAL


def test_of_toch_turns_to_another_answer_unless_it_asks():
    from dlquiz.grading.text import RETRACTION

    assert RETRACTION.search("alle behalve de laatste. Of toch de eerste niet, enkel de middelste") is not None
    assert RETRACTION.search("features: 5 vast .. of toch ook tijdstappen vast want 32 units?") is None


def test_a_primed_matrix_and_bias_are_the_compositions_result_not_a_layer():
    # "W2(W1x + b1) + b2 = W'x + b'": the primed symbols are their own, so they do not say "Wx + b"
    assert normalize("= W'x + b'") == normalize("= W′x + b′") == ["waccent", "x", "baccent"]
    assert normalize("Wx + b") == ["wx", "b"]
    assert normalize("kies 'b'") == ["kies", "b"]  # a quoted letter keeps its name
    assert not matches_any("W2(W1x+b1)+b2 = W'x+b'", ["wx b"])
    assert matches_any("een laag doet Wx + b", ["wx b"])


def test_iets_met_as_the_whole_of_a_point_is_a_doubt():
    from dlquiz.grading.text import _conceded

    assert _conceded("gelu = gaussian error linear unit, iets met de normaalverdeling, curve zoals relu maar glad")
    assert not _conceded("Pas met een kromme functie ertussen win je iets met extra lagen.")


def test_ook_x_niet_after_geen_counts_x_among_them():
    # "geen enkele laag …, ook de laatste niet": the last is one of "geen enkele laag", its "niet" denies nothing of it
    answer = "Geen enkele laag mag de tijdas laten vallen, ook de laatste niet: dus overal True."
    assert matches_any(answer, ["ook de laatste"])
    assert not matches_any(answer, ["niet de laatste"])
    assert not matches_any("Alle lagen, maar de laatste niet.", ["ook de laatste"])
    assert matches_any("Alle lagen, maar de laatste niet.", ["niet de laatste"])
    assert matches_any("De eerste laag niet, ook de laatste niet.", ["niet de laatste"])  # no "geen": left as written


def test_a_written_stack_of_recurrent_layers_says_which_return_sequences():
    from dlquiz.grading.text import is_term_list

    but_last = "LSTM(32, return_sequences=True), LSTM(32, return_sequences=True), LSTM(32), Dense(1)"
    assert matches_any(but_last, ["alle lagen behalve de laatste"])
    assert not matches_any(but_last, ["ook de laatste laag"])
    assert not is_term_list(but_last)  # code that sets return_sequences is a claim, no bare list
    every = "GRU(20, return_sequences=True, input_shape=[None, 1]), GRU(20, return_sequences=True), GRU(1, return_sequences=True)"
    assert matches_any(every, ["ook de laatste laag"])
    assert not matches_any(every, ["behalve de laatste"])
    assert not matches_any("LSTM(32), LSTM(32, return_sequences=True)", ["behalve de laatste"])  # no such stack


def test_a_shape_that_geeft_een_fout_does_not_work():
    answer = "Je kan het model (32, 10, 5) en (1, 300, 5) geven, maar (32, 10, 3) geeft een fout."
    assert matches_any(answer, ["aantal features ligt vast"])
    assert matches_any("(32, 10, 5) en (32, 10, 3) geven geen fout", ["aantal features varieert"])


def test_dat_after_a_comma_takes_up_what_came_before():
    from dlquiz.bank.library import Library
    question = next(q for q in Library().bank("hoofdstuk15").questions if q.id == "h15-07-variabele-dimensies")
    answer = "Hoeveel reeksen je tegelijk geeft en hoe lang een reeks is, dat mag veranderen. Het aantal waarden per stap moet altijd 5 zijn."
    assert question.grade(answer).verdict is Verdict.CORRECT


def test_what_ipv_sets_aside_ends_at_an_arrow():
    answer = "dag 2-14 gebruikt voorspeld ipv echt → fouten stapelen op"
    assert matches_any(answer, ["fouten stapelen op"])
    assert not matches_any(answer, ["fouten stapelen niet op"])
    assert not matches_any(answer, ["echt"])  # still set aside


def test_the_feedback_on_too_few_examples_counts_them_in_good_dutch():
    # "Je noemt 2 voorbeeld" read as a slip of the program; the count and the noun agree.
    rubric = Rubric(examples=3, concepts=[
        Concept(id="lr", label="learning rate", phrases=["learning rate"]),
        Concept(id="bs", label="batchgrootte", phrases=["batchgrootte"]),
        Concept(id="ep", label="epochs", phrases=["aantal epochs"]),
    ])
    two = grade_open("de learning rate en de batchgrootte kies je zelf", rubric, "")
    assert two.verdict is not Verdict.CORRECT
    assert "Je noemt 2 voorbeelden; de vraag vraagt er meer (minstens 3)." in two.feedback
    one = grade_open("de learning rate kies je zelf", rubric, "")
    assert "Je noemt 1 voorbeeld; de vraag vraagt er meer (minstens 3)." in one.feedback


CLASSIFY = Rubric.validate({
    "list_answer": True, "examples": 2, "correct_at": 0.3, "partial_at": 0.2,
    "concepts": [
        {"id": "tekst", "label": "tekst classificeren", "phrases": ["sentimentanalyse", "sentiment", "spam", "spamfilter"]},
        {"id": "muziek", "label": "muziekgenre", "phrases": ["muziekgenre", "genre"]},
    ],
})


@pytest.mark.parametrize(("answer", "verdict"), [
    # one example named twice, as a compound and as its first word, is one example
    ("Sentimentanalyse: per review krijg je het sentiment.", Verdict.PARTIAL),
    ("Een spamfilter: het netwerk zegt of een mail spam is.", Verdict.PARTIAL),
    ("Het genre van een lied, het muziekgenre dus.", Verdict.PARTIAL),
    ("Spam herkennen: of een mail spam is of niet.", Verdict.PARTIAL),  # the same word twice
    # two examples stay two, also of one concept
    ("sentimentanalyse en een spamfilter", Verdict.CORRECT),
    ("het sentiment van een review, en het genre van een lied", Verdict.CORRECT),
])
def test_one_example_named_twice_counts_once(answer, verdict):
    assert grade_open(answer, CLASSIFY, "").verdict is verdict

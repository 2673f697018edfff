"""The shipped rubrics grade like a teacher: the model answer passes, an unrelated answer does not."""

import pytest

from dlquiz.bank.check import markdown_slips
from dlquiz.bank.library import Library

LIB = Library()
QUESTIONS = [(b, q) for b in ("hoofdstuk1", "hoofdstuk15") for q in LIB.bank(b).questions]
RUBRIC_QUESTIONS = [(b, q) for b, q in QUESTIONS if q.type in ("open", "truefalse")]


@pytest.mark.parametrize("bank,q", RUBRIC_QUESTIONS, ids=[q.id for _, q in RUBRIC_QUESTIONS])
def test_the_model_answer_is_correct(bank, q):
    result = q.grade(q.answer)
    assert result.verdict.value == "correct", (result.score, result.feedback)


# Questions of two topics that ask the same thing: "why a Dense(1) after SimpleRNN(32)" (model 2) and "is one
# output neuron enough" (the stock model) are both answered by "a Dense(1) turns the 32 values into one".
# And "why stacking only helps with a non-linear activation" (h1-lineair-stapelen) answers "what is an activation
# for": without it the layers collapse into one linear function, with it the network learns non-linear relations.
SAME_QUESTION = {("h15-11-model2-dense-nodig", "h15-09-een-uitvoer-neuron"), ("h1-activatie-doel", "h1-lineair-stapelen"),
                 # its list of solutions gives 1D convolutions "om lange reeksen korter en parallel te maken":
                 # two of the three reasons conv1d-waarom asks for
                 ("h15-x-conv1d-waarom", "h15-01-rnn-problemen"),
                 # one set of weights whatever the length refutes both "a copy per time step" and "more
                 # parameters for longer sequences": each model answer is a right reason for the other
                 ("h15-x-bptt-gewichten", "h15-07-parameters-tijdstappen"),
                 ("h15-07-parameters-tijdstappen", "h15-x-bptt-gewichten"),
                 # model 3's answer names the input of a recurrent layer, "(batch, tijdstappen, features)"
                 ("h15-02-invoer-dimensies", "h15-11-model3-return-sequences")}


@pytest.mark.parametrize("bank,q", RUBRIC_QUESTIONS, ids=[q.id for _, q in RUBRIC_QUESTIONS])
def test_a_model_answer_from_another_topic_is_not_correct(bank, q):
    passing = []
    for _, other in RUBRIC_QUESTIONS:
        if (q.id, other.id) in SAME_QUESTION:
            continue
        if other.topic != q.topic and q.grade(other.answer).verdict.value == "correct":
            passing.append(other.id)
    assert passing == []


@pytest.mark.parametrize("bank,q", [x for x in QUESTIONS if x[1].type == "open"], ids=[q.id for _, q in QUESTIONS if q.type == "open"])
def test_a_negated_keyword_list_is_not_correct(bank, q):
    salad = "niet " + ", niet ".join(c.phrases[0] for c in q.rubric.concepts)
    assert q.grade(salad).verdict.value != "correct"


@pytest.mark.parametrize("bank,q", QUESTIONS, ids=[q.id for _, q in QUESTIONS])
def test_prompts_and_explanations_show_the_paragraphs_they_were_written_with(bank, q):
    texts = [getattr(q, field, None) for field in ("prompt", "explanation", "answer")]
    assert [slip for t in texts if isinstance(t, str) for slip in markdown_slips(t)] == []


COUNTED = [x for x in QUESTIONS if x[1].type == "keras" and len(x[1].variants()) > 1 and x[1].ask.endswith(("params", "count"))]


@pytest.mark.parametrize("bank,q", COUNTED, ids=[q.id for _, q in COUNTED])
def test_a_variants_explanation_states_no_other_variants_answer(bank, q):
    """The exam variant of h1-mlp-parameters with Dense(32) and Dense(3) explained '= 101 770' (the default's)."""
    for variant in q.variants()[1:]:
        text = q.explanation_text(variant).replace(" ", "").replace("\\u202f", "")
        default = q.expected(q.default_variant()).replace(" ", "")
        assert q.expected(variant) == q.expected(q.default_variant()) or default not in text, (variant, default)


@pytest.mark.parametrize("qid", ["h15-11-architectuur-type", "h15-11-zeven-dagen-type"])
def test_a_sub_question_shows_the_models_it_names(qid):
    """'model1, model2 en model3 zijn …' was asked without showing a model (also in an exam)."""
    q = next(q for _, q in QUESTIONS if q.id == qid)
    shown = q.prompt_text(q.default_variant())
    for name in ("model1", "model2", "model3"):
        if name in q.prompt:
            assert f"{name} = keras.Sequential" in shown, name
    assert shown.index("keras.Sequential") < shown.index(q.prompt.strip()[:20])

"""The content review's findings (issue 12), graded on the shipped banks as the review says they should be."""

import pytest

from dlquiz.bank.library import Library

QUESTIONS = {q.id: q for b in ("hoofdstuk1", "hoofdstuk15") for q in Library().bank(b).questions}


def grade(qid: str, answer: str):
    q = QUESTIONS[qid]
    return q.grade(answer, q.default_variant())


@pytest.mark.parametrize(("qid", "answer", "verdict"), [
    # a fully swapped answer, years shuffled between events: no marks
    ("h15-06-batch-vs-layer-norm",
     "Batch norm normaliseert per instantie over de features, layer norm per feature over de batch.", "incorrect"),
    ("h1-geschiedenis", "1943: backpropagation, 1958: McCulloch en Pitts neuron, 1985: perceptron van Rosenblatt, "
                        "2012: AlexNet", "incorrect"),
    # Géron 3rd ed. dates the backpropagation paper 1985
    ("h1-geschiedenis", "1943: McCulloch en Pitts, kunstmatig neuron. 1958: perceptron van Rosenblatt. 1985: "
                        "backpropagation (Rumelhart, Hinton, Williams). 2012: AlexNet wint ImageNet.", "correct"),
    # every layer / all but the last
    ("h15-03-return-sequences-s2s", "Allemaal.", "correct"),
    ("h15-03-return-sequences-s2s", "Elke laag.", "correct"),
    ("h15-03-return-sequences-s2v", "Iedere laag, uitgezonderd de laatste.", "correct"),
    # only gamma and beta are trainable
    ("h15-06-layer-norm-parameters", "Het gemiddelde en de variantie.", "incorrect"),
    ("h1-lineair-stapelen", "Een laag berekent Wx + b en past daarna een activatiefunctie toe. Zonder niet-lineaire "
                            "activatie is een stapel lagen equivalent aan één lineaire laag, want een samenstelling van "
                            "lineaire functies is weer lineair.", "correct"),
    # the seed's own right answers
    ("h1-activatie-doel", "Een activation function (activeringsfunctie) is een wiskundige functie die de output van een "
                          "neuron in een neuraal netwerk bepaalt. Het zorgt ervoor dat het netwerk niet-lineair "
                          "(non-linear) wordt, waardoor het in staat is om complexe patronen en relaties in de data te "
                          "leren.", "correct"),
    ("h1-elu", "ELU is een activatiefunctie die voor positieve waarden werkt zoals ReLU, maar voor negatieve waarden "
               "wordt de output een exponentiële functie die de negatieve output verzacht. Het helpt bij het "
               "verminderen van de bias van de activatiefunctie en het versnellen van de convergentie in vergelijking "
               "met ReLU.", "correct"),
])
def test_a_finding_grades_as_the_review_says(qid, answer, verdict):
    assert grade(qid, answer).verdict.value == verdict


@pytest.mark.parametrize(("qid", "answer"), [
    # Leaky ReLU's advantage said of ReLU is wrong
    ("h1-relu", "ReLU(z) = max(0, z). Voordeel: snel te berekenen. Nadeel: bij ReLU kunnen neuronen niet doodgaan."),
    # causal padding puts its zeros on the left
    ("h15-08-padding", "nullen rechts toevoegen (causaal)"),
    # the batch-norm description of layer norm
    ("h15-06-layer-norm-werking",
     "Layer norm berekent per feature het gemiddelde en de standaardafwijking over de batch en normaliseert daarmee."),
])
def test_a_wrong_answer_of_the_review_is_not_correct(qid, answer):
    assert grade(qid, answer).verdict.value != "correct"


@pytest.mark.parametrize(("qid", "answer"), [
    # Géron's own exercise-1 examples
    ("h15-01-s2s-toepassingen", "Muziek genereren, akkoordherkenning."),
    ("h15-01-v2s-toepassingen", "Image captioning: een bijschrift maken bij een beeld, of een melodie genereren uit "
                                "een set parameters."),
    ("h15-01-rnn-problemen", "Instabiele gradiënten en een kort geheugen."),
])
def test_a_right_answer_of_the_review_earns_marks(qid, answer):
    assert grade(qid, answer).verdict.value != "incorrect"


def test_a_separable_verb_is_read_whole():
    """The seed's 'hyperparameters af te stemmen' is the validation set's role; the answer leaves out why the
    test set is not used for tuning, which the prompt asks, so it is partial."""
    result = grade("h1-train-valid-test", "Trainingsset: Wordt gebruikt om het model te trainen. Validatieset: Wordt "
                   "gebruikt om het model te evalueren en hyperparameters af te stemmen. Testset: Wordt pas gebruikt na "
                   "het trainen en afstemmen van het model om de uiteindelijke prestaties te testen.")
    assert "valid" in result.details["hit"] and result.details["missed"] == ["apart"]
    assert result.verdict.value == "partial"

"""The course's words that mean the same: Dutch, English, abbreviations and plain words, one group a line.

A student who writes "lr te hoog", "the logistic function" or "de leersnelheid is te groot" says what a
rubric phrase "learning rate te groot" or an option "sigmoid" says. Before any matching, every answer,
rubric phrase and choice option is read with each group's words replaced by the group's first word
("lr" is read as "learning rate", "the logistic function" as "sigmoid"). A rubric then needs one
phrase per idea, not one per way of saying it, and an answer in other words than the rubric's is read
on its claims.

Rules for a group (`;` between its entries, the first is the name all of them are read as):

* A group's name is made of other groups' names where it can ("mean squared error", "sequentie naar
  vector"), so that a typo in one word of an entry still leaves the other words read the same way.
* Only words that mean the same in every sentence of this course. "past" is out (Dutch "fits"),
  "laag" is out (both "layer" and "low"), "weer" is out (also "again"), "voorbeeld" is out (also "an
  example"); write the longer phrase that is unambiguous ("the past", "weersvoorspelling").
* Names, not what they mean: "max(0, z)", "S-curve", "step size" or "learns the data by heart" is what a
  rubric checks a student knows about ReLU, the sigmoid, the learning rate or overfitting. Read as the
  name, "the learning rate is the step size" would say nothing, so those stay as written.
* A name that no Dutch word stems to: "gates" would be read as "gaten" (holes, as in dilation), so the
  group is named "poort".
* Fixed terms only: "spraak naar tekst" is said as "spraak omzetten naar tekst" too, and as one name it
  would no longer match that; a phrase of loose words stays loose.
* No negators (niet, geen, zonder, no, not, …): negation is read on the words around them.
* An entry word of 5 letters or more also matches its inflections (Snowball stems: "kenmerken" ~
  "kenmerk"); a shorter one only as written, so list its forms ("hoog; hoge; high").
* A word of 7 letters or more also matches with one letter wrong, missing, extra or two swapped ("sqaured").
"""

from __future__ import annotations

GROUPS = """
learning rate; leersnelheid; leerrate; leertempo; lr; learningrate; leer snelheid
groot; grote; groter; hoog; hoge; hoger; high; higher; large; larger; big; bigger; huge; enorm; enorme; gigantisch; gigantische; reusachtig; reusachtige; enormous
ondermaats; te klein; te kleine; te laag; te lage; too low; too small
bovenmaats; te groot; te grote; te hoog; te hoge; too high; too large; too big
klein; kleine; kleiner; lage; lager; low; lower; small; smaller; tiny; piepklein; piepkleine
te; too
divergentie; divergence; divergeert; divergeren; diverges; diverge; diverging; divergent; divergeer
return_sequences; return sequences; returnsequences; return sequence
traag; trage; trager; langzaam; langzame; slow; slower; slowly
snel; snelle; sneller; fast; faster; quick; quickly; rapid
verborgen laag; hidden layer; tussenlaag; verborgen lagen; hidden layers; tussenlagen
sigmoid; sigmoide; sigmoïde; logistische functie; logistic function; logistische; logistic
relu; rectified linear unit; rectified linear
tanh; tangens hyperbolicus; hyperbolic tangent; hyperbolische tangens
niet-lineair; niet-lineaire; non-linear; nonlinear; non-lineair; niet-lineariteit; non-linearity; nonlinearity; nietlineariteit
lineair; lineaire; linear; identiteit; identity; identiteitsfunctie; identity function; identieke functie
mean squared error; mse; mean square error; gemiddelde kwadratische fout; gemiddelde gekwadrateerde fout; squared error; kwadratische fout; gekwadrateerde fout; mean_squared_error
mean absolute error; mae; gemiddelde absolute fout; absolute fout; mean_absolute_error
binary crossentropy; bce; binary cross entropy; binary_crossentropy; binaire cross entropy; binaire crossentropy; binaire kruisentropie; log loss
categorical crossentropy; cce; categorical cross entropy; categorical_crossentropy; categorische cross entropy; categorische kruisentropie
sparse categorical crossentropy; scce; sparse categorical cross entropy; sparse_categorical_crossentropy; sparse cce; sparse versie van categorical crossentropy; sparse versie van categorical cross entropy; sparse versie van de categorical crossentropy; sparse versie van de categorical cross entropy; sparse variant van categorical crossentropy; sparse variant van categorical cross entropy; sparse variant van de categorical crossentropy; sparse variant van de categorical cross entropy; sparse version of categorical crossentropy; sparse version of categorical cross entropy; sparse version of the categorical crossentropy; sparse version of the categorical cross entropy; sparse variant of categorical crossentropy; sparse variant of categorical cross entropy; sparse variant of the categorical crossentropy; sparse variant of the categorical cross entropy
crossentropy; cross entropy; cross entropie; kruisentropie; kruis entropie
loss; verliesfunctie; loss functie; lossfunctie; loss function; kostfunctie; cost function; foutfunctie; error function; verlies
gradient descent; gradientdaling; gradient daling; gradientafdaling; gradient afdaling; gradient descend
backpropagation; backprop; back propagation; terugpropagatie; backward pass; achterwaartse propagatie; achterwaartse doorgang; foutterugpropagatie
forward pass; forward propagation; voorwaartse doorgang; voorwaartse propagatie; forwardpass
overfitting; overfit; overfitten; overfits; overfitted; overaanpassing
underfitting; underfit; underfitten; onderfitting; onderfitten
kenmerken; kenmerk; features; feature; feats; feat
tijdstap; tijdstappen; time step; time steps; timestep; timesteps; tijdsstap; tijdsstappen
sequentie; sequenties; reeks; reeksen; sequence; sequences
tijdreeks; tijdreeksen; tijdsreeks; tijdsreeksen; time series; timeseries
sequentie naar sequentie; sequence to sequence; seq2seq; s2s; seq to seq; seqtoseq; reeks naar reeks; seq 2 seq
sequentie naar vector; sequence to vector; seq2vec; s2v; seq to vec; seqtovec; reeks naar vector; seq 2 vec
vector naar sequentie; vector to sequence; vec2seq; v2s; vec to seq; vectoseq; vector naar reeks; vec 2 seq
encoder decoder; enc dec; encdec; encoder en decoder; encoder and decoder
verdwijnende; verdwijnend; vanishing; uitdovende; uitdovend; wegvallende; wegstervende
exploderende; exploderend; exploding; ontploffende; ontploffend
batch normalisatie; batch normalization; batch normalisation; batchnormalisatie; batchnorm; batch norm; bn; batchnormalization
layer normalisatie; layer normalization; layer normalisation; laagnormalisatie; layernorm; layer norm; ln; layernormalization
instantie; instanties; instance; instances; sample; samples
verleden; the past; vroegere; vroeger; eerdere; eerder; voorgaande; vorige; previous; earlier; preceding; prior
toekomst; toekomstige; future; latere; later
geheugen; memory; memories
poort; poorten; gate; gates; poortje; poortjes
dilatatie; dilation; dilation_rate; dilatie; dilatiefactor; dilatatiefactor
receptief veld; receptive field; receptieve veld; blikveld; gezichtsveld
parallel; parallelle; tegelijk; tegelijkertijd; gelijktijdig; simultaneously; at once; in parallel
mean; gemiddelde; gemiddeld; average; avg; gem
standaardafwijking; standard deviation; std; standaarddeviatie; spreiding
schaal; scale; schaalfactor; vermenigvuldigingsfactor; scaling
verschuiving; shift; offset; optelterm
beeld; beelden; afbeelding; afbeeldingen; image; images; foto; fotos; picture; pictures
kanaal; kanalen; channel; channels
dimensie; dimensies; dimension; dimensions; axis; axes; assen
rang; rank
neuron; neuronen; neurons; unit; units; eenheid; eenheden; node; nodes; knoop; knopen
invoer; input; inputs; ingang; ingangen
uitvoer; output; outputs; uitgang; uitgangen
voorspellen; voorspelling; voorspellingen; predict; predicts; prediction; predictions
vertaling; vertalen; translation; translate; translating; machinevertaling; machine translation
spraakherkenning; speech recognition
weersvoorspelling; weather forecasting; weather forecast; weerbericht
sentimentanalyse; sentiment analysis; sentiment analyse; sentimentanalysis
klasse; klassen; class; classes; categorie; categorieen; category; categories
kans; kansen; probability; probabilities; waarschijnlijkheid
classificatie; classification; classificeren; classify
regressie; regression
binair; binaire; binary
multi-class; multiclass; multi class; multi-klasse; multiklasse; meerdere klassen
trainingsset; training set; trainingsdata; training data; traindata; train set; trainset; trainingsverzameling
validatieset; validation set; validatiedata; validation data; dev set; validatieverzameling
testset; test set; testdata; test data; testverzameling
batchgrootte; batch size; batch_size; batchsize
nauwkeurigheid; accuracy
bijwerken; bijgewerkt; updaten; update; updates; updated
verdubbelen; verdubbelt; verdubbelend; verdubbeling; verdubbeld; doubling; doubles; doubled
toenemend; toenemende; stijgend; stijgende; groeiend; groeiende; increasing; growing
schudden; shuffle; shufflen; shuffelen; shuffelt; shufflet; shuffel; geshuffeld; geshuffled; shuffled; shuffling; shuffles; husselen; hutselen; geschud; schudt
lekt; lekken; leak; leaks; leaking; leaked; weglekken
"""


def groups() -> list[list[str]]:
    """The groups as lists of entries, the name first."""
    out = []
    for line in GROUPS.strip().splitlines():
        entries = [e.strip() for e in line.split(";")]
        out.append([e for e in entries if e])
    return out

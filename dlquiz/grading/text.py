"""Grading free-text answers against a rubric of concepts and misconceptions.

How a phrase matches an answer (the rules bank authors write phrases for):

* **Normalising.** Text is case-folded, accents are dropped ("één" → "een", "gradiënten" →
  "gradienten"), and split into words on anything that is not a letter or digit. Kept whole:
  ``return_sequences`` (underscores join), ``1d``, ``conv1d``, decimals like ``0,5`` and negative
  numbers like ``-1`` (a minus after a word is a hyphen: ``t-1`` is ``t``, ``1``).
  "niet-lineair" and "non-linear" become one word ("nietlineair", "nonlinear").
* **Words.** A phrase word matches an answer word when they are equal, when any of their Dutch or
  English Snowball stems agree ("gradiënten" ~ "gradients", "causale" ~ "causal"), or — for words of
  5 letters or more without digits — when they differ by a small typo: the same first letter and a
  rapidfuzz ratio of at least 85 ("vanishig", "tijdstapen", "verledan"), or two swapped neighbouring
  letters ("casual" counts as "causal"). Short words must be exact or share a stem: "same" is not
  "some", "norm" is not "form", "conv1d" is not "conv2d". Number words equal digits ("one" ~ "1",
  "twee" ~ "2", … "tien" ~ "10", "nul" ~ "0"; not "een", mostly "a"), so write digits in phrases.
  An answer's "-1" also counts as "1", but a phrase's "-1" needs the minus.
* **Compounds.** A phrase word of 5 letters or more also matches an answer word that starts or ends
  with it ("invoer" in "invoerlaag", "gradienten" in "foutgradienten"), but not after a prefix that
  turns it around ("onafhankelijk" is no "afhankelijk", "non-causal" no "causal"). A phrase of two
  or three words also matches them glued into one ("invoer laag" ~ "invoerlaag", no typos), and a
  phrase word of 6 letters or more matches two answer words written apart ("tijdstappen" ~ "tijd
  stappen", "return_sequences" ~ "return sequences").
* **Phrases.** Stop words (``STOP_WORDS``: de, het, een, van, in, op, met, naar, uit, the, a, of, to,
  with, is, …) are dropped from a phrase; the remaining words must all occur in the answer, in any
  order, within a window of (number of words in the phrase + 3) answer words, inside one sentence
  (a phrase does not span . ; ! ? or a line break, but may span , and :). So "met same padding"
  is just "same padding": a misconception phrase should state the wrong claim ("gebruikt same
  padding"), not only name a term a right answer may mention to contrast it.
* **Negation.** geen, zonder, niets, no, without, nothing negate the next content word of their
  clause ("zonder activatie blijft alles lineair" denies only the activation); niet, nooit, not,
  never, cannot negate the next three, and when at most one content word follows them in the clause,
  also the content word just before ("Close niet", "mag de toekomst niet zien", "Volume is not
  used"). "None" is no negator (it names a free axis), nor is "niet alleen"/"not only". A clause
  ends at , . ; : ! ? ( ) and before maar/want/omdat/zodat/dus/but/because/since/…. A phrase word in
  a negator's scope does not count: "het is niet causal padding" does not hit "causal padding".
* **Whole answers.** A phrase that starts with "=" ("= allemaal", "= elke laag") matches only an answer
  that says exactly that (its content words, stemmed, in any order): a short answer that is right in
  context, without letting the same words score inside a longer answer to another question.
* **Negative phrases.** When the right idea is itself a negation, write the negator in the phrase:
  "niet in de toekomst kijken" then needs any negator bearing on one of its other words ("zonder in
  de toekomst te kijken", "kan nooit in de toekomst kijken"), and that negator is part of the match.
  Without it, "toekomst kijken" would be negated by the "zonder".

Scoring: weight of the concepts hit / total weight. A matched misconception, or a missing required
concept, keeps the score below ``correct_at``. Only the first 2,000 words of an answer are read (a
real answer is far shorter; the cap keeps a pasted megabyte of distinct words under a quarter second).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, NamedTuple

from dlquiz.grading.result import Result, Verdict
from dlquiz.i18n import tr

if TYPE_CHECKING:
    from dlquiz.grading.rubric import Rubric

MAX_TOKENS = 2000
# Enough characters for MAX_TOKENS ordinary words; cutting first keeps a 1 MB answer cheap.
_MAX_CHARS = 30_000
_MAX_TOKEN_LEN = 40
_FUZZY_MIN_LEN = 5
_FUZZY_RATIO = 85
_NEGATION_SCOPE = 3
_WINDOW_SLACK = 3
_CLAUSE_SLACK = 4  # more words between, when no comma, clause word or en/and lies between them
_ARTICLES = frozenset({"de", "het", "een", "the", "a", "an"})
# Words that spell no compound with the next word: "de encoder" is no "decoder", "bij te stellen" no "testdeel".
_UNGLUED = _ARTICLES | {"te"}
_OTHER_CASE = frozenset({"zonder", "without", "anders", "otherwise", "else"})
_POINTERS = frozenset({"die", "dat", "deze", "it", "them"})  # "telt die op": the object named before "en"
_JOINS = frozenset({"en", "and", "of", "or", "terwijl", "whereas", "while"})

NEGATORS = frozenset({"niet", "geen", "nooit", "zonder", "niets", "not", "no", "never", "without", "nothing", "cannot"})
# "niet alleen ... maar ook" / "not only" add something rather than deny it.
_NOT_ONLY = frozenset({"alleen", "enkel", "slechts", "only", "just", "merely",
                       # "niet meteen de gewichten aanpassen maar eerst …": only the "meteen" is denied
                       "meteen", "direct", "onmiddellijk", "immediately"})
# A compound ending in a phrase word means the word, unless its first part negates it.
_OPPOSITE_PREFIXES = frozenset({"on", "in", "un", "non", "niet", "dis"})
# A particle or prefix before a word makes another word, not a kind of it: a "voorbeeld" is no "beeld", a
# "voordeel" no "deel", "bijwerken" no "werken" ("grijswaardenbeeld" is a kind of "beeld").
_DERIVING_PREFIXES = frozenset({"voor", "na", "aan", "af", "op", "uit", "over", "onder", "door", "mee", "toe", "be",
                                "ge", "ver", "ont", "her", "er", "om", "bij", "weg", "terug"})
_NO_KIND_PREFIXES = _OPPOSITE_PREFIXES | _DERIVING_PREFIXES
_CLAUSE_WORDS = frozenset(
    """maar but however echter terwijl whereas although hoewel want omdat zodat waardoor dus
    because since therefore hence thus""".split()
)
_TRAILING_NEGATORS = frozenset({"niet", "nooit", "not", "never", "cannot"})
_PRONOUNS = frozenset("ik je jij we wij u hij zij ze men i you he she they zich zichzelf itself themselves".split())
STOP_WORDS = frozenset(
    """
    de het een den der des the a an
    van of in op te aan uit naar met bij dan als om tot
    en and or is zijn are be been was were wordt worden
    die dat deze dit wat welke that this these those which
    er het to into from at on with by for its it
    """.split()
)
# "een" is left out: it is far more often "a" than "one".
_NUMBER_WORDS = {
    word: str(n)
    for names in (
        "nul _ twee drie vier vijf zes zeven acht negen tien",
        "zero one two three four five six seven eight nine ten",
    )
    for n, word in enumerate(names.split())
    if word != "_"
}
_GREEK = {"α": "alpha", "β": "beta", "γ": "gamma", "σ": "sigma", "φ": "phi", "ϕ": "phi", "μ": "mu"}
# Found and replaced by a regex: str.translate would look up every letter of a non-ASCII text (90 µs an answer).
_GREEK_LETTER = re.compile("[" + "".join(_GREEK) + "]")
# English contractions, and Flemish as students write it ("da's ni waar", "ge moet", "nen array", "na mekaar"),
# spelled out in one pass.
_SPELLED = {"can't": "cannot", "won't": "will not", "n't": " not", "da's": "dat is", "'t": "het"}
_CONTRACTIONS = re.compile(r"(?<![\w'])'t\b|\b(?:can't|won't|da's)|n't\b")
# …and the words that are spelled out one by one, after the text is split into words.
_WORDS_SPELLED = {"ni": "niet", "nie": "niet", "nt": "niet", "nen": "een", "ene": "een", "mekaar": "elkaar", "ge": "je",
                  "gij": "je", "uw": "je", "da": "dat", "moogt": "mag", "rap": "snel", "efkes": "even",
                  "wegsmijten": "weggooien", "smijt": "gooit", "leste": "laatste", "lest": "laatst", "rapper": "sneller",
                  "uwe": "je", "zijt": "bent", "hunne": "hun",
                  # chat: "gewichtn vr de input", "de output vd laag", "tss de stappen", "gwn 1 laag"
                  "vr": "voor", "vd": "van", "vh": "van", "tss": "tussen", "gwn": "gewoon", "mss": "misschien",
                  "wss": "waarschijnlijk", "gn": "geen", "beh": "behalve", "excl": "behalve",
                  # chat without a vowel: "de inpt op tijdstip t", "wat de laag outpt"
                  "inpt": "input", "outpt": "output"}
# The combining marks NFKD splits off accented letters ("é" → "e" + U+0301), dropped in one pass.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NEG_PREFIX = re.compile(r"\b(niet|non)-(?=[^\W\d_])")
_NOT_LINEAR = re.compile(r"\b(?:niet|not|non) (lineai?re?|lineariteit|linearity)\b")
# A negative number ("-1", not the hyphen in "t-1"), a decimal, a word, a mark. The negative number is tried last:
# no other branch starts with a minus, so the order changes no match, and the words (most places) are not first
# tried for a lookbehind.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:_[^\W_]+)*|[.,;:!?()\n|]|(?<![^\W_])[-\u2212]\d+(?:[.,]\d+)*")
_CLAUSE_MARKS = frozenset(".,;:!?()\n|")  # "|" separates like ";": "3d = (batch, woorden, embedding) | 4d = …"
# A phrase is one idea: its words may not be spread over two sentences (or items of a ";" list).
_SENTENCE_MARKS = frozenset(".;!?\n|")
_SCAN_SPECIAL = _CLAUSE_MARKS | _CLAUSE_WORDS | _OTHER_CASE  # where a scan counts clauses and cases
# Abbreviations whose full stop ends no sentence.
_NO_LIMIT = 1 << 62
_ABBREVIATIONS = frozenset({"bv", "bijv", "vb", "eg", "ie", "oa", "ca", "nl", "resp", "evt", "mbv", "ipv", "dwz", "vs", "etc", "cf",
                            "behalve"})  # "allemaal beh. de laatste": read as "behalve", which no sentence ends on
_ONE = re.compile(r"(?<![^\W\d_])(?:één|eén|éen)(?![^\W\d_])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _stemmers() -> tuple:
    """The Dutch and English Snowball stemmers (PyStemmer: Snowball's C code, the same stems as
    the pure-Python `snowballstemmer` on every word of the banks, about 100 times faster), loaded
    on the first word to stem."""
    import Stemmer

    return Stemmer.Stemmer("dutch"), Stemmer.Stemmer("english")


# "SGD neemt maar één voorbeeld": "maar" before a quantity means "only", not "but" (no new clause).
_QUANTITY = r"(?:een|één|eén|1|\d+|twee|drie|vier|vijf|zes|weinig|enkele|heel|klein|kleine)\b"
# "alle lagen op de bovenste na", "op één na": Dutch "op … na" is "behalve …" (the \b before "op", checked by a
# lookbehind after it, lets the search look for "op" instead of trying every position)
_OP_NA = re.compile(r"op(?<=\bop)\s+((?:de|het|die|dat|een|1)\s+)?([^\W\d_]+(?:\s+[^\W_]+)?)\s+na\b(?!-)")
# "#lagen", "#params": "#" before a word is "aantal" (the number of), as a marker reads it
_COUNT_SIGN = re.compile(r"(?<![^\W_])#(?=[^\W\d_])")
# After a comma "maar" is "but": "niet één label voor de hele reeks, maar een uitvoer bij elke stap".
_MAAR_ONLY = re.compile(r"(?<!,)(?<!,\s)\bmaar(?=\s+" + _QUANTITY + ")", re.IGNORECASE)
# The words that set what follows aside: "links in plaats van rechts", "instead of the past".
_INSTEAD_WORDS = ("in plaats van", "instead of", "rather than", "ipv")
_INSTEAD_ANY = "(?:" + "|".join(_INSTEAD_WORDS) + ")"
# "voorspeld ipv echt → fouten stapelen op": what "in plaats van" sets aside ends at an arrow; what follows is
# the consequence, said, not set aside
_INSTEAD_THEN = re.compile(r"(\b" + _INSTEAD_ANY + r"\s+(?:[^\s,;.:>\u2192]+\s+){0,3}?)(?:-+>|\u2192|=>)")
# "hoe lang een reeks is, dat mag veranderen": "dat" takes up what comes before the comma, one claim of it
_TAKEN_UP = re.compile(r"\s*,\s*(?=(?:dat|die)\s+(?:mag|mogen|kan|kunnen|moet|moeten)\s+(?:ook\s+)?(?:veranderen|varieren|variëren|verschillen)\b)")
# "Geen enkele laag mag de tijdas laten vallen, ook de laatste niet": after "geen" (none of them), an elliptic
# "ook X niet" ("zelfs X niet") counts X among them; its "niet" repeats the "geen" and denies nothing of X.
_ALSO_NOT = re.compile(r"(\b(?:geen|nergens|niemand)\b[^.;:!?\n]*?,\s*(?:en\s+)?(?:ook|zelfs)\s+"
                       r"(?:[^\W\d_]+\s+){0,3}?)(?:niet|ni)\b(?=\s*(?:[.,;:!?\n)]|$))")


# "voor z > 0 … voor z < 0": a comparison with zero is a sign, read as the word ("z positief", "z negatief")
# instead of two bare tokens "z 0" that say the same for both sides.
_SIGN = re.compile(r"(?<=[a-z)])\s*(?:(>=?|≥)|(<=?|≤))\s*0(?![\d.,]\d)")


# "SimpleRNN(32) op invoer (64, 50, 1): standaard (64, 32)": a shape written in numbers is read as the axes
# the answer itself gave those numbers ("(batch, units)"), as a marker reads it. A number is named by a layer
# call ("GRU(32)", "units=32"), a count with its noun ("64 reeksen", "56 dagen", "5 features"), "batch van 64",
# or the axes of an input in Keras' order ("invoer (64, 50, 1)": batch, tijdstappen, features). A number
# named twice in different ways names nothing, and a shape with one unnamed number stays as written.
_TUPLE = re.compile(r"\(\s*(?:\d+|[a-z_]{1,16})(?:\s*,\s*(?:\d+|[a-z_]{1,16}))+\s*,?\s*\)")
_SHAPE_NUMBER = re.compile(r"\(\s*(?:\w+\s*,\s*)*\d+\s*[,)]")
_UNITS_OF = re.compile(r"\b(?:simplernn|lstm|gru|dense|conv1d)\s*\(\s*(?:units\s*=\s*)?(\d+)\b|\bunits\s*=\s*(\d+)\b")
_AXIS_NOUNS = {
    "batch": "reeksen sequenties sequences series voorbeelden samples instanties instances vensters windows",
    "tijdstappen": "dagen days stappen tijdstappen steps timesteps tijdsstappen uren hours maanden months",
    "features": "features kenmerken feature kenmerk waarden waarde values value metingen measurements",
    "units": "units neuronen neurons unit neuron",
}
_COUNT_OF = re.compile(r"\b(\d+)\s+(" + "|".join(w for ws in _AXIS_NOUNS.values() for w in ws.split()) + r")\b")
_AXIS_OF_NOUN = {w: axis for axis, ws in _AXIS_NOUNS.items() for w in ws.split()}
_BATCH_OF = re.compile(r"\bbatch(?:grootte|size|_size| size)?\s*(?:van|of|=|:)?\s*(\d+)\b")
_INPUT_SHAPE = re.compile(r"\b(?:invoer|input|inputs)\s*(?:shape|vorm)?\s*(?:van\s*(?:vorm\s*)?)?[=:]?\s*"
                          r"\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)")


_WITHOUT_SHAPE = re.compile(r"\b(?:zonder|without)((?:\s+(?:krijg|krijgt|je|geeft|het|is|wordt|you|get|gives|it))*\s*:?\s*\()")


def _named_shapes(text: str) -> str:
    """Each shape in numbers whose every number the answer named, written as those names."""
    names: dict[str, set[str]] = {}
    layer_units = set()
    for m in _UNITS_OF.finditer(text):
        units = m.group(1) or m.group(2)
        layer_units.add(units)
        names.setdefault(units, set()).add("units")
    for m in _COUNT_OF.finditer(text):
        names.setdefault(m.group(1), set()).add(_AXIS_OF_NOUN[m.group(2)])
    for m in _BATCH_OF.finditer(text):
        names.setdefault(m.group(1), set()).add("batch")
    for m in _INPUT_SHAPE.finditer(text):
        for number, axis in zip(m.groups(), ("batch", "tijdstappen", "features"), strict=True):
            names.setdefault(number, set()).add(axis)
    if not names:
        return text

    def named(m: re.Match) -> str:
        items = re.findall(r"\w+", m.group())
        axes = [names.get(item, ()) if item.isdigit() else {item} for item in items]
        numbers = [item for item in items if item.isdigit()]
        if any(len(a) != 1 for a in axes) or not numbers or (len(numbers) == 1 and numbers[0] not in layer_units):
            # "(None, None, 5)" after "5 features" says nothing more named; "(batch, 20)" after LSTM(20) does.
            return m.group()
        return "(" + ", ".join(next(iter(a)) for a in axes) + ")"

    return _TUPLE.sub(named, text)


# "GRU(32, dropout=0.2, recurrent_dropout=0.3): 20% van x(t) en 30% van h(t−1)": a rate given as a keyword
# argument, then as a percentage, is that argument; equal rates are taken in the order of the arguments.
_RATE_ARG = re.compile(r"\b([a-z][a-z_]*)\s*=\s*(0?[.,]\d+)\b")
_PERCENT = re.compile(r"\b(\d{1,3}(?:[.,]\d+)?)\s*(?:%|procent\b|percent\b)")


def _named_rates(text: str) -> str:
    rates = [(m.group(1), round(float(m.group(2).replace(",", ".")) * 100, 6), m.end()) for m in _RATE_ARG.finditer(text)]
    if not rates:
        return text
    after = max(end for _, _, end in rates)
    used: set[int] = set()

    def named(m: re.Match) -> str:
        if m.start() < after:
            return m.group()
        value = float(m.group(1).replace(",", "."))
        for k, (name, rate, _) in enumerate(rates):
            if k not in used and rate == value:
                used.add(k)
                return name
        return m.group()

    return _PERCENT.sub(named, text)


# "(16, 30, 5) en (64, 200, 5) werken allebei, (16, 30, 4) niet": input shapes side by side say which axes
# (in Keras order: batch, time steps, features) may vary and which stay fixed, as a marker reads them.
_SEQUENCE_SHAPE = re.compile(r"\((\d+)\s*,\s*(\d+)\s*,\s*(\d+)\)([^(]{0,25})")
# "(32, 10, 3) geeft een fout": up to two words before the failure, but "geeft geen fout" works
_FAILS = re.compile(r"^\W*(?:(?!geen\b|no\b|zonder\b|without\b)\w+\W+){0,2}(?:niet|not|gaat niet|werkt niet|fout|error|faalt|fails|crasht)\b")
_AXES = ("de batchgrootte", "het aantal tijdstappen", "het aantal features")


def _compared_shapes(text: str) -> str:
    working = [tuple(m.groups()[:3]) for m in _SEQUENCE_SHAPE.finditer(text) if not _FAILS.match(m.group(4))]
    if len(set(working)) < 2:
        return text
    said = [f"{axis} {'varieert' if len({w[k] for w in working}) > 1 else 'ligt vast'}" for k, axis in enumerate(_AXES)]
    return text + " (" + ", ".join(said) + ".)"


# "voorkomen dat het model naar de toekomst kijkt" denies what follows, as "zodat het model niet …" does.
_PREVENT = re.compile(r"\b(?:voorkomen|voorkomt|voorkom|vermijden|vermijdt|vermijd|verhinderen|verhindert)\s+dat\b"
                      r"|\b(?:prevents?|preventing|avoids?|avoiding)\b")
# "het doel is niet te voorkomen dat het in de toekomst kijkt", "not to avoid": a denied prevention is left as
# it is written, for the negator to bear on the verb (see _negator_scopes), not read as "zodat niet".
_DENIED_BEFORE = re.compile(r"\b(?:niet|not|never|nooit)\s+(?:om\s+)?(?:te\s+|to\s+)?$")


def _prevented(text: str) -> str:
    def read(m: re.Match) -> str:
        if _DENIED_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            return m.group()
        return "zodat niet" if m.group().endswith("dat") else "not"
    return _PREVENT.sub(read, text)


# "Dat Close het doel is, wil niet zeggen dat je de vorige Close-waarden niet mag gebruiken": what "does not
# follow" is not claimed, either way; the clause is left out.
_DOES_NOT_FOLLOW = re.compile(r"\b(?:(?:wil|wilt)\s+(?:nog\s+)?niet\s+zeggen|betekent\s+(?:nog\s+)?niet|impliceert\s+niet"
                              r"|(?:does\s+not|doesn'?t)\s+(?:mean|imply))\s+(?:dat|that)\b[^.;!?\n]*")
_STRETCHED = re.compile(r"([a-z])\1\1+")  # "\1\1+", not "\1{2,}": the same matches, found twice as fast
# "i.i.d." (also without its last full stop) is the word "iid": its dots end no sentence.
_DOTTED = re.compile(r"\b(?:(?:e\.g|i\.e|o\.a|d\.w\.z|m\.a\.w|m\.b\.v|i\.p\.v)\.|i\.i\.d(?:\.|\b))", re.IGNORECASE)
# What each of _DOTTED's abbreviations starts with, in a case-folded text ("ı" is an "i" to IGNORECASE): a text
# with none of them is not searched (the search costs as much as reading the rest of most answers).
_DOTTED_STARTS = ("e.g", "i.e", "ı.e", "o.a", "d.w", "m.a", "m.b", "i.p", "ı.p", "i.i", "ı.ı")


# "(32, 50, 8) batch x tijdstappen x features": a shape written out is a tensor of as many axes as it has
# entries. Where a rubric says so (`shapes_say_rank`), such a shape says its rank ("3d") as a marker reads
# it, in an answer that names no rank itself: "1D: (batch, features)" claims 1D, and that claim is judged.
# A call ("dense(32, activation=…)") is no shape.
_TUPLE = re.compile(r"(?<![\w)\]])\(\s*((?:[\w?]+\s*,\s*){0,5}[\w?]+)\s*(,)?\s*\)")
_RANK_SAID = re.compile(r"\b\d\s*-?\s*d\b|\brank|\bdimensi|\bdimension|\b\d\s*(?:assen|axes)\b", re.IGNORECASE)


def _ranked_shapes(text: str) -> str:
    if "(" not in text or "," not in text or _RANK_SAID.search(text):
        return text

    def ranked(m: re.Match) -> str:
        rank = m.group(1).count(",") + 1
        return f"{rank}d {m.group()}" if rank > 1 or m.group(2) else m.group()
    return _TUPLE.sub(ranked, text)


# "same geeft [0, x1, x2, x3, 0], causal [0, 0, x1, x2, x3]": a sequence written out with its padding says on which
# side the zeros are, as a marker reads it. Only around named steps (x1, a, "x1..x5"), not a vector of numbers.
_WRITTEN_SEQUENCE = re.compile(r"[\[(]\s*((?:[\w.\u2026]+\s*,\s*){2,15}[\w.\u2026]+)\s*[\])]")
_STEP = re.compile(r"[a-z]\w{0,3}|[a-z]\w{0,3}\s*(?:\.\.+|\u2026)\s*[a-z]\w{0,3}|\.\.+|\u2026")


def _padded_sequences(text: str) -> str:
    def sides(m: re.Match) -> str:
        items = [item.strip() for item in m.group(1).split(",")]
        left = next((k for k, item in enumerate(items) if item != "0"), len(items))
        right = next((k for k, item in enumerate(reversed(items)) if item != "0"), len(items))
        steps = items[left:len(items) - right]
        if not (left or right) or not steps or not all(_STEP.fullmatch(item) for item in steps):
            return m.group()
        if len(steps) < 2 and ".." not in steps[0] and "\u2026" not in steps[0]:
            return m.group()
        where = "aan beide kanten" if left and right else "enkel links" if left else "enkel rechts"
        return f"{m.group()} {where} opgevuld"

    return _WRITTEN_SEQUENCE.sub(sides, text)


_ARROW = re.compile(r"-+>|\u2192|=>")
# A minus before a letter right after "^" or a bracket is a sign: "1/(1+e^-z)" is not "1/(1+e^z)".
_SIGNED_SYMBOL = re.compile(r"(?<=[\^({])\s*[-\u2212]\s*(?=[^\W\d_])|(?<=\s)[-\u2212](?=[^\W\d_](?![^\W\d_]))")
# What every such sign has (a minus after a space, "^", "(" or "{"), found faster than the sign itself:
# most minus signs are hyphens ("niet-lineair", "t-1") and their texts are not searched for a sign.
_MAY_SIGN = re.compile(r"[\s\^({][-\u2212]")
_SENTENCE_SPLIT = re.compile(r"([.;!?\n])")
# "1. data 2. model 3. loss 4. forward pass": a numbered list on one line is steps, like a chain of arrows; the
# full stop after each number ends no sentence (three items or more, numbered one by one).
_NUMBERED_STEP = re.compile(r"(?<![\w.,])(\d{1,2})\.(?=\s+[^\W\d_])")
# What each such number has, a digit, a full stop and a space, found by the full stop (a pattern that opens with
# a character is searched for it, one that opens with a lookbehind is tried at every position).
_DIGIT_DOT = re.compile(r"\.(?<=\d\.)\s")


def _numbered_steps(text: str) -> str:
    def steps(line: str) -> str:
        numbers = [int(m.group(1)) for m in _NUMBERED_STEP.finditer(line)]
        if len(numbers) < 3 or any(b != a + 1 for a, b in pairwise(numbers)):
            return line
        return _NUMBERED_STEP.sub(r" , \1", line)
    return "".join(steps(line) for line in re.split(r"(\n)", text))


# "LSTM(32, return_sequences=True), LSTM(32, return_sequences=True), LSTM(32)": a stack of recurrent layers written
# out says which of them return sequences, as a marker reads it: all of them, or all but the last.
_RECURRENT_CALL = re.compile(r"\b(?:simplernn|lstm|gru)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
_RETURNS_SEQUENCES = re.compile(r"return_sequences\s*=\s*true")


def _stacked_layers(text: str) -> str:
    returns = [bool(_RETURNS_SEQUENCES.search(m.group(1))) for m in _RECURRENT_CALL.finditer(text)]
    if len(returns) < 2 or not all(returns[:-1]):
        return text
    if returns[-1]:
        return f"{text} . alle recurrente lagen return_sequences true, ook de laatste laag ."
    return f"{text} . alle recurrente lagen behalve de laatste return_sequences true, de laatste laag zonder return_sequences ."


_PRIMED = re.compile(r"(?<![\w'\u2032])w\s*['\u2032]\s*[*\u00b7]?\s*x\s*\+\s*b\s*['\u2032]|(?<!\w)([wb])\u2032")


def _prepare(text: str) -> str:
    """Case-fold, drop accents, spell out Greek letters and English contractions; "maar één" is "alleen één"."""
    text = text.casefold()
    text = _STRETCHED.sub(r"\1\1", text)  # "traaaag", "neeee": letters stretched for emphasis
    if "zeggen" in text or "betekent" in text or "impliceert" in text or "mean" in text or "imply" in text:
        text = _DOES_NOT_FOLLOW.sub("", text)
    if "." in text and any(start in text for start in _DOTTED_STARTS):
        text = _DOTTED.sub(lambda m: m.group().replace(".", "") + " ", text)  # "e.g." is the word "eg"
    if "maar" in text:
        text = _MAAR_ONLY.sub("alleen", text)
    if "#" in text:
        text = _COUNT_SIGN.sub(" aantal ", text)  # "vb lr, #lagen, #units": the number of layers, of units
    if "ook" in text or "zelfs" in text:
        text = _ALSO_NOT.sub(r"\1", text)
    if ", d" in text:
        text = _TAKEN_UP.sub(" ", text)
    if ("ipv" in text or "plaats" in text or "instead" in text or "rather" in text) and (
            ">" in text or "\u2192" in text):
        text = _INSTEAD_THEN.sub(r"\1, ", text)
    if " na" in text and "op " in text:
        text = _OP_NA.sub(r"behalve \1\2", text)
    if "voork" in text or "verm" in text or "verh" in text or "preven" in text or "avoid" in text:
        text = _prevented(text)
    if "%" in text or "procent" in text or "percent" in text:
        text = _named_rates(text)
    if "(" in text and "," in text and _SHAPE_NUMBER.search(text):
        text = _compared_shapes(text)
        text = _named_shapes(text)
        text = _WITHOUT_SHAPE.sub(r"anders \1", text)  # "zonder (batch, units)": the other case, nothing denied
    if "0" in text and "," in text and ("[" in text or "(" in text):
        text = _padded_sequences(text)
    if ("-" in text or "\u2212" in text) and _MAY_SIGN.search(text):
        text = _SIGNED_SYMBOL.sub(" min ", text)  # "e^-z", "exp(−z)": the sign is read, as "e tot de min z" is
    if "0" in text and ("<" in text or ">" in text or "≤" in text or "≥" in text):
        text = _SIGN.sub(lambda m: " positief" if m.group(1) else " negatief", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = _GREEK_LETTER.sub(lambda m: _GREEK[m.group()], _COMBINING.sub("", text))
    text = text.replace("\u2019", "'")
    if "'" in text or "\u2032" in text:
        # "W2(W1x + b1) + b2 = W'x + b'": the primed matrix and bias are what the composition gives, not how a
        # layer is built; read as their own symbols, "W'x + b'" is no "Wx + b"
        text = _PRIMED.sub(lambda m: f" {m.group(1)}accent " if m.group(1) else " waccent x + baccent ", text)
    if "->" in text or "\u2192" in text or "=>" in text:
        # "init -> forward -> loss -> backprop": a chain of three arrows or more is steps, each its own part;
        # one arrow maps ("seq -> vector", "te groot -> divergeert")
        text = "".join(_ARROW.sub(" , ", part) if len(_ARROW.findall(part)) >= 3 else part
                       for part in _SENTENCE_SPLIT.split(text))
    if "return_sequences" in text and "(" in text:
        text = _stacked_layers(text)
    if ". " in text and _DIGIT_DOT.search(text) and _NUMBERED_STEP.search(text):
        text = _numbered_steps(text)
    if "'" in text:
        text = _CONTRACTIONS.sub(lambda m: _SPELLED[m.group()], text)
    if "niet lin" in text or "not lin" in text or "non lin" in text:
        text = _NOT_LINEAR.sub(r"niet-\1", text)  # "+ niet lineair ->" is the term "niet-lineair"
    return _NEG_PREFIX.sub(r"\1", text) if "niet-" in text or "non-" in text else text


def _scan(text: str, limit: int | None = MAX_TOKENS, parts: list[int] | None = None, spans: list[int] | None = None,
          synonyms: bool = True, groups: list[int] | None = None) -> tuple[list[str], list[int], list[int], bool]:
    """Words, the clause and sentence number of each word, and whether the text was cut. `parts`, when
    given, gets each word's clause counted without breaking at a colon or brackets ("Layer norm: per
    instantie", "1958: perceptron (Rosenblatt)"); `spans` counts only sentence ends and clause words
    (maar, want, …): a subject named earlier in the span carries over a comma. `groups` gets the number of
    the bracket with a comma each word stands in (0: none), so that a phrase does not take its words from
    two shapes."""
    cut = limit is not None and len(text) > _MAX_CHARS
    if cut:
        text = text[:_MAX_CHARS]
    tokens: list[str] = []
    # The numbers change only at a mark or a clause word: each change is kept with the number of words before
    # it, and the columns are filled in runs afterwards (most words are ordinary and cost one append).
    changes: list[tuple[int, int, int, int, int, int]] = []
    clause = sentence = part = span = depth = group = opened = 0
    listing: set[int] = set()  # the brackets that hold a comma: shapes and lists, not "(e^z + 1)"
    after_comma = False
    previous = ""
    prepared = _prepare(text)
    if "\u2212" in prepared:
        prepared = prepared.replace("\u2212", "-")
    spelled, special, marks = _WORDS_SPELLED, _SCAN_SPECIAL, _CLAUSE_MARKS
    limit = _NO_LIMIT if limit is None else limit
    for tok in _TOKEN.findall(prepared):
        tok = spelled.get(tok, tok)
        if tok not in special:
            after_comma = False
            previous = tok
            if len(tokens) >= limit:
                cut = True
                break
            tokens.append(tok if len(tok) <= _MAX_TOKEN_LEN else tok[:_MAX_TOKEN_LEN])
            continue
        if tok == "." and previous in _ABBREVIATIONS:
            previous = tok
            continue  # "wat je bv. voor sentimentanalyse gebruikt" is one sentence
        previous = tok
        # "met return_sequences=True krijg je (…), zonder (batch, units)": a clause that opens with
        # zonder/anders names another case; the subject before the comma does not carry into it.
        span += after_comma and tok in _OTHER_CASE
        after_comma = tok == ","
        if tok in marks or tok in _CLAUSE_WORDS:
            clause += 1
            group += tok == "(" and not depth
            if depth and tok == ",":
                listing.add(group)
            depth = max(0, depth + (tok == "(") - (tok == ")"))
            # "1958: perceptron (Rosenblatt)" is one claim, and so is "klopt met GRU(32, reset_after=False)".
            part += tok not in ":()" and not (depth and tok == ",")
            span += tok in _SENTENCE_MARKS or tok in _CLAUSE_WORDS
            # "niet-lineariteit!! anders is alles lineair": an exclaimed word or two heads the sentence after it
            if tok in _SENTENCE_MARKS and (tok != "!" or len(tokens) - opened > 2):
                sentence += 1
                opened = len(tokens)
        changes.append((len(tokens), clause, sentence, part, span, group if depth else 0))
        if tok in marks:
            continue
        if len(tokens) >= limit:
            cut = True
            break
        tokens.append(tok)
    clauses: list[int] = []
    sentences: list[int] = []
    columns = [(1, clauses), (2, sentences), (3, parts), (4, spans), (5, groups)]
    columns = [(k, column) for k, column in columns if column is not None]
    start, state = 0, (0, 0, 0, 0, 0, 0)
    for change in [*changes, (len(tokens),)]:
        run = change[0] - start
        if run:
            for k, column in columns:
                column.extend([state[k]] * run)
            start = change[0]
        state = change
    if groups and listing != set(groups) - {0}:
        groups[:] = [g if g in listing else 0 for g in groups]
    if synonyms and tokens:
        keep = _name_synonyms(tokens, sentences)
        if keep is not None:
            for column in (clauses, sentences, parts, spans, groups):
                if column is not None:
                    column[:] = [column[i] for i in keep]
    return tokens, clauses, sentences, cut


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[tuple[tuple[frozenset[str], ...], tuple[str, ...]]]]:
    """The lexicon's entries by the keys their first word is found under, longest entry first: each
    entry's words (as lookup keys) and the words of its group's name."""
    from dlquiz.grading.lexicon import groups

    by_first: dict[str, list[tuple[tuple[frozenset[str], ...], tuple[str, ...]]]] = {}
    for group in groups():
        name = tuple(_plain_words(group[0]))
        for entry in group:
            words = _plain_words(entry)
            if not words or tuple(words) == name:
                continue
            keys = tuple(_entry_keys(w) for w in words)
            for key in keys[0]:
                by_first.setdefault(key, []).append((keys, name))
    for found in by_first.values():
        found.sort(key=lambda e: -len(e[0]))
    return by_first


@lru_cache(maxsize=1)
def _multiword_names() -> frozenset[tuple[str, ...]]:
    """The lexicon's names of two words or more."""
    return frozenset(name for entries in _synonyms().values() for _, name in entries if len(name) > 1)


def _plain_words(text: str) -> list[str]:
    return [t.replace("\u2212", "-") for t in _TOKEN.findall(_prepare(text)) if t not in _CLAUSE_MARKS]


def _entry_keys(word: str) -> frozenset[str]:
    """What an entry word is found under: itself, and for a word of 5 letters or more its stems."""
    key = _key(word)
    # "eenheid" stems to "een": a stem is a key only when it is a word of 5 letters or more itself. And it
    # keeps the word's start: the Dutch stemmer drops "ge-" ("gemiddelde" → "middel", "een middel tegen …").
    return frozenset({key} | {s for s in _stems(key) if len(s) >= 5 and s[:3] == key[:3]}) if _fuzzy_ok(key) \
        else frozenset({key})


@lru_cache(maxsize=65536)
def _lookup_keys(token: str) -> frozenset[str]:
    """The keys an answer word is looked up by: itself, its stems, and for a word of 7 letters or more
    the entry words it is one slip away from ("sqaured" ~ "squared")."""
    key = _key(token)
    if not _fuzzy_ok(key):
        return frozenset({key})
    keys = set(_stems(key))
    if len(key) < 7:
        return frozenset(keys)  # "layer" is one slip from "later": short words are read as written
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # One slip only: "divergentie" is no typo of "divergeren", though they look alike.
    for word, _, _ in process.extract(key, _fuzzy_words(), scorer=OSA.distance, score_cutoff=1, limit=None):
        if word[0] == key[0]:
            keys.add(word)
    return frozenset(keys)


@lru_cache(maxsize=65536)
def _entries_from(token: str) -> tuple[tuple[tuple[frozenset[str], ...], tuple[str, ...]], ...]:
    """The lexicon entries an answer word can start, longest first (most words: none)."""
    by_first = _synonyms()
    found = {id(e): e for key in _lookup_keys(token) for e in by_first.get(key, ())}
    return tuple(sorted(found.values(), key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def _fuzzy_words() -> list[str]:
    """Every entry word of 5 letters or more, as written: what a typo is compared with."""
    from dlquiz.grading.lexicon import groups

    return sorted({_key(w) for group in groups() for entry in group for w in _plain_words(entry) if _fuzzy_ok(_key(w))})


def _entry_at(tokens: list[str], sentences: list[int], pos: int, words: tuple[frozenset[str], ...]) -> bool:
    """Whether the entry `words` (its first word already matched) stands at `pos`, within one sentence."""
    end = pos + len(words)
    return end <= len(tokens) and sentences[end - 1] == sentences[pos] and all(
        _entry_word(tokens[pos + k], words[k]) for k in range(1, len(words)))


@lru_cache(maxsize=65536)
def _entry_word(token: str, keys: frozenset[str]) -> bool:
    """A later word of a lexicon entry, once its first word matched: as written or stemmed, and (the
    entry's first word makes the context narrow) with a typo from 4 letters on ("te grooot", "te grot")."""
    found = _lookup_keys(token)
    if not found.isdisjoint(keys):
        return True
    key = _key(token)
    if len(key) < 4 or not key.isalpha():
        return False
    if not _stems(key).isdisjoint({s for k in keys for s in _stems(k)}):
        return True
    from rapidfuzz import fuzz

    # After the entry's first word a 4-letter typo is safe to read too ("te grot"): the context is narrow.
    return any(k[0] == key[0] and fuzz.ratio(k, key) >= _FUZZY_RATIO for k in keys)


_ENTRY_CHOSEN: dict[tuple[tuple[str, ...], int], tuple] = {}  # see _name_synonyms


def _name_synonyms(tokens: list[str], sentences: list[int]) -> list[int] | None:
    """Replace each lexicon entry in `tokens` by its group's name (in place); for each word now in
    `tokens`, the position it came from; None when nothing changed. An entry of several words must lie
    within one sentence ("max(0, z)")."""
    starts = [pos for pos, token in enumerate(tokens) if _entries_from(token)]
    if not starts:
        return None  # most answers: no word of the lexicon, settled with one cached lookup a word
    out: list[str] = []
    keep: list[int] = []
    changed = False
    done = 0  # tokens before this one are in `out`
    for pos in starts:
        if pos < done:
            continue  # inside an entry already replaced
        entries = _entries_from(tokens[pos])
        if len(entries[0][0]) == 1:
            words, name = entries[0]  # the longest entry is one word: it stands here, whatever follows
        else:
            # Which entry stands here depends only on the next few words and where their sentence ends: decided
            # once for each such run of words (answers repeat them), then one lookup.
            reach = len(entries[0][0])
            end = min(pos + reach, len(tokens))
            # (the words, and how many of them lie in the sentence of the first)
            run = (tuple(tokens[pos:end]), bisect_right(sentences, sentences[pos], pos, end) - pos)
            chosen = _ENTRY_CHOSEN.get(run)
            if chosen is None:
                chosen = next(((w, n) for w, n in entries if _entry_at(tokens, sentences, pos, w)), ((), None))
                _remember(_ENTRY_CHOSEN, run, chosen)
            words, name = chosen
        if name is None:
            continue
        out.extend(tokens[done:pos])
        keep.extend(range(done, pos))
        size = len(words)
        changed = changed or tuple(tokens[pos: pos + size]) != name
        out.extend(name)
        keep.extend([pos] * len(name))
        done = pos + size
    if not changed:
        return None
    out.extend(tokens[done:])
    keep.extend(range(done, len(tokens)))
    tokens[:] = out
    return keep


def normalize(text: str) -> list[str]:
    """The words of `text`: lower-case, without accents, split on anything but letters and digits."""
    return _scan(answer_text(text), limit=None)[0]


def answer_text(answer: object) -> str:
    """The answer as a string, whatever a caller handed over (None, bytes, a number)."""
    if answer is None:
        return ""
    if isinstance(answer, bytes):
        return answer.decode("utf-8", errors="replace")
    return answer if isinstance(answer, str) else str(answer)


def _key(token: str) -> str:
    return token.replace("_", "")


# Nouns whose stem is another word of the course: the Dutch stemmer makes "kans" (chance) "kan" (can), so
# "de uitvoer is een kans" and "het model kan …" would share a word.
_OWN_STEM = {"kans": "kans", "kansen": "kans", "kansje": "kans", "kansjes": "kans"}


@lru_cache(maxsize=65536)
def _stems(key: str) -> frozenset[str]:
    nl, en = _stemmers()
    # A stem of two letters is no word a student means: "alle" stems to "al", and "al" (already) is not "all".
    stems = {key} | {s for s in (nl.stemWord(key), en.stemWord(key)) if len(s) > 2}
    if key in _OWN_STEM:
        return frozenset({key, _OWN_STEM[key]})  # "kans" is no form of "kan"
    if key in _NUMBER_WORDS:
        stems.add(_NUMBER_WORDS[key])
    return frozenset(stems)


# Real words one slip from a word of the course, read as written: "verhaal" (a story) is no typo of "vertaal"
# (translate), nor "verhalen" of "vertalen", so "een verhaal genereren" names no translation.
_NO_TYPO = frozenset({"verhaal", "verhalen"})


def _fuzzy_ok(key: str) -> bool:
    return len(key) >= _FUZZY_MIN_LEN and key not in _NO_TYPO and not any(c.isdigit() for c in key)


def swapped_letters(a: str, b: str) -> bool:
    """Two neighbouring letters swapped ("casual" / "causal")."""
    if len(a) != len(b) or sorted(a) != sorted(b):
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b) == 1


def check_phrases(phrases: list[str]) -> list[str]:
    """A phrase must hold words, and more than a negation (a rule of the rubric's spec)."""
    for phrase in phrases:
        words = normalize(phrase[1:] if phrase.startswith("=") else phrase)
        if not words:
            raise ValueError(tr(f"formulering {phrase!r} heeft geen woorden", f"phrase {phrase!r} has no words"))
        if NEGATORS.issuperset(words):
            raise ValueError(tr(f"formulering {phrase!r} is alleen een ontkenning; zeg wat ontkend wordt",
                                 f"phrase {phrase!r} is only a negation; say what is denied"))
    return phrases


@dataclass(frozen=True)
class _Phrase:
    """One phrase variant: how often each word is needed, within how many answer words."""

    needed: dict[int, int]  # index into _Matcher.words → count; -1 stands for "a negator"
    window: int
    # "sequentie naar vector": the words before "naar"/"to" come before those after it in the answer,
    # or "een vector wordt een sequentie" would say it.
    before: frozenset[int] = frozenset()
    after: frozenset[int] = frozenset()
    clause_slack: int = 0  # how much wider a match may be when it lies within one clause
    words: frozenset[int] = frozenset()  # the phrase words an answer must hold at all (a quick first test)
    # Its first and last word as written (None for one word): a match across "en"/"and" must keep them in
    # that order. "zet positieve invoer op 0 en laat negatieve door" holds "0 … negatieve", which is no
    # "negatieve 0": each word belongs to another claim.
    ends: tuple[int, int] | None = None
    # "sequentie naar sequentie": the same word on both sides of its "naar"; a match holds that word before
    # and after one "naar" ("de reeks leest, sequentie naar vector" holds two "sequentie" before it).
    mirror: tuple[int, frozenset[int]] | None = None
    # "per instantie": a "per"/"elke"/"each" and the word it distributes over, as written; the answer's "per"
    # must bear on that word ("per feature over de instanties" says nothing per instance).
    bound: tuple[tuple[int, int], ...] = ()
    # A misconception with `in_order`: its words as written, which the answer holds in that order
    # ("backpropagation voor de forward pass" is no "forward pass voor backpropagation").
    order: tuple[int, ...] = ()
    in_shape: bool = False  # a misconception with `in_shape`: all its words inside one written shape
    # A phrase with a negator: the words it affirms (before the negator) and those it denies (after it).
    kept: frozenset[int] = frozenset()
    denied: frozenset[int] = frozenset()
    # "X in plaats van Y": X must be said un-negated and Y be what the answer's own "in plaats van"/"instead of"
    # sets aside ("tanh in plaats van relu" is no "relu in plaats van tanh", and "geen Python-code" no "in plaats
    # van de code"); a phrase with a plain negator is read in any order.
    as_written: bool = False
    # Worked out once from the fields above, not for every answer: whether the phrase holds a negator, and
    # whether a match needs more than its window (_fits) or only the narrowest span.
    # A phrase of one plain word (most subjects' names) matches at each free place of that word: `single` is the
    # word, so its windows are those places without the window search (None for any other phrase).
    negative: bool = field(init=False)
    checked: bool = field(init=False)
    single: int | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "negative", -1 in self.needed)
        object.__setattr__(self, "checked", bool(self.before or self.clause_slack or self.ends or self.mirror
                                                 or self.bound or self.order or self.in_shape))
        plain = len(self.needed) == 1 and not self.negative and not self.checked and self.window >= 1
        object.__setattr__(self, "single", next(iter(self.needed)) if plain and 1 in self.needed.values() else None)

    @classmethod
    def of(cls, words: tuple[int, ...], window: int, split: int | None = None, clause_slack: int = 0,
           bound: tuple[tuple[int, int], ...] = ()) -> _Phrase:
        phrase = cls._of(words, window, split, clause_slack)
        if bound:
            phrase = replace(phrase, bound=bound)
        if -1 in words:
            at = words.index(-1)
            phrase = replace(phrase, kept=frozenset(words[:at]), denied=frozenset(words[at + 1:]) - {-1})
        return phrase

    @classmethod
    def _of(cls, words: tuple[int, ...], window: int, split: int | None, clause_slack: int) -> _Phrase:
        needed: dict[int, int] = {}
        for word in words:
            needed[word] = needed.get(word, 0) + 1
        slack = clause_slack if len(needed) > 1 else 0
        held = frozenset(needed) - {-1}
        written = [w for w in words if w != -1]
        ends = (written[0], written[-1]) if written and written[0] != written[-1] else None
        if split is None:
            return cls(needed, window, clause_slack=slack, words=held, ends=ends)
        before, after = frozenset(words[:split]) - {-1}, frozenset(words[split:]) - {-1}
        if before & after:
            connector = words[split]
            shared = frozenset(words[:split]) & frozenset(words[split + 1:])
            mirror = (connector, shared) if connector not in before and shared else None
            return cls(needed, window, clause_slack=slack, words=held, ends=ends, mirror=mirror)
        return cls(needed, window, before, after, slack, held, ends)

    def in_order(self, answer: _Answer, first: int, last: int) -> bool:
        """Whether, within answer words first..last, every word before the connector precedes every word
        after it; and the words of an ordered phrase come one after the other as written."""
        if self.order:
            at = first - 1
            for word in self.order:
                at = next((p for p in answer.positions[word] if at < p <= last), None)
                if at is None:
                    return False
        if self.mirror is not None:
            connector, shared = self.mirror
            at = [p for w in shared for p in answer.positions[w] if first <= p <= last]
            return any(min(at) < c < max(at) for c in answer.positions[connector] if first <= c <= last)
        if not self.before:
            return True
        starts = [min(p for p in answer.positions[w] if first <= p <= last) for w in self.before]
        ends = [max(p for p in answer.positions[w] if first <= p <= last) for w in self.after]
        return max(starts) < min(ends)


@dataclass
class _Answer:
    """One answer read for matching: where each phrase word occurs, and which words are negated."""

    tokens: list[str]
    clauses: list[int]
    positions: dict[int, list[int]]
    negated: list[bool]
    negator_scopes: list[tuple[int, frozenset[int]]]
    sentences: list[int]
    parts: list[int]  # clauses, but a colon or brackets do not end one: "Layer norm: per instantie" is one claim
    spans: list[int]  # ended only by a sentence mark or a clause word: a subject carries over a comma
    joins: list[int]  # how many of en/and/of/or come up to each word: "X liggen vast en Y variëren" is two claims
    pointers: list[int]  # how many pronouns that point back (die, dat, it, them) come up to each word
    groups: list[int] | None  # the bracket with a comma each word stands in (0: none), when there are two or more
    truncated: bool
    empty: bool
    held: frozenset[int] = frozenset()  # the phrase words the answer holds at all (a quick first test)
    # `positions` without the negated places: what a phrase that holds no negator of its own matches
    free: dict[int, list[int]] = field(default_factory=dict)
    shapes: list[int] = field(default_factory=list)  # `groups` even when there is one shape (0: in none)


@dataclass
class _Matcher:
    """Groups of phrases compiled against one shared vocabulary of phrase words."""

    groups: list[list[str]]
    tight_from: int | None = None  # groups from here on are names: their words side by side (no slack)
    ordered: frozenset[int] = frozenset()  # groups whose phrases match only in their written order
    shaped: frozenset[int] = frozenset()  # groups whose phrases match only inside one shape "(…, …)"
    loose_until: int = 0  # groups before this one (a rubric's concepts) may match wider within one clause
    words: list[str] = field(default_factory=list)
    phrases: list[list[_Phrase]] = field(default_factory=list)
    _by_stem: dict[str, set[int]] = field(default_factory=dict)
    _by_letters: dict[str, list[int]] = field(default_factory=dict)
    _fuzzy: list[str] = field(default_factory=list)
    _fuzzy_owner: list[int] = field(default_factory=list)
    _stems_of: dict[int, set[str]] = field(default_factory=dict)  # what `_by_stem` files each word under
    _fuzzy_of: dict[int, list[str]] = field(default_factory=dict)
    _compound: list[int] = field(default_factory=list)
    _long: dict[str, list[int]] = field(default_factory=dict)
    _hits: dict[str, frozenset[int]] = field(default_factory=dict)
    _pair_hits: dict[str, frozenset[int]] = field(default_factory=dict)
    _words: dict[str, tuple[frozenset[int], bool]] = field(default_factory=dict)  # see _word
    _pairs: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)  # see _pair

    def __post_init__(self) -> None:
        index: dict[str, int] = {}
        written: set[int] = set()
        for g, group in enumerate(self.groups):
            compiled: list[_Phrase] = []
            slack = 0 if self.tight_from is not None and g >= self.tight_from else _WINDOW_SLACK
            for phrase in group:
                name = tuple(normalize(phrase)) in _multiword_names()
                # "relu in plaats van tanh" is read as "relu, niet tanh", as written: relu said, tanh set aside
                phrase, instead = _INSTEAD_PHRASE.subn(" niet ", phrase, count=1)
                for variant, n_words, joined, split in _variants(phrase, name):
                    ids = tuple(-1 if w in NEGATORS else index.setdefault(w, len(index)) for w in variant)
                    # A name of the lexicon ("sequentie naar sequentie" for seq2seq) is its words side by side:
                    # "de reeks vectoren door een sequentie-naar-vector RNN" does not name seq2seq.
                    own = 1 if name else slack
                    # A misconception is read as written: a wrong claim is not put together from far-apart words.
                    wide = _CLAUSE_SLACK if own == _WINDOW_SLACK and g < self.loose_until else 0
                    bound = tuple((ids[k], ids[k + 1]) for k in range(len(variant) - 1)
                                  if variant[k] in _BINDERS and ids[k + 1] != -1) if not joined else ()
                    phrase = _Phrase.of(ids, n_words + min(slack, own), split, wide, bound)
                    written_order = tuple(i for i in ids if i != -1)
                    # a shape's axes are read in their written order too ("(batch, features, tijdstappen)")
                    if (g in self.ordered or g in self.shaped) and not joined and len(set(written_order)) > 1:
                        phrase = replace(phrase, order=written_order)
                    if g in self.shaped:
                        phrase = replace(phrase, in_shape=True)
                    if instead and phrase.negative:
                        phrase = replace(phrase, as_written=True)
                    compiled.append(phrase)
                    if not joined:
                        written.update(ids)
            self.phrases.append(compiled)
        self.words = list(index)
        for i, word in enumerate(self.words):
            key = _key(word)
            # A glued phrase matches only as written: stemming "causalend" gives "causal", a wrong hit.
            for stem in _stems(key) if i in written else (key,):
                self._by_stem.setdefault(stem, set()).add(i)
                self._stems_of.setdefault(i, set()).add(stem)
            if _fuzzy_ok(key):
                self._compound.append(i)
            if i not in written:
                # No typo allowance on a glued phrase: in "samepadding" a slip of "some" would pass.
                continue
            if len(key) >= 6:
                self._long.setdefault(key[:2], []).append(i)
            if _fuzzy_ok(key):
                self._by_letters.setdefault("".join(sorted(key)), []).append(i)
                for stem in _stems(key):
                    self._fuzzy.append(stem)
                    self._fuzzy_owner.append(i)
                    self._fuzzy_of.setdefault(i, []).append(stem)

    def _close(self, key: str, only: set[int] | None = None) -> set[int]:
        """Phrase words equal to `key`, sharing a stem, or a small typo away (among `only`, if given)."""
        found: set[int] = set()
        stems = _stems(key)
        if only is not None:
            return self._close_among(key, stems, only)
        for stem in stems:
            found.update(self._by_stem.get(stem, ()))
        if _fuzzy_ok(key):
            from rapidfuzz import fuzz, process  # here, not at start-up: 12 ms that a numeric answer never needs

            for stem in stems:
                for _, _, j in process.extract(
                    stem, self._fuzzy, scorer=fuzz.ratio, score_cutoff=_FUZZY_RATIO, limit=None
                ):
                    if self._fuzzy[j][0] == stem[0]:
                        found.add(self._fuzzy_owner[j])
            for i in self._by_letters.get("".join(sorted(key)), ()):
                if swapped_letters(key, _key(self.words[i])):
                    found.add(i)
        return found

    def _close_among(self, key: str, stems: frozenset[str], only: set[int]) -> set[int]:
        """`_close` for a few candidate words: compared one by one, not searched for among all."""
        fuzzy = _fuzzy_ok(key)
        if fuzzy:
            from rapidfuzz import fuzz
        found: set[int] = set()
        for i in only:
            if stems & self._stems_of.get(i, set()):
                found.add(i)
            elif fuzzy and any(
                f[0] == s[0] and fuzz.ratio(s, f, score_cutoff=_FUZZY_RATIO) for s in stems for f in self._fuzzy_of.get(i, ())
            ):
                found.add(i)
            elif fuzzy and i in self._fuzzy_of and swapped_letters(key, _key(self.words[i])):
                found.add(i)
        return found

    def hits(self, token: str) -> frozenset[int]:
        """The phrase words one answer word matches (cached: classes reuse their words)."""
        cached = self._hits.get(token)
        if cached is not None:
            return cached
        key = _key(token)
        found = self._close(key)
        if key.startswith("-"):
            # "e^x -1" holds a 1; only a phrase that writes "-1" insists on the minus.
            found |= self._close(key[1:])
        if len(key) > _FUZZY_MIN_LEN:
            for i in self._compound:
                word = _key(self.words[i])
                if len(key) > len(word) and (key.startswith(word) or _head_of(key, word)):
                    found.add(i)
        result = frozenset(found)
        _remember(self._hits, token, result)
        return result

    def _word(self, token: str) -> tuple[frozenset[int], bool]:
        """What one answer word is to this matcher: the phrase words it matches, and whether it may spell a long
        phrase word together with the next word (cached per word: most words of an answer were read before, and
        reading them is then one dict lookup). A pair can only spell a long phrase word that starts as the pair
        does: its first word starts one, or is one letter. An article or "te" spells nothing with the next word
        (_UNGLUED); a negator matches nothing."""
        if token in NEGATORS:
            found: tuple[frozenset[int], bool] = (frozenset(), False)
        else:
            key = _key(token)
            found = (self.hits(token), (key[:2] in self._long or len(key) < 2) and token not in _UNGLUED)
        _remember(self._words, token, found)
        return found

    def _pair(self, pair: tuple[str, str]) -> frozenset[int]:
        """`pair_hits` of two neighbouring words, cached by the words as written."""
        first, second = pair
        found = self.pair_hits(first, second) if (_key(first) + _key(second))[:2] in self._long else frozenset()
        _remember(self._pairs, pair, found)
        return found

    def pair_hits(self, first: str, second: str) -> frozenset[int]:
        """The long phrase words that two neighbouring answer words spell together ("tijd stappen")."""
        joined = _key(first) + _key(second)
        cached = self._pair_hits.get(joined)
        if cached is None:
            # Most pairs share no start with a long phrase word: settle those before stemming.
            near = {i for i in self._long.get(joined[:2], ()) if abs(len(_key(self.words[i])) - len(joined)) <= 3}
            cached = frozenset(self._close(joined, near)) if near else frozenset()
            _remember(self._pair_hits, joined, cached)
        return cached

    def read(self, text: str) -> _Answer:
        """Find where each phrase word occurs in `text`, and which answer words are negated."""
        parts: list[int] = []
        spans: list[int] = []
        groups: list[int] = []
        if "\u00e9" in text or "\u00c9" in text:
            # "één" is the number: it matches a phrase's "1" ("gelijk aan 1 lineaire laag"). A phrase's own
            # "één" stays "een", a stop word, so "een lineaire laag" still matches "één lineaire laag".
            text = _ONE.sub("1", text)
        tokens, clauses, sentences, truncated = _scan(text, parts=parts, spans=spans, groups=groups)
        positions: dict[int, list[int]] = {}
        last = len(tokens) - 1
        scopes = _negator_scopes(tokens, clauses, sentences)
        negated = [False] * len(tokens)
        for _, scope in scopes:
            for pos in scope:
                negated[pos] = True
        # Each distinct word is looked up once, in the matcher's cache of words (see _word); so is each pair.
        words, pairs = self._words, self._pairs
        seen = {token: words.get(token) or self._word(token) for token in set(tokens)}
        for pos, token in enumerate(tokens):
            hit, pairable = seen[token]
            for i in hit:
                plist = positions.get(i)
                if plist is None:
                    positions[i] = [pos]
                else:
                    plist.append(pos)
            # A negated second word denies the pair: "fouten stapelen zich niet op" is no "foutenopstapeling".
            if pairable and pos < last and clauses[pos + 1] == clauses[pos] and not negated[pos + 1]:
                pair = (token, tokens[pos + 1])
                spelled = pairs.get(pair)
                if spelled is None:
                    spelled = self._pair(pair)
                for i in spelled:
                    plist = positions.get(i)
                    if plist is None:
                        positions[i] = [pos]
                    elif plist[-1] != pos:  # the word itself matched it too
                        plist.append(pos)
        denied = {pos for _, scope in scopes for pos in scope}
        free = {i: plist if denied.isdisjoint(plist) else [p for p in plist if p not in denied]
                for i, plist in positions.items()} if denied else positions
        # how many of en/and/of/or, and of the pronouns that point back, come up to each word (counted in C)
        joins = list(accumulate(map(_JOINS.__contains__, tokens), initial=0))[1:]
        pointers = list(accumulate(map(_POINTERS.__contains__, tokens), initial=0))[1:]
        return _Answer(tokens, clauses, positions, negated, scopes, sentences, parts, spans, joins, pointers,
                       groups if max(groups, default=0) > 1 else None, truncated, not tokens, frozenset(positions), free,
                       groups)

    def matched(self, group: int, answer: _Answer) -> bool:
        """Whether any phrase of `group` matches the answer un-negated."""
        held = answer.held
        # (a loop, not any() over a generator: a rubric asks this of about 185 phrases an answer)
        for p in self.phrases[group]:
            if p.words <= held and _phrase_matches(p, answer):
                return True
        return False

    def wholes(self, rubric: Rubric) -> dict[int, set[tuple[str, ...]]]:
        """Per concept, the whole answers its "= …" phrases stand for (computed once per rubric)."""
        found = self.__dict__.get("_wholes")
        if found is None:
            found = self._wholes = {k: {_content_of(p[1:]) for p in c.phrases if p.startswith("=")}
                                    for k, c in enumerate(rubric.concepts) if any(p.startswith("=") for p in c.phrases)}
        return found

    def each_window(self, group: int, answer: _Answer) -> Iterator[tuple[int, int]]:
        """The windows of `group` one by one, for a caller that may stop at the first that settles it."""
        found = answer.__dict__.get("_windows", {}).get(group)
        if found is not None:
            yield from found
            return
        held = answer.held
        for p in self.phrases[group]:
            if p.words <= held:
                yield from _phrase_windows(p, answer)

    def windows(self, group: int, answer: _Answer) -> list[tuple[int, int]]:
        """Where the phrases of `group` match un-negated: (first, last) answer word of each match (computed
        once per answer: swaps, mentions and misconceptions ask for the same groups)."""
        cache = answer.__dict__.setdefault("_windows", {})
        found = cache.get(group)
        if found is None:
            found = cache[group] = list(self.each_window(group, answer))
        return found


def _head_of(compound: str, word: str) -> bool:
    """`word` ends `compound` after a part that does not turn it around ("onjuist" is no "juist"), nor is a
    particle or two that make another word ("voorbeeld", "bijvoorbeeld" are no "beeld")."""
    if not compound.endswith(word):
        return False
    head = compound[: -len(word)]
    return head not in _NO_KIND_PREFIXES and not any(
        head[:k] in _DERIVING_PREFIXES and head[k:] in _DERIVING_PREFIXES for k in range(2, len(head) - 1))


def _remember(cache: dict, key: object, value: object) -> None:
    # A bound keeps a long-running grader (or a flood of garbage answers) from growing without end.
    if len(cache) > 50_000:
        cache.clear()
    cache[key] = value


_DIRECTIONS = frozenset({"naar", "to", "into", "over", "across"})
_LEADING_DIRECTIONS = frozenset({"over", "across"})


def _variants(phrase: str, name: bool = False) -> list[tuple[tuple[str, ...], int, bool, int | None]]:
    """The phrase's content words (stop words dropped), and those words glued into one compound; with
    each, where a "naar"/"to" between content words splits them into what comes before and after. So
    does "over"/"across": "per feature over de batch" is not "per instantie over de features". A lexicon
    name keeps its "naar": "sequentie naar sequentie" needs one between its two words, so "die reeks door
    een sequentie-naar-vector" is no seq2seq."""
    words = normalize(phrase)
    content = tuple(w for w in words if w not in STOP_WORDS or name and w in _DIRECTIONS) or tuple(words)
    split = None
    turns = [k for k, w in enumerate(words) if w in _DIRECTIONS and 0 < k < len(words) - 1]
    if len(turns) == 1 and sum(w not in _DIRECTIONS for w in content) <= 4:
        split = sum(1 for w in words[: turns[0]] if w not in STOP_WORDS)
        split = split if 0 < split < len(content) else None
        if split is not None and not name and set(content[:split]) & set(content[split:]):
            # "sequentie naar sequentie": the same word on both sides; its "naar" is kept to read the order by
            content = tuple(w for w in words if w not in STOP_WORDS or w in _DIRECTIONS)
    if split is None and not name and len(content) > 1 and content[0] in _LEADING_DIRECTIONS:
        # "over de features": the "over" comes before what it is over; "per feature over de instanties"
        # holds "features … over", which says nothing over the features
        split = 1
    variants = [(content, len(words), False, split)]
    if 2 <= len(content) <= 3 and not NEGATORS.intersection(content):
        variants.append((("".join(_key(w) for w in content),), 1, True, None))
    return variants


# The last word of "in plaats van", "instead of", "rather than" (and "ipv"), by the words before it.
_INSTEAD = {w.split()[-1]: tuple(w.split()[:-1]) for w in _INSTEAD_WORDS}


_OPENS_SCOPE = NEGATORS | _INSTEAD.keys()
_INSTEAD_PHRASE = re.compile(r"(?:^|\s)" + _INSTEAD_ANY + r"\s", re.IGNORECASE)
_CONTRAST_NEGATORS = frozenset({"niet", "geen", "not", "no"})
# What follows "niet"/"not" when what is denied is a whole comparison or clause, not one word.
_DENIED_WHOLE = frozenset({("zoals",), ("like",), ("zo", "dat"), ("the", "case")})
_CONTRAST_REACH = 16
_REASONS = frozenset({"omdat", "because", "doordat", "want"})
_VERDICT_WORDS = frozenset({"waar", "true", "juist", "correct", "klopt", "echt", "helemaal", "altijd", "always"})


def _contrast_end(tokens: list[str], sentences: list[int], pos: int) -> int | None:
    """Where "maar"/"but" turns a denial into the claim ("niet X, maar Y"), when it follows the negator in
    the same sentence, with no other clause word (omdat, want, dus, …) between; else None. A denied reason
    ("niet omdat X, ze heeft er geen, maar omdat Y") is denied whole, its own negations included."""
    if pos + 1 < len(tokens) and tokens[pos + 1] in _VERDICT_WORDS:
        return None  # "niet waar, X maar Y" denies the statement, not X
    reason = pos + 1 < len(tokens) and tokens[pos + 1] in _REASONS
    for k in range(pos + 1 + reason, min(len(tokens), pos + _CONTRAST_REACH)):
        if sentences[k] != sentences[pos] or (tokens[k] in NEGATORS and not reason):
            return None
        if tokens[k] in ("maar", "but"):
            return k if k > pos + 1 else None
        if tokens[k] in _CLAUSE_WORDS:
            return None
    return None


_COORDINATORS = frozenset({"en", "and", "of", "or"})  # "ReLU(-5) = 0 en niet -5": "niet" is not about the 0
_OPENERS = frozenset({"maar", "but", "ja", "yes", "nee", "no", "en", "and"})  # "ja, maar niet omdat …" opens a claim
_SINGLE = frozenset({"enkele", "enkel", "enige", "single"})
_BINDERS = frozenset({"per", "elke", "elk", "each", "every", "iedere", "ieder"})


# Verbs that prevent what follows them: a negator before one ("niet te voorkomen dat het model in de toekomst
# kijkt") bears on that verb alone, not on what it would prevent.
_PREVENTS = ("voorkom", "vermijd", "verhinder", "prevent", "avoid")


def _negator_scopes(tokens: list[str], clauses: list[int], sentences: list[int]) -> list[tuple[int, frozenset[int]]]:
    """Each negator's position and the content words of its clause it negates."""
    scopes = []
    # only a negator or the last word of "in plaats van" opens a scope: the other words are skipped in one pass
    for pos in [pos for pos, token in enumerate(tokens) if token in _OPENS_SCOPE]:
        token = tokens[pos]
        if token in NEGATORS:
            first = _content_words(tokens, clauses, pos, +1)[:1]
            if first and tokens[first[0]].startswith(_PREVENTS):
                scopes.append((pos, frozenset(first)))
                continue
        if token not in NEGATORS:
            before = _INSTEAD.get(token)
            if before is not None and pos >= len(before) and tuple(tokens[pos - len(before): pos]) == before:
                # "links in plaats van rechts", "instead of the past": what is put aside is denied.
                after = _content_words(tokens, clauses, pos, +1)[:_NEGATION_SCOPE]
                start = pos - len(before)
                if after and tokens[after[0]].isdigit() and any(t.isdigit() for t in tokens[max(0, start - 2): start]):
                    after = after[:1]  # "512 units in plaats van 64 geeft meer parameters": one number for another
                scopes.append((pos, frozenset(after)))
            continue
        following = tuple(tokens[pos + 1: pos + 3])
        if token in ("niet", "not") and (following[:1] in _DENIED_WHOLE or following in _DENIED_WHOLE):
            # "niet zoals een gewone seq2seq die meteen bij elke stap iets geeft: …", "het is niet zo dat er bij elk
            # woord meteen een woord uitkomt": the comparison or the clause after "dat" is denied whole.
            end = pos + 1
            while end < len(tokens) and clauses[end] == clauses[pos] and end - pos <= _CONTRAST_REACH:
                end += 1
            scopes.append((pos, _content_span(tokens, pos + 1, end)))
            continue
        if pos + 1 < len(tokens) and tokens[pos + 1] in _NOT_ONLY:
            # "niet alleen de laatste, maar elke": only the "alleen" is denied (no claim "alleen de laatste"),
            # the rest is said
            scopes.append((pos, frozenset({pos + 1})))
            continue
        contrast = _contrast_end(tokens, sentences, pos) if token in _CONTRAST_NEGATORS else None
        if contrast is not None:
            # "Niet zoals batch norm per feature over de batch, maar per instantie": all of what comes before
            # "maar" is denied, however long; only what follows is claimed.
            scopes.append((pos, _content_span(tokens, pos + 1, contrast)))
            continue
        if token in ("niet", "not") and pos + 1 < len(tokens) and tokens[pos + 1] in _REASONS and (
                pos == 0 or sentences[pos - 1] != sentences[pos] or tokens[pos - 1] in _OPENERS):
            # "Ja, maar niet omdat er 32 waarden uitkomen; het is nodig omdat …": a denied reason, to its sentence's end
            end = pos + 2
            while end < len(tokens) and sentences[end] == sentences[pos] and tokens[end] not in _REASONS:
                end += 1
            scopes.append((pos, _content_span(tokens, pos + 2, end)))
            continue
        after = _content_words(tokens, clauses, pos, +1)
        # "zonder activatie blijft alles lineair": geen/zonder/no/without deny the next word, not the verb;
        # "geen enkele vector", "not a single vector": the word after "enkele" too
        reach = 2 if after and tokens[after[0]] in _SINGLE else 1
        scope = after[: _NEGATION_SCOPE if token in _TRAILING_NEGATORS else reach]
        if token in _TRAILING_NEGATORS and len(after) <= 1 and not (pos and tokens[pos - 1] in _COORDINATORS):
            # Dutch puts "niet" late: "Close niet", "de toekomst niet zien", "X is not used".
            scope += _content_words(tokens, clauses, pos, -1)[:1]
            if pos >= 3 and tokens[pos - 1] in _INVERTED_SUBJECTS and clauses[pos - 3] == clauses[pos]:
                # "een maat zoals MAE heb je niet nodig": a fronted object, the verb, its subject, then "niet"
                at = pos - 3  # the whole fronted part, to the clause's start
                while at >= 0 and clauses[at] == clauses[pos] and pos - at <= 9:
                    if tokens[at] not in STOP_WORDS and tokens[at] not in _PRONOUNS:
                        scope.append(at)
                    at -= 1
        scopes.append((pos, frozenset(scope)))
    return [_undone(scope, tokens) for scope in scopes]


def _content_span(tokens: list[str], start: int, end: int) -> frozenset[int]:
    """The positions of the content words (no stop words, no pronouns) from `start` up to `end`."""
    return frozenset(k for k in range(start, end) if tokens[k] not in STOP_WORDS and tokens[k] not in _PRONOUNS)


# Words that say something is gone: a negator that bears on one ("valt niet de tijdsas weg", "the time axis is
# not dropped") says it stays, so it bears on that word alone and a "geen tijdas" does not fit.
_GONE = frozenset({"weg", "verdwijnt", "verdwijnen", "wegvalt", "wegvallen", "disappears", "disappear", "dropped",
                   "removed", "verwijderd", "vervalt"})


def _undone(scope: tuple[int, frozenset[int]], tokens: list[str]) -> tuple[int, frozenset[int]]:
    gone = frozenset(k for k in scope[1] if tokens[k] in _GONE)
    return (scope[0], gone) if gone and len(gone) < len(scope[1]) else scope


_INVERTED_SUBJECTS = frozenset({"je", "jij", "we", "wij", "men", "u"})  # "ge", "gij" are read as "je"


def _content_words(tokens: list[str], clauses: list[int], pos: int, step: int) -> list[int]:
    """Positions of the content words from `pos` on in direction `step`, up to the clause's end."""
    found: list[int] = []
    at = pos + step
    while 0 <= at < len(tokens) and clauses[at] == clauses[pos] and len(found) <= _NEGATION_SCOPE:
        if step > 0 and found and tokens[at] in ("en", "and"):
            break  # "de gradiënt is niet 0 en lost het dying-ReLU-probleem op": "en" starts the next claim
        if tokens[at] not in STOP_WORDS and tokens[at] not in _PRONOUNS:
            found.append(at)
        at += step
    return found


# What may follow a negator that ends a claim without denying more: "leert niets meer", "learns nothing at all".
_EMPTY_AFTER = frozenset("all helemaal meer more anymore nog echt really mee".split())


def _phrase_lists(phrase: _Phrase, answer: _Answer) -> dict[int, list[int]] | None:
    """Per phrase word the answer places it may match at (None when a word is missing). A phrase without a
    negator matches un-negated places only. In a phrase with one, an answer's negator that bears on one of the
    phrase's words is part of the match ("nooit negatief"), in any word order ("geen voordeel voor het geheugen"
    is "geheugen geen voordeel"). A phrase with "in plaats van" reads as written: the words before it said
    un-negated, those after it set aside by the answer's own "in plaats van", so "tanh in plaats van relu" and
    "niet relu maar tanh" are no "relu in plaats van tanh". A negator at the phrase's end denies the claim before
    it ("leert niets", "levert niets op"): an answer's negator after those words that denies nothing else is such
    a place too."""
    needed = phrase.needed
    negative = phrase.negative
    lists: dict[int, list[int]] = {}
    for word in needed:
        if word == -1:
            continue
        found = answer.free if not negative or (
            phrase.as_written and word in phrase.kept and word not in phrase.denied) else answer.positions
        plist = found.get(word, ())
        if len(plist) < needed[word]:
            return None
        lists[word] = plist
    if negative:
        denied = phrase.denied
        if denied:
            others = {p for w in (denied if phrase.as_written else lists) for p in lists[w]}
            lists[-1] = [pos for pos, scope in answer.negator_scopes if scope & others and (
                not phrase.as_written or answer.tokens[pos] in _INSTEAD)]
        else:
            others = {p for plist in lists.values() for p in plist}
            if not others:
                return None
            first = min(others)
            tokens = answer.tokens
            lists[-1] = [pos for pos, scope in answer.negator_scopes if scope & others or (
                pos > first and all(tokens[q] in STOP_WORDS or tokens[q] in _EMPTY_AFTER for q in scope))]
        if len(lists[-1]) < needed[-1]:
            return None
    return lists


def _phrase_matches(phrase: _Phrase, answer: _Answer) -> bool:
    needed = phrase.needed
    lists = _phrase_lists(phrase, answer)
    if lists is None:
        return False
    if phrase.checked:
        for a, b in _spans(lists, needed, answer.sentences):
            if _fits(phrase, answer, a, b):
                return True
        return False
    return _min_span(lists, needed, answer.sentences) <= phrase.window


def _fits(phrase: _Phrase, answer: _Answer, first: int, last: int) -> bool:
    """Whether a match from answer word `first` to `last` is close enough: within the phrase's window, or,
    Dutch putting its verb last ("het weer van de komende dagen voorspellen"), a little wider inside one
    clause; and in the phrase's order where it has one."""
    size = last - first + 1
    close = size <= phrase.window or (
        size <= phrase.window + phrase.clause_slack and answer.parts[first] == answer.parts[last]
        and answer.joins[last] == answer.joins[first])
    if not close or not phrase.in_order(answer, first, last):
        return False
    if phrase.in_shape:
        # "(batch, features, tijdstappen)", not "batch, dan features per tijdstap": one shape, and its axes in the
        # phrase's order where each first stands ("(batch, tijdstappen, features per stap)" is no swap)
        if not (answer.shapes and answer.shapes[first] and answer.shapes[first] == answer.shapes[last]):
            return False
        firsts = [min(p for p in answer.positions[w] if first <= p <= last) for w in phrase.order]
        if any(a >= b for a, b in zip(firsts, firsts[1:], strict=False)):
            return False
    for binder, word in phrase.bound:
        at = [p for p in answer.positions[word] if first <= p <= last]
        if not any(0 < q - p and sum(t not in STOP_WORDS for t in answer.tokens[p + 1: q]) <= 1
                   for p in answer.positions[binder] if first <= p <= last for q in at):
            return False
    if answer.groups is not None and answer.groups[first] and answer.groups[first] != answer.groups[last] and (
            answer.groups[last] or phrase.ends is not None and last not in answer.positions[phrase.ends[1]]):
        # "invoer (batch, tijdstappen, features): met True (batch, units)" is no "batch tijdstappen units", nor
        # is "(batch, units) van de laatste stap": a match that starts in a shape and goes on past it does so in
        # the phrase's order ("(batch, 32) aan de Dense-laag" says "batch 32 aan dense")
        return False
    if phrase.ends and answer.joins[last] != answer.joins[first] and \
            answer.pointers[min(last + 1, len(answer.pointers) - 1)] == answer.pointers[first]:
        # "de gradiënt berekenen en telt die op": a pronoun (in the match or right after it) carries it over "en"
        head, tail = phrase.ends
        return min(p for p in answer.positions[head] if first <= p <= last) < \
            max(p for p in answer.positions[tail] if first <= p <= last)
    return True


def _phrase_windows(phrase: _Phrase, answer: _Answer) -> list[tuple[int, int]]:
    """Every place (first and last answer word) where the phrase matches un-negated, within its window."""
    if phrase.single is not None:
        return [(pos, pos) for pos in answer.free.get(phrase.single, ())]
    lists = _phrase_lists(phrase, answer)
    if lists is None:
        return []
    return [(a, b) for a, b in _spans(lists, phrase.needed, answer.sentences) if _fits(phrase, answer, a, b)]


def _spans(lists: dict[int, list[int]], needed: dict[int, int], sentences: list[int]) -> Iterator[tuple[int, int]]:
    """The minimal windows of one sentence that hold `needed[w]` positions from each `lists[w]`, in order (one by
    one: `_phrase_matches` stops at the first that fits)."""
    if len(lists) > 1:
        # A window lies in one sentence that holds every word: the other sentences' places are left out first
        # (most places of a word lie in a sentence without the others, and each would restart the count).
        common = None
        for plist in lists.values():
            common = {sentences[p] for p in plist} if common is None else common.intersection([sentences[p] for p in plist])
            if not common:
                return
        events = sorted([(pos, w) for w, plist in lists.items() for pos in plist if sentences[pos] in common])
    else:
        events = sorted([(pos, w) for w, plist in lists.items() for pos in plist])
    counts = dict.fromkeys(lists, 0)
    short = len(lists)
    left = 0
    for right, (pos, w) in enumerate(events):
        if sentences[pos] != sentences[events[left][0]]:
            counts = dict.fromkeys(lists, 0)
            short = len(lists)
            left = right
        counts[w] += 1
        if counts[w] == needed[w]:
            short -= 1
        while short == 0:
            lpos, lw = events[left]
            yield lpos, pos
            if counts[lw] == needed[lw]:
                short += 1
            counts[lw] -= 1
            left += 1


def _min_span(lists: dict[int, list[int]], needed: dict[int, int], sentences: list[int]) -> int:
    """The fewest consecutive words of one sentence holding `needed[w]` positions from each `lists[w]`."""
    if len(lists) == 1 and sum(needed.values()) == 1:
        return 1
    return min((b - a + 1 for a, b in _spans(lists, needed, sentences)), default=1 << 30)


@lru_cache(maxsize=1024)
def _phrase_matcher(phrases: tuple[str, ...]) -> _Matcher:
    return _Matcher([list(phrases)])


def matches_any(answer: str, phrases: list[str]) -> bool:
    """Whether any of `phrases` matches `answer` by the rules above (typos, stems, negation)."""
    usable = tuple(p for p in phrases if normalize(p))
    if not usable:
        return False
    matcher = _phrase_matcher(usable)
    return matcher.matched(0, matcher.read(answer_text(answer)))


# Words that make a clause a claim: the common finite verbs (a list of terms has none of them).
_CLAIM_WORDS = frozenset("""
    is zijn was waren wordt worden werd werden heeft hebben had hadden kan kun kunnen kon moet moeten mag mogen zal
    zullen zou zouden geeft geven gaf maakt maken zorgt zorgen leert leren gebruikt gebruiken bepaalt bepalen past
    passen neemt nemen houdt houden blijft blijven gaat gaan komt komen zet zetten zit zitten ligt liggen telt tellen
    ziet zien kijkt kijken hangt hangen verdwijnt verdwijnen ontploft laat laten doet doen krijgt krijgen wil willen
    betekent berekent berekenen normaliseert voorspelt voorspellen leest lezen toont meet meten minimaliseert vermijdt
    voorkomt helpt helpen werkt werken staat staan bevat bevatten heet noemt beschrijft
    are be been has have can could must should will would makes make gives give uses use learns learn lets let keeps
    keep takes take means computes predicts predict reads works helps avoids prevents contains depends needs
    need goes get gets does do did
    als wanneer omdat want dus if when because so""".split())
_CLAIM_MARKS = re.compile(r"(?<![\w)\]])=|=(?![\w(\[])|→|->|⇒")  # "x = 5" claims; "return_sequences=True" is a term
# Items: between commas, semicolons, slashes, line ends, en/and/vs, and bullets ("- minder geheugen - grote datasets").
_LIST_WORDS = re.compile(r"[^\W_]+(?:_[^\W_]+)*")
# (en/and/vs in one branch: the same splits, a fifth faster on a long answer)
_LIST_ITEMS = re.compile(r"[,;/\n]|\b(?:en|and|vs)\b|(?:^|\s)[-\u2013\u2014\u2022*](?=\s)", re.IGNORECASE)


def _content_of(text: str) -> tuple[str, ...]:
    """An answer's content words, stemmed: what a whole-answer phrase ("= allemaal") is compared with."""
    return tuple(sorted(min(_stems(_key(w))) for w in normalize(text) if w not in STOP_WORDS))


# A chain of arrows in brackets names the steps of one term ("hiërarchie (randen->vormen->objecten)"); it claims
# no more than the term does.
_CHAIN = re.compile(r"\((?:[^()→⇒=-]|-(?!>))*(?:(?:→|->|⇒)(?:[^()→⇒=-]|-(?!>))*){2,}\)")
_SET_VALUE = re.compile(r"(?<![\w(])[^\W\d_]{1,2}\s*=\s*-?\d+(?:[.,]\d+)?(?![\w(])")


def _may_claim(text: str) -> bool:
    """Whether `text` holds what every _CLAIM_MARKS match is made of (most answers do not: not searched)."""
    return "=" in text or "\u2192" in text or "\u21d2" in text or ("-" in text and ">" in text)


def is_term_list(text: str, least: int = 3) -> bool:
    """A bare list of terms: three (or `least`) or more items of at most four words, and not one verb that makes
    a claim ("divergentie, oscillatie, trage convergentie"). It names the topic's words without saying anything
    of them."""
    # Settled without splitting for most answers: more words than four for each item there can be
    low = text.casefold()
    most = 1 + sum(map(text.count, ",;/\n-\u2013\u2014\u2022*")) + low.count(" en ") + low.count(" and ") + low.count(" vs ")
    words = _LIST_WORDS.findall(text)
    lengths = list(map(len, words))
    # the words of more than one letter are at least all but the one-letter words: most answers are settled so,
    # without a Python step per word
    if len(lengths) - lengths.count(1) > 4 * most or sum(len(w) > 1 or w.isdigit() for w in words) > 4 * most:
        return False
    # a stack of recurrent layers written out says which return sequences (see _stacked_layers): a claim
    if "return_sequences" in low and _stacked_layers(low) != low:
        return False
    items = _list_items(text)
    # "α = 0,01" sets a value; it claims nothing about the terms around it ("max(αz, z), α = 0,01, dying ReLU")
    if len(items) < least or _may_claim(text) and _CLAIM_MARKS.search(_CHAIN.sub("", _SET_VALUE.sub("", text))):
        return False
    # Each item read once, its words as written (not their lexicon names): more than four is no term.
    # "normaliseert" makes a claim, and so does a plural verb after its subject ("timesteps variëren"); an
    # infinitive that is an item on its own is a term ("fout, minimaliseren, gradiënt").
    for item in items:
        words = _scan(answer_text(item), limit=None, synonyms=False)[0]
        # A symbol's letters are not words: "verborgen toestand h(t−1)" is a term of three.
        words = [w for w in words if len(w) > 1 or w.isdigit()]
        if len(words) > 4 or any(w in _CLAIM_WORDS or w.endswith("eert") or (w.endswith("eren") and len(words) > 1)
                                 for w in words):
            return False
    return True


_BRACKETED = re.compile(r"\([^()]*\)")


def _list_items(text: str) -> list[str]:
    """The items of a list answer: what lies between commas, semicolons, slashes, line ends, en/and, vs; not
    inside brackets ("(batch, units)" is one item, a shape)."""
    if "(" in text:
        text = _BRACKETED.sub(lambda m: m.group().replace(",", " "), text)
    return [i for i in _LIST_ITEMS.split(text) if i.strip()]


def _mostly_right_terms(text: str, rubric: Rubric, matcher: _Matcher) -> bool:
    """Whether at least half the items of a term list name a point of the rubric on their own: the right
    terms ("batch, tijdstappen, features" on what may vary), not one right word among others
    ("altijd drie dimensies: batch, tijdstappen, features" for the output of a layer)."""
    items = _list_items(text)
    named = 0
    for item in items:
        read = matcher.read(item)
        named += any(matcher.matched(k, read) for k in range(len(rubric.concepts)))
    return 2 * named >= len(items)


# A question the student answers "nee" at once is a thought set aside, not a claim: "ook vertalen denk ik? nee dat
# is seq2seq", "alles behalve de laatste... of toch de laatste ook? nee de laatste niet". The question and the "nee"
# are not read; what follows is.
_REJECTED_QUESTION = re.compile(
    r"[^.!?;\n]*\?\s*(?:nee|neen|neeje|no)\b(?:\W{0,3}(?:wacht|wait|toch)\b)?[\s,:!\u2013\u2014-]*", re.IGNORECASE)


def grade_open(answer: str, rubric: Rubric, expected: str) -> Result:
    """Grade a free-text answer: weighted concepts hit, capped by misconceptions and required concepts."""
    matcher = rubric.matcher()
    text = answer_text(answer)
    if "?" in text:
        text = _REJECTED_QUESTION.sub(". ", text)
    read = matcher.read(_ranked_shapes(text) if rubric.shapes_say_rank else text)
    thresholds = {"correct_at": rubric.correct_at, "partial_at": rubric.partial_at}
    if read.empty:
        details = {"hit": [], "missed": [c.id for c in rubric.concepts], "misconceptions": []}
        return Result.of(0, expected, [tr("Geen antwoord gegeven.", "No answer given.")], details=details, **thresholds)

    hits = [matcher.matched(k, read) for k in range(len(rubric.concepts))]
    wholes = matcher.wholes(rubric)
    if wholes and len(text) <= 200:  # a whole-answer phrase is for a short answer
        said = _content_of(text)
        hits = [h or said in wholes.get(k, ()) for k, h in enumerate(hits)]
    base = len(rubric.concepts)
    listed = not rubric.list_answer and any(hits) and is_term_list(text)
    # A bare list of terms makes no claim about any subject, so it swaps none: it stays partial at most.
    # Where a list is the answer ("1943: …, 1958: …"), which term goes with which is the point.
    swapped = _swaps(rubric, matcher, read, hits) if rubric.subjects and not listed else {}
    hits = [h and k not in swapped for k, h in enumerate(hits)]
    hits = _implied(rubric, matcher, read, hits)
    hits = [h or (bool(c.in_time_order) and _in_time_order(rubric, matcher, read, text, c.in_time_order))
            for c, h in zip(rubric.concepts, hits, strict=True)]
    hit = [c for c, h in zip(rubric.concepts, hits, strict=True) if h]
    missed = [c for c, h in zip(rubric.concepts, hits, strict=True) if not h]
    not_only = _not_only_spans(read)
    wrong = [m for k, m in enumerate(rubric.misconceptions) if matcher.matched(base + k, read)
             and (m.about is None or _said_of(rubric, matcher, read, base + k, m.about))
             and not (not_only and _only_within(matcher.windows(base + k, read), not_only))]
    swaps = {k: other for k, other in swapped.items() if other is not None}
    exchanges = _exchanges(rubric, swaps) if rubric.exchange_counts_once else len(swaps)
    wrong += [_swap_misconception(rubric.concepts[k], other, exchanges) for k, other in swaps.items()]

    total = sum(c.weight for c in rubric.concepts)
    score = round(sum(c.weight for c in hit) / total, 6)
    retraction = RETRACTION.search(text) if may_retract(text) else None
    if retraction is not None and normalize(text[retraction.end():]):
        # "test om de hyperparams te kiezen... nee wacht, omgekeerd, validatie voor de hyperparams en test pas op
        # het einde": a correction that is right on its own is the answer; one that is not takes back a claim.
        corrected = grade_open(text[retraction.end():], rubric, expected)
        if corrected.verdict is Verdict.CORRECT and not corrected.details.get("misconceptions"):
            return corrected
    retracted = retraction is not None
    conceded = not retracted and _conceded(text)
    if wrong or retracted or conceded or any(c.required for c in missed):
        score = min(score, _below(rubric.correct_at))
    if retracted or any(m.caps == "incorrect" for m in wrong):
        score = min(score, _below(rubric.partial_at))
    bare_list = bool(hit) and listed
    if bare_list:
        # The right terms with no claim about them: partial, as a marker gives it, whatever their weight.
        score = min(score, _below(rubric.correct_at))
        if not wrong and not retracted and _mostly_right_terms(text, rubric, matcher):
            score = max(score, min(rubric.partial_at, _below(rubric.correct_at)))
    named = 0
    if rubric.examples:
        counted = hits if not rubric.examples_of else [h and c.id in rubric.examples_of
                                                       for c, h in zip(rubric.concepts, hits, strict=True)]
        named = _examples_named(matcher, read, counted)
    too_few = bool(hit) and named < rubric.examples
    if too_few:
        score = min(score, _below(rubric.correct_at))

    feedback = [f"✓ {c.label}" for c in hit]
    for c in missed:
        feedback.append(f"✗ {c.label}" + (tr(" (vereist)", " (required)") if c.required else ""))
    for m in wrong:
        line = "! " + tr("Misvatting: {label}", "Misconception: {label}").format(label=m.label)
        feedback.append(line + (f" — {m.feedback}" if m.feedback else ""))
    if retracted:
        feedback.append(tr("Je spreekt jezelf tegen: wat na 'maar eigenlijk' (of 'nee wacht') komt, neemt terug wat je "
                           "eerst zei. Schrijf één bewering waar je achter staat.",
                           "You contradict yourself: what follows 'but actually' (or 'no wait') takes back what you said "
                           "first. Write one claim you stand by."))
    if conceded:
        feedback.append(tr("Na 'maar … wel' of 'dus eigenlijk' zeg je iets dat tegen je eerste bewering ingaat: welke van de "
                           "twee bedoel je?",
                           "After 'but … still' or 'so actually' you say something that goes against your first claim: "
                           "which one do you mean?"))
    if too_few:
        if named == 1:
            few = tr("Je noemt 1 voorbeeld; de vraag vraagt er meer (minstens {k}).",
                     "You name 1 example; the question asks for more (at least {k}).")
        else:
            few = tr("Je noemt {n} voorbeelden; de vraag vraagt er meer (minstens {k}).",
                     "You name {n} examples; the question asks for more (at least {k}).")
        feedback.append(few.format(n=named, k=rubric.examples))
    if bare_list:
        feedback.append(tr("Je noemt de juiste termen, maar zegt niet wat ze doen of waarom: schrijf het als een bewering.",
                           "You name the right terms but do not say what they do or why: write it as a claim."))
    if read.truncated:
        too_long = tr(
            "Je antwoord is te lang: alleen het begin (hoogstens {n} woorden) is gelezen.",
            "Your answer is too long: only its start (at most {n} words) was read.",
        )
        feedback.append(too_long.format(n=MAX_TOKENS))
    details = {"hit": [c.id for c in hit], "missed": [c.id for c in missed], "misconceptions": [m.label for m in wrong]}
    if retracted:
        details["misconceptions"].append(tr("spreekt zichzelf tegen", "contradicts itself"))
    result = Result.of(score, expected, feedback, details=details, **thresholds)
    # Where the grader cannot tell: a real answer that hits no point (perhaps right in other words), or
    # one that hits a point and a misconception at once. It still gives its best verdict.
    result.confident = not ((not hit and not wrong and len(read.sentences) >= 8) or (hit and wrong) or conceded)
    return result


def _not_only_spans(read: _Answer) -> list[tuple[int, int]]:
    """Where an answer says "niet alleen X (maar ook Y)": the words of X. X is said, but not as all there is,
    so a misconception that X alone is the answer ("alleen de lagen die een recurrente laag voeden") is not."""
    tokens, spans = read.tokens, []
    for pos in range(len(tokens) - 1):
        if tokens[pos] in ("niet", "not") and tokens[pos + 1] in _NOT_ONLY:  # "nooit maar één" claims; "ni" is "niet"
            end = pos + 2
            while end < len(tokens) and read.sentences[end] == read.sentences[pos] and tokens[end] not in ("maar", "but"):
                end += 1
            spans.append((pos + 2, end - 1))
    return spans


def _only_within(windows: list[tuple[int, int]], spans: list[tuple[int, int]]) -> bool:
    """Whether every match lies inside one of the spans."""
    return all(any(a <= first and last <= b for a, b in spans) for first, last in windows)


def _implied(rubric: Rubric, matcher: _Matcher, read: _Answer, hits: list[bool]) -> list[bool]:
    """A concept is also hit where the concepts it is `implied_by` are all hit in one sentence: naming
    batch, time steps and features together names three dimensions (one word each in three sentences
    about something else does not)."""
    out = list(hits)
    for k, parts in rubric.implications():
        if out[k] or not all(hits[j] for j in parts):
            continue
        sentences = [{read.sentences[a] for a, b in matcher.windows(j, read) if read.sentences[a] == read.sentences[b]}
                     for j in parts]
        out[k] = bool(set.intersection(*sentences))
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")


def _in_time_order(rubric: Rubric, matcher: _Matcher, read: _Answer, text: str, order: list[str]) -> bool:
    """Whether the answer gives at least two of the subjects in `order` a year (named in its clause, at most
    four words away) and their years follow that order: "train 2010–2017, validatie 2018–2019, test 2020"
    splits on time, as a marker reads it; "test 2016, train 2017–2020" does not."""
    if not _YEAR.search(text):
        return False
    mentions = [(name, a) for name, (a, _b) in _mentions(rubric, matcher, read) if name in order]
    years: dict[str, list[int]] = {}
    for pos, token in enumerate(read.tokens):
        if not _YEAR.fullmatch(token):
            continue
        near = [(abs(a - pos), name) for name, a in mentions
                if read.clauses[a] == read.clauses[pos] and abs(a - pos) <= 4]
        if near:
            years.setdefault(min(near)[1], []).append(int(token))
    dated = [years[name] for name in order if name in years]
    if len(dated) < 2:
        return False
    pairs = list(zip(dated, dated[1:], strict=False))
    return all(max(a) <= min(b) for a, b in pairs) and any(max(a) < min(b) for a, b in pairs)


def _examples_named(matcher: _Matcher, read: _Answer, hits: list[bool]) -> int:
    """How many different examples the concepts hit are named by: their matches, overlapping ones counted
    once ("weersvoorspelling en beurskoersen" are two, though both are time series), and so is one example
    named again by a word of its compound ("sentimentanalyse: … het sentiment", "het muziekgenre, dat genre")."""
    windows = sorted({w for k, h in enumerate(hits) if h for w in matcher.windows(k, read)}, key=lambda w: w[1])
    count, end, named = 0, -1, []
    for first, last in windows:  # the most matches that do not overlap: earliest end first
        if first > end:
            end = last
            words = [w for w in read.tokens[first:last + 1] if w not in STOP_WORDS]
            if not any(_names_again(words, earlier) or _names_again(earlier, words) for earlier in named):
                count += 1
            named.append(words)
    return count


def _names_again(words: list[str], earlier: list[str]) -> bool:
    """Whether a match names what an earlier match did: the same words, or one word that begins or ends one
    of its compounds ("sentiment" in "sentimentanalyse", "genre" in "muziekgenre")."""
    return words == earlier or len(words) == 1 and any(w.startswith(words[0]) or _head_of(w, words[0])
                                                       for w in earlier)


# A claim taken back in the same answer: "X, maar eigenlijk Y", "X — nee wacht, Y", "X, or actually Y". A
# marker reads two claims of which the student stands by neither; so does a concessive "al" ("…, al
# verzadigt ze eigenlijk nooit"); "da's eigenlijk de veralgemening" (no "maar") is only emphasis.
# RETRACTION tries each of its branches at every position of an answer (about 120 µs for a model answer); every
# retraction it finds holds one of these words, so an answer without them is not searched.
_RETRACTION_WORDS = ("eigenlijk", "actually", "feite", "fact", "wacht", "wait", "toch", "nee")
_OH_NO = re.compile(r"\b(?:ah|oh|oeps|oops)\W{0,3}no\b")


def may_retract(text: str) -> bool:
    """Whether `text` can hold a RETRACTION ("no" only after a trailing-off or "ah"/"oh")."""
    low = text.casefold()
    return (any(w in low for w in _RETRACTION_WORDS) or (
        "no" in low and (".." in low or "\u2026" in low or _OH_NO.search(low) is not None))) and _retraction_words(low)


def _retraction_words(low: str) -> bool:
    """Whether the words every RETRACTION branch needs stand as words, not inside others ("neemt", "factor",
    "verwacht"): most answers that hold such letters are then settled without RETRACTION's search, which tries
    each of its branches at every position. "eigenlijk"/"actually" and "nee"/"no" must end a word, "in
    feite"/"in fact"/"of toch" be one; a "nee"/"no" that only starts one needs a "wacht"/"wait"/"toch" after it."""
    if not low.isascii():
        low = low.replace("\u0131", "i").replace("i\u0307", "i")  # "ı", "İ" lowered: an "i" to RETRACTION
    return _word_at(low, ("eigenlijk", "actually", "nee", "neen", "no"), start=False) or \
        _word_at(low, ("in feite", "in fact", "of toch"), start=True, end=True) or (
            _word_at(low, ("nee", "no"), start=True, end=False) and any(w in low for w in ("wacht", "wait", "toch")))


def _word_at(low: str, words: tuple[str, ...], start: bool = False, end: bool = True) -> bool:
    """Whether one of `words` occurs in `low` with no letter, digit or "_" of the ASCII alphabet before it
    (`start`) and after it (`end`): no other character lowered can stand in a word that RETRACTION's \\b ends."""
    for word in words:
        at = low.find(word)
        while at >= 0:
            after = at + len(word)
            if (not start or at == 0 or low[at - 1] not in _ASCII_WORD) and \
                    (not end or after == len(low) or low[after] not in _ASCII_WORD):
                return True
            at = low.find(word, at + 1)
    return False


_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789_")


RETRACTION = re.compile(
    r"(?:\b(?:maar|but)\b|(?:^|[.!?,;:\u2013\u2014-])\s*(?:al|although|though|hoewel)\b)[^.;!?\n]{0,80}?\b(?:eigenlijk|actually|in feite|in fact)\b"
    # "maar dat is eigenlijk alleen dat het bestaat": a claim narrowed, not taken back
    r"(?!\s+(?:alleen|enkel|slechts|maar|only|just|merely)\b)"
    r"|\b(?:nee|neen|no)\W{0,3}(?:wacht|wait|toch)\b|\b(?:of|or)\s+(?:eigenlijk|actually)\b"
    # "alle behalve de laatste. Of toch de eerste niet, …": the student turns to another answer ("… of toch ook
    # tijdstappen vast?" asks: a doubt, at most partial)
    r"|\bof\s+toch\b(?![^.!?\n]*\?)"
    # "b, want … wacht nee, …", "b, ah nee die wil one-hot": the student takes back what came before
    r"|\b(?:wacht|wait|ah|oh|oeps|oops)\W{0,3}(?:nee|neen|no)\b(?!\s+(?:idea|idee)\b)"
    # "b... of nee a": after a trailing-off "...", not "ja of nee"
    r"|(?:\.{2,}|\u2026)\s*(?:(?:of|or)\s+)?(?:nee|neen|no)\b(?:\W{0,3}(?:wacht|wait)\b)?(?!\s+(?:idea|idee)\b)"
    # "rank is het aantal dimensies, euh nee eigenlijk het aantal elementen"; not "Nee, eigenlijk …" opening an answer
    r"|(?<=\w)\W{1,5}(?:(?:euh|eh|uh)\W{1,3})?(?:nee|neen|no)\W{0,3}(?:eigenlijk|actually)\b",
    re.IGNORECASE)


def _swaps(rubric: Rubric, matcher: _Matcher, read: _Answer, hits: list[bool]) -> dict[int, str | None]:
    """Concepts `about` a subject whose claim the answer does not make about it: concept index → the
    subject it makes the claim about instead (a swap), or None when it makes the claim within no clause.

    The claim counts where the subject named nearest to it in its clause is that subject, or where the
    clause names none. "Batch norm normaliseert per instantie" makes layer norm's claim about batch norm."""
    mentions = _mentions(rubric, matcher, read)
    out: dict[int, str | None] = {}
    for k, concept in enumerate(rubric.concepts):
        if not hits[k] or concept.about is None:
            continue
        owners: set[str | None] = set()
        for window in matcher.each_window(k, read):
            owner = _owner(mentions, window, read)
            if owner is None and rubric.subject_required:
                continue  # "the perceptron" without its year says nothing of when
            if owner == concept.about or owner is None:
                break  # said of its own subject, or of none: no swap, whatever else the answer says
            if owner != _NO_CLAIM:
                owners.add(owner)
        else:
            out[k] = sorted(owners)[0] if owners else None  # another subject's claim, or no clause's
    return out


# "X, maar … wel Y" after a claim that denies nothing: a concession that most often takes X back ("lineaire
# lagen vallen samen, maar met tien lagen kun je wel complexere verbanden leren"). Not sure enough to fail
# the answer ("…, maar je hebt wel veel data nodig" is a remark): it stays below correct and is marked unsure.
# After a denial, "niet X maar wel Y" is plain contrast.
_BUT = re.compile(r"\b(?:maar(?!\s+" + _QUANTITY + r")|but)\b", re.IGNORECASE)
_AFFIRMED = re.compile(r"[^.;!?\n]{0,200}?\b(?:wel|toch|evengoed)\b", re.IGNORECASE)
# "niet-lineair" and "non-linear" are words, not denials.
_DENIAL = re.compile(r"\b(?:niet|geen|nooit|zonder|ni|nie|not|no|never|without)\b(?!-\w)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?\n]")
# A sentence (or a clause after ';') that turns against the one before: "… één lineaire laag. Maar door de
# extra diepte kunnen ze toch meer.", "Toch klopt 3648 ook.", "Though honestly …". Sentence-initial "Maar … wel"
# stays a remark ("Maar ge hebt wel veel data nodig."), and so does "Hoewel X, Y" (a clause, no comma after it).
_TURNS = re.compile(r"[.!?;\n]\s*(?:toch|though|hoewel\s*,|(?:maar|but)\b[^.;!?\n]{0,200}?\b(?:toch|evengoed|still|anyway))\b",
                    re.IGNORECASE)


# "Je neemt de waarde van 7 dagen eerder, dus eigenlijk die van de dag ervoor": after a comma, "dus eigenlijk"
# restates the claim as something else (on the labelled answers, every time a wrong one). "BPTT is dus
# eigenlijk gewone backprop" (no comma) sums up.
_SO_ACTUALLY = re.compile(r",\s*(?:dus|so)\s+(?:eigenlijk|actually|in feite|in fact)\b", re.IGNORECASE)


# An answer that ends by doubting itself: "…, 3744. of was het toch 3648, geen idee", "… or was it 3648 after
# all?". The student puts the claim and its alternative side by side and stands by neither: not full marks.
_DOUBTED = re.compile(r"(?:^|[.,;!?\n]|\s)\s*(?:of\s+(?:was|is|waren|zijn)\s+(?:het|dat|die|ze)\s+(?:nu\s+)?toch"
                      r"|or\s+(?:was|is|were|are)\s+(?:it|that|they)\b[^.;!?\n]{0,40}?\b(?:after\s+all|instead))\b"
                      r"[^.;!?\n]{0,80}[.?!\s]*$",
                      re.IGNORECASE)


# A part the student says they do not know: "…, anders 2D maar ik weet ni meer wat er dan wegvalt", "5D: video
# I think, not sure about the axes", "waarom het beter traint weet ik niet precies", and "weet ik niet" that ends
# its sentence after what is not known ("…, hoe het precies werkt weet ik ni"). On every labelled answer a marker
# gave such an answer at most part of the marks.
# "(?=[wbingdis])": the first letters of its branches, so that most places are passed after one test, not ten.
_UNKNOWN = re.compile(r"\b(?=[wbingdis])(?:(?:(?<=[,;:=(]\s)|(?<=\bis\s)|(?<=\bzit\s)|(?<=^))(?:iets\s+met|something\s+(?:to\s+do\s+)?with)|weet\s+(?:ik\s+)?(?:het\s+|dat\s+|da\s+)?(?:niet|ni|nie)\s+(?:meer|zeker|precies|goed)"
                      r"|weet\s+ik\s+(?:het\s+)?(?:niet|ni|nie)(?=\s*(?:[.!?\n]|$))"
                      r"|(?:ben|is)\s+(?:ik\s+)?(?:er\s+)?(?:niet|ni|nie)\s+zeker|niet\s+zeker\s+(?:of|meer|wat|hoe|welke)"
                      r"|geen\s+idee\s+(?:wat|hoe|welke|waarom|of)|not\s+sure|no\s+idea\s+(?:what|how|which|why|if)"
                      r"|(?:don'?t|do\s+not)\s+(?:remember|know\s+(?:what|how|which|why|if))|i\s+forgot)\b",
                      re.IGNORECASE)


_UNKNOWN_WORDS = ("weet", "zeker", "idee", "sure", "remember", "know", "forgot", "iets met", "something")
# the words each pattern needs one of: "of was het toch", "or was it … after all"; "maar … toch", "but … still"
_DOUBT_WORDS = ("toch", "after all", "instead")
_TURN_WORDS = ("toch", "though", "hoewel", "evengoed", "still", "anyway")
_ACTUALLY_WORDS = ("eigenlijk", "actually", "feite", "fact")


def _conceded(text: str) -> bool:
    text = text[:_MAX_CHARS]  # read only as far as the grader reads
    low = text.casefold()
    # each pattern is tried only where a word it needs is there: most answers hold none
    doubt = (_DOUBTED.search(text) if any(w in low for w in _DOUBT_WORDS) else None) or (
        _UNKNOWN.search(text) if any(w in low for w in _UNKNOWN_WORDS) else None)
    if doubt and len(text[: doubt.start()].split()) >= 3:
        return True
    turn = _TURNS.search(text) if any(w in low for w in _TURN_WORDS) else None
    if turn and len(text[: turn.start()].split()) >= 2:
        return True
    if any(w in low for w in _ACTUALLY_WORDS) and _SO_ACTUALLY.search(text):
        return True
    if "maar" not in low and "but" not in low:
        return False
    for but in _BUT.finditer(text):
        if not _AFFIRMED.match(text, but.end()):
            continue
        # the claim before "maar" is in the same sentence ("Maar je hebt wel veel data nodig." opens a remark)
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, but.start())), default=0)
        claim = text[start: but.start()]
        if len(claim.split()) >= 2 and not _DENIAL.search(claim):
            return True
    return False


def _said_of(rubric: Rubric, matcher: _Matcher, read: _Answer, group: int, subject: str) -> bool:
    """Whether a misconception `about` a subject is said of it: somewhere its subject is the one named
    nearest in its clause, or the clause names none (not where the rubric has `subject_required`). "Leaky ReLU
    laat een klein deel door" is no wrong claim about ReLU."""
    owners = {_owner(_mentions(rubric, matcher, read), window, read) for window in matcher.windows(group, read)}
    if owners == {_NO_CLAIM}:
        return False  # matched only across clauses that name other subjects between its words: no claim
    owners.discard(_NO_CLAIM)
    return subject in owners or (not rubric.subject_required and (not owners or None in owners))


def _mentions(rubric: Rubric, matcher: _Matcher, read: _Answer) -> list[tuple[str, tuple[int, int]]]:
    """Where the answer names each subject; a name inside a longer name of another subject is that one
    ("ReLU" in "Leaky ReLU")."""
    cached = read.__dict__.get("_mentions")
    if cached is not None:
        return cached
    first = len(rubric.concepts) + len(rubric.misconceptions)
    found = sorted({(name, span) for j, name in enumerate(rubric.subjects) for span in matcher.windows(first + j, read)})
    kept = [(name, (a, b)) for name, (a, b) in found
            if not any(other != name and c <= a and b <= d and d - c > b - a for other, (c, d) in found)]
    read.__dict__["_mentions"] = kept  # one answer, one rubric: the same mentions for every claim
    return kept


_NO_CLAIM = "\0"


def _owner(mentions: list[tuple[str, tuple[int, int]]], window: tuple[int, int], read: _Answer) -> str | None:
    """The subject of one match: read within one clause; a match across a comma names its subject itself
    ("te klein, dan duurt het lang") or is no claim at all (`_NO_CLAIM`)."""
    a, b = window
    if read.parts[a] == read.parts[b]:
        return _nearest(mentions, window, read)
    # A subject between the matched words of two clauses splits them into two claims ("vector, daarna maakt
    # de encoder …" says nothing of the encoder making a vector); one at an end of the match is its subject.
    inside = [(name, first == a or last == b) for name, (first, last) in mentions if a <= first and last <= b]
    if not inside or not all(at_end for _, at_end in inside):
        return _NO_CLAIM
    return sorted(name for name, _ in inside)[0]


def _nearest(mentions: list[tuple[str, tuple[int, int]]], window: tuple[int, int], read: _Answer) -> str | None:
    """The subject a claim is made about: the one named nearest to it in its own clause (a colon or
    brackets do not end a clause; a name before the claim wins a tie); else the last one named before
    it across commas ("Validatieset: pas op het einde, voor de uiteindelijke prestaties"), but not
    across "maar", "want" and the like; None when there is none."""
    start, end = window
    paired = _paired_owner(mentions, window, read)
    if paired is not None:
        return paired
    best: tuple | None = None
    carried: tuple[int, str] | None = None
    for name, (first, last) in mentions:
        if read.parts[first] == read.parts[start]:
            before = last < start
            # "de testset gebruik je om af te stemmen en de validatieset …": a subject after "en" opens the
            # next claim; it owns this one only where none is named otherwise
            opens_next = first > end and read.joins[first] > read.joins[end]
            distance = 0 if first <= end and last >= start else (start - last if before else first - end)
            key = (opens_next, distance, not before, name)
            if best is None or key < best:
                best = key
        elif last < start and read.spans[first] == read.spans[start] and (carried is None or last > carried[0]):
            carried = (last, name)
    if best is not None:
        return best[-1]
    if carried:
        return carried[1]
    return _trailing_subject(mentions, window, read)


# "(32, 224, 224, 3) = 32 RGB-foto's, dus 4D.", "haal je de tijd weg dan heb je foto's, 4D.": a clause that
# names only a subject (and a word like "dus" or "is") and ends the sentence, right after a claim that names
# none and carries none over a comma, says what the claim is about, as a marker reads it.
_TRAILING_FILLER = frozenset({"dus", "so", "is", "dat", "dit", "that", "this", "thus", "hence", "zijn", "are",
                              "ofwel", "oftewel", "dan", "then", "het", "it", "s", "namelijk", "i", "e", "ie"})


def _trailing_subject(mentions: list[tuple[str, tuple[int, int]]], window: tuple[int, int], read: _Answer) -> str | None:
    end = window[1]
    nxt = end + 1
    while nxt < len(read.tokens) and read.parts[nxt] == read.parts[end]:
        nxt += 1
    if nxt >= len(read.tokens) or read.sentences[nxt] != read.sentences[end]:
        return None
    part = read.parts[nxt]
    stop = nxt
    while stop < len(read.tokens) and read.parts[stop] == part:
        stop += 1
    if stop < len(read.tokens) and read.sentences[stop] == read.sentences[nxt]:
        return None  # "forget gate -> wat weg uit c, input gate -> wat erbij": the subject opens the next claim
    named = [(name, (first, last)) for name, (first, last) in mentions if nxt <= first and last < stop]
    if len({name for name, _ in named}) != 1:
        return None
    covered = {k for _, (first, last) in named for k in range(first, last + 1)}
    if any(k not in covered and read.tokens[k] not in _TRAILING_FILLER for k in range(nxt, stop)):
        return None
    return named[0][0]


def _paired_owner(mentions: list[tuple[str, tuple[int, int]]], window: tuple[int, int], read: _Answer) -> str | None:
    """"Wx en Wŷ zijn de gewichten voor de invoer en voor die vorige uitvoer": two subjects joined by "en",
    then two claims joined by "en", pair up in order (as "respectievelijk" says); None where the clause is
    not built that way."""
    start, _ = window
    before = sorted((last, first, name) for name, (first, last) in mentions
                    if read.parts[first] == read.parts[start] and last < start)
    if len(before) < 2:
        return None
    (l1, _f1, n1), (l2, f2, n2) = before[-2], before[-1]
    if n1 == n2 or f2 - l1 > 2 or read.joins[f2] != read.joins[l1] + 1 or read.tokens[l1 + 1] not in ("en", "and"):
        return None
    later = [k for k in range(l2 + 1, len(read.tokens)) if read.parts[k] == read.parts[start]]
    if not later or read.joins[later[-1]] == read.joins[l2]:
        return None  # one claim about both: "Wx en Wŷ zijn gewichtsmatrices"
    step = read.joins[start] - read.joins[l2]
    return n1 if step == 0 else n2 if step == 1 else None


class _Swap(NamedTuple):
    """A claim made about the wrong subject, reported like a misconception."""

    label: str
    caps: str
    feedback: str | None = None


def _exchanges(rubric: Rubric, swaps: dict[int, str]) -> int:
    """How many mistakes the swaps make where an exchange counts once (`exchange_counts_once`): a claim of A's
    said of B and one of B's said of A ("dropout op h(t−1), recurrent_dropout op x(t)") are one exchange."""
    moved = {(rubric.concepts[k].about, other) for k, other in swaps.items()}
    mutual = sum(1 for a, b in moved if (b, a) in moved) // 2
    return len(swaps) - mutual


def _swap_misconception(concept, other: str, swaps: int) -> _Swap:
    return _Swap(tr(f"verwisseld: '{concept.label}' gaat niet over {other}", f"swapped: '{concept.label}' is not about {other}"),
                 "incorrect" if swaps > 1 else "partial")


def _below(correct_at: float) -> float:
    """A score just under `correct_at`, far enough to stay under it when shown with 2–3 decimals."""
    return max(0.0, correct_at - 0.01)

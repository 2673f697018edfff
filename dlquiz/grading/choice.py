"""Reading and grading multiple-choice and true/false answers.

A choice is read from the answer up to a reason (want, omdat, aangezien, dus, because, since, →), in
this order:

* **by letter**: ``b``, ``B)``, ``(b)``, ``a, c``, ``a en c``, ``a and c``, ``antwoord b``; a letter
  followed by the option's text (``b) seq2vec``) counts as the letter;
* **by number**: ``2`` is the second option, but only when no option's text holds a digit (then
  ``2`` is read as text);
* **by text**: the option's text with typos ("sequntie naar vectr", "rleu"), in English where the
  words are near cognates ("sequence to vector" for "sequentie-naar-vector"), abbreviated to word
  starts ("seq2vec", "s2v", "enc-dec", "sigm"), as initials ("mse" for "mean squared error"), with
  words left out ("causal, nullen aan het begin"), or as part of a longer answer. Several options are
  separated by commas or en/and ("tanh en relu"); when not every piece names an option, the first
  piece counts ("sigmoid, tanh zit tussen -1 en 1"), else the only piece that names one. An answer
  that fits two options about equally well is not read;
* **by description**, when the question has ``descriptions:``: the one option whose descriptions match as
  a rubric's phrases do (stems, typos, negation): "max(0, z)" for ReLU. A description of two options
  settles nothing; a denied one ("niet exponentieel") chooses nothing;
* **by the words only one option has**: "te grote stappen" names "de learning rate is te groot" among
  "… te klein" and "… te weinig units"; numbers count only in a short answer ("Y[:, 3::2]");
* **by a letter a naming word puts forward** inside a sentence: "…, dus a.", "'t Is a, da's …".

"geen idee", "weet ik niet", "?" choose no option (answered, wrong), and "X, nee wacht, Y" chooses both.

A true/false answer starts (after "het is", "de uitspraak", "this is", …) with its truth value:
waar, juist, correct, klopt, ja, true, yes, right — or niet waar, niet juist, niet correct, klopt niet,
onwaar, onjuist, fout, vals, nee, neen, false, no, wrong, not true, incorrect. The false forms are
tried first, so the "waar" in "niet waar" never reads as true. What follows is the reason.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

from dlquiz.grading.result import Result, Verdict
from dlquiz.grading.text import (
    _FUZZY_RATIO,
    RETRACTION,
    STOP_WORDS,
    _fuzzy_ok,
    _key,
    _stems,
    answer_text,
    grade_open,
    is_term_list,
    matches_any,
    normalize,
    swapped_letters,
)
from dlquiz.i18n import tr

if TYPE_CHECKING:
    from dlquiz.grading.rubric import Rubric
    from dlquiz.grading.text import _Matcher

LETTERS = string.ascii_lowercase
Described = tuple["_Matcher", list[int]]  # a question's descriptions: group k describes option indices[k]
_FILLER = frozenset(
    """antwoord answer optie option opties options keuze choice ik i kies choose pick kiezen
    het is de letter letters en and of or zijn are both beide allebei alleen enkel only""".split()
)
_SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\ben\b|\band\b|\bof\b|\bor\b)\s*", re.IGNORECASE)
# An arrow between two words ("reeks→vector") joins a name, as "->" does; with a blank after it, a reason follows
_REASON = re.compile(r"\s*(?:\b(?:want|omdat|aangezien|dus|because|since)\b|→(?!\w)|=>(?!\w)|\s[\u2013\u2014]\s)", re.IGNORECASE)
_REASON_WORDS = re.compile(r"\s*\b(?:want|omdat|aangezien|dus|because|since)\b", re.IGNORECASE)
# "b) seq2vec", "a, dilation ×2", "a: …", "a, b en c, de rest is fout": letters first, then punctuation
# or a reason. "A sequence to vector network" starts with an article, not a letter.
# "nog steeds b", "sowieso seq-to-vector": words that only say the choice stands
_STILL_WORDS = r"(?:nog altijd|nog steeds|still|sowieso)"
_LEAD = r"^\s*(?:" + _STILL_WORDS + r"\s+)?(?:(?:antwoord|answer|optie|option|keuze|ik kies|i choose|i pick)\s+)?"
_LEAD_WORDS = re.compile(_LEAD, re.IGNORECASE)
_LETTER_RUN = re.compile(
    _LEAD + r"\(?[a-zA-Z]\)?"
    r"(?:\s*(?:,|&|/|\ben\b|\band\b)\s*\(?[a-zA-Z]\)?)*"
    r"(?=\s*(?:$|[,.:;)!?—–-]|\s(?:want|omdat|aangezien|dus|because|since)\b))", re.IGNORECASE)
_NO_IDEA = re.compile(r"^\W*(?:geen idee|geen flauw idee|weet (?:ik )?(?:het )?niet|ik weet het niet|no idea|i don'?t know|"
                      r"dunno|idk|\?+|pass|geen flauw benul)\W*$", re.IGNORECASE)
_NONE_OF_THEM = re.compile(r"^\W*(?:geen enkele|geen van (?:de opties|allen|alle|beide)|none of them|none of the options|"
                           r"none|neither|niets daarvan)\b(?!\s+\w+\s*(?:is|zijn)\b)", re.IGNORECASE)
_NAMED_LETTER = re.compile(
    r"(?:\b(?:dus|is|antw|antwoord|optie|keuze|so|answer|option|kies|choose)|'t is|da's|dat is|het is"
    # "bij tijdreeksen moet het a zijn", "het moet wel c worden", "it has to be b"
    r"|\b(?:moet|zal) het(?: wel)?|\bhet (?:moet|zal|wordt)(?: wel)?|\bit (?:must|should|has to|will) be)\s+\(?([a-z])\)?"
    r"(?=\s*(?:$|[,.;:!?)])|\s+(?:zijn|worden)\b)", re.IGNORECASE)
_CONNECTORS = frozenset({"naar", "to", "tot", "into", "2"})
_ABBREVIATION = re.compile(r"(?<=[a-z])2(?=[a-z])")
_GENERIC = frozenset({"netwerk", "network", "net", "rnn", "model", "architectuur", "architecture", "laag", "layer"})
_MIN_SCORE = 85
_MARGIN = 5


def letter(index: int) -> str:
    """The letter shown before option `index` (0 → "a")."""
    return LETTERS[index] if index < len(LETTERS) else str(index + 1)


def read_choice(answer: str, options: list[str], described: Described | None = None) -> set[int] | None:
    """The indices of the options the answer chooses, or None when it cannot be read. `described`: the
    question's option descriptions, compiled (see `read_described`).

    An answer that denies an option ("niet b maar a", "lineair in plaats van ReLU", "not b") is read
    clause by clause: the first clause that affirms a choice is the choice, without what is denied;
    what follows it is the reason. Otherwise the whole answer is read first, then clause by clause
    ("Multivariate: there are 4 values per time step", "a, dilation ×2 per laag").
    """
    text = _INTERJECTION.sub("", answer_text(answer).strip()[:1000])  # "allez, de eerste natuurlijk"
    if not text or not options:
        return None
    every = _ALL_OF_THEM.match(text)
    if every and not _EXCEPT.match(text, every.end()) and not any(normalize(o)[:1] in (["alle"], ["all"], ["allemaal"])
                                                                 for o in options):
        # "Alle drie seq-to-vector, …", "allemaal seq2vec": what the question's items all are is the choice
        # ("drie" counts them; it is no "derde")
        chosen = read_choice(text[every.end():], options, described)
        if chosen is not None:
            return chosen
    both = _BOTH.match(text)
    if both:
        # "eigenlijk allebei: s2v qua vorm maar s2s qua betekenis": the answer names two options and stands by both
        named = set().union(*[_read_plain(_before_reason(clause, options), options, described) or set()
                              for clause, negated in _clauses(text[both.end():]) if not negated])
        if len(named) > 1:
            return named
    unbracketed = _BRACKETS.sub("", text).strip()
    if _SHARED.search(text) and not RETRACTION.search(text):
        # "cross-entropy bij classificatie (binair en multi-class)": what is in brackets names two pairs
        paired = _read_pairs(text, options)
        if paired is not None:
            return paired
    if unbracketed != text and unbracketed:
        # "sigmoid (tanh zit tussen −1 en 1)": what is in brackets explains the choice
        chosen = _read_choice(unbracketed, options, described)
        if chosen is not None:
            return chosen
    return _read_choice(text, options, described)


_BOTH = re.compile(r"^\W*(?:(?:eigenlijk|misschien|ik denk|denk ik|toch|actually|maybe)\s+)?(?:allebei|alle twee|beide|both)"
                   r"(?:\s+(?:eigenlijk|actually))?\s*[:,]\s*(?=\S)", re.IGNORECASE)
_ALL_OF_THEM = re.compile(r"^\W*(?:(?:ze|die|dat|het|they|these)\s+(?:zijn|are)\s+)?(?:alle(?:maal)?|all)"
                          r"(?:\s+(?:drie|3|twee|2|vier|4|three|two|four|(?:de\s+|the\s+)?(?:modellen|models|lagen|layers)"
                          r"|of them|van de modellen|(?:de\s+)?drie))?\s*(?:(?:zijn|are)\b\s*)?[:,]?\s+(?=\S)", re.IGNORECASE)
_INTERJECTION = re.compile(r"^\W*(?:allez|awel|euh+|uh+m*|hm+|nou|tja|well|ok|oké|okay)\b[\s,.!:]*", re.IGNORECASE)


# "eerst dacht ik sigmoid, maar …", "sigmoid? nee wacht, …": a choice the student says they let go of,
# read as a denial ("niet sigmoid, maar …"); what they conclude after it is the choice.
_FIRST_THOUGHT = re.compile(r"^\W*(?:eerst dacht ik|ik dacht eerst|first i thought|i first thought|at first i thought"
                            r"|(?P<doubt>ik twijfelde tussen|ik twijfel tussen|i was torn between|i hesitated between"
                            r"|ik zou (?=[^.;!?\n]{1,30}\bzeggen\b[^.;!?\n]{0,5}\.\.\.?\s*maar\b)))\b"
                            r"|^(?=[^?.;!\n]{1,60}\?\s*(?:nee|neen|no)\b)", re.IGNORECASE)
_SELF_QUESTION = re.compile(r"\?\s*(?:nee|neen|no)\b(?:\s*(?:wacht|wait))?", re.IGNORECASE)


# "ik twijfel tussen a en b, …? ik ga voor b omdat …", "a lijkt logisch, maar I'll go with c": the student's
# own last decision is the choice, up to the reason that follows it.
_DECIDED = re.compile(r"\b(?:ik ga (?:toch )?voor|ik kies (?:toch )?(?:voor )?|ik neem (?:toch )?|ik hou het (?:toch )?op"
                      r"|ik houd het (?:toch )?op|mijn (?:eind)?antwoord is|ik zou (?:toch )?(?:voor )?(?=\S+ (?:kiezen|gaan|nemen)\b)"
                      r"|i(?:'ll| will)? go (?:with|for)|i(?:'d| would)? (?:choose|pick)|my (?:final )?answer is"
                      r"|final answer)\b[\s:,]*", re.IGNORECASE)
_REASON_START = re.compile(r"[,;.!?\n(]|\b(?:omdat|want|doordat|aangezien|because|since|as|kiezen|gaan|nemen)\b",
                           re.IGNORECASE)


def _decided(text: str, options: list[str], described: Described | None) -> set[int] | None:
    decisions = list(_DECIDED.finditer(text))
    if not decisions:
        return None
    said = _REASON_START.split(text[decisions[-1].end():], maxsplit=1)[0].strip()
    words = normalize(said)
    if not words or len(words) > _CONCLUSION_WORDS:
        return None
    return _read_choice(said, options, described) if words[0] in _NEGATORS else _read_plain(said, options, described)


_LEFT_OUT = re.compile(r"\W*(?:laat|leave)\b[^.;!?\n]{0,30}\b(?:weg|out)\b", re.IGNORECASE)


def _denied_first(rest: str, options: list[str], described: Described | None) -> set[int]:
    """The options the first clause after a change of mind denies ("f niet, …", "niet f, …"), or nothing."""
    clauses = _clauses(rest)
    if not clauses or not clauses[0][1]:
        return set()
    first = _before_reason(clauses[0][0], options).split(",")[0]
    named = " ".join(w for w in first.split() if w.lower() not in _DENIAL_WORDS)
    return _read_plain(named, options, described) or set()


_CORRECTED = re.compile(r"\b(?:nee|neen|no)\b", re.IGNORECASE)


def _read_choice(text: str, options: list[str], described: Described | None) -> set[int] | None:
    decided = _decided(text, options, described)
    if decided:
        return decided
    thought = _FIRST_THOUGHT.match(text)
    if thought:
        rest = _SELF_QUESTION.sub(".", text[thought.end():], count=1).strip()
        # "ik dacht eerst d, …, maar nee het begint bij 1 …, dus a.": the reasoned conclusion is the choice
        concluded = _concluded(rest, options, described, after_reason=True) or _closing_choice(rest, options, described)
        if concluded:
            return concluded
        # "ik twijfelde tussen a en b" with no conclusion names both; "eerst dacht ik a, …" lets a go
        text = rest if thought.group("doubt") else "niet " + rest
    if _NO_IDEA.match(text):
        return set()  # "geen idee": answered, with no option
    closing = _turned_conclusion(text, options)
    if closing is not None:
        return closing
    if _NONE_OF_THEM.match(text) and not _negative_options(options):
        return set()  # "geen enkele: …", unless an option is itself a "geen …" ("None — a linear output")
    retraction = RETRACTION.search(text)
    if retraction and _LEFT_OUT.match(text, retraction.end()):
        retraction = None  # "a en c zeker, b twijfel ik... nee laat b maar weg": an option left out, no new choice
    if retraction and retraction.start() > 0:
        # "MSE, nee wacht, cross-entropy", "sigmoid, maar eigenlijk is lineair beter": two choices, both chosen.
        first = read_choice(text[: retraction.start()], options, described)
        # "univariaat… nee wacht, er zijn 4 features per dag dus b": a change of mind with its own reason and
        # conclusion lets the first choice go, as "eerst dacht ik …" does
        changed = _concluded(text[retraction.end():], options, described, after_reason=True) \
            or _closing_choice(text[retraction.end():], options, described)
        if changed:
            return changed
        taken_back = _denied_first(text[retraction.end():], options, described)
        if first and taken_back and taken_back < first:
            return first - taken_back  # "a, b, c en f... nee f niet, MSE op kansen leert slecht"
        second = _second_choice(text[retraction.end():], options, described)
        if second is not None and _argued(text[retraction.end():]):
            # "sigmoid... nee wacht, ReLU, want sigmoid verzadigt": the new choice comes with its reason, so the
            # first is let go, also after a wavering "of eigenlijk"
            return second
        if first is not None and second is not None:
            # "b... nee wacht, a": a "nee" corrects the first choice; "a, of eigenlijk b" only wavers, and names both
            return second if _CORRECTED.search(retraction.group()) else first | second
        if first is not None and normalize(text[retraction.end():]):
            # "MSE, nee wacht, cross-entropy" where the second names two options: the first is taken back
            # and the second is not clear, so the answer is not read as the first alone.
            return None
    paired = _read_pairs(text, options)
    if paired is not None:
        return paired
    everything_but = _ALL_BUT.match(text)
    if everything_but:
        # "alles behalve d, e en f", "all except b": the options not named
        left_out = _read_plain(_before_reason(everything_but.group(1), options), options, described)
        if left_out:
            return set(range(len(options))) - left_out or None
    clauses = _clauses(text)
    if not any(negated for _, negated in clauses):
        # "categorical wil one-hot labels, dus hier de sparse variant": a reason first, then the choice.
        concluded = _concluded(text, options, described, after_reason=True)
        if concluded:
            return concluded
        head = _before_reason(text, options)
        whole = _read_plain(head, options, described)
        if whole is not None:
            return whole | _hedged(text, whole, options, described) | _reason_describes_other(text, head, whole, described)
        named = _named_letter(text, len(options))
        if named is not None:
            return named  # "…, dus a." after the reason
    denied: set[int] = set()
    negative_options = _negative_options(options)
    between: set[int] = set()  # "causal, maar niet die met de nullen rechts": an affirmed name two options share
    for clause, negated in clauses:
        if negated:
            letter = _DENIED_LETTER.match(clause)
            index = LETTERS.index(letter.group(1).lower()) if letter else len(options)
            if index < len(options):
                # "Niet a, dat is autoregressief …": the letter is denied, and what follows is why; the
                # reason's words (a's own description) do not choose a
                denied.add(index)
                continue
            # "geen activatie" names the option "geen (lineair)"; "geen b" denies b; a description that says
            # "niet lang genoeg getraind" is read with its negation, so it affirms its option.
            whole = _read_plain(_before_reason(clause, options), options, described)
            if whole is not None and whole <= negative_options:
                return whole - denied or None
            said = read_described(_before_reason(clause, options), *described) if described else set()
            if len(said) == 1:
                return said - denied or None
            clause = re.sub(r"^\W*\w+\W*", "", clause)
        read = _read_plain(_before_reason(clause, options), options, described)
        if read is None:
            if not negated and not between:
                between = _tied(_before_reason(clause, options), options)
            continue
        if negated:
            denied |= read
            continue
        if read <= denied:
            # "niet ReLU maar lineair, ReLU kan geen negatieve waarden geven": the reason names the denied
            # option again; the piece that names another one is the choice
            compiled = [_content(normalize(o)) for o in options]
            named = {c for p in _SEPARATORS.split(_before_reason(clause, options)) if (c := _read_text(p, compiled)) is not None}
            if len(named - denied) == 1:
                return named - denied
        return (read | _hedged(text, read, options, described)) - denied or None
    if len(between - denied) == 1 and denied & between:
        return between - denied
    # "niet normaliseren en niet gladstrijken, dus de eerste optie": the conclusion is the choice
    concluded = _concluded(text, options, described)
    if concluded and concluded - denied:
        return concluded - denied
    if denied and _THE_REST.search(text):
        return set(range(len(options))) - denied  # "niet d, e en f; de rest klopt"
    if denied and len(options) - len(denied) == 1:
        return set(range(len(options))) - denied  # "niet a" of two options
    if described is not None:
        # "labels zijn niet one-hot, dus die voor integer labels": the description may follow the reason word.
        said = read_described(text, *described) - denied
        if len(said) == 1:
            return said
    return None


_ALL_BUT = re.compile(r"^\W*(?:alles|allemaal|alle|all|everything|alle opties|all options|all of them)\s+"
                      r"(?:behalve|buiten|except|but)\s+(.+)$", re.IGNORECASE | re.DOTALL)
_THE_REST = re.compile(r"\b(?:de rest|the rest|de andere|de anderen|the others|the other ones|alle andere|all the others)\b",
                       re.IGNORECASE)
# "…, dan a", "… wacht nee, de labels zijn integers, dan de sparse versie": "dan" opening a clause concludes too
_CONCLUSION = re.compile(r"\b(?:dus|so|therefore|hence|daarom|ergo)\b[\s,:]*|\s=\s*|(?:(?<=[,;:])|(?<=\.\.)|^)\s*(?:dan|then)\b[\s,:]*",
                         re.IGNORECASE)
_STEPS = re.compile(r"\b(?:eerst|first|daarna|afterwards)\b|(?<=[,;:])\s*(?:dan|then)\b.*(?<=[,;:])\s*(?:dan|then)\b",
                    re.IGNORECASE)
_ASSIGNED = re.compile(r"[^\W\d]\w*_\w+\s*$")  # "sequence_length", "return_sequences" before "=": code, not "= a"
_VALUE = re.compile(r"\s*[\[{'\"]")  # "y = [3, 7, 0, …]", "loss = 'mse'": a value written as code, not "= a"
_CONCLUSION_WORDS = 6  # "dus de middelste optie", "dus sequentie-naar-vector": a short conclusion, not a reason


def _negative_options(options: list[str]) -> set[int]:
    """The options that are themselves a denial ("geen (lineair)")."""
    return {i for i, o in enumerate(options) if normalize(o)[:1] and normalize(o)[0] in _NEGATORS}


_PAIR = re.compile(r"\s+[\u2013\u2014-]\s+")
_BRACKETS = re.compile(r"\s+\([^)]*\)")  # "(MSE)", "(tanh zit tussen …)"; not "max(0, z)"


_NOT_SURE = re.compile(r"\b(?:niet zeker|nie zeker|not sure|twijfel)", re.IGNORECASE)


def _read_pairs(text: str, options: list[str]) -> set[int] | None:
    """Options that pair two things, each from a short list ("regressie — MSE", "binaire classificatie —
    accuracy"): the options whose two sides one piece of the answer names together, in either order ("MSE
    voor regressie, bce bij binair"). None when some piece names one side without the other, a pair that is
    no option, or nothing: then the answer is read as for any other options."""
    # "mean squared error (MSE)" and "mean squared error" are one side: read without what is in brackets
    split = [_PAIR.split(option) for option in options]
    if any(len(s) != 2 for s in split):
        return None  # most questions: settled before any option is normalised
    sides = [[" ".join(normalize(_BRACKETS.sub("", side))) for side in s] for s in split]
    lefts, rights = sorted({s[0] for s in sides}), sorted({s[1] for s in sides})
    if len(lefts) == len(options) or len(rights) == len(options):
        return None  # one side alone tells the options apart: no pairs to read
    chosen: set[int] = set()
    # "…; binary CE weet ik niet zeker, die laat ik weg": a clause that denies chooses no pair
    # and so does a piece the student is unsure of ("…, van de binaire ben ik niet zeker")
    text = _SHARED.sub(_share, text)
    pieces = [p for clause, negated in _clauses(text) if not negated for p in _SEPARATORS.split(clause)
              if not _NOT_SURE.search(p)]
    for piece in pieces:
        left, right = _by_words(piece, lefts, numbers=False), _by_words(piece, rights, numbers=False)
        if left is None and right is None:
            continue
        if bool(left) != bool(right):
            # "cross-entropy bij multi-class": a side two options share ("cross-entropy"), with the other side
            # named, is the one of them that pairs with it
            said = set(normalize(piece))
            if left:
                fits = [s for s in sides if s[0] == lefts[min(left)] and said & set(s[1].split())]
            else:
                fits = [s for s in sides if s[1] == rights[min(right)] and said & set(s[0].split())]
            if len(fits) == 1:
                chosen.add(sides.index(fits[0]))
                continue
        pair = [lefts[min(left)], rights[min(right)]] if left and right else None
        if pair not in sides:
            return None
        chosen.add(sides.index(pair))
    return chosen or None


# "cross-entropy bij classificatie (binair en multi-class)": a claim whose brackets list what it holds for
_SHARED = re.compile(r"([^,;:()]*?)\s*\(([^()]*?(?:,|\ben\b|\band\b)[^()]*)\)", re.IGNORECASE)


def _share(found: re.Match) -> str:
    """"X (A en B)" → "X A, X B", each a claim of its own."""
    outer = re.split(r"\ben\b|\band\b", found.group(1))
    head, claim = " en ".join(outer[:-1]), outer[-1].strip()
    items = [i.strip() for i in re.split(r",|\ben\b|\band\b", found.group(2)) if i.strip()]
    return (head + " en " if head else "") + ", ".join(f"{claim} {item}" for item in items)


def _tied(text: str, options: list[str]) -> set[int]:
    """The options a text names equally well ("causal" of two "causal: …" options), when it names several."""
    said = _content(normalize(text))
    if not said:
        return set()
    scores = [_score(said, _content(normalize(o))) for o in options]
    tied = {k for k, score in enumerate(scores) if score >= _MIN_SCORE and max(scores) - score < _MARGIN}
    return tied if len(tied) > 1 else set()


def _concluded(text: str, options: list[str], described: Described | None, after_reason: bool = False) -> set[int] | None:
    """The choice a last "dus …"/"so …" concludes with, when it is short. `after_reason`: only when what comes
    before it is a reason of its own (a claim of three words or more), not the choice itself ("b, dus …")."""
    last = None
    for found in _CONCLUSION.finditer(text):
        if not (found.group().strip() == "=" and (_ASSIGNED.search(text, 0, found.start())
                                                   or _VALUE.match(text, found.end()))):
            last = found  # "sequence_length = 56", "y = [3, 7, 0, …]": a name given its value, no conclusion
    if last is None:
        return None
    rest = re.split(r"[.;!?\n]", text[last.end():], maxsplit=1)[0].strip(" ,:")
    words = normalize(rest)
    if not words or len(words) > _CONCLUSION_WORDS:
        return None
    if last.group().strip(" ,:").lower() in ("dan", "then") and (len(words) > 3 and len(words[0]) > 1 or _STEPS.search(text, 0, last.start())):
        # "eerst forward, dan loss, dan backprop": steps in order; "dan heb je er 27": a claim, not a choice
        return None
    if after_reason and len(_content(normalize(text[: last.start()]))) <= 2:
        return None
    if last.group().strip(" ,:").lower() == "so" and any(w in _NEGATORS or w == "cannot" for w in words[1:]):
        return None  # "zeros on the right so the output can't see the future": "so that", a purpose, no conclusion
    if words[0] in _NEGATORS:
        # "tanh gaat tot −1, dus niet b maar a": the conclusion denies one option and names another, in its
        # own sentence or in the next ("…, dus niet b; het is de sigmoid")
        if not after_reason:
            return None
        return _read_choice(rest, options, described) or _read_choice(text[last.end():].strip(" ,:"), options, described)
    return _read_plain(rest, options, described) or (
        _read_plain(" ".join(_unhedged(rest)), options, described) if after_reason else None)  # "dus het blijft b"


# "om de 2 houden, maar niet vanaf stap 0 …, dus eerst 3 weglaten: de eerste optie", "d, want strides=2... hmm
# maar …, dus eerst 3 weg en dan om de 2: a": an answer that turns ("maar", "hmm", "toch") and ends on a bare
# letter or ordinal after ":", "=" or "dus" has reasoned its way to that choice.
_LAST_NAMED = re.compile(r"(?:[:=]|\b(?:dus|so|thus)\b)\s*([^.;:=!?\n]{1,25}?)[\s.!]*$", re.IGNORECASE)
_TURN = re.compile(r"\b(?:maar|but|hmm+|toch|eigenlijk|actually|wacht|wait)\b", re.IGNORECASE)


def _numbered(options: list[str]) -> bool:
    """Whether the options hold digits (then "2" may be an option's own number, not the second option)."""
    return any(c.isdigit() for option in options for c in option)


def _turned_conclusion(text: str, options: list[str]) -> set[int] | None:
    last = _LAST_NAMED.search(text)
    if last is None or len(text[: last.start()].split()) < 5 or not _TURN.search(text, 0, last.start()):
        return None
    said = " ".join(_unhedged(last.group(1)))
    if not said:
        return None
    return _read_letters(said, len(options)) or _read_ordinal(said, len(options), _numbered(options))


_IT_IS = r"(?:het is|'t is|dat is|it is|it's|that's)\b"
_LAST_SENTENCE = re.compile(r"[.;:!?\n]+|,\s*(?=" + _IT_IS + ")", re.IGNORECASE)
_IT_IS_LEAD = re.compile(r"^" + _IT_IS + r"\s*", re.IGNORECASE)


def _closing_choice(text: str, options: list[str], described: Described | None) -> set[int] | None:
    """A reason, then a last sentence of a few words that names the choice: "dat is geen loss. a dan",
    "aan het begin: a", "dag 55 zit nog in de invoer, het is dag 56"."""
    pieces = [p.strip() for p in _LAST_SENTENCE.split(text) if p.strip()]
    if len(pieces) < 2 or len(normalize(" ".join(pieces[:-1]))) < 3:
        return None
    words = _unhedged(_IT_IS_LEAD.sub("", pieces[-1]))
    return _read_plain(" ".join(words), options, described) if 0 < len(words) <= 3 else None


_ARGUED = re.compile(r"[:,]\s*([^.;!?]+)")


def _argued(rest: str) -> bool:
    """Whether what follows a retraction gives a reason: a reason word, or a claim of three words or more after a
    comma or colon ("nee toch b, per dag heb je vier getallen") that does not waver again."""
    if RETRACTION.search(rest):
        return False
    if _REASON_WORDS.search(rest):
        return True
    return any(len(normalize(m.group(1))) >= 3 for m in _ARGUED.finditer(rest))


def _second_choice(text: str, options: list[str], described: Described | None) -> set[int] | None:
    """The choice after a retraction: the whole rest, else its first piece that names an option."""
    rest = _before_reason(text).strip(" ,.;:!?—–-")
    for piece in [rest, *re.split(r"[,;:]", rest)]:
        words = " ".join(_unhedged(piece))
        read = _read_plain(words, options, described) if words else None
        if read is not None:
            return read
    return None


_BETTER = frozenset("beter better best juist right de het the".split())


def _unhedged(piece: str) -> list[str]:
    """The words of a piece without hedges and "beter"/"de": "a dan", "de sparse is beter" → the choice."""
    return [w for w in piece.split() if w.lower() not in _HEDGE_FILLER and w.lower() not in _BETTER]


def _before_reason(text: str, options: list[str] | None = None) -> str:
    """"b, want we willen één waarde", "MSE want het is regressie": the choice comes before its reason. When
    the options themselves hold an arrow ("forward pass → loss → …"), an arrow is no reason."""
    reason = _REASON_WORDS if options and any("→" in o or "->" in o for o in options) else _REASON
    return reason.split(text, maxsplit=1)[0].strip() or text


_NEGATORS = frozenset({"niet", "not", "geen", "no", "nooit", "never"})


def _reason_describes_other(text: str, before: str, chosen: set[int], described: Described | None) -> set[int]:
    """The options a reason describes when it describes only others than the choice: "a, want de leersnelheid
    moet omlaag" chooses a and gives b's reason, so the student stands behind both. A reason that describes the
    choice itself, or nothing, adds nothing. `before`: the choice, what `_before_reason` gave of `text`."""
    if described is None:
        return set()
    reason = text[len(before):] if text.startswith(before) and len(before) < len(text) else ""
    if not normalize(reason):
        return set()
    said = read_described(reason, *described)
    if len(said) != 1 or not said.isdisjoint(chosen):
        return set()
    # only a reason that is that option's description said again ("want de leersnelheid moet omlaag"); a reason
    # with words of its own ("omdat een LSTM minder parameters heeft") is a wrong claim about the choice, and the
    # option still counts
    matcher, indices = described
    other = next(iter(said))
    vocab = {key for phrase in matcher.groups[indices.index(other)] for w in normalize(phrase)
             for key in _word_keys(w)}
    words = [w for w in normalize(reason) if w not in STOP_WORDS and w not in _MODALS]
    return said if words and all(not _word_keys(w).isdisjoint(vocab) for w in words) else set()


_MODALS = frozenset("want omdat aangezien because since moet moeten must should zou zouden kan kunnen needs need "
                    "has have to gewoon duidelijk clearly obviously".split())
# "a, of misschien ook e", "a, maar b mag ook", "multivariaat... nee, toch univariaat": a second choice
# that hedges the first is chosen too (and so the answer is not simply right).
_HEDGE = re.compile(r"\b(?:of|or|misschien|maybe|perhaps|eigenlijk|actually|toch|nee|no|ook|also|too)\b", re.IGNORECASE)


def _hedged(text: str, chosen: set[int], options: list[str], described: Described | None) -> set[int]:
    """Options that a hedge after the choice also names ("a, of eigenlijk b", "b, maar c mag ook")."""
    pieces = re.split(r"[,.;:!?]|\bmaar\b|\bbut\b", text, flags=re.IGNORECASE)
    excepted = False
    for at, piece in enumerate(pieces):
        piece = _REASON.split(piece, maxsplit=1)[0]  # "en ook wel b omdat een LSTM sneller is": b, and why
        if _DENIES.search(piece):
            # "a; het normaliseert ook niet": a denial names no second choice; a denial in the reason does not
            # take the second choice back ("a, en ReLU ook want die geeft nooit iets negatiefs")
            continue
        if excepted and (also := _read_plain(_CLAIMED.sub("", piece), options, described)) and not also <= chosen:
            return also  # "b, behalve model3, dat is sequentie-naar-sequentie": the exception has its own option
        excepted = excepted or _EXCEPT.search(piece) is not None
        condition = _CONDITION.split(piece, maxsplit=1)
        if len(condition) > 1:
            following = next((p for p in pieces[at + 1:] if p.strip()), "")
            if _DENIES.search(following) and not _UNSURE_PIECE.search(following):
                continue  # "d, al zou ReLU ook kunnen als het boven nul bleef, maar hier niet": a case that is not this one
            piece = condition[0]  # "of eventueel a als je per klasse een kans wil": a, and when
        if _CONCESSION.match(piece) and _HEDGE_ALSO.search(piece) and _WORKS.search(piece):
            # "c, al is softmax in de verborgen lagen ook goed": a concession that another option works as well
            # names it, wherever it stands in the clause
            named = _held_options(piece, options)
            if len(named) == 1 and not named <= chosen:
                return named
        found = list(_HEDGE.finditer(piece))
        # "sigmoid of softmax": what follows the hedge; "c mag ook": the piece without its hedge words.
        for rest in [piece[m.end():] for m in found] + ([_HEDGE.sub(" ", piece)] if found else []):
            rest = " ".join(w for w in rest.split() if w.lower() not in _HEDGE_FILLER)
            if not rest or len(normalize(rest)) > 4:
                continue
            also = _read_plain(rest, options, described)
            if also and not also <= chosen:
                return also
        if described is not None and _ALSO_CLAIM.match(piece) and _read_letters(piece, len(options), whole=False) is None:
            # "a, maar het zorgt er ook voor dat het gemiddelde 0 wordt": the chosen option said to do what
            # another option describes as well; a claim about another option ("b normaliseert ook") is not.
            also = read_described(piece, *described)
            if len(also) == 1 and not also <= chosen:
                return also
    return set()


# A piece that says the chosen option also does something: its subject is the choice itself ("het", "dit",
# "it") or none ("en ook …", "zorgt ook voor …"), and "ook"/"also"/"too" is in it.
_ALSO_CLAIM = re.compile(r"^\s*(?:(?:en|and)\s+)?(?:(?:het|dit|dat|die|it|this|that)\s+)?\w+(?:\s+\w+){0,4}?\s+"
                         r"(?:ook|eveneens|tevens|also|too)\b", re.IGNORECASE)


_CONCESSION = re.compile(r"^\s*(?:al|although|though|hoewel)\b", re.IGNORECASE)
_HEDGE_ALSO = re.compile(r"\b(?:ook|also|too|as well)\b", re.IGNORECASE)
_WORKS = re.compile(r"\b(?:goed|prima|ok|oké|oke|mogelijk|kan|kunnen|optie|bruikbaar|werkt|fine|good|works|possible|"
                    r"option|okay)\b", re.IGNORECASE)  # "al is X ook goed", not "al is X ook te traag"
# "…, weet het niet goed", "not sure": the student doubts, and denies no case
_UNSURE_PIECE = re.compile(r"\b(?:weet (?:ik |het |er )*(?:niet|ni|nie)|niet (?:zeker|goed)|not sure|don'?t know|no idea)\b",
                           re.IGNORECASE)
_HEDGE_FILLER = frozenset("mag kan kon ook ook. is zijn would could might be ik denk think i dan then blijft wordt stays remains "
                          "al wel hoewel though although works werkt eventueel evt doet het does do it".split())
_EXCEPT = re.compile(r"\b(?:behalve|buiten|uitgezonderd|except|apart from)\b", re.IGNORECASE)
_CLAIMED = re.compile(r"^\s*(?:(?:dat|die|dit|het|da|that|this|it)\s+)?(?:is|zijn|'s|are)\s+", re.IGNORECASE)
_CONDITION = re.compile(r"\s\b(?:als|indien|wanneer|if|when|om te|zodat|to see|so that)\b", re.IGNORECASE)
_TRAILING_DENIALS = frozenset({"niet", "not", "ni", "nie"})
# Any denial word in a piece: "a; het normaliseert ook niet" names no second choice ("niet-lineair" is no denial).
_DENIAL_WORDS = _NEGATORS | _TRAILING_DENIALS
_DENIES = re.compile(r"\b(?:" + "|".join(sorted(_DENIAL_WORDS)) + r")\b(?!-)", re.IGNORECASE)
# "niet a, want …", "not b: …": a negator on a letter that stands alone (no "a)" label, no "a-" word).
_DENIED_LETTER = re.compile(r"^\W*(?:niet|not|geen|no|nie|ni)\s+(?:optie\s+|option\s+|antwoord\s+)?([a-h])"
                            r"(?!\s*(?:,|\ben\b|\band\b|\bof\b|\bor\b)\s*[a-h]\b)"  # "niet d, e en f": a denied list
                            r"(?=\s*(?:[,;:.!]|$|\s+(?:want|omdat|dat|die|is|because|since|as)\b))", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:[.;!?]+(?=\s|$)|:(?=\s)|\s[—–]\s|\s-{1,2}\s|\b(maar|but|wel|rather|in plaats van|instead of)\b"
    # "geen encoder-decoder, gewoon seq2vec", "niet c … eerder a": what follows affirms
    r"|,\s*(?:gewoon|eerder|juist|simply|just)\b(?=\s+\S)|\beerder\b(?=\s+\S))\s*",
    re.IGNORECASE)


# "binary CE weet ik niet zeker, die laat ik weg", "that one I leave out": the option named is not chosen.
_OMITTED = re.compile(r"\b(?:laat ik (?:\w+ )?weg|(?:die|dat|deze|het) laat ik(?: \w+)? weg|laat ik (?:die|dat|deze|het) weg|"
                      r"sla ik over|laat ik buiten beschouwing|(?:i )?leave (?:it|that|this|that one|them) out|i(?:'ll)? skip)\b",
                      re.IGNORECASE)


_POINTING = frozenset("dus so die dat deze het that this it one en and".split())


def _omitted_pieces(piece: str) -> tuple[str, str, str]:
    """A piece that leaves an option out, as what it keeps before, what it leaves out, and what follows: "a en c
    zeker, b twijfel ik over, dus die laat ik weg" keeps "a en c zeker" and leaves out "b twijfel ik over" ("die"
    points back to it); "binary CE laat ik weg, a en c wel" keeps "a en c" after it."""
    omitted = _OMITTED.search(piece)
    if omitted is None:
        return "", piece, ""
    parts = piece[: omitted.start()].split(",")
    last = len(parts) - 1
    if last > 0 and not [w for w in normalize(parts[last]) if w not in _POINTING]:
        last -= 1  # "…, dus die laat ik weg": what is left out is the piece before
    tail, _, rest = piece[omitted.end():].partition(",")
    left_out = ",".join(parts[last:]) + piece[omitted.start(): omitted.end()] + tail
    return ",".join(parts[:last]).strip(" ,"), left_out.strip(" ,"), rest.strip(" ,")


# "maar ook niet verhogen", "zeker niet c", "evenmin d": a denial after a word that only stresses it
_LEAD_ADVERBS = frozenset("ook also zeker certainly definitely echt absoluut helemaal toch".split())
_NEITHER = frozenset({"evenmin", "neither", "nor", "noch"})


def _denied_items(piece: str) -> list[tuple[str, bool]] | None:
    """A denial and what follows it after commas, each on its own: "not softmax, sigmoid" denies softmax and
    chooses sigmoid; "niet b, niet c, niet d" denies each. None when a part after a comma is more than a short
    name ("niet d, e en f" denies a list; "niet c, dat is voor regressie" gives a reason)."""
    parts = [p.strip() for p in piece.split(",")]
    if len(parts) < 2 or not all(parts):
        return None
    read: list[tuple[str, bool]] = [(parts[0], True)]
    for k, part in enumerate(parts[1:], start=1):
        words = normalize(part)
        if words and words[0] in _NEGATORS:
            read.append((part, True))
        elif k == len(parts) - 1 and 0 < len(words) <= 3 and not _JOINED.search(part) and not _CLAIMED.match(part) \
                and words[0] not in _POINTING:  # "niet a, dat is autoregressief": a reason
            read.append((part, False))
        else:
            return None
    return read


_JOINED = re.compile(r"\b(?:en|and|of|or)\b", re.IGNORECASE)


def _clauses(text: str) -> list[tuple[str, bool]]:
    """The answer cut at sentence ends, colons, dashes and "maar"/"but", each with whether it denies."""
    out: list[tuple[str, bool]] = []
    pos, after_instead = 0, False
    for m in [*_CLAUSE_BREAK.finditer(text), None]:
        piece = text[pos: m.start() if m else len(text)].strip(" ,")
        kept, piece, rest = _omitted_pieces(piece)
        if kept:
            out.append((kept, after_instead))
        if piece:
            words = normalize(piece)
            # "laag 3 niet, want …": a short claim that ends in its denial denies too
            core = normalize(_REASON.split(piece, maxsplit=1)[0].split(",")[0])
            denies = bool(words) and (words[0] in _NEGATORS or words[0] in _NEITHER or words[0] in _LEAD_ADVERBS
                                      and len(words) > 1 and words[1] in _NEGATORS) \
                or 1 < len(core) <= 4 and core[-1] in _TRAILING_DENIALS or _OMITTED.search(piece) is not None
            split = _denied_items(piece) if denies and words[0] in _NEGATORS else None
            out.extend(split or [(piece, after_instead or denies)])
        if rest:
            out.append((rest, False))
        if m is None:
            break
        after_instead = (m.group(1) or "").lower() in ("in plaats van", "instead of")
        pos = m.end()
    return out


_STILL = re.compile(r"^\s*" + _STILL_WORDS + r"\s+(?=\S)", re.IGNORECASE)


def _read_plain(text: str, options: list[str], described: Described | None = None) -> set[int] | None:
    """A choice named by letter, ordinal, number or text, in a clause without negation; else by the question's
    descriptions of its options; else by the words only one option has."""
    if not text:
        return None
    still = _STILL.match(text)
    if still and text[still.end():].strip():
        text = text[still.end():]  # "nog altijd seq-to-vector": the option, as said before
    by_letter = _read_letters(text, len(options))
    if by_letter is not None:
        return by_letter
    digits = _numbered(options)
    by_ordinal = _read_ordinal(text, len(options), digits)
    if by_ordinal is not None:
        return by_ordinal
    # "de derde, die met return_sequences", "den eersten: causal", "a denk ik, zeker niet dag 55": an ordinal
    # or a letter, then what it is
    head = _HEAD.split(text, maxsplit=1)[0]
    if head != text:
        by_letter = _read_letters(head, len(options), whole=False)
        if by_letter is not None:
            return by_letter
        by_head = _read_ordinal(head, len(options), digits)
        if by_head is not None:
            # "niet de laatste dag … maar de eerste, dag 0": the ordinal counts days, and the number names the option
            rest = text[len(head):].strip()
            said = set(_NUMBER.findall(rest)) if rest.startswith(",") and len(normalize(rest)) <= 3 else set()
            named = {k for k, o in enumerate(options) if said and set(_NUMBER.findall(o)) == said} if digits else set()
            return named if len(named) == 1 else by_head
    by_number = _read_numbered(text, options)
    if by_number is not None:
        return by_number
    by_order = _read_order(text, options)
    if by_order is not None:
        return by_order
    compiled = [_content(normalize(o)) for o in options]
    # "model1 en model2 zijn seq2vec, model3 is seq2seq": pieces that each hold another option's words choose
    # them all, before a fuzzy read of the whole answer settles on one
    split = _SEPARATORS.split(text)
    by_piece = set().union(*[held for p in split if len(held := _held_options(p, options)) == 1
                             and _ends_in(p, compiled[min(held)])])
    if len(by_piece) > 1:
        return by_piece
    whole = _read_text(text, compiled)
    if whole is not None and described is not None and _VARIANT_OF.search(text):
        # "de variant van categorical cross-entropy die met de klasse-index werkt": a variant of the option named,
        # the one longer option that holds its words and that the answer's description names
        hit = read_described(text, *described)
        if len(hit) == 1 and set(compiled[whole]) < set(compiled[min(hit)]):
            return hit
    if whole is not None:
        return {whole}
    # "seq2vec, niet seq2seq": a piece that denies names no choice.
    texts = [p for p in split if (words := normalize(p)) and words[0] not in _NEGATORS]
    pieces = [_read_text(p, compiled) for p in texts]
    read = [c for c in pieces if c is not None]
    if len(pieces) > 1 and len(read) == len(pieces):
        # "sigmoid, tanh gaat tot -1": after a bare name, a piece that says something of its option is a reason
        bare = {c for p, c in zip(texts, pieces, strict=True) if len(set(_content(normalize(p))) - set(compiled[c])) < 2}
        if pieces[0] in bare and len(bare) < len(pieces):
            return bare
        return set(read)
    # "sigmoid, tanh zit tussen -1 en 1": the first piece is the choice, the rest explains it.
    if pieces and pieces[0] is not None:
        if _other_half(texts, compiled[pieces[0]]):
            return None
        return {pieces[0]}
    # "geen activatie, lineair": one piece names an option, the others name none.
    if len(read) == 1:
        return set(read)
    # "nog steeds sequentie-naar-vector": the answer holds one option's words as a rubric phrase would, in
    # its order ("X naar Y"), among other words.
    if not read:
        held = _held_options(text, options)
        if len(held) == 1:
            return held
    if described is not None and not read:
        # The teacher's description goes before a guess from single words: "verdubbelend per laag" describes
        # 1, 2, 4, 8, though only "1, 2, 3, 4, …: per laag één meer" has the words "per laag". Where the answer
        # names options by their text, a description in its reason does not outvote them.
        hit = read_described(text, *described)
        said = set(_NUMBER.findall(text))
        if len(hit) > 1 and said:
            # "Dag 56, de eerste dag na het venster" fits the descriptions of "dag 56, de dag direct na het venster"
            # and "dag 0, de eerste dag van het venster": the number the answer gives is the first one's
            hit = {k for k in hit if set(_NUMBER.findall(options[k])) == said} or hit
        if hit:
            return hit if len(hit) == 1 else None
    return _read_by_words(text, options) or _read_numbers(text, options)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_VARIANT_OF = re.compile(r"\b(?:variant|versie|version)\s+(?:van|of)\b", re.IGNORECASE)


def _read_numbers(text: str, options: list[str]) -> set[int] | None:
    """Options told apart by their numbers: "dag 56" names the one option whose numbers are just 56 ("de waarde
    van dag 56, de dag direct na het venster", not "dag 56 tot en met dag 111"); "1, 2, 4, …, 512" the one
    option that holds all of a run of numbers."""
    said = set(_NUMBER.findall(text))
    if not said:
        return None
    held = [set(_NUMBER.findall(option)) for option in options]
    same = [k for k, numbers in enumerate(held) if numbers == said]
    if len(same) == 1 and len([w for w in normalize(text) if _telling(w, numbers=False)]) <= 3:
        return set(same)
    within = [k for k, numbers in enumerate(held) if said <= numbers]
    return set(within) if len(said) >= 3 and len(within) == 1 else None


_STEP = re.compile(r"\s*(?:→|->|=>)\s*")


def _read_order(text: str, options: list[str]) -> set[int] | None:
    """For options that put the same steps in different orders ("forward pass → loss → …"): the one option
    whose order the answer names its steps in ("forward, loss, backprop, update"), found by at least three."""
    steps = [[p.strip() for p in _STEP.split(o) if p.strip()] for o in options]
    if any(len(x) < 3 for x in steps) or len({frozenset(x) for x in steps}) != 1:
        return None
    said = [_word_keys(w) for w in normalize(text)]
    first: dict[str, int] = {}
    for step in steps[0]:
        keys = [_word_keys(w) for w in normalize(step) if _telling(w, numbers=False)]
        at = [pos for pos, word in enumerate(said) if any(_same_word(word, k) or _starts(word, k) for k in keys)]
        if at:
            first[step] = min(at)
    if len(first) < 3 or len(set(first.values())) < len(first):
        return None
    order = sorted(first, key=first.get)
    fits = [k for k, x in enumerate(steps) if [step for step in x if step in first] == order]
    return {fits[0]} if len(fits) == 1 else None


def _starts(said: frozenset[str], option_word: frozenset[str]) -> bool:
    """An abbreviated step: "forward" for "forward pass" is the word itself; "forwrd" a slip of it."""
    return any(len(s) >= 4 and any(o.startswith(s) for o in option_word) for s in said)


def _held_options(text: str, options: list[str]) -> set[int]:
    """The options whose words the answer holds as a phrase (stems, typos, window, order); of options held one
    inside another ("laag 1" in "laag 1 en laag 2"), only the longest counts."""
    cores = [" ".join(w for w in option.split() if w.lower() not in _GENERIC) or option for option in options]
    held = {i for i, core in enumerate(cores) if matches_any(text, [core])}  # "… model" held without "model"
    words = {i: set(normalize(options[i])) for i in held}
    return {i for i in held if not any(j != i and words[i] < words[j] for j in held)}


def _read_by_words(text: str, options: list[str]) -> set[int] | None:
    """The one option whose own words (those no other option has) the answer uses: "te grote stappen" names
    "de learning rate is te groot" among "… te klein", "het model heeft te weinig units"."""
    return _by_words(text, options, numbers=False) or _by_words(text, options, numbers=True, most=6)


def _by_words(text: str, options: list[str], numbers: bool, most: int | None = None) -> set[int] | None:
    """`_read_by_words` on words, or (for a short answer such as "Y[:, 3::2]") on words and numbers."""
    keyed = [_keyed(normalize(o)) for o in options]
    present = {w for ws in keyed for w, keys in ws if not _is_absent(keys)}
    marked = any(_is_absent(keys) and w in present for ws in keyed for w, keys in ws)
    if not marked:  # no option has a word that another has "zonder": words are read as they stand
        keyed = [_keyed(normalize(o), marked) for o in options]
    said = [keys for w, keys in _keyed(normalize(text), marked) if _telling(w, numbers)]
    if not said or len(options) < 2 or (most is not None and len(said) > most):
        return None
    words = [{(w, keys): keys for w, keys in ws if _telling(w, numbers)} for ws in keyed]
    scores = []
    for k, own in enumerate(words):
        others = set().union(*(keys for j, ws in enumerate(words) if j != k for keys in ws.values()))
        distinct = [keys for keys in own.values() if keys.isdisjoint(others)]
        scores.append(sum(1 for keys in distinct if any(_same_word(s, keys) for s in said)))
    best = max(scores)
    if best and sorted(scores)[-2] == 0:
        return {scores.index(best)}
    return None


_WITHOUT = frozenset({"zonder", "without", "geen", "no"})


def _is_absent(keys: frozenset[str]) -> bool:
    return any(k.startswith("\u00ac") for k in keys)


def _keyed(words: list[str], mark: bool = True) -> list[tuple[str, frozenset[str]]]:
    """Each word with its keys; with `mark`, the word a "zonder"/"without"/"geen" bears on (the next one that is no
    stop word) as absent ("¬"), a word of its own: where one option has return_sequences and another has it
    "zonder", "die met return_sequences" names the first. Without `mark`, the words as they stand."""
    if not mark:
        return [(w, _word_keys(w)) for w in words]
    out, absent = [], False
    for k, w in enumerate(words):
        if w in _WITHOUT and k + 1 < len(words):
            absent = True
            continue
        out.append((w, frozenset("\u00ac" + key for key in _word_keys(w)) if absent else _word_keys(w)))
        absent = absent and w in STOP_WORDS
    return out


def _telling(word: str, numbers: bool) -> bool:
    """A word that can tell options apart: no stop word or name of a kind of thing; a number only when asked
    ("index 0" in a long answer is no "dag 0")."""
    return not (word in STOP_WORDS or word in _GENERIC or (not numbers and any(c.isdigit() for c in word)))


def _word_keys(word: str) -> frozenset[str]:
    key = _key(word)
    return _stems(key) if len(key) >= 3 else frozenset({key})


def _same_word(said: frozenset[str], option_word: frozenset[str]) -> bool:
    """The same word by stem, or a typo by the rubric matcher's rule (5 letters or more, same first letter,
    rapidfuzz ratio of at least 85: "grooot")."""
    if not said.isdisjoint(option_word):
        return True
    long_said = [s for s in said if _fuzzy_ok(s)]
    if not long_said:
        return False
    from rapidfuzz import fuzz

    return any(s[0] == o[0] and fuzz.ratio(s, o) >= _FUZZY_RATIO for s in long_said for o in option_word if len(o) >= 5)


_ORDINALS = {"eerste": 0, "first": 0, "tweede": 1, "second": 1, "derde": 2, "third": 2, "vierde": 3, "fourth": 3,
             "vijfde": 4, "fifth": 4, "zesde": 5, "sixth": 5, "laatste": -1, "last": -1,
             "middelste": None, "middle": None,
             # Flemish: "den eersten", "de laatsten"
             "eersten": 0, "tweeden": 1, "derden": 2, "vierden": 3, "vijfden": 4, "laatsten": -1, "middelsten": None}
# written with a digit: "de 2de optie", "1ste", "3e", "the 2nd one"
_ORDINALS.update({f"{k}{end}": k - 1 for k in range(1, 7) for end in ("e", "de" if k > 1 else "ste",
                                                                      {1: "st", 2: "nd", 3: "rd"}.get(k, "th"))})
# Words around an ordinal that say nothing more: "alleen de eerste twee lagen", "just the last one".
_ORDINAL_LEAD = frozenset({"de", "het", "the", "one", "een", "den", "alleen", "enkel", "only", "just", "gewoon", "ones"})
_ORDINAL_NOUNS = frozenset({"laag", "lagen", "layer", "layers", "model", "modellen", "models", "netwerk", "network"})
_COUNTS = {"twee": 2, "two": 2, "drie": 3, "three": 3, "vier": 4, "four": 4, "vijf": 5, "five": 5}
_NAMING = frozenset({"optie", "option", "antwoord", "answer", "keuze", "choice", "nummer", "number", "nr"})


def _read_ordinal(text: str, n: int, digits_in_options: bool) -> set[int] | None:
    """"de eerste", "de laatste", "the second one", "de eerste drie", "optie 2" (also when options hold
    digits, since "optie" says it is a number), a bare "2" when no option holds a digit."""
    words = [w for w in normalize(text) if w not in _ORDINAL_LEAD and w not in _UNSURE]  # "de eerste natuurlijk"
    if not words:
        return None
    if words[0] == "eerst" and len(words) > 1 and words[1] in _NAMING:
        words[0] = "eerste"  # "de eerst optie": a slip, which "optie" makes plain
    words = [w for w in words if w not in _ORDINAL_NOUNS] or words
    if words[0] in _ORDINALS and all(w in _FILLER or w in _NAMING for w in words[2:]):
        first = _ORDINALS[words[0]]
        if first is None:  # "de middelste": only of an odd number of options
            named = [w for w in words[1:] if w not in _NAMING and w not in _FILLER]  # "de middelste optie"
            return {n // 2} if n % 2 and not named else None
        count = _COUNTS.get(words[1]) if len(words) > 1 else None
        if len(words) > 1 and count is None and words[1] not in _FILLER and words[1] not in _NAMING:
            return None
        if count:
            return set(range(count)) if first == 0 and count <= n else None
        return {first % n}
    named = words[0] in _NAMING
    rest = [w for w in words if w not in _FILLER and w not in _NAMING]
    if rest and all(w.isdecimal() for w in rest) and (named or not digits_in_options):
        indices = {int(w) - 1 for w in rest}
        return indices if all(0 <= i < n for i in indices) else None
    return None


# Words that hedge a letter without changing it: "a denk ik", "eerder b", "toch wel c".
_UNSURE = frozenset("denk ik i think guess eerder rather gewoon just simply natuurlijk zeker wellicht waarschijnlijk "
                    "probably volgens mij toch wel ofzo zoiets gok uiteraard obviously sowieso "
                    # "nog steeds b", "ik zou de eerste nemen", "I would take the second"
                    "nog steeds still zou nemen neem take would".split())
_HEAD = re.compile(r"\s*[,:(]|\s[\u2013\u2014-]\s")
_NUMBER_WORDS = frozenset({"en", "and", "of", "or", "nummer", "number", "nr"})


def _read_numbered(text: str, options: list[str]) -> set[int] | None:
    """Options that differ only by a number ("laag 1", "laag 2", "laag 3"), named by their numbers: "1 & 2",
    "layers 1 and 2"."""
    numbered: dict[str, int] = {}
    rests = set()
    for i, option in enumerate(options):
        words = normalize(option)
        numbers = [w for w in words if w.isdecimal()]
        if len(numbers) == 1:
            numbered[numbers[0]] = i
            rests.add(tuple(w for w in words if not w.isdecimal()))
    if len(numbered) < 2 or len(rests) != 1:
        return None
    # "laag 1 en 2, niet laag 3", "1 en 2 uiteraard, de 3de ni": a denied piece names no choice, a hedge is no word
    kept = [words for p in _SEPARATORS.split(text) if (words := normalize(p))
            and words[0] not in _NEGATORS and words[-1] not in _TRAILING_DENIALS]
    said = [w for words in kept for w in words if w not in _NUMBER_WORDS and w not in _ORDINAL_NOUNS
            and w not in _ORDINAL_LEAD and w not in _UNSURE]
    if said and all(w in numbered for w in said):
        return {numbered[w] for w in said}
    return None


def _run_of_letters(word: str, n: int) -> bool:
    """Two to four option letters typed as one word, in order ("abc", "ce"), where there are more than two options."""
    return n > 2 and 2 <= len(word) <= 4 and all(c in LETTERS[:n] for c in word) and list(word) == sorted(set(word))


def _read_letters(text: str, n: int, whole: bool = True) -> set[int] | None:
    """Options named by letter ("a, c", "antwoord b", "b) …", "a denk ik"), or None. `whole=False`: only a
    text of letters and filler words (the first piece of an answer)."""
    indices: set[int] = set()
    for word in normalize(text):
        index = LETTERS.find(word) if len(word) == 1 else -1
        if 0 <= index < n:
            indices.add(index)
        elif _run_of_letters(word, n):
            indices.update(LETTERS.index(c) for c in word)  # "abc en e": letters typed without commas
        elif word not in _FILLER and word not in _UNSURE:
            indices = set()
            break
    if indices or not whole:
        return indices or None
    first = _LETTER_RUN.match(text)
    if first:
        found = {LETTERS.index(c.lower()) for c in re.findall(r"\b[a-zA-Z]\b", _LEAD_WORDS.sub("", first.group(0)))}
        return found if found and max(found) < n else None
    return _named_letter(text, n)


def _named_letter(text: str, n: int) -> set[int] | None:
    """"…, dus a", "'t Is a, da's …", "antw a , weekpatroon weg": the one letter a naming word puts forward
    and that ends its clause ("it is a linear layer" names no option)."""
    named = {LETTERS.index(m.group(1).lower()) for m in _NAMED_LETTER.finditer(text)}
    return named if len(named) == 1 and max(named) < n else None


def _content(words: list[str]) -> list[str]:
    """The words that tell options apart: no stop words or "naar"/"to"; "seq2vec", "leaky_relu" split."""
    parts: list[str] = []
    for word in words:
        for part in word.split("_"):
            parts.extend(_ABBREVIATION.split(part))
    return [w for w in parts if w not in STOP_WORDS and w not in _CONNECTORS and w not in _PLAIN] or parts


# "gewone categorical": the plain one of two options, named by its own words ("categorical" is not "sparse …")
_PLAIN = frozenset({"gewone", "gewoon", "normale", "regular", "plain", "ordinary", "standard"})


def _ends_in(piece: str, option: list[str]) -> bool:
    """Whether a piece ends in its option's words, as a claim that names it does ("model3 is seq2seq"); a
    piece that goes on about it ("tanh gaat tot −1") is a reason."""
    said = _content(normalize(piece))
    return bool(said) and said[-1] in option


def _other_half(pieces: list[str], option: list[str]) -> bool:
    """Whether the pieces after a first one that names half an option say the other half with another
    quantity: "de eerste 3 weglaten en dan alle andere houden" is not "de eerste 3 weglaten en daarna om de 2 …
    houden"."""
    first = set(_content(normalize(pieces[0])))
    left = set(option) - first
    for piece in pieces[1:]:
        if _REASON.search(piece):
            return False  # a reason explains the choice
        said = set(_content(normalize(piece)))
        if said & left and (said - set(option)) & _QUANTIFIERS:
            return True
    return False


# Words that say how many, where the option says otherwise: "alle andere" for "om de 2".
_QUANTIFIERS = frozenset("alle allemaal andere overige rest elke iedere geen niets all every each other others rest none "
                         "nothing".split())


def _read_text(text: str, options: list[list[str]]) -> int | None:
    """The one option the text names clearly better than any other."""
    said = _content(normalize(text))
    if not said:
        return None
    scores = sorted(((_score(said, o), k) for k, o in enumerate(options)), reverse=True)
    best, index = scores[0]
    runner_up = scores[1][0] if len(scores) > 1 else 0
    if best >= _MIN_SCORE and best - runner_up < _MARGIN and (len(scores) < 3 or best - scores[2][0] >= _MARGIN):
        # "categorical" of "sparse_categorical_crossentropy" and "categorical_crossentropy": the option that is
        # all inside the other is the one named; a student who meant the longer one says its extra word.
        short, long = sorted((index, scores[1][1]), key=lambda k: len(options[k]))
        if _inside(options[short], options[long]) and set(said) <= set(options[short]):
            return short
    return index if best >= _MIN_SCORE and best - runner_up >= _MARGIN else None


def _inside(short: list[str], long: list[str]) -> bool:
    """Whether `short` is a run of words in `long`, and shorter."""
    return len(short) < len(long) and any(long[k: k + len(short)] == short for k in range(len(long) - len(short) + 1))


def _score(said: list[str], option: list[str]) -> float:
    """How well the answer's words name one option, 0–100."""
    if not option:
        return 0
    # "a sequence-to-vector network" names the option "sequentie-naar-vector" just as well.
    said = [w for w in said if w in option or w not in _GENERIC] or said
    if said == option:
        return 100
    if len(said) == 1 and len(option) > 1 and said[0] == "".join(w[0] for w in option):
        return 96  # initials: "mse", "bce"
    if _starts_match(said, option):
        return 96 if len(said) == len(option) else 90
    from rapidfuzz import fuzz

    joined_said, joined_option = " ".join(said), " ".join(option)
    score = fuzz.ratio(joined_said, joined_option)
    if len(joined_said) > len(joined_option):
        # The option inside a longer answer ("… , zit tussen") counts, a little less than the option alone.
        score = max(score, 0.9 * fuzz.partial_ratio(joined_option, joined_said))
    return score


def _starts_match(said: list[str], option: list[str]) -> bool:
    """Each answer word begins like an option word, in the option's order ("seq vec", "causal begin")."""
    if len(said) > len(option) or (len(said) == 1 and len(said[0]) < 3):
        return False
    at = 0
    for word in said:
        while at < len(option) and not _same_start(word, option[at]):
            at += 1
        if at == len(option):
            return False
        at += 1
    return True


def _same_start(word: str, option_word: str) -> bool:
    """An abbreviation ("seq" of "sequentie"), a typo or a near cognate with the same first letter."""
    if option_word.startswith(word) or swapped_letters(word, option_word):
        return True
    from rapidfuzz import fuzz

    return len(word) >= 4 and word[0] == option_word[0] and fuzz.ratio(word, option_word) >= 80


def _named(indices: set[int] | list[int], options: list[str]) -> str:
    """Options as the student saw them: "b) sequentie-naar-vector; d) …"."""
    return "; ".join(f"{letter(i)}) {options[i]}" for i in sorted(indices))


def read_described(text: str, matcher: _Matcher, indices: list[int]) -> set[int]:
    """The options `text` describes without naming them ("max(0, z)" for ReLU): those whose descriptions
    (`matcher` group k describes option `indices[k]`) match un-negated, as a rubric's phrases match."""
    read = matcher.read(text)
    return {indices[k] for k in range(len(indices)) if matcher.matched(k, read)}


def grade_choice(answer: str, options: list[str], correct: set[int], described: Described | None = None) -> Result:
    """Correct only for exactly the right options; a subset of several right ones is partial. `described`: the
    question's option descriptions, read when letters, numbers and option text settle nothing."""
    expected = "; ".join(options[i] for i in sorted(correct))
    right = tr("Juist: {options}", "Right: {options}").format(options=_named(correct, options))
    chosen = read_choice(answer, options, described)
    if chosen is None:
        unread = tr(
            "Je keuze kon niet gelezen worden; antwoord met een letter (a, b, …).",
            "Your choice could not be read; answer with a letter (a, b, …).",
        )
        result = Result.of(0, expected, [unread, right], details={"chosen": []})
        last = letter(len(options) - 1)
        result.unreadable = tr(f"Ik kan je keuze niet lezen. Gebruik een letter a–{last} (of de tekst van een optie).",
                               f"I cannot read your choice. Use a letter a–{last} (or the text of an option).")
        return result
    details = {"chosen": sorted(chosen)}
    if not chosen:
        return Result.of(0, expected, [tr("Je koos geen optie.", "You chose no option."), right], details=details)
    if chosen == correct:
        return Result.of(1, expected, [right], details=details)
    wrong = chosen - correct
    if not wrong and len(correct) > 1:
        missing = tr("Je mist: {options}", "You missed: {options}").format(options=_named(correct - chosen, options))
        return Result(round(len(chosen) / len(correct), 6), Verdict.PARTIAL, expected, [missing, right], details)
    feedback = [tr("Niet juist: {options}", "Not right: {options}").format(options=_named(wrong, options)), right]
    return Result.of(0, expected, feedback, details=details)


_TRUE = frozenset({"waar", "juist", "correct", "klopt", "ja", "true", "yes", "right", "yep", "jep", "ture"})
_FALSE_PHRASES = (
    ("waar", "is", "het", "niet"),  # "Waar is het niet: …", inverted
    ("waar", "is", "dat", "niet"),
    ("juist", "is", "het", "niet"),
    ("klopt", "het", "niet"),
    ("klopt", "dat", "niet"),
    ("klopt", "het", "ni"),
    ("niet", "waar"),
    ("niet", "juist"),
    ("niet", "correct"),
    ("ni", "waar"),  # Flemish: "da's ni waar"
    ("ni", "juist"),
    ("nie", "waar"),
    ("nw",),
    ("nt", "waar"),  # chat: "nt waar, …"
    ("nt", "juist"),
    ("klopt", "ni"),
    ("klopt", "niet"),
    ("not", "true"),
    ("not", "right"),
    ("not", "correct"),
    ("onwaar",),
    ("onjuist",),
    ("nietwaar",),  # written as one word, as students often do
    ("nietjuist",),
    ("nietcorrect",),
    ("notrue",),
    ("fout",),
    ("vals",),
    ("nee",),
    ("neen",),
    ("neeje",),  # Flemish
    ("false",),
    ("fals",),  # "fals. 1 set wx wy b": a slip of "false" (and Dutch "vals" is already false)
    ("flase",),
    ("no",),
    ("wrong",),
    ("incorrect",),
    ("nope",),
    ("nah",),
)
_LEAD = frozenset("het dit dat da das de deze uitspraak stelling bewering is this it its the statement claim s".split())
_WORD = re.compile(r"[^\W_]+")
_REST_START = re.compile(r"^[\s,.;:!?\-–—)]+")


def read_truth(answer: str) -> tuple[bool | None, str]:
    """The truth value an answer starts with, and the rest of it (the reason)."""
    text = answer_text(answer)
    found = _opening_truth(text)
    if found is None:
        truth, rest = _closing_truth(text)
        return (truth, rest) if truth is not None else _middle_truth(text)
    truth, rest = found
    flip = _FLIPPED.search(text[-200:])
    if flip is not None and (flip.group(1).lower() in _SAYS_TRUE) is not truth:
        # "Niet waar, het komt door c(t)… al helpen meer gewichten ook. Dus eigenlijk toch waar.": the verdict the
        # student settles on is the answer
        return not truth, rest[: len(rest) - len(flip.group())].strip(" ,.;:")
    # "Nee, da klopt ni. Binnen elk venster …", "nee fout, …": the verdict said twice is no reason
    again = _opening_truth(rest)
    if again is not None and again[0] is truth and _SAID_AGAIN.match(rest[: len(rest) - len(again[1])]):
        rest = again[1]
    return truth, rest


_SAID_AGAIN = re.compile(r"^[^,.;:!?]*[,.;:!?]\s*$")  # the repeated verdict is one clause


def _opening_truth(text: str) -> tuple[bool, str] | None:
    head = text[:2000]
    spans = [(m.start(), m.end(), normalize(m.group())) for m in _WORD.finditer(head)][:40]
    words = [w[0] if w else "" for _, _, w in spans]
    start = 0
    while start < len(words) and words[start] in _LEAD:
        start += 1
    for phrase in _FALSE_PHRASES:
        if tuple(words[start : start + len(phrase)]) == phrase:
            return False, _rest(text, spans[start + len(phrase) - 1][1])
    if start < len(words) and words[start] in _TRUE:
        return True, _rest(text, spans[start][1])
    return None


# "…, maar vensters uit de testperiode in de training steken. Dus: niet waar.": the verdict as the last words.
# The verdicts the closing and the middle reader look for (the longer forms first), and those that say true.
_VERDICT = r"(niet waar|niet juist|onwaar|onjuist|waar|juist|klopt niet|klopt|not true|false|true)"
_SAYS_TRUE = frozenset({"waar", "juist", "klopt", "true"})
# A verdict taken back at the end: "…, dus toch waar", "dus eigenlijk toch niet waar", "so actually true after all".
_FLIPPED = re.compile(r"\b(?:dus|so)\W+(?:(?:eigenlijk|actually|toch|after all|het|it's|it is|is)\W+)*?"
                      r"(?:eigenlijk|actually|toch)\W+(?:(?:het|it's|it is|is)\W+)?" + _VERDICT
                      + r"(?:\W+after all)?\W*$", re.IGNORECASE)
_CLOSING = re.compile(r"(?:^|[.;:!?,\n]|\b(?:dus|so|daarom|therefore|hence|conclusie|conclusion))\W*"
                      r"(?:(?:het|de uitspraak|de stelling|dat|this|that|it|the statement|is|'s)\s+)*"
                      + _VERDICT + r"(?:\W+(?:denk ik|volgens mij|lijkt me|i think|i guess))?\W*$", re.IGNORECASE)


def _closing_truth(text: str) -> tuple[bool | None, str]:
    """A truth value that closes the answer, after a full stop or "dus" (the reason comes before it)."""
    text = text.strip()
    tail = max(0, len(text) - 200)
    found = _CLOSING.search(text, tail)
    if not found:
        return None, text
    return found.group(1).lower() in _SAYS_TRUE, text[: found.start()].strip(" ,.;:")


# "Dit is een stelling over diepte. … Niet waar, want …", "ReLU(3) = 3 -> dus niet waar, negatief wordt 0":
# the verdict opens a later sentence (or follows "dus", "->") and a reason word or mark follows it.
_MIDDLE = re.compile(r"(?:[.!?;\n]|->|→|\bdus\b|\bso\b)\s*" + _VERDICT
                     + r"(?:\s+dus)?(?=\s*[,.:;!]|\s+(?:want|omdat|because|since|dus)\b)", re.IGNORECASE)


def _middle_truth(text: str) -> tuple[bool | None, str]:
    """A verdict inside the answer, after some context: the reason is everything else."""
    found = _MIDDLE.search(text[:2000])
    if not found:
        return None, text
    truth = found.group(1).lower() in _SAYS_TRUE
    before, after = text[: found.start()].strip(" ,.;:->→"), _rest(text, found.end())
    return truth, f"{before}. {after}".strip(" .") if before else after


def _rest(text: str, end: int) -> str:
    """The reason: what follows the truth value, without the punctuation that joined them."""
    return _REST_START.sub("", text[end:]).strip()


def grade_truefalse(answer: str, correct: bool, rubric: Rubric | None, expected: str) -> Result:
    """Truth value alone, or half truth value and half the reason graded by `rubric`."""
    truth, reason = read_truth(answer)
    value = tr("waar", "true") if correct else tr("niet waar", "false")
    if truth is None:
        msg = tr(
            "Geen waarheidswaarde gevonden: begin met 'waar' of 'niet waar'. De uitspraak is {value}.",
            "No truth value found: start with 'true' or 'false'. The statement is {value}.",
        ).format(value=value)
        score, details = 0.0, {"truth": None}
        if rubric is not None and normalize(reason):
            # "gedeelde gewichten, gradiënten optellen": no verdict, but the right point, which implies it. A
            # marker gives part of the marks; a session asks again for the verdict. (Without a verdict the
            # "reason" is the whole answer.)
            graded = grade_open(reason, rubric, expected)
            if graded.details.get("hit") and not graded.details.get("misconceptions"):
                score, details = _bare_verdict(rubric), {"truth": None, "reason": graded.details}
        # part of the marks is partial, whatever the rubric's thresholds (a correct_at of 0.4 made it 0.39: incorrect)
        thresholds = {"partial_at": min(0.4, score)} if score else {}
        result = Result.of(score, expected, [msg], details=details, **thresholds)
        result.unreadable = tr("Ik lees geen waar of niet waar. Begin met 'waar' of 'niet waar', dan je reden.",
                               "I read no true or false. Start with 'true' or 'false', then your reason.")
        return result
    if truth != correct:
        msg = tr("Niet juist: de uitspraak is {value}.", "Not right: the statement is {value}.").format(value=value)
        conceded = _CONCEDED.match(reason) if rubric is not None else None
        if conceded is not None:
            # "Waar, al bestond het idee al eerder bij Werbos": the verdict, then a concession that is the right
            # reason against it. The student half knows; a marker gives part of the marks, never all.
            graded = grade_open(reason[conceded.end():], rubric, expected)
            if graded.verdict is Verdict.CORRECT and not graded.details.get("misconceptions"):
                turned = tr("Je reden is juist, maar ze spreekt je oordeel tegen: de uitspraak is {value}.",
                            "Your reason is right, but it contradicts your verdict: the statement is {value}.")
                return Result(0.25, Verdict.PARTIAL, expected, [turned.format(value=value), *graded.feedback],
                              {"truth": truth, "reason": graded.details})
        return Result.of(0, expected, [msg], details={"truth": truth})
    right = "✓ " + tr("De uitspraak is inderdaad {value}.", "The statement is indeed {value}.").format(value=value)
    if rubric is None:
        return Result.of(1, expected, [right], details={"truth": truth})
    if not normalize(reason):
        no_reason = tr("Je gaf geen reden.", "You gave no reason.")
        return Result(0.5, Verdict.PARTIAL, expected, [right, no_reason], {"truth": truth, "reason": {}})
    graded = grade_open(reason, rubric, expected)
    if graded.details.get("misconceptions"):
        # A reason that states a wrong idea is worth less than no reason: the verdict alone is luck.
        return Result.of(0.25, expected, [right, *graded.feedback], details={"truth": truth, "reason": graded.details},
                         correct_at=rubric.correct_at, partial_at=0.4)
    if not graded.details.get("hit"):
        return _unread_reason(reason, right, graded, truth, rubric, expected)
    score = 0.5 + 0.5 * graded.score
    # Right truth value, half-right reason: a teacher gives partial, so only a correct reason makes it correct.
    if graded.verdict is not Verdict.CORRECT:
        score = min(score, rubric.correct_at - 0.01)
    feedback = [right, *graded.feedback]
    if score >= rubric.correct_at and (_reason_size(reason) <= _TERM_REASON or _term_list_reason(reason)):
        # "Niet waar, reset_after", "Niet waar, valsspelen": a term names the point, it does not argue it;
        # so does a list of them ("niet waar — Werbos, Linnainmaa").
        score = rubric.correct_at - 0.01
        feedback.append(tr("Je reden is een term, geen uitleg: zeg ook waarom.", "Your reason is a term, not an explanation: say why."))
    details = {"truth": truth, "reason": graded.details}
    thresholds = {"correct_at": rubric.correct_at, "partial_at": rubric.partial_at}
    result = Result.of(round(score, 6), expected, feedback, details=details, **thresholds)
    result.confident = graded.confident
    return result


# A reason that makes none of the rubric's points, by its length (content words). A few words say
# nothing ("dat is valsspelen", "zo werkt BPTT niet"): a vague reason, worth what the bare verdict is
# worth. A sentence that makes no point of the rubric mostly makes a claim of its own, and on the
# labelled answers that claim was false five times in six ("…, want tien lagen overfitten altijd"): it is
# worth less than no reason, as a misconception is. A long explanation may well be right in words the
# rubric lacks: partial. The grader cannot tell in either of the last two cases and says so.
_VAGUE_REASON = 4
_TERM_REASON = 1  # a reason of one content word is a term, not an argument: at most partial
_EXPLAINED_REASON = 14
# Words with which a reason says that something differs without saying what: "ReLU doet iets anders met
# negatieve waarden", "zo werkt dat niet". Such a reason claims nothing false; it is as vague as a short one.
_VAGUE_WORDS = frozenset({"anders", "different", "differently"})  # not "iets": "iets groter" is a claim


# A reason that opens with a concessive "al" ("Waar, al bestond het al eerder") or "although". Not "hoewel" nor
# "maar eigenlijk": on the labelled answers those take the reason back as often as they concede it.
_CONCEDED = re.compile(r"\W*(?:al|although)\s+(?!(?:de|het|die|dat|the)\b)", re.IGNORECASE)


def _bare_verdict(rubric: Rubric) -> float:
    """What the right verdict without a reason that counts is worth: half, and never 'correct'."""
    return min(0.5, rubric.correct_at - 0.01)


def _term_list_reason(reason: str) -> bool:
    """A reason that is only a list of two or more terms ("gedeelde gewichten, gradiënten optellen"), or one
    term of two words; what brackets hold is part of its term ("max(0, z)" is one)."""
    terms = re.sub(r"\([^()]*\)", "", reason[:2000])
    # Two words without a verb are one term too ("gewichten delen"); "de gewichten zijn gedeeld" is a claim.
    return is_term_list(terms, least=2) or _reason_size(reason) <= 2 and is_term_list(terms, least=1)


def _reason_size(reason: str) -> int:
    """How many content words a reason has (its first 2,000 characters are enough to tell)."""
    return sum(w not in STOP_WORDS for w in normalize(reason[:2000]))


def _unread_reason(reason: str, right: str, graded: Result, truth: bool, rubric: Rubric, expected: str) -> Result:
    words = _reason_size(reason)
    details = {"truth": truth, "reason": graded.details}
    bare = _bare_verdict(rubric)
    thresholds = {"correct_at": rubric.correct_at, "partial_at": min(0.4, bare)}
    if words <= _VAGUE_REASON or words < _EXPLAINED_REASON and _VAGUE_WORDS.intersection(normalize(reason[:2000])):
        vague = tr("Je reden zegt te weinig om een punt te maken.", "Your reason says too little to make a point.")
        return Result.of(bare, expected, [right, vague, *graded.feedback], details=details, **thresholds)
    if words < _EXPLAINED_REASON:
        claim = tr("Je reden maakt geen van de punten hieronder: de waarheidswaarde alleen kan geluk zijn.",
                   "Your reason makes none of the points below: the truth value alone may be luck.")
        result = Result.of(0.25, expected, [right, claim, *graded.feedback], details=details, **thresholds)
    else:
        result = Result.of(bare, expected, [right, *graded.feedback], details=details, **thresholds)
    result.confident = False
    return result

"""An open answer's rubric: concepts, misconceptions and the verdict thresholds.

Kept apart from `text.py` (the matcher) so that a bank read from its cache builds its rubrics
without compiling the matcher's patterns or loading a stemmer; that happens on the first grade.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from dlquiz.i18n import tr
from dlquiz.record import Record, rule

if TYPE_CHECKING:
    from dlquiz.grading.text import _Matcher

_PHRASES = "Formuleringen (NL en EN); één treffer volstaat. Zie docs/teachers.md voor de regels."


def _check_phrases(phrases: list[str]) -> None:
    from dlquiz.grading.text import check_phrases

    check_phrases(phrases)


@dataclass(kw_only=True)
class Concept(Record):
    """Eén idee dat een goed antwoord bevat; één van de formuleringen volstaat om het te raken."""

    id: str = rule(doc="Id van het concept, uniek binnen de rubric.")
    label: str = rule(doc="Naam van het concept in de feedback.")
    weight: float = rule(1.0, doc="Gewicht van het concept (standaard 1).", gt=0)
    required: bool = rule(False, doc="Ontbreekt dit concept, dan is het antwoord hoogstens 'partial'.")
    phrases: list[str] = rule(doc=_PHRASES, min_length=1)
    about: str | None = rule(None, doc="Onderwerp-id uit `subjects:` waarover deze bewering gaat; dezelfde bewering "
                                       "over een ander onderwerp is een verwisseling.")
    implied_by: list[str] = rule(factory=list, doc="Concept-id's die samen dit concept zeggen: zijn ze allemaal geraakt, "
                                                   "dan is dit ook geraakt (wie batch, tijdstappen en features noemt, "
                                                   "noemt drie dimensies).")
    in_time_order: list[str] = rule(factory=list, doc="Onderwerp-id's uit `subjects:` in de volgorde van de tijd: geeft het "
                                                      "antwoord minstens twee ervan een jaartal, in die volgorde, dan is "
                                                      "dit concept geraakt (\"train 2016–2018, test 2020\" splitst op tijd).")

    def check(self) -> None:
        _check_phrases(self.phrases)


@dataclass(kw_only=True)
class Misconception(Record):
    """Een fout idee; raakt het antwoord één van de formuleringen, dan is het niet 'correct'."""

    label: str = rule(doc="Naam van de misvatting in de feedback.")
    phrases: list[str] = rule(doc=_PHRASES, min_length=1)
    feedback: str | None = rule(None, doc="Wat de student leest als deze misvatting gevonden wordt.")
    caps: Literal["partial", "incorrect"] = rule(
        "partial", doc="partial (standaard) of incorrect: hoe laag het oordeel hoogstens is bij deze misvatting.")
    about: str | None = rule(None, doc="Onderwerp-id uit `subjects:` waarover deze foute bewering gaat; over een ander "
                                       "onderwerp gezegd is ze geen misvatting (\"Leaky ReLU laat een klein deel door\").")
    in_order: bool = rule(False, doc="true: een formulering past alleen als haar woorden in het antwoord in dezelfde "
                                     "volgorde staan (\"eerst backpropagation, dan de forward pass\" is niet \"eerst de "
                                     "forward pass, dan backpropagation\").")
    in_shape: bool = rule(False, doc="true: een formulering past alleen binnen één geschreven vorm, haakjes met komma's, "
                                     "met haar woorden in de geschreven volgorde (\"(batch, features, tijdstappen)\"); "
                                     "\"features per tijdstap\" in een zin niet.")

    def check(self) -> None:
        _check_phrases(self.phrases)


@dataclass(kw_only=True)
class Rubric(Record):
    """Concepten (met gewicht) en misvattingen waarmee een open antwoord gescoord wordt."""

    concepts: list[Concept] = rule(doc="Ideeën die een goed antwoord bevat; score = gewicht geraakte concepten / totaal gewicht.",
                                   min_length=1)
    misconceptions: list[Misconception] = rule(factory=list, doc="Foute ideeën; een treffer houdt het antwoord onder 'correct'.")
    correct_at: float = rule(0.75, doc="Score nodig voor 'correct' (standaard 0.75).", gt=0, le=1)
    partial_at: float = rule(0.4, doc="Score nodig voor 'partial' (standaard 0.4).", ge=0, le=1)
    subjects: dict[str, list[str]] = rule(
        factory=dict, doc="Onderwerpen waarover beweringen gaan: id → formuleringen (bv. layernorm: [layer norm, LN]). "
                          "Een concept met `about:` telt alleen als zijn bewering over dat onderwerp gaat.")
    subject_required: bool = rule(False, doc="true: een bewering met `about:` telt alleen als haar onderwerp in hetzelfde "
                                             "zinsdeel staat (bv. een mijlpaal met haar jaartal); zo ook een misvatting met `about:`.")
    list_answer: bool = rule(False, doc="true als een opsomming het antwoord is (bv. 'noem toepassingen'); anders is een "
                                        "kale lijst termen zonder bewering hoogstens 'partial'.")
    shapes_say_rank: bool = rule(False, doc="true: een vorm die de student uitschrijft ('(32, 50, 8)') zegt zijn rank ('3D'), "
                                            "in een antwoord dat zelf geen rank noemt ('1D', 'rank 2', '3 dimensies').")
    exchange_counts_once: bool = rule(False, doc="true: wie de beweringen van twee onderwerpen omwisselt (die van A over B en die van "
                                                 "B over A) maakt één fout: hoogstens 'partial', de score beslist (bij een vraag met "
                                                 "meer delen, waar de rest juist kan zijn). Standaard zijn dat twee verwisselingen: 'incorrect'.")
    examples: int = rule(0, doc="Hoeveel verschillende voorbeelden een antwoord minstens noemt om 'correct' te zijn (bv. 2 bij "
                                "'bedenk enkele toepassingen'); één voorbeeld is dan 'partial'. 0: niet geteld.", ge=0, le=10)
    examples_of: list[str] = rule(factory=list, doc="Welke concepten de voorbeelden van `examples` noemen (concept-id's, bv. "
                                                    "[voorbeelden] bij 'geef drie voorbeelden en leg uit …'); leeg: elk "
                                                    "geraakt concept telt mee.")

    def check(self) -> None:
        ids = [c.id for c in self.concepts]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(tr(f"concept-id's moeten uniek zijn: {', '.join(doubles)}", f"concept ids must be unique: {', '.join(doubles)}"))
        if self.partial_at > self.correct_at:
            raise ValueError(tr("partial_at mag niet boven correct_at liggen", "partial_at must not be above correct_at"))
        for c in self.concepts:
            if c.about is not None and c.about not in self.subjects:
                raise ValueError(tr(f"concept {c.id}: about '{c.about}' staat niet onder subjects: {', '.join(self.subjects) or '-'}",
                                     f"concept {c.id}: about '{c.about}' is not one of subjects: {', '.join(self.subjects) or '-'}"))
        for c in self.concepts:
            unknown = [i for i in c.implied_by if i not in ids or i == c.id]
            if unknown:
                raise ValueError(tr(f"concept {c.id}: implied_by noemt {', '.join(unknown)}, geen ander concept van deze rubric",
                                    f"concept {c.id}: implied_by names {', '.join(unknown)}, not another concept of this rubric"))
        unknown = [i for i in self.examples_of if i not in ids]
        if unknown:
            raise ValueError(tr(f"examples_of noemt {', '.join(unknown)}, geen concept van deze rubric",
                                f"examples_of names {', '.join(unknown)}, not a concept of this rubric"))
        if self.examples_of and not self.examples:
            raise ValueError(tr("examples_of zonder examples: zeg ook hoeveel voorbeelden een antwoord noemt",
                                "examples_of without examples: also say how many examples an answer names"))
        for c in self.concepts:
            unknown = [i for i in c.in_time_order if i not in self.subjects]
            if unknown or len(c.in_time_order) == 1:
                raise ValueError(tr(f"concept {c.id}: in_time_order noemt minstens twee onderwerpen uit subjects "
                                    f"({', '.join(self.subjects) or '-'}), niet {', '.join(c.in_time_order)}",
                                    f"concept {c.id}: in_time_order names at least two subjects of subjects "
                                    f"({', '.join(self.subjects) or '-'}), not {', '.join(c.in_time_order)}"))
        for m in self.misconceptions:
            if m.about is not None and m.about not in self.subjects:
                raise ValueError(tr(f"misvatting '{m.label}': about '{m.about}' staat niet onder subjects: "
                                    f"{', '.join(self.subjects) or '-'}",
                                    f"misconception '{m.label}': about '{m.about}' is not one of subjects: "
                                    f"{', '.join(self.subjects) or '-'}"))
        for phrases in self.subjects.values():
            _check_phrases(phrases)

    def implications(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Each concept with `implied_by`, by index: (concept, the concepts that imply it), computed once."""
        found = self.__dict__.get("_implications")
        if found is None:
            index = {c.id: k for k, c in enumerate(self.concepts)}
            found = self._implications = tuple((k, tuple(index[i] for i in c.implied_by))
                                               for k, c in enumerate(self.concepts) if c.implied_by)
        return found

    def matcher(self) -> _Matcher:
        """The rubric's phrases compiled once (rubrics are not changed after loading)."""
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            from dlquiz.grading.text import _Matcher

            # "= allemaal" is a whole answer, not a phrase to find inside one (see grading/text.py)
            claims = [[x for x in c.phrases if not x.startswith("=")] for c in self.concepts] + \
                [m.phrases for m in self.misconceptions]
            ordered = frozenset(len(self.concepts) + k for k, m in enumerate(self.misconceptions) if m.in_order)
            shaped = frozenset(len(self.concepts) + k for k, m in enumerate(self.misconceptions) if m.in_shape)
            compiled = self._compiled = _Matcher(claims + list(self.subjects.values()), tight_from=len(claims),
                                                 loose_until=len(self.concepts), ordered=ordered, shaped=shaped)
        return compiled

"""Terminal rendering (Rich) and answer input (prompt_toolkit in a terminal, plain lines otherwise).

Everything a student or a bank wrote is printed as Text or Markdown, never parsed as Rich markup.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group
from rich.panel import Panel
from rich.text import Text

from dlquiz.grading.result import Verdict
from dlquiz.i18n import tr

if TYPE_CHECKING:
    from rich.table import Table

COLOURS = {Verdict.CORRECT: "green", Verdict.PARTIAL: "yellow", Verdict.INCORRECT: "red"}


def Markdown(text: str):  # noqa: N802 - stands in for rich's class of that name
    """rich's Markdown, imported when first drawn (`dlquiz grade` and `list` draw none)."""
    from rich.markdown import Markdown as _Markdown

    return _Markdown(text)


def first_words(item, limit: int = 48) -> str:
    """A question named by the start of its prompt (code and Markdown left out), never by an id that may
    give the answer away ("h1-loss-regressie")."""
    import re

    text = re.sub(r"```.*?```", " ", item.question.stem(item.variant), flags=re.S)
    # Markdown's marks go, an underscore inside a name stays ("rail_train", "return_sequences").
    text = " ".join(re.sub(r"[*`>#]|(?<![^\W_])_+|_+(?![^\W_])", "", text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def verdict_word(v: Verdict) -> tuple[str, str]:
    """The word and colour of a verdict, on every screen (beside `Result.marks`, which never contradicts it)."""
    word = {
        Verdict.CORRECT: tr("juist", "correct"),
        Verdict.PARTIAL: tr("gedeeltelijk", "partial"),
        Verdict.INCORRECT: tr("fout", "incorrect"),
    }[v]
    return word, COLOURS[v]


def fmt_time(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


def header(bank_title: str, k: int, n: int, score: float, answered: int, elapsed: float, width: int | None = None) -> Text:
    """The panel title: progress, score and time always; the bank's title only where it fits (it goes first)."""
    progress = Text()
    progress.append(f"{tr('vraag', 'question')} {k}/{n}")
    progress.append(f"  ·  {tr('score', 'score')} {score:.1f}/{answered}")
    progress.append(f"  ·  {fmt_time(elapsed)}", style="dim")
    room = (width or 10_000) - 8  # the panel's corners and padding
    if len(bank_title) + 5 + len(progress) > room:
        return progress
    t = Text()
    t.append(bank_title, style="bold")
    t.append("  ·  ")
    return t + progress


def question_panel(item, k: int, n: int, score: float, answered: int, elapsed: float, width: int | None = None) -> Panel:
    q = item.question
    topic = item.bank.topic_title(q.topic)
    subtitle = Text(f"{q.id} · {topic}", style="dim")
    return Panel(
        Markdown(q.prompt_text(item.variant)),
        title=header(item.bank.title, k, n, score, answered, elapsed, width),
        subtitle=subtitle,
        border_style="cyan",
        padding=(1, 2),
    )


def verdict_panel(graded, show_explanation: bool = True, in_report: bool = False) -> Panel:
    r = graded.result
    q = graded.item.question
    word, colour = verdict_word(r.verdict)
    parts: list = []
    title = Text(f"{word.upper()}  {r.marks:.0%}", style=f"bold {colour}")
    if graded.overruled:
        title.append(tr("  (overruled)", "  (overruled)"), style="dim")
    if r.feedback:
        parts.append(Text("\n".join(r.feedback)))
    if not r.confident and in_report:  # an exam report: no /goed to type; a teacher looks at it
        parts.append(Text(tr("Ik ben niet zeker van dit oordeel: laat dit antwoord nakijken door een docent.",
                             "I am not sure of this verdict: have a teacher look at this answer."), style="magenta"))
    elif not r.confident:
        parts.append(Text(tr("Ik ben niet zeker van dit oordeel: vergelijk je antwoord met de punten hierboven en het "
                             "modelantwoord; staat het er wel (of niet) in, typ dan /goed of /fout.",
                             "I am not sure of this verdict: compare your answer with the points above and the model "
                             "answer; if it does (or does not) make them, type /right or /wrong."), style="magenta"))
    if r.verdict is not Verdict.CORRECT or q.multiline:
        parts.append(Text(tr("\nModelantwoord:", "\nModel answer:"), style="bold"))
        parts.append(answer_renderable(q, graded.item.variant, r.expected))
    if show_explanation and q.explanation:
        parts.append(Text(tr("\nUitleg:", "\nExplanation:"), style="bold"))
        parts.append(Markdown(q.explanation_text(graded.item.variant)))
    return Panel(Group(*parts), title=title, border_style=colour, padding=(0, 2))


def answer_renderable(q, variant: dict, expected: str | None = None):
    """The right answer as shown after grading: the worked model answer as Markdown, else the value as text."""
    worked = q.model_answer(variant)
    return Markdown(worked) if worked else Text(expected if expected is not None else q.expected(variant))


def summary_table(session, saved_all: bool = True) -> Table | Text:
    """The session's answers; `saved_all` False when the history stopped saving (the line below says what)."""
    if not session.graded and not session.skipped and not session.ungraded:
        return Text(tr("Geen vragen beantwoord.", "No questions answered."), style="dim")
    from rich.table import Table  # at the end of a session, not on the way to its first question

    table = Table(title=tr("Samenvatting", "Summary"), show_lines=False)
    table.add_column("#", justify="right")
    table.add_column(tr("vraag", "question"))
    table.add_column(tr("oordeel", "verdict"))
    table.add_column("score", justify="right")
    table.add_column(tr("tijd", "time"), justify="right")
    for i, g in enumerate(session.graded, 1):
        word, colour = verdict_word(g.result.verdict)
        table.add_row(str(i), Text(first_words(g.item)), Text(word + (" *" if g.overruled else ""), style=colour),
                      f"{g.result.marks:.0%}", f"{g.seconds:.0f}s")
    for item in session.skipped:
        table.add_row("–", Text(first_words(item)), Text(tr("overgeslagen", "skipped"), style="dim"), "", "")
    for g in session.ungraded:
        table.add_row("–", Text(first_words(g.item)), Text(tr("niet beoordeeld", "not graded"), style="yellow"), "",
                      f"{g.seconds:.0f}s")
    n = len(session.graded)
    total = f"{session.score:.1f}/{n}" if n else "0/0"
    saved = (tr("alles is bewaard (dlquiz history)", "everything is saved (dlquiz history)") if saved_all
             else tr("niet alles is bewaard: zie hieronder", "not everything was saved: see below"))
    table.caption = tr(f"Totaal {total} · {fmt_time(session.elapsed)} · * = zelf beoordeeld · {saved}",
                       f"Total {total} · {fmt_time(session.elapsed)} · * = overruled · {saved}")
    return table


# Commands typed at the answer prompt.
QUIT = {"q", "/q", "/quit", "/stop", ":q"}
SKIP = {"/skip", "/s", "/volgende", "/next", "/overslaan"}
HINT = {"?", "/hint", "/h", "/tip"}
RIGHT = {"/goed", "/correct", "/juist", "/right"}
WRONG = {"/fout", "/wrong"}
COMMANDS = QUIT | SKIP | HINT | RIGHT | WRONG


def commands_help(multiline: bool) -> str:
    submit = tr("Enter op een lege regel = insturen", "Enter on an empty line = submit") if multiline else tr("Enter = insturen", "Enter = submit")
    # the way out first after submitting: on a narrow screen the end of the line is cut
    return tr(
        f"{submit} · q stoppen · ? hint · /skip overslaan · /goed of /fout: vorig oordeel overrulen",
        f"{submit} · q quit · ? hint · /skip skip · /right or /wrong: overrule the last verdict",
    )


@dataclass
class AnswerInput:
    """Reads one answer: prompt_toolkit in a terminal, lines up to an empty one otherwise."""

    interactive: bool

    @classmethod
    def detect(cls) -> "AnswerInput":
        return cls(sys.stdin.isatty() and sys.stdout.isatty())

    def read(self, multiline: bool) -> str | None:
        """The answer text, or None at end of input."""
        if not self.interactive:
            return _read_block()
        return _read_terminal(multiline)


def _read_block() -> str | None:
    lines: list[str] = []
    while True:
        try:
            line = sys.stdin.readline()
        except UnicodeDecodeError:
            line = "\n"
        if line == "":
            return "\n".join(lines) if lines else None
        line = line.rstrip("\r\n")
        if not line.strip():
            if lines:
                return "\n".join(lines)
            continue
        lines.append(line)


def answer_bindings(multiline: bool, commands: set[str]):
    """Keys for an answer prompt: in a multi-line answer Enter on an empty last line sends it,
    a line that is one of `commands` sends at once, and Esc Enter always sends."""
    from prompt_toolkit.key_binding import KeyBindings

    kb = KeyBindings()
    if not multiline:
        return kb

    @kb.add("enter")
    def _(event):
        buf = event.current_buffer
        doc = buf.document
        text = doc.text
        if text.strip().lower() in commands or (text.strip() and text.endswith("\n") and doc.is_cursor_at_the_end):
            buf.text = text.rstrip("\n")
            buf.validate_and_handle()
        else:
            buf.insert_text("\n")

    @kb.add("escape", "enter")
    def _(event):
        event.current_buffer.validate_and_handle()

    return kb


def _read_terminal(multiline: bool) -> str | None:
    from prompt_toolkit import PromptSession

    kb = answer_bindings(multiline, COMMANDS)
    session = PromptSession(multiline=multiline, key_bindings=kb)
    try:
        return session.prompt("› ", prompt_continuation="  ", bottom_toolbar=commands_help(multiline))
    except EOFError:
        return None


def agreement_view(rows: list, detailed: bool = False):
    """The grader against the labelled responses: per bank in one line; with `detailed`, per question
    (worst first) and every answer it passes or fails wrongly."""
    from rich.table import Table

    from dlquiz.bank.responses import Agreement

    banks: dict[str, Agreement] = {}
    for a in rows:
        banks.setdefault(a.bank, Agreement(a.bank, "")).merge(a)
    parts: list = []
    if detailed:
        table = Table(title=tr("Overeenstemming met de gelabelde antwoorden", "Agreement with the labelled responses"))
        for col in (tr("vraag", "question"), "n", "exact", tr("juist/niet", "correct/not"), tr("onterecht juist", "false pass"),
                    tr("onterecht niet juist", "false fail")):
            table.add_column(col, justify="left" if col in ("vraag", "question") else "right")
        for a in sorted(rows, key=lambda a: (len(a.false_pass) == 0, a.binary / max(a.total, 1), a.exact / max(a.total, 1))):
            table.add_row(Text(a.qid), str(a.total), f"{a.exact / max(a.total, 1):.0%}", f"{a.binary / max(a.total, 1):.0%}",
                          Text(str(len(a.false_pass)), style="red" if a.false_pass else ""), str(len(a.false_fail)))
        parts.append(table)
        for a in rows:
            for answer, label, graded in a.false_pass + a.false_fail:
                parts.append(Text(f"{a.qid}: {graded} ≠ {label}: {' '.join(answer.split())[:150]}",
                                  style="red" if graded == "correct" else "yellow"))
    for name, a in banks.items():
        n = max(a.total, 1)
        parts.append(Text(tr(f"{name}: {a.total} gelabelde antwoorden: exact {a.exact / n:.1%}, juist/niet {a.binary / n:.1%}, "
                             f"{len(a.false_pass)} onterecht juist, {len(a.false_fail)} onterecht niet juist",
                             f"{name}: {a.total} labelled responses: exact {a.exact / n:.1%}, correct/not {a.binary / n:.1%}, "
                             f"{len(a.false_pass)} false passes, {len(a.false_fail)} false fails")
                          + (tr(f"; {a.unlabelled} nog zonder verdict (niet meegeteld)", f"; {a.unlabelled} without a verdict yet (not counted)")
                             if a.unlabelled else "")))
    return Group(*parts)

"""The exam in a terminal: answer input with a live countdown, the overview, and the report (Rich).

In a terminal the prompt's bottom toolbar shows the time left, refreshed every second; at the deadline
a background task ends the prompt with what was typed. Without a terminal, answers are read as in
practice (each up to an empty line) and the deadline is checked between answers.
Everything a student typed is printed as rich.text.Text, never as markup.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from dlquiz.grading.result import Verdict
from dlquiz.i18n import tr
from dlquiz.sessions.exam import Exam
from dlquiz.terminal import render as ui

SUBMIT = {"/inleveren", "/submit", "/klaar"}
OVERVIEW = {"/overzicht", "/overview", "/o"}
FLAG = {"/flag", "/markeer", "/vlag", "/f"}
SKIP = ui.SKIP
PAUSE = ui.QUIT | {"/pauze", "/pause"}
EXAM_COMMANDS = SUBMIT | OVERVIEW | FLAG | SKIP | PAUSE


class Paused(Exception):
    """The student stopped the exam without handing it in (it can be resumed)."""


class NoInput(Paused):
    """Standard input ended before a single answer: nobody sat the exam, so it is paused, not graded."""


@dataclass
class Reading:
    text: str | None
    timed_out: bool = False


def exam_help(multiline: bool) -> str:
    submit = tr("Enter op lege regel = antwoord", "Enter on empty line = answer") if multiline else tr("Enter = antwoord", "Enter = answer")
    return f"{submit} · {_exam_commands(short=False)}"


def _exam_commands(short: bool) -> str:
    if short:
        return tr("/s · /f · /o · /klaar", "/s · /f · /o · /submit")
    return tr("/skip · /flag · /overzicht · /inleveren", "/skip · /flag · /overview · /submit")


def exam_bar(head: str, label: str, multiline: bool, width: int) -> tuple[str, str]:
    """The bottom bar as (time part, commands part), fitted to `width` columns: the commands and the time
    always stay; the way to send goes first, then the question's number, then the commands' long names."""
    from prompt_toolkit.utils import get_cwidth

    with_label = f" {head}  ·  {label} " if label else f" {head} "
    variants = [(with_label, "  " + exam_help(multiline)),
                (with_label, "  " + _exam_commands(short=False)),
                (f" {head} ", "  " + _exam_commands(short=False)),
                (with_label, "  " + _exam_commands(short=True)),
                (f" {head} ", "  " + _exam_commands(short=True))]
    for left, right in variants:
        if get_cwidth(left + right) < width:  # the last column stays free: a full line would wrap
            return left, right
    return variants[-1]


def countdown_text(exam: Exam) -> str:
    return tr(f"⏱  nog {ui.fmt_time(exam.remaining())}", f"⏱  {ui.fmt_time(exam.remaining())} left")


class ExamInput:
    """Reads answers for an exam: prompt_toolkit with a countdown in a terminal, blocks of lines otherwise."""

    def __init__(self, interactive: bool):
        self.interactive = interactive

    @classmethod
    def detect(cls) -> "ExamInput":
        import sys

        return cls(sys.stdin.isatty() and sys.stdout.isatty())

    def read(self, exam: Exam, multiline: bool, default: str = "", label: str = "", index: int | None = None) -> Reading:
        """`index`: the question being answered, whose unsent text is kept as the exam's draft."""
        if exam.expired:
            return Reading(None, timed_out=True)
        if not self.interactive:
            text = ui._read_block()
            return Reading(text, timed_out=exam.expired)
        return _read_with_countdown(exam, multiline, default, label, index)


def _read_with_countdown(exam: Exam, multiline: bool, default: str, label: str, index: int | None = None) -> Reading:
    import asyncio

    from prompt_toolkit import PromptSession
    from prompt_toolkit.application.current import get_app

    kb = ui.answer_bindings(multiline, EXAM_COMMANDS)

    def toolbar():
        left = exam.remaining()
        style = "bg:#aa0000 #ffffff bold" if left < 60 else "bg:#004466 #ffffff"
        left, right = exam_bar(countdown_text(exam), label, multiline, get_app().output.get_size().columns)
        return [(style, left), ("", right)]

    async def deadline_watch():
        # Runs inside the prompt's event loop: ends the prompt at the deadline with what was typed,
        # and saves the seconds left every few seconds so a kill -9 loses little time.
        app = get_app()
        while True:
            if index is not None:
                exam.draft = (index, app.current_buffer.text)  # saved with the clock: a kill -9 keeps it too
            left = exam.remaining()
            if left <= 0:
                if app.is_running and not app.is_done:
                    app.exit(result=app.current_buffer.text)
                return
            await asyncio.sleep(min(1.0, left))
            exam.tick()

    def start_watch():
        get_app().create_background_task(deadline_watch())

    session = PromptSession(multiline=multiline, key_bindings=kb, refresh_interval=1)
    try:
        text = session.prompt("› ", prompt_continuation="  ", bottom_toolbar=toolbar, default=default, pre_run=start_watch)
    except KeyboardInterrupt:
        if index is not None:
            exam.draft = (index, session.default_buffer.text)  # the pause saves it; --resume puts it back
        raise
    except EOFError:
        return Reading(None)
    return Reading(text, timed_out=exam.expired)


def run_exam(exam: Exam, reader: ExamInput, out: Console) -> None:
    """Ask the exam's questions until it is handed in or time is up. Raises Paused or KeyboardInterrupt to stop."""
    n = len(exam.slots)
    first = exam.next_open(n - 1)
    index: int | None = first if first is not None else 0
    if exam.draft is not None:
        index = exam.draft[0]  # resumed where the student was typing
    while not exam.expired:
        if index is None:
            index = overview(exam, reader, out, all_done=True)
            if index is None:
                return
            continue
        slot = exam.slots[index]
        q = slot.item.question
        if q.needs_keras(slot.item.variant):
            from dlquiz.oracle.build import preload

            preload()
        out.print()
        out.print(exam_question_panel(exam, index))
        if slot.answered:
            out.print(Text(tr("Je antwoord tot nu toe: ", "Your answer so far: ") + slot.answer, style="dim"))
        if not reader.interactive:
            out.print(Text(countdown_text(exam) + "  ·  " + exam_help(q.multiline), style="dim"))
        started = time.monotonic()
        default = exam.draft[1] if exam.draft is not None and exam.draft[0] == index else slot.answer or ""
        reading = reader.read(exam, q.multiline, default=default, label=f"{tr('vraag', 'question')} {index + 1}/{n}",
                              index=index)
        exam.draft = None  # sent, or left for another question
        raw = reading.text
        if reading.timed_out:
            if raw is not None and raw.strip() and raw.strip().lower() not in EXAM_COMMANDS:
                exam.answer(index, raw, time.monotonic() - started)
            return
        if raw is None:
            if reader.interactive:
                raise Paused
            if not any(s.answered for s in exam.slots):
                raise NoInput
            return
        cmd = raw.strip().lower()
        if not cmd:
            continue
        if cmd in SUBMIT:
            if confirm_hand_in(exam, reader, out):
                return
            continue
        if cmd in PAUSE:
            raise Paused
        if cmd in OVERVIEW:
            chosen = overview(exam, reader, out)
            if chosen is None:
                return
            index = chosen
            continue
        if cmd in FLAG:
            flagged = exam.toggle_flag(index)
            out.print(Text(tr(f"Vraag {index + 1} gemarkeerd." if flagged else f"Markering van vraag {index + 1} weg.",
                              f"Question {index + 1} flagged." if flagged else f"Question {index + 1} unflagged."), style="yellow"))
            continue
        if cmd in SKIP:
            nxt = exam.next_open(index)
            index = nxt if nxt is not None and nxt != index else (index + 1) % n
            continue
        if cmd in ui.HINT:
            out.print(Text(tr("Geen hints tijdens een examen.", "No hints during an exam."), style="dim"))
            continue
        exam.answer(index, raw, time.monotonic() - started)
        out.print(Text(tr("Antwoord bewaard.", "Answer saved."), style="dim"))
        index = exam.next_open(index)


STATUS_WORDS = {"answered": ("beantwoord", "answered", "green"), "flagged": ("gemarkeerd", "flagged", "yellow"),
                "open": ("open", "open", "red")}


def overview_table(exam: Exam) -> Table:
    table = Table(title=tr("Overzicht", "Overview"))
    table.add_column("#", justify="right")
    table.add_column(tr("vraag", "question"))
    table.add_column(tr("onderwerp", "topic"))
    table.add_column(tr("status", "status"))
    for k, slot in enumerate(exam.slots):
        nl, en, colour = STATUS_WORDS[exam.status(k)]
        if slot.flagged and slot.answered:
            nl, en = "beantwoord, gemarkeerd", "answered, flagged"
        table.add_row(str(k + 1), Text(ui.first_words(slot.item)), Text(slot.item.bank.topic_title(slot.item.question.topic)),
                      Text(tr(nl, en), style=colour))
    counts = [exam.status(k) for k in range(len(exam.slots))]
    table.caption = tr(
        f"{sum(s.answered for s in exam.slots)} beantwoord · {counts.count('flagged')} gemarkeerd · "
        f"{sum(not s.answered for s in exam.slots)} open · {countdown_text(exam)}",
        f"{sum(s.answered for s in exam.slots)} answered · {counts.count('flagged')} flagged · "
        f"{sum(not s.answered for s in exam.slots)} open · {countdown_text(exam)}")
    return table


def overview(exam: Exam, reader: ExamInput, out: Console, all_done: bool = False) -> int | None:
    """Show the overview and read a choice: a question number, or /inleveren (returns None)."""
    while True:
        out.print()
        out.print(overview_table(exam))
        if all_done:
            out.print(Text(tr("Alle vragen zijn beantwoord.", "Every question is answered."), style="green"))
        out.print(Text(tr("Typ een nummer om naar die vraag te gaan, of /inleveren om in te leveren.",
                          "Type a number to go to that question, or /submit to hand in."), style="bold"))
        reading = reader.read(exam, False, label=tr("overzicht", "overview"))
        if reading.timed_out:
            return None
        if reading.text is None:
            if reader.interactive:
                raise Paused
            return None
        cmd = reading.text.strip().lower()
        if cmd in SUBMIT:
            if confirm_hand_in(exam, reader, out):
                return None
            continue
        if cmd in PAUSE:
            raise Paused
        if cmd.isdigit() and 1 <= int(cmd) <= len(exam.slots):
            return int(cmd) - 1
        if not cmd and not all_done:
            nxt = exam.next_open(len(exam.slots) - 1)
            return nxt if nxt is not None else 0
        out.print(Text(tr(f"Kies 1–{len(exam.slots)} of /inleveren.", f"Choose 1–{len(exam.slots)} or /submit."), style="yellow"))


def confirm_hand_in(exam: Exam, reader: ExamInput, out: Console) -> bool:
    """With questions still open, hand in only when the student says so (the time runs on)."""
    left = sum(not s.answered for s in exam.slots)
    if not left:
        return True
    out.print(Text(tr(f"Nog {left} van {len(exam.slots)} vragen zonder antwoord. Toch inleveren? (j/n)",
                      f"{left} of {len(exam.slots)} questions have no answer. Hand in anyway? (y/n)"), style="yellow"))
    reading = reader.read(exam, False, label=tr("inleveren?", "hand in?"))
    if reading.timed_out:
        return True
    if reading.text is None:
        return True  # no more input: the student is gone; what was answered counts
    return reading.text.strip().lower() in {"j", "ja", "y", "yes", "/inleveren", "/submit"}


def exam_question_panel(exam: Exam, index: int) -> Panel:
    slot = exam.slots[index]
    q = slot.item.question
    title = Text()
    title.append(tr("Examen", "Exam"), style="bold")
    title.append(f"  ·  {tr('vraag', 'question')} {index + 1}/{len(exam.slots)}")
    if slot.flagged:
        title.append("  ⚑", style="yellow")
    title.append(f"  ·  {countdown_text(exam)}", style="bold magenta")
    subtitle = Text(f"{slot.item.bank.title} · {slot.item.bank.topic_title(q.topic)}", style="dim")
    return Panel(ui.Markdown(q.prompt_text(slot.item.variant)), title=title, subtitle=subtitle, border_style="blue", padding=(1, 2))


def report(exam: Exam, timed_out: bool) -> Group:
    """Total, per topic, then every question with the verdict, the student's answer, model answer and explanation."""
    n = len(exam.slots)
    parts: list = []
    head = Text()
    head.append(tr("Examenrapport", "Exam report"), style="bold underline")
    if timed_out:
        head.append(tr("  (de tijd was om)", "  (time was up)"), style="red")
    parts.append(head)
    pct = exam.score / n if n else 0.0
    colour = "green" if pct >= 0.7 else "yellow" if pct >= 0.5 else "red"
    parts.append(Text(tr(f"Totaal: {exam.score:.1f}/{n}  ({pct:.0%})", f"Total: {exam.score:.1f}/{n}  ({pct:.0%})"), style=f"bold {colour}"))
    topics = Table(title=tr("Per onderwerp", "By topic"))
    topics.add_column(tr("onderwerp", "topic"))
    topics.add_column("score", justify="right")
    topics.add_column("%", justify="right")
    for title, score, count in exam.by_topic():
        topics.add_row(Text(title), f"{score:.1f}/{count}", f"{score / count:.0%}")
    parts.append(topics)
    graded = exam.graded()
    unsure = [k for k, g in enumerate(graded, 1) if not g.result.confident]
    if unsure:
        listed = ", ".join(map(str, unsure))
        parts.append(Text(tr(f"Laat een docent nakijken: vraag {listed} (dlquiz is daar niet zeker van zijn oordeel).",
                             f"Have a teacher check: question {listed} (dlquiz is not sure of its verdict there)."),
                          style="magenta"))
    for k, g in enumerate(graded, 1):
        mine = Text(tr("Jouw antwoord: ", "Your answer: "), style="bold")
        mine.append(g.answer if g.answer.strip() else tr("(geen antwoord)", "(no answer)"))
        parts.append(Text(f"\n{k}. {g.item.question.id}", style="bold"))
        parts.append(ui.Markdown(g.item.question.prompt_text(g.item.variant)))
        parts.append(mine)
        parts.append(_report_verdict(g))
    return Group(*parts)


def _report_verdict(graded) -> Panel:
    panel = ui.verdict_panel(graded, in_report=True)
    # Always show the model answer in a report, even for a correct one.
    if graded.result.verdict is Verdict.CORRECT and not graded.item.question.multiline:
        extra = Text(tr("Modelantwoord: ", "Model answer: "), style="bold")
        extra.append(graded.result.expected)
        panel.renderable = Group(extra, panel.renderable)
    return panel


"""Commands for timed mock exams, review and progress (registered on the main app).

Heavy modules (prompt_toolkit, fsrs) are imported inside the commands, never here.
"""

import math
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from dlquiz.errors import StoreError
from dlquiz.i18n import count, tr
from dlquiz.terminal.app import (
    BankDirOpt,
    DlquizCommand,
    LangOpt,
    app,
    err,
    fail,
    handles_errors,
    helptext,
    library,
    open_store,
    out,
    store_warning,
)

ExamBanksArg = typer.Argument(None, help=tr("Banken om uit te kiezen (standaard: alle).", "Banks to draw from (default: all)."),
                              metavar="[BANK]...")
ReviewBanksArg = typer.Argument(None, help=tr("Banken om te herhalen (standaard: alle).", "Banks to review (default: all)."),
                                metavar="[BANK]...")
MIN_MINUTES, MAX_MINUTES = 0.05, 24 * 60.0


def finite_minutes(value: float) -> float:
    """`--minutes nan` passes click's range check (every comparison with nan is false): refuse it the same way.

    inf and 1e300 are above the range; an exam clock of either overflowed `timedelta` or ended at once."""
    if not math.isfinite(value):
        raise typer.BadParameter(f"{value} is not in the range {MIN_MINUTES}<=x<={MAX_MINUTES}.")  # as click says it
    return value


def chosen_banks(lib, banks: list[str] | None):
    """The banks named (loosely), or every bank that loads; broken banks are reported, not fatal."""
    if banks:
        return [lib.bank(b) for b in banks]
    loaded, errors = lib.load_all()
    for e in errors:
        err.print(Text(str(e), style="red"))
    return loaded


@app.command(cls=DlquizCommand, help=helptext(
    "Een examen op tijd: geen oordelen tot je inlevert, dan een volledig rapport.\n\n"
    "Bij de prompt: /skip · /flag · /overzicht (kies een vraag op nummer) · /inleveren. De tijd staat onderaan; "
    "op het einde stopt het examen vanzelf en telt wat je typte. Ctrl-C pauzeert: elk antwoord blijft bewaard, "
    "en dlquiz exam --resume gaat verder met de resterende tijd.",
    "A timed mock exam: no verdicts until you hand in, then a full report.\n\n"
    "At the prompt: /skip · /flag · /overview (pick a question by number) · /submit to hand in. The countdown "
    "is in the bottom bar; at the deadline the exam ends by itself and what you typed counts. Ctrl-C pauses: "
    "every answer is kept, and dlquiz exam --resume continues with the time left.",
    ("dlquiz exam", "dlquiz exam h15 -n 5 --minutes 10", "dlquiz exam --resume")))
@handles_errors
def exam(
    banks: Optional[list[str]] = ExamBanksArg,
    minutes: float = typer.Option(20.0, "--minutes", "-m", min=MIN_MINUTES, max=MAX_MINUTES, callback=finite_minutes,
                                  help=tr("Tijd voor het hele examen, in minuten (hoogstens een dag, 1440).",
                                          "Time for the whole exam, in minutes (at most a day, 1440).")),
    n: int = typer.Option(10, "-n", "--number", min=1, metavar="N", help=tr("Aantal vragen.", "Number of questions.")),
    seed: Optional[int] = typer.Option(None, "--seed", help=tr("Zelfde seed, zelfde vragen.", "Same seed, same questions.")),
    resume: bool = typer.Option(False, "--resume", help=tr("Ga verder met het nieuwste onafgewerkte examen, met de tijd die over was.",
                                                  "Continue the newest unfinished exam with the time that was left.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.sessions.exam import Exam
    from dlquiz.terminal.exam_screen import ExamInput, NoInput, Paused, report, run_exam

    lib = library(bank_dir)
    store = open_store()
    if resume:
        try:
            ex = Exam.resume(store, lib)
        finally:
            store_warning(store)
        out.print(Text(tr(f"Examen {ex.session_id} hervat: nog {ex.remaining() / 60:.1f} minuten, "
                          f"{sum(s.answered for s in ex.slots)} van {len(ex.slots)} vragen beantwoord.",
                          f"Exam {ex.session_id} resumed: {ex.remaining() / 60:.1f} minutes left, "
                          f"{sum(s.answered for s in ex.slots)} of {len(ex.slots)} questions answered."), style="cyan"))
    else:
        ex = Exam.new(store, chosen_banks(lib, banks), n, minutes, seed)
        out.print(Text(tr(f"Examen: {count(len(ex.slots), 'vraag', 'vragen', '', '')}, "
                          f"{count(float(minutes), 'minuut', 'minuten', '', '')}. Geen oordelen tot je inlevert.",
                          f"Exam: {count(len(ex.slots), '', '', 'question', 'questions')}, "
                          f"{count(float(minutes), '', '', 'minute', 'minutes')}. No verdicts until you hand in."),
                       style="cyan"))
    from dlquiz.terminal.runner import on_hangup

    on_hangup()
    reader = ExamInput.detect()
    try:
        run_exam(ex, reader, out)
    except NoInput:
        ex.save_clock()
        raise fail(tr("geen invoer om te lezen: het examen is niet ingeleverd en niet beoordeeld; "
                      "start het in een terminal, of ga verder met dlquiz exam --resume",
                      "no input to read: the exam was neither handed in nor graded; start it in a terminal, "
                      "or continue with dlquiz exam --resume")) from None
    except (KeyboardInterrupt, Paused):
        ex.save_clock()
        draft = ex.draft is not None and ex.draft[1].strip()
        err.print(Text(tr(f"\nExamen gepauzeerd met nog {ex.remaining() / 60:.1f} minuten; je antwoorden zijn bewaard"
                          + (f", ook wat je bij vraag {ex.draft[0] + 1} typte" if draft else "") + ". "
                          "Verder: dlquiz exam --resume",
                          f"\nExam paused with {ex.remaining() / 60:.1f} minutes left; your answers are saved"
                          + (f", and what you typed in question {ex.draft[0] + 1}" if draft else "") + ". "
                          "Continue: dlquiz exam --resume"), style="yellow"))
        raise typer.Exit(130) from None
    except StoreError as exc:
        raise fail(exam_not_saved(ex, exc)) from None
    timed_out = ex.expired
    try:
        ex.hand_in()
    except StoreError as exc:
        raise fail(exam_not_saved(ex, exc)) from None
    out.print()
    if timed_out:
        out.print(Text(tr("De tijd is om: het examen is ingeleverd.", "Time is up: the exam was handed in."), style="bold red"))
    out.print(report(ex, timed_out))


def exam_not_saved(ex, exc: StoreError) -> str:
    """One line: why the history stopped saving, and how much of the exam it holds."""
    saved = sum(1 for s in ex.slots if s.record_id is not None)
    where = f" ({exc.path})" if exc.path else ""
    return tr(f"{exc.reason}{where}: {saved} antwoord(en) van dit examen zijn bewaard, het laatste niet; "
              "verder met dlquiz exam --resume zodra het weer kan",
              f"{exc.reason}{where}: {saved} answer(s) of this exam are saved, the last one was not; "
              "continue with dlquiz exam --resume once it can save again")


@app.command(cls=DlquizCommand, help=helptext(
    "Gespreid herhalen (FSRS): de vragen die aan de beurt zijn, en een paar nieuwe.\n\n"
    "Foute antwoorden (in oefenen, examen of herhalen) komen snel terug, juiste steeds later. Na een oordeel "
    "over een open antwoord verbetert /goed of /fout bij de volgende prompt het (en de planning).",
    "Spaced review (FSRS): the questions that are due, and a few new ones.\n\n"
    "Wrong answers (in practice, exam or review) come back soon; right ones later and later. After a verdict on "
    "an open answer, /right or /wrong at the next prompt corrects it (and its schedule).",
    ("dlquiz review", "dlquiz review h15 --new 3")))
@handles_errors
def review(
    banks: Optional[list[str]] = ReviewBanksArg,
    new: int = typer.Option(5, "--new", min=0, metavar="N", help=tr("Hoeveel nieuwe vragen erbij.", "How many never-seen questions to introduce.")),
    limit: Optional[int] = typer.Option(None, "--limit", "-n", min=1, metavar="N",
                                         help=tr("Stel hoogstens N vragen.", "Ask at most N questions.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.sessions.practice import Session
    from dlquiz.sessions.review import due_items, sync_cards

    lib = library(bank_dir)
    bank_list = chosen_banks(lib, banks)
    store = open_store()
    items, n_due, n_new = due_items(store, bank_list, new_limit=new)
    store_warning(store)
    if limit:
        items = items[:limit]
        n_due, n_new = min(n_due, len(items)), max(0, len(items) - n_due)
    if not items:
        out.print(Text(tr("Niets te herhalen vandaag. Kom morgen terug, of oefen: dlquiz practice BANK",
                          "Nothing due today. Come back tomorrow, or practise: dlquiz practice BANK"), style="green"))
        return
    out.print(Text(tr(f"Herhalen: {count(n_due, 'vraag', 'vragen', '', '')} aan de beurt, {n_new} nieuw.",
                      f"Review: {count(n_due, '', '', 'question', 'questions')} due, {n_new} new."), style="cyan"))
    session = Session(store, items, "review", {"due": n_due, "new": n_new})
    code = run_review(session)
    if code != 1:  # 1: the history could not save, and run_review said so
        sync_cards(store, bank_list)
    raise typer.Exit(code)


def run_review(session) -> int:
    """As practice, plus a last chance to overrule the verdict on the final (open) answer before the schedule is set."""
    from dlquiz.terminal.runner import last_chance, run_session

    return run_session(session, after=last_chance)


@app.command(cls=DlquizCommand, help=helptext(
    "Beheersing per onderwerp en vraagsoort, zwakste vragen eerst, en examenscores door de tijd.\n\n"
    "Beheersing is het gemiddelde van je laatste score op elke vraag die je beantwoordde.",
    "Mastery per topic and question type, weakest questions first, and exam scores over time.\n\n"
    "Mastery is the mean of your latest score on each question you answered.",
    ("dlquiz stats", "dlquiz stats h15")))
@handles_errors
def stats(
    bank: Optional[str] = typer.Argument(None, help=tr("Alleen deze bank (standaard: alle).", "Only this bank (default: all).")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.sessions.stats import compute
    from dlquiz.terminal.stats_view import render

    lib = library(bank_dir)
    bank_list = [lib.bank(bank)] if bank else chosen_banks(lib, None)
    store = open_store(read_only_ok=True)
    result = compute(store, bank_list)
    store_warning(store)
    if not result.answered:
        raise fail(tr("nog geen antwoorden; begin met: dlquiz practice BANK", "no answers yet; start with: dlquiz practice BANK"))
    out.print(render(result))

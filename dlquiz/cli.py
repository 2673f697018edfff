"""The dlquiz command line: parses options, calls the core, renders. No grading logic lives here.

No `from __future__ import annotations` in the cli modules: Typer would evaluate every string
annotation of every command on each start (4 ms of a 130 ms `dlquiz grade`).
"""

import functools
import json
import sys
import time
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.text import Text

from .errors import DlquizError
from .i18n import set_lang, tr

app = typer.Typer(
    name="dlquiz",
    help="Oefen de theorie van Deep Learning (RNNs, CNNs, Keras) in je terminal.\n\n"
    "Practise the theory of Deep Learning in a terminal. Start with: dlquiz practice hoofdstuk15",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

out = Console(highlight=False, soft_wrap=False)
# soft_wrap: a file:line: message stays on one line for editors and scripts, however narrow the terminal.
err = Console(stderr=True, highlight=False, soft_wrap=True)

BankDirOpt = typer.Option(None, "--bank-dir", help="Extra folder with bank YAML files (repeatable).")
LangOpt = typer.Option(None, "--lang", help="Interface language: nl (default) or en. Also DLQUIZ_LANG.")


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(Text(tr("Fout: ", "Error: ") + message, style="red"))
    return typer.Exit(code)


def handles_errors(fn):
    """Turn core errors into a one-line message and exit code 1; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        set_lang(kwargs.get("lang"))
        try:
            return fn(*args, **kwargs)
        except DlquizError as exc:
            raise fail(str(exc)) from None

    return wrapper


def library(bank_dir: list[Path] | None):
    from .banks import Library

    return Library(list(bank_dir or []))


@app.command("list")
@handles_errors
def list_cmd(
    bank: Optional[str] = typer.Argument(None, help="Show this bank's questions (hoofdstuk15, h15 or 15)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    """List the banks, or the questions of one bank.

    Examples:  dlquiz list   ·   dlquiz list h15 --json
    """
    # Summaries come from the bank cache when a file is unchanged: no YAML, no pydantic on this path.
    lib = library(bank_dir)
    if bank:
        name, path, b = lib.summary(bank)
        rows = b["questions"]
        if as_json:
            print(json.dumps({"name": name, "title": b["title"], "path": str(path), "topics": b["topics"], "questions": rows},
                             ensure_ascii=False, indent=2))
            return
        from rich.table import Table  # here: --help, grade and practice never draw a table on start

        table = Table(title=Text(f"{b['title']} ({name})"))
        for col in ("id", "type", tr("onderwerp", "topic"), tr("bron", "source")):
            table.add_column(Text(col, style="table.header"))
        for r in rows:
            topic_title = b["topics"].get(r["topic"] or "", r["topic"] or "—")
            # Text, not str, in every cell: plain data needs no markup parser (nor Rich's emoji table).
            table.add_row(Text(r["id"]), Text(r["type"]), Text(topic_title), Text(r["source"] or ""))
        out.print(table)
        return
    banks, errors = lib.summaries()
    for e in errors:
        err.print(Text(str(e), style="red"))
    summary = []
    for name, path, b in banks:
        topics: dict[str, int] = {}
        types: dict[str, int] = {}
        for q in b["questions"]:
            topics[q["topic"] or "-"] = topics.get(q["topic"] or "-", 0) + 1
            types[q["type"]] = types.get(q["type"], 0) + 1
        summary.append({"name": name, "title": b["title"], "path": str(path), "questions": len(b["questions"]),
                        "topics": topics, "types": types})
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        from rich.table import Table

        table = Table(title=Text(tr("Vragenbanken", "Question banks")))
        for col in (tr("bank", "bank"), tr("titel", "title"), tr("vragen", "questions"), tr("per type", "by type")):
            table.add_column(Text(col, style="table.header"))
        for s in summary:
            table.add_row(Text(s["name"]), Text(s["title"]), Text(str(s["questions"])),
                          Text(", ".join(f"{k} {v}" for k, v in sorted(s["types"].items()))))
        out.print(table)
        out.print(Text(tr("Oefenen: dlquiz practice BANK   ·   vragen zien: dlquiz list BANK",
                          "Practise: dlquiz practice BANK   ·   see questions: dlquiz list BANK"), style="dim"))
    if errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def practice(
    bank: str = typer.Argument(..., help="The bank to practise: hoofdstuk15, h15 or 15."),
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help="Only questions of this topic (id or part of its title)."),
    n: Optional[int] = typer.Option(None, "-n", "--number", min=1, help="Ask at most N questions."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Same seed, same questions in the same order."),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    """Practise a bank: each answer is graded and explained at once, and saved.

    At the prompt: ? hint · /skip · /goed or /fout to overrule the last verdict · q or Ctrl-C to stop.
    Without a terminal (piped input) each answer ends at an empty line.

    Examples:  dlquiz practice hoofdstuk15   ·   dlquiz practice h15 -t wavenet -n 5
    """
    from .session import Session, plan
    from .store import Store

    lib = library(bank_dir)
    b = lib.bank(bank)
    items = plan([b], topic, n, seed)
    if not items:
        raise fail(tr("geen vragen om te stellen", "no questions to ask"))
    store = Store()
    if store.notice:
        err.print(Text(store.notice, style="yellow"))
    session = Session(store, items, "practice", {"seed": seed, "topic": topic, "n": n})
    code = run_session(session)
    raise typer.Exit(code)


def on_hangup() -> None:
    """A closed terminal ends a session like Ctrl-C: what was answered is already saved."""
    import signal

    def hangup(signum, frame):
        raise KeyboardInterrupt

    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, hangup)


def run_session(session, after=None) -> int:
    """Ask every item (then `after(session, reader)`, if given); Ctrl-C, q or end of input stop early.

    Returns the exit code."""
    from . import ui

    on_hangup()
    reader = ui.AnswerInput.detect()
    code = 0
    try:
        ask_all(session, reader)
        if after is not None:
            after(session, reader)
    except KeyboardInterrupt:
        code = 130
    finally:
        session.finish()
    try:
        out.print()
        out.print(ui.summary_table(session))
    except (OSError, KeyboardInterrupt):
        pass
    return code


def ask_all(session, reader) -> None:
    from . import ui

    n = len(session.items)
    last = None
    for k, item in enumerate(session.items, 1):
        q = item.question
        if q.needs_keras(item.variant):
            from . import keras_oracle

            keras_oracle.preload()
        out.print()
        out.print(ui.question_panel(item, k, n, session.score, len(session.graded), session.elapsed))
        if not reader.interactive:
            out.print(Text(ui.commands_help(q.multiline), style="dim"))
        started = time.monotonic()
        while True:
            raw = reader.read(q.multiline)
            if raw is None:
                return
            cmd = raw.strip().lower()
            if cmd in ui.QUIT:
                return
            if cmd in ui.HINT:
                from .questions import substitute

                out.print(Text("💡 " + (substitute(q.hint, item.variant) if q.hint else tr("Geen hint voor deze vraag.", "No hint for this question.")), style="magenta"))
                continue
            if cmd in ui.SKIP:
                session.skip(item)
                out.print(Text(tr("Overgeslagen.", "Skipped."), style="dim"))
                break
            if cmd in ui.RIGHT | ui.WRONG:
                overrule_last(session, last, cmd in ui.RIGHT)
                continue
            if q.needs_keras(item.variant):
                with out.status(tr("Keras rekent…", "Keras is computing…")):
                    last = session.grade(item, raw, time.monotonic() - started)
            else:
                last = session.grade(item, raw, time.monotonic() - started)
            out.print(ui.verdict_panel(last))
            break


def overrule_last(session, last, correct: bool) -> None:
    from . import ui

    if last is None or last.item.question.type not in ("open", "truefalse"):
        out.print(Text(tr("Alleen het oordeel over een open antwoord kan je overrulen.",
                          "Only the verdict on an open answer can be overruled."), style="yellow"))
        return
    session.overrule(last, correct)
    word = ui.verdict_word(last.result.verdict)
    out.print(Text(tr(f"Oordeel over {last.item.question.id} aangepast naar {word} (genoteerd als overruled).",
                      f"Verdict on {last.item.question.id} changed to {word} (recorded as overruled)."), style="yellow"))


@app.command()
@handles_errors
def grade(
    bank: Optional[str] = typer.Argument(None, help="Bank of the question."),
    qid: Optional[str] = typer.Argument(None, metavar="ID", help="Question id, e.g. h15-07-parameters."),
    answer: Optional[str] = typer.Argument(None, help="The answer ('-' reads it from standard input)."),
    answers: Optional[Path] = typer.Option(None, "--answers", help="Grade many: JSON lines or a YAML list of {bank, id, answer}."),
    var: Optional[list[str]] = typer.Option(None, "--var", help="Variant of a question with variables, e.g. --var units=16."),
    as_json: bool = typer.Option(False, "--json", help="One JSON result per line."),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    """Grade answers without a session (for scripts and teachers).

    Examples:
      dlquiz grade hoofdstuk15 h15-07-parameters "(5+32+1)*32 = 1216" --json
      dlquiz grade --answers antwoorden.jsonl --json
    """
    from .grading.batch import grade_entries, read_answers

    lib = library(bank_dir)
    if answers is not None:
        if bank or qid or answer:
            raise fail(tr("geef óf --answers FILE, óf BANK ID ANSWER", "give either --answers FILE or BANK ID ANSWER"), 2)
        entries = read_answers(answers)
    else:
        if not (bank and qid and answer is not None):
            raise fail(tr("gebruik: dlquiz grade BANK ID ANSWER  of  dlquiz grade --answers FILE",
                          "usage: dlquiz grade BANK ID ANSWER  or  dlquiz grade --answers FILE"), 2)
        if answer == "-":
            answer = sys.stdin.read()
        entries = [{"bank": bank, "id": qid, "answer": answer, "variant": parse_vars(var)}]
    failed = False
    for res in grade_entries(lib, entries):
        failed |= "error" in res
        if as_json:
            print(json.dumps(res, ensure_ascii=False), flush=True)
        else:
            print_result(res)
    if failed:
        raise typer.Exit(1)


def parse_vars(var: list[str] | None) -> dict | None:
    if not var:
        return None
    values = {}
    for item in var:
        name, sep, value = item.partition("=")
        if not sep:
            raise DlquizError(tr(f"--var verwacht naam=waarde, niet '{item}'", f"--var expects name=value, not '{item}'"))
        values[name.strip()] = int(value) if value.strip().lstrip("-").isdigit() else value.strip()
    return values


def print_result(res: dict) -> None:
    from .grading.result import Verdict
    from .ui import COLOURS, verdict_word

    head = Text(f"{res.get('bank')}/{res.get('id')}: ")
    if "error" in res:
        err.print(head + Text(res["error"], style="red"))
        return
    v = Verdict(res["verdict"])
    head.append(f"{verdict_word(v)} ({res['score']:.0%})", style=f"bold {COLOURS[v]}")
    out.print(head)
    if res["feedback"]:
        out.print(Text(res["feedback"]))
    out.print(Text(tr("Verwacht: ", "Expected: ") + res["expected"], style="dim"))


@app.command()
@handles_errors
def check(
    paths: Optional[list[Path]] = typer.Argument(None, help="Bank files or folders (default: every bank found)."),
    keras: bool = typer.Option(True, "--keras/--no-keras", help="Build every model with live Keras (slow start)."),
    write_cache: bool = typer.Option(False, "--write-cache", help="Store the live Keras truths of the shipped banks in the package."),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    """Check banks: schema, ids, Keras models, claimed answers, example answers. Exit 1 on any error.

    Every problem is printed as file:line: message.

    Examples:  dlquiz check   ·   dlquiz check mijnbank.yaml
    """
    from .checker import check_banks

    report = check_banks(list(paths or []), list(bank_dir or []), live_keras=keras, write_cache=write_cache)
    for w in report.warnings:
        err.print(Text(tr("waarschuwing: ", "warning: ") + str(w), style="yellow"))
    for e in report.errors:
        err.print(Text(str(e), style="red"))
    out.print(Text(tr(
        f"{report.banks} bank(en), {report.questions} vragen, {report.examples} voorbeeldantwoorden, {report.models} Keras-modellen: "
        f"{len(report.errors)} fout(en), {len(report.warnings)} waarschuwing(en)",
        f"{report.banks} bank(s), {report.questions} questions, {report.examples} example answers, {report.models} Keras models: "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"),
        style="red" if report.errors else "green"))
    if report.errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def history(
    as_json: bool = typer.Option(False, "--json", help="Print the sessions as JSON."),
    limit: int = typer.Option(20, "--limit", min=1, help="How many sessions to show."),
    lang: Optional[str] = LangOpt,
):
    """Past sessions, newest first."""
    from .store import Store

    store = Store()
    if store.notice:
        err.print(Text(store.notice, style="yellow"))
    sessions = store.sessions(limit)
    if as_json:
        for s in sessions:
            s.pop("meta", None)
        print(json.dumps(sessions, ensure_ascii=False, indent=2))
        return
    from rich.table import Table

    table = Table(title=tr("Geschiedenis", "History"))
    for col in ("#", tr("soort", "kind"), "bank", tr("gestart", "started"), tr("antwoorden", "answers"), "score"):
        table.add_column(col)
    for s in sessions:
        score = "—" if s["score"] is None else f"{s['score']:.0%}"
        table.add_row(str(s["id"]), s["kind"], ", ".join(s["banks"]), s["started"][:16].replace("T", " "), str(len(s["answers"])), score)
    out.print(table)


def run() -> None:
    app()


# Commands that live in their own modules register themselves on `app`; they import nothing heavy.
from . import cli_exam, cli_teacher  # noqa: E402,F401

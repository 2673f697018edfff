"""The student's and script's commands: list, practice, grade, check, history."""

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

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
    parse_vars,
    store_warning,
)


@app.command("list", cls=DlquizCommand, help=helptext(
    "Toon de banken, of de vragen van één bank.", "List the banks, or the questions of one bank.",
    ("dlquiz list", "dlquiz list h15 --json")))
@handles_errors
def list_cmd(
    bank: Optional[str] = typer.Argument(None, help=tr("Toon de vragen van deze bank (hoofdstuk15, h15 of 15).",
                                                                "Show this bank's questions (hoofdstuk15, h15 or 15).")),
    as_json: bool = typer.Option(False, "--json", help=tr("JSON in plaats van een tabel.", "Print JSON instead of a table.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
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
            # an id is typed back (dlquiz grade BANK ID): never cut it; the other columns wrap instead
            table.add_column(Text(col, style="table.header"), no_wrap=col == "id", min_width=None)
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


@app.command(cls=DlquizCommand, help=helptext(
    "Oefen een bank: elk antwoord wordt meteen beoordeeld, uitgelegd en bewaard.\n\n"
    "Bij de prompt: ? hint · /skip · /goed of /fout om het vorige oordeel te overrulen · q of Ctrl-C om te "
    "stoppen. Zonder terminal (invoer via een pipe) eindigt elk antwoord bij een lege regel.",
    "Practise a bank: each answer is graded and explained at once, and saved.\n\n"
    "At the prompt: ? hint · /skip · /right or /wrong to overrule the last verdict · q or Ctrl-C to stop. "
    "Without a terminal (piped input) each answer ends at an empty line.",
    ("dlquiz practice hoofdstuk15", "dlquiz practice h15 -t wavenet -n 5")))
@handles_errors
def practice(
    bank: str = typer.Argument(..., help=tr("De bank om te oefenen: hoofdstuk15, h15 of 15.",
                                                     "The bank to practise: hoofdstuk15, h15 or 15.")),
    topic: Optional[str] = typer.Option(None, "--topic", "-t", help=tr("Alleen vragen over dit onderwerp (id of een deel van de titel).",
                                                                             "Only questions of this topic (id or part of its title).")),
    n: Optional[int] = typer.Option(None, "-n", "--number", min=1, metavar="N",
                                   help=tr("Stel hoogstens N vragen.", "Ask at most N questions.")),
    seed: Optional[int] = typer.Option(None, "--seed", help=tr("Zelfde seed, zelfde vragen in dezelfde volgorde.",
                                                               "Same seed, same questions in the same order.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.sessions.practice import Session, plan

    lib = library(bank_dir)
    b = lib.bank(bank)
    items = plan([b], topic, n, seed)
    if not items:
        raise fail(tr("geen vragen om te stellen", "no questions to ask"))
    store = open_store()
    session = Session(store, items, "practice", {"seed": seed, "topic": topic, "n": n})
    from dlquiz.terminal.runner import last_chance, run_session

    code = run_session(session, after=last_chance)
    raise typer.Exit(code)


@app.command(cls=DlquizCommand, help=helptext(
    "Beoordeel antwoorden zonder sessie (voor scripts en docenten).",
    "Grade answers without a session (for scripts and teachers).",
    ('dlquiz grade h15 h15-07-parameters "(5+32+1)*32"', "dlquiz grade h15 h15-07-parameters 1216 --json",
     "dlquiz grade --answers antwoorden.jsonl --json")))
@handles_errors
def grade(
    bank: Optional[str] = typer.Argument(None, help=tr("De bank van de vraag.", "Bank of the question.")),
    qid: Optional[str] = typer.Argument(None, metavar="ID", help=tr("Id van de vraag, bv. h15-07-parameters.",
                                                                                     "Question id, e.g. h15-07-parameters.")),
    answer: Optional[str] = typer.Argument(None, help=tr("Het antwoord ('-' leest het van standaardinvoer).",
                                                                     "The answer ('-' reads it from standard input).")),
    answers: Optional[Path] = typer.Option(None, "--answers", help=tr("Beoordeel er veel: JSON-regels of een YAML-lijst van {bank, id, answer}.",
                                                                                 "Grade many: JSON lines or a YAML list of {bank, id, answer}.")),
    var: Optional[list[str]] = typer.Option(None, "--var", help=tr("Variant van een vraag met variabelen, bv. --var units=16.",
                                                                               "Variant of a question with variables, e.g. --var units=16.")),
    as_json: bool = typer.Option(False, "--json", help=tr("Eén JSON-resultaat per regel.", "One JSON result per line.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.grading.batch import grade_entries, read_answers

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
            print_result(res, answers)
    if failed:
        raise typer.Exit(1)


def print_result(res: dict, source: Optional[Path] = None) -> None:
    from dlquiz.terminal.render import verdict_word

    head = Text(f"{res.get('bank')}/{res.get('id')}: ")
    if "error" in res:
        # file:line: like a bank's problems, so an editor jumps to the line; the bank and id when they were read.
        where = f"{source}:{res['line']}: " if source is not None and res.get("line") else ""
        known = head if res.get("bank") is not None else Text("")
        err.print(Text(where) + known + Text(res["error"], style="red"))
        return
    from dlquiz.grading.result import Result, Verdict

    verdict = Verdict(res["verdict"])
    word, colour = verdict_word(verdict)
    shown = Result(res["score"], verdict, res["expected"]).marks  # as a student reads it; --json has the raw score
    head.append(f"{word} ({shown:.0%})", style=f"bold {colour}")
    out.print(head)
    if res["feedback"]:
        out.print(Text(res["feedback"]))
    out.print(Text(tr("Verwacht: ", "Expected: ") + res["expected"], style="dim"))


@app.command(cls=DlquizCommand, help=helptext(
    "Controleer banken: schema, ids, Keras-modellen, opgegeven antwoorden, voorbeeldantwoorden, gelabelde "
    "antwoorden.\n\nElk probleem als bestand:regel: melding; exit 1 bij een fout. De gelabelde antwoorden van "
    "een bank (responses/BANK.yaml ernaast) worden beoordeeld en de overeenstemming met de corrector getoond.",
    "Check banks: schema, ids, Keras models, claimed answers, example answers, labelled responses.\n\n"
    "Every problem is printed as file:line: message; exit 1 on any error. A bank's labelled responses "
    "(responses/BANK.yaml beside it) are graded and the agreement with the marker is shown.",
    ("dlquiz check", "dlquiz check mijnbank.yaml", "dlquiz check h15.yaml --report")))
@handles_errors
def check(
    paths: Optional[list[Path]] = typer.Argument(None, help=tr("Bankbestanden of mappen (standaard: elke gevonden bank).",
                                                                       "Bank files or folders (default: every bank found).")),
    keras: bool = typer.Option(True, "--keras/--no-keras", help=tr("Bouw elk model met live Keras (trage start).",
                                                                           "Build every model with live Keras (slow start).")),
    write_cache: bool = typer.Option(False, "--write-cache", help=tr("Bewaar de Keras-waarden van de meegeleverde banken in het pakket.",
                                                                           "Store the live Keras truths of the shipped banks in the package.")),
    report_: bool = typer.Option(False, "--report", help=tr("Overeenstemming met de gelabelde antwoorden, per vraag, slechtste eerst.",
                                                                  "Agreement with the labelled responses, per question, worst first.")),
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.bank.check import check_banks

    report = check_banks(list(paths or []), list(bank_dir or []), live_keras=keras, write_cache=write_cache)
    if report.agreement:
        from dlquiz.terminal.render import agreement_view

        out.print(agreement_view(report.agreement, detailed=report_))
    for w in report.warnings:
        err.print(Text(tr("waarschuwing: ", "warning: ") + str(w), style="yellow"))
    for e in report.errors:
        err.print(Text(str(e), style="red"))
    out.print(Text(tr(
        f"{count(report.banks, 'bank', 'banken', '', '')}, {count(report.questions, 'vraag', 'vragen', '', '')}, "
        f"{count(report.examples, 'voorbeeldantwoord', 'voorbeeldantwoorden', '', '')}, "
        f"{count(report.models, 'Keras-model', 'Keras-modellen', '', '')}: "
        f"{count(len(report.errors), 'fout', 'fouten', '', '')}, {count(len(report.warnings), 'waarschuwing', 'waarschuwingen', '', '')}",
        f"{count(report.banks, '', '', 'bank', 'banks')}, {count(report.questions, '', '', 'question', 'questions')}, "
        f"{count(report.examples, '', '', 'example answer', 'example answers')}, "
        f"{count(report.models, '', '', 'Keras model', 'Keras models')}: "
        f"{count(len(report.errors), '', '', 'error', 'errors')}, {count(len(report.warnings), '', '', 'warning', 'warnings')}")
        + (f"; {report.skipped_note()}" if report.skipped_note() else ""),
        style="red" if report.errors else "yellow" if report.skipped_note() else "green"))
    if report.errors:
        raise typer.Exit(1)


@app.command(cls=DlquizCommand, help=helptext("Vorige sessies, nieuwste eerst.", "Past sessions, newest first."))
@handles_errors
def history(
    as_json: bool = typer.Option(False, "--json", help=tr("De sessies als JSON.", "Print the sessions as JSON.")),
    limit: int = typer.Option(20, "--limit", min=1, help=tr("Hoeveel sessies tonen.", "How many sessions to show.")),
    lang: Optional[str] = LangOpt,
):
    store = open_store(read_only_ok=True)
    sessions = store.sessions(limit)
    store_warning(store)
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
        # Text, not str: what the file holds is printed as it is, never read as markup.
        kind = {"practice": tr("oefenen", "practice"), "exam": tr("examen", "exam"), "review": tr("herhalen", "review")}
        table.add_row(Text(str(s["id"])), Text(kind.get(s["kind"], s["kind"])), Text(", ".join(s["banks"])),
                      Text(s["started"][:16].replace("T", " ")), Text(str(len(s["answers"]))), Text(score))
    out.print(table)



"""Commands for teachers: schema, preview, new, responses, export (registered on the main app)."""

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.text import Text

from dlquiz.errors import DlquizError
from dlquiz.i18n import count, tr
from dlquiz.terminal.app import (
    BankDirOpt,
    DlquizCommand,
    LangOpt,
    app,
    err,
    handles_errors,
    helptext,
    library,
    open_store,
    out,
    parse_vars,
    store_warning,
)


@app.command(cls=DlquizCommand, help=helptext(
    "Print het JSON Schema van een bankbestand (voor editors: aanvullen en controleren tijdens het typen).\n\n"
    "De meegeleverde kopie is dlquiz/data/bank.schema.json; een bank wijst ernaar in haar eerste regel:\n\n"
    "\b\n# yaml-language-server: $schema=../dlquiz/data/bank.schema.json",
    "Print the JSON Schema of a bank file (for editors: autocompletion and checks while typing).\n\n"
    "The shipped copy is dlquiz/data/bank.schema.json; a bank points to it in its first line:\n\n"
    "\b\n# yaml-language-server: $schema=../dlquiz/data/bank.schema.json",
    ("dlquiz schema", "dlquiz schema -o bank.schema.json")))
@handles_errors
def schema(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=tr("Schrijf naar dit bestand in plaats van te printen.",
                                                                                    "Write to this file instead of printing."))] = None,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.bank.schema import schema_text

    text = schema_text()
    if output is None:
        print(text, end="")
        return
    output.write_text(text, encoding="utf-8")
    err.print(Text(tr(f"Schema geschreven naar {output}", f"Schema written to {output}"), style="green"))


@app.command(cls=DlquizCommand, help=helptext(
    "Toon een vraag zoals de student haar ziet, met modelantwoord, rubric en hoe de voorbeelden beoordeeld worden.",
    "Show a question as the student sees it, its model answer, its rubric and how its examples are graded.",
    ("dlquiz preview h15 h15-07-parameters", "dlquiz preview mijnbank.yaml mijn-vraag-1")))
@handles_errors
def preview(
    bank: Annotated[str, typer.Argument(help=tr("De bank: een naam (h15) of het pad van een YAML-bestand.",
                                                "The bank: a name (h15) or a path to a YAML file."))],
    qid: Annotated[str, typer.Argument(metavar="ID", help=tr("Id van de vraag.", "Question id."))],
    var: Annotated[Optional[list[str]], typer.Option("--var", help=tr("Variant van een keras-vraag, bv. --var units=16.",
                                                                         "Variant of a keras question, e.g. --var units=16."))] = None,
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from rich.table import Table

    from dlquiz.sessions.practice import Item
    from dlquiz.terminal import render as ui

    b = library(bank_dir).bank(bank)
    q = b.question(qid)
    variant = {**q.default_variant(), **(parse_vars(var) or {})}
    item = Item(b, q, variant)
    out.print(ui.question_panel(item, 1, 1, 0.0, 0, 0))
    if q.hint:
        out.print(Text("💡 " + q.hint, style="magenta"))
    out.print(Text(tr("\nModelantwoord:", "\nModel answer:"), style="bold"))
    out.print(ui.answer_renderable(q, variant))
    if len(q.variants()) > 1:
        table = Table(title=tr("Varianten", "Variants"))
        table.add_column(tr("variant", "variant"))
        table.add_column(tr("antwoord", "answer"))
        for v in q.variants():
            table.add_row(Text(q.variant_label(v)), Text(q.expected(v)))
        out.print(table)
    if q.explanation:
        out.print(Text(tr("\nUitleg:", "\nExplanation:"), style="bold"))
        out.print(ui.Markdown(q.explanation_text(variant)))
    rubric = getattr(q, "rubric", None)
    if rubric is not None:
        out.print(rubric_table(rubric))
    if q.examples:
        out.print(examples_table(q))


def rubric_table(rubric):
    from rich.table import Table

    table = Table(title=tr(f"Rubric (correct vanaf {rubric.correct_at:.0%}, gedeeltelijk vanaf {rubric.partial_at:.0%})",
                           f"Rubric (correct from {rubric.correct_at:.0%}, partial from {rubric.partial_at:.0%})"), show_lines=True)
    for col in (tr("concept", "concept"), tr("gewicht", "weight"), tr("vereist", "required"), tr("formuleringen", "phrases")):
        table.add_column(col)
    for c in rubric.concepts:
        table.add_row(Text(f"{c.label}\n({c.id})"), f"{c.weight:g}", tr("ja", "yes") if c.required else "", Text(" · ".join(c.phrases)))
    for m in rubric.misconceptions:
        label = Text(tr("misvatting: ", "misconception: ") + m.label, style="red")
        if m.feedback:
            label.append("\n" + m.feedback, style="dim")
        table.add_row(label, "", tr(f"max. {m.caps}", f"caps {m.caps}"), Text(" · ".join(m.phrases)))
    return table


def examples_table(q):
    from rich.table import Table

    from dlquiz.terminal.render import COLOURS

    table = Table(title=tr("Voorbeeldantwoorden", "Example answers"), show_lines=True)
    for col in (tr("antwoord", "answer"), tr("oordeel", "verdict"), "score", tr("verwacht", "expected"), ""):
        table.add_column(col)
    for ex in q.examples:
        v = {**q.default_variant(), **(ex.variant or {})}  # as `dlquiz check` grades it, whatever variant is shown
        try:
            got = q.grade(ex.answer, v)
        except DlquizError as exc:
            table.add_row(Text(ex.answer), Text(str(exc), style="red"), "", ex.verdict, Text("✗", style="red"))
            continue
        ok = got.verdict.value == ex.verdict
        shown = Text(ex.answer)
        if ex.variant:
            shown.append("\n(" + ", ".join(f"{k}={x}" for k, x in ex.variant.items()) + ")", style="dim")
        table.add_row(shown, Text(got.verdict.value, style=COLOURS[got.verdict]), f"{got.score:.0%}", ex.verdict,
                      Text("✓" if ok else "✗", style="green" if ok else "red"))
    return table


@app.command(cls=DlquizCommand, help=helptext(
    "Voeg een skelet van een vraagsoort, met uitleg, toe aan een bank (of maak er een nieuw bankbestand mee).\n\n"
    "Het resultaat doorstaat dlquiz check (op waarschuwingen na); vervang dan de voorbeeldteksten door je eigen.",
    "Add a commented skeleton question of a type to a bank (or create a new bank file with it).\n\n"
    "The result passes dlquiz check (apart from warnings); then replace the example texts with your own.",
    ("dlquiz new mijnbank.yaml --type open", "dlquiz new h15 --type keras --id h15-99-extra")))
@handles_errors
def new(
    bank: Annotated[str, typer.Argument(help=tr("Een banknaam (h15) of het pad van een YAML-bestand (aangemaakt als het nieuw is).",
                                                "A bank name (h15) or the path of a YAML file (created when new)."))],
    qtype: Annotated[str, typer.Option("--type", "-t", help=tr(
        "De vraagsoort: numeric, shape, open, choice, truefalse, keras, code (of een eigen soort).",
        "The question type: numeric, shape, open, choice, truefalse, keras, code (or one of your own)."))],
    qid: Annotated[Optional[str], typer.Option("--id", help=tr("Id van de nieuwe vraag (standaard: een nieuwe).",
                                                                             "The new question's id (default: a fresh one)."))] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help=tr("Id van het onderwerp (standaard: het eerste van de bank).",
                                                                                   "Topic id (default: the bank's first topic)."))] = None,
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.bank.new import add_topic, fresh_id, insert_question, new_bank_text, schema_reference, skeleton
    from dlquiz.bank.yamlio import read_yaml
    from dlquiz.types import QUESTION_TYPES

    if qtype not in QUESTION_TYPES:
        names = ", ".join(QUESTION_TYPES)
        raise DlquizError(tr(f"onbekend type '{qtype}'; kies uit {names}", f"unknown type '{qtype}'; choose from {names}"))
    lib = library(bank_dir)
    as_path = Path(bank)
    created = as_path.suffix in (".yaml", ".yml") and not as_path.exists()
    if created:
        path, text, topics = as_path, "", {topic or "algemeen": ""}
    else:
        path = lib.files[lib.resolve(bank)]
        data, text = read_yaml(path)
        topics = dict((data or {}).get("topics") or {}) if isinstance(data, dict) else {}
    taken = _all_ids(lib, path)
    if qid is not None and qid in taken:
        raise DlquizError(tr(f"id '{qid}' bestaat al", f"id '{qid}' already exists"))
    qid = qid or fresh_id(path.stem, qtype, taken)
    given_topic = topic
    if topic is None and topics:
        topic = next(iter(topics))
    added_topic = not created and topics and topic not in topics
    if added_topic:
        text = add_topic(text, topic, path)
    schema_file = None
    if created:
        as_path.parent.mkdir(parents=True, exist_ok=True)
        schema, schema_file = schema_reference(as_path)
        text = new_bank_text(as_path, schema, given_topic)
    new_text = insert_question(text, skeleton(qtype, qid, topic), path)
    _validate(new_text, path)
    path.write_text(new_text, encoding="utf-8")
    if schema_file is not None:
        from dlquiz.bank.schema import write_schema

        write_schema(schema_file)
    out.print(Text(tr(f"Vraag {qid} ({qtype}) toegevoegd aan {path}", f"Question {qid} ({qtype}) added to {path}"), style="green"))
    if added_topic:
        out.print(Text(tr(f"Onderwerp '{topic}' toegevoegd onder topics; geef het daar een titel",
                          f"Topic '{topic}' added under topics; give it a title there"), style="green"))
    if schema_file is not None:
        out.print(Text(tr(f"Schema voor je editor geschreven naar {schema_file}", f"Schema for your editor written to {schema_file}"),
                       style="green"))
    out.print(Text(tr(f"Controleer: dlquiz check {path}  ·  bekijk: dlquiz preview {path} {qid}",
                      f"Check: dlquiz check {path}  ·  look: dlquiz preview {path} {qid}"), style="dim"))


def _all_ids(lib, path: Path) -> set[str]:
    """Ids of the target file and of every bank found, so a new id is unique across banks."""
    import re

    ids: set[str] = set()
    files = {*lib.files.values(), path} if path.exists() else set(lib.files.values())
    for f in files:
        try:
            ids.update(re.findall(r"^\s*-?\s*id:\s*['\"]?([a-z0-9_-]+)", f.read_text(encoding="utf-8"), flags=re.M))
        except OSError:
            pass
    return ids


def _validate(text: str, path: Path) -> None:
    """Load the new text as a bank before writing it, so `new` never leaves a broken file."""
    from dlquiz.bank.validate import bank_from_data
    from dlquiz.bank.yamlio import load_yaml

    try:
        bank_from_data(path, load_yaml(text), text, path.stem)
    except DlquizError as exc:
        raise DlquizError(tr(f"de vraag past niet in {path}: {exc}", f"the question does not fit in {path}: {exc}")) from None


@app.command(cls=DlquizCommand, help=helptext(
    "De antwoorden van studenten uit de geschiedenis, per vraag-id, als YAML om te labelen (een rubriclab).\n\n"
    "Bij elk antwoord staat wat dlquiz gaf (graded, score), of de student het oordeel aanpaste, en wanneer; "
    "verdict blijft leeg voor jou. Voeg de gelabelde bestanden van een klas samen in de gelabelde antwoorden van "
    "de bank (responses/BANK.yaml naast de bank) en draai dan dlquiz check --report.",
    "Students' answers from the history, per question id, as YAML to label (a rubric lab).\n\n"
    "Each answer comes with what dlquiz graded (graded, score), whether the student overruled it, and when; "
    "its verdict is left empty for you to fill in. Merge the labelled files of a class into the bank's labelled "
    "responses (responses/BANK.yaml beside the bank), then run dlquiz check --report.",
    ("dlquiz responses h15 -o jan.yaml", "dlquiz responses --merge jan.yaml an.yaml -o klas.yaml",
     "dlquiz responses h15 --merge oud.yaml klas.yaml -o nieuw.yaml")))
@handles_errors
def responses(
    args: Annotated[Optional[list[str]], typer.Argument(metavar="[BANK] [FILE]...", help=tr(
        "De bank (standaard: elke beantwoorde bank); met --merge de bestanden om samen te voegen (een bank vooraan "
        "houdt alleen haar vragen).",
        "The bank (default: every bank answered); with --merge, the files to merge (a bank first, if given, keeps "
        "only its questions)."))] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=tr(
        "Schrijf naar dit bestand in plaats van te tonen.", "Write to this file instead of printing."))] = None,
    merge: Annotated[bool, typer.Option("--merge", help=tr(
        "Voeg bestanden met antwoorden samen (exacte dubbels vallen weg).",
        "Merge responses files (exact duplicates are dropped)."))] = False,
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.bank.responses import as_plain, from_history, merge_responses, read_responses, responses_text

    args = list(args or [])
    bank = args.pop(0) if args and not (merge and Path(args[0]).is_file()) else None
    files = [Path(a) for a in args]
    lib = library(bank_dir)
    chosen = lib.bank(bank) if bank else None
    if merge:
        paths = files
        if not paths:
            raise DlquizError(tr("--merge wil de bestanden die samengevoegd worden", "--merge needs the files to merge"))
        for path in paths:
            if not path.is_file():
                raise DlquizError(tr(f"{path}: bestand bestaat niet", f"{path}: no such file"))
        parts = [as_plain(read_responses(path)[0]) for path in paths]
        ids = {q.id for q in chosen.questions} if chosen is not None else None
        merged = merge_responses(parts, ids)
        text = responses_text(merged, tr(f"# Samengevoegd door dlquiz responses --merge uit {', '.join(map(str, paths))}\n",
                                         f"# Merged by dlquiz responses --merge from {', '.join(map(str, paths))}\n"))
        n = sum(map(len, merged.values()))
        done = tr(f"{count(n, 'antwoord', 'antwoorden', '', '')} op {count(len(merged), 'vraag', 'vragen', '', '')} samengevoegd",
                  f"{count(n, '', '', 'response', 'responses')} to {count(len(merged), '', '', 'question', 'questions')} merged")
    else:
        if files:
            raise DlquizError(tr("geef één bank; meer bestanden alleen met --merge", "give one bank; several files only with --merge"))
        store = open_store(read_only_ok=True)
        rows = store.answers_of([chosen.name] if chosen is not None else None)
        store_warning(store)
        found = from_history(rows)
        text = responses_text(found)
        done = tr(f"{count(len(rows), 'antwoord', 'antwoorden', '', '')} op {count(len(found), 'vraag', 'vragen', '', '')} geëxporteerd",
                  f"{count(len(rows), '', '', 'answer', 'answers')} to {count(len(found), '', '', 'question', 'questions')} exported")
    if output is None:
        print(text, end="")
        return
    from dlquiz.paths import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise DlquizError(tr(f"kan {output} niet schrijven: {exc.strerror}", f"cannot write {output}: {exc.strerror}")) from None
    err.print(Text(f"{done}: {output}", style="green"))


@app.command(cls=DlquizCommand, help=helptext(
    "Exporteer een bank voor Moodle (GIFT of Moodle XML), Anki (.apkg) of papier (Markdown).\n\n"
    "Keras-vragen gaan mee met hun berekende antwoorden, één vraag per variant. Een Anki-export opnieuw "
    "importeren werkt de kaarten bij in plaats van ze te verdubbelen.",
    "Export a bank for Moodle (GIFT or Moodle XML), Anki (.apkg) or paper (Markdown).\n\n"
    "Keras questions are exported with their computed answers, one question per variant. Re-importing an Anki "
    "export updates the cards instead of duplicating them.",
    ("dlquiz export h15 --format moodle-xml -o h15.xml", "dlquiz export h15 --format anki -o h15.apkg")))
@handles_errors
def export(
    bank: Annotated[str, typer.Argument(help=tr("De bank: een naam (h15) of het pad van een YAML-bestand.",
                                                "The bank: a name (h15) or a path to a YAML file."))],
    fmt: Annotated[str, typer.Option("--format", "-f", help=tr("gift, moodle-xml, anki of markdown.", "gift, moodle-xml, anki or markdown."))],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help=tr("Het bestand om te schrijven (standaard: BANK + extensie).",
                                                                                   "The file to write (default: BANK + suffix)."))] = None,
    bank_dir: Optional[list[Path]] = BankDirOpt,
    lang: Optional[str] = LangOpt,
):
    from dlquiz.export import FORMATS, SUFFIXES
    from dlquiz.export import export as run_export

    if fmt not in FORMATS:
        raise DlquizError(tr(f"onbekend formaat '{fmt}'; kies uit {', '.join(FORMATS)}", f"unknown format '{fmt}'; choose from {', '.join(FORMATS)}"))
    b = library(bank_dir).bank(bank)
    path = output or Path(b.name + SUFFIXES[fmt])
    try:
        n = run_export(b, fmt, path)
    except OSError as exc:
        raise DlquizError(tr(f"kan {path} niet schrijven: {exc.strerror}", f"cannot write {path}: {exc.strerror}")) from None
    out.print(Text(tr(f"{n} vragen van {b.name} geëxporteerd naar {path} ({fmt})",
                      f"{n} questions of {b.name} exported to {path} ({fmt})"), style="green"))
    from dlquiz.export.cards import fallback_types

    for qtype in fallback_types(b) if fmt in ("gift", "moodle-xml") else ():
        err.print(Text(tr(f"waarschuwing: type '{qtype}' heeft geen eigen exportvorm; als open vraag (essay) geëxporteerd, "
                          "te verbeteren door een docent",
                          f"warning: type '{qtype}' has no export form of its own; exported as an essay for a teacher to mark"),
                       style="yellow"))

"""Exports by the rules of their importers: Moodle GIFT and XML, Anki .apkg, Markdown for paper."""

import datetime
import json
import os
import re
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import run_dlquiz

from dlquiz.bank.library import Library
from dlquiz.bank.validate import load_bank
from dlquiz.export import export
from dlquiz.export.cards import MOODLE_FRACTIONS, cards, markdown_html
from dlquiz.export.gift import escape, gift_text

SHIPPED = ["hoofdstuk15", "hoofdstuk1"]

SPECIAL = """\
title: "Speciaal: {tekens} ~ = #"
topics: {t: "Tekens: a/b"}
questions:
  - id: sp-keuze
    type: choice
    topic: t
    prompt: "Wat is `a = {b}` in #Python: ~ dit?"
    options: ["a = 1", "b ~ 2", "{c}", "d: #4"]
    correct: ["a = 1", "{c}"]
  - id: sp-getal
    type: numeric
    topic: t
    prompt: "Hoeveel is 1,5 + 1?"
    answer: 2.5
    tolerance: 0.1
  - id: sp-waar
    type: truefalse
    topic: t
    prompt: "Waar of niet waar?"
    statement: "Een {x} is ~ gelijk aan #y: z."
    correct: true
    answer: "Waar: {x} = #y."
  - id: sp-open
    type: open
    topic: t
    prompt: |
      Leg uit:

      ```python
      def f(x):

          return {x: 1}
      ```
    answer: "Een dict {x: 1}."
    rubric: {concepts: [{id: d, label: "dict", phrases: ["dict"]}]}
"""


def bank_file(tmp_path, name, text):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return load_bank(path)


@pytest.fixture
def special(tmp_path):
    return bank_file(tmp_path, "speciaal", SPECIAL)


def shipped(name):
    return Library().bank(name)


# --- a small GIFT grammar: what Moodle's qformat_gift reads --------------------------------------

_UNESCAPED = r"(?<!\\)"


def unescaped_positions(text, char):
    return [m.start() for m in re.finditer(_UNESCAPED + re.escape(char), text)]


def check_gift(text):
    """Every block is a comment, a $CATEGORY or `::title::text{answers}`; returns the questions as (title, answers)."""
    questions = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln for ln in block.splitlines() if ln.strip() and not ln.lstrip().startswith("//")]
        if not lines:
            continue
        joined = " ".join(ln.strip() for ln in lines)
        if joined.startswith("$CATEGORY:"):
            assert len(lines) == 1 and joined[len("$CATEGORY:"):].strip().startswith("$course$/"), joined
            continue
        m = re.match(r"^::(.*?)(?<!\\)::(.*)$", joined)
        assert m, f"no ::title:: in {joined[:80]!r}"
        title, rest = m.groups()
        assert title and "::" not in title.replace("\\:", ""), title
        opens, closes = unescaped_positions(rest, "{"), unescaped_positions(rest, "}")
        assert len(opens) == 1 and len(closes) == 1 and opens[0] < closes[0], f"unbalanced braces in {title}"
        assert rest[closes[0] + 1:].strip() == "", f"text after the answers of {title}"
        assert rest[:opens[0]].strip(), f"no question text in {title}"
        answers = rest[opens[0] + 1:closes[0]]
        check_answers(title, answers)
        questions.append((title, answers))
    return questions


def check_answers(title, answers):
    feedback = re.search(_UNESCAPED + "####", answers)
    body = (answers[:feedback.start()] if feedback else answers).strip()
    if body == "" or body in ("T", "F", "TRUE", "FALSE"):
        return  # essay, true/false
    if body.startswith("#"):
        assert re.fullmatch(r"#-?\d+(\.\d+)?(:\d+(\.\d+)?|\.\.-?\d+(\.\d+)?)?", body), f"{title}: bad numeric {body!r}"
        return
    parts = re.split(_UNESCAPED + r"([=~])", body)
    assert parts[0].strip() == "", f"{title}: text before the first answer marker: {parts[0]!r}"
    items = list(zip(parts[1::2], parts[2::2], strict=True))
    assert items, f"{title}: no answers"
    total = 0.0
    for marker, item in items:
        pct = re.match(r"%(-?\d+(?:\.\d+)?)%", item)
        if pct:
            assert abs(float(pct[1])) in MOODLE_FRACTIONS, f"{title}: fraction {pct[1]} not allowed by Moodle"
            total += max(0.0, float(pct[1]))
            item = item[pct.end():]
        elif marker == "=":
            total = max(total, 100.0)
        assert item.strip(), f"{title}: empty answer"
    assert total == pytest.approx(100, abs=0.01), f"{title}: right answers add up to {total}"


@pytest.mark.parametrize("name", SHIPPED)
def test_gift_of_shipped_bank_follows_the_grammar(name, tmp_path):
    bank = shipped(name)
    path = tmp_path / "out.gift.txt"
    n = export(bank, "gift", path)
    questions = check_gift(path.read_text(encoding="utf-8"))
    assert len(questions) == n == len(cards(bank))
    titles = [t for t, _ in questions]
    assert len(set(titles)) == len(titles)


def test_gift_escapes_special_characters(special, tmp_path):
    text = gift_text(special)
    check_gift(text)
    assert "$CATEGORY: $course$/Speciaal: {tekens} ~ = #/Tekens: a//b" in text
    assert r"~%50%a \= 1" in text and r"~%50%\{c\}" in text and r"~%-50%d\: \#4" in text
    assert r"{#2.5:0.1" in text
    assert r"Een \{x\} is \~ gelijk aan \#y\: z." in text and "{TRUE####" in text
    # The code block keeps its blank line and indentation, on one GIFT line.
    assert '<pre><code class\\="language-python">def f(x)\\:<br><br>    return \\{x\\: 1\\}</code></pre>' in text


def test_escape():
    assert escape("a~b=c#d{e}f:g\\h") == r"a\~b\=c\#d\{e\}f\:g\\h"


def parse_xml(path):
    root = ET.parse(path).getroot()
    assert root.tag == "quiz"
    return root


@pytest.mark.parametrize("name", SHIPPED)
def test_moodle_xml_of_shipped_bank_has_moodles_structure(name, tmp_path):
    bank = shipped(name)
    path = tmp_path / "out.xml"
    n = export(bank, "moodle-xml", path)
    root = parse_xml(path)
    questions = [q for q in root.findall("question") if q.get("type") != "category"]
    assert len(questions) == n == len(cards(bank))
    assert root.find("question").get("type") == "category"
    for q in root.findall("question[@type='category']"):
        assert q.find("category/text").text.startswith("$course$/")
    for q in questions:
        qtype = q.get("type")
        assert qtype in {"numerical", "shortanswer", "multichoice", "truefalse", "essay"}
        assert q.find("name/text").text
        assert q.find("questiontext").get("format") == "html" and q.find("questiontext/text").text
        answers = q.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        assert all(abs(f) in MOODLE_FRACTIONS for f in fractions)
        if qtype == "essay":
            assert not answers and q.find("graderinfo/text").text
        elif qtype == "numerical":
            assert len(answers) == 1 and fractions == [100] and answers[0].find("tolerance") is not None
            float(answers[0].find("text").text)
        elif qtype == "multichoice":
            single = q.find("single").text
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
            assert (single == "true") == (fractions.count(100) == 1)
        elif qtype == "truefalse":
            assert sorted(a.find("text").text for a in answers) == ["false", "true"] and sorted(fractions) == [0, 100]
        else:
            assert answers and all(f == 100 for f in fractions)


def test_moodle_xml_keras_variants_with_computed_answers(tmp_path):
    path = tmp_path / "h15.xml"
    export(shipped("h15"), "moodle-xml", path)
    root = parse_xml(path)
    by_name = {q.find("name/text").text: q for q in root.findall("question") if q.get("type") != "category"}
    q = by_name["h15-07-parameters"]
    assert q.get("type") == "numerical"
    assert q.find("answer/text").text == "1216" and q.find("answer/tolerance").text == "0"
    assert '<pre><code class="language-python">model = keras.Sequential([' in q.find("questiontext/text").text


def test_moodle_xml_special_characters_and_multiple_right(special, tmp_path):
    path = tmp_path / "sp.xml"
    export(special, "moodle-xml", path)
    root = parse_xml(path)
    mc = root.find("question[@type='multichoice']")
    assert mc.find("single").text == "false"
    got = {a.find("text").text: a.get("fraction") for a in mc.findall("answer")}
    assert got == {"<p>a = 1</p>": "50", "<p>b ~ 2</p>": "-50", "<p>{c}</p>": "50", "<p>d: #4</p>": "-50"}
    num = root.find("question[@type='numerical']")
    assert num.find("answer/text").text == "2.5" and num.find("answer/tolerance").text == "0.1"
    essay = root.find("question[@type='essay']")
    assert '<pre><code class="language-python">def f(x):\n\n    return {x: 1}\n</code></pre>' in essay.find("questiontext/text").text
    assert "Een dict {x: 1}." in essay.find("graderinfo/text").text


def test_shape_question_accepts_several_notations(tmp_path):
    path = tmp_path / "h1.xml"
    export(shipped("h1"), "moodle-xml", path)
    root = parse_xml(path)
    texts = [a.find("text").text for q in root.findall("question[@type='shortanswer']") for a in q.findall("answer")]
    assert any(t.startswith("(None, ") for t in texts) and any(t.startswith("[None, ") for t in texts)


def apkg_notes(path):
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        data = z.read("collection.anki2")
    db = path.parent / (path.name + ".anki2")
    db.write_bytes(data)
    con = sqlite3.connect(db)
    try:
        models, decks = con.execute("select models, decks from col").fetchone()
        from dlquiz.export.anki import MODEL_ID

        assert str(MODEL_ID) in models and "dlquiz::" in decks
        assert "1607392319" not in models  # genanki's README example id, shared by every deck that copied it
        return con.execute("select guid, flds from notes order by guid").fetchall()
    finally:
        con.close()


def test_anki_package_has_one_note_per_card_and_stable_guids(tmp_path):
    bank = shipped("h15")
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    n = export(bank, "anki", first)
    notes = apkg_notes(first)
    keras_variants = sum(len(q.variants()) for q in bank.questions if q.type == "keras")
    others = sum(1 for q in bank.questions if q.type != "keras")
    assert len(notes) == n == keras_variants + others
    assert len({g for g, _ in notes}) == len(notes)
    export(bank, "anki", second)
    assert [g for g, _ in apkg_notes(second)] == [g for g, _ in notes]


def _anki_ids(path) -> tuple:
    with zipfile.ZipFile(path) as z:
        db = path.with_suffix(".anki2")
        db.write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(db)
    try:
        decks = json.loads(con.execute("select decks from col").fetchone()[0])
        models = json.loads(con.execute("select models from col").fetchone()[0])
        notes = con.execute("select guid, id from notes order by guid").fetchall()
        note_cards = con.execute("select n.guid, c.id from cards c join notes n on c.nid = n.id order by n.guid").fetchall()
    finally:
        con.close()
    return sorted(int(d) for d, deck in decks.items() if deck["name"].startswith("dlquiz::")), sorted(models), notes, note_cards


def test_anki_ids_depend_only_on_names(tmp_path):
    """Two exports by two processes (other hash seeds, other data folders, another second) give the same
    deck, note type, note GUIDs and the same ids in the package's sqlite (notes.id, cards.id), so re-importing
    updates a student's cards instead of adding copies."""
    from dlquiz.export.anki import deck_id

    runs = []
    for i, seed in enumerate(("1", "2")):
        out = tmp_path / f"h15-{i}.apkg"
        res = run_dlquiz("export", "h15", "--format", "anki", "-o", str(out),
                         env={"PYTHONHASHSEED": seed, "DLQUIZ_HOME": str(tmp_path / f"home{i}")})
        assert res.returncode == 0, res.stderr
        runs.append(_anki_ids(out))
        time.sleep(1.1)
    assert runs[0] == runs[1]
    _, _, notes, note_cards = runs[0]
    assert len(notes) == len(note_cards) == len(cards(shipped("h15")))
    ids = [i for _, i in notes + note_cards]
    assert len(set(ids)) == len(ids)
    # Anki shows an id as the date it was added (ms since 1970): a date from 2020 on, not 1970
    assert all(datetime.datetime.fromtimestamp(i / 1000, datetime.timezone.utc).year >= 2020 for i in ids)
    assert deck_id(shipped("h15")) == deck_id(shipped("hoofdstuk15")) != deck_id(shipped("h1"))


ANKI_IMPORT = """
import json, sys
from anki.collection import Collection
from anki import import_export_pb2 as pb

col = Collection(sys.argv[1])
seen = []
for package in sys.argv[2:]:
    options = pb.ImportAnkiPackageOptions(  # what Anki's import dialog does by default
        update_notes=pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=pb.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER)
    log = col.import_anki_package(pb.ImportAnkiPackageRequest(package_path=package, options=options)).log
    notes = {}
    for nid in col.find_notes(""):
        note = col.get_note(nid)
        notes[note.guid] = [nid, [c.id for c in note.cards()], note.fields[0]]
    seen.append({"new": len(log.new), "updated": len(log.updated), "notes": notes})
col.close()
print(json.dumps(seen))
"""


@pytest.mark.skipif(not os.environ.get("DLQUIZ_ANKI_PYTHON"),
                    reason="set DLQUIZ_ANKI_PYTHON to a Python with the `anki` package (pip install anki)")
def test_anki_imports_a_new_export_of_a_changed_bank_in_place(tmp_path):
    """Anki itself (the `anki` package) imports two exports of a bank, the second after a prompt changed:
    the notes keep their ids and cards and show the new prompt; none is added twice."""
    banks = tmp_path / "banken"
    banks.mkdir()
    bank = banks / "opmaak.yaml"
    bank.write_text(RICH, encoding="utf-8")
    env = {"DLQUIZ_BANKS": str(banks), "DLQUIZ_HOME": str(tmp_path / "home")}
    packages = []
    for i, text in enumerate((RICH, RICH.replace("Vergelijk de lagen", "Vergelijk deze twee lagen"))):
        bank.write_text(text, encoding="utf-8")
        packages.append(tmp_path / f"opmaak-{i}.apkg")
        res = run_dlquiz("export", "opmaak", "--format", "anki", "-o", str(packages[-1]), env=env)
        assert res.returncode == 0, res.stderr
        time.sleep(1.1)  # a later export, as in real use: Anki updates a note only from a newer one
    res = subprocess.run([os.environ["DLQUIZ_ANKI_PYTHON"], "-c", ANKI_IMPORT, str(tmp_path / "col.anki2"),
                          *map(str, packages)], capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    first, second = json.loads(res.stdout)
    assert (first["new"], second["new"], second["updated"]) == (1, 0, 1)
    [(guid, (nid, cids, front))] = first["notes"].items()
    assert "Vergelijk de lagen" in front
    assert second["notes"][guid][:2] == [nid, cids]
    assert "Vergelijk deze twee lagen" in second["notes"][guid][2]
    # in a fresh collection the notes and cards keep the package's ids
    _, _, package_notes, package_cards = _anki_ids(packages[0])
    assert package_notes == [(guid, nid)] and package_cards == [(guid, c) for c in cids]


def test_markdown_has_questions_then_answer_key(tmp_path):
    bank = shipped("h15")
    path = tmp_path / "h15.md"
    n = export(bank, "markdown", path)
    text = path.read_text(encoding="utf-8")
    questions, key = text.split("## Antwoorden")
    assert n == len(bank.questions) == questions.count("### Vraag ")
    assert "`h15-07-parameters`: 1216" in key
    assert "1216" not in questions.split("h15-07-parameters")[1].split("### Vraag")[0]


RICH = """\
title: Opmaak
questions:
  - id: opmaak
    type: open
    prompt: |
      Vergelijk de lagen (zie [Keras](https://keras.io/api/layers/)):

      | laag | recurrent |
      |---|---|
      | `Dense` | nee |
      | `SimpleRNN` | ja |

      - aantal gewichten
      - vorm van de uitvoer

      ```python
      keras.layers.SimpleRNN(32)
      ```

      En <script>alert(1)</script> blijft tekst.
    answer: "Alleen SimpleRNN is recurrent."
    explanation: "Een `SimpleRNN` heeft een toestand, zie [de gids](https://keras.io/guides/working_with_rnns/)."
    rubric: {concepts: [{id: r, label: "recurrent", phrases: ["recurrent"]}]}
"""

# What the question text must contain as HTML wherever it lands (Moodle and Anki show it as HTML).
RICH_HTML = [
    '<a href="https://keras.io/api/layers/">Keras</a>',
    "<table>", "<th>laag</th>", "<td><code>Dense</code></td>", "<td>ja</td>", "</table>",
    "<ul>", "<li>aantal gewichten</li>", "</ul>",
    '<pre><code class="language-python">keras.layers.SimpleRNN(32)',
    "En &lt;script&gt;alert(1)&lt;/script&gt; blijft tekst.",
]
RICH_EXPLANATION = ['<code>SimpleRNN</code>', '<a href="https://keras.io/guides/working_with_rnns/">de gids</a>']


@pytest.fixture
def rich(tmp_path):
    return bank_file(tmp_path, "opmaak", RICH)


def gift_unescape(text):
    """What Moodle's qformat_gift stores for an escaped GIFT text (escapedchar_pre/post)."""
    return re.sub(r"\\([~=#{}:\\])", r"\1", text)


def assert_rich(html, expected):
    assert "| laag |" not in html and "[Keras](" not in html and "<script>" not in html, html
    for fragment in expected:
        assert fragment in html, f"{fragment!r} not in {html!r}"


def test_markdown_renders_tables_links_lists_and_code_in_gift(rich, tmp_path):
    path = tmp_path / "opmaak.gift.txt"
    export(rich, "gift", path)
    [(title, answers)] = check_gift(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8").split("::[html]", 1)[1]
    assert_rich(gift_unescape(text.split("{####")[0]), RICH_HTML)
    assert_rich(gift_unescape(answers), RICH_EXPLANATION)


def test_markdown_renders_tables_links_lists_and_code_in_moodle_xml(rich, tmp_path):
    path = tmp_path / "opmaak.xml"
    export(rich, "moodle-xml", path)
    [essay] = parse_xml(path).findall("question[@type='essay']")
    assert_rich(essay.find("questiontext/text").text, RICH_HTML)
    assert_rich(essay.find("generalfeedback/text").text, RICH_EXPLANATION)
    assert_rich(essay.find("graderinfo/text").text, RICH_EXPLANATION)


def test_markdown_renders_tables_links_lists_and_code_on_an_anki_card(rich, tmp_path):
    path = tmp_path / "opmaak.apkg"
    export(rich, "anki", path)
    [(_, fields)] = apkg_notes(path)
    front, _, explanation, *_ = fields.split("\x1f")
    assert_rich(front, RICH_HTML)
    assert_rich(explanation, RICH_EXPLANATION)


def test_markdown_html_is_commonmark():
    assert markdown_html("Een **vet** woord, `code <x>` en *nadruk*.") == (
        "<p>Een <strong>vet</strong> woord, <code>code &lt;x&gt;</code> en <em>nadruk</em>.</p>")
    assert markdown_html("> citaat") == "<blockquote>\n<p>citaat</p>\n</blockquote>"
    assert markdown_html("[x](javascript:alert(1))") == "<p>[x](javascript:alert(1))</p>"  # no script links


@pytest.mark.parametrize("fmt,suffix", [("gift", ".txt"), ("moodle-xml", ".xml"), ("anki", ".apkg"), ("markdown", ".md")])
def test_export_command_needs_no_tensorflow(fmt, suffix, tmp_path):
    out = tmp_path / f"h15{suffix}"
    code = ("import sys; from dlquiz.terminal.cli import app\n"
            "try:\n"
            f"    app(['export', 'h15', '--format', '{fmt}', '-o', {str(out)!r}])\n"
            "except SystemExit as e:\n"
            "    assert not e.code, e.code\n"
            "print('TF' if 'tensorflow' in sys.modules else 'noTF')\n")
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "noTF"
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("fmt", ["gift", "moodle-xml"])
def test_exporting_open_questions_as_essays_warns_of_nothing(fmt, tmp_path):
    """An open question is an essay by design; every export of h15 warned that type 'open' had no form."""
    res = run_dlquiz("export", "h15", "--format", fmt, "-o", str(tmp_path / "h15.out"),
                     env={"DLQUIZ_HOME": str(tmp_path / "home")})
    assert res.returncode == 0 and "waarschuwing" not in res.stderr + res.stdout, res.stderr
    assert re.search(r"\b\d+ vragen van hoofdstuk15 geëxporteerd", res.stdout), res.stdout


def test_export_command_reports_unknown_format():
    res = run_dlquiz("export", "h15", "--format", "pdf", "-o", "x.pdf")
    assert res.returncode == 1
    assert res.stderr.strip() == "Fout: onbekend formaat 'pdf'; kies uit gift, moodle-xml, anki, markdown"


def test_choice_options_are_one_per_line_on_an_anki_card():
    """The options ran together in one paragraph on the card front (10 cards in h15)."""
    bank = shipped("h15")
    q = bank.question("h15-08-padding-keuze")
    front = markdown_html(q.prompt_text(q.default_variant()))
    assert front.count("<br>") == len(q.options) - 1
    assert markdown_html("een  \ntwee") == "<p>een<br>\ntwee</p>" and markdown_html("een\ntwee") == "<p>een\ntwee</p>"


def test_the_rubric_is_for_the_marker_not_in_feedback_students_see(tmp_path):
    bank = shipped("h15")
    gift = tmp_path / "h15.gift.txt"
    export(bank, "gift", gift)
    assert "Rubric:" not in gift.read_text(encoding="utf-8")
    xml = tmp_path / "h15.xml"
    export(bank, "moodle-xml", xml)
    root = ET.parse(xml).getroot()
    essays = [q for q in root.iter("question") if q.get("type") == "essay"]
    assert essays and all("Rubric:" in (q.find("graderinfo/text").text or "") for q in essays
                          if q.find("name/text").text.startswith("h15-0"))
    assert not any("Rubric:" in (q.find("generalfeedback/text").text or "") for q in root.iter("question")
                   if q.find("generalfeedback/text") is not None)


@pytest.mark.parametrize("shape", [(None, None, 32), (None, 32), (8, 16, 64, 64, 3), (32,), (5, 32)])
def test_every_shape_notation_moodle_accepts_is_one_dlquiz_grades_right(shape):
    from dlquiz.grading.result import Verdict
    from dlquiz.grading.shapes import grade_shape, notations

    forms = notations(shape)
    assert all(grade_shape(form, shape).verdict is Verdict.CORRECT for form in forms), forms
    if shape == (None, None, 32):
        for common in ("(None, None, 32)", "[None, None, 32]", "None, None, 32", "(batch, tijdstappen, 32)",
                       "(batch, timesteps, 32)"):
            assert common in forms, common

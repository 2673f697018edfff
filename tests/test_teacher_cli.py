"""Teacher commands as a teacher runs them: schema, preview, new, export, and the guide's example bank."""

import json
import shutil
import textwrap

import pytest
import yaml
from conftest import ROOT, run_dlquiz

from dlquiz.types import QUESTION_TYPES

TYPES = tuple(QUESTION_TYPES)

WIDE = {"COLUMNS": "200"}
VOORBEELD = ROOT / "docs" / "examples" / "voorbeeld.yaml"


@pytest.mark.parametrize("cmd", ["schema", "preview", "new", "responses", "export"])
def test_every_teacher_command_has_help_text(cmd):
    res = run_dlquiz(cmd, "--help")
    assert res.returncode == 0
    assert "Gebruik" in res.stdout and "Voorbeelden" in res.stdout


def test_preview_shows_question_answer_rubric_and_graded_examples():
    res = run_dlquiz("preview", str(VOORBEELD), "vb-open-activatie", env=WIDE)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    for part in ("Waarom heeft een neuraal netwerk niet-lineaire activatiefuncties nodig?", "vb-open-activatie · Basis",
                 "Modelantwoord:", "Zonder niet-lineaire activatie is een stapel lagen", "Uitleg:",
                 "Rubric (correct vanaf 75%, gedeeltelijk vanaf 40%)", "lagen vallen samen tot één lineaire functie",
                 "lineaire functie · linear function", "misvatting: sneller trainen", "max. partial", "max. incorrect",
                 "Voorbeeldantwoorden", "Om sneller te trainen.", "partial   │ 67%"):
        assert part in out, part
    assert out.count("✓") == 4 and "✗" not in out


def test_preview_keras_lists_variants_and_fills_in_the_explanation():
    res = run_dlquiz("preview", str(VOORBEELD), "vb-keras-parameters", "--var", "units=8", env=WIDE)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "SimpleRNN(8, return_sequences=True)" in out and "Modelantwoord:\n112\n" in out
    assert "│ units=32 │ 1216     │" in out and "│ units=8  │ 112      │" in out
    assert "(5 + 8 + 1) × 8" in out and "{units}" not in out
    assert "(units=8)" in out and out.count("✓") == 3


def test_preview_shows_a_failing_example_with_a_cross(tmp_path):
    bank = tmp_path / "pv.yaml"
    bank.write_text(textwrap.dedent("""\
        title: x
        questions:
          - id: pv-een
            type: numeric
            prompt: "Hoeveel?"
            answer: 3
            examples:
              - {answer: "drie", verdict: correct}
              - {answer: "4", verdict: correct}
        """), encoding="utf-8")
    res = run_dlquiz("preview", str(bank), "pv-een", env=WIDE)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("✓") == 1 and res.stdout.count("✗") == 1


def test_preview_unknown_id_names_the_nearest():
    res = run_dlquiz("preview", "h15", "h15-07-parameter")
    assert res.returncode == 1 and "h15-07-parameters" in res.stderr


def test_new_creates_a_bank_with_every_type_that_passes_check(tmp_path):
    bank = tmp_path / "nieuw" / "mijnbank.yaml"
    for qtype in TYPES:
        res = run_dlquiz("new", str(bank), "--type", qtype, env=WIDE)
        assert res.returncode == 0, res.stderr
        assert f"Vraag mijnbank-{qtype}-1 ({qtype}) toegevoegd aan {bank}" in res.stdout
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert [q["type"] for q in data["questions"]] == list(TYPES)
    assert data["topics"] == {"algemeen": "Algemeen"}
    first = bank.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=bank.schema.json"
    # the reference works from the teacher's folder: the schema is beside the bank, as `dlquiz schema` prints it
    assert (bank.parent / "bank.schema.json").read_text(encoding="utf-8") == run_dlquiz("schema").stdout
    res = run_dlquiz("check", str(bank), "--no-keras", env=WIDE)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 fouten" in res.stdout


def test_new_bank_with_a_topic_of_its_own_and_a_schema_an_editor_finds(tmp_path):
    import jsonschema

    bank = tmp_path / "eigen" / "NEW.yaml"
    res = run_dlquiz("new", str(bank), "--type", "open", "--topic", "gru", env=WIDE)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[:2] == [f"Vraag new-open-1 (open) toegevoegd aan {bank}",
                                           f"Schema voor je editor geschreven naar {bank.parent / 'bank.schema.json'}"]
    text = bank.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["topics"] == {"gru": "gru"} and data["questions"][0]["topic"] == "gru"
    # as the yaml-language-server does: the $schema path is read relative to the bank's own folder
    ref = text.splitlines()[0].split("$schema=", 1)[1]
    schema = json.loads((bank.parent / ref).read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    # a second bank in the same folder keeps the schema that is there
    (bank.parent / "bank.schema.json").write_text("{}", encoding="utf-8")
    res = run_dlquiz("new", str(bank.parent / "twee.yaml"), "--type", "numeric", env=WIDE)
    assert res.returncode == 0 and "Schema" not in res.stdout
    assert (bank.parent / "bank.schema.json").read_text(encoding="utf-8") == "{}"
    # a topic not yet listed in an existing bank is added under its topics
    res = run_dlquiz("new", str(bank), "--type", "numeric", "--topic", "lstm", "--lang", "en", env=WIDE)
    assert res.returncode == 0, res.stderr
    assert "Topic 'lstm' added under topics; give it a title there" in res.stdout and "tmp" not in res.stderr
    assert yaml.safe_load(bank.read_text(encoding="utf-8"))["topics"] == {"gru": "gru", "lstm": "lstm"}
    res = run_dlquiz("check", str(bank), "--no-keras", env=WIDE)
    assert res.returncode == 0, res.stdout + res.stderr


def test_new_appends_to_an_existing_bank_with_a_fresh_id(tmp_path):
    bank = tmp_path / "mini.yaml"
    shutil.copy(ROOT / "tests" / "banks" / "mini.yaml", bank)
    before = bank.read_text(encoding="utf-8")
    res = run_dlquiz("new", str(bank), "--type", "open", env=WIDE)
    assert res.returncode == 0, res.stderr
    after = bank.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))
    ids = [q["id"] for q in yaml.safe_load(after)["questions"]]
    assert ids[-1] == "mini-open-1" and len(set(ids)) == len(ids)
    assert yaml.safe_load(after)["questions"][-1]["topic"] == "getallen"  # the bank's first topic
    res = run_dlquiz("new", str(bank), "--type", "open", env=WIDE)
    assert "mini-open-2" in res.stdout
    res = run_dlquiz("check", str(bank), "--no-keras", env=WIDE)
    assert res.returncode == 0, res.stderr


def test_new_refuses_a_taken_id_and_an_unknown_type(tmp_path):
    bank = tmp_path / "b.yaml"
    res = run_dlquiz("new", str(bank), "--type", "numeric", "--id", "h15-07-parameters")
    assert res.returncode == 1 and res.stderr.strip() == "Fout: id 'h15-07-parameters' bestaat al"
    res = run_dlquiz("new", str(bank), "--type", "essay", env=WIDE)
    assert res.returncode == 1
    assert res.stderr.strip() == "Fout: onbekend type 'essay'; kies uit numeric, shape, open, choice, truefalse, keras, code"
    assert not bank.exists()


def test_new_keeps_a_question_list_that_is_not_last(tmp_path):
    bank = tmp_path / "b.yaml"
    bank.write_text('title: x\nquestions:\n    - {id: b-een, type: numeric, prompt: "Hoeveel?", answer: 3}\ntopics: {t: T}\n',
                    encoding="utf-8")
    res = run_dlquiz("new", str(bank), "--type", "shape")
    assert res.returncode == 0, res.stderr
    data = yaml.safe_load(bank.read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == ["b-een", "b-shape-1"] and data["topics"] == {"t": "T"}


def test_export_command_writes_each_format(tmp_path):
    from dlquiz.bank.library import Library
    from dlquiz.export.cards import cards

    bank = Library().bank("h15")
    for fmt, name in (("gift", "h15.txt"), ("moodle-xml", "h15.xml"), ("anki", "h15.apkg"), ("markdown", "h15.md")):
        out = tmp_path / name
        res = run_dlquiz("export", "h15", "--format", fmt, "-o", str(out), env=WIDE)
        assert res.returncode == 0, res.stderr
        n = len(bank.questions) if fmt == "markdown" else len(cards(bank))
        assert res.stdout.strip() == f"{n} vragen van hoofdstuk15 geëxporteerd naar {out} ({fmt})"
        assert out.stat().st_size > 1000


def test_schema_command_writes_a_file(tmp_path):
    out = tmp_path / "s.json"
    res = run_dlquiz("schema", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "BankFile"


def test_the_guides_example_bank_passes_check_without_keras():
    res = run_dlquiz("check", str(VOORBEELD), "--no-keras", env=WIDE)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 fouten, 0 waarschuwingen" in res.stdout
    types = {q["type"] for q in yaml.safe_load(VOORBEELD.read_text(encoding="utf-8"))["questions"]}
    assert types == set(TYPES)


@pytest.mark.slow
def test_the_guides_example_bank_passes_check_with_keras():
    res = run_dlquiz("check", str(VOORBEELD), env=WIDE, timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "0 fouten, 0 waarschuwingen" in res.stdout


def test_the_guide_shows_the_example_bank_verbatim():
    guide = (ROOT / "docs" / "teachers.md").read_text(encoding="utf-8")
    example = VOORBEELD.read_text(encoding="utf-8")
    # Every question of the example appears in the guide exactly as in the checked file.
    for block in example.split("\n\n  - id: ")[1:]:
        assert ("  - id: " + block.strip("\n")) in guide, block[:40]

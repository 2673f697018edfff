"""Finding and loading banks: loose names, extra folders, and file:line errors that stop no other bank."""

from pathlib import Path

import pytest

from dlquiz.bank.library import Library, resolve_name, shipped_dir
from dlquiz.bank.validate import load_bank
from dlquiz.errors import BankError, UnknownBank, UnknownQuestion

MINI = Path(__file__).parent / "banks" / "mini.yaml"


@pytest.mark.parametrize("query", ["hoofdstuk15", "h15", "15", "H15", "hoofdstuk15.yaml", "Hoofdstuk15"])
def test_loose_bank_names(query):
    assert resolve_name(query, ["hoofdstuk1", "hoofdstuk15"]) == "hoofdstuk15"


def test_h1_is_not_h15():
    assert resolve_name("h1", ["hoofdstuk1", "hoofdstuk15"]) == "hoofdstuk1"
    assert resolve_name("1", ["hoofdstuk1", "hoofdstuk15"]) == "hoofdstuk1"


def test_unknown_bank_names_the_nearest():
    with pytest.raises(UnknownBank) as exc:
        resolve_name("hoofdstuk16", ["hoofdstuk1", "hoofdstuk15"])
    assert "hoofdstuk15" in str(exc.value)


def test_shipped_banks_are_found():
    names = Library().names()
    assert {"hoofdstuk1", "hoofdstuk15"} <= set(names)
    assert shipped_dir().is_dir()


def test_mini_bank_loads_every_type():
    bank = load_bank(MINI)
    assert bank.title == "Mini bank for tests"
    assert {q.type for q in bank.questions} == {"numeric", "shape", "choice", "keras"}


def test_unknown_question_names_the_nearest():
    bank = load_bank(MINI)
    with pytest.raises(UnknownQuestion) as exc:
        bank.question("mini-getall")
    assert "mini-getal" in str(exc.value)


def test_extra_folders_from_env_and_option(tmp_path, monkeypatch):
    (tmp_path / "eigen.yaml").write_text(MINI.read_text(), encoding="utf-8")
    monkeypatch.setenv("DLQUIZ_BANKS", str(tmp_path))
    assert "eigen" in Library().names()
    monkeypatch.delenv("DLQUIZ_BANKS")
    assert "eigen" not in Library().names()
    assert "eigen" in Library([tmp_path]).names()


def write(tmp_path, text, name="kapot.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_syntax_error_gives_file_and_line(tmp_path):
    path = write(tmp_path, "title: x\nquestions:\n  - id: a\n    prompt: [unclosed\n")
    with pytest.raises(BankError) as exc:
        load_bank(path)
    assert str(exc.value).startswith(f"{path}:")
    assert exc.value.line in (4, 5)


def test_misspelt_key_gets_did_you_mean_and_line(tmp_path):
    text = MINI.read_text().replace("    prompt: \"Hoeveel recurrente", "    promt: \"Hoeveel recurrente")
    path = write(tmp_path, text)
    with pytest.raises(BankError) as exc:
        load_bank(path)
    msg = str(exc.value)
    assert "promt" in msg and "prompt" in msg
    assert exc.value.line == text.splitlines().index('    promt: "Hoeveel recurrente lagen heeft dit model?"') + 1


def test_duplicate_id_in_one_bank(tmp_path):
    text = MINI.read_text().replace("id: mini-vorm", "id: mini-getal")
    path = write(tmp_path, text)
    with pytest.raises(BankError) as exc:
        load_bank(path)
    assert exc.value.message == "id 'mini-getal' bestaat al bij vraag 1 van deze bank"  # one language, as beside it
    assert exc.value.line == text.splitlines().index("  - id: mini-getal", 10) + 1
    from dlquiz.i18n import set_lang

    set_lang("en")
    with pytest.raises(BankError) as exc:
        load_bank(path)
    assert exc.value.message == "id 'mini-getal' already exists at question 1 of this bank"


def test_python_payload_in_model_is_refused_with_line(tmp_path):
    text = MINI.read_text().replace("keras.layers.SimpleRNN({units}, return_sequences=True)])",
                                    "__import__('os').system('touch PWNED')])")
    path = write(tmp_path, text)
    with pytest.raises(BankError) as exc:
        load_bank(path)
    assert exc.value.line is not None
    assert not Path("PWNED").exists() and not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "title: x\n", "\x00\x01", "title: x\nquestions: 3\n", "a: !!python/object:os.system x\n"])
def test_odd_documents_give_a_bank_error(tmp_path, text):
    with pytest.raises(BankError):
        load_bank(write(tmp_path, text))


def test_binary_file_gives_a_bank_error(tmp_path):
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BankError) as exc:
        load_bank(path)
    assert "UTF-8" in str(exc.value)


def test_a_broken_bank_does_not_stop_the_others(tmp_path):
    write(tmp_path, "title: [broken\n", "kapot.yaml")
    (tmp_path / "heel.yaml").write_text(MINI.read_text(), encoding="utf-8")
    banks, errors = Library([tmp_path]).load_all()
    names = {b.name for b in banks}
    assert {"heel", "hoofdstuk1", "hoofdstuk15"} <= names
    assert len(errors) == 1 and "kapot.yaml:" in str(errors[0]) and "begonnen op regel 1" in str(errors[0])


def _teacher_bank(folder: Path, name: str) -> Path:
    """A copy of the mini bank under another name, with ids of its own."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(MINI.read_text().replace("mini-", f"{name}-"), encoding="utf-8")
    return path


def test_the_alias_rule_beats_a_teachers_bank_that_starts_the_same(tmp_path):
    from conftest import run_dlquiz

    _teacher_bank(tmp_path / "eigen", "h15extra")
    env = {"DLQUIZ_BANKS": str(tmp_path / "eigen"), "COLUMNS": "200"}
    res = run_dlquiz("practice", "h15", "-n", "1", "--seed", "1", input="q\n", env=env)
    assert "onbekende bank" not in res.stderr and "Hoofdstuk 15 — Sequenties" in res.stdout, res.stderr
    res = run_dlquiz("list", "15", "--json", env=env)
    assert res.returncode == 0 and '"name": "hoofdstuk15"' in res.stdout
    res = run_dlquiz("list", "h15e", "--json", env=env)
    assert res.returncode == 0 and '"name": "h15extra"' in res.stdout


def test_a_name_that_fits_several_banks_is_ambiguous_not_unknown(tmp_path):
    from conftest import run_dlquiz

    _teacher_bank(tmp_path / "eigen", "toets15a")
    _teacher_bank(tmp_path / "eigen", "toets15b")
    env = {"DLQUIZ_BANKS": str(tmp_path / "eigen")}
    res = run_dlquiz("practice", "t15", input="q\n", env=env)
    assert res.returncode == 1
    assert res.stderr.strip() == "Fout: dubbelzinnig: 't15' past bij toets15a, toets15b; geef de volledige naam"
    res = run_dlquiz("list", "t15", "--lang", "en", env=env)
    assert res.stderr.strip() == "Error: ambiguous: 't15' matches toets15a, toets15b; give the full name"


def test_the_alias_rule_itself_can_be_ambiguous():
    with pytest.raises(UnknownBank) as exc:
        resolve_name("h15", ["hfst15", "hoofdstuk15"])
    assert str(exc.value) == "dubbelzinnig: 'h15' past bij hfst15, hoofdstuk15; geef de volledige naam"
    assert resolve_name("h15", ["h15extra", "hoofdstuk1", "hoofdstuk15"]) == "hoofdstuk15"
    assert resolve_name("15", ["h15extra", "hoofdstuk15"]) == "hoofdstuk15"


LES3 = """\
title: "Les 3"
topics:
  rnn: "RNN"
questions:
  - id: les3-goed
    type: numeric
    topic: rnn
    prompt: "Hoeveel lagen heeft dit netwerk?"
    answer: 3
    hint: "Tel."
    explanation: "Drie lagen."
    examples:
      - {answer: "drie", verdict: correct}
  - id: les3-lambda
    type: keras
    topic: rnn
    prompt: "Hoeveel parameters?"
    model: |
      model = keras.Sequential([
          keras.Input(shape=[None, 5]),
          keras.layers.Lambda(lambda x: x),
          keras.layers.SimpleRNN(32)])
    ask: total_params
  - id: les3-vorm
    type: shape
    topic: rnnn
    prompt: "Welke vorm?"
    answer: [8, 16]
"""


def test_one_broken_question_does_not_hide_the_bank_from_check(tmp_path):
    from conftest import run_dlquiz

    bank = tmp_path / "eigen" / "les3.yaml"
    bank.parent.mkdir()
    bank.write_text(LES3, encoding="utf-8")
    res = run_dlquiz("check", str(bank), "--no-keras", env={"COLUMNS": "300"})
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if not line.startswith("waarschuwing")]
    assert len(errors) == 2, res.stderr
    # at the refused line of the model text (its line 3), not at the question's `- id:`
    assert errors[0].startswith(f"{bank}:21:11: les3-lambda: regel 3: `keras.layers.Lambda` is niet toegestaan")
    assert errors[1] == f"{bank}:26:5: les3-vorm: onderwerp 'rnnn' staat niet onder topics: rnn"
    assert res.stdout.startswith("1 bank, 3 vragen, 1 voorbeeldantwoord")  # the good question's example is graded


def test_practice_serves_the_sound_questions_of_a_bank_and_warns(tmp_path):
    from conftest import run_dlquiz

    bank = tmp_path / "eigen" / "les3.yaml"
    bank.parent.mkdir()
    bank.write_text(LES3, encoding="utf-8")
    env = {"DLQUIZ_BANKS": str(bank.parent), "COLUMNS": "300"}
    res = run_dlquiz("practice", "les3", input="drie\n\n", env=env)
    assert res.returncode == 0, res.stderr
    assert "Hoeveel lagen heeft dit netwerk?" in res.stdout and "JUIST" in res.stdout
    assert res.stderr.strip() == f"waarschuwing: {bank}: 2 vragen met fouten weggelaten; details: dlquiz check {bank}"
    res = run_dlquiz("list", "--lang", "en", env=env)  # and again: a bank with questions left out is not cached
    assert res.returncode == 0
    assert res.stderr.strip() == f"warning: {bank}: 2 questions with errors left out; details: dlquiz check {bank}"
    res = run_dlquiz("list", "les3", "--json", env=env)
    assert [q["id"] for q in __import__("json").loads(res.stdout)["questions"]] == ["les3-goed"]


def test_a_question_whose_model_keras_refuses_is_skipped_in_practice(tmp_path):
    from conftest import run_dlquiz

    bank = tmp_path / "les4.yaml"
    bank.write_text("""\
title: "Les 4"
questions:
  - id: les4-keras
    type: keras
    prompt: "Hoeveel parameters?"
    model: |
      model = keras.Sequential([keras.Input(shape=[5]), keras.layers.SimpleRNN(32)])
    ask: total_params
  - id: les4-goed
    type: numeric
    prompt: "Hoeveel lagen?"
    answer: 3
""", encoding="utf-8")
    res = run_dlquiz("practice", str(bank), "--seed", "2", input="3\n\n3\n\n", env={"COLUMNS": "300"}, timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stderr.startswith("waarschuwing: vraag les4-keras overgeslagen: Keras bouwt dit model niet")
    assert res.stderr.strip().endswith(f"details: dlquiz check {bank}")
    assert "Hoeveel lagen?" in res.stdout and "JUIST" in res.stdout and "overgeslagen" in res.stdout

"""`dlquiz grade --answers FILE`: every line gets its own result or its own error, with the line number
as counted in the file, in input order; one bad line stops no other. The real command, real files."""

import json

from conftest import run_dlquiz
from test_yaml_aliases import bomb_text, run_measured

Q = {"bank": "h15", "id": "h15-07-parameters"}


def grade_file(path, *extra):
    res = run_dlquiz("grade", "--answers", str(path), *extra, timeout=300)
    results = [json.loads(line) for line in res.stdout.splitlines() if line.strip()] if "--json" in extra else None
    return res, results


def test_a_cut_off_line_in_ten_thousand_is_one_error_and_every_other_line_is_graded(tmp_path):
    lines = [json.dumps({**Q, "answer": "1216" if n % 2 else "1088"}) for n in range(10_001)]
    lines[5_000] = '{"bank": "h15", "id": '  # line 5,001, cut off
    path = tmp_path / "antwoorden.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    res, results = grade_file(path, "--json")
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr[-2000:]
    assert len(results) == 10_001
    assert results[5_000] == {"bank": None, "id": None, "line": 5_001, "error": results[5_000]["error"]}
    assert "JSON" in results[5_000]["error"]
    # Input order: the answers alternate wrong, right; so do the verdicts, on both sides of the bad line.
    verdicts = [r.get("verdict") for r in results]
    assert verdicts[:4] == ["incorrect", "correct", "incorrect", "correct"]
    assert verdicts[4_998:5_003] == ["incorrect", "correct", None, "correct", "incorrect"]
    assert sum(v is not None for v in verdicts) == 10_000


def test_the_error_line_names_the_file_and_its_line_as_an_editor_counts_it(tmp_path):
    path = tmp_path / "antwoorden.jsonl"
    path.write_text("\n".join([
        json.dumps({**Q, "answer": "1216"}),
        "",                                                      # a blank line still counts
        json.dumps({**Q, "answer": "ok\u2028nog ok\x85"}, ensure_ascii=False),  # U+2028 and NEL inside a string end no line
        '{"bank": "h15", "id": ',
        json.dumps({**Q, "answer": "1088"}),
    ]) + "\n", encoding="utf-8")
    res, _ = grade_file(path)
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert [ln for ln in res.stderr.splitlines() if ln.startswith(str(path))] == \
        [f"{path}:4: geen geldige JSON (Expecting value, kolom 23)"]
    assert res.stdout.count("hoofdstuk15/h15-07-parameters:") == 3


def test_a_variant_that_is_not_a_mapping_is_an_error_for_that_line_only(tmp_path):
    path = tmp_path / "varianten.jsonl"
    path.write_text("\n".join([
        json.dumps({**Q, "answer": "1216", "variant": "units=16"}),
        json.dumps({"bank": "h15", "id": "h15-07-parameters-varianten", "answer": "352", "variant": [16, 5]}),
        json.dumps({"bank": "h15", "id": "h15-07-parameters-varianten", "answer": "352", "variant": {"units": 16}}),
        json.dumps({**Q, "answer": "1216", "variant": 7}),
    ]) + "\n", encoding="utf-8")
    res, results = grade_file(path, "--json", "--lang", "en")
    assert res.returncode == 1 and "Traceback" not in res.stderr and "TypeError" not in res.stderr, res.stderr
    assert [r.get("line") for r in results] == [1, 2, None, 4]
    assert "variant must be a mapping" in results[0]["error"] and "a string" in results[0]["error"]
    assert "a list" in results[1]["error"]
    assert results[2]["verdict"] == "correct"
    res, _ = grade_file(path)
    assert f"{path}:2: h15/h15-07-parameters-varianten: variant moet een mapping" in res.stderr


def test_a_yaml_list_still_works_and_names_the_line_of_a_bad_entry(tmp_path):
    path = tmp_path / "antwoorden.yaml"
    path.write_text("# antwoorden van groep 2\n"
                    "- {bank: h15, id: h15-07-parameters, answer: '1 216'}\n"
                    "- bank: h15\n"
                    "  answer: '3'\n"
                    "- bank: hoofdstuk15\n"
                    "  id: h15-07-parameters\n"
                    "  answer: '1088'\n", encoding="utf-8")
    res, results = grade_file(path, "--json")
    assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
    assert [r.get("verdict") for r in results] == ["correct", None, "incorrect"]
    assert results[1]["line"] == 3 and "bank, id, answer" in results[1]["error"]


def test_a_file_that_is_neither_json_lines_nor_yaml_is_one_clear_error(tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("- {bank: h15, id: x\n- [\n", encoding="utf-8")
    res, _ = grade_file(path)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert f"{path}:2:" in res.stderr and "JSON lines" in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_grade_with_an_answers_file_that_is_an_alias_bomb_is_refused(tmp_path):
    anchors = [t[10:] for t in bomb_text().splitlines()[12:]]  # the anchors alone, as a mapping at the top
    answers = tmp_path / "antwoorden.yaml"
    answers.write_text("\n".join(anchors) + "\nlast: {bank: h15, id: h15-07-parameters, answer: *a8}\n", encoding="utf-8")
    res = run_measured("grade", "--answers", str(answers), env={})
    assert res["code"] == 1 and "Traceback" not in res["err"], res["err"][-2000:]
    assert f"{answers}:5:" in res["err"] and "aliassen" in res["err"]
    assert res["peak_mb"] < 200, res["peak_mb"]



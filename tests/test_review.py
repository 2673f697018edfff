"""Spaced review (FSRS): what was answered wrongly today comes back, what was answered right does not."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import run_dlquiz

from dlquiz.bank.library import Library
from dlquiz.sessions.review import due_items, is_due, rating_for, sync_cards
from dlquiz.sessions.store import AnswerRecord, Store, now

MINI_DIR = Path(__file__).parent / "banks"


def mini():
    return Library([MINI_DIR]).bank("mini")


def answer(store, qid, verdict, kind="practice", when=None):
    sid = store.start_session(kind, ["mini"])
    score = {"correct": 1.0, "partial": 0.5, "incorrect": 0.0}[verdict]
    return store.record(AnswerRecord(sid, "mini", qid, "x", score, verdict, False, 1.0, {}, when or now()))


def test_rating_follows_the_verdict():
    from fsrs import Rating

    assert [rating_for(v) for v in ("incorrect", "partial", "correct")] == [Rating.Again, Rating.Hard, Rating.Good]


def test_wrong_today_is_due_and_right_today_is_not(dlquiz_home):
    store, bank = Store(), mini()
    answer(store, "mini-getal", "incorrect")
    answer(store, "mini-vorm", "correct", kind="exam")
    assert is_due(store, [bank], "mini", "mini-getal")
    assert not is_due(store, [bank], "mini", "mini-vorm")
    end_of_today = datetime.now(timezone.utc).replace(hour=23, minute=59)
    assert not is_due(store, [bank], "mini", "mini-vorm", now=end_of_today)
    items, n_due, n_new = due_items(store, [bank], new_limit=5)
    assert [i.question.id for i in items[:n_due]] == ["mini-getal"]
    assert {i.question.id for i in items[n_due:]} == {"mini-keuze", "mini-params"} and n_new == 2


def test_wrong_then_right_today_is_not_due_and_right_then_wrong_is(dlquiz_home):
    store, bank = Store(), mini()
    answer(store, "mini-getal", "incorrect")
    answer(store, "mini-getal", "correct")
    answer(store, "mini-vorm", "correct", when=(datetime.now().astimezone() - timedelta(days=3)).isoformat())
    answer(store, "mini-vorm", "incorrect")
    assert not is_due(store, [bank], "mini", "mini-getal")
    assert is_due(store, [bank], "mini", "mini-vorm")


def test_an_overruled_verdict_sets_the_rating(dlquiz_home):
    store, bank = Store(), mini()
    aid = answer(store, "mini-getal", "incorrect")
    store.overrule(aid, 1.0, "correct")
    assert not is_due(store, [bank], "mini", "mini-getal")


def test_right_answer_comes_back_after_days(dlquiz_home):
    store, bank = Store(), mini()
    answer(store, "mini-getal", "correct")
    assert is_due(store, [bank], "mini", "mini-getal", now=datetime.now(timezone.utc) + timedelta(days=30))


def test_new_questions_come_a_few_at_a_time(dlquiz_home):
    bank = Library([]).bank("h15")
    items, n_due, n_new = due_items(Store(), [bank], new_limit=5)
    assert n_due == 0 and n_new == 5 and len(items) == 5


def test_cards_are_persisted_and_only_new_answers_are_folded_in(dlquiz_home):
    store, bank = Store(), mini()
    first = answer(store, "mini-getal", "incorrect")
    sync_cards(store, [bank])
    card_json, last = store.cards()[("mini", "mini-getal")]
    assert last == first and json.loads(card_json)["state"] in (1, 3)
    sync_cards(store, [bank])  # nothing new: the card stays as it was
    assert store.cards()[("mini", "mini-getal")] == (card_json, last)


def test_practice_then_review_asks_the_wrong_one_again(dlquiz_home):
    # Practice: mini-vorm comes first with seed 1; answer it right and mini-getal wrong.
    res = run_dlquiz("practice", "mini", "--bank-dir", str(MINI_DIR), "-t", "getallen", "--seed", "1",
                     input="(8, 16, 64, 64, 3)\n\n999\n\n")
    assert res.returncode == 0, res.stderr
    res = run_dlquiz("review", "mini", "--bank-dir", str(MINI_DIR), "--new", "0", input="3\n\n")
    assert res.returncode == 0, res.stderr
    assert "mini-getal" in res.stdout and "mini-vorm" not in res.stdout
    assert "1 vraag aan de beurt" in res.stdout
    hist = json.loads(run_dlquiz("history", "--json").stdout)
    assert hist[0]["kind"] == "review" and hist[0]["answers"][0]["verdict"] == "correct"
    # Answered right in review: nothing is due any more.
    res = run_dlquiz("review", "mini", "--bank-dir", str(MINI_DIR), "--new", "0")
    assert res.returncode == 0 and "Niets te herhalen" in res.stdout


def test_review_lets_the_student_overrule_the_last_open_answer(dlquiz_home):
    res = run_dlquiz("review", "h15", "--new", "1", input="geen idee\n\n/goed\n\n")
    assert res.returncode == 0, res.stderr
    assert "h15-01-s2s-toepassingen" in res.stdout and "overruled" in res.stdout
    [session] = json.loads(run_dlquiz("history", "--json").stdout)
    assert session["kind"] == "review"
    assert session["answers"][0]["overruled"] and session["answers"][0]["verdict"] == "correct"
    store = Store()
    assert not is_due(store, [Library([]).bank("h15")], "hoofdstuk15", "h15-01-s2s-toepassingen")

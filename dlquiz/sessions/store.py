"""The history store: every graded answer is committed to SQLite (WAL) the moment it is graded."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dlquiz.errors import StoreError
from dlquiz.paths import data_home

SCHEMA_VERSION = 2

# Schema 1: sessions and answers.
_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    banks TEXT NOT NULL,
    started TEXT NOT NULL,
    finished TEXT,
    meta TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    bank TEXT NOT NULL,
    qid TEXT NOT NULL,
    variant TEXT NOT NULL DEFAULT '{}',
    answer TEXT NOT NULL,
    score REAL,
    verdict TEXT,
    overruled INTEGER NOT NULL DEFAULT 0,
    seconds REAL,
    answered_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_question ON answers(bank, qid);
CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id);
"""

# Schema 2: FSRS review cards, one per question, and the last answer folded into each.
_SCHEMA_2 = """
CREATE TABLE IF NOT EXISTS cards (
    bank TEXT NOT NULL,
    qid TEXT NOT NULL,
    card TEXT NOT NULL,
    due TEXT NOT NULL,
    last_answer_id INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (bank, qid)
);
CREATE INDEX IF NOT EXISTS sessions_by_kind ON sessions(kind, finished);
"""

# Step k brings a file from schema k-1 to k; a fresh file runs them all.
MIGRATIONS = {1: _SCHEMA, 2: _SCHEMA_2}


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run `;`-separated statements inside the open transaction (executescript would commit first)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def now() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


@dataclass
class AnswerRecord:
    session_id: int
    bank: str
    qid: str
    answer: str
    score: float | None
    verdict: str | None
    overruled: bool
    seconds: float | None
    variant: dict
    answered_at: str
    id: int | None = None


class _Corrupt(sqlite3.DatabaseError):
    """The file opened, but SQLite's own check found it damaged."""


def _is_corrupt(exc: sqlite3.DatabaseError) -> bool:
    """Only a file SQLite itself calls corrupt or not a database is ever moved aside; "database is locked"
    or "disk is full" are DatabaseErrors too, of a file that is fine."""
    if isinstance(exc, _Corrupt):
        return True
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return "locked" in str(exc).lower()


class Store:
    """The SQLite history file. A corrupt file is moved aside and a fresh one started (see `notice`)."""

    def __init__(self, path: Path | None = None):
        self.path = path or data_home() / "history.db"
        self.notice: str | None = None
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        try:
            return self._connect_waiting()
        except sqlite3.DatabaseError as exc:
            if not _is_corrupt(exc):
                # Locked by another dlquiz, a full disk, a read-only folder: the file is fine; leave it be.
                raise StoreError(f"cannot open history {self.path}: {exc}") from None
            aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
            for suffix in ("", "-wal", "-shm"):
                src = Path(str(self.path) + suffix)
                if src.exists():
                    src.replace(Path(str(aside) + suffix))
            self.notice = f"history file {self.path} was unreadable ({exc}); moved to {aside.name}, starting a new one"
            try:
                return self._connect()
            except sqlite3.DatabaseError as exc2:
                raise StoreError(f"cannot open history {self.path}: {exc2}") from None

    def _connect_waiting(self, seconds: float = 10.0) -> sqlite3.Connection:
        """Connect, waiting while another dlquiz holds the file: switching a new file to WAL and the first
        migration take it for a moment, and SQLite reports that as "locked" without waiting itself."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Corrupt("integrity check failed")
            self._migrate(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"history {self.path} is from a newer dlquiz (schema {version}); upgrade dlquiz")
        if version < SCHEMA_VERSION:
            # One transaction, so two first runs at once cannot leave half a schema; re-read the version inside it.
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                for step in range(version + 1, SCHEMA_VERSION + 1):
                    _run_script(db, MIGRATIONS[step])
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.db.close()

    def start_session(self, kind: str, banks: list[str], meta: dict | None = None) -> int:
        cur = self.db.execute(
            "INSERT INTO sessions(kind, banks, started, meta) VALUES (?, ?, ?, ?)",
            (kind, json.dumps(banks), now(), json.dumps(meta or {})),
        )
        return int(cur.lastrowid)

    def update_meta(self, session_id: int, meta: dict) -> None:
        self.db.execute("UPDATE sessions SET meta = ? WHERE id = ?", (json.dumps(meta), session_id))

    def finish_session(self, session_id: int) -> None:
        self.db.execute("UPDATE sessions SET finished = ? WHERE id = ? AND finished IS NULL", (now(), session_id))

    def record(self, rec: AnswerRecord) -> int:
        """Commit one answer at once (autocommit): a crash after this loses nothing of it."""
        cur = self.db.execute(
            "INSERT INTO answers(session_id, bank, qid, variant, answer, score, verdict, overruled, seconds, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (rec.session_id, rec.bank, rec.qid, json.dumps(rec.variant), rec.answer, rec.score, rec.verdict,
             int(rec.overruled), rec.seconds, rec.answered_at or now()),
        )
        rec.id = int(cur.lastrowid)
        return rec.id

    def overrule(self, answer_id: int, score: float, verdict: str) -> None:
        self.db.execute("UPDATE answers SET score = ?, verdict = ?, overruled = 1 WHERE id = ?", (score, verdict, answer_id))

    def sessions(self, limit: int | None = None) -> list[dict]:
        """Past sessions, newest first, each with its answers."""
        rows = self.db.execute(
            "SELECT id, kind, banks, started, finished, meta FROM sessions ORDER BY id DESC" + (f" LIMIT {int(limit)}" if limit else "")
        ).fetchall()
        out = []
        for sid, kind, banks, started, finished, meta in rows:
            answers = [
                {"bank": b, "id": q, "answer": a, "score": s, "verdict": v, "overruled": bool(o), "seconds": sec}
                for b, q, a, s, v, o, sec in self.db.execute(
                    "SELECT bank, qid, answer, score, verdict, overruled, seconds FROM answers WHERE session_id = ? ORDER BY id",
                    (sid,),
                )
            ]
            scored = [a["score"] for a in answers if a["score"] is not None]
            out.append({
                "id": sid, "kind": kind, "banks": json.loads(banks), "started": started, "finished": finished,
                "score": round(sum(scored) / len(scored), 3) if scored else None, "answers": answers,
                "meta": json.loads(meta or "{}"),
            })
        return out

    def answers_for(self, bank: str, qid: str) -> list[tuple[str, float, str]]:
        return self.db.execute(
            "SELECT answered_at, score, verdict FROM answers WHERE bank = ? AND qid = ? AND score IS NOT NULL ORDER BY id",
            (bank, qid),
        ).fetchall()

    def update_answer(self, answer_id: int, answer: str, score: float | None, verdict: str | None, seconds: float | None) -> None:
        """An answer changed later (in an exam) replaces its record."""
        self.db.execute(
            "UPDATE answers SET answer = ?, score = ?, verdict = ?, overruled = 0, seconds = ?, answered_at = ? WHERE id = ?",
            (answer, score, verdict, seconds, now(), answer_id),
        )

    def session(self, session_id: int) -> dict | None:
        row = self.db.execute("SELECT id, kind, banks, started, finished, meta FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            return None
        sid, kind, banks, started, finished, meta = row
        return {"id": sid, "kind": kind, "banks": json.loads(banks), "started": started, "finished": finished,
                "meta": json.loads(meta or "{}")}

    def session_answers(self, session_id: int) -> list[dict]:
        """The answer records of one session, with their ids (to update them)."""
        return [
            {"record_id": rid, "bank": b, "id": q, "answer": a, "score": s, "verdict": v, "seconds": sec}
            for rid, b, q, a, s, v, sec in self.db.execute(
                "SELECT id, bank, qid, answer, score, verdict, seconds FROM answers WHERE session_id = ? ORDER BY id",
                (session_id,),
            )
        ]

    def latest_unfinished(self, kind: str) -> int | None:
        row = self.db.execute(
            "SELECT id FROM sessions WHERE kind = ? AND finished IS NULL ORDER BY id DESC LIMIT 1", (kind,)
        ).fetchone()
        return int(row[0]) if row else None

    def latest_answers(self) -> list[tuple[str, str, float, str, str]]:
        """(bank, qid, score, verdict, answered_at) of the newest scored answer to each question."""
        return self.db.execute(
            "SELECT bank, qid, score, verdict, answered_at FROM answers WHERE id IN"
            " (SELECT max(id) FROM answers WHERE score IS NOT NULL GROUP BY bank, qid)"
        ).fetchall()

    def answers_since(self, bank: str, qid: str, after_id: int) -> list[tuple[int, str, float, str]]:
        """(id, answered_at, score, verdict) of the scored answers to one question after answer `after_id`."""
        return self.db.execute(
            "SELECT id, answered_at, score, verdict FROM answers WHERE bank = ? AND qid = ? AND id > ? AND score IS NOT NULL ORDER BY id",
            (bank, qid, after_id),
        ).fetchall()

    def cards(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(bank, qid) -> (card JSON, last answer id folded into it)."""
        return {(b, q): (c, a) for b, q, c, a in self.db.execute("SELECT bank, qid, card, last_answer_id FROM cards")}

    def save_card(self, bank: str, qid: str, card_json: str, due: str, last_answer_id: int) -> None:
        self.db.execute(
            "INSERT INTO cards(bank, qid, card, due, last_answer_id) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT(bank, qid) DO UPDATE SET card = excluded.card, due = excluded.due, last_answer_id = excluded.last_answer_id",
            (bank, qid, card_json, due, last_answer_id),
        )

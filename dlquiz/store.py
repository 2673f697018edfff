"""The history store: every graded answer is committed to SQLite (WAL) the moment it is graded."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .errors import StoreError

SCHEMA_VERSION = 1

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


def home() -> Path:
    """The data folder: $DLQUIZ_HOME, or the platform's user data folder."""
    env = os.environ.get("DLQUIZ_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("dlquiz", appauthor=False))


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


class Store:
    """The SQLite history file. A corrupt file is moved aside and a fresh one started (see `notice`)."""

    def __init__(self, path: Path | None = None):
        self.path = path or home() / "history.db"
        self.notice: str | None = None
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create {self.path.parent}: {exc.strerror}") from None
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
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

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=10000")
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
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
            # One transaction, so two first runs at once cannot leave half a schema.
            db.executescript(f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version={SCHEMA_VERSION};COMMIT;")

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

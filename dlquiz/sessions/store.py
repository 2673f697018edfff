"""The history store: every graded answer is committed to SQLite (WAL) the moment it is graded."""

from __future__ import annotations

import errno
import json
import math
import os
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from dlquiz.errors import StoreError
from dlquiz.i18n import tr
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


LOCK_WAIT = 10.0  # seconds to wait for another dlquiz that holds the file; DLQUIZ_LOCK_WAIT overrides

# The tables and columns a dlquiz history has; a file whose tables lack them is not ours (see _check_schema).
COLUMNS = {
    "sessions": {"id", "kind", "banks", "started", "finished", "meta"},
    "answers": {"id", "session_id", "bank", "qid", "variant", "answer", "score", "verdict", "overruled", "seconds",
                "answered_at"},
    "cards": {"bank", "qid", "card", "due", "last_answer_id"},
}
TABLES_BY_VERSION = {1: ("sessions", "answers"), 2: ("sessions", "answers", "cards")}


_FIRST_TRY = 0.5  # seconds: a history held longer than this is worth a line on the screen


def default_lock_wait() -> float:
    raw = os.environ.get("DLQUIZ_LOCK_WAIT", "")
    try:
        seconds = float(raw) if raw.strip() else LOCK_WAIT
    except ValueError:
        return LOCK_WAIT
    return seconds if math.isfinite(seconds) and seconds >= 0 else LOCK_WAIT


class _Corrupt(sqlite3.DatabaseError):
    """The file opened, but SQLite's own check found it damaged."""


class _Foreign(sqlite3.DatabaseError):
    """A good SQLite file, but not a dlquiz history: its tables are someone else's."""


def _is_corrupt(exc: BaseException) -> bool:
    """Only a file SQLite itself calls corrupt or not a database (or one whose tables are not a history) is
    ever moved aside; "database is locked" or "disk is full" are DatabaseErrors too, of a file that is fine."""
    if isinstance(exc, (_Corrupt, _Foreign)):
        return True
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    name = getattr(exc, "sqlite_errorname", None)  # Python 3.11+
    if name:
        return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def _is_busy(exc: BaseException) -> bool:
    if not isinstance(exc, sqlite3.Error):
        return False
    name = getattr(exc, "sqlite_errorname", None)
    if name:
        return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
    return "locked" in str(exc).lower()


def _little_space(folder: Path) -> bool:
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 1 << 20


def _writable(path: Path) -> bool:
    """Can this process write the file and its folder (where SQLite keeps the -wal and -shm files)?"""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _kind(exc: BaseException, path: Path) -> str:
    """What went wrong with the history file: busy, full, readonly, corrupt, foreign or io."""
    if isinstance(exc, _Foreign):
        return "foreign"
    if _is_corrupt(exc):
        return "corrupt"
    if _is_busy(exc):
        return "busy"
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return "full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "readonly"
        return "io"
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_AUTH")) or "readonly" in text:
        return "readonly"
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_IOERR")) or "disk i/o" in text or "unable to open" in text:
        if not _writable(path):
            return "readonly"
        if _little_space(path.parent):
            return "full"
    return "io"


def _detail(exc: BaseException) -> str:
    return exc.strerror or str(exc) if isinstance(exc, OSError) else str(exc)


def _reason(kind: str, exc: BaseException) -> str:
    """The short sentence for what went wrong, in the interface language."""
    if kind == "busy":
        return tr("de geschiedenis is in gebruik door een andere dlquiz", "the history is in use by another dlquiz")
    if kind == "full":
        return tr("de schijf is vol", "the disk is full")
    if kind == "readonly":
        return tr("de geschiedenis staat op een alleen-lezen plek", "the history is in a read-only place")
    if kind == "corrupt":
        return tr(f"de geschiedenis is beschadigd ({_detail(exc)})", f"the history is damaged ({_detail(exc)})")
    if kind == "foreign":
        return tr(f"het bestand is geen dlquiz-geschiedenis ({_detail(exc)})",
                  f"the file is not a dlquiz history ({_detail(exc)})")
    return tr(f"de geschiedenis kan niet gelezen of geschreven worden ({_detail(exc)})",
              f"the history cannot be read or written ({_detail(exc)})")


def _check_schema(db: sqlite3.Connection, version: int) -> None:
    """Refuse a file whose tables are not a dlquiz history, before anything is written to it."""
    tables: dict[str, set[str]] = {}
    for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"):
        tables[name] = {row[1] for row in db.execute('PRAGMA table_info("' + name.replace('"', '""') + '")')}
    for name, columns in COLUMNS.items():
        if name in tables and not columns <= tables[name]:
            lacking = sorted(columns - tables[name])
            missing = ", ".join(lacking[:3]) + (", …" if len(lacking) > 3 else "")
            raise _Foreign(tr(f"tabel {name} mist {missing}", f"table {name} lacks {missing}"))
    required = TABLES_BY_VERSION.get(min(version, SCHEMA_VERSION), ())
    missing_tables = [t for t in required if t not in tables]
    if missing_tables:
        raise _Foreign(tr(f"schema {version} zonder tabel {', '.join(missing_tables)}",
                          f"schema {version} without table {', '.join(missing_tables)}"))
    if version == 0 and tables and not set(tables) & set(COLUMNS):
        raise _Foreign(tr(f"alleen andere tabellen: {', '.join(sorted(tables))}",
                          f"only other tables: {', '.join(sorted(tables))}"))


# --- rows: a damaged row (hand-edited, or written by something else) is skipped, never a crash ----------------


def _is_text(value) -> bool:
    return isinstance(value, str)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _is_stamp(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _json_of(value, kind: type):
    """The JSON `value` decodes to when it is a `kind` (list or dict), else None."""
    if not isinstance(value, str):
        return None
    try:
        decoded = json.loads(value)
    except ValueError:
        return None
    return decoded if isinstance(decoded, kind) else None


def _session_problem(kind, banks, started, finished, meta) -> str | None:
    if not _is_text(kind):
        return tr("soort is geen tekst", "kind is not text")
    decoded = _json_of(banks, list)
    if decoded is None or not all(isinstance(b, str) for b in decoded):
        return tr("banks is geen JSON-lijst van namen", "banks is not a JSON list of names")
    if not _is_stamp(started):
        return tr("begintijd is geen datum", "start time is not a date")
    if finished is not None and not _is_stamp(finished):
        return tr("eindtijd is geen datum", "end time is not a date")
    if meta is not None and _json_of(meta, dict) is None:
        return tr("meta is geen JSON-object", "meta is not a JSON object")
    return None


def _answer_problem(bank, qid, answer, score, verdict, seconds, answered_at) -> str | None:
    if not (_is_text(bank) and _is_text(qid)):
        return tr("bank of vraag is geen tekst", "bank or question is not text")
    if not _is_text(answer):
        return tr("antwoord is geen tekst", "answer is not text")
    if score is not None and not (_is_number(score) and 0 <= score <= 1):
        return tr(f"score {score!r} is geen getal van 0 tot 1", f"score {score!r} is not a number from 0 to 1")
    if verdict is not None and not _is_text(verdict):
        return tr("oordeel is geen tekst", "verdict is not text")
    if seconds is not None and not _is_number(seconds):
        return tr("seconden is geen getal", "seconds is not a number")
    if not _is_stamp(answered_at):
        return tr("tijdstip is geen datum", "time is not a date")
    return None


class Store:
    """The SQLite history file.

    A file SQLite reports as corrupt, or whose tables are not a history, is moved aside and a fresh one
    started (see `notice`). A file another dlquiz holds is waited for (`lock_wait` seconds, default
    DLQUIZ_LOCK_WAIT or 10) and then refused; a full disk or a read-only place is refused with a message,
    or, with `read_only_ok` (commands that only read), the file is opened read-only. Every failure is a
    StoreError with one line to show. A damaged row is skipped and counted (see `warning`).
    """

    def __init__(self, path: Path | None = None, *, read_only_ok: bool = False, lock_wait: float | None = None,
                 on_wait: Callable[[float], None] | None = None):
        self.path = path or data_home() / "history.db"
        self.on_wait = on_wait  # told once, with the seconds it will wait, when the file is held by another
        self.notice: str | None = None
        self.read_only = False
        self.lock_wait = default_lock_wait() if lock_wait is None else max(0.0, lock_wait)
        self._skipped: dict[tuple[str, object], str] = {}
        self.db = self._open(read_only_ok)

    # --- opening ---------------------------------------------------------------------------------------

    def _error(self, exc: BaseException, action: str = "write") -> StoreError:
        """The one line for a failure to open or write ("write") or to read ("read") the file."""
        kind = _kind(exc, self.path)
        reason = _reason(kind, exc)
        if action == "read" or kind == "busy":
            then = tr("er is niets veranderd", "nothing was changed")
            if kind == "busy":
                then = tr("sluit die andere dlquiz af of wacht even en probeer het opnieuw; er is niets veranderd",
                          "close that other dlquiz or wait a moment and try again; nothing was changed")
        else:
            then = tr("er kan niets bewaard worden; het bestand blijft zoals het is",
                      "nothing can be saved; the file is left as it is")
        return StoreError(f"{reason} ({self.path}); {then}", kind, reason, str(self.path))

    def _open(self, read_only_ok: bool) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if read_only_ok and _kind(exc, self.path) != "busy":
                return self._open_read_only(exc)
            raise self._error(exc) from None
        try:
            return self._connect_waiting()
        except (sqlite3.DatabaseError, OSError) as exc:
            if _is_corrupt(exc):
                return self._move_aside(exc)
            if read_only_ok and _kind(exc, self.path) in ("full", "readonly", "io"):
                return self._open_read_only(exc)
            # Locked by another dlquiz, a full disk, a read-only folder: the file is fine; leave it be.
            raise self._error(exc) from None

    def _move_aside(self, exc: BaseException) -> sqlite3.Connection:
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        try:
            for suffix in ("", "-wal", "-shm"):
                src = Path(str(self.path) + suffix)
                if src.exists():
                    src.replace(Path(str(aside) + suffix))
        except OSError as move_exc:
            reason = _reason(_kind(exc, self.path), exc)
            raise StoreError(tr(f"{reason} ({self.path}) en kan niet opzij gezet worden ({_detail(move_exc)}); "
                                "het bestand blijft zoals het is",
                                f"{reason} ({self.path}) and cannot be moved aside ({_detail(move_exc)}); "
                                "the file is left as it is"), _kind(exc, self.path), reason, str(self.path)) from None
        reason = _reason(_kind(exc, self.path), exc)
        self.notice = tr(f"{reason}: {self.path} is bewaard als {aside.name}; er is een nieuwe geschiedenis begonnen",
                         f"{reason}: {self.path} was kept as {aside.name}; a new history was started")
        try:
            return self._connect_waiting()
        except (sqlite3.DatabaseError, OSError) as exc2:
            raise self._error(exc2) from None

    def _open_read_only(self, cause: BaseException) -> sqlite3.Connection:
        """For commands that only read: the history from a read-only place or a full disk, never written."""
        reason = _reason(_kind(cause, self.path), cause)
        self.read_only = True
        self.notice = tr(f"let op: {reason} ({self.path}); de geschiedenis is alleen gelezen, er wordt niets bewaard",
                         f"note: {reason} ({self.path}); the history is only read, nothing is saved")
        if not self.path.exists():
            return self._empty()
        uri = self.path.resolve().as_uri()
        # mode=ro reads a WAL file when its -shm can be used; in a read-only folder without one, only as
        # immutable (which does not see a -wal file's last answers: said in the notice when there is one).
        for query in ("?mode=ro", "?mode=ro&immutable=1"):
            try:
                db = sqlite3.connect(uri + query, uri=True, timeout=self.lock_wait, isolation_level=None,
                                     check_same_thread=False)
            except sqlite3.Error as exc:
                last = exc
                continue
            try:
                db.execute(f"PRAGMA busy_timeout={int(self.lock_wait * 1000)}")
                if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise _Corrupt("integrity check failed")
                version = db.execute("PRAGMA user_version").fetchone()[0]
                _check_schema(db, version)
                has_sessions = db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sessions'").fetchone()
            except sqlite3.DatabaseError as exc:
                db.close()
                last = exc
                if _is_corrupt(exc) or _is_busy(exc):
                    break
                continue
            if "immutable" in query:
                wal = Path(str(self.path) + "-wal")
                if wal.exists() and wal.stat().st_size > 0:
                    self.notice += tr(f"; de laatste antwoorden (in {wal.name}) kunnen ontbreken",
                                      f"; the latest answers (in {wal.name}) may be missing")
            if not has_sessions:
                db.close()
                return self._empty()
            return db
        self.read_only = False
        self.notice = None
        raise self._error(last if _is_corrupt(last) or _is_busy(last) else cause) from None

    def _empty(self) -> sqlite3.Connection:
        """No history yet, and none can be made: an empty one in memory."""
        db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self._migrate(db)
        return db

    def _connect_waiting(self) -> sqlite3.Connection:
        """Connect, waiting while another dlquiz holds the file: switching a new file to WAL and the first
        migration take it for a moment, and SQLite reports that as "locked" without waiting itself."""
        start = time.monotonic()
        deadline = start + self.lock_wait
        told = self.on_wait is None
        while True:
            until = deadline if told else min(deadline, start + _FIRST_TRY)  # a first short try: a long wait is said
            try:
                return self._connect(max(0.0, until - time.monotonic()))
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
                if not told:
                    told = True
                    self.on_wait(max(0.0, deadline - time.monotonic()))
                time.sleep(0.05)

    def _connect(self, timeout: float) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
        try:
            # Read and check before anything is written: a file that is not ours is kept as it was.
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _Corrupt("integrity check failed")
            self._check_version(db)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._migrate(db)
            db.execute(f"PRAGMA busy_timeout={int(self.lock_wait * 1000)}")
        except BaseException:
            db.close()
            raise
        return db

    def _check_version(self, db: sqlite3.Connection) -> int:
        """The file's schema version, once its tables are known to be a history this dlquiz can read."""
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _check_schema(db, version)
        if version > SCHEMA_VERSION:
            raise StoreError(tr(f"de geschiedenis {self.path} komt van een nieuwere dlquiz (schema {version}); "
                                "werk dlquiz bij",
                                f"history {self.path} is from a newer dlquiz (schema {version}); upgrade dlquiz"),
                             "newer", path=str(self.path))
        return version

    def _migrate(self, db: sqlite3.Connection) -> None:
        version = self._check_version(db)
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
                # A full disk makes SQLite give up the transaction itself: a ROLLBACK then would replace the
                # real reason with "cannot rollback - no transaction is active".
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    # --- guarded reads and writes ----------------------------------------------------------------------

    @contextmanager
    def _reading(self):
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc, "read") from None

    @contextmanager
    def _writing(self):
        if self.read_only:
            reason = tr("de geschiedenis is alleen-lezen geopend", "the history was opened read-only")
            raise StoreError(f"{reason} ({self.path}); " + tr("dit is niet bewaard", "this was not saved"),
                             "readonly", reason, str(self.path))
        try:
            yield
        except sqlite3.Error as exc:
            raise self._error(exc) from None

    def _skip(self, table: str, key, problem: str) -> None:
        self._skipped.setdefault((table, key), problem)

    def warning(self) -> str | None:
        """One line about the damaged rows skipped so far, or None."""
        if not self._skipped:
            return None
        n = len(self._skipped)
        (table, key), problem = next(iter(self._skipped.items()))
        label = {"sessions": tr("sessie", "session"), "answers": tr("antwoord", "answer")}.get(table, tr("kaart", "card"))
        more = tr(f" en {n - 1} andere", f" and {n - 1} more") if n > 1 else ""
        return tr(f"waarschuwing: {n} beschadigde regel(s) in de geschiedenis overgeslagen ({label} {key}: {problem}{more}); "
                  "ze blijven in het bestand",
                  f"warning: skipped {n} damaged row(s) in the history ({label} {key}: {problem}{more}); "
                  "they are kept in the file")

    def _session_dict(self, row) -> dict | None:
        sid, kind, banks, started, finished, meta = row
        problem = _session_problem(kind, banks, started, finished, meta)
        if problem:
            self._skip("sessions", sid, problem)
            return None
        return {"id": sid, "kind": kind, "banks": json.loads(banks), "started": started, "finished": finished,
                "meta": json.loads(meta or "{}")}

    def _answer_ok(self, rid, bank, qid, answer, score, verdict, seconds, answered_at) -> bool:
        problem = _answer_problem(bank, qid, answer, score, verdict, seconds, answered_at)
        if problem:
            self._skip("answers", rid, problem)
        return problem is None

    def close(self) -> None:
        self.db.close()

    # --- writing ---------------------------------------------------------------------------------------

    def start_session(self, kind: str, banks: list[str], meta: dict | None = None) -> int:
        with self._writing():
            cur = self.db.execute(
                "INSERT INTO sessions(kind, banks, started, meta) VALUES (?, ?, ?, ?)",
                (kind, json.dumps(banks), now(), json.dumps(meta or {})),
            )
        return int(cur.lastrowid)

    def update_meta(self, session_id: int, meta: dict) -> None:
        with self._writing():
            self.db.execute("UPDATE sessions SET meta = ? WHERE id = ?", (json.dumps(meta), session_id))

    def drop_empty_session(self, session_id: int) -> None:
        """Remove a session that holds no answer (one left before answering anything)."""
        with self._writing():
            self.db.execute("DELETE FROM sessions WHERE id = ? AND NOT EXISTS (SELECT 1 FROM answers WHERE session_id = ?)",
                            (session_id, session_id))

    def finish_session(self, session_id: int) -> None:
        with self._writing():
            self.db.execute("UPDATE sessions SET finished = ? WHERE id = ? AND finished IS NULL", (now(), session_id))

    def record(self, rec: AnswerRecord) -> int:
        """Commit one answer at once (autocommit): a crash after this loses nothing of it."""
        with self._writing():
            cur = self.db.execute(
                "INSERT INTO answers(session_id, bank, qid, variant, answer, score, verdict, overruled, seconds, answered_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rec.session_id, rec.bank, rec.qid, json.dumps(rec.variant), rec.answer, rec.score, rec.verdict,
                 int(rec.overruled), rec.seconds, rec.answered_at or now()),
            )
        rec.id = int(cur.lastrowid)
        return rec.id

    def overrule(self, answer_id: int, score: float, verdict: str) -> None:
        with self._writing():
            self.db.execute("UPDATE answers SET score = ?, verdict = ?, overruled = 1 WHERE id = ?", (score, verdict, answer_id))

    def update_answer(self, answer_id: int, answer: str, score: float | None, verdict: str | None, seconds: float | None) -> None:
        """An answer changed later (in an exam) replaces its record."""
        with self._writing():
            self.db.execute(
                "UPDATE answers SET answer = ?, score = ?, verdict = ?, overruled = 0, seconds = ?, answered_at = ? WHERE id = ?",
                (answer, score, verdict, seconds, now(), answer_id),
            )

    def save_card(self, bank: str, qid: str, card_json: str, due: str, last_answer_id: int) -> None:
        with self._writing():
            self.db.execute(
                "INSERT INTO cards(bank, qid, card, due, last_answer_id) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(bank, qid) DO UPDATE SET card = excluded.card, due = excluded.due, last_answer_id = excluded.last_answer_id",
                (bank, qid, card_json, due, last_answer_id),
            )

    # --- reading: every row is checked; a damaged one is skipped and counted (see `warning`) ------------

    def sessions(self, limit: int | None = None) -> list[dict]:
        """Past sessions, newest first, each with its answers."""
        with self._reading():
            rows = self.db.execute(
                "SELECT id, kind, banks, started, finished, meta FROM sessions ORDER BY id DESC"
                + (f" LIMIT {int(limit)}" if limit else "")
            ).fetchall()
            out = []
            for row in rows:
                session = self._session_dict(row)
                if session is None:
                    continue
                answers = [
                    {"bank": b, "id": q, "answer": a, "score": s, "verdict": v, "overruled": bool(o), "seconds": sec}
                    for rid, b, q, a, s, v, o, sec, at in self.db.execute(
                        "SELECT id, bank, qid, answer, score, verdict, overruled, seconds, answered_at FROM answers"
                        " WHERE session_id = ? ORDER BY id",
                        (session["id"],),
                    )
                    if self._answer_ok(rid, b, q, a, s, v, sec, at)
                ]
                scored = [a["score"] for a in answers if a["score"] is not None]
                out.append({
                    "id": session["id"], "kind": session["kind"], "banks": session["banks"], "started": session["started"],
                    "finished": session["finished"], "score": round(sum(scored) / len(scored), 3) if scored else None,
                    "answers": answers, "meta": session["meta"],
                })
        return out

    def answers_for(self, bank: str, qid: str) -> list[tuple[str, float, str]]:
        with self._reading():
            rows = self.db.execute(
                "SELECT id, answer, answered_at, score, verdict, seconds FROM answers"
                " WHERE bank = ? AND qid = ? AND score IS NOT NULL ORDER BY id",
                (bank, qid),
            ).fetchall()
        return [(at, s, v) for rid, a, at, s, v, sec in rows if self._answer_ok(rid, bank, qid, a, s, v, sec, at)]

    def answers_of(self, banks: list[str] | None = None) -> list[dict]:
        """Every recorded answer (of these banks, or of all), oldest first: for a teacher's rubric lab."""
        query = "SELECT id, bank, qid, variant, answer, score, verdict, overruled, seconds, answered_at FROM answers"
        if banks is not None:
            query += f" WHERE bank IN ({', '.join('?' * len(banks))})"
        with self._reading():
            rows = self.db.execute(query + " ORDER BY id", tuple(banks or ())).fetchall()
        out = []
        for rid, b, q, variant, a, s, v, o, sec, at in rows:
            if not self._answer_ok(rid, b, q, a, s, v, sec, at):
                continue
            try:
                found = json.loads(variant or "{}")
            except ValueError:
                found = {}
            out.append({"bank": b, "id": q, "answer": a, "score": s, "verdict": v, "overruled": bool(o),
                        "variant": found if isinstance(found, dict) else {}, "answered_at": at})
        return out

    def session(self, session_id: int) -> dict | None:
        with self._reading():
            row = self.db.execute("SELECT id, kind, banks, started, finished, meta FROM sessions WHERE id = ?",
                                  (session_id,)).fetchone()
        return None if row is None else self._session_dict(row)

    def session_answers(self, session_id: int) -> list[dict]:
        """The answer records of one session, with their ids (to update them)."""
        with self._reading():
            rows = self.db.execute(
                "SELECT id, bank, qid, answer, score, verdict, seconds, answered_at FROM answers WHERE session_id = ? ORDER BY id",
                (session_id,),
            ).fetchall()
        return [
            {"record_id": rid, "bank": b, "id": q, "answer": a, "score": s, "verdict": v, "seconds": sec}
            for rid, b, q, a, s, v, sec, at in rows
            if self._answer_ok(rid, b, q, a, s, v, sec, at)
        ]

    def latest_unfinished(self, kind: str) -> int | None:
        with self._reading():
            row = self.db.execute(
                "SELECT id FROM sessions WHERE kind = ? AND finished IS NULL ORDER BY id DESC LIMIT 1", (kind,)
            ).fetchone()
        return int(row[0]) if row else None

    def latest_answers(self) -> list[tuple[str, str, float, str, str]]:
        """(bank, qid, score, verdict, answered_at) of the newest scored answer to each question (a damaged
        newest one is skipped, so the one before it counts)."""
        with self._reading():
            rows = self.db.execute(
                "SELECT id, bank, qid, answer, score, verdict, seconds, answered_at FROM answers"
                " WHERE score IS NOT NULL ORDER BY id"
            ).fetchall()
        latest: dict[tuple[str, str], tuple[str, str, float, str, str]] = {}
        for rid, b, q, a, s, v, sec, at in rows:
            if self._answer_ok(rid, b, q, a, s, v, sec, at):
                latest[(b, q)] = (b, q, s, v, at)
        return list(latest.values())

    def answers_since(self, bank: str, qid: str, after_id: int) -> list[tuple[int, str, float, str]]:
        """(id, answered_at, score, verdict) of the scored answers to one question after answer `after_id`."""
        with self._reading():
            rows = self.db.execute(
                "SELECT id, answer, answered_at, score, verdict, seconds FROM answers"
                " WHERE bank = ? AND qid = ? AND id > ? AND score IS NOT NULL ORDER BY id",
                (bank, qid, after_id),
            ).fetchall()
        return [(rid, at, s, v) for rid, a, at, s, v, sec in rows if self._answer_ok(rid, bank, qid, a, s, v, sec, at)]

    def cards(self) -> dict[tuple[str, str], tuple[str, int]]:
        """(bank, qid) -> (card JSON, last answer id folded into it); a damaged card is left out (and rebuilt)."""
        with self._reading():
            rows = self.db.execute("SELECT bank, qid, card, last_answer_id FROM cards").fetchall()
        out = {}
        for b, q, c, a in rows:
            if _json_of(c, dict) is None or not isinstance(a, int):
                self._skip("cards", f"{b}/{q}", tr("kaart is geen JSON-object", "card is not a JSON object"))
                continue
            out[(b, q)] = (c, a)
        return out

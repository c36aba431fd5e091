"""The high-score store: SQLite through the standard library.

Every run is kept with its replay, so any entry can be watched or verified
again. Several processes may write at once and lose nothing: WAL journal, a
busy timeout, one `BEGIN IMMEDIATE` transaction per write.

A database that is damaged, or that a newer version of the game wrote, is
never deleted or silently replaced: it is moved aside under a dated name in
the same folder, `ScoreStore.notice` says so in one line, and a fresh table is
started. A file that merely can't be opened right now (locked, unreadable, a
folder) is left exactly where it is and reported as `StoreUnavailable`.
"""

from __future__ import annotations

import csv
import datetime
import errno
import functools
import hashlib
import json
import math
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from game.files import keep_aside, move_without_overwriting
from game.fmt import format_clock
from game.paths import player_home
from game.sim.rules import RULES_VERSION
from game.terminal import strip_escapes

MAX_NAME = 24
MODES = ("level", "endless", "daily")
MEDAL_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}

# Long enough that a burst of writers (a coach entering a class's replays from
# a script) queues up instead of failing; short enough that a stuck lock is
# reported while the player is still looking.
BUSY_TIMEOUT_S = 10.0

CSV_COLUMNS = (
    "level",
    "mode",
    "player",
    "score",
    "time_s",
    "finished",
    "steps",
    "planned",
    "late",
    "reactive",
    "blind",
    "stumbles",
    "falls",
    "medal",
    "created",
)


class ScoreError(Exception):
    """A problem with a score or the store, in one line."""


class StoreUnavailable(ScoreError, OSError):
    """The score file can't be used right now (locked, unreadable, not a file).

    It is an OSError too, so callers that already report file problems by
    `strerror` show this one the same way. The file itself is left untouched.
    """

    def __init__(self, message: str):
        super().__init__(errno.EIO, message)

    def __str__(self) -> str:
        return self.strerror


# --- the schema and its history -------------------------------------------------------------
#
# Each migration takes the database from version i to i + 1 (PRAGMA user_version).
# Never edit a migration that has shipped; append a new one.


def _backfill_medals(db: sqlite3.Connection) -> None:
    """Version 1 kept the medal only inside result_json; the campaign reads the column."""
    rows = db.execute("SELECT id, result_json FROM runs").fetchall()
    for run_id, text in rows:
        try:
            medal = json.loads(text).get("medal", "none")
        except (ValueError, AttributeError):
            continue
        if isinstance(medal, str):
            db.execute("UPDATE runs SET medal = ? WHERE id = ?", (medal, run_id))


def _provenance(replay_text: str, result_json: str) -> tuple[str, int, int, float, int]:
    """(level_hash, custom, rules_version, speed, bot) of a stored run, read back
    from its replay: a shipped level is named by id, a custom one by its path."""
    try:
        replay, result = json.loads(replay_text), json.loads(result_json)
    except (ValueError, RecursionError):
        return "", 0, 0, 1.0, 0
    if not isinstance(replay, dict) or not isinstance(result, dict):
        return "", 0, 0, 1.0, 0
    level, level_hash = replay.get("level"), replay.get("level_hash")
    rules, speed = replay.get("rules_version"), result.get("speed", 1.0)
    # Only a level file outside the game is named by its path; an unreadable name
    # keeps the benefit of the doubt it had in version 2.
    custom = isinstance(level, str) and ("/" in level or "\\" in level or level.endswith(".toml"))
    return (
        level_hash if isinstance(level_hash, str) else "",
        int(custom),
        rules if isinstance(rules, int) and not isinstance(rules, bool) else 0,
        float(speed) if isinstance(speed, float) and 0 < speed < math.inf else 1.0,
        int("bot" in result or "bot" in replay),
    )


def _backfill_provenance(db: sqlite3.Connection) -> None:
    """Version 2 keyed runs by the level's name alone; version 3 by what was run."""
    rows = db.execute("SELECT id, replay, result_json FROM runs").fetchall()
    for run_id, replay_text, result_json in rows:
        db.execute(
            "UPDATE runs SET level_hash = ?, custom = ?, rules_version = ?, speed = ?, bot = ?"
            " WHERE id = ?",
            (*_provenance(replay_text, result_json), run_id),
        )


Step = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: tuple[tuple[Step, ...], ...] = (
    (
        """CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            level TEXT NOT NULL,
            player TEXT NOT NULL,
            score REAL NOT NULL,
            time_s REAL NOT NULL,
            finished INTEGER NOT NULL,
            created TEXT NOT NULL,
            result_json TEXT NOT NULL,
            replay TEXT NOT NULL,
            replay_sha256 TEXT NOT NULL UNIQUE
        )""",
    ),
    (
        "ALTER TABLE runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'level'",
        "ALTER TABLE runs ADD COLUMN medal TEXT NOT NULL DEFAULT 'none'",
        _backfill_medals,
        "CREATE INDEX runs_by_level ON runs (level, mode, score DESC)",
        "CREATE INDEX runs_by_player ON runs (player, level)",
    ),
    (
        "ALTER TABLE runs ADD COLUMN level_hash TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE runs ADD COLUMN custom INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE runs ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE runs ADD COLUMN speed REAL NOT NULL DEFAULT 1.0",
        "ALTER TABLE runs ADD COLUMN bot INTEGER NOT NULL DEFAULT 0",
        _backfill_provenance,
        "CREATE INDEX runs_by_hash ON runs (level_hash, mode, score DESC)",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True, slots=True)
class Entry:
    """One run in the table: its columns, and the full result it recorded."""

    id: int
    level: str
    mode: str
    player: str
    score: float
    time_s: float
    finished: bool
    medal: str
    created: str
    replay_sha256: str
    level_hash: str
    custom: bool  # a level that is not one of the shipped ones
    rules_version: int
    speed: float  # the training speed; below 1 the run is practice
    bot: bool  # entered before bots were kept out of the table
    result: dict

    @property
    def practice(self) -> bool:
        return self.speed < 1.0

    @property
    def current_rules(self) -> bool:
        return self.rules_version == RULES_VERSION


# --- player names ---------------------------------------------------------------------------

# Direction overrides and isolates can make a name display as something else in
# the table; the plain marks (LRM, RLM, ALM) that RTL names need stay, and so do
# joiners and variation selectors, which emoji and many scripts are made of.
_BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Letters and symbols that draw as nothing: a name made of them alone looks empty.
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs", "Mn", "Me"})
_ZWJ = "\u200d"


def _kept(ch: str) -> str:
    """Whitespace of any kind becomes a space; control characters and lone surrogates go.

    Lone surrogates can't be written as UTF-8, so SQLite could not store them.
    """
    if ch.isspace():
        return " "
    if unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS:
        return ""
    return ch


def _visible(ch: str) -> bool:
    return unicodedata.category(ch) not in _INVISIBLE_CATEGORIES and ch not in _BLANK_LOOKING


def clean_player_name(name: str) -> str:
    """The name as the table keeps it: trimmed, one space between words, no control
    characters, NFC (so "Zoë" typed two ways is one player), at most 24 code points.

    Raises ScoreError when nothing visible is left.
    """
    if not isinstance(name, str):
        raise ScoreError("player name must be text")
    # Whole escape sequences go, so no `[31m` is left behind when the ESC is dropped.
    text = unicodedata.normalize("NFC", "".join(map(_kept, strip_escapes(name))))
    cleaned = " ".join(text.split())[:MAX_NAME]
    # A cut can leave a dangling joiner or space where an emoji sequence was split.
    cleaned = cleaned.rstrip(" " + _ZWJ)
    if not any(map(_visible, cleaned)):
        raise ScoreError("player name is empty")
    return cleaned


# --- turning a run into a row ---------------------------------------------------------------


def _canonical_json(value, *, sort_keys: bool) -> str:
    return json.dumps(
        value, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )


def replay_sha256(replay_text: str) -> str:
    """The replay's identity: the sha256 of its compact JSON (UTF-8).

    For a file the game wrote this is the sha256 of the file's text (the game
    writes compact JSON already); re-indenting a replay does not make it a new one.
    """
    try:
        document = json.loads(replay_text)
        compact = _canonical_json(document, sort_keys=False)
        return hashlib.sha256(compact.encode("utf-8")).hexdigest()
    except (TypeError, ValueError) as exc:  # UnicodeEncodeError is a ValueError
        raise ScoreError(f"the replay is not a JSON document: {exc}") from None


def _number(result: dict, key: str) -> float:
    value = result.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float) or not -1e300 < value < 1e300:
        raise ScoreError(f"result: {key} must be a finite number, not {value!r}")
    return float(value)


def _created_now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def _checked_created(created: str | None) -> str:
    if created is None:
        return _created_now()
    try:
        datetime.datetime.fromisoformat(created)
    except (TypeError, ValueError):
        raise ScoreError(f"created must be an ISO date and time, not {created!r}") from None
    return created


def _checked_result(result: dict) -> tuple[str, float, float, int, str, str]:
    """The columns a result fills: level, score, time_s, finished, medal, result_json."""
    if not isinstance(result, dict):
        raise ScoreError("result must be a JSON object")
    level = result.get("level")
    if not isinstance(level, str) or not level:
        raise ScoreError("result: level must be a level id")
    score, time_s = _number(result, "score"), _number(result, "time_s")
    medal = result.get("medal", "none")
    try:
        result_json = _canonical_json(result, sort_keys=True)
        result_json.encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise ScoreError(f"result can't be stored as JSON: {exc}") from None
    finished = int(bool(result.get("finished")))
    return level, score, time_s, finished, medal if isinstance(medal, str) else "none", result_json


@dataclass(frozen=True, slots=True)
class Provenance:
    """What a run was run on, as verification found it."""

    level: str | None = None  # the table's level id (None: the result's)
    level_hash: str = ""
    custom: bool = False
    rules_version: int = RULES_VERSION


def _run_row(
    result: dict, replay_text: str, player: str, mode: str, created: str | None, where: Provenance
) -> tuple:
    """Check a run and lay it out in the column order of `_INSERT`."""
    if mode not in MODES:
        raise ScoreError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not isinstance(replay_text, str):
        raise ScoreError("the replay must be text")
    level, score, time_s, finished, medal, result_json = _checked_result(result)
    speed = result.get("speed", 1.0)
    if isinstance(speed, bool) or not isinstance(speed, int | float) or not 0 < speed < math.inf:
        raise ScoreError(f"result: speed must be a positive number, not {speed!r}")
    return (
        where.level or level,
        where.level_hash,
        int(where.custom),
        where.rules_version,
        float(speed),
        int("bot" in result),
        mode,
        clean_player_name(player),
        score,
        time_s,
        finished,
        medal,
        _checked_created(created),
        result_json,
        replay_text,
        replay_sha256(replay_text),
    )


_INSERT = (
    "INSERT INTO runs (level, level_hash, custom, rules_version, speed, bot, mode, player,"
    " score, time_s, finished, medal, created, result_json, replay, replay_sha256)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SELECT = (
    "SELECT id, level, mode, player, score, time_s, finished, medal, created, replay_sha256,"
    " level_hash, custom, rules_version, speed, bot, result_json FROM runs"
)
_ORDER = " ORDER BY score DESC, time_s ASC, id ASC"
# Runs that count for a player: on a shipped level, at 1x, by a person.
_COUNTS = "custom = 0 AND bot = 0 AND speed >= 1.0"


def _entry(row: tuple) -> Entry:
    *columns, result_json = row
    for i in (6, 11, 14):  # finished, custom, bot
        columns[i] = bool(columns[i])
    try:
        result = json.loads(result_json)
    except (ValueError, RecursionError):
        result = None
    # A row damaged by hand still lists, with what its columns say.
    return Entry(*columns, result=result if isinstance(result, dict) else {})


# --- SQLite plumbing ------------------------------------------------------------------------


def _is_damage(exc: sqlite3.Error) -> bool:
    """Only "not a database" and "malformed" mean the file is bad; "locked",
    "can't open" or "read-only" are about this moment, and the file is fine."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _unavailable(path: Path, exc: sqlite3.Error) -> StoreUnavailable:
    return StoreUnavailable(f"score table {path} can't be used: {exc}")


@contextmanager
def _write(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write, one transaction. IMMEDIATE takes the write lock up front, so two
    writers queue on the busy timeout instead of failing halfway."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _guarded(method):
    """Report SQLite trouble in the middle of a session as StoreUnavailable."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.IntegrityError as exc:
            raise ScoreError(f"the run can't be stored: {exc}") from None
        except sqlite3.Error as exc:
            raise _unavailable(self.path, exc) from None

    return wrapper


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino


# --- the store ------------------------------------------------------------------------------


def default_path() -> Path:
    return player_home() / "scores.sqlite3"


def open_store() -> ScoreStore:
    """The player's own table, in the player's data folder (TRAILREAD_HOME if set)."""
    return ScoreStore(default_path())


class ScoreStore:
    """The high-score table in one SQLite file. Use it as a context manager.

    `notice` is empty, or one line for the player saying that the old file was
    damaged or too new and where it was kept.
    """

    # Opening more than this many bad files in a row means something keeps
    # writing garbage at the path; give up rather than loop.
    _MAX_SET_ASIDE = 3

    def __init__(self, path: Path | None = None, *, busy_timeout_s: float = BUSY_TIMEOUT_S):
        self.path = Path(path) if path is not None else default_path()
        self.busy_timeout_s = busy_timeout_s
        self.notice = ""
        self.db = self._open()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # --- opening, checking, migrating ----------------------------------------------------------

    def _connect(self, *, read_only: bool = False) -> sqlite3.Connection:
        # `timeout` is SQLite's busy timeout: wait for another writer's lock.
        target = f"{self.path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
        return sqlite3.connect(target, uri=True, timeout=self.busy_timeout_s, isolation_level=None)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(self._MAX_SET_ASIDE + 1):
            seen = _identity(self.path)
            why = self._problem() if seen is not None else None
            if why is None:
                return self._connect_ready()
            self._set_aside(why, seen)
        raise StoreUnavailable(f"score table {self.path} keeps coming back damaged; giving up")

    def _problem(self) -> str | None:
        """Why the file must be set aside ("corrupt", "newer-v7"), or None if it is fine.

        The look is read-only: a writable connection to a damaged file deletes
        its -wal on closing, and the -wal may hold the latest runs.
        """
        try:
            return self._look(read_only=True)
        except sqlite3.Error as exc:
            if _is_damage(exc):
                return "corrupt"
            if not getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                raise _unavailable(self.path, exc) from None
        # A hot rollback journal needs a writer to roll it back; such a file has
        # no -wal to lose.
        try:
            return self._look(read_only=False)
        except sqlite3.Error as exc:
            if _is_damage(exc):
                return "corrupt"
            raise _unavailable(self.path, exc) from None

    def _look(self, *, read_only: bool) -> str | None:
        db = self._connect(read_only=read_only)
        try:
            # integrity_check reads every page: about 10 ms for a thousand runs
            # with their replays, and it finds damage before a write meets it.
            if db.execute("PRAGMA integrity_check(1)").fetchone()[0] != "ok":
                return "corrupt"
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                return f"newer-v{version}"
            found = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'runs'").fetchone()
            # A schema version with no table under it: not a table this game wrote.
            return "corrupt" if version > 0 and found is None else None
        finally:
            db.close()

    def _connect_ready(self) -> sqlite3.Connection:
        """The working connection: WAL journal, schema brought up to date."""
        try:
            db = self._connect()
        except sqlite3.Error as exc:
            raise _unavailable(self.path, exc) from None
        try:
            self._use_wal(db)
            self._migrate(db)
        except BaseException as exc:
            db.close()
            if isinstance(exc, sqlite3.Error):
                if getattr(exc, "sqlite_errorname", "").startswith("SQLITE_READONLY"):
                    return self._connect_read_only()
                raise _unavailable(self.path, exc) from None
            raise
        return db

    def _connect_read_only(self) -> sqlite3.Connection:
        """A table we may not write (a read-only file or folder) can still be listed."""
        try:
            db = self._connect(read_only=True)
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.Error as exc:
            raise _unavailable(self.path, exc) from None
        if version != SCHEMA_VERSION:
            db.close()
            raise StoreUnavailable(
                f"score table {self.path} is read-only and needs updating for this version"
            )
        return db

    def _use_wal(self, db: sqlite3.Connection) -> None:
        """Switch to the WAL journal (it stays switched, in the file).

        When several processes open a new table at once, the switch can meet
        SQLITE_BUSY without SQLite's busy handler ever waiting, so wait here.
        """
        deadline = time.monotonic() + self.busy_timeout_s
        while True:
            try:
                db.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                busy = getattr(exc, "sqlite_errorname", "").startswith("SQLITE_BUSY")
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(0.005)

    @staticmethod
    def _migrate(db: sqlite3.Connection) -> None:
        for target in range(SCHEMA_VERSION):
            if db.execute("PRAGMA user_version").fetchone()[0] > target:
                continue
            with _write(db):
                # Another process may have migrated while we waited for the lock.
                if db.execute("PRAGMA user_version").fetchone()[0] > target:
                    continue
                for step in MIGRATIONS[target]:
                    step(db) if callable(step) else db.execute(step)
                db.execute(f"PRAGMA user_version = {target + 1}")

    def _set_aside(self, why: str, seen: tuple[int, int] | None) -> None:
        """Move the bad file (and its -wal/-shm/-journal) aside, never over another file."""
        if _identity(self.path) != seen:
            return  # another process already set it aside and started a fresh one
        try:
            target = self._move_aside(why)
        except FileNotFoundError:
            return  # moved by another process between our look and our move
        except OSError as exc:
            raise StoreUnavailable(
                f"score table {self.path} is {why} and could not be moved aside: {exc.strerror}"
            ) from None
        what = (
            "was damaged"
            if why == "corrupt"
            else f"was written by a newer version of Trailread (schema {why.removeprefix('newer-v')})"
        )
        line = f"The score table {what}; it is kept as {target} and a new, empty table is in use."
        self.notice = f"{self.notice} {line}".strip()

    def _move_aside(self, why: str) -> Path:
        target = keep_aside(self.path, why)
        for companion in ("-wal", "-shm", "-journal"):
            extra = Path(f"{self.path}{companion}")
            if extra.exists():
                move_without_overwriting(extra, Path(f"{target}{companion}"))
        return target

    # --- writing ---------------------------------------------------------------------------------

    @_guarded
    def add(
        self,
        result: dict,
        replay_text: str,
        player: str,
        mode: str = "level",
        created: str | None = None,
        where: Provenance = Provenance(),
    ) -> int:
        """Enter one run (verified by the caller); returns its id.

        The same replay can't be entered twice, whoever enters it.
        """
        row = _run_row(result, replay_text, player, mode, created, where)
        try:
            with _write(self.db):
                cursor = self.db.execute(_INSERT, row)
        except sqlite3.IntegrityError as exc:
            if "replay_sha256" in str(exc):
                raise ScoreError("this replay is already in the table") from None
            raise
        return int(cursor.lastrowid)

    # --- reading ---------------------------------------------------------------------------------

    def _entries(self, where: str, params: tuple, limit: int | None) -> list[Entry]:
        sql = f"{_SELECT} {where}{_ORDER}"
        if limit is not None:
            sql += " LIMIT ?"
            params = (*params, limit)
        return [_entry(row) for row in self.db.execute(sql, params)]

    @_guarded
    def top(
        self,
        level: str | None = None,
        mode: str | None = None,
        limit: int | None = 10,
        *,
        level_hash: str | None = None,
        custom: bool | None = None,
    ) -> list[Entry]:
        """Best first: highest score, then the faster time, then the earlier entry.

        `limit=None` gives every run. Practice runs, older rules and bot runs
        are all here: `game.scoreboard` sorts them into their sections.
        """
        clauses, params = [], []
        for column, value in (
            ("level", level),
            ("mode", mode),
            ("level_hash", level_hash),
            ("custom", None if custom is None else int(custom)),
        ):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._entries(where, tuple(params), limit)

    @_guarded
    def best(self, level: str, mode: str = "level") -> Entry | None:
        """The best ranked run on a shipped level: 1x, by a person, under these rules."""
        found = self._entries(
            f"WHERE level = ? AND mode = ? AND {_COUNTS} AND rules_version = ?",
            (level, mode, RULES_VERSION),
            1,
        )
        return found[0] if found else None

    @_guarded
    def personal_bests(self, player: str) -> dict[str, Entry]:
        """The player's best run on each shipped level they have run (any mode, 1x)."""
        bests: dict[str, Entry] = {}
        where = f"WHERE player = ? AND {_COUNTS}"
        for entry in self._entries(where, (clean_player_name(player),), None):
            bests.setdefault(entry.level, entry)
        return bests

    @_guarded
    def medals(self, player: str) -> dict[str, str]:
        """The best medal won on each shipped level, at 1x: the campaign's progress."""
        rows = self.db.execute(
            f"SELECT level, medal FROM runs WHERE player = ? AND finished = 1 AND {_COUNTS}",
            (clean_player_name(player),),
        )
        best: dict[str, str] = {}
        for level, medal in rows:
            if MEDAL_RANK.get(medal, 0) > MEDAL_RANK.get(best.get(level, "none"), 0):
                best[level] = medal
        return best

    @_guarded
    def replay_of(self, entry_id: int) -> str:
        """The replay's text exactly as it was entered."""
        row = self.db.execute("SELECT replay FROM runs WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise ScoreError(f"no run with id {entry_id}")
        return row[0]

    @_guarded
    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]

    def export_csv(self, path: Path, *, replace: bool = False) -> int:
        """Every run, best first, one row each; returns how many.

        The numbers come from the recorded result, as the simulation wrote them.
        Without `replace` the file must not exist yet (FileExistsError), and the
        table's own file is never written over.
        """
        if Path(path).exists() and os.path.samefile(path, self.path):
            raise ScoreError(f"{path} is the score table itself")
        entries = self.top(limit=None)
        with open(path, "w" if replace else "x", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(CSV_COLUMNS)
            writer.writerows(_csv_row(e) for e in entries)
        return len(entries)


# A cell starting with one of these is a formula to a spreadsheet: a player
# named "=HYPERLINK(...)" must stay text when a coach opens the export.
_FORMULA_STARTS = ("=", "+", "-", "@")


def _csv_text(text: str) -> str:
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _csv_row(entry: Entry) -> list:
    r = entry.result
    row = {
        **{key: r.get(key, "") for key in CSV_COLUMNS},
        "level": _csv_text(entry.level),
        "mode": entry.mode,
        "player": _csv_text(entry.player),
        "finished": int(entry.finished),
        "medal": entry.medal,
        "created": entry.created,
    }
    return [row[key] for key in CSV_COLUMNS]


# --- the table's other faces ----------------------------------------------------------------


def entry_json(entry: Entry) -> dict:
    """The result object of INTERFACE.md with `player` and `replay` added, for
    `trailread scores --json`.

    `replay` is the full sha256 of the replay (see `replay_sha256`), the same id
    the table keeps unique. `id` (for `replay_of`), `mode` and `created` come
    along. A bot's name gives way to the player who entered the run.
    """
    record = dict(entry.result)
    record.pop("bot", None)
    record.update(
        player=entry.player,
        replay=entry.replay_sha256,
        mode=entry.mode,
        id=entry.id,
        created=entry.created,
        custom=entry.custom,
        level_hash=entry.level_hash,
        rules_version=entry.rules_version,
        speed=entry.speed,
    )
    return record


_VS16 = "\ufe0f"


def display_width(text: str) -> int:
    """Terminal columns, as most terminals draw them: wide and full-width
    characters (CJK, most emoji) take two, combining marks and joiners none, a
    character after a zero-width joiner merges into the emoji before it, and
    VS16 turns a narrow symbol (♀, ❤) into a two-column emoji."""
    width, last = 0, 0  # `last`: columns of the last character that took any
    joined = False
    for ch in text:
        if joined:
            joined, last = False, 0
        elif ch == _ZWJ:
            joined = True
        elif ch == _VS16:
            width, last = width + (1 if last == 1 else 0), 0
        elif unicodedata.category(ch) not in ("Mn", "Me", "Cf"):
            last = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
            width += last
    return width


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


_HEADINGS = ("#", "player", "level", "score", "time", "medal", "steps", "falls", "date")
_RIGHT_ALIGNED = {"#", "score", "time", "steps", "falls"}


def _table_row(rank: int, entry: Entry, mark: str) -> tuple[str, ...]:
    return (
        f"{mark}{rank}",
        entry.player,
        f"{entry.level} (custom)" if entry.custom else entry.level,
        f"{entry.score:,.0f}",
        format_clock(entry.time_s),
        "-" if entry.medal == "none" else entry.medal,
        str(entry.result.get("steps", "")),
        str(entry.result.get("falls", "")),
        entry.created[:10],
    )


def format_table(entries: list[Entry], highlight_player: str | None = None) -> str:
    """A table for the terminal, columns aligned even with CJK and emoji names.

    The level column appears only when the entries span more than one level;
    the highlighted player's rows are marked with `>`.
    """
    if not entries:
        return "No runs yet."
    try:
        mine = clean_player_name(highlight_player) if highlight_player else None
    except ScoreError:
        mine = None
    rows = [_HEADINGS] + [
        _table_row(rank, e, ">" if e.player == mine else "") for rank, e in enumerate(entries, 1)
    ]
    keep = [
        h != "level" or len({(e.level, e.custom) for e in entries}) > 1 or entries[0].custom
        for h in _HEADINGS
    ]
    rows = [tuple(cell for cell, k in zip(row, keep, strict=True) if k) for row in rows]
    headings = rows[0]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(headings))]
    return "\n".join(
        "  ".join(
            _pad(cell, w, h in _RIGHT_ALIGNED)
            for cell, w, h in zip(row, widths, headings, strict=True)
        ).rstrip()
        for row in rows
    )

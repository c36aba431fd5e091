"""The high-score store: SQLite through the standard library.

Every run is kept with its replay. A database that can't be opened, fails its
integrity check, or comes from a newer version of the game is never deleted or
silently replaced: it is moved aside under a clear name, `notice` says so in
one line, and a fresh database is used. Writers in several processes at once
lose nothing: WAL journal, a busy timeout, one `BEGIN IMMEDIATE` transaction
per write.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import sqlite3
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from game.paths import player_home

MAX_NAME = 24
MODES = ("level", "endless", "daily")
MEDAL_RANK = {"none": 0, "bronze": 1, "silver": 2, "gold": 3}

# Each migration takes the database from version i to i + 1.
MIGRATIONS = (
    """
    CREATE TABLE runs (
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
    );
    """,
    """
    ALTER TABLE runs ADD COLUMN mode TEXT NOT NULL DEFAULT 'level';
    ALTER TABLE runs ADD COLUMN medal TEXT NOT NULL DEFAULT 'none';
    CREATE INDEX runs_by_level ON runs (level, mode, score DESC);
    CREATE INDEX runs_by_player ON runs (player, level);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class ScoreError(Exception):
    """A problem with a score or the store, in one line."""


@dataclass(frozen=True, slots=True)
class Entry:
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
    result: dict


def clean_player_name(name: str) -> str:
    """Trimmed, inner spaces collapsed, no control characters, at most 24 characters."""
    if not isinstance(name, str):
        raise ScoreError("player name must be text")
    kept = "".join(" " if ch.isspace() else ch for ch in name if ch.isspace() or _allowed(ch))
    cleaned = " ".join(kept.split())[:MAX_NAME].strip()
    if not cleaned:
        raise ScoreError("player name is empty")
    return cleaned


# Direction overrides can make a name display as something else; joiners and
# variation selectors are what emoji and many scripts are made of, so they stay.
_BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))


def _allowed(ch: str) -> bool:
    return (
        unicodedata.category(ch) not in ("Cc", "Cs", "Cn", "Co") and ord(ch) not in _BIDI_CONTROLS
    )


def default_path() -> Path:
    return player_home() / "scores.sqlite3"


class ScoreStore:
    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else default_path()
        self.notice = ""
        self.db = self._open()

    def __enter__(self) -> ScoreStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # --- opening, checking, migrating -------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        db.execute("PRAGMA busy_timeout = 30000")
        return db

    def _open(self) -> sqlite3.Connection:
        db = None
        try:
            db = self._connect()
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
            version = db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError:
            self._keep_aside("corrupt", db)
            return self._open()
        if version > SCHEMA_VERSION:
            self._keep_aside(f"newer-v{version}", db)
            return self._open()
        db.execute("PRAGMA journal_mode = WAL")
        self._migrate(db, version)
        return db

    def _migrate(self, db: sqlite3.Connection, version: int) -> None:
        for target in range(version, SCHEMA_VERSION):
            db.execute("BEGIN IMMEDIATE")
            try:
                # Another process may have migrated while we waited for the lock.
                if db.execute("PRAGMA user_version").fetchone()[0] > target:
                    db.execute("COMMIT")
                    continue
                for statement in filter(str.strip, MIGRATIONS[target].split(";")):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target + 1}")
                db.execute("COMMIT")
            except sqlite3.Error:
                db.execute("ROLLBACK")
                raise

    def _keep_aside(self, why: str, db) -> None:
        if db is not None:
            db.close()
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}{self.path.suffix}")
        n = 1
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.{why}-{stamp}-{n}{self.path.suffix}")
        self.path.rename(target)
        for companion in ("-wal", "-shm"):
            extra = Path(str(self.path) + companion)
            if extra.exists():
                extra.rename(Path(str(target) + companion))
        what = "damaged" if why == "corrupt" else "from a newer version of Trailread"
        self.notice = (
            f"The score table was {what}; it is kept as {target.name} and a new one is in use."
        )

    # --- writing --------------------------------------------------------------------------------

    def add(
        self,
        result: dict,
        replay_text: str,
        player: str,
        mode: str = "level",
        created: str | None = None,
    ) -> int:
        """Enter one verified run; returns its id. The same replay can't be entered twice."""
        if mode not in MODES:
            raise ScoreError(f"mode must be one of {', '.join(MODES)}")
        name = clean_player_name(player)
        digest = hashlib.sha256(replay_text.encode("utf-8")).hexdigest()
        created = created or datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        row = (
            str(result["level"]),
            mode,
            name,
            float(result["score"]),
            float(result["time_s"]),
            int(bool(result["finished"])),
            str(result.get("medal", "none")),
            created,
            json.dumps(result, sort_keys=True, ensure_ascii=False),
            replay_text,
            digest,
        )
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.db.execute(
                "INSERT INTO runs (level, mode, player, score, time_s, finished, medal, created,"
                " result_json, replay, replay_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )
            self.db.execute("COMMIT")
        except sqlite3.IntegrityError:
            self.db.execute("ROLLBACK")
            raise ScoreError("this replay is already in the table") from None
        except sqlite3.Error:
            self.db.execute("ROLLBACK")
            raise
        return int(cursor.lastrowid)

    # --- reading ----------------------------------------------------------------------------------

    _COLUMNS = "id, level, mode, player, score, time_s, finished, medal, created, replay_sha256, result_json"

    def _entries(
        self, where: str = "", params: tuple = (), limit: int | None = None
    ) -> list[Entry]:
        sql = f"SELECT {self._COLUMNS} FROM runs {where} ORDER BY score DESC, time_s ASC, id ASC"
        if limit is not None:
            sql += " LIMIT ?"
            params = (*params, limit)
        return [
            Entry(
                r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7], r[8], r[9], json.loads(r[10])
            )
            for r in self.db.execute(sql, params)
        ]

    def top(
        self, level: str | None = None, mode: str | None = None, limit: int = 10
    ) -> list[Entry]:
        clauses, params = [], []
        if level is not None:
            clauses.append("level = ?")
            params.append(level)
        if mode is not None:
            clauses.append("mode = ?")
            params.append(mode)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return self._entries(where, tuple(params), limit)

    def best(self, level: str, mode: str = "level") -> Entry | None:
        found = self.top(level, mode, 1)
        return found[0] if found else None

    def personal_bests(self, player: str) -> dict[str, Entry]:
        bests: dict[str, Entry] = {}
        for entry in self._entries("WHERE player = ?", (clean_player_name(player),)):
            bests.setdefault(entry.level, entry)
        return bests

    def medals(self, player: str) -> dict[str, str]:
        """The best medal won on each level: the campaign's progress."""
        rows = self.db.execute(
            "SELECT level, medal FROM runs WHERE player = ? AND finished = 1",
            (clean_player_name(player),),
        )
        best: dict[str, str] = {}
        for level, medal in rows:
            if MEDAL_RANK.get(medal, 0) > MEDAL_RANK.get(best.get(level, "none"), 0):
                best[level] = medal
        return best

    def replay_of(self, entry_id: int) -> str:
        row = self.db.execute("SELECT replay FROM runs WHERE id = ?", (entry_id,)).fetchone()
        if row is None:
            raise ScoreError(f"no run with id {entry_id}")
        return row[0]

    def count(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0]

    def export_csv(self, path: Path) -> int:
        columns = [
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
        ]
        entries = self.top(limit=None)
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            for e in entries:
                r = e.result
                writer.writerow(
                    [
                        e.level,
                        e.mode,
                        e.player,
                        e.score,
                        e.time_s,
                        e.finished,
                        r.get("steps"),
                        r.get("planned"),
                        r.get("late"),
                        r.get("reactive"),
                        r.get("blind"),
                        r.get("stumbles"),
                        r.get("falls"),
                        e.medal,
                        e.created,
                    ]
                )
        return len(entries)


def entry_json(entry: Entry) -> dict:
    """The result object of INTERFACE.md with `player` and `replay` (the replay's sha256) added."""
    record = dict(entry.result)
    record.pop("bot", None)
    record["player"] = entry.player
    record["replay"] = entry.replay_sha256
    record["mode"] = entry.mode
    return record


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def format_table(entries: list[Entry], highlight_player: str | None = None) -> str:
    """A readable table for the terminal, aligned with wide characters too."""
    if not entries:
        return "No runs yet."
    rows = [("#", "player", "level", "score", "time", "medal", "steps", "falls", "date")]
    for rank, e in enumerate(entries, 1):
        mark = "*" if highlight_player and e.player == highlight_player else ""
        rows.append(
            (
                f"{rank}{mark}",
                e.player,
                e.level,
                f"{e.score:,.0f}",
                f"{int(e.time_s // 60)}:{e.time_s % 60:04.1f}",
                e.medal,
                str(e.result.get("steps", "")),
                str(e.result.get("falls", "")),
                e.created[:10],
            )
        )
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )

"""The high-score store: ordering, hostile names, several writers, damaged and newer files."""

import csv
import hashlib
import itertools
import json
import math
import random
import sqlite3
import subprocess
import sys
import time
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interface import RESULT_KEYS as INTERFACE_KEYS

from game.scores import (
    BUSY_TIMEOUT_S,
    MAX_NAME,
    SCHEMA_VERSION,
    ScoreError,
    ScoreStore,
    StoreUnavailable,
    clean_player_name,
    display_width,
    entry_json,
    format_clock,
    format_table,
    open_store,
)

TESTS = Path(__file__).resolve().parent
RESULT_KEYS = {*INTERFACE_KEYS, "player"}


@pytest.fixture
def make_result():
    """A Result object as INTERFACE.md defines it; tests change only what they check."""

    def make(level="warm-up", score=1000.0, time_s=100.0, medal="bronze", finished=True, **extra):
        base = {
            "level": level,
            "seed": 1,
            "player": "p",
            "finished": finished,
            "time_s": time_s,
            "score": score,
            "distance_m": 400.0,
            "steps": 300,
            "planned": 290,
            "late": 10,
            "reactive": 0,
            "blind": 0,
            "stumbles": 1,
            "falls": 0,
            "off_trail": 0,
            "overstrides": 2,
            "mean_cadence_spm": 170.0,
            "mean_lead_s": 1.5,
            "mean_stiffness": 0.1,
            "energy_left": 0.8,
            "medal": medal,
        }
        assert set(base) == set(RESULT_KEYS)
        return {**base, **extra}

    return make


def replay(tag) -> str:
    """A small replay document, compact as the game writes it, unique per tag."""
    return json.dumps({"format": "trailread-replay", "tag": str(tag)}, separators=(",", ":"))


@pytest.fixture
def store(tmp_path):
    with ScoreStore(tmp_path / "scores.sqlite3") as s:
        yield s


def raw_rows(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the file with plain sqlite3, behind the store's back."""
    db = sqlite3.connect(path)
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()


# --- ordering and lookups ---------------------------------------------------------------------


def test_top_is_highest_score_then_fastest_then_first_entered(store, make_result):
    store.add(make_result(score=500), replay(1), "Ann")
    store.add(make_result(score=900, time_s=120), replay(2), "Bo")
    store.add(make_result(score=900, time_s=110), replay(3), "Cy")
    store.add(make_result(score=900, time_s=110), replay(4), "Di")
    store.add(make_result(level="rock-garden", score=5000), replay(5), "Ann")
    store.add(make_result(level="endless", score=9999), replay(6), "Ed", mode="endless")

    assert [e.player for e in store.top("warm-up")] == ["Cy", "Di", "Bo", "Ann"]
    assert [e.player for e in store.top("warm-up", limit=2)] == ["Cy", "Di"]
    assert [e.player for e in store.top()] == ["Ed", "Ann", "Cy", "Di", "Bo", "Ann"]
    assert [e.player for e in store.top(mode="endless")] == ["Ed"]
    assert store.top("warm-up", mode="endless") == []
    assert len(store.top(limit=None)) == 6


def test_an_entry_carries_its_columns_and_the_whole_result(store, make_result):
    given_result = make_result(score=1234.5, time_s=98.7, finished=False, medal="none")
    run_id = store.add(given_result, replay("x"), "Ann", created="2026-11-25T04:22:33+00:00")
    (entry,) = store.top()
    assert entry.id == run_id
    assert (entry.level, entry.mode, entry.player) == ("warm-up", "level", "Ann")
    assert (entry.score, entry.time_s, entry.finished, entry.medal) == (1234.5, 98.7, False, "none")
    assert entry.created == "2026-11-25T04:22:33+00:00"
    assert entry.result == given_result
    stored = raw_rows(store.path, "SELECT result_json FROM runs")[0][0]
    assert stored == json.dumps(
        given_result, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_created_defaults_to_the_time_of_entry_with_its_zone(store, make_result):
    store.add(make_result(), replay(1), "Ann")
    created = datetime.fromisoformat(store.top()[0].created)
    assert created.utcoffset() is not None
    assert abs((datetime.now(created.tzinfo) - created).total_seconds()) < 60


def test_best_is_per_level_and_mode(store, make_result):
    store.add(make_result(level="rock-garden", score=400), replay(1), "Ann")
    store.add(make_result(level="rock-garden", score=700), replay(2), "Bo")
    store.add(make_result(level="rock-garden", score=9000), replay(3), "Cy", mode="daily")
    assert store.best("rock-garden").player == "Bo"
    assert store.best("rock-garden", "daily").score == 9000
    assert store.best("rock-garden", "endless") is None
    assert store.best("nowhere") is None


def test_personal_bests_are_the_players_best_on_each_level(store, make_result):
    store.add(make_result(score=500, medal="bronze"), replay(1), "Ann")
    store.add(make_result(score=900, medal="gold"), replay(2), "Ann")
    store.add(make_result(level="dusk", score=100, medal="none", finished=False), replay(3), "Ann")
    store.add(make_result(score=2000), replay(4), "Bo")
    bests = store.personal_bests("  Ann ")  # looked up by the cleaned name
    assert {level: e.score for level, e in bests.items()} == {"warm-up": 900, "dusk": 100}
    assert bests["warm-up"].medal == "gold"
    assert {level: e.score for level, e in store.personal_bests("Bo").items()} == {"warm-up": 2000}
    assert store.personal_bests("Nobody") == {}


def test_campaign_medals_count_only_finished_runs_and_keep_the_best(store, make_result):
    store.add(make_result(score=900, medal="gold"), replay(1), "Ann")
    store.add(make_result(score=500, medal="bronze"), replay(2), "Ann")
    store.add(make_result(level="dusk", medal="silver", finished=False), replay(3), "Ann")
    assert store.medals("Ann") == {"warm-up": "gold"}


def test_the_replay_comes_back_exactly_as_entered(store, make_result):
    text = json.dumps({"format": "trailread-replay", "commands": [["P", 0, 1.072, 0.08]]}, indent=2)
    run_id = store.add(make_result(), text, "Ann")
    assert store.replay_of(run_id) == text
    with pytest.raises(ScoreError, match="no run with id 999"):
        store.replay_of(999)


# --- duplicates and bad input -----------------------------------------------------------------


def test_the_same_replay_cannot_be_entered_twice_even_reformatted(store, make_result):
    text = replay("once")
    store.add(make_result(), text, "Ann")
    with pytest.raises(ScoreError) as refused:
        store.add(make_result(), text, "Bo")
    assert str(refused.value) == "this replay is already in the table"
    with pytest.raises(ScoreError, match="already in the table"):
        store.add(make_result(), json.dumps(json.loads(text), indent=4), "Cy")
    assert store.count() == 1
    store.add(make_result(), replay("another"), "Bo")
    assert store.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mode": "arcade"}, "mode must be one of level, endless, daily"),
        ({"result": {"level": "warm-up", "time_s": 1.0}}, "score must be a finite number"),
        ({"result": {"level": "warm-up", "time_s": 1.0, "score": math.nan}}, "finite"),
        ({"result": {"level": "warm-up", "time_s": 1.0, "score": True}}, "score must be"),
        ({"result": {"score": 1.0, "time_s": 1.0}}, "level must be a level id"),
        (
            {"result": {"level": "w", "score": 1, "time_s": 1, "x": {1, 2}}},
            "can't be stored as JSON",
        ),
        ({"replay_text": "not json at all"}, "not a JSON document"),
        ({"replay_text": '{"a": "\ud800"}'}, "not a JSON document"),
        ({"created": "yesterday"}, "ISO date"),
        ({"player": " \t "}, "player name is empty"),
    ],
)
def test_a_run_that_cant_be_stored_is_refused_with_a_clear_message(
    store, make_result, change, message
):
    args = {"result": make_result(), "replay_text": replay(1), "player": "Ann"} | change
    with pytest.raises(ScoreError, match=message):
        store.add(**args)
    assert store.count() == 0


# --- player names -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Robert'); DROP TABLE runs;--", "Robert'); DROP TABLE run"),
        ("x" * 500, "x" * MAX_NAME),
        ("🏃" * 500, "🏃" * MAX_NAME),
        ("  Zoë   the\tfast  ", "Zoë the fast"),
        ("Zoe\u0308", "Zo\u00eb"),  # typed with a combining mark, kept as one player
        ("👩‍👩‍👧 trail 山", "👩‍👩‍👧 trail 山"),
        ("a" * 22 + "👩‍👧", "a" * 22 + "👩"),  # the cut falls inside the emoji
        ("שלום רץ", "שלום רץ"),
        ("evil\u202eoverride", "eviloverride"),
        ("nul\x00byte\nline", "nulbyte line"),
        ("tab\x1b[31mred", "tabred"),  # the whole escape goes, not just its ESC
    ],
)
def test_hostile_names_are_stored_exactly_as_cleaned_and_the_table_survives(
    store, make_result, raw, stored
):
    store.add(make_result(), replay(raw), raw)
    store.add(make_result(score=1.0), replay("after"), "Next")
    assert [e.player for e in store.top()] == [stored, "Next"]
    assert raw_rows(store.path, "SELECT player FROM runs ORDER BY id") == [(stored,), ("Next",)]
    tables = raw_rows(store.path, "SELECT name FROM sqlite_master WHERE type = 'table'")
    assert tables == [("runs",)]


@pytest.mark.parametrize(
    "name", ["", "   ", "\x00\x01", "\n\t", "\u200b\u200d", "\u3164", "\u202e"]
)
def test_names_with_nothing_visible_are_empty(name):
    with pytest.raises(ScoreError) as refused:
        clean_player_name(name)
    assert str(refused.value) == "player name is empty"


def test_a_name_must_be_text():
    with pytest.raises(ScoreError, match="must be text"):
        clean_player_name(42)


_ANY_CODE_POINT = st.characters(exclude_categories=())  # surrogates and controls too
_TRICKY = st.sampled_from(
    ["\x00", "\n", " ", "\u200d", "\ufe0f", "\u202e", "\u2066", "\u0301", "🏃", "山", "ש", "'", ";"]
)
NAMES = st.text(max_size=80) | st.text(_ANY_CODE_POINT, max_size=40) | st.text(_TRICKY, max_size=40)


def test_any_text_cleans_to_a_short_name_that_round_trips_or_is_refused(tmp_path, make_result):
    tags = itertools.count()
    with ScoreStore(tmp_path / "scores.sqlite3") as store:

        @settings(max_examples=300, deadline=None)
        @given(NAMES)
        def check(name):
            try:
                cleaned = clean_player_name(name)
            except ScoreError as exc:
                assert str(exc) == "player name is empty"
                return
            assert 0 < len(cleaned) <= MAX_NAME
            assert cleaned == cleaned.strip() and "  " not in cleaned
            assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in cleaned)
            assert "\u202e" not in cleaned and "\u2066" not in cleaned
            assert clean_player_name(cleaned) == cleaned
            run_id = store.add(make_result(), replay(next(tags)), name)
            stored = raw_rows(store.path, "SELECT player FROM runs WHERE id = ?", (run_id,))
            assert stored == [(cleaned,)]
            assert store.personal_bests(cleaned)["warm-up"].player == cleaned

        check()


# --- several processes ------------------------------------------------------------------------


def _start_writers(path: Path, go: Path, names: list[str], runs: int) -> dict:
    writers = {
        who: subprocess.Popen(
            [sys.executable, TESTS / "scores_writer.py", path, who, str(runs), go, str(len(names))],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for who in names
    }
    deadline = time.monotonic() + 60
    while not all(Path(f"{go}.{who}.ready").exists() for who in names):
        assert time.monotonic() < deadline, "the writers never got ready"
        time.sleep(0.005)
    go.touch()
    reports = {}
    for who, proc in writers.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        reports[who] = json.loads(out)
    return reports


def test_several_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"  # not created yet: the writers race to create it too
    names = ["w0", "w1", "w2", "w3"]
    reports = _start_writers(path, tmp_path / "go", names, runs=40)
    # They really wrote at the same time: every writer was trying to write
    # before any writer had finished (SQLite then serves them one lock at a time).
    assert max(r["began"] for r in reports.values()) < min(r["ended"] for r in reports.values())
    all_ids = [i for r in reports.values() for i in r["ids"]]
    assert len(all_ids) == 160 and len(set(all_ids)) == 160
    with ScoreStore(path) as s:
        assert s.notice == ""
        assert s.count() == 160
        assert sorted(e.id for e in s.top(limit=None)) == sorted(all_ids)
    per_writer = raw_rows(path, "SELECT player, COUNT(*) FROM runs GROUP BY player")
    assert sorted(per_writer) == [(who, 40) for who in names]
    assert raw_rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name] == []


def test_the_table_uses_wal_and_waits_for_other_writers(store):
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == int(BUSY_TIMEOUT_S * 1000)


# --- damaged, newer, and merely unavailable files ---------------------------------------------


def _a_real_table(path: Path, runs: int = 60) -> bytes:
    with ScoreStore(path) as s:
        for i in range(runs):
            s.add({"level": "warm-up", "score": i, "time_s": 1.0}, replay("x" * 200 + str(i)), "A")
    return path.read_bytes()


def _damaged(kind: str, tmp_path: Path) -> bytes:
    if kind == "random bytes":
        return random.Random(7).randbytes(8192)
    good = _a_real_table(tmp_path / "good.sqlite3")
    if kind == "truncated header":
        return good[:60]
    if kind == "cut in half":
        return good[: len(good) // 2]
    page = bytearray(good)
    page[4096 * 3 + 100 : 4096 * 3 + 1100] = random.Random(8).randbytes(1000)
    return bytes(page)


@pytest.mark.parametrize("kind", ["random bytes", "truncated header", "cut in half", "bad page"])
def test_a_damaged_file_is_kept_aside_untouched_and_a_fresh_table_works(
    tmp_path, make_result, kind
):
    path = tmp_path / "scores.sqlite3"
    damaged = _damaged(kind, tmp_path)
    path.write_bytes(damaged)
    with ScoreStore(path) as s:
        (kept,) = tmp_path.glob("scores.corrupt-*.sqlite3")
        assert "damaged" in s.notice and str(kept) in s.notice and "\n" not in s.notice
        assert s.count() == 0
        s.add(make_result(), replay(1), "Ann")
    assert kept.read_bytes() == damaged
    with ScoreStore(path) as again:
        assert again.notice == "" and again.count() == 1


def test_the_damaged_files_journal_companions_go_with_it(tmp_path):
    path = tmp_path / "scores.sqlite3"
    path.write_bytes(b"not a database at all" * 50)
    Path(f"{path}-wal").write_bytes(b"wal bytes")
    Path(f"{path}-shm").write_bytes(b"shm bytes")
    with ScoreStore(path) as s:
        kept = Path(s.notice.split("kept as ")[1].split(" and a new")[0])
    assert kept.read_bytes() == b"not a database at all" * 50
    assert Path(f"{kept}-wal").read_bytes() == b"wal bytes"  # may hold the latest runs
    assert Path(f"{kept}-shm").exists()  # only an index SQLite rebuilds from the -wal
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("scores.sqlite3")) == [
        "scores.sqlite3"
    ]


def test_kept_names_stay_unique_within_the_same_second(tmp_path, monkeypatch):
    monkeypatch.setattr("game.files.stamp", lambda: "20261125-042233")
    path = tmp_path / "scores.sqlite3"
    for n in (1, 2, 3):
        path.write_bytes(f"garbage number {n}".encode() * 100)
        ScoreStore(path).close()
    assert (tmp_path / "scores.corrupt-20261125-042233.sqlite3").read_bytes()[
        :16
    ] == b"garbage number 1"
    assert (tmp_path / "scores.corrupt-20261125-042233-2.sqlite3").read_bytes()[
        :16
    ] == b"garbage number 2"
    assert (tmp_path / "scores.corrupt-20261125-042233-3.sqlite3").read_bytes()[
        :16
    ] == b"garbage number 3"


def test_a_table_from_a_newer_game_is_kept_aside_untouched(tmp_path):
    path = tmp_path / "scores.sqlite3"
    newer = SCHEMA_VERSION + 5
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE runs (everything TEXT)")
    db.execute("INSERT INTO runs VALUES ('future run')")
    db.execute(f"PRAGMA user_version = {newer}")
    db.commit()
    db.close()
    before = path.read_bytes()
    with ScoreStore(path) as s:
        (kept,) = tmp_path.glob(f"scores.newer-v{newer}-*.sqlite3")
        assert "newer version" in s.notice and f"schema {newer}" in s.notice
        assert str(kept) in s.notice
        assert s.count() == 0
    assert kept.read_bytes() == before
    assert raw_rows(kept, "SELECT everything FROM runs") == [("future run",)]


def test_a_folder_in_the_tables_place_is_reported_not_moved(tmp_path):
    path = tmp_path / "scores.sqlite3"
    path.mkdir()
    with pytest.raises(StoreUnavailable) as unavailable:
        ScoreStore(path)
    assert isinstance(unavailable.value, OSError)  # the game reports OSError.strerror
    assert str(path) in unavailable.value.strerror
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scores.sqlite3"]


def test_a_locked_table_is_reported_busy_and_left_alone(tmp_path, make_result):
    path = tmp_path / "scores.sqlite3"
    _a_real_table(path, runs=3)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreUnavailable, match="locked"):
            ScoreStore(path, busy_timeout_s=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []
    with ScoreStore(path) as s:
        assert s.notice == "" and s.count() == 3


# --- migrations -------------------------------------------------------------------------------


def test_a_version_1_table_is_migrated_with_its_runs(tmp_path, make_result):
    path = tmp_path / "scores.sqlite3"
    old_replay = replay("from version 1")
    old_sha = hashlib.sha256(old_replay.encode()).hexdigest()
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, level TEXT NOT NULL, player TEXT NOT NULL,"
        " score REAL NOT NULL, time_s REAL NOT NULL, finished INTEGER NOT NULL,"
        " created TEXT NOT NULL, result_json TEXT NOT NULL, replay TEXT NOT NULL,"
        " replay_sha256 TEXT NOT NULL UNIQUE)"
    )
    db.execute(
        "INSERT INTO runs VALUES (1, 'warm-up', 'Old', 777, 90, 1, '2025-01-01T10:00:00+00:00',"
        " ?, ?, ?)",
        (json.dumps(make_result(score=777, medal="gold")), old_replay, old_sha),
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()

    with ScoreStore(path) as s:
        assert s.notice == ""
        (old,) = s.top("warm-up", "level")
        assert (old.player, old.score, old.mode, old.medal) == ("Old", 777, "level", "gold")
        assert s.medals("Old") == {"warm-up": "gold"}
        with pytest.raises(ScoreError, match="already in the table"):
            s.add(make_result(), old_replay, "Again")
        s.add(make_result(level="daily", score=5), replay("new"), "New", mode="daily")
        assert s.best("daily", "daily").player == "New"
    assert raw_rows(path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    indexes = raw_rows(path, "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
    assert ("runs_by_level",) in indexes and ("runs_by_player",) in indexes


# --- the table's other faces ------------------------------------------------------------------


def test_csv_export_has_one_row_per_run_with_the_results_numbers(store, make_result, tmp_path):
    store.add(
        make_result(score=1234.5, time_s=83.25, steps=321, planned=300, late=15, reactive=4,
                    blind=2, stumbles=3, falls=1, medal="silver"),
        replay(1), "山田 🏃", created="2026-11-25T04:22:33+00:00",
    )  # fmt: skip
    store.add(make_result(score=10, finished=False, medal="none"), replay(2), "=HYPERLINK(1)")
    out = tmp_path / "scores.csv"
    assert store.export_csv(out) == 2
    with out.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    assert header == [
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
    first, second = (dict(zip(header, row, strict=True)) for row in rows)
    assert first == {
        "level": "warm-up",
        "mode": "level",
        "player": "山田 🏃",
        "score": "1234.5",
        "time_s": "83.25",
        "finished": "1",
        "steps": "321",
        "planned": "300",
        "late": "15",
        "reactive": "4",
        "blind": "2",
        "stumbles": "3",
        "falls": "1",
        "medal": "silver",
        "created": "2026-11-25T04:22:33+00:00",
    }
    # A spreadsheet must not run a player's name as a formula.
    assert (second["player"], second["finished"], second["score"]) == ("'=HYPERLINK(1)", "0", "10")


def test_entry_json_is_the_result_with_player_and_replay_id(store, make_result):
    text = replay("json")
    given_result = make_result(score=42) | {"bot": "gaze=3-6"}
    run_id = store.add(given_result, text, "山田", mode="daily")
    record = entry_json(store.top()[0])
    assert set(record) == (set(given_result) - {"bot"}) | {
        "player",
        "replay",
        "mode",
        "id",
        "created",
        "custom",
        "level_hash",
        "rules_version",
        "speed",
    }
    assert record["player"] == "山田" and record["score"] == 42 and record["id"] == run_id
    assert record["replay"] == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert record["mode"] == "daily"
    json.dumps(record)  # ready for `trailread scores --json`


@pytest.mark.parametrize(
    ("seconds", "clock"), [(0, "0:00.0"), (65.34, "1:05.3"), (119.94, "1:59.9"), (119.96, "2:00.0")]
)
def test_times_read_minutes_and_tenths(seconds, clock):
    assert format_clock(seconds) == clock


@pytest.mark.parametrize(
    ("text", "columns"),
    [("Ann", 3), ("山田", 4), ("Zoe\u0308", 3), ("🏃", 2), ("🏃‍♀️", 2), ("❤️", 2), ("שלום", 4)],
)
def test_display_width_counts_terminal_columns(text, columns):
    assert display_width(text) == columns


def _columns(text: str) -> int:
    """An independent count for plain CJK, emoji and Latin: wide is two, the rest one."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_the_terminal_table_lines_up_with_wide_names(store, make_result):
    store.add(make_result(score=12345, time_s=119.96, steps=301, falls=2), replay(1), "山田太郎")
    store.add(make_result(score=999, time_s=65.3, medal="none"), replay(2), "🏃 Zoë")
    store.add(make_result(score=5, time_s=7), replay(3), "Ann")
    lines = format_table(store.top(), highlight_player=" Ann ").splitlines()
    assert lines[0].split() == ["#", "player", "score", "time", "medal", "steps", "falls", "date"]
    assert len(lines) == 4
    scores = ["score", "12,345", "999", "5"]
    ends = {_columns(line[: line.index(s) + len(s)]) for line, s in zip(lines, scores, strict=True)}
    assert len(ends) == 1  # the score column ends at the same terminal column on every line
    assert "2:00.0" in lines[1] and "301" in lines[1] and lines[1].split()[-2] == "2"
    assert " - " in lines[2]  # no medal
    assert lines[3].lstrip().startswith(">3") and ">" not in lines[1] + lines[2]


def test_the_table_names_the_level_when_it_mixes_levels(store, make_result):
    store.add(make_result(level="warm-up"), replay(1), "Ann")
    store.add(make_result(level="rock-garden"), replay(2), "Bo")
    header, *rows = format_table(store.top()).splitlines()
    assert "level" in header.split()
    assert {row.split()[2] for row in rows} == {"warm-up", "rock-garden"}
    assert format_table([]) == "No runs yet."


# --- where the table lives --------------------------------------------------------------------


def test_open_store_uses_the_players_home(tmp_path, monkeypatch, make_result):
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path / "home"))
    with open_store() as s:
        s.add(make_result(), replay(1), "Ann")
    assert raw_rows(tmp_path / "home" / "scores.sqlite3", "SELECT player FROM runs") == [("Ann",)]


def test_leaving_the_with_block_closes_the_connection(tmp_path):
    with ScoreStore(tmp_path / "scores.sqlite3") as s:
        pass
    with pytest.raises(sqlite3.ProgrammingError):
        s.db.execute("SELECT 1")


# --- with the real game -----------------------------------------------------------------------


def test_only_a_replay_that_verifies_gets_in(store):
    from game.levels import find_level
    from game.replays import from_run
    from game.scoreboard import enter_replay
    from game.sim.botspec import parse_bot_spec
    from game.sim.driving import drive, make_bot
    from game.sim.run import Run

    # A player's run (the bot only steers it), seen with the level's own band.
    run = Run(find_level("warm-up"), 5, who=("player", "Ann"))
    run = drive(run, make_bot(parse_bot_spec("gaze=3-6"), run))
    text = from_run(run).text()
    entry_id, res, _where = enter_replay(store, text, "Bot fan")
    assert store.top()[0].id == entry_id and res["score"] == run.result().score
    assert entry_json(store.top()[0])["replay"] == from_run(run).sha256()
    doctored = json.loads(text)
    doctored["result"]["score"] += 1000
    with pytest.raises(ScoreError, match="does not verify"):
        enter_replay(store, json.dumps(doctored), "Cheat")
    assert store.count() == 1

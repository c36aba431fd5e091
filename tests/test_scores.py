"""The high-score store: ordering, verification, hostile names, several writers, damaged files."""

import csv
import json
import multiprocessing
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import find_level
from game.scoreboard import enter_replay
from game.scores import (
    MAX_NAME,
    SCHEMA_VERSION,
    ScoreError,
    ScoreStore,
    clean_player_name,
    entry_json,
    format_table,
)
from game.sim.bots import parse_bot_spec, simulate
from game.sim.replay import from_run


def result(level="warm-up", score=1000.0, time_s=100.0, medal="bronze", finished=True, **extra):
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
    base.update(extra)
    return base


@pytest.fixture
def store(tmp_path):
    with ScoreStore(tmp_path / "scores.sqlite3") as s:
        yield s


def test_top_orders_by_score_then_time(store):
    store.add(result(score=500), "r1", "Ann")
    store.add(result(score=900, time_s=120), "r2", "Bo")
    store.add(result(score=900, time_s=110), "r3", "Cy")
    store.add(result(level="rock-garden", score=5000), "r4", "Ann")
    assert [e.player for e in store.top("warm-up")] == ["Cy", "Bo", "Ann"]
    assert store.best("rock-garden").score == 5000
    assert store.top("warm-up", limit=1)[0].player == "Cy"


def test_personal_bests_and_campaign_medals(store):
    store.add(result(score=500, medal="bronze"), "r1", "Ann")
    store.add(result(score=900, medal="gold"), "r2", "Ann")
    store.add(result(level="dusk", score=100, medal="none", finished=False), "r3", "Ann")
    store.add(result(level="dusk", score=50, medal="silver"), "r4", "Bo")
    assert store.personal_bests("Ann")["warm-up"].score == 900
    assert store.medals("Ann") == {"warm-up": "gold"}
    assert store.medals("Bo") == {"dusk": "silver"}


def test_the_same_replay_cannot_be_entered_twice(store):
    store.add(result(), "same replay", "Ann")
    with pytest.raises(ScoreError, match="already in the table"):
        store.add(result(), "same replay", "Bo")
    assert store.count() == 1


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("Robert'); DROP TABLE runs;--", "Robert'); DROP TABLE run"),
        ("evil\u202eoverride", "eviloverride"),
        ("  Zoë   the\tfast  ", "Zoë the fast"),
        ("🏃‍♀️ trail 山", "🏃‍♀️ trail 山"),
        ("שלום runner", "שלום runner"),
        ("x" * 500, "x" * MAX_NAME),
        ("nul\x00byte\nline", "nulbyte line"),
    ],
)
def test_hostile_names_are_cleaned_stored_exactly_and_harmless(store, raw, stored):
    store.add(result(), f"replay of {raw!r}", raw)
    assert store.top()[0].player == stored
    assert store.db.execute("SELECT COUNT(*) FROM runs").fetchone()[0] == 1  # the table survived


def test_empty_names_are_refused(store):
    for name in ("", "   ", "\x00\x01"):
        with pytest.raises(ScoreError, match="empty"):
            store.add(result(), f"r{name!r}", name)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_any_text_name_cleans_to_a_short_name_or_a_clear_error(name):
    try:
        cleaned = clean_player_name(name)
    except ScoreError as exc:
        assert "empty" in str(exc)
    else:
        assert 0 < len(cleaned) <= MAX_NAME
        assert cleaned == cleaned.strip() and "\n" not in cleaned and "\x00" not in cleaned
        assert clean_player_name(cleaned) == cleaned


def _writer(path, who, count):
    with ScoreStore(path) as s:
        for i in range(count):
            s.add(result(score=float(i)), f"{who}-{i}", who)


def test_several_processes_writing_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.sqlite3"
    ScoreStore(path).close()
    workers = [multiprocessing.Process(target=_writer, args=(path, f"w{n}", 40)) for n in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    with ScoreStore(path) as s:
        assert s.count() == 160
        assert {e.player for e in s.top(limit=None)} == {"w0", "w1", "w2", "w3"}


def test_a_corrupt_file_is_kept_aside_untouched_and_a_fresh_one_works(tmp_path):
    path = tmp_path / "scores.sqlite3"
    garbage = b"this is not a database" * 100
    path.write_bytes(garbage)
    with ScoreStore(path) as s:
        assert "kept as scores.corrupt-" in s.notice
        s.add(result(), "r", "Ann")
        assert s.count() == 1
    kept = list(tmp_path.glob("scores.corrupt-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage


def test_a_database_from_a_newer_game_is_kept_aside(tmp_path):
    path = tmp_path / "scores.sqlite3"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE future (x)")
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.commit()
    db.close()
    with ScoreStore(path) as s:
        assert "newer version" in s.notice and s.count() == 0
    assert list(tmp_path.glob(f"scores.newer-v{SCHEMA_VERSION + 5}-*.sqlite3"))


def test_an_older_schema_is_migrated_with_its_runs(tmp_path):
    path = tmp_path / "scores.sqlite3"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY, level TEXT NOT NULL, player TEXT NOT NULL, score REAL NOT NULL,"
        " time_s REAL NOT NULL, finished INTEGER NOT NULL, created TEXT NOT NULL, result_json TEXT NOT NULL,"
        " replay TEXT NOT NULL, replay_sha256 TEXT NOT NULL UNIQUE)"
    )
    db.execute(
        "INSERT INTO runs VALUES (1, 'warm-up', 'Old', 777, 90, 1, '2025-01-01', ?, 'old replay', 'abc')",
        (json.dumps(result(score=777)),),
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with ScoreStore(path) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        (old,) = s.top()
        assert (old.player, old.score, old.mode) == ("Old", 777, "level")


def test_csv_export_has_the_numbers(store, tmp_path):
    store.add(result(score=1234.5, steps=321), "r1", "Ann")
    out = tmp_path / "scores.csv"
    assert store.export_csv(out) == 1
    rows = list(csv.reader(out.open(encoding="utf-8")))
    header, row = rows
    assert dict(zip(header, row, strict=True))["score"] == "1234.5"
    assert dict(zip(header, row, strict=True))["steps"] == "321"


def test_json_and_table_forms(store):
    store.add(result(score=42), "r1", "山田")
    (entry,) = store.top()
    record = entry_json(entry)
    assert record["player"] == "山田" and len(record["replay"]) == 64 and record["score"] == 42
    lines = format_table(store.top()).splitlines()
    assert "山田" in lines[1] and "42" in lines[1]


def test_only_a_replay_that_verifies_gets_in(store):
    run = simulate(find_level("warm-up"), 5, parse_bot_spec("gaze=3-6"))
    text = from_run(run).text()
    entry_id, res = enter_replay(store, text, "Bot fan")
    assert store.top()[0].id == entry_id and res["score"] == run.result().score
    doctored = json.loads(text)
    doctored["result"]["score"] += 1000
    with pytest.raises(ScoreError, match="does not verify"):
        enter_replay(store, json.dumps(doctored), "Cheat")
    assert store.count() == 1

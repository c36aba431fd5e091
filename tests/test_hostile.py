"""Hostile input: forged runs, files that try to hang or exhaust the game, numbers
out of range, text that tries to drive the terminal.

Each numbered case of the "Scores that can be trusted" report is a fixed example
here; the property tests mutate valid files and check that every outcome is a
one-line refusal or a run, never a traceback or a hang.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from game.cli import main
from game.levels import find_level
from game.paths import levels_dir
from game.scoreboard import Refused, enter_replay, sections
from game.scores import ScoreStore
from game.sim.bots import drive, make_bot, parse_bot_spec, simulate
from game.sim.replay import from_run, parse_replay, verify
from game.sim.run import Run

SHORT = "length_m = 60.0\n"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """The player's data in a fresh folder, the working folder a scratch one."""
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path / "home"


def cli(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def short_copy(tmp_path: Path, level_id: str, extra: str = "", name: str | None = None) -> Path:
    """A shipped level cut to 60 m (so a run takes a blink), as a file elsewhere."""
    text = (levels_dir() / f"{level_id}.toml").read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if not ln.startswith("length_m")]
    folder = tmp_path / "custom"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name or level_id}.toml"
    path.write_text(SHORT + "\n".join(lines) + "\n" + extra, encoding="utf-8")
    return path


def player_run(level, seed: int = 3, who: str = "Ann", band: str = "gaze=3-6") -> Run:
    """A player's run (a bot's hands on the controls, the level's own eyes)."""
    run = Run(level, seed, who=("player", who))
    return drive(run, make_bot(parse_bot_spec(band), run))


def write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


# --- 1: a custom level named like a shipped one ------------------------------------------------


def test_1_a_custom_level_named_like_a_shipped_one_gets_its_own_table(tmp_path, capsys):
    forged = find_level(str(short_copy(tmp_path, "warm-up", "[rules]\npoints_planned = 1000\n")))
    assert forged.id == "warm-up"
    replay = write(tmp_path / "forged.json", from_run(player_run(forged)).to_json())
    code, out, _ = cli(capsys, "scores", "--add", replay, "--name", "Eve")
    assert code == 0 and "custom level warm-up" in out
    # Not in the shipped table, not a medal towards unlocking the campaign.
    assert cli(capsys, "scores", "warm-up")[1].strip() == "No runs yet."
    with ScoreStore() as store:
        assert store.medals("Eve") == {} and store.best("warm-up") is None
        (entry,) = sections(store, forged).ranked
        assert entry.custom and entry.level_hash == forged.content_hash
    listing = cli(capsys, "scores")[1]
    assert "warm-up (custom)" in listing


def test_1_a_replay_that_names_the_shipped_level_must_have_run_its_content(tmp_path, capsys):
    forged = find_level(str(short_copy(tmp_path, "warm-up", "[rules]\npoints_planned = 1000\n")))
    document = from_run(player_run(forged)).to_json()
    document["level"] = "warm-up"  # claims the shipped level, carries the custom hash
    code, _, err = cli(
        capsys, "scores", "--add", write(tmp_path / "f.json", document), "--name", "E"
    )
    assert code == 1 and "has changed" in one_line(err)


def test_1_a_copy_of_the_shipped_content_counts_as_the_shipped_level(tmp_path):
    copy = tmp_path / "warm-up.toml"
    shutil.copy(levels_dir() / "warm-up.toml", copy)
    level = find_level(str(copy))
    assert level.content_hash == find_level("warm-up").content_hash
    from game.scoreboard import provenance

    where = provenance(level, 1)
    assert (where.level, where.custom) == ("warm-up", False)


# --- 2: a replay's distance stretches a fixed-length level -----------------------------------


def test_2_a_fixed_length_level_ignores_the_replays_distance(tmp_path, capsys):
    level = find_level(str(short_copy(tmp_path, "warm-up")))
    honest = from_run(player_run(level)).to_json()
    stretched = dict(honest, distance_m=2000.0)
    run = verify(parse_replay(json.dumps(stretched)))[2]
    assert run is not None and run.result().to_json() == honest["result"]
    # Claiming what a run 33 times as long would have scored does not verify.
    forged = dict(stretched, result=dict(honest["result"], score=honest["result"]["score"] * 5))
    code, _, err = cli(capsys, "scores", "--add", write(tmp_path / "f.json", forged), "--name", "E")
    assert code == 1 and "does not verify" in one_line(err)


def test_2_an_endless_replay_distance_is_capped():
    level = find_level("endless")
    run = simulate(level, 1, parse_bot_spec("gaze=3-6"), distance_m=60.0)
    document = from_run(run).to_json()
    for bad in (1e9, float("inf"), -5.0, 0.0, 10.0):
        text = json.dumps(dict(document, distance_m=bad))
        with pytest.raises(Exception, match="distance_m"):
            parse_replay(text)


# --- 3: a bot's band and bot runs in a player's table ------------------------------------------


def test_3_a_bot_run_never_enters_a_players_table(tmp_path):
    run = simulate(find_level(str(short_copy(tmp_path, "warm-up"))), 2, parse_bot_spec("gaze=3-6"))
    with ScoreStore() as store, pytest.raises(Refused, match="bot"):
        enter_replay(store, from_run(run).text(), "Eve")
    with ScoreStore() as store:
        assert store.count() == 0


def test_3_a_band_past_the_levels_light_does_not_verify(tmp_path, capsys):
    level = find_level(str(short_copy(tmp_path, "headlamp")))
    assert level.gaze.max_far_m == 4.0
    bot = from_run(simulate(level, 2, parse_bot_spec("gaze=0.2-15"))).to_json()
    assert bot["gaze"] == [0.2, 15.0]  # the band is data, not read from the label
    code, _, err = cli(capsys, "replay", write(tmp_path / "b.json", bot), "--verify")
    assert code == 1 and "reaches past what the level shows" in err
    # Relabelled as a player's run, it still saw too far.
    forged = dict(bot, player=bot["bot"], result=dict(bot["result"]))
    del forged["bot"]
    forged["result"]["player"] = forged["result"].pop("bot")
    code, _, err = cli(capsys, "scores", "--add", write(tmp_path / "p.json", forged), "--name", "E")
    assert code == 1 and "reaches past" in one_line(err)


def test_3_a_label_does_not_choose_the_band(tmp_path):
    level = find_level(str(short_copy(tmp_path, "headlamp")))
    run = player_run(level, who="gaze=0.2-15")  # a player named like a bot spec
    replay = parse_replay(from_run(run).text())
    assert replay.band == (level.gaze.near_m, level.gaze.far_m)
    holds, _, again = verify(replay)
    assert holds and again.gaze_limits == (level.gaze.min_near_m, level.gaze.max_far_m)


# --- practice runs and older rules ------------------------------------------------------------


def test_a_practice_run_is_recorded_and_listed_apart(tmp_path, capsys):
    level = find_level(str(short_copy(tmp_path, "warm-up", name="w")))
    slow = player_run(level, 3)
    slow.speed = 1.0
    slow.note_speed(0.5)
    slow.note_speed(1.0)  # sped up later: the run was still partly practice
    replay = from_run(slow)
    assert replay.speed == 0.5 and replay.result["speed"] == 0.5
    normal = from_run(player_run(level, 4))
    assert normal.result["speed"] == 1.0
    for name, r in (("slow", replay), ("normal", normal)):
        assert (
            cli(capsys, "scores", "--add", write(tmp_path / name, r.to_json()), "--name", "A")[0]
            == 0
        )
    with ScoreStore() as store:
        table = sections(store, level)
    assert [e.speed for e in table.ranked] == [1.0]
    assert [e.speed for e in table.practice] == [0.5]
    out = cli(capsys, "scores", level.path)[1]
    assert "Practice runs" in out
    rows = json.loads(cli(capsys, "scores", level.path, "--json")[1])
    assert [(r["section"], r["speed"]) for r in rows] == [("ranked", 1.0), ("practice", 0.5)]


def test_older_rules_load_and_are_shown_apart(tmp_path, capsys, monkeypatch):
    level = find_level(str(short_copy(tmp_path, "warm-up", name="w")))
    path = write(tmp_path / "old.json", from_run(player_run(level)).to_json())
    assert cli(capsys, "scores", "--add", path, "--name", "Ann")[0] == 0
    import game.scores
    import game.sim.replay

    monkeypatch.setattr(game.sim.replay, "RULES_VERSION", 2)
    monkeypatch.setattr(game.scores, "RULES_VERSION", 2)
    code, out, err = cli(capsys, "replay", path)
    assert code == 0 and "older rules (version 1" in one_line(err) and "finished" in out
    code, _, err = cli(capsys, "replay", path, "--verify")
    assert code == 1 and "older rules" in err
    with ScoreStore() as store:
        table = sections(store, level)
    assert table.ranked == [] and len(table.older) == 1
    assert "older rules" in cli(capsys, "scores", level.path)[1]


def test_a_version_1_replay_still_loads(tmp_path):
    level = find_level(str(short_copy(tmp_path, "warm-up", name="w")))
    document = from_run(player_run(level)).to_json()
    document["version"] = 1
    del document["gaze"], document["speed"]
    replay = parse_replay(json.dumps(document))
    assert replay.band is None and replay.speed == 1.0
    assert verify(replay)[0] is True


def test_the_rules_version_is_one_constant():
    from game.sim import rules

    assert isinstance(rules.RULES_VERSION, int) and rules.RULES_VERSION >= 1
    source = Path(rules.__file__).read_text(encoding="utf-8")
    assert source.count("RULES_VERSION =") == 1

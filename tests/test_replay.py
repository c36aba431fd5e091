"""Replays: a run is its level, seed, shoe and command log; played again it gives the same result."""

import json

import pytest

from game.levels import find_level
from game.replays import (
    ReplayError,
    from_run,
    parse_replay,
    read_replay,
    verify,
    write_replay,
)
from game.sim.botspec import parse_bot_spec
from game.sim.driving import simulate
from game.sim.replay import play_back

LEVEL = find_level("rock-garden")


@pytest.fixture(scope="module")
def recorded():
    return from_run(simulate(LEVEL, 3, parse_bot_spec("gaze=2-5,stride=short")))


def test_the_same_inputs_give_byte_identical_results():
    spec = parse_bot_spec("gaze=1-3,brake=0.4")
    first = simulate(LEVEL, 11, spec).result().to_text()
    second = simulate(LEVEL, 11, spec).result().to_text()
    assert first == second
    assert simulate(LEVEL, 12, spec).result().to_text() != first


def test_a_replay_round_trips_through_its_file_and_verifies(tmp_path, recorded):
    path = tmp_path / "run.json"
    write_replay(path, recorded)
    back = read_replay(path)
    assert back == recorded
    holds, message, run = verify(back)
    assert holds, message
    assert run.result().to_json() == recorded.result


def test_playing_back_the_log_reproduces_every_step(recorded):
    again = play_back(recorded, LEVEL)
    original = simulate(LEVEL, 3, parse_bot_spec("gaze=2-5,stride=short"))
    assert again.events == original.events


def test_a_tampered_score_does_not_verify(recorded):
    data = recorded.to_json()
    data["result"]["score"] += 500
    holds, message, _ = verify(parse_replay(json.dumps(data)))
    assert not holds and "does not match" in message


def test_a_tampered_command_does_not_verify(recorded):
    data = recorded.to_json()
    place = next(i for i, c in enumerate(data["commands"]) if c[0] == "P" and i > 30)
    data["commands"][place][3] += 0.3
    holds, _, _ = verify(parse_replay(json.dumps(data)))
    assert not holds


def test_a_changed_level_or_rules_version_refuses_to_verify(recorded):
    data = recorded.to_json()
    data["level_hash"] = "0" * 64
    holds, message, _ = verify(parse_replay(json.dumps(data)))
    assert not holds and "has changed" in message
    data = recorded.to_json()
    data["rules_version"] = 999
    holds, message, _ = verify(parse_replay(json.dumps(data)))
    assert not holds and "rules" in message


@pytest.mark.parametrize(
    ("mangle", "expected"),
    [
        (lambda text: text[: len(text) // 2], "bad JSON"),
        (lambda text: "[1, 2, 3]", "not a Trailread replay"),
        (lambda text: text.replace('"version":2', '"version":7'), "version 7"),
        (
            lambda text: text.replace('"seed":3', '"seed":"three"'),
            "seed: missing or not a whole number",
        ),
        (lambda text: text.replace('["P",', '["Z",', 1), "commands[0]: not a command"),
        (lambda text: text.replace('"ticks":', '"ticks":-', 1), "ticks"),
    ],
)
def test_garbage_and_truncated_replays_are_named_clearly(recorded, mangle, expected):
    with pytest.raises(ReplayError) as caught:
        parse_replay(mangle(recorded.text()))
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_binary_and_missing_files_are_replay_errors(tmp_path):
    binary = tmp_path / "noise.json"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReplayError, match="not UTF-8"):
        read_replay(binary)
    with pytest.raises(ReplayError, match="No such file"):
        read_replay(tmp_path / "gone.json")

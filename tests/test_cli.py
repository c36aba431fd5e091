"""The command line: exit codes, one-line messages, JSON that scripts can read."""

import json

import pytest
from interface import RESULT_KEYS

from game.cli import main


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_levels_json_lists_every_shipped_level(capsys):
    code, out, _ = run(capsys, "levels", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {"warm-up", "root-descent", "rock-garden"} <= {r["id"] for r in rows}
    assert all({"id", "name", "length_m", "difficulty", "path"} <= set(r) for r in rows)


def test_check_passes_shipped_levels_and_fails_broken_ones(capsys, tmp_path):
    from game.paths import levels_dir

    shipped = [str(p) for p in sorted(levels_dir().glob("*.toml"))]
    assert run(capsys, "check", *shipped)[0] == 0
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "x"\nseed = -4\n')
    code, _, err = run(capsys, "check", shipped[0], str(broken))
    assert code == 2
    lines = err.strip().splitlines()
    assert f"{broken}: seed: -4 is out of range (0 to 2147483647)" in lines
    assert all(line.startswith(str(broken)) for line in lines)
    assert "Traceback" not in err


def test_sim_prints_one_json_object_per_seed(capsys):
    code, out, _ = run(capsys, "sim", "warm-up", "--bot", "gaze=3-6", "--seeds", "1-2", "--json")
    results = [json.loads(line) for line in out.strip().splitlines()]
    assert code == 0 and [r["seed"] for r in results] == [1, 2]
    keys = {*RESULT_KEYS, "bot"}
    assert all(keys <= set(r) for r in results)
    assert results[0]["score"] != results[1]["score"]


def test_sim_records_a_replay_that_verifies(capsys, tmp_path):
    path = tmp_path / "r.json"
    assert run(capsys, "sim", "rock-garden", "--seed", "4", "--record", str(path))[0] == 0
    code, out, _ = run(capsys, "replay", str(path), "--verify", "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["seed"] == 4


def test_a_tampered_replay_fails_verification_with_exit_1(capsys, tmp_path):
    path = tmp_path / "r.json"
    run(capsys, "sim", "warm-up", "--seed", "2", "--record", str(path))
    data = json.loads(path.read_text())
    data["result"]["falls"] = 0 if data["result"]["falls"] else 3
    data["result"]["score"] += 1
    path.write_text(json.dumps(data))
    code, _, err = run(capsys, "replay", str(path), "--verify")
    assert code == 1 and "does not match" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["sim", "no-such-level"], "no-such-level: level: no such level"),
        (["sim", "warm-up", "--bot", "gaze=far"], "bot spec: gaze:"),
        (["sim", "warm-up", "--bot", "plan=psychic"], "bot spec: plan: must be greedy or ideal"),
        (["sim", "warm-up", "--seeds", "9-x"], "--seeds: '9-x' is not N or A-B"),
        (["sim", "warm-up", "--shoe", "clogs"], "--shoe: 'clogs' is not allowed"),
        (["sim", "warm-up", "--seeds", "1-3", "--record", "x.json"], "--record: records one run"),
        (["replay", "/no/such/file.json"], "No such file"),
        (["frobnicate"], "invalid choice"),
        (["sim", "warm-up", "--seed", "zero"], "is not a whole number"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(capsys, argv, message):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1

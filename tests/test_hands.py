"""Input scripts and the human model play the real play screen (INTERFACE.md)."""

import json
import os
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.human import HumanSpec, HumanSpecError, parse_human_spec
from game.inputscript import InputEvent, ScriptError, parse_script, read_script, to_line
from game.paths import levels_dir


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def short_level(tmp_path, level_id: str, length_m: int) -> str:
    """A shipped level cut short, so a whole run takes seconds."""
    text = (levels_dir() / f"{level_id}.toml").read_text()
    text = re.sub(r"(?m)^length_m = .*$", f"length_m = {length_m}", text)
    path = tmp_path / f"{level_id}-short.toml"
    path.write_text(text)
    return str(path)


def script(tmp_path, events: list[dict]) -> str:
    path = tmp_path / "hands.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    return str(path)


# --- the script format -------------------------------------------------------------


def test_a_script_reads_keys_and_pointer_events_in_order():
    text = "\n".join(
        [
            '{"t_s": 0, "type": "key_down", "key": "d"}',
            "",
            '{"t_s": 1.25, "type": "mouse_move", "x": 0.42, "y": 0.35}',
            '{"t_s": 2.0, "type": "mouse_down", "x": 0.5, "y": 0.3, "button": 1}',
            '{"t_s": 2.0, "type": "key_up", "key": "left shift"}',
        ]
    )
    events = parse_script(text)
    assert events == [
        InputEvent(0.0, "key_down", key="d"),
        InputEvent(1.25, "mouse_move", x=0.42, y=0.35),
        InputEvent(2.0, "mouse_down", x=0.5, y=0.3, button=1),
        InputEvent(2.0, "key_up", key="left shift"),
    ]
    assert parse_script("\n".join(to_line(e) for e in events)) == events


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "s.jsonl:2: not a JSON object"),
        ('{"t_s": 1, "type": "jump"}', "s.jsonl:2: type: 'jump' is not one of"),
        ('{"t_s": -1, "type": "key_down", "key": "d"}', "s.jsonl:2: t_s: -1 is not between"),
        ('{"t_s": NaN, "type": "key_down", "key": "d"}', "s.jsonl:2: not a JSON object"),
        ('{"t_s": 0.5, "type": "key_down", "key": "d"}', "s.jsonl:2: t_s: 0.5 comes before"),
        ('{"t_s": 2, "type": "key_down"}', "s.jsonl:2: key: None is not a key name"),
        ('{"t_s": 2, "type": "mouse_move", "x": 1.5, "y": 0}', "s.jsonl:2: x: 1.5 is not between"),
        ('{"t_s": 2, "type": "mouse_down", "x": 0, "y": 0, "button": 9}', "s.jsonl:2: button"),
        ('{"t_s": 2, "type": "mouse_move", "x": 0, "y": 0, "key": "d"}', "s.jsonl:2: 'key': not"),
        ("[" * 100000, "s.jsonl:2: not a JSON object"),
    ],
)
def test_a_broken_line_is_named_by_file_line_and_field(line, message):
    first = '{"t_s": 1, "type": "key_down", "key": "d"}'
    with pytest.raises(ScriptError) as caught:
        parse_script(first + "\n" + line, "s.jsonl", key_known=lambda name: name == "d")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


@given(st.text(max_size=300))
def test_any_text_is_events_or_one_clear_error(text):
    try:
        events = parse_script(text, "s.jsonl")
    except ScriptError as exc:
        assert str(exc).startswith("s.jsonl:") and "\n" not in str(exc)
    else:
        assert [e.t_s for e in events] == sorted(e.t_s for e in events)


@given(
    st.dictionaries(
        st.sampled_from(["t_s", "type", "key", "x", "y", "button", "other"]),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(),
            st.text(max_size=5),
            st.sampled_from(["key_down", "mouse_move", "mouse_up"]),
        ),
    )
)
def test_any_json_object_is_an_event_or_one_clear_error(data):
    line = json.dumps(data)
    try:
        (event,) = parse_script(line, "s.jsonl")
    except ScriptError as exc:
        assert str(exc).startswith("s.jsonl:1: ")
    else:
        assert 0.0 <= event.x <= 1.0 and 0.0 <= event.y <= 1.0 and event.t_s >= 0.0


def test_a_script_that_is_not_a_regular_file_is_refused(tmp_path):
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    with pytest.raises(ScriptError, match="not a regular file"):
        read_script(fifo)
    with pytest.raises(ScriptError, match="No such file"):
        read_script(tmp_path / "missing.jsonl")


# --- the human model's spec -----------------------------------------------------------


def test_the_human_spec_reads_every_key_and_defaults_the_rest():
    assert parse_human_spec("") == HumanSpec()
    spec = parse_human_spec("reaction_ms=300, aim_cm=5,actions_per_s=2,gaze=0.5-1.5")
    assert spec == HumanSpec(300.0, 5.0, 2.0, 0.5, 1.5)
    assert parse_human_spec(spec.label()) == spec


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("speed=3", "'speed' is not one of"),
        ("aim_cm", "'aim_cm' is not key=value"),
        ("aim_cm=lots", "aim_cm: 'lots' is not a number"),
        ("reaction_ms=-5", "reaction_ms: must be between 0 and 2000"),
        ("actions_per_s=nan", "actions_per_s: must be between"),
        ("gaze=4", "gaze: '4' is not NEAR-FAR"),
        ("gaze=5-3", "gaze: FAR must be at least"),
    ],
)
def test_a_bad_human_spec_says_which_key(text, message):
    with pytest.raises(HumanSpecError, match=re.escape(message)):
        parse_human_spec(text)


# --- the real play screen, fed by hands ---------------------------------------------


def test_a_held_lane_key_plays_a_level_to_the_finish_through_the_play_screen(capsys, tmp_path):
    level = short_level(tmp_path, "warm-up", 60)
    hands = script(tmp_path, [{"t_s": 0, "type": "key_down", "key": "d"}])
    code, out, err = run(capsys, "play", level, "--seed", 4, "--input-script", hands, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["finished"] and result["distance_m"] == 60.0
    assert result["actions"] == 1  # one key went down, once
    assert result["planned"] > 0.9 * result["steps"]


def test_the_same_script_gives_the_same_result_byte_for_byte(capsys, tmp_path):
    level = short_level(tmp_path, "root-run", 50)
    events = [{"t_s": 0, "type": "mouse_move", "x": 0.5, "y": 0.3}]
    events += [
        {"t_s": 1 + 0.5 * i, "type": "mouse_move", "x": 0.4 + 0.05 * (i % 4), "y": 0.3}
        for i in range(20)
    ]
    events += [{"t_s": 4.0, "type": "mouse_down", "x": 0.55, "y": 0.25, "button": 1}]
    events += [{"t_s": 4.05, "type": "mouse_up", "x": 0.55, "y": 0.25, "button": 1}]
    hands = script(tmp_path, sorted(events, key=lambda e: e["t_s"]))
    runs = [run(capsys, "play", level, "--input-script", hands, "--json") for _ in range(2)]
    assert [code for code, _, _ in runs] == [0, 0], runs[0][2]
    outs = [out for _, out, _ in runs]
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["actions"] == 1  # the click; moving the pointer is free


def test_how_often_the_screen_is_drawn_does_not_change_the_human_models_run(tmp_path):
    """The model reads the run the screen shows, not its pixels: the medal
    measurements draw the screen rarely and must play the same run."""
    from game.levels import load_level
    from game.ui.scripted import play_as_person

    level = load_level(short_level(tmp_path, "rock-garden", 60))
    often, rarely = (
        play_as_person(level, 101, HumanSpec(), draw_every=every).result() for every in (2, 500)
    )
    assert often.actions > 0
    assert often.to_text() == rarely.to_text()


def test_the_human_model_reads_the_trail_better_looking_ahead_than_at_its_feet(capsys, tmp_path):
    level = short_level(tmp_path, "rock-garden", 70)
    scores = {}
    for gaze in ("3-6", "0.5-1.5"):
        code, out, err = run(
            capsys, "play", level, "--seed", 101, "--human-model", f"gaze={gaze}", "--json"
        )
        assert code == 0, err
        scores[gaze] = json.loads(out)
    ahead, feet = scores["3-6"], scores["0.5-1.5"]
    assert ahead["finished"] and ahead["blind"] == 0
    assert ahead["planned"] > 0.8 * ahead["steps"]
    assert feet["planned"] < 0.2 * feet["steps"]  # decided too late to be planned
    assert ahead["score"] > feet["score"]
    assert ahead["actions"] <= 1.5 * ahead["time_s"] + 1  # never more than its hands allow


def test_the_human_model_lifts_its_knees_over_roots_a_held_lane_key_trips_on(capsys, tmp_path):
    level = short_level(tmp_path, "root-run", 120)
    lane = script(
        tmp_path,
        [
            {"t_s": 0, "type": "key_down", "key": "left ctrl"},
            {"t_s": 0, "type": "key_down", "key": "d"},
        ],
    )
    for seed in (101, 102):
        code, out, err = run(capsys, "play", level, "--seed", seed, "--human-model", "", "--json")
        assert code == 0, err
        human = json.loads(out)
        code, out, err = run(
            capsys, "play", level, "--seed", seed, "--input-script", lane, "--json"
        )
        assert code == 0, err
        held = json.loads(out)
        assert 2 * human["trips"] < held["trips"] and held["trips"] >= 5
        assert human["score"] > held["score"]
        assert human["actions"] <= 1.5 * human["time_s"] + 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--human-model", "speed=3"], "human model: 'speed' is not one of"),
        (["--input-script", "missing.jsonl"], "missing.jsonl: No such file"),
        (["--input-script", "s.jsonl", "--human-model", ""], "not both"),
    ],
)
def test_bad_hands_are_one_line_and_exit_2(capsys, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.jsonl").write_text("")
    code, _, err = run(capsys, "play", "warm-up", *argv)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_script_naming_an_unknown_key_is_refused_before_the_run(capsys, tmp_path):
    hands = script(tmp_path, [{"t_s": 0, "type": "key_down", "key": "no such key"}])
    code, _, err = run(capsys, "play", "warm-up", "--input-script", hands)
    assert code == 2
    assert err.strip() == f"{hands}:1: key: 'no such key' is not a key name"


def test_the_human_model_shortens_its_steps_where_the_ground_under_them_asks_for_it():
    """Ctrl held where the laid footholds' ground is too steep for the usual
    step at this pace, not where an easy pace keeps that step inside the safe length."""
    import numpy as np

    from game.human import HumanModel, Sight
    from game.levels import find_level
    from game.sim.run import Run
    from game.sim.runner import Foothold
    from game.ui.settings import DEFAULT_KEYS

    level = find_level("root-descent")
    run = Run(level, 101)
    s = np.arange(1.0, level.length_m - 10.0, 0.5)
    grade = run.trail.rows_of("grade", s)
    steep, gentle = float(s[grade.argmin()]), float(s[grade.argmax()])
    assert grade.min() < -0.15 < -0.1 < grade.max()

    def keys_pressed(at_s: float, pace_mps: float) -> list[str]:
        human = HumanModel(parse_human_spec(""), 101, DEFAULT_KEYS)
        run.state.s_m, run.state.target_mps = at_s - 3.0, pace_mps
        run.state.queue[:] = [Foothold(at_s + 0.9 * k, 0.1, 0) for k in range(3)]
        human._consider_stride(Sight(0.0, run, at_s - 3.0, None))
        later = Sight(1.0, run, at_s - 3.0, lambda ahead, across: (0.5, 0.5))
        return [e.key for e in human.events(later) if e.type == "key_down"]

    short = DEFAULT_KEYS["stride_short"]
    assert short in keys_pressed(steep, level.pace_mps)
    assert short not in keys_pressed(gentle, 1.8)


class RecordingHands:
    """The human model's hands, with every event they send kept for the test."""

    def __init__(self, hands):
        self.hands, self.sent = hands, []

    def events_until(self, now_s, scene):
        events = self.hands.events_until(now_s, scene)
        self.sent.extend(events)
        return events


def held_s(events, key: str, end_s: float) -> float:
    """How long `key` was held down over a run that ended at `end_s`."""
    held, down_at = 0.0, None
    for e in events:
        if e.key != key:
            continue
        if e.type == "key_down" and down_at is None:
            down_at = e.t_s
        elif e.type == "key_up" and down_at is not None:
            held, down_at = held + e.t_s - down_at, None
    return held + (end_s - down_at if down_at is not None else 0.0)


def test_the_human_model_times_its_knee_drive_to_the_footfalls_that_need_it(tmp_path):
    """Lifting costs energy on every lifted step: a person drives the knee for the
    root it sees coming, not for a whole stretch of trail, and still clears it."""
    from game.human import HumanModel
    from game.levels import load_level
    from game.ui.scripted import ModelHands, play_with_hands
    from game.ui.settings import DEFAULT_KEYS

    level = load_level(short_level(tmp_path, "root-run", 150))
    for seed in (101, 102):
        hands = RecordingHands(ModelHands(HumanModel(parse_human_spec(""), seed, DEFAULT_KEYS)))
        run = play_with_hands(level, seed, hands, draw_every=10**9)
        result = run.result()
        presses = [e for e in hands.sent if e.type == "key_down" and e.key == DEFAULT_KEYS["lift"]]
        assert len(presses) >= 5  # the roots are there, and it lifts for them
        held = held_s(hands.sent, DEFAULT_KEYS["lift"], result.time_s)
        assert held < 0.2 * result.time_s  # lifting on every step would hold it throughout
        assert result.trips <= 2

"""The rule-contrast table and the bot habits it compares."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import main
from game.levels import find_level
from game.science import applies, contrasts, paired_t, verdict
from game.sim.botspec import BotSpecError, parse_bot_spec
from game.sim.commands import Lift, Place
from game.sim.driving import simulate
from game.sim.trail import Trail

WARM_UP = find_level("warm-up")


@given(st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=40))
def test_paired_t_is_the_mean_over_its_standard_error(diffs):
    values = np.array(diffs)
    t = paired_t(values)
    sd = values.std(ddof=1)
    if sd > 0.0:
        assert t == pytest.approx(values.mean() / (sd / math.sqrt(len(values))), rel=1e-6)
    else:
        assert t == 0.0 or math.isinf(t)


def test_a_contrast_holds_at_t_2_and_at_least_contrasts_hold_unless_significantly_worse():
    assert verdict(2.5, False) == "holds" and verdict(1.0, False) == "noise"
    assert verdict(-2.5, False) == "wrong"
    assert verdict(-1.0, True) == "holds" and verdict(-2.5, True) == "wrong"


def test_every_level_compares_its_own_shoe_with_every_other_it_allows():
    mud = find_level("mud-bath")
    shoes = {c.habit_shoe for c in contrasts(mud) if c.rule == "shoe"}
    assert shoes == set(mud.shoes) - {mud.default_shoe}
    assert all(c.coach_shoe == mud.default_shoe for c in contrasts(mud))


def test_the_new_habit_keys_parse_and_name_the_bot():
    spec = parse_bot_spec("lift=always,step=0.9,line=centre,pace=4")
    assert (spec.lift, spec.step_m, spec.line, spec.pace_mps) == ("always", 0.9, "centre", 4.0)
    assert spec.label().endswith(",pace=4,lift=always,step=0.9,line=centre")
    assert parse_bot_spec("gaze=3-6").label() == "gaze=3-6,stride=natural,brake=0,plan=greedy"
    for bad in ("lift=sometimes", "step=3", "line=zigzag", "step=x"):
        with pytest.raises(BotSpecError):
            parse_bot_spec(bad)


def short(level, length=80.0):
    import dataclasses

    return dataclasses.replace(level, length_m=length)


def test_lift_never_never_lifts_and_lift_always_lifts_from_the_start():
    level = short(find_level("root-run"))
    never = simulate(level, 7, parse_bot_spec("lift=never"))
    assert not any(isinstance(c, Lift) and c.on for c in never.log)
    always = simulate(level, 7, parse_bot_spec("lift=always"))
    lifts = [c for c in always.log if isinstance(c, Lift)]
    assert lifts and lifts[0].on and all(c.on for c in lifts)


def test_a_fixed_step_places_every_seen_foothold_that_far_apart():
    run = simulate(short(WARM_UP), 7, parse_bot_spec("step=0.9"))
    places = [c.s_m for c in run.log if isinstance(c, Place)]
    assert np.allclose(np.diff(places), 0.9, atol=1e-3)


def test_the_centre_line_stays_beside_the_centre_and_random_footholds_repeat_by_seed():
    centre = simulate(short(WARM_UP), 7, parse_bot_spec("line=centre"))
    xs = [c.x_m for c in centre.log if isinstance(c, Place)]
    assert max(abs(x) for x in xs[4:]) <= 0.05 + 1e-9
    a, b = (simulate(short(WARM_UP), 7, parse_bot_spec("line=random")) for _ in range(2))
    assert a.log == b.log
    c = simulate(short(WARM_UP), 8, parse_bot_spec("line=random"))
    assert [p.x_m for p in a.log if isinstance(p, Place)] != [
        p.x_m for p in c.log if isinstance(p, Place)
    ]


def test_the_lane_runner_holds_the_centre_lane_key_and_lets_the_steering_lay_its_steps():
    level = short(find_level("root-run"))
    lane = simulate(level, 7, parse_bot_spec("line=lane,stride=short"))
    assert [type(c).__name__ for c in lane.log] == ["SteerLane", "Stride"]
    assert lane.log[0].lane == 0 and lane.log[1].stride == "short"
    result = lane.result()
    assert result.finished and result.steps > 50
    # Steps within the snapping reach of the centre, never chosen further out.
    assert max(abs(step.x_m) for step in lane.steps) < 0.3
    # It reads nothing, so it never lifts: on roots it trips where a reader does not.
    good = simulate(level, 7, parse_bot_spec("gaze=3-6")).result()
    assert result.trips > good.trips + 2


def test_the_lane_runner_holds_the_lane_key_its_spec_names():
    spec = parse_bot_spec("line=lane,lane=-2,stride=short")
    assert spec.lane == -2 and parse_bot_spec(spec.label()) == spec
    assert parse_bot_spec("line=lane").label().endswith(",line=lane")  # the centre is unsaid
    for bad in ("lane=1", "line=lane,lane=3", "line=lane,lane=1.5"):
        with pytest.raises(BotSpecError, match="lane"):
            parse_bot_spec(bad)
    level = short(find_level("root-run"))
    left = simulate(level, 7, spec)
    assert left.log[0].lane == -2
    # Its steps run a lane's width left of the centre, snapped, never chosen.
    xs = np.array([step.x_m for step in left.steps[5:]])
    assert -0.8 < xs.mean() < -0.2 and xs.max() < 0.0


def test_science_prints_the_table_as_json_with_a_row_per_contrast(tmp_path, capsys):
    text = Path(WARM_UP.path).read_text(encoding="utf-8")
    path = tmp_path / "tiny.toml"
    path.write_text(text.replace("length_m = 400", "length_m = 50"), encoding="utf-8")
    assert main(["science", str(path), "--seeds", "900-902", "--json", "--jobs", "1"]) == 0
    record = json.loads(capsys.readouterr().out)
    rows = record["rows"]
    assert len(rows) == len(contrasts(WARM_UP))
    feet = next(r for r in rows if r["contrast"].startswith("gaze 3–6 > 0.5"))
    assert feet["seeds"] == 3 and feet["diff_mean"] == pytest.approx(
        feet["coach_mean"] - feet["habit_mean"], abs=0.2
    )
    assert {e["contrast"] for e in record["summary"]} >= {"gaze 3–6 > 2–4 m"}


def test_science_refuses_one_seed_and_a_shoe_the_level_does_not_allow(capsys):
    assert main(["science", "warm-up", "--seeds", "5"]) == 2
    assert main(["science", "wet-slabs", "--shoe", "mud", "--seeds", "1-2"]) == 2
    assert main(["science", "warm-up", "--jobs", "3", "--seeds", "1-2"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 3


def test_lift_applies_where_the_level_teaches_it_or_has_tall_obstacles():
    root_run, warm_up, rocks = (find_level(i) for i in ("root-run", "warm-up", "rock-garden"))
    assert root_run.rule == "lift" and applies(root_run, "lift", Trail(root_run, 200))
    assert applies(rocks, "lift", Trail(rocks, 200))  # 29 % of its metres over 0.12 m
    assert not applies(warm_up, "lift", Trail(warm_up, 200))

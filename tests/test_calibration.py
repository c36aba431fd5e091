"""Calibration: measured by bots over several seeds, the behaviours the coaching warns against lose."""

import functools
import statistics

import pytest

from game.levels import find_level
from game.sim.bots import parse_bot_spec, simulate

SEEDS = (1, 2, 3, 4)


@functools.cache
def mean_score(level_id: str, spec: str, shoe: str | None = None) -> float:
    level = find_level(level_id)
    return statistics.mean(
        simulate(level, s, parse_bot_spec(spec), shoe).result().score for s in SEEDS
    )


@functools.cache
def mean_time(level_id: str, spec: str) -> float:
    level = find_level(level_id)
    return statistics.mean(simulate(level, s, parse_bot_spec(spec)).result().time_s for s in SEEDS)


@pytest.mark.parametrize("level", ["warm-up", "root-descent", "rock-garden"])
def test_looking_at_your_feet_clearly_loses_to_eyes_3_to_6_m_ahead(level):
    near, up = mean_score(level, "gaze=0.5-1.5"), mean_score(level, "gaze=3-6")
    assert up - near > 0.5 * abs(up)


@pytest.mark.parametrize("level", ["warm-up", "root-descent", "rock-garden"])
def test_the_gain_from_looking_further_saturates(level):
    near, up, further = (mean_score(level, f"gaze={g}") for g in ("0.5-1.5", "3-6", "5-8"))
    assert abs(further - up) < 0.2 * (up - near)


@pytest.mark.parametrize("level", ["root-descent", "loose-descent"])
def test_long_strides_lose_to_short_quick_steps_on_technical_descents(level):
    assert mean_score(level, "gaze=3-6,stride=long") < mean_score(level, "gaze=3-6,stride=short")


@pytest.mark.parametrize("level", ["root-descent", "rock-garden", "loose-descent"])
def test_a_braking_stiff_runner_loses_to_a_relaxed_one(level):
    assert mean_score(level, "gaze=3-6,brake=0.8") < mean_score(level, "gaze=3-6")


@pytest.mark.parametrize(
    "level", ["warm-up", "root-run", "root-descent", "rock-garden", "look-up", "wet-slabs"]
)
def test_the_ideal_line_beats_every_greedy_bot(level):
    """On technical trails by its line; on runnable paths, where any line is
    good, by holding the quick rhythm as well as a bot set on it."""
    ideal = mean_score(level, "plan=ideal")
    for spec in (
        "gaze=3-6",
        "gaze=5-8",
        "gaze=3-6,stride=short",
        "gaze=3-6,stride=long",
        "gaze=3-6,brake=0.8",
    ):
        assert ideal > mean_score(level, spec), spec


def test_a_good_line_through_the_rock_garden_is_slower_but_scores_better_than_charging():
    careful, charging = "gaze=3-6,pace=2.4", "gaze=3-6,pace=3.6"
    assert mean_time("rock-garden", careful) > mean_time("rock-garden", charging) + 20
    assert mean_score("rock-garden", careful) > mean_score("rock-garden", charging)


def test_the_right_shoes_matter_in_the_mud():
    assert mean_score("mud-bath", "gaze=3-6", "mud") > mean_score("mud-bath", "gaze=3-6", "road")


def test_scores_vary_across_seeds_and_levels():
    per_seed = [
        simulate(find_level("rock-garden"), s, parse_bot_spec("gaze=3-6")).result().score
        for s in SEEDS
    ]
    assert len(set(per_seed)) == len(SEEDS) and statistics.pstdev(per_seed) > 50
    means = {lv: mean_score(lv, "gaze=3-6") for lv in ("warm-up", "root-descent", "rock-garden")}
    assert len({round(m, -1) for m in means.values()}) == 3

"""Calibration: measured by bots over several seeds, the behaviours the coaching warns against lose."""

import dataclasses
import functools
import statistics

import pytest

from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.sim.driving import simulate

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
    assert up - near > abs(up) / 3


@pytest.mark.parametrize("level", ["warm-up", "root-descent", "rock-garden"])
def test_the_gain_from_looking_further_saturates(level):
    near, up, further = (mean_score(level, f"gaze={g}") for g in ("0.5-1.5", "3-6", "5-8"))
    assert abs(further - up) < 0.2 * (up - near)


@pytest.mark.parametrize("level", ["root-descent", "loose-descent"])
def test_long_strides_lose_to_short_quick_steps_on_technical_descents(level):
    assert mean_score(level, "gaze=3-6,stride=long") < mean_score(level, "gaze=3-6,stride=short")


def test_a_natural_stride_is_a_habit_kept_where_the_ground_asks_for_short_steps():
    # Down loose stones a natural stride oversteps the ground's safe length; the
    # bot keeps it, as a runner keeps a habit, where short steps stay inside it.
    scree = dataclasses.replace(find_level("scree-slope"), length_m=200.0)
    for seed in SEEDS[:3]:
        over = {
            stride: sum(
                "overstride" in step.reasons
                for step in simulate(scree, seed, parse_bot_spec(f"stride={stride}")).steps
            )
            for stride in ("short", "natural")
        }
        assert over["short"] <= 1 and over["natural"] >= 4, over


@pytest.mark.parametrize("level", ["root-descent", "rock-garden", "loose-descent"])
def test_a_braking_stiff_runner_loses_to_a_relaxed_one(level):
    assert mean_score(level, "gaze=3-6,brake=0.8") < mean_score(level, "gaze=3-6")


@pytest.mark.parametrize(
    "level", ["warm-up", "root-run", "root-descent", "rock-garden", "look-up", "wet-slabs"]
)
def test_the_ideal_line_beats_every_habit(level):
    """Long strides, a braking runner, eyes near the feet: the planner's line,
    read in full, scores above each of them."""
    ideal = mean_score(level, "plan=ideal")
    habits = ["gaze=1-2", "gaze=3-6,stride=long", "gaze=3-6,brake=0.8"]
    for spec in habits:
        assert ideal > mean_score(level, spec), spec


@pytest.mark.parametrize(
    "level", ["root-run", "root-descent", "rock-garden", "look-up", "wet-slabs"]
)
def test_the_ideal_line_beats_the_greedy_readers_on_technical_ground(level):
    """Where roots, rocks, a far view or wet rock make footholds matter, knowing
    the whole trail beats choosing each foothold as it comes into view. (Not on
    Warm-Up's open meadow, where a greedy reader's quick steps score within
    half a per cent of the planner's line.)"""
    ideal = mean_score(level, "plan=ideal")
    for spec in ("gaze=3-6", "gaze=3-6,stride=short"):
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


# --- what the v2 model guarantees (measured on seeds 1-4; tuned on others) ---


@pytest.mark.parametrize("level", ["root-run", "rock-garden", "mud-bath"])
def test_eyes_3_to_6_m_ahead_beat_2_to_4_m_at_the_levels_pace(level):
    """Reading a spot takes time: a 2-m-wide band nearer the feet gives less of it."""
    assert mean_score(level, "gaze=3-6,stride=short") > mean_score(level, "gaze=2-4,stride=short")


@pytest.mark.parametrize("level", ["root-run", "rock-garden", "snowline"])
def test_looking_8_to_12_m_ahead_gains_nothing_over_3_to_6(level):
    """What is read that far ahead has faded by the time the foot lands."""
    assert mean_score(level, "gaze=3-6,stride=short") >= mean_score(level, "gaze=8-12,stride=short")


@pytest.mark.parametrize("level", ["root-run", "root-descent", "rock-garden"])
def test_never_lifting_loses_where_roots_and_rocks_stand_tall(level):
    assert mean_score(level, "gaze=3-6,lift=never") < mean_score(level, "gaze=3-6")


@pytest.mark.parametrize("level", ["root-run", "snowline", "mud-bath"])
def test_lifting_on_every_step_loses_to_lifting_when_needed(level):
    assert mean_score(level, "gaze=3-6,lift=always") < mean_score(level, "gaze=3-6")


@pytest.mark.parametrize("level", ["warm-up", "rock-garden", "wet-slabs"])
def test_crawling_and_feet_gazing_at_a_slow_pace_lose_to_running_well(level):
    good = mean_score(level, "gaze=3-6,stride=short")
    assert mean_score(level, "gaze=3-6,stride=short,pace=1.5") < good
    assert mean_score(level, "gaze=0.5-1.5,pace=2") < good


def test_the_level_shoe_wins_on_its_ground_and_no_shoe_wins_everywhere():
    """For the sensible runner (short quick steps, eyes 3-6 m ahead)."""
    sensible = "gaze=3-6,stride=short"
    assert mean_score("wet-slabs", sensible, "rock") > mean_score("wet-slabs", sensible, "trail")
    assert mean_score("snowline", sensible, "mud") > mean_score("snowline", sensible, "rock")
    for level in ("mud-bath", "wet-slabs", "rock-garden"):
        worst = min(find_level(level).shoes, key=lambda shoe: mean_score(level, sensible, shoe))
        assert worst == "road", level

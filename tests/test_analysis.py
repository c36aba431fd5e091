"""`trailread analyze`: aggregates that match `sim`, a real chart, clear errors."""

import json

import pygame
import pytest

from game.analysis import (
    PRESETS,
    Aggregate,
    aggregate,
    anticipation_knee,
    bot_specs,
    run_all,
    sweep_campaign,
)
from game.cli import main
from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.sim.driving import simulate


def test_aggregates_match_running_sim_for_the_same_seeds():
    specs = ["gaze=0.5-1.5", "gaze=3-6"]
    results = run_all("warm-up", specs, [1, 2, 3], jobs=2)
    for spec in specs:
        direct = [
            simulate(find_level("warm-up"), seed, parse_bot_spec(spec)).result().to_json()
            for seed in (1, 2, 3)
        ]
        assert results[spec] == direct
        agg = aggregate(spec, results[spec])
        assert agg.score_mean == pytest.approx(sum(r["score"] for r in direct) / 3, abs=0.05)
        assert agg.runs == 3


def test_the_anticipation_preset_sweeps_half_a_metre_to_nine():
    fars = [parse_bot_spec(s).gaze_far_m for s in PRESETS["anticipation"]]
    assert fars[0] == 0.5 and fars[-1] == 9.0 and fars == sorted(fars)
    assert bot_specs("anticipation") == PRESETS["anticipation"]


def test_analyze_writes_json_and_a_labelled_png(capsys, tmp_path):
    out = tmp_path / "curve.png"
    code = main(
        [
            "analyze",
            "warm-up",
            "--bots",
            "gaze=0.5-1;gaze=1.5-3;gaze=3-6",
            "--seeds",
            "1-2",
            "--json",
            "--out",
            str(out),
            "--jobs",
            "1",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    scores = [b["score_mean"] for b in report["bots"]]
    assert report["runs"] == 6 and scores[0] < scores[2]
    # A sweep of bands alone: the knee of its curve is reported, inside the sweep.
    assert 1.0 <= report["knee"]["far_m"] <= 6.0 and report["knee"]["ahead_s"] > 0
    image = pygame.image.load(str(out))
    assert image.get_size() == (1200, 720)
    # The title is drawn in ink on the dark backdrop.
    title = [image.get_at((x, 32))[:3] for x in range(30, 400)]
    assert sum(1 for c in title if sum(c) > 500) > 50


@pytest.mark.parametrize(
    ("bots", "message"), [("gaze=9-1", "--bots: 'gaze=9-1'"), (";", "--bots: give")]
)
def test_bad_bot_lists_are_one_line_errors(capsys, bots, message):
    assert main(["analyze", "warm-up", "--bots", bots, "--seeds", "1-2"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def sweep_rows(points: list[tuple[float, float]], time_s: float = 100.0) -> list[Aggregate]:
    return [
        Aggregate(f"gaze={far / 2:g}-{far:g}", 1, 1.0, score, 0, time_s, 0, 0, 0, 0, 0, 170, far)
        for far, score in points
    ]


def test_the_knee_is_where_the_curve_has_bought_nine_tenths_of_its_gain():
    # Gain 1000 over the nearest band: 900 is reached half-way from 2 m to 3 m.
    rows = sweep_rows([(1.0, 0.0), (2.0, 800.0), (3.0, 1000.0), (6.0, 990.0)])
    knee = anticipation_knee(rows, length_m=300.0)  # 3 m/s
    assert knee.far_m == pytest.approx(2.5)
    assert knee.ahead_s == pytest.approx(2.5 / 3.0, abs=0.01)
    assert knee.gain == 1000.0
    # In any order; a curve that never rises has no knee.
    assert anticipation_knee(rows[::-1], 300.0) == knee
    assert anticipation_knee(sweep_rows([(1.0, 5.0), (2.0, 5.0)]), 300.0) is None


def test_the_campaign_sweep_runs_every_band_on_every_level_and_seed():
    assert sweep_campaign(["warm-up", "quick-feet"], [1], jobs=2) == 2 * 12

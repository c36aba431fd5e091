"""The campaign's medal thresholds, measured by bots on each level's own trail.

Two typical runners are measured: a careful beginner (looking 1–2 m ahead, a
little slower than the level's pace) and a good runner (eyes 3–6 m ahead, at
the level's pace); on technical ground the careful one often scores more.
Bronze is within reach of the weaker of the two, silver asks more than either
scores, gold needs a line close to the ideal one.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.levels import LevelSpec
from game.sim.bots import parse_bot_spec, simulate

BEGINNER = "gaze=1-2,pace={pace:g}"
GOOD = "gaze=3-6"
IDEAL = "plan=ideal"
GOLD_SHARE = 0.97  # of the ideal line's score
SILVER_SHARE = 1.0  # of the better typical runner's
BRONZE_SHARE = 0.9  # of the weaker typical runner's


@dataclass(frozen=True)
class BotScores:
    beginner: float
    good: float
    ideal: float


def bot_scores(level: LevelSpec) -> BotScores:
    pace = max(1.5, round((level.pace_mps - 0.3) * 4) / 4)
    scores = [
        simulate(level, level.seed, parse_bot_spec(spec.format(pace=pace))).result().score
        for spec in (BEGINNER, GOOD, IDEAL)
    ]
    return BotScores(*scores)


def medal_thresholds(scores: BotScores) -> tuple[int, int, int]:
    """(bronze, silver, gold), rounded to 50 points and strictly rising."""

    def down50(x: float) -> int:
        return max(50, int(x // 50) * 50)

    bronze = down50(BRONZE_SHARE * min(scores.beginner, scores.good))
    silver = max(bronze + 50, down50(SILVER_SHARE * max(scores.beginner, scores.good)))
    gold = max(silver + 50, down50(GOLD_SHARE * scores.ideal))
    return bronze, silver, gold


def daily_seed(day) -> int:
    """The daily trail's seed: the same trail for every runner on a given day."""
    return int(day.strftime("%Y%m%d"))

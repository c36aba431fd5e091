"""The campaign's medal thresholds, measured over many seeds of each level.

Four runners are measured on the same trails: a careful beginner bot (looking
1–2 m ahead, a little slower than the level's pace), a good player (the human
model at its defaults: a person's reaction, aim and few actions a second,
reading 3–6 m ahead, playing the real play screen), the ideal line, and the
five lane keys held down. Bronze is about the beginner's median score, silver
the good player's median, and gold sits where the ideal line reaches it on at
least nine seeds in ten and the good player on at most one in four.

Silver is a player's, not a bot's: a bot re-chooses every foothold, some 550
times a run, and runs within a few per cent of the ideal line, which no hand
on a pointer and a few keys can match. A medal says the runner read the
trail, so bronze is out of reach of one who holds a lane key and reads
nothing: it sits clear above the best that any lane key scored on any of the
seeds, as far as the good player still reaches it on nine seeds in ten.
`trailread medals` measures them and writes them into the level files; the
seeds are none of the test suite's. It measures each level's par first
(`game.par`): a run's time is scored against it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from game.human import HumanSpec
from game.levels import LevelSpec, find_level, list_levels
from game.par import par_factors, write_par_factor
from game.sim.botspec import parse_bot_spec
from game.sim.commands import LANES as LANE_KEYS
from game.sim.driving import simulate
from game.sim.judge import medal_for
from game.sim.trail import Trail
from game.tutorial import LEVEL_ID as TUTORIAL
from game.ui.scripted import play_as_person
from game.workers import MAX_JOBS, each, level_ref

BEGINNER = "gaze=1-2,pace={pace:g}"
PERSON = "person"  # in a list of runners: the good player, not a bot spec
PLAYER = HumanSpec()  # reaction 250 ms, aim 8 cm, 1.5 actions a second, eyes 3-6 m ahead
# The good player reads the run the screen shows, not its pixels: drawing the
# screen once every two seconds of the run plays the same run 2.6 times faster.
PERSON_DRAW_EVERY = 120
IDEAL = "plan=ideal"
# Holding one lane key, any of the five, with short or natural steps: what
# mashing one lane key earns (the steering snaps each step; nothing else is
# chosen). A side lane can run clear of what the centre runs into.
LANES = tuple(
    f"line=lane,lane={lane},stride={stride}"
    for lane in LANE_KEYS
    for stride in ("short", "natural")
)
# Bronze is this far above the lane runners' best over the medal seeds. Tuned:
# a key pressed and let go re-lays the steps at its own rhythm, another draw of
# the same unread line, and mashing one at 8 Hz with Ctrl scored 9.1 % over
# the best held-lane run on Rock Garden (seeds 101-110, 1 run of 700).
LANE_MARGIN = 0.10
# ... but the good player still reaches bronze on nine seeds in ten: a held
# lane's rare best run comes within 10 % of a player who reads the trail on
# most levels past Root Descent, and bronze is a reader's medal first.
PLAYER_BRONZE_SHARE = 0.9
MEDAL_SEEDS = tuple(range(600, 620))  # 20 seeds no test uses
IDEAL_GOLD_SHARE = 0.9  # the ideal line gets gold on at least this share of seeds
PLAYER_GOLD_SHARE = 0.25  # and the good player on at most this share


@dataclass(frozen=True)
class RunnerScores:
    """Each runner's scores over the same seeds."""

    beginner: tuple[float, ...]
    player: tuple[float, ...]
    ideal: tuple[float, ...]
    lane: tuple[float, ...] = ()  # the better of the lane runners, seed by seed


def beginner_pace(level: LevelSpec) -> float:
    return max(1.5, round((level.pace_mps - 0.3) * 4) / 4)


def runners_of(level: LevelSpec) -> tuple[str, ...]:
    """The runners medals are measured with, in `RunnerScores`' order, lanes last."""
    return (BEGINNER.format(pace=beginner_pace(level)), PERSON, IDEAL, *LANES)


def _seed_scores(task: tuple[str, int, tuple[str, ...]]) -> tuple[str, int, list[float]]:
    """Every runner's score on one seed of a level, its trail generated once."""
    ref, seed, runners = task
    level = find_level(ref)
    trail = Trail(level, seed, shared=True)
    scores = []
    for runner in runners:
        if runner == PERSON:
            run = play_as_person(level, seed, PLAYER, draw_every=PERSON_DRAW_EVERY)
        else:
            run = simulate(level, seed, parse_bot_spec(runner), trail=trail)
        scores.append(run.result().score)
    return ref, seed, scores


def measure(
    levels: list[LevelSpec], seeds, runners_for=runners_of, jobs: int = 1, progress=None
) -> dict[str, np.ndarray]:
    """Each level's scores, a row per seed and a column per runner of `runners_for(level)`."""
    refs = {level_ref(lv): lv for lv in levels}
    tasks = [(ref, seed, runners_for(lv)) for ref, lv in refs.items() for seed in seeds]
    rows: dict[str, dict[int, list[float]]] = {lv.id: {} for lv in levels}
    for done, (ref, seed, scores) in enumerate(each(_seed_scores, tasks, jobs), 1):
        rows[refs[ref].id][seed] = scores
        if progress:
            progress(done, len(tasks))
    return {lid: np.array([by_seed[s] for s in seeds]) for lid, by_seed in rows.items()}


def runner_scores(level: LevelSpec, seeds=MEDAL_SEEDS, jobs: int = 1) -> RunnerScores:
    return scores_of(measure([level], seeds, jobs=jobs)[level.id])


def scores_of(table: np.ndarray) -> RunnerScores:
    beginner, player, ideal, *lanes = table.T
    return RunnerScores(
        *(tuple(float(v) for v in col) for col in (beginner, player, ideal, np.max(lanes, axis=0)))
    )


def medal_thresholds(scores: RunnerScores, lane_floor: bool = True) -> tuple[int, int, int]:
    """(bronze, silver, gold), on 50-point steps and strictly rising.

    Bronze is the beginner's median, raised clear above the lane runners' best
    though no higher than the good player reaches on nine seeds in ten; not on
    the first level (`lane_floor` false), where a new player may still be
    finding the keys. Silver is the good player's median. Gold is the highest
    threshold the ideal line still reaches on nine seeds in ten, and at least
    above what the good player reaches on one seed in four; where the ideal
    line runs no better than that, `gold_shares` says so and `trailread
    medals` prints it.
    """

    def down50(x: float) -> int:
        return max(50, int(x // 50) * 50)

    def at_share(values, share: float) -> float:
        """The score reached on `share` of the seeds."""
        return float(np.quantile(values, 1.0 - share))

    bronze = down50(float(np.median(scores.beginner)))
    silver = down50(float(np.median(scores.player)))
    if lane_floor and scores.lane:
        above_lanes = down50((1.0 + LANE_MARGIN) * max(scores.lane)) + 50
        bronze = max(bronze, min(above_lanes, down50(at_share(scores.player, PLAYER_BRONZE_SHARE))))
    silver = max(silver, bronze + 50)
    gold = max(
        down50(at_share(scores.ideal, IDEAL_GOLD_SHARE)),
        down50(at_share(scores.player, PLAYER_GOLD_SHARE)) + 50,
    )
    return bronze, silver, max(silver + 50, gold)


def _share_at_least(values, threshold: float) -> float:
    return float(np.mean(np.asarray(values) >= threshold))


def gold_shares(scores: RunnerScores, gold: float) -> tuple[float, float]:
    """The shares of seeds on which the ideal line and the good player reach gold."""
    return _share_at_least(scores.ideal, gold), _share_at_least(scores.player, gold)


def write_medals(path: str, medals: tuple[int, int, int]) -> None:
    """Rewrite the `[medals]` table of a level file in place, the rest untouched."""
    text = Path(path).read_text(encoding="utf-8")
    for name, value in zip(("bronze", "silver", "gold"), medals, strict=True):
        text, count = re.subn(
            rf"(\[medals\][^\[]*?^{name}\s*=\s*)\d+", rf"\g<1>{value}", text, flags=re.M | re.S
        )
        if count != 1:
            raise ValueError(f"{path}: medals.{name}: not found to rewrite")
    Path(path).write_text(text, encoding="utf-8")


CHECK_SEEDS = "101-110"


def medals_command(args) -> int:
    """`trailread medals [LEVEL...] [--write | --check]`: measure and show (and
    write) the thresholds, or check the good player against them on other seeds."""
    from game.analysis import _progress_bar
    from game.cli import BadInput, parse_seeds

    if args.write and args.check:
        raise BadInput("medals: --check measures against the thresholds; leave out --write")
    if args.seeds is not None and not args.check:
        raise BadInput(
            f"medals: thresholds are measured on seeds {MEDAL_SEEDS[0]}-"
            f"{MEDAL_SEEDS[-1]}; --seeds goes with --check"
        )
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        raise BadInput(f"--jobs: must be 1 or {MAX_JOBS}")
    jobs = args.jobs or MAX_JOBS
    named = [find_level(ref) for ref in args.levels] if args.levels else list_levels()
    # An endless trail has a par (its first kilometres) but no finish for medals.
    levels = [lv for lv in named if not lv.endless and (args.levels or lv.id != TUTORIAL)]
    progress = _progress_bar(sys.stderr)
    if args.check:
        if any(lv.endless for lv in named) and args.levels:
            raise BadInput("medals: --check: an endless trail has no finish to score medals at")
        seeds = parse_seeds(args.seeds or CHECK_SEEDS)
        table = measure(levels, seeds, lambda lv: (PERSON, IDEAL), jobs, progress)
        return _report_check(levels, table, len(seeds))
    _measure_par(named, jobs, args.write)
    first = min(level.order for level in list_levels())
    table = measure(levels, MEDAL_SEEDS, jobs=jobs, progress=progress)
    for level in levels:
        scores = scores_of(table[level.id])
        medals = medal_thresholds(scores, lane_floor=level.order != first)
        ideal_share, player_share = gold_shares(scores, medals[2])
        print(
            f"{level.id:<16} bronze {medals[0]:>6} silver {medals[1]:>6} gold {medals[2]:>6}"
            f"  (gold: ideal {ideal_share:.0%}, player {player_share:.0%} of "
            f"{len(MEDAL_SEEDS)} seeds; was {level.medals.bronze}/{level.medals.silver}/"
            f"{level.medals.gold})"
            + ("  ideal line too close" if ideal_share < IDEAL_GOLD_SHARE else ""),
            flush=True,
        )
        if args.write and level.path:
            write_medals(level.path, medals)
    return 0


def _measure_par(levels: list[LevelSpec], jobs: int, write: bool) -> None:
    """Each level's par factor, shown (and written before the medals are
    measured, since a run's time points depend on it)."""
    factors = par_factors(levels, MEDAL_SEEDS, jobs)
    for level in levels:
        factor = factors[level.id]
        print(f"{level.id:<16} par x{factor:.3f} (was x{level.medals.par_factor:.3f})", flush=True)
        if write and level.path:
            write_par_factor(level.path, factor)


def _report_check(levels: list[LevelSpec], table: dict[str, np.ndarray], seeds: int) -> int:
    """The good player's median beside the ideal line's and the level's medals;
    exit 1 when the median wins no medal on a level."""
    won = []
    for level in levels:
        player, ideal = table[level.id].T
        median = float(np.median(player))
        medal = medal_for(level, median, finished=True)
        won.append(medal)
        m = level.medals
        print(
            f"{level.id:<16} player {median:>7,.0f} ({medal}; silver on "
            f"{np.sum(player >= m.silver)}/{seeds}, bronze on {np.sum(player >= m.bronze)}/{seeds})"
            f"  ideal {float(np.median(ideal)):>7,.0f}"
            f"  medals {m.bronze:,}/{m.silver:,}/{m.gold:,}",
            flush=True,
        )
    silver = sum(medal in ("silver", "gold") for medal in won)
    print(
        f"the good player's median wins a medal on {len(won) - won.count('none')} of "
        f"{len(won)} levels, silver or gold on {silver}"
    )
    return 1 if "none" in won else 0

"""`trailread science`: does each coaching rule pay off on each level?

For every level and every rule, the coach's choice and the habit it warns
against run the same trails (the same seeds, each seed's trail generated once
and shared by all its runs), and the paired score difference is tested with a
paired t over the seeds. A contrast *holds* at t ≥ 2; a "≥" contrast (looking
further than 3–6 m gains nothing) holds unless it is significantly wrong.

A contrast *applies* where the level teaches or contains its rule: stride and
brake where the trail has descents, lift where the level teaches it or has
obstacles a relaxed swing does not clear, pace and shoes where the level's tip
is about them. The habits (crawling, lifting on every step, ...) apply
everywhere.
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import time
from dataclasses import asdict, dataclass

import numpy as np

from game.levels import LevelSpec, find_level, list_levels
from game.par import ENDLESS_M, SENSIBLE
from game.sim.botspec import parse_bot_spec
from game.sim.driving import simulate
from game.sim.trail import Trail
from game.workers import MAX_JOBS, each, level_ref

# The sensible runner (`game.par.SENSIBLE`): eyes 3–6 m ahead, short quick
# steps, lift when needed, the level's pace and the level's shoe. An endless
# level is measured over its first three kilometres (`game.par.ENDLESS_M`):
# its tip is about what charging the easy early ones costs once the ground
# gets harder.
T_HOLDS = 2.0
DESCENT_GRADE = -0.08  # a descent: steeper than 8 % down
DESCENT_SHARE = 0.15  # ... over at least this share of the trail
TALL_M = 0.12  # an obstacle a relaxed, fresh swing does not clear (rules.clearance_m)
TALL_SHARE = 0.03  # ... on at least this share of the trail's metres


@dataclass(frozen=True, slots=True)
class Contrast:
    name: str
    rule: str  # gaze, stride, brake, lift, pace, shoe, habit
    coach: str  # a bot SPEC (pace keys given relative to the level: see `_spec`)
    habit: str
    at_least: bool = False  # coach ≥ habit: holds unless significantly worse
    coach_shoe: str = ""
    habit_shoe: str = ""


def contrasts(level: LevelSpec, shoe: str = "") -> list[Contrast]:
    """The contrast table's rows for this level (its shoes, its pace); every run
    in `shoe`, the level's own by default, but the other shoes'."""
    shoe = shoe or level.default_shoe
    rows = [
        Contrast("gaze 3–6 > 0.5–1.5 m", "gaze", SENSIBLE, "gaze=0.5-1.5,stride=short"),
        Contrast("gaze 3–6 > 1–2 m", "gaze", SENSIBLE, "gaze=1-2,stride=short"),
        Contrast("gaze 3–6 > 2–4 m", "gaze", SENSIBLE, "gaze=2-4,stride=short"),
        Contrast("gaze 3–6 ≥ 8–12 m", "gaze", SENSIBLE, "gaze=8-12,stride=short", True),
        Contrast("stride short > natural", "stride", SENSIBLE, "gaze=3-6,stride=natural"),
        Contrast("stride natural > long", "stride", "gaze=3-6", "gaze=3-6,stride=long"),
        Contrast("brake 0 > brake 1", "brake", SENSIBLE, SENSIBLE + ",brake=1"),
        Contrast("lift when needed > never", "lift", SENSIBLE, SENSIBLE + ",lift=never"),
        Contrast("level pace > pace −0.5", "pace", SENSIBLE, SENSIBLE + ",pace=-0.5"),
        Contrast("level pace > pace +0.5", "pace", SENSIBLE, SENSIBLE + ",pace=+0.5"),
    ]
    rows += [
        Contrast(f"{shoe} shoe ≥ {other}", "shoe", SENSIBLE, SENSIBLE, True, shoe, other)
        for other in level.shoes
        if other != shoe
    ]
    rows += [
        Contrast("sensible > lift every step", "habit", SENSIBLE, SENSIBLE + ",lift=always"),
        Contrast("sensible > crawl 1.5 m/s", "habit", SENSIBLE, SENSIBLE + ",pace=1.5"),
        Contrast("sensible > feet-gazing, slow", "habit", SENSIBLE, "gaze=0.5-1.5,pace=2"),
        Contrast("sensible > 0.9 m steps at 4 m/s", "habit", SENSIBLE, "step=0.9,pace=4"),
        Contrast("sensible > trail centre", "habit", SENSIBLE, SENSIBLE + ",line=centre"),
        Contrast("sensible > random footholds", "habit", SENSIBLE, SENSIBLE + ",line=random"),
        Contrast("sensible > one lane key held", "habit", SENSIBLE, "line=lane,stride=short"),
    ]
    return [
        c if c.rule == "shoe" else dataclasses.replace(c, coach_shoe=shoe, habit_shoe=shoe)
        for c in rows
    ]


def _spec(level: LevelSpec, spec: str) -> str:
    """`pace=-0.5` and `pace=+0.5` are relative to the level's pace."""
    parts = []
    for part in spec.split(","):
        if part.startswith("pace=") and part[5] in "+-":
            pace = min(6.0, max(1.5, level.pace_mps + float(part[5:])))
            part = f"pace={pace:g}"
        parts.append(part)
    return ",".join(parts)


def _runs_of(level: LevelSpec, shoe: str) -> list[tuple[str, str]]:
    """Every distinct (spec, shoe) the level's contrasts need."""
    seen: dict[tuple[str, str], None] = {}
    for c in contrasts(level, shoe):
        seen[(_spec(level, c.coach), c.coach_shoe)] = None
        seen[(_spec(level, c.habit), c.habit_shoe)] = None
    return list(seen)


def _one_seed(task: tuple[str, int, tuple[tuple[str, str], ...]]) -> tuple[str, int, list]:
    """All of a level's runs on one seed, on one trail generated once."""
    level_ref, seed, runs = task
    level = find_level(level_ref)
    trail = Trail(level, seed, shared=True)
    distance = ENDLESS_M if level.endless else None
    scores = [
        simulate(level, seed, parse_bot_spec(spec), shoe, distance_m=distance, trail=trail)
        .result()
        .score
        for spec, shoe in runs
    ]
    return level_ref, seed, scores


@dataclass(frozen=True)
class Row:
    level: str
    contrast: str
    rule: str
    coach: str
    habit: str
    applies: bool
    seeds: int
    coach_mean: float
    habit_mean: float
    diff_mean: float
    diff_sd: float
    t: float
    verdict: str  # holds, noise, wrong


def paired_t(diffs: np.ndarray) -> float:
    """The paired t statistic of a difference's mean against zero."""
    n = len(diffs)
    mean = float(np.mean(diffs))
    sd = float(np.std(diffs, ddof=1)) if n > 1 else 0.0
    if sd == 0.0:
        return 0.0 if mean == 0.0 else math.copysign(math.inf, mean)
    return mean / (sd / math.sqrt(n))


def verdict(t: float, at_least: bool) -> str:
    if t <= -T_HOLDS:
        return "wrong"
    if t >= T_HOLDS or at_least:
        return "holds"
    return "noise"


def applies(level: LevelSpec, rule: str, trail: Trail) -> bool:
    if rule in ("stride", "brake"):
        return _share_descending(level, trail) >= DESCENT_SHARE
    if rule == "lift":
        # Root Run teaches it with roots a fresh swing just clears: tired or
        # stiff, it does not, and never lifting trips there.
        return level.rule == "lift" or _share_tall(level, trail) >= TALL_SHARE
    if rule == "pace":
        return "pace" in level.tip.lower() or "slow" in level.tip.lower()
    if rule == "shoe":
        return level.rule == "adapt"
    return True


def _length(level: LevelSpec) -> float:
    return ENDLESS_M if level.endless else float(level.length_m)


def _share_descending(level: LevelSpec, trail: Trail) -> float:
    s = np.arange(0.0, _length(level), 1.0)
    return float(np.mean(trail.rows_of("grade", s) < DESCENT_GRADE))


def _share_tall(level: LevelSpec, trail: Trail) -> float:
    """Share of the trail's metres with something taller than a relaxed swing clears."""
    s = np.arange(0.0, _length(level) - 1.0, 1.0)[:, None]
    x = np.linspace(-0.6, 0.6, 13)[None, :]
    return float(np.mean(trail.path_top(s, x, s + 1.0, x).max(axis=1) > TALL_M))


def measure(
    levels: list[LevelSpec], seeds: list[int], jobs: int = MAX_JOBS, progress=None, shoe=""
) -> list[Row]:
    """Every level's contrasts over the seeds (in `shoe`, or each level's own)."""
    plan = {lv.id: _runs_of(lv, shoe) for lv in levels}
    refs = {lv.id: level_ref(lv) for lv in levels}
    tasks = [(refs[lv.id], seed, tuple(plan[lv.id])) for lv in levels for seed in seeds]
    by_ref = {refs[lv.id]: lv for lv in levels}
    scores: dict[str, dict[int, list[float]]] = {lv.id: {} for lv in levels}
    for done, (ref, seed, values) in enumerate(each(_one_seed, tasks, min(jobs, MAX_JOBS)), 1):
        scores[by_ref[ref].id][seed] = values
        if progress:
            progress(done, len(tasks))
    return [row for lv in levels for row in _rows(lv, seeds, plan[lv.id], scores[lv.id], shoe)]


def _rows(level: LevelSpec, seeds: list[int], runs, scores, shoe: str) -> list[Row]:
    table = np.array([scores[seed] for seed in seeds])  # seeds × runs
    column = {run: i for i, run in enumerate(runs)}
    trail = Trail(level, seeds[0])
    rows = []
    for c in contrasts(level, shoe):
        coach = table[:, column[(_spec(level, c.coach), c.coach_shoe)]]
        habit = table[:, column[(_spec(level, c.habit), c.habit_shoe)]]
        diffs = coach - habit
        t = paired_t(diffs)
        rows.append(
            Row(
                level=level.id,
                contrast=c.name,
                rule=c.rule,
                coach=f"{_spec(level, c.coach)} ({c.coach_shoe})",
                habit=f"{_spec(level, c.habit)} ({c.habit_shoe})",
                applies=applies(level, c.rule, trail),
                seeds=len(seeds),
                coach_mean=round(float(coach.mean()), 1),
                habit_mean=round(float(habit.mean()), 1),
                diff_mean=round(float(diffs.mean()), 1),
                diff_sd=round(float(diffs.std(ddof=1)) if len(diffs) > 1 else 0.0, 1),
                t=round(t, 2) if math.isfinite(t) else t,
                verdict=verdict(t, c.at_least),
            )
        )
    return rows


def summary(rows: list[Row]) -> list[dict]:
    """Per contrast: on how many of the levels where it applies it holds, is
    noise, or has the wrong sign (and which levels those are)."""
    out: dict[str, dict] = {}
    for r in rows:
        key = r.contrast if r.rule != "shoe" else f"level's shoe ≥ {r.contrast.split('≥ ')[1]}"
        entry = out.setdefault(key, {"contrast": key, "holds": [], "noise": [], "wrong": []})
        if r.applies:
            entry[r.verdict].append(r.level)
        elif r.verdict == "wrong":
            entry["wrong"].append(f"({r.level})")
    return list(out.values())


def format_rows(rows: list[Row]) -> str:
    lines = []
    level = None
    for r in rows:
        if r.level != level:
            level = r.level
            lines.append(f"\n{level} ({r.seeds} seeds)")
            lines.append(f"  {'contrast':<34} {'coach':>8} {'habit':>8} {'diff':>8} {'t':>7}")
        flag = r.verdict if r.applies else f"({r.verdict}, n/a)"
        lines.append(
            f"  {r.contrast:<34} {r.coach_mean:>8.0f} {r.habit_mean:>8.0f} "
            f"{r.diff_mean:>+8.0f} {r.t:>7.2f}  {flag}"
        )
    return "\n".join(lines)


def format_summary(entries: list[dict]) -> str:
    head = (
        f"{'contrast (coach > habit)':<36} {'holds':>5} {'noise':>5} {'wrong':>5}  noise / wrong on"
    )
    lines = [head, "-" * len(head)]
    for e in entries:
        where = ", ".join(e["noise"]) + (" / " + ", ".join(e["wrong"]) if e["wrong"] else "")
        lines.append(
            f"{e['contrast']:<36} {len(e['holds']):>5} {len(e['noise']):>5} "
            f"{len(e['wrong']):>5}  {where}"
        )
    return "\n".join(lines)


def science_command(args) -> int:
    from game.analysis import _progress_bar
    from game.cli import BadInput, parse_seeds

    levels = [find_level(ref) for ref in args.levels] if args.levels else list_levels()
    seeds = parse_seeds(args.seeds)
    for level in levels if args.shoe else []:
        if args.shoe not in level.shoes:
            raise BadInput(f"--shoe: {args.shoe!r} is not allowed on {level.id}")
    if len(seeds) < 2:
        raise BadInput("--seeds: a paired t needs at least two seeds")
    if args.jobs is not None and not 1 <= args.jobs <= MAX_JOBS:
        raise BadInput(f"--jobs: must be 1 or {MAX_JOBS}")
    started = time.perf_counter()
    rows = measure(levels, seeds, args.jobs or MAX_JOBS, _progress_bar(sys.stderr), args.shoe or "")
    elapsed = time.perf_counter() - started
    entries = summary(rows)
    if args.json:
        record = {
            "seeds": [seeds[0], seeds[-1]],
            "seconds": round(elapsed, 1),
            "rows": [asdict(r) for r in rows],
            "summary": entries,
        }
        print(json.dumps(record, ensure_ascii=False))
    else:
        print(format_rows(rows))
        print()
        print(format_summary(entries))
        print(f"\n{len(levels)} levels × {len(seeds)} seeds in {elapsed:.0f} s")
    return 0

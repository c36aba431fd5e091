"""A level's par: the time a good runner takes on its ground.

A run's time is scored against its par: the level's pace held over the
trail's own climbs and descents, times the level's par factor. The factor is
how much longer than the pace alone a good runner takes on this ground: eyes
3–6 m ahead, short quick steps, the level's pace and shoe; the median over
the medal seeds. Rocks, roots, mud and a tiring body slow it by up to a
fifth on the campaign's levels, and over a quarter on three kilometres of the
endless trail (on an easy meadow it runs a little inside). With par at
the pace alone, a good runner finished over it on the long levels, every
second gained there paid, and charging won back in time what it lost in
footing.

An endless level's factor is measured over its first three kilometres, the
distance `trailread science` judges its pacing over.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np

from game.levels import PAR_FACTOR_RANGE, LevelSpec, find_level
from game.sim.botspec import parse_bot_spec
from game.sim.driving import simulate
from game.workers import each, level_ref

# The good runner par is measured with, and the sensible runner of the rule
# contrasts: eyes 3–6 m ahead, short quick steps, the level's pace and shoe.
SENSIBLE = "gaze=3-6,stride=short"
ENDLESS_M = 3000.0


def at_pace_alone(level: LevelSpec) -> LevelSpec:
    """The level with its par at the pace alone (a factor of 1)."""
    return dataclasses.replace(level, medals=dataclasses.replace(level.medals, par_factor=1.0))


def _seed_ratio(task: tuple[str, int]) -> tuple[str, float]:
    """A good runner's time on one seed over the level's pace alone (NaN: not finished)."""
    ref, seed = task
    level = at_pace_alone(find_level(ref))
    distance = ENDLESS_M if level.endless else None
    run = simulate(level, seed, parse_bot_spec(SENSIBLE), distance_m=distance)
    if not run.finished:
        return ref, math.nan
    return ref, (run.state.time_s + run.state.penalty_s) / run.par_s


def par_factors(levels: list[LevelSpec], seeds, jobs: int = 1) -> dict[str, float]:
    """Each level's par factor: the good runner's median over the seeds it
    finished, to three decimals and inside the range a level file allows."""
    refs = {level_ref(lv): lv.id for lv in levels}
    ratios: dict[str, list[float]] = {lid: [] for lid in refs.values()}
    for ref, ratio in each(_seed_ratio, [(ref, s) for ref in refs for s in seeds], jobs):
        if math.isfinite(ratio):
            ratios[refs[ref]].append(ratio)
    lo, hi = PAR_FACTOR_RANGE
    return {
        lid: round(min(hi, max(lo, float(np.median(r)))), 3) if r else 1.0
        for lid, r in ratios.items()
    }


def write_par_factor(path: str, factor: float) -> None:
    """Set `par_factor` in a level file's `[medals]` table, the rest untouched."""
    text = Path(path).read_text(encoding="utf-8")
    line = f"par_factor = {factor:.3f}"
    table = re.search(r"^\[medals\][ \t]*$(?:\n(?!\[)[^\n]*)*", text, flags=re.M)
    if table is None:
        raise ValueError(f"{path}: medals: no [medals] table to write the par factor into")
    body, count = re.subn(r"^par_factor\s*=[^\n]*$", line, table.group(0), flags=re.M)
    if count == 0:  # after the table's last line, before the blank lines that follow it
        content = body.rstrip("\n")
        body = content + "\n" + line + body[len(content) :]
    Path(path).write_text(text[: table.start()] + body + text[table.end() :], encoding="utf-8")

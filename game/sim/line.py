"""The line the player steers, and the footholds laid along it.

DESIGN.md, "Controls": the pointer (or a held lane key) paints the line a
little ahead of the runner; the feet are laid along it at the runner's stride,
each snapped to the best footing within a running foot's precision; a pin puts
one foot exactly somewhere, and the steps before it stretch or shorten to land
on it. A laid foothold's lead time starts when its stretch of line was painted.

Pure arithmetic on the trail and the runner model: the run owns one
`PaintedLine` and asks `lay_steps` for the footholds between its fixed points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.sim import runner as model
from game.sim.rules import Rules, Shoe
from game.sim.runner import Foothold
from game.sim.terrain import HALF_WIDTH_M
from game.sim.trail import Trail

ROW_M = 0.1  # the line is painted row by row, at about the terrain grid's resolution
# A running foot lands within about 10–15 cm of where it is aimed (DESIGN.md,
# "Controls"); snapping looks no further than that.
SNAP_ACROSS_M = 0.15
SNAP_ALONG_M = 0.1  # less along the trail: the stride's rhythm matters too
SNAP_STEP_M = 0.03
# Left and right feet land either side of the line, about half a usual step
# width apart (the blind step's 0.1 m).
FOOT_OFFSET_M = 0.05
# Ground that costs no more than this much balance is as good as any: on even
# ground the foot lands where it was aimed instead of wandering a few cm.
AIM_PREFERENCE = 0.004
MAP_EDGE_M = HALF_WIDTH_M - 0.05
EDGE_MARGIN_M = 0.05
# Steered steps are laid at the rhythm rule 1 asks for (the runner's usual
# cadence plus the middle of its +5–7 spm band); Ctrl and Shift shorten and
# lengthen them from there.
LAID_STRIDE = {"short": 0.8, "natural": 1.0, "long": 1.2}


@dataclass(frozen=True, slots=True)
class Paint:
    """One painted row: where the line crosses it, and what the runner knew then."""

    x_m: float
    tick: int
    at_s_m: float  # where the runner was when the row was painted
    gaze: tuple[float, float]  # the gaze band (near, far) at that moment


class PaintedLine:
    """The painted line, row by row along the trail."""

    def __init__(self) -> None:
        self.rows: dict[int, Paint] = {}
        self.frontier_row = -1  # the furthest row painted

    @property
    def frontier_s(self) -> float:
        return self.frontier_row * ROW_M

    def paint(self, s0: float, x0: float, s1: float, x1: float, paint: Paint) -> float:
        """Paint the rows a pointer sweeps from (s0, x0) to (s1, x1), either way.

        Returns the nearest s whose line moved (by more than a millimetre), or
        infinity when nothing changed.
        """
        r0, r1 = line_row(s0), line_row(s1)
        step = 1 if r1 >= r0 else -1
        changed = math.inf
        span = r1 - r0
        for row in range(r0, r1 + step, step):
            share = (row - r0) / span if span else 1.0
            x = x0 + (x1 - x0) * share
            old = self.rows.get(row)
            if old is None or abs(old.x_m - x) > 1e-3:
                self.rows[row] = Paint(x, paint.tick, paint.at_s_m, paint.gaze)
                changed = min(changed, row * ROW_M)
        self.frontier_row = max(self.frontier_row, r0, r1)
        return changed

    def at(self, s_m: float) -> Paint | None:
        return self.rows.get(line_row(s_m))

    def points(self, s0: float, s1: float) -> list[tuple[float, float]]:
        """The painted line as (s, x) from s0 to s1, row by row, gaps left out."""
        out = []
        for row in range(line_row(s0), min(line_row(s1), self.frontier_row) + 1):
            paint = self.rows.get(row)
            if paint is not None:
                out.append((row * ROW_M, paint.x_m))
        return out

    def release_before(self, s_m: float) -> None:
        """Forget the rows the runner has passed."""
        gone = line_row(s_m)
        for row in [r for r in self.rows if r < gone]:
            del self.rows[row]


def line_row(s_m: float) -> int:
    """The row of the painted line at s."""
    return round(s_m / ROW_M)


def laid_stride_m(v_mps: float, stride: str, rules: Rules) -> float:
    """The length of the steps laid along the line at this speed and stride."""
    cadence = rules.usual_cadence_spm + 0.5 * (
        rules.cadence_bonus_lo_spm + rules.cadence_bonus_hi_spm
    )
    return float(model.natural_step_m(max(v_mps, 1.0), rules, cadence)) * LAID_STRIDE[stride]


def steps_between(distance_m: float, stride_m: float, rules: Rules) -> int:
    """How many steps cover `distance_m` closest to the stride, each within reach."""
    fewest = max(1, math.ceil(distance_m / rules.max_step_m - 1e-9))
    most = max(1, math.floor(distance_m / rules.min_step_m + 1e-9))
    return min(max(round(distance_m / stride_m), fewest), most)


def chain_reaches(start: Foothold, s_m: float, x_m: float, rules: Rules) -> bool:
    """Whether a chain of possible steps leads from `start` to (s, x)."""
    distance = s_m - start.s_m
    if distance < rules.min_step_m - 1e-9:
        return False
    most = math.floor(distance / rules.min_step_m + 1e-9)
    return abs(x_m - start.x_m) <= most * rules.max_lateral_m + 1e-9


def reach_across_m(distance_m, rules: Rules):
    """How far sideways a chain of steps can reach over a distance (arrays too)."""
    most = np.floor(np.asarray(distance_m) / rules.min_step_m + 1e-9)
    return np.where(most >= 1, most * rules.max_lateral_m, -1.0)


def reach_outline(
    start: Foothold, near_s: float, far_s: float, rules: Rules, every_m: float = 0.25
) -> list[tuple[float, float]]:
    """The outline of where a chain of steps from `start` can reach between
    near_s and far_s, as (s, x) corners: right edge up, left edge down."""
    if far_s <= near_s:
        return []
    s = np.append(np.arange(near_s, far_s, every_m), far_s)
    half = reach_across_m(s - start.s_m, rules)
    right = np.clip(start.x_m + half, -MAP_EDGE_M, MAP_EDGE_M)
    left = np.clip(start.x_m - half, -MAP_EDGE_M, MAP_EDGE_M)
    return list(zip(s.tolist(), right.tolist(), strict=True)) + list(
        zip(s[::-1].tolist(), left[::-1].tolist(), strict=True)
    )


class Snapper:
    """Finds the best footing near an aimed spot, as the runner model prices a landing."""

    def __init__(self, trail: Trail, rules: Rules, shoe: Shoe):
        self.trail, self.rules, self.shoe = trail, rules, shoe
        across = np.arange(-SNAP_ACROSS_M, SNAP_ACROSS_M + 1e-9, SNAP_STEP_M)
        along = np.arange(-SNAP_ALONG_M, SNAP_ALONG_M + 1e-9, SNAP_STEP_M)
        ds, dx = np.meshgrid(along, across, indexing="ij")
        inside = (ds / SNAP_ALONG_M) ** 2 + (dx / SNAP_ACROSS_M) ** 2 <= 1.0 + 1e-9
        self._ds, self._dx = ds[inside], dx[inside]
        self._aim_cost = AIM_PREFERENCE * (
            (self._ds / SNAP_ALONG_M) ** 2 + (self._dx / SNAP_ACROSS_M) ** 2
        )
        self._cache: dict[tuple[int, int, str, int], tuple[float, float]] = {}

    def snap(self, s_m: float, x_m: float, foot: str, prev_x_m: float) -> tuple[float, float]:
        """The best (s, x) within a foot's precision of (s, x), landing `foot`."""
        key = (round(s_m * 1000), round(x_m * 1000), foot, round(prev_x_m * 100))
        found = self._cache.get(key)
        if found is None:
            found = self._best(s_m, x_m, foot, prev_x_m)
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = found
        return found

    def _best(self, s_m: float, x_m: float, foot: str, prev_x_m: float) -> tuple[float, float]:
        rules = self.rules
        s = s_m + self._ds
        x = np.clip(x_m + self._dx, -MAP_EDGE_M, MAP_EDGE_M)
        footing = self.trail.footing(s, x, self.shoe)
        grade, half_width = self.trail.rows_of_all(("grade", "half_width_m"), s)
        # Ranked as at the reference pace: speed scales every landing alike.
        cost = model.landing_cost(footing, grade, self.shoe, 1.0, rules) + self._aim_cost
        # A little inside the edge: the foot scatters as it lands.
        cost = cost + rules.off_trail_cost * (np.abs(x) > half_width - EDGE_MARGIN_M)
        crossing = model.is_crossover(foot, x, prev_x_m, rules, model.CROSSOVER_SLACK_M)
        cost = cost + rules.crossover_cost * crossing
        cost = cost + model.lateral_cost(x - prev_x_m, rules)
        best = int(np.argmin(cost))
        return round(float(s[best]), 3), round(float(x[best]), 3)

"""The ideal line: the best line a full-knowledge planner finds on a trail.

Dynamic programming over a lattice of candidate footholds, 0.1 m along the
trail by 0.1 m across it. A landing costs what the runner model says it costs
(footing, grip, slips by their chance, off-trail), heavier after a longer step,
plus a margin for landing off the mark beside a root or a rock edge; a step
costs its overstride, its sideways reach, the obstacles its swing must clear,
and its distance from the quick rhythm the article recommends. No step is
shorter than 0.5 m, so the five lattice rows of a block depend only on rows
before it and are solved together.
"""

from __future__ import annotations

import functools
import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from game.sim import runner as model
from game.sim.bots import GreedyBot, foot_after
from game.sim.botspec import BotSpec
from game.sim.commands import Command, Place
from game.sim.pricing import (
    FAULT_PRICE,
    expected_landing_cost,
    swing_cost,
)
from game.sim.rules import Rules, Shoe
from game.sim.run import MAX_QUEUE, Run
from game.sim.terrain import CELL_M, HALF_WIDTH_M
from game.sim.trail import Trail

ROW_M = 0.1
LANE_M = 0.1
LANES_X = np.round(np.arange(-1.5, 1.5001, LANE_M), 2)
HALF_LANES_X = np.round(np.arange(-1.55, 1.5501, LANE_M / 2), 3)  # every lane, and between
LANDING_ROWS = 500  # lattice rows read at a time: 50 m of trail
SCATTER_WEIGHT = 0.5  # of the extra cost of landing a cell to either side (see _landings)
STEP_ROWS = np.arange(5, 15)  # 0.5 to 1.4 m
SHIFT_LANES = np.arange(-3, 4)  # up to 0.3 m sideways
BLOCK = int(STEP_ROWS.min())
PRICED_ROWS = 10 * BLOCK  # rows whose steps are priced at a time: 5 m, about 1 MB a table
ROWS_BEFORE = int(STEP_ROWS.max())  # unreachable rows before the start
LANES_LEFT, LANES_RIGHT = int(SHIFT_LANES.max()), int(-SHIFT_LANES.min())  # and off the sides
FEET = ("L", "R")
WINDOW_M = 250.0  # an endless trail is planned this far at a time
IDEAL_CADENCE_SPM = 9.0  # aim a little above the +5–7 band: rhythm drifts down as the legs tire
PLANNED_ENERGY = 0.8  # the line drawn for a whole level: a runner partway through it
# The line's pull towards its quick rhythm: light, so that a step leaves it
# for a better foothold.
RHYTHM_WEIGHT = 0.08


def plan_line(
    trail: Trail,
    rules: Rules,
    shoe: Shoe,
    start: tuple[float, float],
    end_s_m: float,
    v_mps: float,
    start_foot: str = "R",
    energy: float = PLANNED_ENERGY,
) -> list[tuple[float, float]]:
    """The cheapest sequence of footholds from `start` (where `start_foot` stands)
    to past `end_s_m`, for a runner with `energy` left: its speed, and so the
    length of its quick steps, follows it.

    The state is (row, lane, foot): feet alternate, and a foot that lands across
    the other by more than a foot's width pays for the crossover.
    """
    s0, x0 = start
    n_rows = int(np.ceil((end_s_m - s0) / ROW_M)) + 1
    rows_s = s0 + np.arange(n_rows + STEP_ROWS.max()) * ROW_M
    # Every landing is priced after a step of the line's own rhythm, and each
    # step length then scales it by its own landing load.
    rhythm_m = 60.0 * v_mps / (rules.usual_cadence_spm + IDEAL_CADENCE_SPM)
    *ground, off, top, grade, grip, stability = _landings(
        trail, rules, shoe, rows_s, v_mps, rhythm_m
    )
    reach = _swing_obstacles(trail, rows_s)
    # The speed the runner will hold on each row: cadence is steps per minute
    # at that speed, not at the pace set.
    v_rows = model.speed_held(v_mps, grade, 0.0, energy, rules)
    quick_m = 60.0 * v_rows / (rules.usual_cadence_spm + IDEAL_CADENCE_SPM)
    # Quick steps, as Ctrl lays them: inside the safe length of the ground.
    habit_m = model.quick_step_m(quick_m[:, None], grade[:, None], grip, stability, rules)
    habit_m = habit_m[:, None, :]
    steps_m = STEP_ROWS * ROW_M
    clearance = model.clearance_m(steps_m, v_mps, 0.0, 1.0, False, 1.0, rules)
    # [rows, K, lanes]
    step_cost = RHYTHM_WEIGHT * ((steps_m[None, :, None] - habit_m) / habit_m) ** 2
    # [rows, K]: at the speed held on each row.
    load = model.landing_load(steps_m, v_rows[:, None], rules)
    load /= model.landing_load(rhythm_m, v_mps, rules)
    # [landing foot, K, shifts]: sideways reach, and crossovers by the landing foot.
    shift_m = SHIFT_LANES * LANE_M
    shift_cost = model.lateral_cost(shift_m, rules) + rules.crossover_cost * np.stack(
        [model.is_crossover(foot, shift_m, 0.0, rules, model.CROSSOVER_SLACK_M) for foot in FEET]
    )
    shift_cost = shift_cost[:, None, :]
    safe = model.safe_step_m(grade[:, None], grip, stability, rules)  # [rows, lanes]
    landings = ground, off, load
    swings = functools.partial(_step_efforts, reach, top, safe, steps_m, clearance, landings, rules)
    best, choice = _solve(len(rows_s), (x0, start_foot), shift_cost, step_cost, swings)
    return _walk_back(best, choice, rows_s, n_rows)


def _solve(total, start, shift_cost, step_cost, swings):
    """The cheapest way to every node, and the (K, shift) it comes by: [rows, lanes, foot].

    Steps are priced a stretch at a time and solved a block at a time. The
    table of the best ways is kept feet first, lanes last, and padded with
    unreachable rows before the start and lanes off the sides, so a step from
    outside the lattice costs +inf without a mask and every node's take-offs
    are a window of the table (see `_take_offs`).
    """
    lanes, k_steps, shifts = len(LANES_X), len(STEP_ROWS), len(SHIFT_LANES)
    table = np.full((ROWS_BEFORE + total, 2, LANES_LEFT + lanes + LANES_RIGHT), np.inf)
    best = table[ROWS_BEFORE:, :, LANES_LEFT : LANES_LEFT + lanes]  # [rows, foot, lanes]
    x0, start_foot = start
    best[0, FEET.index(start_foot), int(np.argmin(np.abs(LANES_X - x0)))] = 0.0
    came = _take_offs(table)
    choice = np.zeros((total, 2, lanes), dtype=np.int16)
    # [landing foot, K, shifts, lanes] and [rows, 1, K, 1, lanes], to add to every block.
    shift_cost = np.broadcast_to(shift_cost[..., None], (2, k_steps, shifts, lanes)).copy()
    step_cost = step_cost[:, None, :, None, :]
    cost = np.empty((BLOCK, 2, k_steps, shifts, lanes))
    firsts = _firsts(cost)
    for lo in range(BLOCK, total, PRICED_ROWS):
        hi = min(lo + PRICED_ROWS, total)
        swing = swings(np.arange(lo, hi))
        for r0 in range(lo, hi, BLOCK):
            r1 = min(r0 + BLOCK, hi)
            # Take-off, the step (its landing and swing), shift, step length.
            block = np.add(came[r0:r1], swing[r0 - lo : r1 - lo, None], out=cost[: r1 - r0])
            block += shift_cost
            block += step_cost[r0:r1]
            best[r0:r1], choice[r0:r1] = _cheapest(block, firsts[: r1 - r0])
    return best.transpose(0, 2, 1), choice.transpose(0, 2, 1)


def _cheapest(cost: np.ndarray, firsts: np.ndarray):
    """The lowest of each node's costs [B, foot, K, shifts, lanes], and its flat (K, shift) index.

    Ties go to the first in (K, shift) order, as they always have: the
    shortest step, then the lowest shift. `firsts` are the flat positions of
    each node's first cost, so reading the lowest is one `take`.
    """
    lanes = cost.shape[-1]
    pick = np.argmin(cost.reshape(len(cost), 2, -1, lanes), axis=2)
    return np.take(cost, firsts + pick * lanes), pick


def _firsts(cost: np.ndarray) -> np.ndarray:
    """[B, foot, lanes]: where each node's first (K, shift) is in the flattened `cost`."""
    b, feet, _, _, lanes = cost.shape
    return np.arange(b * feet).reshape(b, feet, 1) * cost[0, 0].size + np.arange(lanes)


def _take_offs(table: np.ndarray) -> np.ndarray:
    """[rows, landing foot, K, shifts, lanes]: the best way to each step's take-off foothold.

    Step lengths and shifts are runs of whole rows and lanes, so a node's
    take-offs are a window of the padded table, read backwards, on the other foot.
    """
    windows = np.lib.stride_tricks.sliding_window_view(
        table, (len(STEP_ROWS), len(SHIFT_LANES)), axis=(0, 2)
    )
    return windows[:, ::-1, :, ::-1, ::-1].transpose(0, 1, 3, 4, 2)


def _landings(trail: Trail, rules: Rules, shoe: Shoe, rows_s: np.ndarray, v_mps, step_m):
    """On every lattice node, after a step of `step_m`: the expected landing
    cost and the landing's own cost (without slips or margins, for the fault
    line), the off-trail cost, the footprint's top, gradient, grip and stability.

    A foot lands off its mark by its scatter (1.5 cm for a relaxed runner,
    more when stiff or late), so a foothold right beside a root or a rock edge
    is worth less than one in the clear. Each node carries `SCATTER_WEIGHT` of
    what landing a cell (5 cm) to either side would cost more: a margin, not
    an expectation (a relaxed foot strays that far about one step in twenty),
    set high because a fault costs the flow as well as the balance, and tuned
    on the campaign's levels. The ground is read every half lane for that,
    and a stretch at a time: twelve cells a footprint for a whole kilometre
    at once would take hundreds of megabytes.
    """
    parts = [
        _landings_of(trail, rules, shoe, rows_s[i : i + LANDING_ROWS], v_mps, step_m)
        for i in range(0, len(rows_s), LANDING_ROWS)
    ]
    return tuple(np.concatenate(field) for field in zip(*parts, strict=True))


def _landings_of(trail: Trail, rules: Rules, shoe: Shoe, rows_s: np.ndarray, v_mps, step_m):
    s = np.repeat(rows_s, len(HALF_LANES_X)).reshape(len(rows_s), -1)
    x = np.broadcast_to(HALF_LANES_X, s.shape)
    footing = trail.footing(s, x, shoe)
    grade = trail.rows_of("grade", rows_s)
    half_width = trail.rows_of("half_width_m", rows_s)
    every = expected_landing_cost(footing, grade[:, None], shoe, rules, 0.0, v_mps, step_m)
    load = model.landing_load(step_m, v_mps, rules)
    alone = model.landing_cost(footing, grade[:, None], shoe, load, rules)[:, 1::2]
    mark = every[:, 1::2]
    worse = np.maximum(every[:, :-1:2] - mark, 0.0) + np.maximum(every[:, 2::2] - mark, 0.0)
    cost = mark + SCATTER_WEIGHT * worse
    off = (np.abs(LANES_X) > half_width[:, None] - 0.05) * (rules.off_trail_cost + 0.2)
    grip, stability = footing.grip[:, 1::2], footing.stability[:, 1::2]
    return cost, alone, off, footing.top_m[:, 1::2], grade, grip, stability


def _step_efforts(reach, top, safe, steps_m, clearance, landings, rules: Rules, rows):
    """[rows, K, shifts, lanes]: landing, overstride and swing costs of every
    step to these rows. `landings` are each node's landing costs at the line's
    rhythm (expected, and the landing alone) and its off-trail cost, and per
    step length its landing load against the rhythm's: a longer step's landing
    costs more, and may become a fault."""
    (expected, alone), off, load = landings
    over = model.overstride_cost(steps_m[:, None], safe[rows][:, None, :], rules)
    over = over + FAULT_PRICE * (over > rules.overstride_fault)
    load = load[rows][:, :, None]
    over += expected[rows][:, None, :] * load
    alone = alone[rows][:, None, :]
    bad = (alone * load > rules.bad_footing_fault) * 1.0
    bad -= alone > rules.bad_footing_fault  # already priced at the rhythm
    over += FAULT_PRICE * bad
    over += off[rows][:, None, :]
    lift = _trip_costs(reach, top, rows, clearance, rules)
    return np.add(over[:, :, None, :], lift, out=lift)


def _trip_costs(reach, top, rows, clearance, rules: Rules):
    """Knee-drive effort for swings that need it, a trip for those that can't clear."""
    before = np.maximum(rows[:, None] - STEP_ROWS, 0)  # [rows, K]
    here = reach[np.arange(len(STEP_ROWS)), before]  # [rows, K, lanes]: in the landing lane
    obstacle = np.maximum(here[:, :, None, :], _from_lanes(here))  # and in the take-off lane
    # The lower footprint, or the ground if it is below: clamped before the
    # lanes fan out, which is the same and seven times less work.
    landing, take_off = np.maximum(top[rows], 0.0), np.maximum(top[before], 0.0)
    base = np.minimum(landing[:, None, None, :], _from_lanes(take_off))
    excess = obstacle - base
    return swing_cost(excess, clearance[:, None, None], rules)[0]


def _from_lanes(values: np.ndarray) -> np.ndarray:
    """[..., shifts, lanes]: `values` [..., lanes] in the take-off lane of each shift.

    Beyond the sides it reads the edge lane: any number does there, the
    take-off table is +inf.
    """
    padded = values[
        ..., np.clip(np.arange(-LANES_LEFT, len(LANES_X) + LANES_RIGHT), 0, len(LANES_X) - 1)
    ]
    windows = np.lib.stride_tricks.sliding_window_view(padded, len(SHIFT_LANES), axis=-1)
    return np.swapaxes(windows[..., ::-1], -1, -2)


def _swing_obstacles(trail: Trail, rows_s: np.ndarray) -> np.ndarray:
    """[step lengths, lattice rows, lanes]: the highest terrain a swing of each
    length passes over in each lane, starting just past the take-off footprint.

    A step one row longer passes over two more grid rows, so each length's
    reach is the shorter one's and those two.
    """
    first = int(rows_s[0] / CELL_M)
    grid_rows = np.arange(first, first + 2 * len(rows_s) + 2 * STEP_ROWS.max())
    cols = ((LANES_X + HALF_WIDTH_M) / CELL_M + 0.5).astype(np.int64)
    heights = trail.pair_heights(grid_rows[:, None], cols[None, :])
    pairs = np.maximum(heights[:-1], heights[1:])
    reach = np.empty((len(STEP_ROWS), len(rows_s), len(LANES_X)), dtype=np.float32)
    width = 2 * int(STEP_ROWS[0]) - 5  # grid rows between the two footprints
    windows = np.lib.stride_tricks.sliding_window_view(heights, width, axis=0)
    # From 3 grid rows past the take-off row, on the lattice's rows.
    reach[0] = windows[3 : 3 + 2 * len(rows_s) : 2].max(axis=-1)
    for i in range(1, len(STEP_ROWS)):
        np.maximum(reach[i - 1], pairs[3 + width : 3 + width + 2 * len(rows_s) : 2], out=reach[i])
        width += 2
    return reach


def _walk_back(best, choice, rows_s, n_rows) -> list[tuple[float, float]]:
    end_rows = np.arange(n_rows - 1, len(rows_s))
    ends = best[end_rows]
    row_i, lane, foot = np.unravel_index(int(np.argmin(ends)), ends.shape)
    row, lane, foot = int(end_rows[row_i]), int(lane), int(foot)
    line = []
    while row > 0:
        line.append((round(float(rows_s[row]), 3), float(LANES_X[lane])))
        k_index, shift_index = divmod(int(choice[row, lane, foot]), len(SHIFT_LANES))
        row -= int(STEP_ROWS[k_index])
        lane -= int(SHIFT_LANES[shift_index])
        foot = 1 - foot
    line.reverse()
    return line


class IdealBot(GreedyBot):
    """Follows the ideal line, placing each foothold as it comes into its band."""

    def __init__(self, spec: BotSpec, run: Run):
        super().__init__(spec, run)
        self.readable_from_m = -np.inf  # it knows the whole trail
        # The line's footholds not placed yet, each with the foot it was planned for.
        self._line: deque[tuple[float, float, str]] = deque()
        last = run.state.last
        self._plan_from(run, (last.s_m, last.x_m), last.foot or "R")

    def _plan_from(self, run: Run, start: tuple[float, float], stands: str) -> None:
        """Add the ideal line from `start`, where the `stands` foot is down."""
        end = run.goal_m if run.goal_m is not None else start[0] + WINDOW_M
        end = min(end, start[0] + WINDOW_M)
        if end <= start[0] + 1.0:
            return
        v = self.spec.pace_mps or run.state.pace_mps
        lands = _other(stands)
        # For the runner as it is now: a tiring runner's steps shorten with its speed.
        energy = run.state.energy
        for s, x in plan_line(run.trail, run.rules, run.shoe, start, end, v, stands, energy):
            self._line.append((s, x, lands))
            lands = _other(lands)

    def commands(self, run: Run) -> list[Command]:
        out = self._body_commands(run)
        state = run.state
        end = state.plan_end
        queued = len(state.queue)
        far = state.s_m + self.spec.gaze_far_m
        self.wake_s = math.inf  # until a foot lands, unless the line waits beyond the band
        while queued < MAX_QUEUE:
            foot = foot_after(state, queued)
            if len(self._line) < 3:
                # Plan on from the line's last foothold, or from the last one placed.
                if self._line:
                    s, x, lands = self._line[-1]
                    self._plan_from(run, (s, x), lands)
                else:
                    self._plan_from(run, (end.s_m, end.x_m), _other(foot))
            # Skip what the runner has passed (after a fall, or a blind step).
            while self._line and self._line[0][0] <= end.s_m + run.rules.min_step_m:
                self._line.popleft()
            if not self._line:
                break
            s, x, planned_for = self._line[0]
            if s > far:
                self.wake_s = s - self.spec.gaze_far_m
                break
            if planned_for != foot:
                # Out of step with the line (after a fall, or a greedy step back to
                # it): its footholds were chosen for the other foot. Plan it anew.
                self._line.clear()
                self._plan_from(run, (end.s_m, end.x_m), _other(foot))
                if self._line:
                    continue
                # Too near the finish to plan: a greedy step there.
                s, x = GreedyBot.choose(self, run, end.s_m, end.x_m, self._habit_m, foot)
            elif s - end.s_m > run.rules.max_step_m or abs(x - end.x_m) > run.rules.max_lateral_m:
                # Off the line (a fall, a blind step): rejoin it with a greedy step.
                s, x = GreedyBot.choose(self, run, end.s_m, end.x_m, self._habit_m, foot)
            else:
                self._line.popleft()
                s, x = self._take(run, end.s_m, end.x_m, s, x)
            out.append(Place(run.tick, s, x))
            end = type(end)(s, x)
            queued += 1
        return out


def _other(foot: str) -> str:
    return "R" if foot == "L" else "L"


@dataclass(frozen=True)
class Divergence:
    """Where a run strayed furthest from the ideal line, and what that stretch cost."""

    s_from_m: float
    s_to_m: float
    mean_offset_m: float
    balance_cost: float
    faults: int


def compare_to_ideal(
    steps, line: list[tuple[float, float]], window_m: float = 20.0
) -> Divergence | None:
    """The window of trail where the run's footholds were furthest from the ideal line."""
    if len(steps) < 4 or len(line) < 2:
        return None
    s = np.array([e.s_m for e in steps])
    x = np.array([e.x_m for e in steps])
    ideal_s, ideal_x = np.array(line).T
    offset = np.abs(x - np.interp(s, ideal_s, ideal_x))
    best, best_mean = None, -1.0
    for start in np.arange(0.0, max(s.max() - window_m, 0.0) + 1e-9, window_m / 2):
        inside = (s >= start) & (s < start + window_m)
        if inside.sum() >= 3 and offset[inside].mean() > best_mean:
            best, best_mean = (start, inside), float(offset[inside].mean())
    if best is None:
        return None
    start, inside = best
    chosen = [e for e, keep in zip(steps, inside, strict=True) if keep]
    return Divergence(
        s_from_m=float(start),
        s_to_m=float(start + window_m),
        mean_offset_m=round(best_mean, 3),
        balance_cost=round(sum(e.balance_cost for e in chosen), 3),
        faults=sum(not e.clean for e in chosen),
    )

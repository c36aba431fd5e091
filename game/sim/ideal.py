"""The ideal line: the best line a full-knowledge planner finds on a trail.

Dynamic programming over a lattice of candidate footholds, 0.1 m along the
trail by 0.1 m across it. A landing costs what the runner model says it costs
(footing, grip, slips by their chance, off-trail); a step costs its overstride,
its sideways reach, the obstacles its swing must clear, and its distance from
the quick rhythm the article recommends. No step is shorter than 0.5 m, so the
five lattice rows of a block depend only on rows before it and are solved
together.
"""

from __future__ import annotations

import numpy as np

from game.sim import runner as model
from game.sim.bots import (
    FAULT_PRICE,
    STRIDE_HABIT_WEIGHT,
    BotSpec,
    GreedyBot,
    candidate_costs,
    expected_landing_cost,
    swing_cost,
)
from game.sim.commands import Command, Place
from game.sim.rules import Rules, Shoe
from game.sim.run import MAX_QUEUE, Run
from game.sim.terrain import CELL_M, HALF_WIDTH_M
from game.sim.trail import Trail

ROW_M = 0.1
LANE_M = 0.1
LANES_X = np.round(np.arange(-1.5, 1.5001, LANE_M), 2)
STEP_ROWS = np.arange(5, 15)  # 0.5 to 1.4 m
SHIFT_LANES = np.arange(-3, 4)  # up to 0.3 m sideways
BLOCK = int(STEP_ROWS.min())
WINDOW_M = 250.0  # an endless trail is planned this far at a time
IDEAL_CADENCE_SPM = 6.0  # over the usual rhythm: the article's +5–7


def plan_line(
    trail: Trail,
    rules: Rules,
    shoe: Shoe,
    start: tuple[float, float],
    end_s_m: float,
    v_mps: float,
) -> list[tuple[float, float]]:
    """The cheapest sequence of footholds from `start` to past `end_s_m`."""
    s0, x0 = start
    n_rows = int(np.ceil((end_s_m - s0) / ROW_M)) + 1
    rows_s = s0 + np.arange(n_rows + STEP_ROWS.max()) * ROW_M
    node, top, grade, grip = _landings(trail, rules, shoe, rows_s)
    reach = _swing_obstacles(trail, rows_s)
    habit_m = 60.0 * v_mps / (rules.usual_cadence_spm + IDEAL_CADENCE_SPM)
    steps_m = STEP_ROWS * ROW_M
    clearance = model.clearance_m(steps_m, v_mps, 0.0, 1.0, False, 1.0, rules)
    step_cost = STRIDE_HABIT_WEIGHT * ((steps_m - habit_m) / habit_m) ** 2
    shift_cost = model.lateral_cost(SHIFT_LANES * LANE_M, rules)
    safe = model.safe_step_m(grade[:, None], grip, rules)  # [rows, lanes]

    total = len(rows_s)
    lanes = len(LANES_X)
    best = np.full((total, lanes), np.inf)
    choice = np.zeros((total, lanes), dtype=np.int16)
    best[0, int(np.argmin(np.abs(LANES_X - x0)))] = 0.0
    prev_lane = np.arange(lanes)[:, None] - SHIFT_LANES[None, :]  # [lanes, shifts]
    lane_ok = (prev_lane >= 0) & (prev_lane < lanes)
    prev_lane = np.clip(prev_lane, 0, lanes - 1)
    for r0 in range(BLOCK, total, BLOCK):
        rows = np.arange(r0, min(r0 + BLOCK, total))
        before = rows[:, None] - STEP_ROWS[None, :]  # [B, K]
        valid = before >= 0
        before = np.maximum(before, 0)
        came = best[before[:, :, None, None], prev_lane[None, None]]  # [B, K, lanes, shifts]
        over = model.overstride_cost(steps_m[None, :, None], safe[rows][:, None, :], rules)
        over = over + FAULT_PRICE * (over > rules.overstride_fault)
        lift = _trip_costs(reach, top, before, rows, prev_lane, clearance, rules)
        cost = came + over[..., None] + lift + (step_cost[None, :, None, None] + shift_cost)
        cost = np.where(valid[:, :, None, None] & lane_ok[None, None], cost, np.inf)
        flat = cost.transpose(0, 2, 1, 3).reshape(len(rows), lanes, -1)
        pick = np.argmin(flat, axis=-1)
        best[rows] = np.take_along_axis(flat, pick[..., None], -1)[..., 0] + node[rows]
        choice[rows] = pick
    return _walk_back(best, choice, rows_s, n_rows, (s0, x0))


def _landings(trail: Trail, rules: Rules, shoe: Shoe, rows_s: np.ndarray):
    """Expected landing cost, footprint top, gradient and grip on every lattice node."""
    s = np.repeat(rows_s, len(LANES_X)).reshape(len(rows_s), -1)
    x = np.broadcast_to(LANES_X, s.shape)
    footing = trail.footing(s, x, shoe)
    grade = trail.rows_of("grade", rows_s)
    half_width = trail.rows_of("half_width_m", rows_s)
    cost = expected_landing_cost(footing, grade[:, None], shoe, rules)
    off = np.abs(x) > half_width[:, None] - 0.05
    cost = cost + off * (rules.off_trail_cost + 0.2)
    return cost, footing.top_m, grade, footing.grip


def _swing_obstacles(trail: Trail, rows_s: np.ndarray) -> dict[int, np.ndarray]:
    """For each step length: the highest terrain in each lane between two footholds."""
    first = int(rows_s[0] / CELL_M)
    grid_rows = np.arange(first, first + 2 * len(rows_s) + 2)
    cols = ((LANES_X + HALF_WIDTH_M) / CELL_M + 0.5).astype(np.int64)
    heights = trail._pair_heights(grid_rows[:, None], cols[None, :])
    reach = {}
    for k in STEP_ROWS:
        width = max(1, 2 * int(k) - 5)  # grid rows between the two footprints
        windows = np.lib.stride_tricks.sliding_window_view(heights, width, axis=0)
        reach[int(k)] = windows.max(axis=-1)[::2]  # back on the lattice's rows
    return reach


def _trip_costs(reach, top, before, rows, prev_lane, clearance, rules: Rules):
    """Knee-drive effort for swings that need it, a trip for those that can't clear."""
    out = np.zeros((len(rows), len(STEP_ROWS), len(LANES_X), len(SHIFT_LANES)))
    for i, k in enumerate(STEP_ROWS):
        start = np.minimum(before[:, i] + 2, reach[int(k)].shape[0] - 1)  # past the take-off
        here = reach[int(k)][start]  # [B, lanes]
        obstacle = np.maximum(here[:, :, None], here[:, prev_lane])
        base = np.minimum(top[rows][:, :, None], top[before[:, i]][:, prev_lane])
        excess = obstacle - np.maximum(base, 0.0)
        out[:, i] = swing_cost(excess, clearance[i], rules)[0]
    return out


def _walk_back(best, choice, rows_s, n_rows, start) -> list[tuple[float, float]]:
    end_rows = np.arange(n_rows - 1, len(rows_s))
    flat = best[end_rows].ravel()
    at = int(np.argmin(flat))
    row, lane = int(end_rows[at // best.shape[1]]), at % best.shape[1]
    line = []
    while row > 0:
        line.append((round(float(rows_s[row]), 3), float(LANES_X[lane])))
        k_index, shift_index = divmod(int(choice[row, lane]), len(SHIFT_LANES))
        row -= int(STEP_ROWS[k_index])
        lane -= int(SHIFT_LANES[shift_index])
    line.reverse()
    return line


class IdealBot(GreedyBot):
    """Follows the ideal line, placing each foothold as it comes into its band."""

    def __init__(self, spec: BotSpec, run: Run):
        super().__init__(spec, run)
        self.readable_from_m = -np.inf  # it knows the whole trail
        self._line: list[tuple[float, float]] = []
        self._next = 0
        self._extend(run)

    def _extend(self, run: Run) -> None:
        last = self._line[-1] if self._line else (run.state.last.s_m, run.state.last.x_m)
        end = run.goal_m if run.goal_m is not None else last[0] + WINDOW_M
        end = min(end, last[0] + WINDOW_M)
        if end <= last[0] + 1.0:
            return
        v = self.spec.pace_mps or run.state.pace_mps
        self._line.extend(plan_line(run.trail, run.rules, run.shoe, last, end, v))

    def commands(self, run: Run) -> list[Command]:
        out: list[Command] = []
        state = run.state
        if run.tick == 0 and self.spec.pace_mps is not None:
            out.extend(self._pace_commands(run))
        if state.steps != self._seen_steps:
            self._seen_steps = state.steps
            out.extend(self._swing_commands(run))
        end = state.plan_end
        queued = len(state.queue)
        far = state.s_m + self.spec.gaze_far_m
        while queued < MAX_QUEUE:
            if self._next >= len(self._line) - 2:
                self._extend(run)
            # Skip what the runner has passed (after a fall, or a blind step).
            while (
                self._next < len(self._line)
                and self._line[self._next][0] <= end.s_m + run.rules.min_step_m
            ):
                self._next += 1
            if self._next >= len(self._line):
                break
            s, x = self._line[self._next]
            if s > far:
                break
            if s - end.s_m > run.rules.max_step_m or abs(x - end.x_m) > run.rules.max_lateral_m:
                # Off the line (a fall, a blind step): rejoin it with a greedy step.
                s, x = GreedyBot.choose(self, run, end.s_m, end.x_m, self._habit_m)
            else:
                self._next += 1
                _, needs = candidate_costs(
                    run.trail,
                    run.rules,
                    run.shoe,
                    end.s_m,
                    end.x_m,
                    s,
                    x,
                    state.target_mps,
                    s - end.s_m,
                )
                self._lift_for[(s, x)] = bool(needs)
            out.append(Place(run.tick, s, x))
            end = type(end)(s, x)
            queued += 1
        return out

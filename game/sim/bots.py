"""Autopilots: bots that read the trail within a gaze band and place footholds.

A bot speaks the same commands as a player, so a bot run is a replay like any
other. `plan=greedy` picks each foothold as it comes into view; `line=lane`
holds a lane key; `plan=ideal` follows the ideal line (see ideal.py) that a
full-knowledge planner found. `driving.py` puts one at the controls of a run.
"""

from __future__ import annotations

import math

import numpy as np

from game.sim.botspec import STRIDE_CADENCE, BotSpec
from game.sim.commands import Brake, Command, Lift, Pace, Place, SteerLane, Stride
from game.sim.pricing import (
    LATERAL_CHOICES,
    LENGTH_CHOICES,
    grid_prices,
    side_costs,
    swing_costs,
)
from game.sim.run import MAX_QUEUE, Run

BRAKE_BELOW_GRADE = -0.04
_LENGTHS, _SHIFTS = LENGTH_CHOICES.tolist(), LATERAL_CHOICES.tolist()


def foot_after(state, queued: int) -> str:
    """Which foot lands on the foothold placed after `queued` others."""
    other = "R" if state.next_foot == "L" else "L"
    return state.next_foot if queued % 2 == 0 else other


class GreedyBot:
    """Chooses each foothold as soon as it fits inside the bot's gaze band.

    It reads only what its eyes have covered: nothing nearer than its band's
    near edge was ever in view at the start, nothing beyond the far edge yet.
    """

    def __init__(self, spec: BotSpec, run: Run):
        self.spec = spec
        self.readable_from_m = run.state.s_m + spec.gaze_near_m
        self.cadence_spm = run.rules.usual_cadence_spm + STRIDE_CADENCE[spec.stride]
        self._seen_steps = -1
        self._habit_m = 1.0
        self._lift = False
        self._brake = 0.0
        self._lift_for: dict[tuple[float, float], bool] = {}
        self._sides = {foot: side_costs(run.rules, foot) for foot in ("", "L", "R")}
        # `line=random`: its own generator, seeded by the run, so the same run twice
        # places the same footholds (the commands are what a replay keeps anyway).
        self._rng = np.random.default_rng([run.seed, 0xB0757EB])
        self.wake_s = -math.inf  # the runner's position from which the bot has work again

    def _body_commands(self, run: Run) -> list[Command]:
        """Pace at the start; after each landing, knee drive and brake for the next swing."""
        out: list[Command] = []
        if run.tick == 0 and self.spec.pace_mps is not None:
            out.extend(pace_commands(self.spec, run))
        if run.state.steps != self._seen_steps:
            self._seen_steps = run.state.steps
            self._habit_m = self.spec.step_m or self._stride_m(run)
            out.extend(self._swing_commands(run))
        return out

    def _stride_m(self, run: Run) -> float:
        """The habitual step: short ones, as Ctrl lays them, stay inside the
        safe length of the ground ahead; the others keep their length."""
        stride = 60.0 * run.state.target_mps / self.cadence_spm
        if self.spec.stride != "short":
            return stride
        end = run.state.plan_end
        return run.quick_step_m(end.s_m, end.x_m, stride)

    def commands(self, run: Run) -> list[Command]:
        out = self._body_commands(run)
        state = run.state
        end_s, end_x = state.plan_end.s_m, state.plan_end.x_m
        queued = len(state.queue)
        while queued < MAX_QUEUE and end_s + self._habit_m <= state.s_m + self.spec.gaze_far_m:
            end_s, end_x = self.choose(run, end_s, end_x, self._habit_m, foot_after(state, queued))
            out.append(Place(run.tick, end_s, end_x))
            queued += 1
        # Nothing to do before the band has moved on enough for one more foothold.
        far_enough = end_s + self._habit_m - self.spec.gaze_far_m
        self.wake_s = far_enough if queued < MAX_QUEUE else math.inf
        return out

    def choose(
        self, run: Run, prev_s: float, prev_x: float, habit: float, foot: str = ""
    ) -> tuple[float, float]:
        rules = run.rules
        if prev_s + habit < self.readable_from_m:
            # Never seen: run straight on at the habitual stride.
            return round(prev_s + habit, 3), prev_x
        if self.spec.line == "centre":
            return self._centre(run, prev_s, prev_x, habit, foot)
        lo, hi = rules.min_step_m, rules.max_step_m
        scale = (1.0,) if self.spec.step_m else _LENGTHS  # a fixed step: that length only
        lengths = [lo if m < lo else (m if m < hi else hi) for m in [habit * k for k in scale]]
        # Only the lengths that land inside the band.
        far = run.state.s_m + self.spec.gaze_far_m
        s = [prev_s + length for length in lengths if prev_s + length <= far]
        if not s:
            # Even the shortest step lands beyond the band (a very slow stride):
            # straight on, unseen.
            return round(prev_s + lengths[0], 3), prev_x
        x = [prev_x + shift for shift in _SHIFTS]
        if self.spec.line == "random":
            row, col = int(self._rng.integers(len(s))), int(self._rng.integers(len(x)))
            return self._take(run, prev_s, prev_x, s[row], x[col])
        best, needs_lift = self._cheapest(run, prev_s, prev_x, s, x, habit, foot)
        row, col = divmod(best, len(x))
        chosen = round(s[row], 3), round(x[col], 3)
        self._lift_for[chosen] = needs_lift
        return chosen

    def _centre(self, run: Run, prev_s, prev_x, habit, foot) -> tuple[float, float]:
        """`line=centre`: each foot beside the trail's centre line, at the habitual
        stride, whatever lies there."""
        side = -1.0 if foot == "L" else 1.0
        reach = run.rules.max_lateral_m
        x = min(max(side * 0.05, prev_x - reach), prev_x + reach)
        return self._take(run, prev_s, prev_x, prev_s + habit, x)

    def _take(self, run: Run, prev_s, prev_x, s: float, x: float) -> tuple[float, float]:
        """A foothold chosen without weighing the others; the knee still lifts if
        the bot sees that its swing needs it."""
        chosen = round(s, 3), round(x, 3)
        v = run.state.target_mps
        body = run.state.stiffness, run.state.energy
        _, needs = swing_costs(run.trail, run.rules, prev_s, prev_x, *chosen, v, *body)
        self._lift_for[chosen] = bool(needs)
        return chosen

    def _cheapest(self, run: Run, prev_s, prev_x, s, x, habit, foot) -> tuple[int, bool]:
        """The candidate with the lowest cost per metre, first of equals, and whether
        its swing needs a lift; lengths `s` down, shifts `x` across.

        Per metre of trail covered, so a short step doesn't look cheap just for
        being short. A swing only adds cost, so the ground cost is a lower bound:
        when the candidate cheapest on the ground is still cheapest with its
        swing priced, the other swings need not be looked at. It is, for about
        nineteen choices in twenty.
        """
        rules, v, trail = run.rules, run.state.target_mps, run.trail
        sides, stride = self._sides[foot], self.spec.stride
        ground = grid_prices(trail, rules, run.shoe, prev_s, prev_x, s, x, habit, sides, v, stride)
        best = int(ground.argmin())
        row, col = divmod(best, len(x))
        to_s, to_x = s[row], x[col]
        # The swing as this body will make it: a stiff or tired leg clears less.
        body = run.state.stiffness, run.state.energy
        swing, needs = swing_costs(trail, rules, prev_s, prev_x, to_s, to_x, v, *body)
        if swing:
            priced = ground.ravel().copy()
            priced[best] += swing * habit / (to_s - prev_s)
            if int(np.argmin(priced)) != best:
                s_col = np.array(s)[:, None]
                swing, needs = swing_costs(trail, rules, prev_s, prev_x, s_col, x, v, *body)
                best = int(np.argmin(ground + swing * (habit / (s_col - prev_s))))
                needs = needs.ravel()[best]
        return best, bool(needs)

    def _swing_commands(self, run: Run) -> list[Command]:
        """After each landing: knee drive for the next swing if it needs it; brake on descents."""
        out: list[Command] = []
        state = run.state
        head = state.queue[0] if state.queue else None
        lift = bool(head and self._lift_for.pop((head.s_m, head.x_m), False))
        lift = {"auto": lift, "never": False, "always": True}[self.spec.lift]
        if lift != self._lift:
            self._lift = lift
            out.append(Lift(run.tick, lift))
        downhill = self.spec.brake and run.trail.grade_at(state.s_m) < BRAKE_BELOW_GRADE
        brake = self.spec.brake if downhill else 0.0
        if brake != self._brake:
            self._brake = brake
            out.append(Brake(run.tick, brake))
        return out


def pace_commands(spec: BotSpec, run: Run) -> list[Command]:
    """The pace key presses from the level's pace to the spec's."""
    steps = round((spec.pace_mps - run.state.pace_mps) / run.rules.pace_step_mps)
    return [Pace(run.tick, 1 if steps > 0 else -1) for _ in range(abs(steps))]


class LaneBot:
    """Holds a lane key (the centre one unless its spec names another) from the
    start, with the stride key its spec asks for: the steering lays and snaps
    every step, as it does for a player who holds one key and reads nothing.
    So it never lifts unless told to always."""

    def __init__(self, spec: BotSpec, run: Run):
        self.spec = spec
        self.wake_s = math.inf  # nothing to say after the start
        self._started = False

    def commands(self, run: Run) -> list[Command]:
        if self._started:
            return []
        self._started = True
        out: list[Command] = [
            SteerLane(run.tick, self.spec.lane),
            Stride(run.tick, self.spec.stride),
        ]
        if self.spec.pace_mps is not None:
            out.extend(pace_commands(self.spec, run))
        if self.spec.lift == "always":
            out.append(Lift(run.tick, True))
        return out

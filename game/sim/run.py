"""The fixed-timestep loop: trail + runner + commands → events.

One tick is 1/120 s. Commands apply at the start of the tick they are stamped
with; all randomness (scatter, slips) comes from the run's own generator,
seeded by the run's seed, and is drawn the same number of times every step, so
the same level, seed, shoe and command log give the same run, byte for byte.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np

from game.sim import perception
from game.sim import runner as model
from game.sim.commands import (
    LANE_WIDTH_M,
    Brake,
    Command,
    Gaze,
    Lift,
    Pace,
    Pin,
    Place,
    PlaceLane,
    Steer,
    SteerLane,
    SteerStop,
    Stride,
    is_action,
)
from game.sim.events import Event, FallEvent, FinishEvent, RejectEvent, StepEvent, StumbleEvent
from game.sim.judge import FAULTS, Result, summarize
from game.sim.line import (
    FOOT_OFFSET_M,
    MAP_EDGE_M,
    ROW_M,
    Paint,
    PaintedLine,
    Snapper,
    chain_reaches,
    laid_stride_m,
    line_row,
    reach_outline,
    steps_between,
)
from game.sim.rules import DT_S, MAX_RUN_S, SHOES, TICK_HZ, Rules
from game.sim.runner import Foothold, RunnerState
from game.sim.spec import LevelSpec
from game.sim.terrain import CHUNK_M, HALF_WIDTH_M
from game.sim.trail import Trail

MAX_QUEUE = 10
RELEASE_BEHIND_M = 30.0  # the front-end draws a little of the trail behind the runner
READS_FLAT_M = 0.03
BLIND_STEP_WIDTH_M = 0.1  # the natural gap between left and right footprints
STRIDE_SCALE = {"short": 0.75, "natural": 1.0, "long": 1.3}


class Run:
    """One runner on one trail, advanced a tick at a time."""

    def __init__(
        self,
        level: LevelSpec,
        seed: int | None = None,
        shoe: str | None = None,
        who: tuple[str, str] = ("player", "player"),
        gaze: tuple[float, float] | None = None,
        scored: bool = True,
        distance_m: float | None = None,
        trail: Trail | None = None,
    ):
        self.level = level
        self.seed = level.seed if seed is None else seed
        shoe = shoe or level.default_shoe
        if shoe not in level.shoes:
            raise ValueError(f"shoe {shoe!r} is not allowed here ({', '.join(level.shoes)})")
        self.shoe_name = shoe
        self.shoe = SHOES[shoe]
        self.rules: Rules = level.rules
        self.who = who
        self.scored = scored
        # Where the run ends: the level's length, or a chosen distance on an endless trail.
        self.goal_m = level.length_m if distance_m is None else distance_m
        self.trail = trail or Trail(level, self.seed)
        self.rng = np.random.default_rng([self.seed, 0x7EA15EAD])
        near, far = gaze or (level.gaze.near_m, level.gaze.far_m)
        self.band = (near, far)  # where the eyes start: a replay records it as data
        # The training speed (1.0: real time). It changes nothing in the simulation,
        # but a run at half speed is practice, and the result says so.
        self.speed = 1.0
        self.gaze_limits = (min(level.gaze.min_near_m, near), max(level.gaze.max_far_m, far))
        self.state = RunnerState(pace_mps=level.pace_mps, gaze_near_m=near, gaze_far_m=far)
        self.tick = 0
        self.log: list[Command] = []
        self.events: list[Event] = []
        self.steps: list[StepEvent] = []
        self.done = False
        self.finished = False
        self._pending: deque[Command] = deque()
        self.actions = 0  # deliberate inputs: pins, placements, key presses
        # Steering (DESIGN.md, "Controls"): the painted line and what paints it.
        self.line = PaintedLine()
        self.stride = "natural"
        self._pointer: tuple[float, float] | None = None  # (ahead, across) while it paints
        self._lane: int | None = None  # the lane key held down, if any
        self._sweep_from: tuple[float, float] | None = None  # where the last paint ended
        self._relay_from_s = math.inf  # laid steps from here on need laying again
        self._snapper: Snapper | None = None
        self._released_m = 0.0
        self._grade = self.trail.grade_at(0.0)
        self._speed_k = DT_S / self.rules.speed_tau_s
        self._gaze_decay = math.exp(-DT_S / self.rules.gaze_shift_memory_s)
        self._relax_per_tick = self.rules.relax_per_s * DT_S
        self._drain_base = self.rules.energy_base_per_s * DT_S
        self._drain_speed = self.rules.energy_speed_per_s * DT_S
        self._retarget()
        self.state.v_mps = 0.8 * self.state.target_mps  # a running start
        self._blind_step_m = float(model.natural_step_m(self.state.v_mps, self.rules))
        self._refresh_contact()
        self._end_s = self.goal_m if self.goal_m is not None else math.inf
        self._time_limit_s = (
            self.rules.time_limit_factor * self.goal_m / level.pace_mps if self.goal_m else math.inf
        )
        self.par_s = self._par_time_s() if self.goal_m and scored else math.inf
        # An endless run with no goal still ends inside what a replay may hold.
        self._time_limit_s = min(self._time_limit_s, MAX_RUN_S - 1.0)
        self._last_timely_tick = _last_tick_within(self._time_limit_s)
        # The first swing begins once a foothold chosen at the start signal is set up.
        self._swing_tick = round(self.rules.visuo_motor_delay_s * TICK_HZ)
        self._swing_from_s = 0.0

    # --- input -------------------------------------------------------------------

    def submit(self, cmd: Command) -> None:
        """Queue a command; it applies at the start of its tick."""
        if cmd.tick < self.tick or (self._pending and cmd.tick < self._pending[-1].tick):
            raise ValueError(f"command for tick {cmd.tick} arrived after tick {self.tick}")
        self._pending.append(cmd)

    def _apply(self, cmd: Command, out: list[Event]) -> None:
        self.log.append(cmd)
        self.actions += is_action(cmd)
        st, rules = self.state, self.rules
        if isinstance(cmd, Place):
            self._place(cmd.s_m, cmd.x_m, out)
        elif isinstance(cmd, Steer | SteerLane | SteerStop | Stride | Pin):
            self._apply_steering(cmd, out)
        elif isinstance(cmd, PlaceLane):
            prev = st.plan_end
            stride = float(model.natural_step_m(st.target_mps, rules)) * STRIDE_SCALE[cmd.stride]
            reach = rules.max_lateral_m
            x = min(max(cmd.lane * LANE_WIDTH_M, prev.x_m - reach), prev.x_m + reach)
            self._place(prev.s_m + stride, x, out)
        elif isinstance(cmd, Pace):
            st.pace_mps = min(
                rules.pace_max_mps,
                max(rules.pace_min_mps, st.pace_mps + cmd.delta * rules.pace_step_mps),
            )
            self._retarget()
        elif isinstance(cmd, Brake):
            st.brake = min(1.0, max(0.0, float(cmd.amount)))
            self._retarget()
        elif isinstance(cmd, Lift):
            st.lifting = bool(cmd.on)
        elif isinstance(cmd, Gaze):
            self._shift_gaze(float(cmd.delta_m))

    def _place(self, s_m: float, x_m: float, out: list[Event]) -> None:
        reason = self.placement_problem(s_m, x_m)
        if reason:
            out.append(RejectEvent(self.tick, s_m, x_m, reason))
        else:
            self.state.queue.append(self._chosen_now(s_m, x_m, pinned=True))
            if len(self.state.queue) == 1:
                self._refresh_contact()

    def _chosen_now(self, s_m: float, x_m: float, pinned: bool) -> Foothold:
        st = self.state
        gaze = (st.gaze_near_m, st.gaze_far_m)
        return Foothold(s_m, x_m, self.tick, "", pinned, st.s_m, gaze)

    def placement_problem(self, s_m: float, x_m: float) -> str:
        """Why a foothold can't be queued now, or '' if it can."""
        st, rules = self.state, self.rules
        prev = st.plan_end
        if not (math.isfinite(s_m) and math.isfinite(x_m)):
            return "not a place on the trail"
        if len(st.queue) >= MAX_QUEUE:
            return "the plan is full"
        if s_m < st.s_m + 0.05:
            return "behind you: that foot is already down"
        if s_m - prev.s_m < rules.min_step_m:
            return "too short a step"
        if s_m - prev.s_m > rules.max_step_m:
            return "out of reach"
        if abs(x_m - prev.x_m) > rules.max_lateral_m + 1e-9:
            return "too far sideways"
        if s_m > st.s_m + st.gaze_far_m + 0.05:
            return "in the fog: look further ahead to place it"
        if abs(x_m) > HALF_WIDTH_M - 0.05:
            return "off the map"
        return ""

    # --- steering the line and pinning footholds -------------------------------------

    @property
    def pointer(self) -> tuple[float, float] | None:
        """Where the pointer paints the line: (ahead, across), or None."""
        return self._pointer

    @property
    def steering(self) -> bool:
        """Whether the pointer or a lane key is painting the line."""
        return self._pointer is not None or self._lane is not None

    def _apply_steering(self, cmd, out: list[Event]) -> None:
        if isinstance(cmd, Steer):
            self._pointer, self._lane = (float(cmd.ahead_m), float(cmd.across_m)), None
        elif isinstance(cmd, SteerLane):
            self._pointer, self._lane = None, cmd.lane
        elif isinstance(cmd, SteerStop):
            self._pointer = self._lane = None
            self._sweep_from = None
        elif isinstance(cmd, Stride):
            self.stride = cmd.stride
            self._retarget()
            self._relay_from_s = -math.inf
        else:
            self._pin(cmd.s_m, cmd.x_m, out)

    def anchor(self) -> Foothold:
        """The foothold steering and pins start from: the one the swinging foot is
        already heading for (it can no longer change), or the foot on the ground."""
        st = self.state
        return st.queue[0] if st.queue else st.last

    def pin_problem(self, s_m: float, x_m: float) -> str:
        """Why a foothold can't be pinned at (s, x) now, or '' if it can."""
        st, rules = self.state, self.rules
        if not (math.isfinite(s_m) and math.isfinite(x_m)):
            return "not a place on the trail"
        if s_m > st.s_m + st.gaze_far_m + 0.05:
            return "in the fog: look further ahead to pin it"
        if abs(x_m) > MAP_EDGE_M:
            return "off the map"
        pins = [f for f in st.queue[1:] if f.pinned and abs(f.s_m - s_m) >= rules.min_step_m]
        before = [f for f in pins if f.s_m < s_m]
        after = [f for f in pins if f.s_m > s_m]
        start = before[-1] if before else self.anchor()
        if s_m < max(start.s_m, st.s_m) + rules.min_step_m:
            return "too close: that foot is already on its way" if not before else "too close"
        if not chain_reaches(start, s_m, x_m, rules):
            return "out of reach"
        if after and not chain_reaches(Foothold(s_m, x_m), after[0].s_m, after[0].x_m, rules):
            return "out of reach of the next pin"
        if len(pins) + 1 >= MAX_QUEUE:
            return "the plan is full"
        return ""

    def pin_reach(self) -> list[tuple[float, float]]:
        """Where a pin can go now, as an outline of (s, x) corners (empty if nowhere)."""
        st, rules = self.state, self.rules
        start = self.anchor()
        near = max(start.s_m, st.s_m) + rules.min_step_m
        return reach_outline(start, near, st.s_m + st.gaze_far_m, rules)

    def _pin(self, s_m: float, x_m: float, out: list[Event]) -> None:
        reason = self.pin_problem(s_m, x_m)
        if reason:
            out.append(RejectEvent(self.tick, s_m, x_m, reason))
            return
        # A new pin replaces any pin within a step of it: the player changed their mind.
        near = self.rules.min_step_m
        pins = [f for f in self.state.queue[1:] if f.pinned and abs(f.s_m - s_m) >= near]
        pins.append(self._chosen_now(s_m, x_m, pinned=True))
        self._relay(sorted(pins, key=lambda f: f.s_m))

    def _paint(self) -> None:
        """The pointer, or the held lane, paints the rows it passes over this tick."""
        st = self.state
        # Nothing is painted in the fog, nor behind the runner.
        if self._pointer is not None:
            ahead, across = self._pointer
            s = st.s_m + min(max(ahead, 0.0), st.gaze_far_m)
            x = across - self.trail.centre_at(s)
        else:
            s = st.s_m + 0.5 * (st.gaze_near_m + st.gaze_far_m)
            x = self._lane * LANE_WIDTH_M
        x = min(max(x, -MAP_EDGE_M), MAP_EDGE_M)
        start = self._sweep_from
        if start is not None and start[1] == x and line_row(start[0]) == line_row(s):
            return  # still over the same row, at the same place: nothing new to paint
        if start is None:
            # A fresh stroke joins the line already there, or starts from the feet.
            anchor = self.anchor()
            frontier = self.line.frontier_s
            paint = self.line.at(frontier) if frontier > anchor.s_m else None
            start = (frontier, paint.x_m) if paint else (anchor.s_m, anchor.x_m)
        paint = Paint(x, self.tick, st.s_m, (st.gaze_near_m, st.gaze_far_m))
        changed = self.line.paint(start[0], start[1], s, x, paint)
        self._relay_from_s = min(self._relay_from_s, changed)
        self._sweep_from = (s, x)

    def _needs_relay(self) -> bool:
        st = self.state
        end = st.plan_end
        if self._relay_from_s <= end.s_m + ROW_M:
            return True  # the line moved under a laid step
        return len(st.queue) < MAX_QUEUE and self.line.frontier_s >= end.s_m + self._stride_m

    def _relay(self, pins: list[Foothold] | None = None) -> None:
        """Lay the steps again from the anchor: to each pin, then along the line."""
        st = self.state
        self._relay_from_s = math.inf
        if self._snapper is None:
            self._snapper = Snapper(self.trail, self.rules, self.shoe)
        if pins is None:
            pins = [f for f in st.queue[1:] if f.pinned]
        start = self.anchor()
        laid = st.queue[:1]
        foot = st.next_foot if not laid else _other(st.next_foot)
        stride = self._stride_m
        for pin in pins:
            count = steps_between(pin.s_m - start.s_m, stride, self.rules)
            for k in range(1, count):
                share = k / count
                s = start.s_m + (pin.s_m - start.s_m) * share
                x = start.x_m + (pin.x_m - start.x_m) * share
                laid.append(self._laid_step(s, x, foot, laid, pin))
                foot = _other(foot)
            laid.append(pin)
            foot = _other(foot)
            start = pin
        s = start.s_m + self._laid_length(start.s_m)
        while len(laid) < MAX_QUEUE and s <= self.line.frontier_s:
            step = self._laid_step(s, None, foot, laid, None)
            if step is None:
                break
            laid.append(step)
            foot = _other(foot)
            s = step.s_m + self._laid_length(step.s_m)
        had_head = bool(st.queue)
        st.queue[:] = laid
        if not had_head and laid:
            self._refresh_contact()

    def _laid_length(self, s_m: float) -> float:
        """The next laid step's length from `s_m`. Ctrl's short steps stay inside
        the safe length of the ground they land on (a runner asked for quick
        feet on a steep, loose descent keeps them under the hips); the other
        strides keep their length whatever the ground, as a habit does."""
        stride = self._stride_m
        if self.stride != "short":
            return stride
        paint = self.line.at(s_m + stride)
        x = paint.x_m if paint is not None else self.state.last.x_m
        return self.quick_step_m(s_m, x, stride)

    def quick_step_m(self, s_m: float, x_m: float, stride_m: float) -> float:
        """A quick step of at most `stride_m` from `s_m`, inside the safe length
        of the ground it lands on (at `x_m` across): Ctrl's, and a bot's short stride."""
        s = s_m + stride_m
        footing = self.trail.footing(s, x_m, self.shoe)
        grade = self.trail.grade_at(s)
        step = model.quick_step_m(stride_m, grade, footing.grip, footing.stability, self.rules)
        return float(step)

    def _laid_step(self, s_m, x_m, foot, laid, pin) -> Foothold | None:
        """A step laid on the line at s (or on the straight way to a pin), snapped."""
        paint = self.line.at(s_m)
        if paint is None and pin is None:
            return None
        if paint is not None:
            x_m = paint.x_m
        side = -FOOT_OFFSET_M if foot == "L" else FOOT_OFFSET_M
        prev_x = laid[-1].x_m if laid else self.state.last.x_m
        s, x = self._snapper.snap(s_m, x_m + side, foot, prev_x)
        if paint is None:  # decided when the pin was
            return Foothold(s, x, pin.chosen_tick, foot, False, pin.chosen_at_s_m, pin.chosen_gaze)
        return Foothold(s, x, paint.tick, foot, False, paint.at_s_m, paint.gaze)

    def _shift_gaze(self, delta_m: float) -> None:
        st, rules = self.state, self.rules
        lo, hi = self.gaze_limits
        width = st.gaze_far_m - st.gaze_near_m
        near = min(max(st.gaze_near_m + delta_m, lo), hi - width)
        moved = abs(near - st.gaze_near_m)
        st.gaze_near_m, st.gaze_far_m = near, near + width
        st.gaze_shift_m += moved
        if st.gaze_shift_m > rules.gaze_shift_free_m:
            # A jerk of the head: the article's "avoid abrupt head movements".
            st.balance -= rules.gaze_shift_cost
            st.stiffness = min(1.0, st.stiffness + rules.gaze_shift_stiffening)
            st.gaze_shift_m = 0.0

    def _retarget(self) -> None:
        st = self.state
        st.target_mps = model.wanted_speed(
            st.pace_mps, self._grade, st.brake, st.energy, self.rules, self.level.pace_mps
        )
        self._stride_m = laid_stride_m(st.target_mps, self.stride, self.rules)
        # From the speed the legs aim at, not the speed of the moment: the few
        # seconds after a trip or on the ground after a fall do not count as rest.
        effort = model.effort_mps(st.target_mps, self._grade)
        self._recover_per_tick = model.recovery_per_s(effort, self.rules) * DT_S

    # --- the tick ------------------------------------------------------------------

    def step(self) -> list[Event]:
        """Advance one tick; returns the events of that tick."""
        if self.done:
            return []
        out: list[Event] = []
        self._apply_due(out)
        return self._tick(out)

    def _apply_due(self, out: list[Event]) -> None:
        """Apply the commands stamped with this tick, in the order they came."""
        pending = self._pending
        while pending and pending[0].tick == self.tick:
            self._apply(pending.popleft(), out)

    def _tick(self, out: list[Event]) -> list[Event]:
        """The tick itself, its commands applied: motion, landings, the end."""
        st = self.state
        v = st.v_mps
        if self.tick >= st.down_until_tick:
            v += (st.target_mps - v) * self._speed_k
            st.v_mps = v
            st.s_m += v * DT_S
        if st.brake > 0.0:
            self._brake_tick()
        elif st.stiffness > 0.0:
            st.stiffness = max(0.0, st.stiffness - self._relax_per_tick)
        energy = max(0.0, st.energy - self._drain_base - self._drain_speed * v * v)
        st.energy = energy + (1.0 - energy) * self._recover_per_tick
        if st.gaze_shift_m:
            st.gaze_shift_m *= self._gaze_decay
        self.tick += 1
        st.time_s = self.tick / TICK_HZ
        if self.steering:
            self._paint()
        if self._relay_from_s < math.inf and self._needs_relay():
            self._relay()
        while st.s_m >= self._contact_s and not self.done:
            head = st.queue[0] if st.queue else None
            self._land(head or self._blind_foothold(self._contact_s), head is not None, out)
        if st.s_m >= self._end_s or st.time_s > self._time_limit_s:
            self._check_end(out)
        if out:
            self.events.extend(out)
        return out

    def _brake_tick(self) -> None:
        st = self.state
        stiffen, drain = self._brake_per_tick()
        st.stiffness = min(1.0, st.stiffness + stiffen)
        st.energy -= drain

    def _brake_per_tick(self) -> tuple[float, float]:
        """What a tick of braking adds to stiffness and takes from energy."""
        st, rules = self.state, self.rules
        descent = max(0.0, -self._grade)
        rate = rules.brake_stiffening_per_s * (1.0 + rules.brake_descent_gain * descent)
        return st.brake * rate * DT_S, rules.energy_brake_per_s * st.brake * DT_S

    def advance(self, until_s: float = math.inf, until_tick: float = math.inf) -> list[Event]:
        """Run ticks until one has events, the runner reaches `until_s`, the
        tick count reaches `until_tick` or the run ends; returns the last tick's events.

        The ticks in between, when nothing but motion happens, run in a tight
        loop: the same arithmetic as `step`, a fifth of the time. A tick whose
        commands change nothing but the runner's plan or body is one of them.
        """
        while not self.done:
            out: list[Event] = []
            self._apply_due(out)
            if not out and not self.steering and self._coast(until_s, until_tick):
                return out  # `until_s` reached on a quiet tick
            out = self._tick(out)
            if out or self.done or self.state.s_m >= until_s or self.tick >= until_tick:
                return out
        return []

    def _coast(self, until_s: float, until_tick: float) -> bool:
        """Quiet ticks, on local variables: no command due, no foot landing, no
        end (getting up after a fall is quiet too); stops before the first tick
        that is not quiet, for `step` to take, or after the quiet tick that
        reaches `until_s` (then returns True)."""
        st = self.state
        tick = self.tick
        stop_tick = min(self._pending[0].tick if self._pending else math.inf, until_tick)
        quiet_s = min(self._contact_s, self._end_s)
        stop_s = min(quiet_s, until_s)
        moving_from = st.down_until_tick  # still getting up after a fall before it
        if tick < moving_from and st.s_m >= quiet_s:
            return False
        reached = False
        last_tick = min(stop_tick, self._last_timely_tick + 1)
        v, s, energy, stiffness, gaze = st.v_mps, st.s_m, st.energy, st.stiffness, st.gaze_shift_m
        target, k, base, speed = st.target_mps, self._speed_k, self._drain_base, self._drain_speed
        recover = self._recover_per_tick
        relax, decay = self._relax_per_tick, self._gaze_decay
        braking = st.brake > 0.0
        stiffen, brake_drain = self._brake_per_tick() if braking else (0.0, 0.0)
        dt, end_tick = DT_S, last_tick - 1
        # Conditional expressions where `step` has max and min: the same values,
        # without a call per tick.
        while tick < end_tick:
            if tick >= moving_from:
                v_next = v + (target - v) * k
                s_next = s + v_next * dt
                if s_next >= stop_s:
                    if s_next >= quiet_s:
                        break
                    reached, end_tick = True, tick + 1  # this tick is the last
                v, s = v_next, s_next
            if braking:
                stiffness = stiffness + stiffen
                stiffness = stiffness if stiffness < 1.0 else 1.0
                energy -= brake_drain
            elif stiffness > 0.0:
                stiffness = stiffness - relax
                stiffness = stiffness if stiffness > 0.0 else 0.0
            energy = energy - base - speed * v * v
            energy = energy if energy > 0.0 else 0.0
            energy += (1.0 - energy) * recover
            if gaze:
                gaze *= decay
            tick += 1
        st.v_mps, st.s_m, st.energy, st.stiffness, st.gaze_shift_m = v, s, energy, stiffness, gaze
        self.tick = tick
        st.time_s = tick / TICK_HZ
        return reached

    def _refresh_contact(self) -> None:
        """Where the next foot comes down: the next queued foothold, or a natural step on."""
        st = self.state
        self._contact_s = st.queue[0].s_m if st.queue else st.last.s_m + self._blind_step_m

    def _blind_foothold(self, s_m: float) -> Foothold:
        """Where a foot falls unguided: a natural step on its own side of the body."""
        side = -1.0 if self.state.next_foot == "L" else 1.0
        return Foothold(s_m, self.state.last.x_m + side * BLIND_STEP_WIDTH_M)

    def _check_end(self, out: list[Event]) -> None:
        st = self.state
        if self.done:
            return
        if st.s_m >= self._end_s:
            if self.scored:
                st.score += self.time_points(st.time_s + st.penalty_s)
            self._end(True, "finished", out)
        elif st.time_s > self._time_limit_s:
            self._end(False, "out of time", out)

    def note_speed(self, speed: float) -> None:
        """The front-end ran some of the run at this training speed: the slowest counts."""
        self.speed = min(self.speed, float(speed))

    def _par_time_s(self) -> float:
        """The level's pace held over its own climbs and descents, metre by
        metre, by a runner partway through it (`Rules.par_energy`), times what
        the level's ground costs a good runner beyond that (`Medals.par_factor`)."""
        ends = np.minimum(np.arange(1.0, math.ceil(self.goal_m) + 1.0), self.goal_m)
        widths = np.diff(ends, prepend=0.0)
        grades = self.trail.profile_grades(ends - 0.5 * widths)
        held = model.speed_held(self.level.pace_mps, grades, 0.0, self.rules.par_energy, self.rules)
        return float(np.sum(widths / held)) * self.level.medals.par_factor

    def time_points(self, time_s: float) -> float:
        """A race's half of the score: full points at the level's par or inside
        it, none past `Rules.time_zero_over_par`. The trail sets the pace it
        pays for: beating par earns nothing more, so charging only adds the
        faults of speed."""
        over = max(0.0, time_s / self.par_s - 1.0)
        left = max(0.0, 1.0 - over / self.rules.time_zero_over_par)
        return self.rules.time_points_per_m * self.goal_m * left

    def stop(self, reason: str = "stopped") -> None:
        """End the run where it stands (the player quit); it counts as unfinished."""
        if not self.done:
            out: list[Event] = []
            self._end(False, reason, out)
            self.events.extend(out)

    def _end(self, finished: bool, reason: str, out: list[Event]) -> None:
        self.done = True
        self.finished = finished
        out.append(FinishEvent(self.tick, finished, reason))

    # --- a foot lands ----------------------------------------------------------------

    def _land(self, target: Foothold, planned_by_someone: bool, out: list[Event]) -> None:
        st, rules, trail = self.state, self.rules, self.trail
        last = st.last
        foot = st.next_foot
        step_m = max(target.s_m - last.s_m, 1e-3)
        v = max(st.v_mps, 0.3)
        lead_s = (self.tick - target.chosen_tick) / TICK_HZ if planned_by_someone else None
        path = (last.s_m, last.x_m, target.s_m, target.x_m)
        # What the swing must read: ground under 3 cm reads as flat.
        height = 0.0 if trail.swing_clear(*path, READS_FLAT_M) else trail.path_top(*path)
        if planned_by_someone:  # a blind step reads nothing
            around = trail.top_around(target.s_m, target.x_m, rules.read_around_m)
            height = max(height, around if around > READS_FLAT_M else 0.0)
        gaze = (st.gaze_near_m, st.gaze_far_m)  # for a foothold that does not say its own
        known = perception.knowledge(
            target, self._swing_tick, self._swing_from_s, st.s_m, v, height, rules, gaze
        )
        judgement = perception.judgement(known, planned_by_someone)
        # Scatter: a stiff body, a spot poorly read or remembered, a decision
        # not set up in time put the foot off the mark.
        sigma = (
            rules.base_scatter_m
            + rules.stiff_scatter_m * st.stiffness
            + perception.memory_scatter_m(known, rules)
            + rules.unread_scatter_m * (1.0 - known.read)
            + rules.reactive_scatter_m * (1.0 - known.ready)
        )
        dx, ds = self.rng.normal(0.0, sigma, 2).tolist()
        slip_roll = self.rng.random()
        x = target.x_m + dx
        s_foot = target.s_m + 0.5 * ds
        footing = trail.footing(s_foot, x, self.shoe)
        grade = trail.grade_at(target.s_m)
        self._grade = grade
        reasons, cost = self._step_costs(
            foot, step_m, v, x, s_foot, last, footing, grade, known, slip_roll
        )
        tripped = "not lifted" in reasons
        cost *= 1.0 + rules.stiff_cost_gain * st.stiffness
        self._stiffen(known, abs(x - last.x_m))
        if st.stiffness > 0.5:
            reasons.append("stiff")
        clean = not any(r in FAULTS for r in reasons)
        st.balance -= cost
        if clean:
            recovery = rules.balance_recovery * (1.0 - rules.stiff_recovery_loss * st.stiffness)
            recovery *= 1.0 - rules.tired_recovery_loss * (1.0 - st.energy)
            st.balance = min(1.0, st.balance + recovery)
            st.stiffness *= 1.0 - (1.0 - rules.relax_per_clean_step) * known.known
        self._spend_energy(
            footing.unevenness_m,
            step_m,
            v,
            model.safe_step_m(grade, footing.grip, footing.stability, rules),
        )
        st.steps += 1
        st.step_length_m = step_m
        st.recent_cadence.append(60.0 * v / step_m)
        del st.recent_cadence[: -int(rules.cadence_window_steps)]
        st.cadence_spm = sum(st.recent_cadence) / len(st.recent_cadence)
        points = self._score_step(known, clean, step_m)
        self._swing_tick, self._swing_from_s = self.tick, st.s_m  # the other foot swings now
        st.last = Foothold(target.s_m, x, target.chosen_tick, foot)
        if target.s_m - RELEASE_BEHIND_M > self._released_m + CHUNK_M:
            # An endless run keeps only the trail around the runner: a chunk
            # at a time, not a step at a time.
            self._released_m = target.s_m - RELEASE_BEHIND_M
            trail.release_before(self._released_m)
            self.line.release_before(self._released_m)
        if planned_by_someone:
            st.queue.pop(0)
        st.next_foot = "R" if foot == "L" else "L"
        self._retarget()
        if tripped:
            st.v_mps *= rules.trip_speed_keep
        self._blind_step_m = float(model.natural_step_m(max(st.v_mps, 1.0), rules))
        self._refresh_contact()
        event = StepEvent(
            self.tick,
            target.s_m,
            x,
            foot,
            judgement,
            clean,
            tuple(reasons),
            lead_s,
            step_m,
            60.0 * v / step_m,
            int(footing.surface),
            cost,
            st.balance,
            st.stiffness,
            points,
            _lead_m(target) if planned_by_someone else None,
        )
        out.append(event)
        self.steps.append(event)
        self._after_landing(tripped, reasons, target.s_m, out)

    def _step_costs(self, foot, step_m, v, x, s_foot, last, footing, grade, known, slip_roll):
        """Each effect of DESIGN.md's runner model on this landing, with its reason."""
        st, rules, trail = self.state, self.rules, self.trail
        reasons: list[str] = []
        cost = 0.0
        # The swing is shaped over what was known of the ground before it began.
        clearance = model.clearance_m(
            step_m, v, st.stiffness, st.energy, st.lifting, known.known, rules
        )
        swing = (last.s_m, last.x_m, s_foot, x)
        if not trail.swing_clear(*swing, clearance) and trail.path_top(*swing) > clearance:
            reasons.append("not lifted")
            cost += rules.trip_cost
        safe = float(model.safe_step_m(grade, footing.grip, footing.stability, rules))
        over = float(model.overstride_cost(step_m, safe, rules))
        if over > rules.overstride_fault:
            reasons.append("overstride")
            st.overstrides += 1
            cost += over
        impact = model.landing_load(step_m, v, rules)
        if slip_roll < model.slip_chance(footing.grip, grade, st.stiffness, impact, rules):
            reasons.append("slip")
            cost += rules.slip_cost
        landing = float(model.landing_cost(footing, grade, self.shoe, impact, rules))
        if landing > rules.bad_footing_fault:
            reasons.append("bad footing")
        cost += landing
        if abs(x) > trail.half_width_at(s_foot):
            reasons.append("off-trail")
            st.off_trail += 1
            st.penalty_s += rules.off_trail_time_s
            if self.scored:
                st.score -= rules.off_trail_points
            cost += rules.off_trail_cost
        if bool(model.is_crossover(foot, x, last.x_m, rules)):
            reasons.append("crossover")
            cost += rules.crossover_cost
        wide = float(model.lateral_cost(x - last.x_m, rules))
        if wide > 0:
            reasons.append("wide step")
            cost += wide
        judgement = perception.judgement(known, known is not perception.BLIND)
        if judgement != "planned":
            reasons.append(judgement)
        cost += rules.unread_cost * (1.0 - known.read) + rules.reactive_cost * (1.0 - known.ready)
        return reasons, cost

    def _stiffen(self, known: perception.Knowledge, dx_m: float) -> None:
        st, rules = self.state, self.rules
        rise = rules.reactive_stiffening * (1.0 - known.ready)
        rise += rules.unread_stiffening * (1.0 - known.read)
        if dx_m > rules.comfortable_lateral_m:
            rise += rules.correction_stiffening
        st.stiffness = min(1.0, st.stiffness + rise)

    def _spend_energy(self, unevenness_m: float, step_m: float, v: float, safe_m: float) -> None:
        st, rules = self.state, self.rules
        spent = model.landing_energy(unevenness_m, step_m, v, rules)
        spent += model.stride_load(step_m, safe_m, rules)
        if st.lifting:
            spent += rules.energy_lift
        above = model.cadence_above_band(v, step_m, rules)
        spent += rules.energy_high_cadence * above / 10.0
        st.energy = max(0.0, st.energy - spent)

    def _score_step(self, known, clean: bool, step_m: float) -> float:
        st, rules = self.state, self.rules
        if not self.scored:
            return 0.0
        # Points by the metre, so shuffling tiny steps earns nothing extra; as
        # many as the runner knew of where it stepped.
        points = rules.points_known * known.known * st.flow * step_m * (1.0 if clean else 0.25)
        if clean:
            st.flow = model.flow_after(st.flow, known.known, step_m, rules)
        else:
            st.flow = 1.0
        st.score += points
        return points

    def _after_landing(
        self, tripped: bool, reasons: list[str], s_m: float, out: list[Event]
    ) -> None:
        st, rules = self.state, self.rules
        if st.balance <= 0.0:
            st.falls += 1
            st.down_until_tick = self.tick + int(rules.fall_time_s * TICK_HZ)
            st.v_mps = 0.0
            st.balance = rules.fall_balance_after
            st.stiffness = min(1.0, st.stiffness + 2 * rules.stumble_stiffening)
            st.queue.clear()
            self._refresh_contact()
            st.flow = 1.0
            if self.scored:
                st.score -= rules.fall_points
            out.append(FallEvent(self.tick, s_m, reasons[0] if reasons else "lost balance"))
            if st.falls >= rules.max_falls:
                self._end(False, "too many falls", out)
        elif tripped or st.balance < rules.stumble_below:
            st.stumbles += 1
            st.v_mps *= rules.stumble_speed_keep
            st.balance = max(st.balance, rules.stumble_below + rules.stumble_balance_bump)
            st.stiffness = min(1.0, st.stiffness + rules.stumble_stiffening)
            st.flow = 1.0
            if self.scored:
                st.score -= rules.stumble_points
            out.append(StumbleEvent(self.tick, s_m, reasons[0] if reasons else "lost balance"))

    # --- the outcome ------------------------------------------------------------------

    def result(self) -> Result:
        rules = self.rules
        usual = rules.usual_cadence_spm
        band = (
            usual + rules.cadence_bonus_lo_spm - rules.cadence_tolerance_spm,
            usual + rules.cadence_bonus_hi_spm + rules.cadence_tolerance_spm,
        )
        return summarize(
            self.level,
            self.seed,
            self.who,
            self.shoe_name,
            self.state,
            self.steps,
            self.finished,
            band,
            speed=self.speed,
            actions=self.actions,
        )


def _other(foot: str) -> str:
    return "R" if foot == "L" else "L"


def _last_tick_within(limit_s: float) -> float:
    """The last tick count whose time is not past `limit_s` (as `step` computes time)."""
    if math.isinf(limit_s):
        return math.inf
    tick = math.floor(limit_s * TICK_HZ) + 2
    while tick / TICK_HZ > limit_s:
        tick -= 1
    return tick


def _lead_m(target: Foothold) -> float | None:
    """How far ahead of the runner a foothold was when it was chosen."""
    if target.chosen_at_s_m is None:
        return None
    return target.s_m - target.chosen_at_s_m

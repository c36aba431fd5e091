"""Autopilots: bots that read the trail within a gaze band and place footholds.

A bot speaks the same commands as a player, so a bot run is a replay like any
other. `plan=greedy` picks each foothold as it comes into view; `plan=ideal`
follows the ideal line (see ideal.py) that a full-knowledge planner found.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.sim import runner as model
from game.sim.commands import Brake, Command, Lift, Pace, Place, SteerLane, Stride
from game.sim.rules import Rules, Shoe
from game.sim.run import MAX_QUEUE, Run
from game.sim.spec import LevelSpec
from game.sim.trail import Trail

STRIDE_CADENCE = {"short": 6.0, "natural": 0.0, "long": -30.0}  # spm from the usual rhythm
BRAKE_BELOW_GRADE = -0.04
LENGTH_CHOICES = np.array([0.6, 0.75, 0.9, 1.0, 1.12])
LATERAL_CHOICES = np.array([-0.35, -0.2, -0.1, 0.0, 0.1, 0.2, 0.35])
# How much the bots care about keeping their habitual stride, against balance.
STRIDE_HABIT_WEIGHT = 0.08
LIFT_EFFORT = 0.004  # knee drive is cheap next to a trip, dear on every step
# A fault costs more than its balance: no recovery that step, the flow lost, a
# quarter of the points. Planners price it so.
FAULT_PRICE = 0.06
CLEARANCE_MARGIN_M = 0.02  # a tiring runner eats into clearance
SWING_SPREAD_M = (0.0, -0.03, 0.03)  # where a foot lands, about two scatters either side
_LENGTHS, _SHIFTS = LENGTH_CHOICES.tolist(), LATERAL_CHOICES.tolist()


class BotSpecError(ValueError):
    pass


LIFTS = ("auto", "never", "always")
LINES = ("read", "centre", "random", "lane")
SPEC_KEYS = "gaze, stride, brake, plan, pace, lift, step, line"


@dataclass(frozen=True, slots=True)
class BotSpec:
    gaze_near_m: float = 3.0
    gaze_far_m: float = 6.0
    stride: str = "natural"
    brake: float = 0.0
    plan: str = "greedy"
    pace_mps: float | None = None
    lift: str = "auto"  # knee drive when it judges it needed, never, or on every step
    step_m: float | None = None  # a fixed step length instead of a habit
    # Read the trail and choose, run its centre, pick at random, or hold the centre
    # lane key as a player can: the steering lays the steps, nothing is read.
    line: str = "read"

    def label(self) -> str:
        text = (
            f"gaze={self.gaze_near_m:g}-{self.gaze_far_m:g},stride={self.stride},"
            f"brake={self.brake:g},plan={self.plan}"
        )
        text += f",pace={self.pace_mps:g}" if self.pace_mps is not None else ""
        text += f",lift={self.lift}" if self.lift != "auto" else ""
        text += f",step={self.step_m:g}" if self.step_m is not None else ""
        return text + (f",line={self.line}" if self.line != "read" else "")


def parse_bot_spec(text: str) -> BotSpec:
    """`gaze=NEAR-FAR,stride=short|natural|long,brake=0..1,plan=greedy|ideal,pace=M/S,
    lift=auto|never|always,step=M,line=read|centre|random|lane`."""
    values: dict = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            raise BotSpecError(f"bot spec: {part!r} is not key=value")
        if key == "gaze":
            near, dash, far = value.partition("-")
            try:
                values["gaze_near_m"], values["gaze_far_m"] = float(near), float(far)
            except ValueError:
                raise BotSpecError(f"bot spec: gaze: {value!r} is not NEAR-FAR in metres") from None
            if not dash or not 0.2 <= values["gaze_near_m"] < values["gaze_far_m"] <= 15.0:
                raise BotSpecError("bot spec: gaze: needs 0.2 <= NEAR < FAR <= 15 metres")
        elif key == "stride":
            values["stride"] = _choice(key, value, tuple(STRIDE_CADENCE))
        elif key == "brake":
            values["brake"] = _number(key, value, 0.0, 1.0)
        elif key == "plan":
            values["plan"] = _choice(key, value, ("greedy", "ideal"))
        elif key == "pace":
            values["pace_mps"] = _number(key, value, 1.5, 6.0)
        elif key == "lift":
            values["lift"] = _choice(key, value, LIFTS)
        elif key == "step":
            values["step_m"] = _number(key, value, 0.3, 1.6)
        elif key == "line":
            values["line"] = _choice(key, value, LINES)
        else:
            raise BotSpecError(f"bot spec: unknown key {key!r} ({SPEC_KEYS})")
    return BotSpec(**values)


def _choice(key: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BotSpecError(f"bot spec: {key}: must be {', '.join(choices[:-1])} or {choices[-1]}")
    return value


def _number(key: str, value: str, lo: float, hi: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BotSpecError(f"bot spec: {key}: {value!r} is not a number") from None
    if not lo <= number <= hi or math.isnan(number):
        raise BotSpecError(f"bot spec: {key}: must be between {lo:g} and {hi:g}")
    return number


def candidate_costs(
    trail: Trail,
    rules: Rules,
    shoe: Shoe,
    prev_s: float,
    prev_x: float,
    s,
    x,
    v_mps: float,
    habit_step_m: float,
    stiffness: float = 0.0,
    energy: float = 1.0,
    foot: str = "",
):
    """Expected balance cost of stepping from (prev_s, prev_x) to each candidate.

    The same model the run applies, taken as an expectation: slips by their
    chance, trips as certain when the swing can't clear the path even with a
    lift. `s` and `x` broadcast against each other (a column of lengths against
    a row of sideways shifts, say). Returns (cost, needs_lift) arrays.
    """
    ground, step = ground_costs(trail, rules, shoe, prev_s, prev_x, s, x, stiffness, foot, v_mps)
    swing, needs_lift = swing_costs(trail, rules, prev_s, prev_x, s, x, v_mps, stiffness, energy)
    return ground + swing + habit_cost(step, habit_step_m), needs_lift


def ground_costs(
    trail: Trail, rules: Rules, shoe: Shoe, prev_s, prev_x, s, x, stiffness, foot, v_mps
):
    """Every cost of the candidate steps but their swing; and their lengths."""
    s, x = np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64)
    step = s - prev_s
    footing = trail.footing(s, x, shoe)
    grade, half_width = trail.rows_of_all(("grade", "half_width_m"), s)
    landing = expected_landing_cost(footing, grade, shoe, rules, stiffness, v_mps)
    safe = model.safe_step_m(grade, footing.grip, rules)
    over = model.overstride_cost(step, safe, rules)
    cost = landing + over + FAULT_PRICE * (over > rules.overstride_fault)
    cost = cost + model.lateral_cost(x - prev_x, rules)
    if foot:
        crossing = model.is_crossover(foot, x, prev_x, rules, model.CROSSOVER_SLACK_M)
        cost = cost + rules.crossover_cost * crossing
    off = np.abs(x) > half_width - 0.05
    return cost + off * (rules.off_trail_cost + 0.2), step


def swing_costs(trail: Trail, rules: Rules, prev_s, prev_x, s, x, v_mps, stiffness, energy):
    """(cost, needs_lift) of the swings to the candidates: knee drive, or a trip.

    A foot lands a few centimetres off its mark, and a root's ridge is sharp:
    the swing is judged by the highest of its paths to the mark and to either
    side of it.
    """
    easy = model.clearance_m(s - prev_s, v_mps, stiffness, energy, False, 1.0, rules)
    if isinstance(s, float):
        # Only the paths that may rise above the lift mark can change the price:
        # the others are no higher than it (`swing_clear` is conservative).
        # Once one path trips even a lifted swing, the others can't change that.
        mark = easy - CLEARANCE_MARGIN_M
        trips_at = mark + rules.lift_clearance_m
        top = -1.0
        for dx in SWING_SPREAD_M:
            if top <= trips_at and not trail.swing_clear(prev_s, prev_x, s, x + dx, mark):
                top = max(top, trail.path_top(prev_s, prev_x, s, x + dx))
        return swing_cost(top, easy, rules) if top >= 0.0 else (0.0, False)
    x = np.asarray(x, dtype=np.float64)
    top = np.maximum.reduce([trail.path_top(prev_s, prev_x, s, x + dx) for dx in SWING_SPREAD_M])
    return swing_cost(top, easy, rules)


def grid_prices(trail: Trail, rules: Rules, shoe: Shoe, prev_s, prev_x, s, x, habit, sides, v_mps):
    """Each candidate's ground and habit cost per metre of trail, `s` (ascending)
    down and `x` across: `ground_costs` plus `habit_cost`, over the step length.

    The same prices to rounding, in as few NumPy calls as it takes: a greedy
    choice weighs 35 candidates, and at that size the time goes to calls, not
    to numbers. So what depends on the row alone (the gradient, the step
    length, the trail's width) is worked out in plain Python on a handful of
    floats, the constants of a sum are gathered into one number per row, and
    only what depends on the ground underfoot is an array. `s` and `x` are
    sequences of floats; `sides` is `side_costs` for the foot that lands.
    """
    footing, grades, half_widths = trail.footing_grid(s, x, shoe)
    r = rules
    slip_price = r.slip_cost + FAULT_PRICE
    impact = model.impact(v_mps, r)
    stable = r.stability_cost * impact
    per_row = []
    for s_m, grade in zip(s, grades, strict=True):
        step = s_m - prev_s
        descent = -grade if grade < 0.0 else 0.0
        downhill = 1.0 + r.grip_descent_gain * descent
        shrink = 1.0 - r.safe_step_descent * descent
        per_row.append(
            (
                r.grip_cost * downhill * impact,
                r.slip_chance * 0.25 * slip_price * downhill * impact,
                r.safe_step_grip * shrink,
                shrink,
                step / r.safe_step_m,
                stable - r.overstride_cost + habit_cost(step, habit),
                habit / step,
            )
        )
    # Each row's terms spread across its candidates once, so that no later
    # call needs to broadcast (which costs NumPy more than the arithmetic).
    terms = np.empty((len(per_row[0]), len(s), len(x)))
    terms[...] = np.array(per_row).T[..., None]
    grip_k, slip_k, grip_shrink, shrink, stretch_k, constant, per_m = terms
    loose = 1.0 - footing.grip
    # The landing, less its constant share of the stability cost.
    landing = loose * grip_k
    landing -= footing.stability * stable
    protection = 1.0 - r.edge_protection_share * shoe.protection
    # In double precision: mixed precision costs more calls.
    uneven_k = r.uneven_cost_per_m * protection * impact
    landing += np.multiply(footing.unevenness_m, uneven_k, dtype=float)
    # Slips by their chance (the model's, at no stiffness).
    slips = loose * loose
    slips *= slip_k
    np.minimum(slips, 0.9 * slip_price, out=slips)  # a slip is at most nine in ten likely
    # The overstride against the safe length on this ground, less its constant.
    safe_share = shrink - loose * grip_shrink
    np.maximum(safe_share, 0.35, out=safe_share)
    stretch = np.maximum(stretch_k / safe_share, 1.0)
    over = stretch**r.overstride_exponent
    over *= r.overstride_cost
    cost = landing + slips
    cost += over
    # Faults priced: a bad landing, an overstride. (Counted as floats: NumPy
    # multiplies booleans by a price far more slowly than it adds them as floats.)
    bad = landing > r.bad_footing_fault - stable
    faults = np.add(bad, over > r.overstride_fault + r.overstride_cost, dtype=float)
    faults *= FAULT_PRICE
    cost += faults
    constant += sides
    cost += constant
    edge = min(half_widths) - 0.05 - 1e-6  # a little inside: widths are single precision
    if -x[0] > edge or x[-1] > edge:
        # Near an edge of the trail: what stepping off it costs, the edge
        # worked out in the grid's precision as `ground_costs` does.
        off = np.abs(x) > np.array(half_widths, dtype=np.float32)[:, None] - 0.05
        cost += off * (r.off_trail_cost + 0.2)
    cost *= per_m
    return cost


def side_costs(rules: Rules, foot: str) -> np.ndarray:
    """What each of the greedy bot's sideways shifts costs: width, and a crossover."""
    cost = model.lateral_cost(LATERAL_CHOICES, rules)
    if foot:
        crossing = model.is_crossover(foot, LATERAL_CHOICES, 0.0, rules, model.CROSSOVER_SLACK_M)
        cost = cost + rules.crossover_cost * crossing
    return cost


def habit_cost(step, habit_step_m: float):
    """What leaving the habitual stride costs a bot."""
    habit = (step - habit_step_m) / habit_step_m
    return STRIDE_HABIT_WEIGHT * habit * habit


def expected_landing_cost(footing, grade, shoe: Shoe, rules: Rules, stiffness, v_mps):
    """A landing's balance cost at this speed, with slips by their chance and faults priced."""
    impact = model.impact(v_mps, rules)
    landing = model.landing_cost(footing, grade, shoe, impact, rules)
    slips = model.slip_chance(footing.grip, grade, stiffness, impact, rules) * (
        rules.slip_cost + FAULT_PRICE
    )
    return landing + slips + FAULT_PRICE * (landing > rules.bad_footing_fault)


def swing_cost(obstacle_m, easy_clearance_m, rules: Rules):
    """(cost, needs_lift): knee drive where it is needed, a trip where even that fails."""
    needs_lift = obstacle_m > easy_clearance_m - CLEARANCE_MARGIN_M
    trips = obstacle_m > easy_clearance_m + rules.lift_clearance_m - CLEARANCE_MARGIN_M
    return needs_lift * LIFT_EFFORT + trips * (rules.trip_cost + FAULT_PRICE), needs_lift


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
            self._habit_m = self.spec.step_m or 60.0 * run.state.target_mps / self.cadence_spm
            out.extend(self._swing_commands(run))
        return out

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
        ground = grid_prices(
            trail, rules, run.shoe, prev_s, prev_x, s, x, habit, self._sides[foot], v
        )
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
    """Holds the centre lane key from the start, with the stride key its spec asks
    for: the steering lays and snaps every step, as it does for a player who
    holds one key and reads nothing. So it never lifts unless told to always."""

    def __init__(self, spec: BotSpec, run: Run):
        self.spec = spec
        self.wake_s = -math.inf

    def commands(self, run: Run) -> list[Command]:
        if self.wake_s == math.inf:
            return []
        self.wake_s = math.inf  # everything is said at the start
        out: list[Command] = [SteerLane(run.tick, 0), Stride(run.tick, self.spec.stride)]
        if self.spec.pace_mps is not None:
            out.extend(pace_commands(self.spec, run))
        if self.spec.lift == "always":
            out.append(Lift(run.tick, True))
        return out


def make_bot(spec: BotSpec, run: Run):
    if spec.line == "lane":
        return LaneBot(spec, run)
    if spec.plan == "ideal":
        from game.sim.ideal import IdealBot

        return IdealBot(spec, run)
    return GreedyBot(spec, run)


def start_run(level: LevelSpec, seed: int, spec: BotSpec, shoe: str | None = None, **kw) -> Run:
    """A run set up for this bot: its gaze band and its name on the result."""
    return Run(
        level,
        seed,
        shoe,
        who=("bot", spec.label()),
        gaze=(spec.gaze_near_m, spec.gaze_far_m),
        **kw,
    )


def drive(run: Run, bot) -> Run:
    """Play a run to its end with a bot at the controls."""
    while not run.done:
        for cmd in bot.commands(run):
            run.submit(cmd)
        # The bot has nothing to say until a foot lands or its band moves on.
        run.advance(until_s=bot.wake_s)
    return run


def simulate(level: LevelSpec, seed: int, spec: BotSpec, shoe: str | None = None, **kw) -> Run:
    run = start_run(level, seed, spec, shoe, **kw)
    return drive(run, make_bot(spec, run))

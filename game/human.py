"""A model of a person at the controls, acting only through input events.

It looks at the trail where its gaze is (never into the fog the screen
shows), judges the ground there as a runner's eye would, and steers the line
with the pointer: it reacts `reaction_ms` after it saw something, its hand
lands with a spread of `aim_cm`, and it takes at most `actions_per_s`
deliberate actions (pins and key presses) a second. Steering the pointer is
continuous and free. The play screen cannot tell it from a person.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from game.inputscript import InputEvent
from game.sim import runner as model
from game.sim.line import laid_stride_m
from game.sim.pricing import swing_costs

LOOK_EVERY_S = 0.1  # how often the eyes take in the trail again
REAIM_M = 0.08  # the hand follows when the chosen line moves more than this
ACROSS_STEP_M = 0.1  # the lines across the trail it compares
LINE_WINDOW_M = (-0.4, 0.4)  # the stretch around its aim point it judges a line by
WANDER_COST = 0.1  # a person keeps a line rather than jumping across the trail
MAX_TURN_M = 0.12
EDGE_MARGIN_M = 0.3  # a line this far inside the edge keeps both feet on the trail
TALL_M = 0.09  # an obstacle this tall looks like one to step around or over
# A person times the knee drive to the footfall it sees coming, as one times
# a jump: the key goes down this long before the landing that needs it (one
# look's interval plus a margin, since it can only press on a look) and comes
# up this long after, not a whole stretch of trail held high.
LIFT_BEFORE_S = 0.2
LIFT_AFTER_S = 0.05
LIFT_KEEP_S = 0.5  # held on through one easy step rather than pressed again
LIFT_LOOK_M = 3.0  # how far along the laid footholds it checks the swings
LIFT_RESERVE_S = 1.0  # no pin while a knee drive is due this soon
PIN_GAIN = 0.02  # a pin is worth it when a spot within reach lands this much softer
PIN_ACROSS_M = np.arange(-0.3, 0.301, 0.05)  # where it looks for a better spot to pin
PIN_ALONG_M = np.arange(-0.2, 0.201, 0.1)
AIM_AROUND = np.array([(0.0, 0.0), (1.0, 0.0), (-1.0, 0.0), (0.0, 1.0), (0.0, -1.0)])
# Short steps once the usual ones would come this close to the safe length
# of the ground the laid footholds are on (rule 1).
SHORT_MARGIN = 0.95
SHORT_HYSTERESIS = 0.1


class HumanSpecError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class HumanSpec:
    reaction_ms: float = 250.0
    aim_cm: float = 8.0
    actions_per_s: float = 1.5
    gaze_near_m: float = 3.0
    gaze_far_m: float = 6.0

    def label(self) -> str:
        return (
            f"reaction_ms={self.reaction_ms:g},aim_cm={self.aim_cm:g},"
            f"actions_per_s={self.actions_per_s:g},"
            f"gaze={self.gaze_near_m:g}-{self.gaze_far_m:g}"
        )


LIMITS = {"reaction_ms": (0.0, 2000.0), "aim_cm": (0.0, 50.0), "actions_per_s": (0.1, 20.0)}


def parse_human_spec(text: str) -> HumanSpec:
    """`reaction_ms=250,aim_cm=8,actions_per_s=1.5,gaze=3-6`, every key optional."""
    values: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq:
            raise HumanSpecError(f"human model: {part!r} is not key=value")
        if key == "gaze":
            near, dash, far = value.partition("-")
            if not dash:
                raise HumanSpecError(f"human model: gaze: {value!r} is not NEAR-FAR")
            values["gaze_near_m"] = _number("gaze", near, 0.0, 20.0)
            values["gaze_far_m"] = _number("gaze", far, 0.0, 20.0)
            if values["gaze_far_m"] - values["gaze_near_m"] < 0.5:
                raise HumanSpecError("human model: gaze: FAR must be at least 0.5 m past NEAR")
        elif key in LIMITS:
            values[key] = _number(key, value, *LIMITS[key])
        else:
            raise HumanSpecError(
                f"human model: {key!r} is not one of reaction_ms, aim_cm, actions_per_s, gaze"
            )
    return HumanSpec(**values)


def _number(key: str, value: str, lo: float, hi: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise HumanSpecError(f"human model: {key}: {value!r} is not a number") from None
    if not lo <= number <= hi:
        raise HumanSpecError(f"human model: {key}: must be between {lo:g} and {hi:g}")
    return number


@dataclass(frozen=True, slots=True)
class Sight:
    """What the screen shows the player at one moment, and how to reach it with a hand.

    `run` is read for what is drawn: the trail in the light, the band's far
    edge, the footholds laid so far. `fraction(ahead_m, across_m)` is where a
    spot appears in the trail view, as fractions of its size.
    """

    now_s: float
    run: object
    s_m: float
    fraction: object


class HumanModel:
    """Turns what it sees into timed input events, a person's delays and spreads included."""

    def __init__(self, spec: HumanSpec, seed: int, keys: dict[str, str]):
        self.spec = spec
        self.keys = keys
        self.rng = np.random.default_rng([seed, 0x4B5A11])
        self._due: deque[tuple[float, InputEvent]] = deque()
        self._next_look_s = 0.0
        self._aim: tuple[float, float] | None = None  # (ahead, across) the hand rests at
        self._line_x = 0.0  # the line it last chose, across the trail
        self._tokens = 1.0
        self._last_token_s = 0.0
        self._lifting = False  # holding the lift key
        self._pinned_near_s = -math.inf
        self._short = False  # holding the short-stride key

    def events(self, sight: Sight) -> list[InputEvent]:
        """The events a person's hands make by now, having seen the screen until now."""
        now = sight.now_s
        if now >= self._next_look_s:
            self._next_look_s = now + LOOK_EVERY_S
            self._look(sight)
        out = []
        while self._due and self._due[0][0] <= now:
            out.append(self._due.popleft()[1])
        return out

    # --- deciding ------------------------------------------------------------------

    def _look(self, sight: Sight) -> None:
        run, spec = sight.run, self.spec
        st = run.state
        far = min(spec.gaze_far_m, st.gaze_far_m)  # nothing to read in the fog
        ahead = min(0.5 * (spec.gaze_near_m + spec.gaze_far_m), far)
        self._steer(sight, ahead)
        self._consider_stride(sight)
        lifts = self._lift_times(sight)
        # A knee drive that is due soon must not wait for the hand to be free again.
        if not (lifts and lifts[0] < self.spec.reaction_ms / 1000.0 + LIFT_RESERVE_S):
            self._consider_pin(sight, spec.gaze_near_m, far)
        self._consider_lift(sight, lifts)

    def _steer(self, sight: Sight, ahead: float) -> None:
        """Point at the best line where it looks."""
        run = sight.run
        s = sight.s_m + ahead
        half = float(run.trail.half_width_at(s)) - EDGE_MARGIN_M
        across = np.arange(-half, half + 1e-9, ACROSS_STEP_M)
        rows = s + np.array((*LINE_WINDOW_M, 0.0))
        cost = self._ground_cost(run, rows[:, None], across[None, :]).mean(axis=0)
        cost = cost + WANDER_COST * np.abs(across - self._line_x) / ACROSS_STEP_M
        # A runner's line bends, it does not jump: no more than this across per look.
        cost = cost + 10.0 * (np.abs(across - self._line_x) > MAX_TURN_M)
        best = int(np.argmin(cost))
        self._line_x = float(across[best])
        target = (ahead, self._line_x + float(run.trail.centre_at(s)))
        if (
            self._aim is None
            or abs(target[1] - self._aim[1]) > REAIM_M
            or target[0] != self._aim[0]
        ):
            self._aim = target
            across_m = target[1] + self._spread()
            fx, fy = sight.fraction(target[0], across_m)
            self._later(sight.now_s, InputEvent(0.0, "mouse_move", x=fx, y=fy))

    def _consider_stride(self, sight: Sight) -> None:
        """Short steps held where the ground under the laid footholds is too steep
        or loose for the usual ones (rule 1); elsewhere their quicker rhythm only
        costs breath."""
        run = sight.run
        ahead_of = [f for f in run.state.queue if f.s_m > sight.s_m]
        if not ahead_of:
            return
        s = np.array([f.s_m for f in ahead_of])
        footing = run.trail.footing(s, np.array([f.x_m for f in ahead_of]), run.shoe)
        grade = run.trail.rows_of("grade", s)
        safe = model.safe_step_m(grade, footing.grip, footing.stability, run.rules)
        usual = laid_stride_m(run.state.target_mps, "natural", run.rules)
        # Let go only well clear of the margin: each press is an action.
        margin = SHORT_MARGIN - (SHORT_HYSTERESIS if self._short else 0.0)
        want = usual > margin * float(safe.min())
        if want == self._short:
            return
        key = self.keys["stride_short"]
        if want:
            if not self._take_token(sight.now_s):
                return
            self._later(sight.now_s, InputEvent(0.0, "key_down", key=key))
        else:
            self._later(sight.now_s, InputEvent(0.0, "key_up", key=key))
        self._short = want

    def _consider_pin(self, sight: Sight, near: float, far: float) -> None:
        """A laid foothold on bad ground, with a far better spot beside it: pin that spot."""
        run = sight.run
        for foothold in run.state.queue[1:]:
            ahead = foothold.s_m - sight.s_m
            if not near <= ahead <= far or foothold.pinned or foothold.s_m <= self._pinned_near_s:
                continue
            here = float(self._ground_cost(run, foothold.s_m, foothold.x_m))
            if here < run.rules.bad_footing_fault:  # it looks fine: leave it to the feet
                continue
            along, across = np.meshgrid(PIN_ALONG_M, PIN_ACROSS_M, indexing="ij")
            s, x = foothold.s_m + along.ravel(), foothold.x_m + across.ravel()
            spots = self._aimed_cost(run, s, x) + WANDER_COST * np.abs(across.ravel()) / 0.1
            best = int(np.argmin(spots))
            if here - float(spots[best]) < PIN_GAIN:
                continue  # nothing much better in reach: the feet will manage
            if not self._take_token(sight.now_s):
                return
            across_m = float(x[best]) + float(run.trail.centre_at(s[best])) + self._spread()
            spot_ahead = float(s[best]) - sight.s_m - self._travel(run)
            fx, fy = sight.fraction(spot_ahead, across_m)
            self._later(sight.now_s, InputEvent(0.0, "mouse_down", x=fx, y=fy, button=1))
            self._later(sight.now_s + 0.05, InputEvent(0.0, "mouse_up", x=fx, y=fy, button=1))
            self._pinned_near_s = foothold.s_m + 0.5
            self._aim = None  # the hand moved to click: aim again at the next look
            return

    def _consider_lift(self, sight: Sight, lifts: list[float]) -> None:
        """Knees up for the footfalls that need them (`lifts`, their times from
        now): what it decides now, its hand does a reaction time later."""
        now, due = sight.now_s, self.spec.reaction_ms / 1000.0
        coming = [t - due for t in lifts if t - due >= -LIFT_AFTER_S]
        if coming and coming[0] <= LIFT_BEFORE_S:
            if not self._lifting and self._take_token(now):
                self._later(now, InputEvent(0.0, "key_down", key=self.keys["lift"]))
                self._lifting = True
        # Another footfall that needs it is so close that letting go and pressing
        # again would cost an action for the sake of one easy step.
        elif self._lifting and not (coming and coming[0] <= LIFT_KEEP_S):
            self._later(now, InputEvent(0.0, "key_up", key=self.keys["lift"]))
            self._lifting = False

    def _lift_times(self, sight: Sight) -> list[float]:
        """When, from now, the laid footholds it can see land on a swing that
        needs the knee driven: the runner model's own judgement of a swing
        (`pricing.swing_costs`)."""
        run = sight.run
        st = run.state
        prev = st.last
        speed = max(st.v_mps, 1.0)
        times = []
        for foothold in st.queue:
            if foothold.s_m - sight.s_m > LIFT_LOOK_M:
                break
            _, needs = swing_costs(
                run.trail,
                run.rules,
                prev.s_m,
                prev.x_m,
                foothold.s_m,
                foothold.x_m,
                speed,
                st.stiffness,
                st.energy,
            )
            if needs:
                times.append((foothold.s_m - sight.s_m) / speed)
            prev = foothold
        return times

    # --- a person's limits -------------------------------------------------------------

    def _ground_cost(self, run, s, x):
        """How bad the ground looks: the balance a landing there would cost."""
        s, x = np.broadcast_arrays(np.asarray(s, float), np.asarray(x, float))
        footing = run.trail.footing(s, x, run.shoe)
        grade = run.trail.rows_of("grade", s)
        cost = model.landing_cost(footing, grade, run.shoe, 1.0, run.rules)  # at 3 m/s
        return cost + 0.5 * (footing.top_m > TALL_M)

    def _aimed_cost(self, run, s, x):
        """How bad a spot looks to click on: a person's click lands about its aim
        off, so the ground around the spot counts as much as the spot itself."""
        off = self.spec.aim_cm / 100.0
        return np.mean(
            [self._ground_cost(run, s + ds, x + dx) for ds, dx in AIM_AROUND * off], axis=0
        )

    def _spread(self) -> float:
        return float(self.rng.normal(0.0, self.spec.aim_cm / 100.0))

    def _travel(self, run) -> float:
        """How far the trail moves towards the runner while the hand reacts."""
        return run.state.v_mps * self.spec.reaction_ms / 1000.0

    def _take_token(self, now: float) -> bool:
        rate = self.spec.actions_per_s
        self._tokens = min(1.0, self._tokens + (now - self._last_token_s) * rate)
        self._last_token_s = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

    def _later(self, seen_s: float, event: InputEvent) -> None:
        due = seen_s + self.spec.reaction_ms / 1000.0
        stamped = InputEvent(due, event.type, event.key, event.x, event.y, event.button)
        self._due.append((due, stamped))

"""Runner state and the physics-lite model of one step.

The functions here take NumPy arrays as readily as floats: the run loop asks
about the step being taken, the bots and the ideal-line planner about every
candidate at once, through the same code.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from game.sim.rules import Rules, Shoe
from game.sim.trail import Footing


@dataclass(slots=True)
class Foothold:
    s_m: float
    x_m: float
    chosen_tick: int | None = None  # None: the foot landed where it fell (blind)
    foot: str = ""
    pinned: bool = False  # placed exactly (a click, a bot); laid steps give way to it
    chosen_at_s_m: float | None = None  # where the runner was when it was chosen
    chosen_gaze: tuple[float, float] | None = None  # the gaze band (near, far) then


@dataclass(slots=True)
class RunnerState:
    """The one mutable runner, owned by the run loop."""

    pace_mps: float
    gaze_near_m: float
    gaze_far_m: float
    s_m: float = 0.0
    v_mps: float = 0.0
    target_mps: float = 0.0
    balance: float = 1.0
    stiffness: float = 0.0
    energy: float = 1.0
    brake: float = 0.0
    lifting: bool = False
    next_foot: str = "L"
    last: Foothold = field(default_factory=lambda: Foothold(0.0, 0.08, None, "R"))
    queue: list[Foothold] = field(default_factory=list)
    flow: float = 1.0
    score: float = 0.0
    time_s: float = 0.0
    penalty_s: float = 0.0
    down_until_tick: int = -1  # after a fall, the runner gets up at this tick
    gaze_shift_m: float = 0.0  # recent gaze movement, decaying
    steps: int = 0
    stumbles: int = 0
    falls: int = 0
    off_trail: int = 0
    overstrides: int = 0
    step_length_m: float = 0.0
    cadence_spm: float = 0.0  # over the last few steps
    recent_cadence: list[float] = field(default_factory=list)

    @property
    def plan_end(self) -> Foothold:
        """The foothold the next placement is measured from."""
        return self.queue[-1] if self.queue else self.last


# --- the model, one function per effect ---------------------------------------------
#
# `_max` and `_min` are NumPy's maximum and minimum, but on two plain numbers
# (the run's one landing) they skip the array machinery: the same value, twenty
# times sooner, and a landing happens on every step.


def _max(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.maximum(a, b)
    return a if a >= b else b


def _min(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.minimum(a, b)
    return a if a <= b else b


QUICK_SAFE_SHARE = 0.95  # quick steps keep this far inside the ground's safe length


def natural_step_m(v_mps, rules: Rules, cadence_spm=None):
    """Step length at the runner's usual cadence: cadence = 60 · v / step length."""
    cadence = rules.usual_cadence_spm if cadence_spm is None else cadence_spm
    return _min(_max(60.0 * v_mps / cadence, rules.min_step_m), rules.max_step_m)


def cadence_spm(v_mps, step_m):
    return 60.0 * v_mps / _max(step_m, 1e-6)


def safe_step_m(grade, grip, stability, rules: Rules):
    """The longest step that costs no extra balance: shorter downhill, on low
    grip and on loose ground."""
    descent = _max(0.0, -grade)
    shrink = (1.0 - rules.safe_step_descent * descent) * (1.0 - rules.safe_step_grip * (1 - grip))
    shrink = shrink * (1.0 - rules.safe_step_stability * (1 - stability))
    return rules.safe_step_m * _max(shrink, 0.35)


def quick_step_m(step_m, grade, grip, stability, rules: Rules):
    """A quick, short step: no longer than `step_m`, and inside the safe length
    of the ground it lands on, with a margin for the foot's scatter."""
    safe = safe_step_m(grade, grip, stability, rules)
    return _max(rules.min_step_m, _min(step_m, QUICK_SAFE_SHARE * safe))


def cadence_above_band(v_mps, step_m, rules: Rules):
    """Steps per minute above the +5-7 band: more, shorter steps cost breath."""
    band = rules.usual_cadence_spm + rules.cadence_bonus_hi_spm
    return _max(cadence_spm(v_mps, step_m) - band, 0.0)


def overstride_cost(step_m, safe_m, rules: Rules):
    """Balance lost to a step longer than safe, growing faster than linearly."""
    ratio = _max(step_m / safe_m, 1.0)
    return rules.overstride_cost * (ratio**rules.overstride_exponent - 1.0)


def stride_load(step_m, safe_m, rules: Rules):
    """Energy a step's load on the legs takes, at every length (Willson et al. 2014)."""
    return rules.energy_stride_load * (step_m / safe_m) ** rules.overstride_exponent


def impact(v_mps, rules: Rules):
    """How much harder a landing is at this speed than at the reference pace."""
    return (v_mps / rules.impact_speed_mps) ** rules.impact_speed_exponent


def landing_load(step_m, v_mps, rules: Rules):
    """How much harder a landing is than an easy one at the reference pace:
    harder at speed (`impact`), and with a step longer than the usual one at
    this speed, whose foot lands further ahead of the hips."""
    stretch = _max(step_m / natural_step_m(v_mps, rules), rules.landing_step_floor)
    return impact(v_mps, rules) * stretch**rules.landing_step_exponent


def landing_energy(unevenness_m, step_m, v_mps, rules: Rules):
    """Energy a landing on rough ground takes: more the rougher, and the harder
    the landing (`landing_load`), so quick steps over rocks save breath."""
    return rules.energy_impact * unevenness_m * landing_load(step_m, v_mps, rules)


def clearance_m(step_m, v_mps, stiffness, energy, lifting, anticipation, rules: Rules):
    """How high the swing foot clears the ground on its way to the next foothold.

    Long strides, stiffness and fatigue lower it; knee drive and a foothold
    seen early enough to shape the swing raise it.
    """
    beyond = _max(0.0, step_m / natural_step_m(v_mps, rules) - 1.0)
    base = rules.clearance_m * (1.0 - rules.long_stride_clearance_loss * beyond)
    base = base * (1.0 - rules.stiff_clearance_loss * stiffness)
    base = base * (1.0 - rules.tired_clearance_loss * (1.0 - energy))
    lift = rules.lift_clearance_m * lifting
    return base + lift + rules.anticipation_clearance_m * anticipation


def flow_after(flow: float, known: float, step_m: float, rules: Rules) -> float:
    """The flow after a clean step the runner knew `known` (0..1) of: it builds
    by as much as the step was known and keeps that share of what was built
    per metre, so it settles where the runner's reading lets it, with no
    threshold, and more, shorter steps over the same ground keep as much."""
    kept = (flow - 1.0) * known**step_m
    return min(rules.flow_max, 1.0 + kept + rules.flow_per_m * step_m * known)


def landing_cost(footing: Footing, grade, shoe: Shoe, impact, rules: Rules):
    """Balance a landing costs: grip (worse downhill), stability, rock edges and
    root tops, all harder to absorb at speed (`impact`)."""
    descent = _max(0.0, -grade)
    grip = rules.grip_cost * (1.0 - footing.grip) * (1.0 + rules.grip_descent_gain * descent)
    stab = rules.stability_cost * (1.0 - footing.stability)
    protection = 1.0 - rules.edge_protection_share * shoe.protection
    uneven = rules.uneven_cost_per_m * footing.unevenness_m * protection
    return (grip + stab + uneven) * impact


def slip_chance(grip, grade, stiffness, impact, rules: Rules):
    descent = _max(0.0, -grade)
    factor = (1.0 + rules.grip_descent_gain * descent) * (1.0 + stiffness) * impact
    return _min(rules.slip_chance * (1.0 - grip) ** 2 * factor * 0.25, 0.9)


def lateral_cost(dx_m, rules: Rules):
    """A wide sideways step shifts the centre of mass off the base of support."""
    wide = _max(0.0, abs(dx_m) - rules.comfortable_lateral_m)
    return rules.lateral_cost * wide / (rules.max_lateral_m - rules.comfortable_lateral_m)


# A foothold planned right at the crossover margin crosses over half the time
# once the foot scatters: whoever plans keeps this far inside it.
CROSSOVER_SLACK_M = 0.05


def is_crossover(foot: str, x_m, last_x_m, rules: Rules, slack_m: float = 0.0):
    """The left foot landing right of the right foot, or the reverse, by a foot's width.

    Planners pass a slack: a foothold planned right at the margin crosses over
    half the time once the foot scatters.
    """
    side = 1.0 if foot == "L" else -1.0
    return side * (x_m - last_x_m) > rules.crossover_margin_m - slack_m


def speed_held(pace_mps, grade, brake, energy, rules: Rules):
    """The speed the legs hold at this pace: slower uphill, a little faster down,
    slower tired or braking. Takes arrays too (the planner asks per lattice row)."""
    if isinstance(grade, np.ndarray):
        grade = grade.astype(np.float64)
        slope = np.where(
            grade > 0,
            np.maximum(0.35, 1.0 - rules.uphill_slowdown * grade),
            np.minimum(1.25, 1.0 - rules.downhill_speedup * grade),
        )
    elif grade > 0:
        slope = max(0.35, 1.0 - rules.uphill_slowdown * grade)
    else:
        slope = min(1.25, 1.0 - rules.downhill_speedup * grade)
    tired = 0.6 + 0.4 * energy
    return pace_mps * slope * tired * (1.0 - rules.brake_speed_cut * brake)


def wanted_speed(pace_mps, grade, brake, energy, rules: Rules, trail_pace_mps: float) -> float:
    """The speed held at the runner's chosen pace. What it asks above the trail's
    own pace is paid from the energy left: an empty runner holds no more than
    the trail's pace, however hard it pushes."""
    if pace_mps > trail_pace_mps and energy < rules.pushing_energy:
        pace_mps = trail_pace_mps + (pace_mps - trail_pace_mps) * energy / rules.pushing_energy
    return float(speed_held(pace_mps, grade, brake, energy, rules))


def effort_mps(v_mps: float, grade: float) -> float:
    """The flat speed that costs what this speed on this grade costs: Minetti et
    al. 2002's energy cost of running per metre, against its 3.6 J/kg on the flat."""
    i = min(0.45, max(-0.45, grade))  # the range they measured
    cost = ((((155.4 * i - 30.4) * i - 43.3) * i + 46.3) * i + 19.5) * i + 3.6
    return v_mps * cost / 3.6


def recovery_per_s(effort: float, rules: Rules) -> float:
    """The share of the missing energy won back per second at this effort: none
    at or above the critical speed, faster the easier the running."""
    if effort >= rules.critical_speed_mps:
        return 0.0
    below_w = rules.critical_power_w * (1.0 - effort / rules.critical_speed_mps)
    extra = rules.recovery_tau_extra_s * math.exp(-below_w / rules.recovery_power_scale_w)
    return 1.0 / (rules.recovery_tau_s + extra)

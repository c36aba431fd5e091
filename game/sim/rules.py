"""Every coefficient of the runner model, with its default and where it comes from.

A level may override any field of `Rules` in its `[rules]` table (within
`RULE_LIMITS`). Surfaces and shoes are tables, not coefficients: they are the
vocabulary of the trail and of the shoe-choice screen.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields
from enum import IntEnum

import numpy as np

# Bump when a change to the model can change a run's result: replays recorded
# under another version no longer verify.
RULES_VERSION = 2
TICK_HZ = 120
DT_S = 1.0 / TICK_HZ


class Surface(IntEnum):
    DIRT = 0
    GRASS = 1
    MUD = 2
    ROOT = 3
    WET_ROOT = 4
    DRY_ROCK = 5
    WET_ROCK = 6
    SCREE = 7
    SNOW = 8
    WATER = 9


SURFACE_NAMES = tuple(s.name.lower().replace("_", " ") for s in Surface)

# (grip, stability) of bare ground, 0..1. Packed dirt is the reference; the
# ordering follows what runners report: wet roots and wet rock are the
# slipperiest, scree the least stable underfoot.
SURFACE_GRIP = np.array([0.92, 0.78, 0.38, 0.72, 0.28, 0.88, 0.36, 0.55, 0.45, 0.42])
SURFACE_STABILITY = np.array([0.96, 0.92, 0.62, 0.72, 0.58, 0.82, 0.76, 0.38, 0.68, 0.55])


@dataclass(frozen=True, slots=True)
class Shoe:
    name: str
    label: str
    blurb: str
    grip: tuple[float, ...]  # multiplier per Surface
    protection: float  # 0..1: how much of a rock edge the sole absorbs
    stability: float  # multiplier on landing stability


# Grip multipliers per surface, in Surface order. Each shoe trades: lugs that
# bite in soft ground stand on few points on rock; sticky rubber on a plate
# has shallow lugs that clog in mud and skate on snow; a road sole is smooth.
# Tuned so that the level's own shoe wins on the adapt levels (mud lugs in mud
# and snow, rock plate on rock and wet slabs), road is worst off-road, and no
# shoe wins everywhere.
#  dirt grass mud  root wroot drock wrock scree snow water
SHOES: dict[str, Shoe] = {
    "road": Shoe(
        "road",
        "Road shoe",
        "Light and soft; smooth sole slides on mud and wet rock.",
        (1.0, 0.85, 0.55, 0.9, 0.75, 1.0, 0.8, 0.8, 0.65, 0.8),
        0.15,
        0.9,
    ),
    "trail": Shoe(
        "trail",
        "All-round trail",
        "Medium lugs and a rock guard: good everywhere, best nowhere.",
        (1.0, 1.05, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0),
        0.7,
        1.0,
    ),
    "mud": Shoe(
        "mud",
        "Mud lugs",
        "Deep, wide-spaced lugs that bite in mud, grass and snow.",
        (1.0, 1.2, 1.7, 1.0, 1.05, 0.9, 0.75, 1.0, 1.45, 1.05),
        0.5,
        0.95,
    ),
    "rock": Shoe(
        "rock",
        "Rock plate",
        "Sticky rubber and a stiff plate for rock, wet slabs and scree.",
        (0.95, 0.9, 0.7, 0.9, 0.9, 1.15, 1.7, 1.2, 0.75, 0.95),
        0.8,
        1.0,
    ),
}


@dataclass(frozen=True, slots=True)
class Rules:
    # --- Pace and speed -------------------------------------------------------
    # Speeds in m/s. 3 m/s is an easy trail pace (5:33 min/km).
    pace_min_mps: float = 1.5
    pace_max_mps: float = 6.0
    pace_step_mps: float = 0.25
    speed_tau_s: float = 0.8  # how quickly speed follows the wanted pace
    uphill_slowdown: float = 2.5  # per unit grade: 10 % up holds 75 % of pace
    downhill_speedup: float = 0.3  # per unit grade: gravity helps, technique holds it back
    brake_speed_cut: float = 0.5  # full brake halves the speed held

    # --- Steps and cadence (rule 1: light, quick steps) -----------------------
    usual_cadence_spm: float = 165.0  # a recreational runner's usual rhythm
    # The article: raise cadence 5-7 steps/min over the usual rhythm.
    cadence_bonus_lo_spm: float = 5.0
    cadence_bonus_hi_spm: float = 7.0
    cadence_window_steps: float = 4.0  # cadence is a rhythm: judged over a few steps
    cadence_tolerance_spm: float = 1.5
    min_step_m: float = 0.3
    max_step_m: float = 1.6
    max_lateral_m: float = 0.5
    comfortable_lateral_m: float = 0.25
    safe_step_m: float = 1.15  # on the flat with full grip
    # The safe length shrinks on descents: -20 % grade leaves 70 % of it.
    safe_step_descent: float = 1.5
    safe_step_grip: float = 0.35  # share of the safe length that low grip can take away
    # Willson et al. 2014: 10 % longer steps, about 31 % more knee stress per
    # step, i.e. stress ~ length^2.8: the overstride cost grows faster than linearly.
    overstride_exponent: float = 2.8
    overstride_cost: float = 0.08
    overstride_fault: float = 0.005  # balance cost from which a long step counts as a fault
    # The same stress, at every length: each step's load on the legs drains energy
    # as (step / safe)^2.8, so per metre it still grows with the step (^1.8).
    # Tuned so that a 450 m level at the safe length costs about a tenth of the
    # runner's energy.
    energy_stride_load: float = 0.0003

    # --- Lift and clearance (rule 2) ------------------------------------------
    # Swing-foot clearance of an easy, fresh stride. Tuned so that the taller
    # roots of the root levels (10–12 cm) catch a runner who never lifts.
    clearance_m: float = 0.08
    lift_clearance_m: float = 0.1  # extra from knee drive
    # A foothold seen two steps ahead lets the runner shape the swing over an
    # obstacle (Fajen lab: obstacles with height need a larger window).
    anticipation_clearance_m: float = 0.02
    long_stride_clearance_loss: float = 0.35  # per unit of stride beyond natural
    stiff_clearance_loss: float = 0.35
    tired_clearance_loss: float = 0.4
    trip_cost: float = 0.42
    trip_speed_keep: float = 0.55

    # --- Landing ---------------------------------------------------------------
    grip_cost: float = 0.07
    grip_descent_gain: float = 2.5  # low grip matters more going down
    stability_cost: float = 0.12
    uneven_cost_per_m: float = 0.9  # height range under the footprint
    bad_footing_fault: float = 0.045  # landing cost from which a landing counts as a fault
    edge_protection_share: float = 0.5  # of the unevenness cost a full rock plate absorbs
    slip_chance: float = 0.55
    # A landing at speed has more to absorb: its balance cost and its chance of
    # slipping grow with (v / 3 m/s)^2, the kinetic energy the leg takes up.
    impact_speed_mps: float = 3.0
    impact_speed_exponent: float = 2.0
    slip_cost: float = 0.3
    lateral_cost: float = 0.05
    crossover_cost: float = 0.06
    crossover_margin_m: float = 0.1  # past the other foot by a foot's width: a real crossover
    off_trail_cost: float = 0.12

    # --- Seeing (rule 3; see perception.py) -------------------------------------
    # Matthis, Barton & Fajen 2015/2017 and DESIGN.md: about 0.3 s to set up a
    # foothold; once the swing towards it has begun it can't change.
    visuo_motor_delay_s: float = 0.3
    # Reading a spot in the band: known to 1 - 1/e after this long on flat
    # ground, longer by (1 + height / read_height_m) for obstacles (Fajen lab,
    # 2018: obstacles with height need a larger window). Tuned so that a
    # runner at 3 m/s knows rocks well with a 3-m-wide band (1 s) and clearly
    # less with a 2-m one.
    read_time_s: float = 0.35
    read_height_m: float = 0.2
    peripheral_read: float = 0.2  # a spot never in the band: its coarse shape
    # Spatial memory fades: the foot lands further off its mark the longer
    # since the spot left the band. Tuned so that 8-12 m ahead (about 2.7 s of
    # memory at 3 m/s) costs as much as it gains.
    memory_scatter_m_per_s: float = 0.02
    unread_cost: float = 0.05  # balance, for a spot not read at all (a blind step)
    reactive_cost: float = 0.09  # balance, for a swing with nothing set up
    gaze_shift_free_m: float = 1.0  # a smooth re-focus; more at once is a head jerk
    gaze_shift_cost: float = 0.05
    gaze_shift_memory_s: float = 0.5

    # --- Balance ---------------------------------------------------------------
    balance_recovery: float = 0.07
    stumble_below: float = 0.35
    stumble_speed_keep: float = 0.7
    stumble_balance_bump: float = 0.12
    fall_time_s: float = 4.0
    fall_balance_after: float = 0.65
    max_falls: float = 5.0

    # --- Stiffness (rule 4) ----------------------------------------------------
    brake_stiffening_per_s: float = 0.12
    brake_descent_gain: float = 2.0
    reactive_stiffening: float = 0.12
    unread_stiffening: float = 0.015
    correction_stiffening: float = 0.05
    gaze_shift_stiffening: float = 0.1
    stumble_stiffening: float = 0.1
    relax_per_clean_step: float = 0.85  # multiplies stiffness
    relax_per_s: float = 0.08
    stiff_scatter_m: float = 0.06
    stiff_cost_gain: float = 0.8
    stiff_recovery_loss: float = 0.5

    # --- Scatter ---------------------------------------------------------------
    base_scatter_m: float = 0.015
    unread_scatter_m: float = 0.03
    reactive_scatter_m: float = 0.06

    # --- Energy (rule 5) -------------------------------------------------------
    energy_base_per_s: float = 0.0004
    energy_speed_per_s: float = 0.00007  # times v^2
    # Per step, per 10 spm above the +5–7 band: more, shorter steps are not free.
    energy_high_cadence: float = 0.0003
    # Per lifted step. Tuned so that lifting on every step of a 450 m level
    # costs most of the runner's energy, and so loses time.
    energy_lift: float = 0.002
    energy_brake_per_s: float = 0.002
    energy_impact: float = 0.01  # per metre of unevenness landed on
    tired_recovery_loss: float = 0.5

    # --- Scoring: a race and a coach -------------------------------------------
    # Step quality, per metre of trail covered (never per step: more, shorter
    # steps cover the same trail), times the flow multiplier.
    points_known: float = 10.0  # per metre of a step the runner knew fully
    flow_per_m: float = 0.1  # clean planned running builds flow: 20 m to the full ×3
    flow_max: float = 3.0
    stumble_points: float = 40.0
    fall_points: float = 150.0
    off_trail_points: float = 30.0
    off_trail_time_s: float = 1.0
    # Time against the level's par (its length at its pace): this many points
    # per metre at par, none at twice par.
    time_points_per_m: float = 25.0
    time_limit_factor: float = 6.0  # a run longer than this many par times is abandoned


# Overridable coefficients and their limits: positive, and generous enough for
# a level designer to exaggerate a rule without breaking the model. Every value
# inside them must run: the ones a formula divides by, raises to a power or
# counts steps with have limits of their own below.
RULE_LIMITS: dict[str, tuple[float, float]] = {
    f.name: (0.0, 1000.0) for f in fields(Rules) if isinstance(f.default, float)
}
RULE_LIMITS.update(
    {
        # Divisors: a time constant, a rhythm, a length, a pace.
        "speed_tau_s": (0.05, 10.0),
        "usual_cadence_spm": (100.0, 220.0),
        "gaze_shift_memory_s": (0.05, 10.0),
        "par_speed_mps": (0.5, 10.0),
        "pace_min_mps": (0.5, 6.0),
        "pace_max_mps": (1.0, 10.0),
        "pace_step_mps": (0.05, 2.0),
        # Step lengths: below a few centimetres a run of 20 km never ends; the
        # ideal planner's lattice needs room between the shortest and longest step.
        "min_step_m": (0.1, 0.4),
        "max_step_m": (1.0, 3.0),
        "safe_step_m": (0.3, 3.0),
        "max_lateral_m": (0.1, 1.5),
        "comfortable_lateral_m": (0.05, 1.0),
        # A power of a length ratio: above about 6 a long step overflows.
        "overstride_exponent": (1.0, 6.0),
        # Speed factors: a "keep" above 1 would speed the runner up on every trip.
        "uphill_slowdown": (0.0, 10.0),
        "downhill_speedup": (0.0, 5.0),
        **{
            name: (0.0, 1.0)
            for name in (
                "brake_speed_cut",
                "trip_speed_keep",
                "stumble_speed_keep",
                "safe_step_grip",
                "edge_protection_share",
                "stumble_below",
                "fall_balance_after",
            )
        },
        # Counts and shares.
        "cadence_window_steps": (1.0, 20.0),
        "max_falls": (1.0, 20.0),  # beyond about 25 falls a greedy bot's run stops advancing
        "fall_time_s": (0.0, 60.0),
        "relax_per_clean_step": (0.0, 1.0),
        "slip_chance": (0.0, 1.0),
        "stiff_scatter_m": (0.0, 0.5),
        "base_scatter_m": (0.0, 0.5),
        "late_scatter_m": (0.0, 0.5),
        "reactive_scatter_m": (0.0, 0.5),
        # How long a run may last: with the longest level at the slowest par
        # pace, still under twelve hours (see MAX_RUN_S).
        "time_limit_factor": (1.5, 20.0),
    }
)
# The longest a run may last in simulated time, whatever the level asks for.
MAX_RUN_S = 12 * 3600.0
# Pairs that must keep their order: (smaller, larger).
RULE_ORDER = (
    ("min_step_m", "max_step_m"),
    ("comfortable_lateral_m", "max_lateral_m"),
    ("pace_min_mps", "pace_max_mps"),
)


@functools.lru_cache(maxsize=8)
def shoe_grip(shoe: Shoe) -> np.ndarray:
    """Effective grip per surface with this shoe, capped at full grip."""
    return np.minimum(1.0, SURFACE_GRIP * np.asarray(shoe.grip))

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
# 3: Ctrl's laid steps stay inside the safe length of the ground.
# 4: a landing is harder with a step longer than the usual one at its speed;
#    par follows the trail's climbs and descents, and beating it pays nothing.
# 5: energy comes back while running easier than the critical speed, and a
#    push above the trail's pace needs energy left.
# 6: flow builds with how well each step was read, not past a threshold; the
#    read covers the ground around the mark; memory fades with the ground
#    covered after a few metres held.
# 7: par is a good runner's time on the level, measured; time over par costs
#    twice as fast.
# 8: loose ground shortens the safe step; a harder landing on rough ground
#    costs more energy.
RULES_VERSION = 8
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
    """The runner model's coefficients. Each says where its value comes from:
    a study (with the number it gives), the article (seed/technical-trails-
    article.txt), or "tuned so that ..." with what was measured (by `trailread
    science` / `analyze` on seeds the tests do not use)."""

    # --- Pace and speed -------------------------------------------------------
    # The pace keys' range and step: a walk-run (1.5 m/s) to a fast trail pace
    # (6 m/s, 2:47 min/km); 3 m/s, an easy trail pace, is 5:33 min/km.
    pace_min_mps: float = 1.5
    pace_max_mps: float = 6.0
    pace_step_mps: float = 0.25
    # Speed follows the wanted pace with this time constant: tuned so that a
    # runner regains speed within two or three steps after a stumble, as seen.
    speed_tau_s: float = 0.8
    # Per unit grade. Running cost rises steeply uphill (Minetti et al. 2002);
    # tuned so that 10 % up holds 75 % of the pace, as trail runners slow on climbs.
    uphill_slowdown: float = 2.5
    # Per unit grade: gravity helps, technique holds it back; tuned so that a
    # 20 % descent runs 6 % faster, not more (steep descents are not fast).
    downhill_speedup: float = 0.3
    brake_speed_cut: float = 0.5  # tuned: a full brake halves the speed held

    # --- Steps and cadence (rule 1: light, quick steps) -----------------------
    # A recreational runner's usual rhythm at an easy pace (design: 3 m/s at
    # 165 spm is a 1.09 m step, the DESIGN.md figure of about 1 m at 3 m/s).
    usual_cadence_spm: float = 165.0
    # The article: raise cadence 5-7 steps/min over the usual rhythm
    # (Heiderscheit et al. 2011: +5-10 % step rate lowers knee and hip load).
    cadence_bonus_lo_spm: float = 5.0
    cadence_bonus_hi_spm: float = 7.0
    cadence_window_steps: float = 4.0  # cadence is a rhythm: shown over a few steps
    cadence_tolerance_spm: float = 1.5  # the band as shown: +5-7 spm, give or take 1.5
    # DESIGN.md: a step of 0.3-1.6 m, within ±0.5 m sideways of the last foothold.
    min_step_m: float = 0.3
    max_step_m: float = 1.6
    max_lateral_m: float = 0.5
    # Half the reach: about one hip width either side costs nothing (design).
    comfortable_lateral_m: float = 0.25
    # The longest step that costs no balance on the flat with full grip: a
    # little over the 1.09 m natural step at 3 m/s, so easy running is free.
    safe_step_m: float = 1.15
    # The safe length shrinks on descents (the article: avoid long strides on
    # technical descents); tuned so that -20 % grade leaves 70 % of it.
    safe_step_descent: float = 1.5
    safe_step_grip: float = 0.35  # tuned: low grip can take away this share of it
    # The article: on scree keep steps short, so a sliding foot never carries
    # the weight far. Tuned so that loose stones (stability 0.38) leave 88 %
    # of the safe length: a natural stride at scree pace oversteps it.
    safe_step_stability: float = 0.2
    # Willson et al. 2014: 10 % longer steps, about 31 % more knee stress per
    # step, i.e. stress ~ length^2.8: the overstride cost grows faster than linearly.
    overstride_exponent: float = 2.8
    # Balance cost scale past the safe length: tuned so that a long stride
    # (-30 spm, 1.33 m at 3 m/s) on a -15 % descent costs about four bad landings.
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
    # Knee drive: tuned so that a lifted swing clears the tallest roots (12 cm)
    # even stiff and tired, and rocks up to about 20 cm fresh.
    lift_clearance_m: float = 0.1
    # A swing shaped over ground known before it began (perception.py): tuned
    # small, so that lifting, not reading alone, clears tall roots.
    anticipation_clearance_m: float = 0.02
    # Tuned: a long stride (+30 % over natural) loses a tenth of its clearance;
    # a fully stiff one a third; an exhausted one two fifths (the article: a
    # tired, stiff or long stride trips).
    long_stride_clearance_loss: float = 0.35
    stiff_clearance_loss: float = 0.35
    tired_clearance_loss: float = 0.4
    # A trip: tuned so that it is a stumble (balance under 0.35) from about
    # three quarters full balance, and costs 45 % of the speed.
    trip_cost: float = 0.42
    trip_speed_keep: float = 0.55

    # --- Landing ---------------------------------------------------------------
    # Balance a landing costs per unit of missing grip and stability, and per
    # metre of height range under the footprint: tuned so that a landing on
    # packed dirt costs a seventh of a clean step's recovery and one on a rock
    # edge or root top (10 cm of range) about a whole recovery, less in a rock plate.
    grip_cost: float = 0.07
    grip_descent_gain: float = 2.5  # tuned: at -20 % grade low grip counts 1.5 times more
    stability_cost: float = 0.12
    uneven_cost_per_m: float = 0.9
    bad_footing_fault: float = 0.045  # landing cost from which a landing counts as a fault
    edge_protection_share: float = 0.5  # of the unevenness cost a full rock plate absorbs
    # Chance scale of a slip: tuned so that on wet rock in road shoes about one
    # landing in fourteen slips at 3 m/s on the flat, one in 1,100 on dirt.
    slip_chance: float = 0.55
    # A landing at speed has more to absorb: its balance cost and its chance of
    # slipping grow with (v / 3 m/s)^3, faster than the kinetic energy the leg
    # takes up (v^2). Tuned so that the level's pace scores best on the levels
    # whose tip is about pace: mean of seeds 300-301 at pace -0.5 / level /
    # +0.5 m/s, rock-garden 14724 / 15963 / 14671, snowline 16708 / 19431 /
    # 18176, headlamp 19447 / 21117 / 20757 (with v^2 charging won on rock-garden).
    impact_speed_mps: float = 3.0
    impact_speed_exponent: float = 3.0
    # At the same speed a shorter step lands nearer the hips: Heiderscheit et
    # al. 2011 measured the knee's energy absorption 20 % lower at +5 % step
    # rate and 34 % lower at +10 %, about (step length)^4.4. A landing's
    # balance cost and its chance of slipping scale so with the step against
    # the usual one at this speed. The study went to +10 %: no further gain is
    # claimed for steps shorter than 90 % of the usual one.
    landing_step_exponent: float = 4.4
    landing_step_floor: float = 0.9
    slip_cost: float = 0.3  # tuned: a slip on top of a poor landing is a stumble
    # Sideways: tuned so that the widest step (0.5 m) costs about a rough
    # landing, a crossover a little more (the article: keep the hips steady).
    lateral_cost: float = 0.05
    crossover_cost: float = 0.06
    crossover_margin_m: float = 0.1  # past the other foot by a foot's width: a real crossover
    off_trail_cost: float = 0.12  # tuned: brush underfoot costs about two rough landings

    # --- Seeing (rule 3; see perception.py) -------------------------------------
    # Matthis, Barton & Fajen 2015/2017 and DESIGN.md: about 0.3 s to set up a
    # foothold; once the swing towards it has begun it can't change.
    visuo_motor_delay_s: float = 0.3
    # Reading a spot in the band: known to 1 - 1/e after this long on flat
    # ground, longer by (1 + height / read_height_m) for obstacles (Fajen lab,
    # 2018: obstacles with height need a larger window). The height read is
    # the tallest ground the swing crosses or within read_around_m of the
    # mark: placing a foot between two rocks means judging both. Tuned on
    # seeds 300-312 so that on Look Up at 3 m/s the far edge that buys 90 %
    # of what looking ahead is worth sits near 3.4 m, moving out with taller
    # rocks (0.1 m: 2.8 m, 0.4 m: 4.4 m).
    read_time_s: float = 0.15
    read_height_m: float = 0.1
    read_around_m: float = 0.15
    peripheral_read: float = 0.2  # tuned: a spot never in the band, its coarse shape
    # Spatial memory fades with the ground covered since the spot left the
    # band (a remembered place drifts as the runner moves, as path
    # integration does; a tired, slower runner does not forget more): the
    # foot lands further off its mark. The nearest few metres are held
    # (working memory holds the next two or three footholds). Tuned on seeds
    # 300-312 so that 3-6 m costs nothing and 8-12 m (about 8 m from view to
    # contact) scatters the foot 7 cm more: it loses 950-3,500 points to
    # 3-6 m on those seeds.
    memory_hold_m: float = 3.9
    memory_scatter_per_m: float = 0.017
    unread_cost: float = 0.05  # balance, for a spot not read at all (a blind step)
    # Balance, for a swing with nothing set up: tuned to about two rough landings.
    reactive_cost: float = 0.09
    # The article: avoid abrupt head movements. Up to 1 m of re-focus within
    # half a second is smooth; more is a jerk that costs balance (tuned).
    gaze_shift_free_m: float = 1.0
    gaze_shift_cost: float = 0.05
    gaze_shift_memory_s: float = 0.5

    # --- Balance ---------------------------------------------------------------
    # Tuned: a clean step gives back 7 % balance (from a stumble to full in
    # about eight clean steps); under 0.35 the runner stumbles, losing 30 % of
    # speed; at 0 falls, four seconds down; five falls end the run.
    balance_recovery: float = 0.07
    stumble_below: float = 0.35
    stumble_speed_keep: float = 0.7
    stumble_balance_bump: float = 0.12
    fall_time_s: float = 4.0
    fall_balance_after: float = 0.65
    max_falls: float = 5.0

    # --- Stiffness (rule 4) ----------------------------------------------------
    # The article: rigid braking on descents causes stiffness. Tuned so that a
    # full brake on a -20 % descent stiffens the runner fully in about 6 s.
    brake_stiffening_per_s: float = 0.12
    brake_descent_gain: float = 2.0
    # Tuned: a reactive step, a wide correction, a head jerk or a stumble
    # stiffen by a tenth or so; a clean step fully known relaxes 15 % (one
    # known in part, that part of it), and time relaxes 8 % of full a second
    # (the article: relaxed but active).
    reactive_stiffening: float = 0.12
    unread_stiffening: float = 0.015
    correction_stiffening: float = 0.05
    gaze_shift_stiffening: float = 0.1
    stumble_stiffening: float = 0.1
    relax_per_clean_step: float = 0.85  # multiplies stiffness after a clean step fully known
    relax_per_s: float = 0.08
    # A fully stiff runner: 6 cm more scatter, landings cost 80 % more, half
    # the recovery (tuned so that brake=1 loses on every descent level).
    stiff_scatter_m: float = 0.06
    stiff_cost_gain: float = 0.8
    stiff_recovery_loss: float = 0.5

    # --- Scatter ---------------------------------------------------------------
    # Where a foot lands, sd: 1.5 cm for a relaxed planned step (the precision
    # of a running foot, DESIGN.md's 10-15 cm snap radius being its outer
    # limit); tuned extra for a spot not read (3 cm) or a swing not set up (6 cm).
    base_scatter_m: float = 0.015
    unread_scatter_m: float = 0.03
    reactive_scatter_m: float = 0.06

    # --- Energy (rule 5) -------------------------------------------------------
    # Tuned: at 3 m/s the runner spends about a sixth of its energy in 450 m on
    # running alone; faster costs as v^2.
    energy_base_per_s: float = 0.0004
    energy_speed_per_s: float = 0.00007  # times v^2
    # Per step, per 10 spm above the +5–7 band: more, shorter steps are not free.
    energy_high_cadence: float = 0.0003
    # Per lifted step. Tuned so that lifting on every step of a 450 m level
    # costs most of the runner's energy, and so loses time.
    energy_lift: float = 0.002
    # Tuned: braking a whole 450 m descent costs about a third of the energy;
    # landing on a metre of unevenness a hundredth at the reference pace and
    # step, more as the landing is harder (`landing_load`: faster, or a longer
    # step), so quick steps over rough ground save breath (the article:
    # conserve energy).
    energy_brake_per_s: float = 0.002
    energy_impact: float = 0.01
    tired_recovery_loss: float = 0.5  # tuned: an exhausted runner regains balance half as well
    # Running easier than its critical speed, the runner wins energy back (the
    # W' balance of Skiba et al. 2012) while the drains above go on, so a net
    # gain needs a tired runner on easy ground: the energy still missing returns
    # with a time constant of 316 s + 546 s x e^(-D / 100 W), D the power below
    # critical. Effort is the flat speed that costs as much as the speed on its
    # grade (Minetti et al. 2002). 3.6 m/s is a recreational runner's critical
    # speed (a 10 km in about 46 minutes), 250 W its critical power on a running
    # power meter. With no way back, every runner ended Skyline and the endless
    # trail exhausted, and there the one charging kept its speed edge and won;
    # with a critical speed of 3.0 m/s charging lost on Skyline by half as
    # much (seeds 300-330).
    critical_speed_mps: float = 3.6
    critical_power_w: float = 250.0
    recovery_tau_s: float = 316.0
    recovery_tau_extra_s: float = 546.0
    recovery_power_scale_w: float = 100.0
    # Below this much energy, what the runner asks above the trail's own pace
    # fades with the energy left: an empty runner holds the trail's pace at
    # most, however hard it pushes. Tuned on seeds 300-330: with the push
    # fading over all the energy, charging lost less on Headlamp (a slower
    # charger trips less in the short light); with no fade, a charger that had
    # emptied itself kept its speed edge and won on Skyline.
    pushing_energy: float = 0.2

    # --- Scoring: a race and a coach -------------------------------------------
    # Step quality, per metre of trail covered (never per step: more, shorter
    # steps cover the same trail), times the flow multiplier.
    points_known: float = 10.0  # per metre of a step the runner knew fully
    # Clean running builds flow, each step by as much as the runner knew of
    # it, and a metre run half known keeps half the flow built: 20 m of
    # clean, fully known steps to the full ×3, and a runner who knows its
    # steps to 95 % settles near it, to 90 % at about ×2.
    flow_per_m: float = 0.1
    flow_max: float = 3.0
    # Tuned: a stumble costs about 1.3 m of full-flow running (and the flow
    # itself), a fall 5 m and four seconds, a step off the trail 1 m and a second.
    stumble_points: float = 40.0
    fall_points: float = 150.0
    off_trail_points: float = 30.0
    off_trail_time_s: float = 1.0
    # Time against the level's par: this many points per metre at par or
    # inside it, none at half again par. Tuned so that the pace a level asks
    # for wins on every level whose tip is about pace (seeds 300-315): with
    # none at twice par, the slower runner's better reading (more time per
    # step in the same band) paid for its lost time on Rock Garden and Ridge
    # Mix (0.5 m/s slower scored within 300 of the level's pace).
    time_points_per_m: float = 25.0
    time_zero_over_par: float = 0.5
    # Par is the level's pace held over its climbs and descents by a runner
    # with this much energy left, times the level's par factor, which
    # `trailread medals --write` measures: a good runner's median time over
    # this. Without that factor the good runner finished 1-34 % over par (the
    # longer the level, the more), every second gained there paid, and
    # charging won back in time what it lost in footing on Ridge Mix, Skyline
    # and the endless trail (seeds 300-315).
    par_energy: float = 0.8
    # A run longer than this many times the level's length at its pace is abandoned.
    time_limit_factor: float = 6.0


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
        "visuo_motor_delay_s": (0.05, 2.0),
        "read_time_s": (0.05, 5.0),
        "read_height_m": (0.01, 2.0),
        "impact_speed_mps": (0.5, 10.0),
        "par_energy": (0.0, 1.0),
        "time_zero_over_par": (0.05, 10.0),
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
        # Divisors and scales of the energy balance.
        "critical_speed_mps": (0.5, 10.0),
        "critical_power_w": (0.0, 1000.0),
        "pushing_energy": (0.01, 1.0),
        "recovery_tau_s": (1.0, 10000.0),
        "recovery_tau_extra_s": (0.0, 10000.0),
        "recovery_power_scale_w": (1.0, 1000.0),
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
                "safe_step_stability",
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
        "unread_scatter_m": (0.0, 0.5),
        "memory_scatter_per_m": (0.0, 0.5),
        "memory_hold_m": (0.0, 20.0),
        "read_around_m": (0.0, 1.0),
        "peripheral_read": (0.0, 1.0),
        # A power of a speed ratio, like the overstride's.
        "impact_speed_exponent": (0.0, 6.0),
        # And of a step's length against the usual one, with its floor a share.
        "landing_step_exponent": (0.0, 6.0),
        "landing_step_floor": (0.0, 1.0),
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

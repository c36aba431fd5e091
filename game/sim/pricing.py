"""What a bot pays for a candidate step: the runner model's own terms
(`runner.py`), with faults and the habit of its stride priced in.

The greedy bot, the ideal planner and the human model all price steps here.
"""

from __future__ import annotations

import numpy as np

from game.sim import runner as model
from game.sim.rules import Rules, Shoe
from game.sim.trail import Trail

LENGTH_CHOICES = np.array([0.6, 0.75, 0.9, 1.0, 1.12])
LATERAL_CHOICES = np.array([-0.35, -0.2, -0.1, 0.0, 0.1, 0.2, 0.35])
# What leaving the habitual stride costs a bot, per squared share of it, by
# its stride: a habit binds, so a bot's stride is what its spec says, not
# whatever each candidate's landing load would favour. Short steps are a runner
# minding its stride (Ctrl's quick steps shorten where the ground asks), a
# natural or long stride a habit kept. Tuned: at 0.5 for every stride, the
# natural one was cut short wherever a long step would overstep the ground's
# safe length, as only Ctrl does; over the endless trail's first 3 km it
# overstrode 11 times and short steps beat it by t 3.1 (seeds 316-345). Held
# at 1.0 it overstrides 26 times there and loses by t 6.6 (seeds 300-345).
# Short steps held at 1.0 as well read less of a wide band: 3-6 m led 2-4 m
# by t 1.8 on Mud Bath (4.5 at 0.5).
STRIDE_HABIT_WEIGHT = {"short": 0.5, "natural": 1.0, "long": 1.0}
LIFT_EFFORT = 0.004  # knee drive is cheap next to a trip, dear on every step
# A fault costs more than its balance: no recovery that step, the flow lost, a
# quarter of the points. Planners price it so.
FAULT_PRICE = 0.06
CLEARANCE_MARGIN_M = 0.02  # a tiring runner eats into clearance
SWING_SPREAD_M = (0.0, -0.03, 0.03)  # where a foot lands, about two scatters either side


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
    stride: str = "natural",
):
    """Expected balance cost of stepping from (prev_s, prev_x) to each candidate.

    The same model the run applies, taken as an expectation: slips by their
    chance, trips as certain when the swing can't clear the path even with a
    lift. `s` and `x` broadcast against each other (a column of lengths against
    a row of sideways shifts, say). Returns (cost, needs_lift) arrays.
    """
    ground, step = ground_costs(trail, rules, shoe, prev_s, prev_x, s, x, stiffness, foot, v_mps)
    swing, needs_lift = swing_costs(trail, rules, prev_s, prev_x, s, x, v_mps, stiffness, energy)
    return ground + swing + habit_cost(step, habit_step_m, stride), needs_lift


def ground_costs(
    trail: Trail, rules: Rules, shoe: Shoe, prev_s, prev_x, s, x, stiffness, foot, v_mps
):
    """Every cost of the candidate steps but their swing; and their lengths."""
    s, x = np.asarray(s, dtype=np.float64), np.asarray(x, dtype=np.float64)
    step = s - prev_s
    footing = trail.footing(s, x, shoe)
    grade, half_width = trail.rows_of_all(("grade", "half_width_m"), s)
    landing = expected_landing_cost(footing, grade, shoe, rules, stiffness, v_mps, step)
    safe = model.safe_step_m(grade, footing.grip, footing.stability, rules)
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


def grid_prices(
    trail: Trail, rules: Rules, shoe: Shoe, prev_s, prev_x, s, x, habit, sides, v_mps, stride
):
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
    protection = 1.0 - r.edge_protection_share * shoe.protection
    per_row = []
    for s_m, grade in zip(s, grades, strict=True):
        step = s_m - prev_s
        load = model.landing_load(step, v_mps, r)
        descent = -grade if grade < 0.0 else 0.0
        downhill = 1.0 + r.grip_descent_gain * descent
        shrink = 1.0 - r.safe_step_descent * descent
        stable = r.stability_cost * load
        per_row.append(
            (
                r.grip_cost * downhill * load,
                r.slip_chance * 0.25 * slip_price * downhill * load,
                r.safe_step_grip * shrink,
                shrink,
                step / r.safe_step_m,
                stable,
                r.uneven_cost_per_m * protection * load,
                stable - r.overstride_cost + habit_cost(step, habit, stride),
                habit / step,
            )
        )
    # Each row's terms spread across its candidates once, so that no later
    # call needs to broadcast (which costs NumPy more than the arithmetic).
    terms = np.empty((len(per_row[0]), len(s), len(x)))
    terms[...] = np.array(per_row).T[..., None]
    grip_k, slip_k, grip_shrink, shrink, stretch_k, stable, uneven_k, constant, per_m = terms
    loose = 1.0 - footing.grip
    # The landing, less its constant share of the stability cost.
    landing = loose * grip_k
    landing -= footing.stability * stable
    landing += footing.unevenness_m * uneven_k
    # Slips by their chance (the model's, at no stiffness).
    slips = loose * loose
    slips *= slip_k
    np.minimum(slips, 0.9 * slip_price, out=slips)  # a slip is at most nine in ten likely
    # The overstride against the safe length on this ground, less its constant.
    safe_share = shrink - loose * grip_shrink
    safe_share *= 1.0 - r.safe_step_stability * (1.0 - footing.stability)
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


def habit_cost(step, habit_step_m: float, stride: str = "natural"):
    """What leaving the habitual stride costs a bot on this stride."""
    habit = (step - habit_step_m) / habit_step_m
    return STRIDE_HABIT_WEIGHT[stride] * habit * habit


def expected_landing_cost(footing, grade, shoe: Shoe, rules: Rules, stiffness, v_mps, step_m):
    """A landing's balance cost at this speed after a step this long, with slips
    by their chance and faults priced."""
    load = model.landing_load(step_m, v_mps, rules)
    landing = model.landing_cost(footing, grade, shoe, load, rules)
    slips = model.slip_chance(footing.grip, grade, stiffness, load, rules) * (
        rules.slip_cost + FAULT_PRICE
    )
    return landing + slips + FAULT_PRICE * (landing > rules.bad_footing_fault)


def swing_cost(obstacle_m, easy_clearance_m, rules: Rules):
    """(cost, needs_lift): knee drive where it is needed, a trip where even that fails."""
    needs_lift = obstacle_m > easy_clearance_m - CLEARANCE_MARGIN_M
    trips = obstacle_m > easy_clearance_m + rules.lift_clearance_m - CLEARANCE_MARGIN_M
    return needs_lift * LIFT_EFFORT + trips * (rules.trip_cost + FAULT_PRICE), needs_lift

"""The runner model, rule by rule, on small hand-made trails where the answer is known."""

import dataclasses

import numpy as np
import pytest

from game.levels import find_level
from game.sim import perception
from game.sim import runner as model
from game.sim.commands import Brake, Gaze, Lift, Place, PlaceLane
from game.sim.events import FallEvent, RejectEvent, StepEvent, StumbleEvent
from game.sim.rules import SURFACE_STABILITY, TICK_HZ, Rules, Surface
from game.sim.run import Run
from game.sim.runner import Foothold
from game.sim.terrain import CELL_M, CHUNK_M, CHUNK_ROWS, COLS, FEATURE_ROOT, Chunk
from game.sim.trail import Trail

LEVEL = dataclasses.replace(find_level("warm-up"), length_m=60.0)
RULES = Rules()


def flat_trail(grade=0.0, surface=Surface.DIRT, half_width=1.2, chunks=8) -> Trail:
    made = [
        Chunk(
            i,
            i * CHUNK_M,
            np.zeros((CHUNK_ROWS, COLS), np.float32),
            np.full((CHUNK_ROWS, COLS), surface, np.uint8),
            np.zeros((CHUNK_ROWS, COLS), np.uint8),
            np.zeros(CHUNK_ROWS, np.float32),
            np.full(CHUNK_ROWS, half_width, np.float32),
            np.full(CHUNK_ROWS, grade, np.float32),
        )
        for i in range(chunks)
    ]
    return Trail.from_chunks(LEVEL, made)


def add_root(trail: Trail, s_m: float, height_m: float) -> None:
    """A root straight across the trail, two cells thick."""
    row = round(s_m / CELL_M)
    for r in (row, row + 1):
        chunk = trail.chunk(r // CHUNK_ROWS)
        chunk.height_m[r % CHUNK_ROWS, :] = height_m
        chunk.feature[r % CHUNK_ROWS, :] = FEATURE_ROOT
        chunk.surface[r % CHUNK_ROWS, :] = Surface.ROOT


def new_run(trail: Trail, **state) -> Run:
    run = Run(LEVEL, 1, "trail", trail=trail)
    for name, value in state.items():
        setattr(run.state, name, value)
    return run


def run_until_step(run: Run, s_m: float, before_each_tick=None) -> StepEvent:
    """Advance until the step landing at `s_m` and return it."""
    for _ in range(20 * TICK_HZ):
        if before_each_tick:
            before_each_tick(run)
        for event in run.step():
            if isinstance(event, StepEvent) and abs(event.s_m - s_m) < 1e-6:
                return event
    raise AssertionError(f"no step landed at {s_m}")


def next_step(run: Run) -> StepEvent:
    for _ in range(20 * TICK_HZ):
        steps = [e for e in run.step() if isinstance(e, StepEvent)]
        if steps:
            return steps[0]
    raise AssertionError("no step landed")


def place_all(run: Run, footholds) -> None:
    for s, x in footholds:
        run.submit(Place(run.tick, s, x))


LINE = [(1.0, 0.0), (2.0, 0.1), (2.5, 0.0), (3.5, 0.1)]  # the swing 2.5 → 3.5 crosses 3.0


def test_root_under_swing_path_trips_a_low_clearance_step():
    trail = flat_trail()
    add_root(trail, 3.0, 0.08)
    tired = new_run(trail, stiffness=0.85, energy=0.2)
    place_all(tired, LINE)
    step = run_until_step(tired, 3.5)
    assert "not lifted" in step.reasons and not step.clean
    assert any(isinstance(e, StumbleEvent) for e in tired.events)


def test_a_fresh_runner_clears_the_same_root():
    trail = flat_trail()
    add_root(trail, 3.0, 0.08)
    fresh = new_run(trail)
    place_all(fresh, LINE)
    step = run_until_step(fresh, 3.5)
    assert "not lifted" not in step.reasons


def test_a_tall_root_trips_even_a_fresh_runner_who_does_not_lift():
    trail = flat_trail()
    add_root(trail, 3.0, 0.11)
    fresh = new_run(trail)
    place_all(fresh, LINE)
    step = run_until_step(fresh, 3.5)
    assert "not lifted" in step.reasons


def test_lifting_the_knee_clears_a_tall_root_even_when_tired():
    trail = flat_trail()
    add_root(trail, 3.0, 0.11)
    tired = new_run(trail, stiffness=0.85, energy=0.2)
    place_all(tired, LINE)
    tired.submit(Lift(tired.tick, True))
    step = run_until_step(tired, 3.5)
    assert "not lifted" not in step.reasons


def long_step_cost(grade: float) -> StepEvent:
    run = new_run(flat_trail(grade=grade))
    place_all(run, [(1.0, 0.0), (2.0, 0.1), (3.4, 0.0)])
    return run_until_step(run, 3.4)


def test_a_long_stride_on_a_steep_descent_costs_more_balance_than_on_the_flat():
    flat, steep = long_step_cost(0.0), long_step_cost(-0.25)
    assert "overstride" in steep.reasons
    assert steep.balance_cost > 3 * flat.balance_cost


def test_overstride_cost_grows_faster_than_linearly():
    safe = 1.0
    ten, twenty = (float(model.overstride_cost(r * safe, safe, RULES)) for r in (1.1, 1.2))
    assert twenty > 2.0 * ten > 0  # twice the excess, more than twice the cost
    # Willson et al.: 10 % longer, about 31 % more load.
    assert (1.1**RULES.overstride_exponent) == pytest.approx(1.31, abs=0.02)


def test_the_safe_step_shrinks_downhill_on_low_grip_and_on_loose_ground():
    flat = float(model.safe_step_m(0.0, 0.9, 0.9, RULES))
    assert float(model.safe_step_m(-0.2, 0.9, 0.9, RULES)) < flat
    assert float(model.safe_step_m(0.0, 0.3, 0.9, RULES)) < flat
    scree = SURFACE_STABILITY[Surface.SCREE]
    assert float(model.safe_step_m(0.0, 0.9, scree, RULES)) < 0.9 * flat


def test_only_a_cadence_above_the_band_costs_breath():
    usual = model.natural_step_m(3.0, RULES)
    assert model.cadence_above_band(3.0, usual, RULES) == 0.0
    band_top = RULES.usual_cadence_spm + RULES.cadence_bonus_hi_spm
    assert model.cadence_above_band(3.0, 60.0 * 3.0 / band_top, RULES) == pytest.approx(0.0)
    # 0.8 m at 3 m/s is 225 spm: 53 above the +7 band.
    assert model.cadence_above_band(3.0, 0.8, RULES) == pytest.approx(225 - 172)


def test_a_placement_02_s_before_contact_is_reactive():
    run = new_run(flat_trail())
    while run.state.s_m < 0.3:
        run.step()
    v = run.state.v_mps
    target = round(run.state.s_m + 0.2 * v, 3)
    run.submit(Place(run.tick, target, 0.0))
    step = run_until_step(run, target)
    assert step.lead_s == pytest.approx(0.2, abs=0.02)
    assert step.judgement == "reactive"
    assert "reactive" in step.reasons


def knows(near, far, v=3.0, height=0.0, chosen_tick=0, swing_tick=120):
    """What a runner at `v` knows of a spot 10 m on, chosen at `chosen_tick`,
    its swing beginning one step before contact at `swing_tick`."""
    spot = Foothold(10.0, 0.0, chosen_tick, chosen_at_s_m=10.0 - far, chosen_gaze=(near, far))
    return perception.knowledge(spot, swing_tick, 10.0 - v * 0.35, 10.0, v, height, RULES)


def test_a_spot_is_read_better_the_longer_it_was_in_the_band_before_its_swing():
    feet, close, wide = knows(0.5, 1.5), knows(2.0, 4.0), knows(3.0, 6.0)
    assert feet.read < close.read < wide.read
    # Flat ground reads in a glance from either band; a 20 cm rock needs the
    # wider one's second (2-4 m gives it two thirds of that).
    assert close.read > 0.95
    rock_close, rock_wide = knows(2.0, 4.0, height=0.2), knows(3.0, 6.0, height=0.2)
    assert rock_wide.read > 0.9 > rock_close.read + 0.05


def test_taller_obstacles_need_longer_to_read_and_speed_shortens_the_reading():
    assert knows(3.0, 6.0, height=0.3).read < knows(3.0, 6.0).read
    assert knows(3.0, 6.0, v=4.0).read < knows(3.0, 6.0, v=3.0).read


def test_memory_holds_a_few_metres_then_fades_with_the_ground_covered():
    far, usual, near = knows(8.0, 12.0), knows(3.0, 6.0), knows(2.0, 4.0)
    assert far.memory_m > RULES.memory_hold_m > usual.memory_m > near.memory_m
    assert perception.memory_scatter_m(usual, RULES) == 0.0
    assert perception.memory_scatter_m(far, RULES) > 0.05


def test_flow_builds_with_what_each_step_was_known_and_keeps_that_share():
    flow = 1.0
    for _ in range(30):
        flow = model.flow_after(flow, 1.0, 1.0, RULES)
    assert flow == RULES.flow_max  # 20 m of fully known steps fill it
    assert model.flow_after(2.0, 0.5, 1.0, RULES) == pytest.approx(1.0 + 0.5 + 0.05)
    assert model.flow_after(3.0, 0.0, 1.0, RULES) == 1.0  # nothing known: nothing kept

    def settled(known: float, step_m: float = 1.0) -> float:
        flow = 1.0
        for _ in range(round(200 / step_m)):
            flow = model.flow_after(flow, known, step_m, RULES)
        return flow

    # No threshold: a little less known, a little less flow.
    assert settled(0.8) < settled(0.9) < settled(0.95) <= RULES.flow_max
    assert settled(0.9) == pytest.approx(1.9, abs=0.01)
    # Kept per metre: short quick steps over the same ground keep about as much.
    assert settled(0.9, 0.6) == pytest.approx(settled(0.9), abs=0.05)
    assert settled(0.9, 1.4) == pytest.approx(settled(0.9), abs=0.05)


def test_a_choice_not_set_up_before_its_swing_began_is_reactive():
    late = knows(3.0, 6.0, chosen_tick=100, swing_tick=120)  # 0.17 s of the 0.3 s set-up
    assert 0.0 < late.ready < 1.0
    assert perception.judgement(late, True) == "reactive"
    assert perception.judgement(knows(3.0, 6.0), True) == "planned"
    assert perception.judgement(perception.BLIND, False) == "blind"


def test_footholds_placed_well_ahead_are_planned_and_none_queued_lands_blind():
    run = new_run(flat_trail())
    place_all(run, [(1.0, 0.0), (2.0, 0.1), (3.0, 0.0)])
    assert run_until_step(run, 3.0).judgement == "planned"
    blind = next_step(run)
    assert blind.judgement == "blind" and blind.lead_s is None


def test_cadence_is_sixty_times_speed_over_step_length():
    run = new_run(flat_trail())
    place_all(run, [(1.0, 0.0), (2.0, 0.1), (2.8, 0.0)])
    step = run_until_step(run, 2.8)
    assert step.step_length_m == pytest.approx(0.8)
    assert step.cadence_spm == pytest.approx(60 * run.state.v_mps / 0.8)


def test_braking_on_a_descent_stiffens_the_runner():
    relaxed = new_run(flat_trail(grade=-0.2))
    braking = new_run(flat_trail(grade=-0.2))
    braking.submit(Brake(0, 1.0))
    for _ in range(3 * TICK_HZ):
        relaxed.step()
        braking.step()
    assert braking.state.stiffness > 0.45
    assert braking.state.stiffness > relaxed.state.stiffness + 0.3
    assert braking.state.v_mps < relaxed.state.v_mps


def test_an_abrupt_gaze_shift_costs_balance_a_smooth_one_does_not():
    smooth, jerk = new_run(flat_trail()), new_run(flat_trail())
    smooth.submit(Gaze(0, 0.5))
    jerk.submit(Gaze(0, 2.5))
    smooth.step()
    jerk.step()
    assert smooth.state.balance == 1.0
    assert jerk.state.balance == pytest.approx(1.0 - RULES.gaze_shift_cost)
    assert jerk.state.stiffness > smooth.state.stiffness


def test_placements_out_of_reach_or_in_the_fog_are_refused_with_a_reason():
    run = new_run(flat_trail())
    run.submit(Place(0, 1.9, 0.0))  # 1.9 m from the last foothold: out of reach
    run.submit(Place(0, 1.0, 0.9))  # too far sideways
    run.submit(Place(0, 1.0, 0.0))
    run.submit(Place(0, 2.0, 0.0))
    run.submit(Place(0, 3.0, 0.0))
    run.submit(Place(0, 4.0, 0.0))
    run.submit(Place(0, 5.0, 0.0))
    run.submit(Place(0, 6.0, 0.0))
    run.submit(Place(0, 7.0, 0.0))  # beyond the 6 m band's far edge
    reasons = [e.reason for e in run.step() if isinstance(e, RejectEvent)]
    assert reasons == [
        "out of reach",
        "too far sideways",
        "in the fog: look further ahead to place it",
    ]
    assert [f.s_m for f in run.state.queue] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]


def test_lane_keys_place_at_the_stride_length_after_the_last_foothold():
    run = new_run(flat_trail())
    run.submit(PlaceLane(0, 1, "natural"))
    run.submit(PlaceLane(0, 1, "short"))
    run.step()
    first, second = run.state.queue
    natural = float(model.natural_step_m(run.state.target_mps, RULES))
    assert first.x_m == pytest.approx(0.25)
    assert first.s_m == pytest.approx(natural)
    assert second.s_m - first.s_m == pytest.approx(0.75 * natural)


def test_a_step_off_the_trail_costs_time_and_balance():
    run = new_run(flat_trail(half_width=0.6))
    place_all(run, [(1.0, 0.3), (2.0, 0.75)])
    step = run_until_step(run, 2.0)
    assert "off-trail" in step.reasons
    assert run.state.off_trail == 1 and run.state.penalty_s == RULES.off_trail_time_s


def test_shoes_matter_on_wet_rock():
    costs = {}
    for shoe in ("road", "rock"):
        trail = flat_trail(surface=Surface.WET_ROCK)
        level = dataclasses.replace(LEVEL, shoes=("road", "rock"))
        run = Run(level, 1, shoe, trail=trail)
        place_all(run, [(1.0, 0.0), (2.0, 0.1)])
        costs[shoe] = run_until_step(run, 2.0).balance_cost
    assert costs["road"] > costs["rock"]


def test_losing_all_balance_is_a_fall_that_stops_the_runner():
    trail = flat_trail()
    add_root(trail, 3.0, 0.3)  # far above any clearance
    run = new_run(trail)
    place_all(run, LINE)
    run_until_step(run, 2.5)
    run.state.balance = 0.2
    run_until_step(run, 3.5)
    falls = [e for e in run.events if isinstance(e, FallEvent)]
    assert len(falls) == 1 and run.state.falls == 1
    s_down = run.state.s_m
    for _ in range(int(RULES.fall_time_s * TICK_HZ) - 2):
        run.step()
    assert run.state.s_m == s_down  # still getting up
    assert run.state.balance == RULES.fall_balance_after


def test_a_relaxed_planned_run_recovers_balance_step_by_step():
    run = new_run(flat_trail(), balance=0.6)
    # Left foot at 0.0, right at 0.1: no crossovers, no wide steps, flat dirt.
    place_all(run, [(1.0 * i, 0.1 * (i % 2 == 0)) for i in range(1, 7)])
    before = run.state.balance
    steps = [run_until_step(run, float(s)) for s in (1, 2, 3, 4)]
    assert all(step.clean for step in steps)
    assert run.state.balance > before + 0.15


def test_the_stretch_furthest_from_the_ideal_line_is_found():
    from game.sim.events import StepEvent
    from game.sim.ideal import compare_to_ideal

    def step(s, x, clean=True, cost=0.01):
        return StepEvent(
            0, s, x, "L", "planned", clean, (), 1.0, 1.0, 170.0, 0, cost, 1.0, 0.0, 10.0
        )

    line = [(float(s), 0.0) for s in range(0, 101)]
    steps = [step(float(s), 0.0) for s in range(1, 100)]
    steps[60:70] = [step(float(s), 0.8, clean=False, cost=0.2) for s in range(61, 71)]
    d = compare_to_ideal(steps, line, window_m=20.0)
    assert 50 <= d.s_from_m <= 61 and d.s_to_m >= 70
    assert d.mean_offset_m > 0.3 and d.faults >= 9 and d.balance_cost > 1.5


def planned_line(step_m: float, until_m: float = 9.0):
    """Footholds every `step_m`, alternating 10 cm apart, up to `until_m`."""
    n = int(until_m / step_m)
    return [(round(step_m * i, 3), 0.1 * (i % 2 == 0)) for i in range(1, n + 1)]


def test_more_shorter_steps_over_the_same_trail_earn_no_more_points():
    scores = {}
    for step_m in (0.6, 1.0):
        run = Run(LEVEL, 1, "trail", trail=flat_trail(), scored=True)
        place_all(run, planned_line(step_m))
        while run.state.s_m < 6.0:
            run.step()
        points = sum(e.points for e in run.steps if e.s_m <= 6.0)
        scores[step_m] = points / max(e.s_m for e in run.steps if e.s_m <= 6.0)
    assert scores[0.6] <= scores[1.0] * 1.02


def test_time_points_are_full_at_par_or_inside_it_and_none_at_half_again_par():
    run = new_run(flat_trail())
    # On the flat, par is the level's pace held by a runner partway through,
    # times what the level's ground costs a good runner.
    held = LEVEL.pace_mps * (0.6 + 0.4 * RULES.par_energy)
    factor = LEVEL.medals.par_factor
    assert factor != 1.0 and run.par_s == pytest.approx(factor * LEVEL.length_m / held)
    full = RULES.time_points_per_m * LEVEL.length_m
    assert RULES.time_zero_over_par == 0.5
    assert run.time_points(run.par_s) == pytest.approx(full)
    assert run.time_points(0.7 * run.par_s) == pytest.approx(full)  # beating par pays nothing
    assert run.time_points(1.25 * run.par_s) == pytest.approx(full / 2)
    assert run.time_points(1.5 * run.par_s) == 0.0 and run.time_points(5 * run.par_s) == 0.0


def test_par_allows_for_the_climbs_and_descents_of_the_trail():
    flat, climb = new_run(flat_trail()), new_run(flat_trail(grade=0.1))
    descent = new_run(flat_trail(grade=-0.1))
    assert descent.par_s < flat.par_s < climb.par_s
    # 10 % up holds 75 % of the pace (Rules.uphill_slowdown).
    assert climb.par_s == pytest.approx(flat.par_s / 0.75)


def test_a_landing_at_speed_costs_more_and_slips_more():
    fast, slow = model.impact(4.0, RULES), model.impact(2.0, RULES)
    assert fast > 1.0 > slow
    assert model.slip_chance(0.4, 0.0, 0.0, fast, RULES) > model.slip_chance(
        0.4, 0.0, 0.0, slow, RULES
    )


def test_a_shorter_step_at_the_same_speed_lands_lighter_down_to_nine_tenths_of_the_usual():
    usual = model.natural_step_m(3.0, RULES)
    load = {k: model.landing_load(k * usual, 3.0, RULES) for k in (0.8, 0.9, 1.0, 1.1)}
    assert load[1.0] == pytest.approx(model.impact(3.0, RULES))
    # Heiderscheit et al.: +5 % step rate, 20 % less for the knee to absorb; +10 %, 34 %.
    for rate, less in ((1.05, 0.2), (1.1, 0.34)):
        quick = model.landing_load(usual / rate, 3.0, RULES)
        assert quick / load[1.0] == pytest.approx(1.0 - less, abs=0.01)
    assert load[0.8] == load[0.9]  # no gain claimed past what was measured
    assert load[1.1] > 1.4 * load[1.0]
    # Faster with the same rhythm: only the speed's own impact.
    fast = model.landing_load(model.natural_step_m(4.0, RULES), 4.0, RULES)
    assert fast == pytest.approx(model.impact(4.0, RULES))


def test_a_quick_step_stays_inside_the_safe_length_of_steep_loose_ground():
    steep = model.quick_step_m(1.1, -0.2, 0.4, 0.9, RULES)
    assert steep < model.safe_step_m(-0.2, 0.4, 0.9, RULES)
    assert model.quick_step_m(1.0, 0.0, 1.0, 1.0, RULES) == 1.0  # the flat leaves it alone
    assert model.quick_step_m(1.0, -1.0, 0.0, 0.0, RULES) >= RULES.min_step_m


def test_a_harder_landing_on_rough_ground_takes_more_energy():
    usual = model.natural_step_m(3.0, RULES)
    easy = model.landing_energy(0.1, usual, 3.0, RULES)
    assert easy == pytest.approx(RULES.energy_impact * 0.1)  # the reference landing
    assert model.landing_energy(0.0, usual, 3.0, RULES) == 0.0  # smooth ground
    # Quick steps (+6 spm) land lighter; a long stride and a faster pace harder.
    quick = model.landing_energy(0.1, 60 * 3.0 / (RULES.usual_cadence_spm + 6), 3.0, RULES)
    assert quick < 0.9 * easy
    assert model.landing_energy(0.1, 1.3 * usual, 3.0, RULES) > 2 * easy
    assert model.landing_energy(0.1, model.natural_step_m(3.5, RULES), 3.5, RULES) > 1.5 * easy


def test_each_steps_load_grows_with_its_length_at_every_length():
    loads = [model.stride_load(step, 1.15, RULES) for step in (0.6, 0.8, 1.0, 1.1)]
    assert loads == sorted(loads) and loads[0] > 0
    # Willson et al.: 10 % longer, about 31 % more per step.
    assert model.stride_load(1.1, 1.0, RULES) / model.stride_load(1.0, 1.0, RULES) == (
        pytest.approx(1.31, abs=0.01)
    )


def test_a_step_says_how_many_steps_ahead_of_the_runner_its_foothold_was_chosen():
    run = Run(LEVEL, 1, "trail", trail=flat_trail(), scored=True)
    for _ in range(TICK_HZ // 2):  # half a second on: the runner has moved
        run.step()
    chosen_at, target = run.state.s_m, run.state.plan_end.s_m + 0.9
    place_all(run, [(target, 0.0)])
    steps = []
    while not steps or steps[-1].s_m < target - 1e-6:
        steps += [e for e in run.step() if isinstance(e, StepEvent)]
    *blind, event = steps
    assert all(b.lead_m is None and b.lead_steps is None for b in blind)
    assert event.lead_m == pytest.approx(target - chosen_at) and event.lead_m > 0.0
    assert event.lead_steps == pytest.approx(event.lead_m / event.step_length_m)


def test_climbing_costs_more_effort_than_the_flat_and_a_gentle_descent_less():
    # Minetti et al. 2002: 3.6 J/kg per metre on the flat, about 6 at +10 %.
    assert model.effort_mps(3.0, 0.0) == pytest.approx(3.0)
    assert model.effort_mps(3.0, 0.1) / 3.0 == pytest.approx(5.97 / 3.6, abs=0.01)
    assert model.effort_mps(3.0, -0.1) < 3.0


def test_energy_comes_back_only_below_the_critical_speed_and_faster_the_easier():
    cs = RULES.critical_speed_mps
    assert model.recovery_per_s(cs, RULES) == 0.0 == model.recovery_per_s(cs + 1.0, RULES)
    # Skiba et al. 2012: at rest, 250 W below critical, 316 s + 546 s x e^-2.5.
    assert 1.0 / model.recovery_per_s(0.0, RULES) == pytest.approx(316 + 546 * np.exp(-2.5))
    assert model.recovery_per_s(0.5 * cs, RULES) > model.recovery_per_s(0.9 * cs, RULES) > 0.0


def test_an_empty_runner_holds_no_more_than_the_trails_pace_however_hard_it_pushes():
    def held(pace, energy):
        return model.wanted_speed(pace, 0.0, 0.0, energy, RULES, trail_pace_mps=3.0)

    assert held(3.5, 0.0) == pytest.approx(held(3.0, 0.0))
    assert held(3.5, 1.0) == pytest.approx(3.5)
    # The push is whole while energy lasts, and fades as it runs out.
    low = RULES.pushing_energy
    assert held(3.5, low) / held(3.0, low) == pytest.approx(3.5 / 3.0)
    assert held(3.0, low / 2) < held(3.5, low / 2) < held(3.0, low / 2) * 3.5 / 3.0
    assert held(2.5, 0.0) < held(3.0, 0.0)  # an easier pace is its own


def test_a_tired_runner_gets_energy_back_running_easy_and_not_pushing_uphill():
    def energy_after_8_s(grade, pace_mps, energy):
        run = new_run(flat_trail(grade=grade), energy=energy, pace_mps=pace_mps)
        run._retarget()
        for _ in range(8 * TICK_HZ):
            run.step()
        return run.state.energy

    assert energy_after_8_s(0.0, 2.0, 0.5) > 0.5
    assert energy_after_8_s(0.0, 2.0, 0.9) < 0.9  # fresh, the drain outruns it


def test_the_same_speed_wins_energy_back_on_the_flat_and_none_up_a_steep_climb():
    flat, climb = model.effort_mps(3.0, 0.0), model.effort_mps(3.0, 0.15)
    assert flat < RULES.critical_speed_mps < climb
    assert model.recovery_per_s(flat, RULES) > 0.0 == model.recovery_per_s(climb, RULES)

"""Steering the line and pinning footholds (DESIGN.md, "Controls"), on hand-made trails."""

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.levels import find_level
from game.sim.commands import (
    BY_TAG,
    Gaze,
    Pin,
    Steer,
    SteerLane,
    SteerStop,
    Stride,
    from_record,
    is_action,
    to_record,
)
from game.sim.events import RejectEvent
from game.sim.line import (
    FOOT_OFFSET_M,
    SNAP_ACROSS_M,
    SNAP_ALONG_M,
    Paint,
    PaintedLine,
    laid_stride_m,
)
from game.sim.rules import TICK_HZ, Surface
from game.sim.run import Run
from game.sim.terrain import CELL_M, HALF_WIDTH_M
from tests.test_runner import flat_trail, new_run


def ticks(run: Run, n: int) -> list:
    out = []
    for _ in range(n):
        out.extend(run.step())
    return out


def landed(run: Run, seconds: float):
    ticks(run, round(seconds * TICK_HZ))
    return run.steps


def test_holding_a_lane_lays_footholds_along_it_either_side_of_the_line():
    run = new_run(flat_trail())
    run.submit(SteerLane(0, 1))  # the lane a quarter metre right of the centre
    steps = landed(run, 6.0)
    assert len([s for s in steps if s.judgement == "planned"]) >= 12
    laid = run.state.queue[1:]
    assert len(laid) >= 2
    for foothold in laid:
        side = -FOOT_OFFSET_M if foothold.foot == "L" else FOOT_OFFSET_M
        # On even dirt each foot is laid where it was aimed: its side of the line.
        assert foothold.x_m == pytest.approx(0.25 + side, abs=1e-9)


def test_steps_are_laid_at_the_runners_stride():
    run = new_run(flat_trail())
    run.submit(SteerLane(0, 0))
    ticks(run, 3 * TICK_HZ)
    queue = run.state.queue
    stride = laid_stride_m(run.state.target_mps, "natural", run.rules)
    gaps = [b.s_m - a.s_m for a, b in itertools.pairwise(queue)]
    assert len(gaps) >= 2
    for gap in gaps:
        assert abs(gap - stride) <= 2 * SNAP_ALONG_M


def test_ctrl_and_shift_shorten_and_lengthen_the_laid_stride():
    lengths = {}
    for stride in ("short", "natural", "long"):
        run = new_run(flat_trail())
        run.submit(SteerLane(0, 0))
        run.submit(Stride(0, stride))
        steps = landed(run, 8.0)[6:]
        lengths[stride] = sum(s.step_length_m for s in steps) / len(steps)
    assert lengths["short"] < lengths["natural"] < lengths["long"]


def test_ctrl_keeps_the_steps_inside_the_safe_length_down_a_steep_loose_slope():
    """Short quick steps are what Ctrl asks for: on scree 25 % down even the short
    stride is too long, so its steps shorten further; a natural stride keeps
    its length, as a habit does, and overstrides (and falls: a long step down
    loose ground lands hard)."""
    overstrides = {}
    for stride in ("short", "natural"):
        run = new_run(flat_trail(grade=-0.25, surface=Surface.SCREE))
        run.submit(SteerLane(0, 0))
        run.submit(Stride(0, stride))
        steps = landed(run, 8.0)[1:]
        overstrides[stride] = sum("overstride" in s.reasons for s in steps) / len(steps)
    assert overstrides["short"] <= 0.1 and overstrides["natural"] >= 0.9


def test_on_scree_at_its_own_pace_a_natural_stride_oversteps_and_a_short_one_does_not():
    """Scree Traverse's tip: keep the steps short on loose stones. At its pace
    (2.3 m/s) and mean grade (8 % down) the loose ground's safe length is under
    the natural step, and over the short one."""
    overstrides = {}
    for stride in ("short", "natural"):
        run = new_run(flat_trail(grade=-0.08, surface=Surface.SCREE), pace_mps=2.3)
        run.submit(SteerLane(0, 0))
        run.submit(Stride(0, stride))
        steps = landed(run, 8.0)[1:]
        overstrides[stride] = sum("overstride" in s.reasons for s in steps) / len(steps)
    assert overstrides["short"] == 0.0 and overstrides["natural"] >= 0.9


def test_painting_in_the_band_plans_steps_and_painting_at_the_feet_does_not():
    leads = {}
    for ahead in (4.5, 0.8):
        run = new_run(flat_trail())
        run.submit(Steer(0, ahead, 0.0))
        steps = [s for s in landed(run, 10.0)[4:] if s.lead_s is not None]
        leads[ahead] = steps
    assert all(s.judgement == "planned" for s in leads[4.5])
    assert sum(s.judgement in ("late", "reactive") for s in leads[0.8]) > 0.8 * len(leads[0.8])
    # The lead time is the time since the stretch of line was painted.
    far = sum(s.lead_s for s in leads[4.5]) / len(leads[4.5])
    assert far == pytest.approx(4.5 / 3.0, rel=0.35)


def test_a_laid_foothold_stays_put_when_the_pointer_moves_on_ahead():
    run = new_run(flat_trail())
    run.submit(Steer(0, 4.0, 0.0))
    ticks(run, 2 * TICK_HZ)
    before = [(f.s_m, f.x_m) for f in run.state.queue]
    run.submit(Steer(run.tick, 4.0, 0.6))  # sideways, at the same distance
    ticks(run, 1)
    after = [(f.s_m, f.x_m) for f in run.state.queue]
    assert after[: len(before)] == before


def test_pulling_the_pointer_back_repaints_the_line_but_never_the_swinging_foot():
    run = new_run(flat_trail())
    run.submit(Steer(0, 4.0, 0.0))
    ticks(run, 2 * TICK_HZ)
    head = run.state.queue[0]
    run.submit(Steer(run.tick, 1.0, 0.5))  # sweeps back across the laid steps
    ticks(run, 1)
    queue = run.state.queue
    assert queue[0] is head  # its swing has begun: it can no longer change
    # The line now runs from 0.5 m right, 1 m ahead, back to the middle 4 m ahead.
    moved = [f for f in queue[1:] if f.s_m < run.state.s_m + 2.5]
    assert moved and all(f.x_m > 0.2 for f in moved)


def test_a_pin_far_ahead_is_accepted_with_nothing_queued_and_the_foot_lands_on_it():
    run = new_run(flat_trail())
    ticks(run, TICK_HZ // 2)
    assert run.state.queue == []
    target = (run.state.s_m + 4.6, 0.3)
    run.submit(Pin(run.tick, *target))
    assert not [e for e in ticks(run, 1) if isinstance(e, RejectEvent)]
    queue = run.state.queue
    pins = [f for f in queue if f.pinned]
    assert [(p.s_m, p.x_m) for p in pins] == [target]
    # The steps before it share the way evenly, each within reach.
    lengths = [b.s_m - a.s_m for a, b in itertools.pairwise(queue)]
    assert all(run.rules.min_step_m <= n <= run.rules.max_step_m for n in lengths)
    steps = landed(run, 3.0)
    hit = [s for s in steps if abs(s.s_m - target[0]) < 1e-9]
    assert len(hit) == 1 and abs(hit[0].x_m - target[1]) < 0.06
    assert hit[0].judgement == "planned"


@pytest.mark.parametrize(
    ("ahead_m", "x_m", "reason"),
    [
        (9.0, 0.0, "in the fog"),
        (0.1, 0.0, "too close"),
        (3.0, 9.0, "off the map"),
        (0.6, 1.6, "out of reach"),
        (float("nan"), 0.0, "not a place"),
    ],
)
def test_a_pin_out_of_sight_or_reach_is_refused_with_its_reason(ahead_m, x_m, reason):
    run = new_run(flat_trail())
    ticks(run, TICK_HZ // 2)
    run.submit(Pin(run.tick, run.state.s_m + ahead_m, x_m))
    rejects = [e for e in ticks(run, 1) if isinstance(e, RejectEvent)]
    assert len(rejects) == 1 and rejects[0].reason.startswith(reason)


def test_a_second_pin_near_the_first_replaces_it():
    run = new_run(flat_trail())
    ticks(run, TICK_HZ // 2)
    s = run.state.s_m
    run.submit(Pin(run.tick, s + 4.0, 0.0))
    run.submit(Pin(run.tick, s + 4.1, 0.2))
    ticks(run, 1)
    assert [(p.s_m, p.x_m) for p in run.state.queue if p.pinned] == [(s + 4.1, 0.2)]


def test_laid_steps_snap_to_the_better_footing_within_a_foots_reach():
    trail = flat_trail()
    # Mud everywhere but a firm strip 0.1 m to the right of where the right foot is aimed.
    firm = round((HALF_WIDTH_M + 0.15) / CELL_M)
    for chunk_index in range(8):
        chunk = trail.chunk(chunk_index)
        chunk.surface[:, :] = Surface.MUD
        chunk.surface[:, firm - 2 : firm + 3] = Surface.DIRT
    run = new_run(trail)
    run.submit(SteerLane(0, 0))
    ticks(run, 3 * TICK_HZ)
    right = [f for f in run.state.queue[1:] if f.foot == "R"]
    assert right
    aimed = trail.footing(right[0].s_m, FOOT_OFFSET_M, run.shoe)
    for foothold in right:
        assert abs(foothold.x_m - FOOT_OFFSET_M) <= SNAP_ACROSS_M
        footing = trail.footing(foothold.s_m, foothold.x_m, run.shoe)
        assert footing.grip > aimed.grip  # all on the firm strip, not half in the mud


def test_letting_go_of_the_lane_leaves_the_rest_of_the_way_blind():
    run = new_run(flat_trail())
    run.submit(SteerLane(0, 0))
    run.submit(SteerStop(TICK_HZ))
    steps = landed(run, 6.0)
    assert steps[-1].judgement == "blind"
    assert any(s.judgement == "planned" for s in steps)


def test_only_deliberate_inputs_count_as_actions():
    run = new_run(flat_trail())
    run.submit(SteerLane(0, 0))
    for tick in range(1, 200):
        run.submit(Steer(tick, 4.0, 0.001 * tick))
    run.submit(SteerStop(200))
    run.submit(Stride(201, "short"))
    run.submit(Stride(240, "natural"))
    run.submit(Gaze(241, 0.5))
    ticks(run, 300)
    assert run.actions == 3  # the lane key, Ctrl, the gaze key
    assert run.result().actions == 3


def test_a_steered_run_is_the_same_byte_for_byte_and_round_trips_its_log():
    def play():
        run = Run(find_level("root-run"), 11)
        run.submit(SteerLane(0, -1))
        run.submit(Steer(300, 4.2, 0.2))
        run.submit(Pin(400, 16.0, -0.1))
        run.submit(Stride(500, "short"))
        while not run.done and run.tick < 2400:
            run.advance(until_tick=2400)
        return run

    first, second = play(), play()
    assert first.result().to_text() == second.result().to_text()
    records = json.loads(json.dumps([to_record(c) for c in first.log]))
    assert [from_record(r) for r in records] == first.log


def test_the_line_remembers_when_and_from_where_each_row_was_painted():
    line = PaintedLine()
    changed = line.paint(1.0, 0.0, 2.0, 0.5, Paint(0.0, 7, 0.3, (3.0, 6.0)))
    assert changed == pytest.approx(1.0)
    middle = line.at(1.5)
    assert middle.x_m == pytest.approx(0.25) and middle.tick == 7 and middle.at_s_m == 0.3
    assert line.paint(1.0, 0.0, 2.0, 0.5, Paint(0.0, 9, 0.5, (3.0, 6.0))) == float("inf")
    line.release_before(1.5)
    assert line.at(1.2) is None and line.at(1.8) is not None


steering_commands = st.one_of(
    st.builds(
        Steer,
        st.integers(0, 10**6),
        st.floats(-20, 20, allow_nan=False),
        st.floats(-5, 5, allow_nan=False),
    ),
    st.builds(SteerLane, st.integers(0, 10**6), st.integers(-2, 2)),
    st.builds(SteerStop, st.integers(0, 10**6)),
    st.builds(
        Pin,
        st.integers(0, 10**6),
        st.floats(-1e6, 1e6, allow_nan=False),
        st.floats(-5, 5, allow_nan=False),
    ),
    st.builds(Stride, st.integers(0, 10**6), st.sampled_from(["short", "natural", "long"])),
)


@given(steering_commands)
def test_steering_commands_round_trip_through_their_records(cmd):
    record = json.loads(json.dumps(to_record(cmd)))
    assert from_record(record) == cmd
    assert record[0] in BY_TAG


@given(st.lists(st.one_of(st.none(), st.booleans(), st.text(max_size=3), st.floats())))
def test_a_broken_steering_record_is_a_clear_error(values):
    for tag in ("S", "K", "O", "N", "D"):
        try:
            from_record([tag, *values])
        except ValueError as exc:
            assert str(exc)
        else:
            assert len(values) == len(BY_TAG[tag].__slots__)


def test_is_action_counts_presses_not_releases():
    assert is_action(SteerLane(0, 1)) and is_action(Pin(0, 1.0, 0.0))
    assert not is_action(Steer(0, 4.0, 0.0)) and not is_action(SteerStop(0))
    assert is_action(Stride(0, "long")) and not is_action(Stride(0, "natural"))


def test_steering_on_a_real_level_reaches_the_finish_without_faults_on_easy_ground():
    level = find_level("warm-up")
    run = Run(level, 3)
    run.submit(SteerLane(0, 0))
    while not run.done:
        run.advance()
    result = run.result()
    assert result.finished and result.blind == 0
    assert result.planned > 0.95 * result.steps

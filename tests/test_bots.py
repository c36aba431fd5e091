"""The greedy bot's shortcuts: they save time and never change a choice or a run."""

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from game.levels import find_level
from game.sim.bots import GreedyBot
from game.sim.botspec import BotSpec, parse_bot_spec
from game.sim.driving import make_bot, simulate, start_run
from game.sim.ideal import LANES_X, WINDOW_M, _landings
from game.sim.pricing import (
    LATERAL_CHOICES,
    LENGTH_CHOICES,
    candidate_costs,
    grid_prices,
    ground_costs,
    habit_cost,
    side_costs,
)
from game.sim.rules import SHOES, Surface
from game.sim.run import Run
from game.sim.terrain import CELL_M, CHUNK_M, CHUNK_ROWS, COLS, HALF_WIDTH_M, Chunk
from game.sim.trail import Trail

ROCKY = dataclasses.replace(find_level("rock-garden"), length_m=120.0)


# A greedy choice anywhere on a rock garden: where from, how long a stride, how
# far the band reaches (in strides), which foot.
CHOICES = dict(
    seed=st.integers(0, 2**31 - 1),
    prev_s=st.floats(2.0, 100.0),
    prev_x=st.floats(-1.2, 1.2),
    habit=st.floats(0.55, 1.3),
    reach=st.floats(0.5, 2.0),
    foot=st.sampled_from(["L", "R"]),
)


def candidates(run: Run, prev_s: float, prev_x: float, habit: float, far: float):
    """The greedy bot's grid: the lengths that land inside the band, by sideways shifts."""
    lengths = np.clip(habit * LENGTH_CHOICES, run.rules.min_step_m, run.rules.max_step_m)
    s = prev_s + lengths
    return s[s <= far], prev_x + LATERAL_CHOICES


def full_prices(run: Run, prev_s: float, prev_x: float, s, x, habit: float, foot: str):
    """Every candidate priced through the model's own functions, swing and all."""
    cost, needs = candidate_costs(
        run.trail,
        run.rules,
        run.shoe,
        prev_s,
        prev_x,
        s[:, None],
        x,
        run.state.target_mps,
        habit,
        foot=foot,
    )
    return (cost * habit / (s - prev_s)[:, None]).ravel(), needs.ravel()


def assert_cheapest(run: Run, bot: GreedyBot, prev_s, prev_x, habit, far, foot) -> bool:
    """The bot's choice costs what the cheapest candidate costs, priced in full."""
    s, x = candidates(run, prev_s, prev_x, habit, far)
    best, needs = bot._cheapest(run, prev_s, prev_x, s.tolist(), x.tolist(), habit, foot)
    prices, full_needs = full_prices(run, prev_s, prev_x, s, x, habit, foot)
    assert prices[best] == pytest.approx(prices.min(), rel=1e-6, abs=1e-9)
    assert needs == bool(full_needs[best])
    return needs


@settings(max_examples=40, deadline=None)
@given(**CHOICES, stride=st.sampled_from(["short", "natural", "long"]))
def test_the_greedy_prices_are_the_models_to_rounding(
    seed, prev_s, prev_x, habit, reach, foot, stride
):
    run = Run(ROCKY, seed)
    s, x = candidates(run, prev_s, prev_x, habit, prev_s + reach * habit)
    assume(len(s))
    trail, rules, shoe = run.trail, run.rules, run.shoe
    sides, v = side_costs(rules, foot), run.state.target_mps
    grid = s.tolist(), x.tolist()
    quick = grid_prices(trail, rules, shoe, prev_s, prev_x, *grid, habit, sides, v, stride)
    ground, step = ground_costs(trail, rules, shoe, prev_s, prev_x, s[:, None], x, 0.0, foot, v)
    expected = (ground + habit_cost(step, habit, stride)) * habit / step
    # Heights are single precision, and so is the unevenness term either way.
    np.testing.assert_allclose(quick, expected, rtol=1e-6, atol=1e-9)


@settings(max_examples=40, deadline=None)
@given(**CHOICES)
def test_the_greedy_choice_equals_pricing_every_swing(seed, prev_s, prev_x, habit, reach, foot):
    run = Run(ROCKY, seed)
    far = prev_s + reach * habit
    assume(len(candidates(run, prev_s, prev_x, habit, far)[0]))
    bot = GreedyBot(BotSpec(), run)
    assert_cheapest(run, bot, prev_s, prev_x, habit, far, foot)


def test_the_sweep_meets_both_ways_of_choosing_and_they_agree():
    """Along a rock garden: mostly the cheapest ground wins outright; sometimes its
    swing needs a lift and every swing is priced. Both must match the full choice."""
    run = Run(ROCKY, 3)
    bot = GreedyBot(BotSpec(), run)
    lifted = 0
    for i, prev_s in enumerate(np.arange(2.0, 110.0, 0.37)):
        prev_x, habit, foot = 0.5 * np.sin(i), 0.8 + 0.2 * np.cos(i), "LR"[i % 2]
        lifted += assert_cheapest(run, bot, prev_s, prev_x, habit, prev_s + 1.5 * habit, foot)
    assert 5 <= lifted < i / 2


def test_a_band_shorter_than_any_step_sends_the_bot_straight_on_unread():
    """At a crawl the shortest step may land beyond the band's far edge: the bot
    cannot have seen it, so it steps straight ahead, however the ground lies."""
    run = Run(ROCKY, 4)
    bot = GreedyBot(BotSpec(0.2, 0.5), run)
    run.state.s_m = 20.0
    prev_s, prev_x = 20.3, 0.4  # the band ends at 20.5; no step is shorter than 0.3 m
    assert bot.choose(run, prev_s, prev_x, 0.2, "L") == (20.6, 0.4)
    # With the band reaching it, the same step is read and priced.
    run.state.s_m = 20.1
    s, _ = bot.choose(run, prev_s, prev_x, 0.2, "L")
    assert s == 20.6


def step_every_tick(run: Run, bot) -> Run:
    """The plain loop: the bot asked after each tick that had something to say."""
    while not run.done:
        for cmd in bot.commands(run):
            run.submit(cmd)
        while not run.step() and run.state.s_m < bot.wake_s and not run.done:
            pass
    return run


def test_coasting_through_quiet_ticks_gives_the_same_run_as_stepping_each_one():
    # The second runner falls: getting up coasts too. The third charges, brakes
    # and lifts on every step until it is empty: its energy balance, the push
    # it can no longer pay for, coast too.
    falling = BotSpec(0.75, 1.5, "long", 0.5)
    charging = parse_bot_spec("pace=4,brake=0.5,lift=always")
    skyline = dataclasses.replace(find_level("skyline-test"), length_m=350.0)
    for level, spec, seed, falls in (
        (ROCKY, BotSpec(), 7, False),
        (ROCKY, falling, 3, True),
        (skyline, charging, 301, False),
    ):
        quick = simulate(level, seed, spec)
        assert (quick.state.falls > 0) == falls
        if spec is charging:
            assert quick.state.energy < 0.01
        plain = start_run(level, seed, spec)
        step_every_tick(plain, make_bot(spec, plain))
        assert quick.result().to_text() == plain.result().to_text()
        assert quick.events == plain.events
        assert quick.tick == plain.tick and quick.state == plain.state


def test_the_ideal_line_keeps_each_foot_on_its_own_side_past_its_first_stretch():
    """The line is planned 250 m at a time; each stretch must carry on with the
    feet the last one ended with, or every sideways shift becomes a crossover."""
    level = find_level("root-run")
    assert level.length_m > WINDOW_M
    for seed in (1, 3):  # seeds whose second stretch used to start on the wrong foot
        run = simulate(level, seed, BotSpec(plan="ideal"))
        # Past the first stretch, a scattered foot now and then: a stretch begun
        # on the wrong foot crosses over on every sideways shift, dozens in 200 m.
        crossings = [e.s_m for e in run.steps if "crossover" in e.reasons and e.s_m > WINDOW_M]
        assert len(crossings) <= 6, crossings[:8]
        assert run.finished


def test_the_ideal_line_prices_a_foothold_beside_a_rock_above_one_in_the_clear():
    """A foot comes down a centimetre or two off its mark: a foothold one cell
    from a rock edge risks it, one in the clear does not."""
    level = dataclasses.replace(find_level("warm-up"), length_m=20.0)
    blank = np.zeros((CHUNK_ROWS, COLS), np.float32)
    chunks = [
        Chunk(
            i,
            i * CHUNK_M,
            blank.copy(),
            np.zeros((CHUNK_ROWS, COLS), np.uint8),
            np.zeros((CHUNK_ROWS, COLS), np.uint8),
            np.zeros(CHUNK_ROWS, np.float32),
            np.full(CHUNK_ROWS, 1.2, np.float32),
            np.zeros(CHUNK_ROWS, np.float32),
        )
        for i in range(3)
    ]
    # A rock edge along the column just right of the centre lane's footprint.
    centre_col = round(HALF_WIDTH_M / CELL_M)
    chunks[0].height_m[:, centre_col + 1] = 0.12
    chunks[0].surface[:, centre_col + 1] = Surface.DRY_ROCK
    trail = Trail.from_chunks(level, chunks)
    rows_s = np.arange(2.0, 8.0, 0.1)
    cost, *_ = _landings(trail, level.rules, SHOES["trail"], rows_s, 3.0, 1.0)
    lane = {x: i for i, x in enumerate(LANES_X.tolist())}
    beside, clear, on = cost[:, lane[0.0]], cost[:, lane[-0.5]], cost[:, lane[0.1]]
    assert np.all(beside > clear + 0.005)
    assert np.all(on > beside)
    # Without the rock, the same two footholds cost the same.
    chunks[0].height_m[:] = 0.0
    chunks[0].surface[:] = Surface.DIRT
    trail = Trail.from_chunks(level, chunks)
    cost, *_ = _landings(trail, level.rules, SHOES["trail"], rows_s, 3.0, 1.0)
    np.testing.assert_array_equal(cost[:, lane[0.0]], cost[:, lane[-0.5]])

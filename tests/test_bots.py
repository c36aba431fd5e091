"""The greedy bot's shortcuts: they save time and never change a choice or a run."""

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import find_level
from game.sim.bots import (
    LATERAL_CHOICES,
    LENGTH_CHOICES,
    BotSpec,
    GreedyBot,
    candidate_costs,
    make_bot,
    simulate,
    start_run,
)
from game.sim.run import Run

ROCKY = dataclasses.replace(find_level("rock-garden"), length_m=120.0)


def full_choice(run: Run, prev_s: float, prev_x: float, habit: float, far: float, foot: str):
    """The choice with every candidate's swing priced: what the shortcut must match."""
    s = (prev_s + np.clip(habit * LENGTH_CHOICES, run.rules.min_step_m, run.rules.max_step_m))[
        :, None
    ]
    x = prev_x + LATERAL_CHOICES
    cost, needs = candidate_costs(
        run.trail, run.rules, run.shoe, prev_s, prev_x, s, x, run.state.target_mps, habit, foot=foot
    )
    per_metre = np.where(s <= far, cost * habit / (s - prev_s), np.inf)
    best = int(np.argmin(per_metre))
    return best, bool(needs.ravel()[best])


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    prev_s=st.floats(2.0, 100.0),
    prev_x=st.floats(-1.2, 1.2),
    habit=st.floats(0.55, 1.3),
    reach=st.floats(0.5, 2.0),
    foot=st.sampled_from(["L", "R"]),
)
def test_the_greedy_choice_equals_pricing_every_swing(seed, prev_s, prev_x, habit, reach, foot):
    run = Run(ROCKY, seed)
    bot = GreedyBot(BotSpec(), run)
    far = prev_s + reach * habit
    s = (prev_s + np.clip(habit * LENGTH_CHOICES, run.rules.min_step_m, run.rules.max_step_m))[
        :, None
    ]
    x = prev_x + LATERAL_CHOICES
    quick = bot._cheapest(run, prev_s, prev_x, s, x, habit, far, foot)
    assert quick == full_choice(run, prev_s, prev_x, habit, far, foot)


def test_the_sweep_meets_both_ways_of_choosing_and_they_agree():
    """Along a rock garden: mostly the cheapest ground wins outright; sometimes its
    swing needs a lift and every swing is priced. Both must match the full choice."""
    run = Run(ROCKY, 3)
    bot = GreedyBot(BotSpec(), run)
    lifted = 0
    for i, prev_s in enumerate(np.arange(2.0, 110.0, 0.37)):
        prev_x, habit, foot = 0.5 * np.sin(i), 0.8 + 0.2 * np.cos(i), "LR"[i % 2]
        far = prev_s + 1.5 * habit
        s = (prev_s + np.clip(habit * LENGTH_CHOICES, 0.3, 1.6))[:, None]
        x = prev_x + LATERAL_CHOICES
        quick = bot._cheapest(run, prev_s, prev_x, s, x, habit, far, foot)
        assert quick == full_choice(run, prev_s, prev_x, habit, far, foot)
        lifted += quick[1]
    assert 5 <= lifted < i / 2


def step_every_tick(run: Run, bot) -> Run:
    """The plain loop: the bot asked after each tick that had something to say."""
    while not run.done:
        for cmd in bot.commands(run):
            run.submit(cmd)
        while not run.step() and run.state.s_m < bot.wake_s and not run.done:
            pass
    return run


def test_coasting_through_quiet_ticks_gives_the_same_run_as_stepping_each_one():
    for spec in (BotSpec(), BotSpec(1.0, 2.0, "long", 0.8)):
        quick = simulate(ROCKY, 7, spec)
        plain = start_run(ROCKY, 7, spec)
        step_every_tick(plain, make_bot(spec, plain))
        assert quick.result().to_text() == plain.result().to_text()
        assert quick.events == plain.events
        assert quick.tick == plain.tick and quick.state == plain.state

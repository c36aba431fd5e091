"""A run with a bot at the controls: the bot its spec asks for, the run set up for
it, and the loop that hands the bot's commands to the run until the end."""

from __future__ import annotations

from game.sim.bots import GreedyBot, LaneBot
from game.sim.botspec import BotSpec
from game.sim.ideal import IdealBot
from game.sim.run import Run
from game.sim.spec import LevelSpec


def make_bot(spec: BotSpec, run: Run):
    if spec.line == "lane":
        return LaneBot(spec, run)
    if spec.plan == "ideal":
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

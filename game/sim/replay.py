"""A replay: a run's level, seed, shoe and command log, with its recorded result.

A run is its inputs, so playing the log again on the same level gives the same
run, byte for byte. The replay records everything the run depended on, as
data: the gaze band the run started with, the goal distance (on an endless
trail only; a fixed-length level's length comes from the level), the training
speed, the rules version it was made under. Reading and checking replay files,
and finding their levels, is `game.replays`' job.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from game.sim.botspec import BotSpecError, parse_bot_spec
from game.sim.commands import Command, to_record
from game.sim.rules import RULES_VERSION
from game.sim.run import Run
from game.sim.spec import LevelSpec
from game.sim.trail import Trail

FORMAT = "trailread-replay"
# 2: the band and the training speed are recorded; version 1 files still load.
VERSION = 2


class ReplayError(Exception):
    """A replay file that can't be read: garbage, truncated, the wrong shape."""


@dataclass(frozen=True, slots=True)
class Replay:
    level_id: str
    level_hash: str
    rules_version: int
    seed: int
    shoe: str
    who_key: str
    who: str
    commands: tuple[Command, ...]
    result: dict
    ticks: int  # how long the run lasted: a player may stop before the end
    distance_m: float | None = None  # the goal on an endless trail
    band: tuple[float, float] | None = None  # the gaze band at the start (None: the level's)
    speed: float = 1.0  # the training speed; below 1 the run is practice
    version: int = VERSION

    def to_json(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "level": self.level_id,
            "level_hash": self.level_hash,
            "rules_version": self.rules_version,
            "seed": self.seed,
            "shoe": self.shoe,
            self.who_key: self.who,
            "ticks": self.ticks,
            "distance_m": self.distance_m,
            "gaze": list(self.band) if self.band is not None else None,
            "speed": self.speed,
            "commands": [to_record(c) for c in self.commands],
            "result": self.result,
        }

    def text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    def sha256(self) -> str:
        return hashlib.sha256(self.text().encode("utf-8")).hexdigest()

    @property
    def older_rules(self) -> bool:
        return self.rules_version != RULES_VERSION


def record_run(run: Run, level_ref: str) -> Replay:
    """The replay of a run that has ended, its level named by `level_ref`."""
    return Replay(
        level_id=level_ref,
        level_hash=run.level.content_hash,
        rules_version=RULES_VERSION,
        seed=run.seed,
        shoe=run.shoe_name,
        who_key=run.who[0],
        who=run.who[1],
        commands=tuple(run.log),
        result=run.result().to_json(),
        ticks=run.tick,
        distance_m=run.goal_m if run.level.endless else None,
        band=tuple(run.band),
        speed=run.speed,
    )


def start_band(replay: Replay, level: LevelSpec) -> tuple[float, float] | None:
    """The band the run started with: recorded as data (version 2); in a version 1
    file a bot's band was only in its label, a player's was the level's."""
    if replay.band is not None or replay.who_key != "bot":
        return replay.band
    try:
        spec = parse_bot_spec(replay.who)
    except BotSpecError as exc:
        raise ReplayError(f"bot: {exc}") from None
    return spec.gaze_near_m, spec.gaze_far_m


def play_back(replay: Replay, level: LevelSpec, trail: Trail | None = None) -> Run:
    """Run the replay's command log again from the start and return the finished run
    (on `trail` if given: the replay's trail, already generated)."""
    if replay.shoe not in level.shoes:
        raise ReplayError(f"shoe: {replay.shoe!r} is not allowed here ({', '.join(level.shoes)})")
    run = Run(
        level,
        replay.seed,
        replay.shoe,
        who=(replay.who_key, replay.who),
        # A fixed-length level is as long as the level says, whatever the file claims.
        distance_m=replay.distance_m if level.endless else None,
        gaze=start_band(replay, level),
        trail=trail,
    )
    run.note_speed(replay.speed)
    for cmd in replay.commands:
        run.submit(cmd)
    while not run.done and run.tick < replay.ticks:
        run.advance(until_tick=replay.ticks)
    if not run.done:
        run.stop("stopped")
    return run


def older_rules_note(replay: Replay) -> str:
    """One line for a replay made under other rules, or ''."""
    if not replay.older_rules:
        return ""
    when = "older" if replay.rules_version < RULES_VERSION else "newer"
    return (
        f"made under {when} rules (version {replay.rules_version}; this game plays "
        f"version {RULES_VERSION}), so the run may not play out as it did"
    )

"""The replay file: a run's level, seed, shoe and command log, with its recorded result.

A replay is JSON (never pickle: players hand these around). It names the level
by id and by a hash of the level file's content, and the rules version, so a
replay of a level or rules that have changed since refuses to verify instead of
silently scoring something else.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from game.levels import LevelErrors, LevelSpec, find_level
from game.paths import levels_dir
from game.sim.commands import Command, from_record, to_record
from game.sim.rules import RULES_VERSION
from game.sim.run import Run

FORMAT = "trailread-replay"
VERSION = 1
MAX_REPLAY_BYTES = 16 * 1024 * 1024


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
            "commands": [to_record(c) for c in self.commands],
            "result": self.result,
        }

    def text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":"))

    def sha256(self) -> str:
        return hashlib.sha256(self.text().encode("utf-8")).hexdigest()


def level_reference(level: LevelSpec) -> str:
    """A shipped level by its id; any other level file by its path."""
    path = Path(level.path) if level.path else None
    if path is None or path.resolve().parent == levels_dir().resolve():
        return level.id
    return str(path)


def from_run(run: Run) -> Replay:
    """The replay of a run that has ended."""
    return Replay(
        level_id=level_reference(run.level),
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
    )


def write_replay(path: str | Path, replay: Replay) -> None:
    Path(path).write_text(replay.text() + "\n", encoding="utf-8")


def parse_replay(text: str) -> Replay:
    """Check the shape of a replay document; raises ReplayError naming the problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplayError(f"not a replay (bad JSON at line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError("not a Trailread replay")
    if data.get("version") != VERSION:
        raise ReplayError(f"replay version {data.get('version')!r} is not supported")
    who_key = "player" if "player" in data else "bot"
    fields = {
        "level": str,
        "level_hash": str,
        "rules_version": int,
        "seed": int,
        "shoe": str,
        "ticks": int,
        who_key: str,
        "commands": list,
        "result": dict,
    }
    for name, kind in fields.items():
        value = data.get(name)
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ReplayError(f"{name}: missing or not {kind.__name__}")
    distance = data.get("distance_m")
    if distance is not None and (
        isinstance(distance, bool) or not isinstance(distance, int | float)
    ):
        raise ReplayError("distance_m: not a number")
    commands = []
    for i, record in enumerate(data["commands"]):
        try:
            commands.append(from_record(record))
        except (ValueError, TypeError) as exc:
            raise ReplayError(f"commands[{i}]: {exc}") from None
    if data["ticks"] < 0 or (commands and commands[-1].tick > data["ticks"]):
        raise ReplayError("ticks: the run ends before its last command")
    if any(b.tick < a.tick for a, b in itertools.pairwise(commands)):
        raise ReplayError("commands: ticks go backwards")
    return Replay(
        level_id=data["level"],
        level_hash=data["level_hash"],
        rules_version=data["rules_version"],
        seed=data["seed"],
        shoe=data["shoe"],
        who_key=who_key,
        who=data[who_key],
        commands=tuple(commands),
        result=data["result"],
        ticks=data["ticks"],
        distance_m=distance,
    )


def read_replay(path: str | Path) -> Replay:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ReplayError(exc.strerror or "cannot be read") from None
    if len(raw) > MAX_REPLAY_BYTES:
        raise ReplayError("too large for a replay")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReplayError("not a replay (not UTF-8 text)") from None
    return parse_replay(text)


def level_of(replay: Replay) -> LevelSpec:
    try:
        return find_level(replay.level_id)
    except LevelErrors as exc:
        raise ReplayError(f"level: {exc.errors[0].message}") from None


def play_back(replay: Replay, level: LevelSpec | None = None) -> Run:
    """Run the replay's command log again from the start and return the finished run."""
    level = level or level_of(replay)
    try:
        run = Run(
            level,
            replay.seed,
            replay.shoe,
            who=(replay.who_key, replay.who),
            distance_m=replay.distance_m,
            gaze=start_gaze(replay, level),
        )
    except ValueError as exc:
        raise ReplayError(f"shoe: {exc}") from None
    for cmd in replay.commands:
        run.submit(cmd)
    while not run.done and run.tick < replay.ticks:
        run.advance(until_tick=replay.ticks)
    if not run.done:
        run.stop("stopped")
    return run


def start_gaze(replay: Replay, level: LevelSpec):
    """A bot's run starts with the bot's band; a player's with the level's."""
    if replay.who_key != "bot":
        return None
    from game.sim.bots import BotSpecError, parse_bot_spec

    try:
        spec = parse_bot_spec(replay.who)
    except BotSpecError as exc:
        raise ReplayError(f"bot: {exc}") from None
    return spec.gaze_near_m, spec.gaze_far_m


def verify(replay: Replay) -> tuple[bool, str, Run | None]:
    """(holds, message, run): does playing the log again give the recorded result?"""
    level = level_of(replay)
    if replay.level_hash != level.content_hash:
        return False, f"the level {level.id!r} has changed since this run", None
    if replay.rules_version != RULES_VERSION:
        return False, "the game's rules have changed since this run", None
    run = play_back(replay, level)
    if run.result().to_json() != replay.result:
        return False, "the recorded result does not match the replayed run", run
    return True, "verified", run

"""The replay file: a run's level, seed, shoe and command log, with its recorded result.

A replay is JSON (never pickle: players hand these around). It names the level
by id and by a hash of the level file's content, and the rules version, so a
replay of a level or rules that have changed since refuses to verify instead of
silently scoring something else.

A replay records everything the run depended on, as data: the gaze band the
run started with, the goal distance (on an endless trail only; a fixed-length
level's length comes from the level), the training speed. Verification
recomputes the run from these and checks them against the level: a bot's band
must lie within what the level's light shows. Every number from the file is
range-checked before it is used, so a small file can't ask for a run of a
billion metres.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from game.files import FileProblem, read_capped
from game.levels import LENGTH_RANGE_M, LevelErrors, LevelSpec, find_level
from game.paths import levels_dir
from game.sim.commands import Command, from_record, to_record
from game.sim.rules import MAX_RUN_S, RULES_VERSION, TICK_HZ
from game.sim.run import Run
from game.sim.trail import Trail

FORMAT = "trailread-replay"
# 2: the band and the training speed are recorded; version 1 files still load.
VERSION = 2
READABLE_VERSIONS = (1, 2)
MAX_REPLAY_BYTES = 16 * 1024 * 1024
# Caps on what a replay may ask for: an endless run as long as the longest
# level, no longer than any run may last, one command per tick at most.
MIN_DISTANCE_M, MAX_DISTANCE_M = LENGTH_RANGE_M
MAX_TICKS = int(MAX_RUN_S * TICK_HZ)
MAX_SEED = 2**31 - 1
MAX_NAME_CHARS = 200
SPEED_RANGE = (0.1, 4.0)
GAZE_RANGE_M = (0.2, 15.0)


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
        band=tuple(run.band),
        speed=run.speed,
    )


def write_replay(path: str | Path, replay: Replay) -> None:
    Path(path).write_text(replay.text() + "\n", encoding="utf-8")


def _load_json(text: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReplayError(f"not a replay (bad JSON at line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise ReplayError("not a replay (JSON nested too deeply)") from None
    except ValueError as exc:  # an integer of thousands of digits
        raise ReplayError(f"not a replay ({str(exc).split(';')[0]})") from None


def _integer(data: dict, name: str, lo: int, hi: int) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReplayError(f"{name}: missing or not a whole number")
    if not lo <= value <= hi:
        raise ReplayError(f"{name}: out of range ({lo} to {hi:,})")
    return value


def _real(value, name: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ReplayError(f"{name}: not a number")
    if not lo <= value <= hi:  # False for nan; compares ints of any length exactly
        raise ReplayError(f"{name}: out of range ({lo:g} to {hi:,g})")
    return float(value)


def _text(data: dict, name: str, max_chars: int) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise ReplayError(f"{name}: missing or not text")
    if len(value) > max_chars:
        raise ReplayError(f"{name}: too long ({len(value):,} characters, at most {max_chars})")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ReplayError(f"{name}: not valid text (a lone surrogate)") from None
    return value


def _band(data: dict) -> tuple[float, float] | None:
    value = data.get("gaze")
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ReplayError("gaze: not a [near, far] pair of metres")
    near, far = (_real(v, "gaze", *GAZE_RANGE_M) for v in value)
    if near >= far:
        raise ReplayError("gaze: near must be nearer than far")
    return near, far


def _commands(records) -> list[Command]:
    if not isinstance(records, list):
        raise ReplayError("commands: missing or not a list")
    if len(records) > MAX_TICKS:
        raise ReplayError("commands: more than one a tick")
    commands = []
    for i, record in enumerate(records):
        try:
            commands.append(from_record(record))
        except (ValueError, TypeError, RecursionError) as exc:
            raise ReplayError(f"commands[{i}]: {exc}") from None
    return commands


def parse_replay(text: str) -> Replay:
    """Check the shape of a replay document; raises ReplayError naming the problem."""
    data = _load_json(text)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReplayError("not a Trailread replay")
    version = data.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise ReplayError(f"replay version {str(version)[:20]} is not supported")
    who_key = "player" if "player" in data else "bot"
    level = _text(data, "level", 4096)
    level_hash = _text(data, "level_hash", 128)
    who = _text(data, who_key, MAX_NAME_CHARS)
    shoe = _text(data, "shoe", 40)
    rules_version = _integer(data, "rules_version", 1, 1_000_000)
    seed = _integer(data, "seed", 0, MAX_SEED)
    ticks = _integer(data, "ticks", 0, MAX_TICKS)
    distance = data.get("distance_m")
    if distance is not None:
        distance = _real(distance, "distance_m", MIN_DISTANCE_M, MAX_DISTANCE_M)
    speed = _real(data.get("speed", 1.0), "speed", *SPEED_RANGE)
    band = _band(data) if version >= 2 else None
    if not isinstance(data.get("result"), dict):
        raise ReplayError("result: missing or not an object")
    commands = _commands(data.get("commands"))
    if commands and commands[-1].tick > ticks:
        raise ReplayError("ticks: the run ends before its last command")
    if any(b.tick < a.tick for a, b in itertools.pairwise(commands)):
        raise ReplayError("commands: ticks go backwards")
    return Replay(
        level_id=level,
        level_hash=level_hash,
        rules_version=rules_version,
        seed=seed,
        shoe=shoe,
        who_key=who_key,
        who=who,
        commands=tuple(commands),
        result=data["result"],
        ticks=ticks,
        distance_m=distance,
        band=band,
        speed=speed,
        version=version,
    )


def read_replay(path: str | Path) -> Replay:
    try:
        raw = read_capped(path, MAX_REPLAY_BYTES)
    except FileProblem as exc:
        raise ReplayError(str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ReplayError("not a replay (not UTF-8 text)") from None
    return parse_replay(text)


def level_of(replay: Replay) -> LevelSpec:
    try:
        return find_level(replay.level_id)
    except LevelErrors as exc:
        first = exc.errors[0]
        raise ReplayError(f"level: {first.field}: {first.message}") from None


def start_band(replay: Replay, level: LevelSpec) -> tuple[float, float] | None:
    """The band the run started with: recorded as data (version 2); in a version 1
    file a bot's band was only in its label, a player's was the level's."""
    if replay.band is not None or replay.who_key != "bot":
        return replay.band
    from game.sim.botspec import BotSpecError, parse_bot_spec

    try:
        spec = parse_bot_spec(replay.who)
    except BotSpecError as exc:
        raise ReplayError(f"bot: {exc}") from None
    return spec.gaze_near_m, spec.gaze_far_m


def band_problem(replay: Replay, level: LevelSpec) -> str:
    """Why the recorded band can't be right on this level, or '' if it can.

    No run sees past the level's light (`gaze.max_far_m`) or nearer than its
    `gaze.min_near_m`, whoever is running.
    """
    band = start_band(replay, level)
    if band is None:
        return ""
    lo, hi = level.gaze.min_near_m, level.gaze.max_far_m
    if band[0] < lo - 1e-9 or band[1] > hi + 1e-9:
        return (
            f"its gaze band {band[0]:g}-{band[1]:g} m reaches past what the level shows "
            f"({lo:g}-{hi:g} m)"
        )
    return ""


def play_back(replay: Replay, level: LevelSpec | None = None, trail: Trail | None = None) -> Run:
    """Run the replay's command log again from the start and return the finished run
    (on `trail` if given: the replay's trail, already generated)."""
    level = level or level_of(replay)
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


def same_result(replayed: dict, recorded: dict) -> bool:
    """Whether the recorded result is the replayed one, compared as JSON text: a file
    can hold anything JSON can (lists, 400-digit integers), which `==` against the
    run's numbers would choke on."""
    try:
        text = json.dumps(recorded, sort_keys=True)
    except (ValueError, RecursionError):
        return False
    return text == json.dumps(replayed, sort_keys=True)


def verify(replay: Replay) -> tuple[bool, str, Run | None]:
    """(holds, message, run): does playing the log again give the recorded result?"""
    level = level_of(replay)
    if replay.level_hash != level.content_hash:
        return False, f"the level {level.id!r} has changed since this run", None
    if replay.older_rules:
        return False, f"it was {older_rules_note(replay)}; it can't be verified", None
    problem = band_problem(replay, level)
    if problem:
        return False, problem, None
    if level.endless and replay.distance_m is None:
        return False, "an endless run must record its distance", None
    run = play_back(replay, level)
    if not same_result(run.result().to_json(), replay.result):
        return False, "the recorded result does not match the replayed run", run
    return True, "verified", run

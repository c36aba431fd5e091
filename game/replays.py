"""Replay files: reading, checking and writing them, finding their levels, verifying them.

A replay is JSON (never pickle: players hand these around). It names the level
by id and by a hash of the level file's content, and the rules version, so a
replay of a level or rules that have changed since refuses to verify instead of
silently scoring something else.

Verification recomputes the run from the file and checks what it recorded
against the level: a bot's band must lie within what the level's light shows.
Every number from the file is range-checked before it is used, so a small file
can't ask for a run of a billion metres.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

from game.files import FileProblem, read_capped
from game.levels import LENGTH_RANGE_M, LevelErrors, LevelSpec, find_level
from game.paths import levels_dir
from game.sim.commands import Command, from_record
from game.sim.replay import (
    FORMAT,
    Replay,
    ReplayError,
    older_rules_note,
    play_back,
    record_run,
    start_band,
)
from game.sim.rules import MAX_RUN_S, TICK_HZ
from game.sim.run import Run

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


def level_reference(level: LevelSpec) -> str:
    """A shipped level by its id; any other level file by its path."""
    path = Path(level.path) if level.path else None
    if path is None or path.resolve().parent == levels_dir().resolve():
        return level.id
    return str(path)


def from_run(run: Run) -> Replay:
    """The replay of a run that has ended."""
    return record_run(run, level_reference(run.level))


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

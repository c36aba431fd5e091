"""Tick-stamped input commands: a run is its level, seed, shoe and command log.

The player's devices and the bots speak the same commands, so replays, ghosts
and score verification are one mechanism: play the log again.
"""

from __future__ import annotations

from dataclasses import dataclass

STRIDES = ("short", "natural", "long")
LANE_WIDTH_M = 0.25
LANES = range(-2, 3)


@dataclass(frozen=True, slots=True)
class Place:
    """Queue the next foothold at trail coordinates (s along, x across)."""

    tick: int
    s_m: float
    x_m: float


@dataclass(frozen=True, slots=True)
class PlaceLane:
    """Queue the next foothold in a lane, one stride after the last queued one."""

    tick: int
    lane: int
    stride: str = "natural"


@dataclass(frozen=True, slots=True)
class Steer:
    """The pointer rests `ahead_m` ahead of the runner and `across_m` from the middle
    of the view: it paints the line under it. (Across the view, not across the
    trail: a pointer held still keeps painting where it is while the trail bends.)"""

    tick: int
    ahead_m: float
    across_m: float


@dataclass(frozen=True, slots=True)
class SteerLane:
    """A lane key held down: the line follows that lane, painted in the gaze band."""

    tick: int
    lane: int


@dataclass(frozen=True, slots=True)
class SteerStop:
    """The pointer left the trail, or the lane key came up: the line is no longer painted."""

    tick: int


@dataclass(frozen=True, slots=True)
class Pin:
    """Put one foot exactly at (s, x); the steps before it stretch or shorten to land there."""

    tick: int
    s_m: float
    x_m: float


@dataclass(frozen=True, slots=True)
class Stride:
    """Lay the steered footholds at a short, natural or long stride (Ctrl, nothing, Shift)."""

    tick: int
    stride: str


@dataclass(frozen=True, slots=True)
class Pace:
    """Raise (+1) or lower (-1) the wanted pace by one step."""

    tick: int
    delta: int


@dataclass(frozen=True, slots=True)
class Brake:
    """Brake with this strength, 0 (released) to 1 (digging the heels in)."""

    tick: int
    amount: float


@dataclass(frozen=True, slots=True)
class Lift:
    """Drive the knees up (on) or run with an easy swing (off)."""

    tick: int
    on: bool


@dataclass(frozen=True, slots=True)
class Gaze:
    """Move the gaze band further ahead (+) or nearer (-), in metres."""

    tick: int
    delta_m: float


Command = (
    Place | PlaceLane | Steer | SteerLane | SteerStop | Pin | Stride | Pace | Brake | Lift | Gaze
)

# Compact, stable tags for the replay file.
TAGS: dict[type, str] = {
    Place: "P",
    PlaceLane: "L",
    Steer: "S",
    SteerLane: "K",
    SteerStop: "O",
    Pin: "N",
    Stride: "D",
    Pace: "V",
    Brake: "B",
    Lift: "U",
    Gaze: "G",
}
BY_TAG = {tag: cls for cls, tag in TAGS.items()}


def to_record(cmd: Command) -> list:
    """A command as a JSON-ready list: [tag, tick, args...]."""
    values = [getattr(cmd, name) for name in cmd.__slots__]
    return [TAGS[type(cmd)], *values]


def from_record(record) -> Command:
    """The inverse of `to_record`; raises ValueError naming what is wrong."""
    if not isinstance(record, list) or not record or record[0] not in BY_TAG:
        raise ValueError(f"not a command: {str(record)[:40]}")
    cls = BY_TAG[record[0]]
    names = cls.__slots__
    if len(record) != len(names) + 1:
        raise ValueError(f"command {record[0]} needs {len(names)} values")
    tick, *args = record[1:]
    if isinstance(tick, bool) or not isinstance(tick, int) or tick < 0:
        raise ValueError(f"command {record[0]} has a bad tick {tick!r}")
    return cls(
        tick, *(_check_arg(cls, name, value) for name, value in zip(names[1:], args, strict=True))
    )


def _check_arg(cls, name: str, value):
    if cls in (PlaceLane, SteerLane) and name == "lane":
        if isinstance(value, bool) or value not in LANES:
            raise ValueError(f"lane {value!r} is not one of -2..2")
    elif cls in (PlaceLane, Stride) and name == "stride":
        if value not in STRIDES:
            raise ValueError(f"stride {value!r} is not one of {', '.join(STRIDES)}")
    elif cls is Pace and name == "delta":
        if isinstance(value, bool) or value not in (-1, 1):
            raise ValueError(f"pace change {value!r} is not +1 or -1")
    elif cls is Lift:
        if not isinstance(value, bool):
            raise ValueError(f"lift {value!r} is not true or false")
    elif isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise ValueError(f"{name} {value!r} is not a number")
    elif abs(value) > 1e7:
        raise ValueError(f"{name} {value!r} is out of range")
    return value


def is_action(cmd: Command) -> bool:
    """A deliberate input: a pin, a placement or a key going down. Moving the
    pointer and letting a key up are not (DESIGN.md: a level must be playable
    at about one deliberate action a second)."""
    if isinstance(cmd, Steer | SteerStop):
        return False
    if isinstance(cmd, Stride):
        return cmd.stride != "natural"
    if isinstance(cmd, Brake):
        return cmd.amount > 0.0
    if isinstance(cmd, Lift):
        return cmd.on
    return True

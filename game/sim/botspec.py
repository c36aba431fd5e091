"""A bot's habits, from a spec such as `gaze=3-6,stride=short,lift=never`.

The keys are INTERFACE.md's; `trailread sim --bot`, coach mode and the medal
and science commands all read them here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.sim.commands import LANES

STRIDE_CADENCE = {"short": 6.0, "natural": 0.0, "long": -30.0}  # spm from the usual rhythm


class BotSpecError(ValueError):
    pass


LIFTS = ("auto", "never", "always")
LINES = ("read", "centre", "random", "lane")
SPEC_KEYS = "gaze, stride, brake, plan, pace, lift, step, line, lane"


@dataclass(frozen=True, slots=True)
class BotSpec:
    gaze_near_m: float = 3.0
    gaze_far_m: float = 6.0
    stride: str = "natural"
    brake: float = 0.0
    plan: str = "greedy"
    pace_mps: float | None = None
    lift: str = "auto"  # knee drive when it judges it needed, never, or on every step
    step_m: float | None = None  # a fixed step length instead of a habit
    # Read the trail and choose, run its centre, pick at random, or hold a lane
    # key as a player can: the steering lays the steps, nothing is read.
    line: str = "read"
    lane: int = 0  # which lane key `line=lane` holds

    def label(self) -> str:
        text = (
            f"gaze={self.gaze_near_m:g}-{self.gaze_far_m:g},stride={self.stride},"
            f"brake={self.brake:g},plan={self.plan}"
        )
        text += f",pace={self.pace_mps:g}" if self.pace_mps is not None else ""
        text += f",lift={self.lift}" if self.lift != "auto" else ""
        text += f",step={self.step_m:g}" if self.step_m is not None else ""
        text += f",line={self.line}" if self.line != "read" else ""
        return text + (f",lane={self.lane}" if self.lane else "")


def parse_bot_spec(text: str) -> BotSpec:
    """`gaze=NEAR-FAR,stride=short|natural|long,brake=0..1,plan=greedy|ideal,pace=M/S,
    lift=auto|never|always,step=M,line=read|centre|random|lane,lane=-2..2`."""
    values: dict = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip()
        if not sep:
            raise BotSpecError(f"bot spec: {part!r} is not key=value")
        if key == "gaze":
            near, dash, far = value.partition("-")
            try:
                values["gaze_near_m"], values["gaze_far_m"] = float(near), float(far)
            except ValueError:
                raise BotSpecError(f"bot spec: gaze: {value!r} is not NEAR-FAR in metres") from None
            if not dash or not 0.2 <= values["gaze_near_m"] < values["gaze_far_m"] <= 15.0:
                raise BotSpecError("bot spec: gaze: needs 0.2 <= NEAR < FAR <= 15 metres")
        elif key == "stride":
            values["stride"] = _choice(key, value, tuple(STRIDE_CADENCE))
        elif key == "brake":
            values["brake"] = _number(key, value, 0.0, 1.0)
        elif key == "plan":
            values["plan"] = _choice(key, value, ("greedy", "ideal"))
        elif key == "pace":
            values["pace_mps"] = _number(key, value, 1.5, 6.0)
        elif key == "lift":
            values["lift"] = _choice(key, value, LIFTS)
        elif key == "step":
            values["step_m"] = _number(key, value, 0.3, 1.6)
        elif key == "line":
            values["line"] = _choice(key, value, LINES)
        elif key == "lane":
            values["lane"] = _lane(value)
        else:
            raise BotSpecError(f"bot spec: unknown key {key!r} ({SPEC_KEYS})")
    if values.get("lane") and values.get("line") != "lane":
        raise BotSpecError("bot spec: lane: only with line=lane")
    return BotSpec(**values)


def _lane(value: str) -> int:
    try:
        lane = int(value)
    except ValueError:
        raise BotSpecError(f"bot spec: lane: {value!r} is not a whole number") from None
    if lane not in LANES:
        raise BotSpecError(f"bot spec: lane: must be between {LANES[0]} and {LANES[-1]}")
    return lane


def _choice(key: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BotSpecError(f"bot spec: {key}: must be {', '.join(choices[:-1])} or {choices[-1]}")
    return value


def _number(key: str, value: str, lo: float, hi: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise BotSpecError(f"bot spec: {key}: {value!r} is not a number") from None
    if not lo <= number <= hi or math.isnan(number):
        raise BotSpecError(f"bot spec: {key}: must be between {lo:g} and {hi:g}")
    return number

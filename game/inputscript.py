"""Input scripts: timed input events for the real play screen (INTERFACE.md).

JSON Lines, one event a line, in time order, `t_s` counted from the start
signal of the run: key presses by pygame's key names, pointer moves and
clicks as fractions of the trail view. The human model speaks the same
events, so a script and the model reach the game through one door.
"""

from __future__ import annotations

import json
import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_SCRIPT_BYTES = 16 * 1024 * 1024  # about a day of input at a person's rate
MAX_SCRIPT_S = 24 * 3600.0
KEY_TYPES = ("key_down", "key_up")
POINTER_TYPES = ("mouse_move", "mouse_down", "mouse_up")
BUTTONS = range(1, 6)


class ScriptError(Exception):
    """A broken input script: the message names the file, the line and the field."""


@dataclass(frozen=True, slots=True)
class InputEvent:
    t_s: float
    type: str
    key: str = ""  # key events: pygame's name for the key
    x: float = 0.0  # pointer events: fractions of the trail view, 0,0 its top-left
    y: float = 0.0
    button: int = 1


def read_script(path: str | Path, key_known=lambda name: True) -> list[InputEvent]:
    """The events of an input script; `key_known(name)` says whether a key name exists."""
    path = Path(path)
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ScriptError(f"{path}: not a regular file")
        if info.st_size > MAX_SCRIPT_BYTES:
            raise ScriptError(f"{path}: larger than {MAX_SCRIPT_BYTES // 2**20} MiB")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_SCRIPT_BYTES + 1)
    except OSError as exc:
        raise ScriptError(f"{path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(f"{path}: larger than {MAX_SCRIPT_BYTES // 2**20} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScriptError(f"{path}: not UTF-8 text") from None
    return parse_script(text, str(path), key_known)


def parse_script(text: str, name: str = "script", key_known=lambda n: True) -> list[InputEvent]:
    events: list[InputEvent] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        event = _parse_line(line, where, key_known)
        if events and event.t_s < events[-1].t_s:
            raise ScriptError(f"{where}: t_s: {event.t_s:g} comes before the line above")
        events.append(event)
    return events


def _parse_line(line: str, where: str, key_known) -> InputEvent:
    try:
        data = json.loads(line, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ScriptError(f"{where}: not a JSON object") from None
    if not isinstance(data, dict):
        raise ScriptError(f"{where}: not a JSON object")
    kind = data.get("type")
    if kind not in KEY_TYPES + POINTER_TYPES:
        raise ScriptError(f"{where}: type: {_short(kind)} is not one of {_names()}")
    allowed = {"t_s", "type"} | ({"key"} if kind in KEY_TYPES else {"x", "y", "button"})
    extra = sorted(set(data) - allowed)
    if extra:
        raise ScriptError(f"{where}: {_short(extra[0])}: not a field of a {kind} event")
    t_s = _number(data, "t_s", where, 0.0, MAX_SCRIPT_S)
    if kind in KEY_TYPES:
        key = data.get("key")
        if not isinstance(key, str) or not key or not key_known(key):
            raise ScriptError(f"{where}: key: {_short(key)} is not a key name")
        return InputEvent(t_s, kind, key=key)
    x = _number(data, "x", where, 0.0, 1.0)
    y = _number(data, "y", where, 0.0, 1.0)
    button = data.get("button", 1)
    if kind == "mouse_move":
        button = 1
    elif isinstance(button, bool) or button not in BUTTONS:
        raise ScriptError(f"{where}: button: {_short(button)} is not 1 to 5")
    return InputEvent(t_s, kind, x=x, y=y, button=button)


def _number(data: dict, field: str, where: str, lo: float, hi: float) -> float:
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ScriptError(f"{where}: {field}: {_short(value)} is not a number")
    if not (lo <= value <= hi) or (isinstance(value, float) and not math.isfinite(value)):
        raise ScriptError(f"{where}: {field}: {_short(value)} is not between {lo:g} and {hi:g}")
    return float(value)


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number")


def _short(value) -> str:
    text = repr(value)
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    return text if len(text) <= 40 else text[:37] + "..."


def _names() -> str:
    return ", ".join(KEY_TYPES + POINTER_TYPES)


def to_line(event: InputEvent) -> str:
    """One event as its script line (the inverse of parsing it)."""
    data: dict = {"t_s": round(event.t_s, 4), "type": event.type}
    if event.type in KEY_TYPES:
        data["key"] = event.key
    else:
        data.update(x=round(event.x, 5), y=round(event.y, 5))
        if event.type != "mouse_move":
            data["button"] = event.button
    return json.dumps(data)

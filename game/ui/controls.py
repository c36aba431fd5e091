"""Every input device → simulation commands, through rebindable bindings.

DESIGN.md, "Controls": the pointer (mouse, or the pad's stick) steers the line
where it rests over the trail; a click (or the pad's A) pins one foothold; a
held lane key steers along that lane; Shift / Ctrl held ask for a long or
short stride. The front-end decides no rule: a pin goes to the run wherever
it was clicked, and the run answers with a refusal the view shows.
"""

from __future__ import annotations

import math

import pygame

from game.sim.commands import (
    Brake,
    Command,
    Gaze,
    Lift,
    Pace,
    Pin,
    Steer,
    SteerLane,
    SteerStop,
    Stride,
)

LANE_ACTIONS = {
    "lane_far_left": -2,
    "lane_left": -1,
    "lane_centre": 0,
    "lane_right": 1,
    "lane_far_right": 2,
}
HELD_ACTIONS = (*LANE_ACTIONS, "stride_long", "stride_short", "brake", "lift")
GAZE_STEP_M = 0.5
WHEEL_STEP_M = 0.25
STICK_DEADZONE = 0.25
STICK_REACH_M = 2.0  # a full sideways push aims this far from the middle of the view
STICK_AHEAD_M = (1.0, 7.0)  # pulled right back, pushed right up
PAD_PIN_BUTTON = 0  # A on most pads
PAD_PACE_AXIS, PAD_BRAKE_AXIS = 5, 4  # the right and left triggers
ON_PRESS = {
    "pace_up": lambda tick: Pace(tick, 1),
    "pace_down": lambda tick: Pace(tick, -1),
    "brake": lambda tick: Brake(tick, 1.0),
    "lift": lambda tick: Lift(tick, True),
    "gaze_near": lambda tick: Gaze(tick, -GAZE_STEP_M),
    "gaze_far": lambda tick: Gaze(tick, GAZE_STEP_M),
}
ON_RELEASE = {
    "brake": lambda tick: Brake(tick, 0.0),
    "lift": lambda tick: Lift(tick, False),
}
STRIDE_ACTIONS = ("stride_long", "stride_short")


class Controls:
    """Turns the events of every device into commands; the play scene owns one."""

    def __init__(self, keys: dict[str, str]):
        self.rebind(keys)
        self.pointer: tuple[float, float] | None = None  # screen position, over the trail
        self.held: list[str] = []  # held actions, the latest last
        self.sent: tuple[float, float] | None = None  # the pointer spot last sent: (ahead, across)
        self._stick = [0.0, 0.0]
        self._triggers: dict[int, bool] = {}

    def rebind(self, keys: dict[str, str]) -> None:
        self.by_key: dict[int, str] = {}
        for action, name in keys.items():
            try:
                self.by_key[pygame.key.key_code(name)] = action
            except (ValueError, pygame.error):
                continue

    def action_of(self, event) -> str | None:
        if event.type in (pygame.KEYDOWN, pygame.KEYUP):
            return self.by_key.get(event.key)
        return None

    @property
    def lane_held(self) -> bool:
        return any(action in LANE_ACTIONS for action in self.held)

    # --- events ----------------------------------------------------------------------

    def handle(self, event, tick: int, view, s_cam: float) -> list[Command]:
        """The commands one event asks for; `view` maps the screen to the trail at `s_cam`."""
        kind = event.type
        if kind == pygame.MOUSEMOTION:
            return self._point(event.pos if view.rect.collidepoint(event.pos) else None, tick)
        if kind == pygame.WINDOWLEAVE:
            return self._point(None, tick)
        if kind == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if not view.rect.collidepoint(event.pos):
                return []
            self.pointer = event.pos
            return [self._pin(tick, view, s_cam)]
        if kind == pygame.MOUSEWHEEL and event.y:
            return [Gaze(tick, WHEEL_STEP_M * event.y)]
        if kind == pygame.JOYAXISMOTION:
            return self._pad_axis(event, tick, view, s_cam)
        if kind == pygame.JOYBUTTONDOWN and event.button == PAD_PIN_BUTTON and self.pointer:
            return [self._pin(tick, view, s_cam)]
        action = self.action_of(event)
        if action is None:
            return []
        if kind == pygame.KEYDOWN:
            return self._press(action, tick)
        return self._release(action, tick)

    def flush(self, tick: int, view, s_cam: float) -> list[Command]:
        """Once a frame: where the pointer rests, if it moved, as one steering command."""
        if self.pointer is None or self.lane_held:
            return []
        s, x = view.to_trail(self.pointer, s_cam)
        spot = (round(s - s_cam, 2), round(x + view.trail.centre_at(max(s, 0.0)), 2))
        if spot == self.sent:
            return []
        self.sent = spot
        return [Steer(tick, *spot)]

    def _point(self, pos, tick: int) -> list[Command]:
        was, self.pointer = self.pointer, pos
        if pos is None and was is not None and not self.lane_held:
            self.sent = None
            return [SteerStop(tick)]
        return []

    def _pin(self, tick: int, view, s_cam: float) -> Command:
        s, x = view.to_trail(self.pointer, s_cam)
        return Pin(tick, round(s, 3), round(x, 3))

    def _press(self, action: str, tick: int) -> list[Command]:
        if action in HELD_ACTIONS:
            if action in self.held:
                return []  # a key's auto-repeat: it is still the same press
            self.held.append(action)
        if action in LANE_ACTIONS:
            return [SteerLane(tick, LANE_ACTIONS[action])]
        if action in STRIDE_ACTIONS:
            return [Stride(tick, self.stride)]
        return [ON_PRESS[action](tick)] if action in ON_PRESS else []

    def _release(self, action: str, tick: int) -> list[Command]:
        if action not in self.held:
            return []
        self.held.remove(action)
        if action in LANE_ACTIONS:
            lanes = [a for a in self.held if a in LANE_ACTIONS]
            if lanes:
                return [SteerLane(tick, LANE_ACTIONS[lanes[-1]])]
            self.sent = None  # the pointer takes over again where it rests
            return [] if self.pointer else [SteerStop(tick)]
        if action in STRIDE_ACTIONS:
            return [Stride(tick, self.stride)]
        return [ON_RELEASE[action](tick)] if action in ON_RELEASE else []

    @property
    def stride(self) -> str:
        """The stride the held keys ask for: the key pressed last wins."""
        for action in reversed(self.held):
            if action == "stride_long":
                return "long"
            if action == "stride_short":
                return "short"
        return "natural"

    # --- the pad ---------------------------------------------------------------------

    def _pad_axis(self, event, tick: int, view, s_cam: float) -> list[Command]:
        if event.axis in (PAD_PACE_AXIS, PAD_BRAKE_AXIS):
            return self._trigger(event.axis, event.value, tick)
        if event.axis not in (0, 1):
            return []
        # Past the dead zone the stick's lean maps to a spot: sideways across the
        # trail, forwards from near to far (pushed up is further).
        value = event.value
        lean = math.copysign(max(0.0, abs(value) - STICK_DEADZONE), value)
        self._stick[event.axis] = lean / (1.0 - STICK_DEADZONE)
        across, push = self._stick
        near, far = STICK_AHEAD_M
        ahead = near + (far - near) * (1.0 - push) / 2.0
        x = view.rect.centerx + across * STICK_REACH_M * view.px_per_m
        y = view.screen_y(s_cam + ahead, s_cam)
        self.pointer = (x, min(max(view.rect.top, y), view.rect.bottom - 1))
        return []

    def _trigger(self, axis: int, value: float, tick: int) -> list[Command]:
        """The right trigger paces up a step per press, the left one brakes while held."""
        pressed = value > 0.5
        if self._triggers.get(axis) == pressed:
            return []
        self._triggers[axis] = pressed
        if axis == PAD_PACE_AXIS:
            return [Pace(tick, 1)] if pressed else []
        return [Brake(tick, 1.0 if pressed else 0.0)]


def key_label(name: str) -> str:
    """How a bound key is written on screen: 'a' → 'A', 'left shift' → 'Left Shift'."""
    return name.upper() if len(name) == 1 else name.title()


def key_hints(keys: dict[str, str]) -> list[str]:
    """The controls as the player has bound them, one short line each."""
    k = {action: key_label(name) for action, name in keys.items()}
    lanes = " ".join(k[a] for a in LANE_ACTIONS)
    return [
        "mouse  steer the line",
        "click  pin a foot",
        f"hold {lanes}  steer a lane",
        f"{k['stride_long']} long · {k['stride_short']} short",
        f"{k['pace_up']} / {k['pace_down']}  pace",
        f"{k['brake']} brake · {k['lift']} lift",
        f"{k['gaze_near']} / {k['gaze_far']} or wheel  gaze",
        f"{k['pause']}  pause",
    ]


def first_hint(keys: dict[str, str]) -> str:
    lanes = " ".join(key_label(keys[a]) for a in LANE_ACTIONS)
    return f"Point ahead to steer your line · click to pin a foot · or hold {lanes}"

"""pygame events → simulation commands, through rebindable bindings.

The front-end decides no rule: a click becomes `Place` at the trail
coordinate under the pointer, whether or not the runner can reach it; the
simulation answers with a rejection the view shows.
"""

from __future__ import annotations

import pygame

from game.sim.commands import Brake, Command, Gaze, Lift, Pace, Place, PlaceLane

LANE_ACTIONS = {
    "lane_far_left": -2,
    "lane_left": -1,
    "lane_centre": 0,
    "lane_right": 1,
    "lane_far_right": 2,
}
GAZE_STEP_M = 0.5
WHEEL_STEP_M = 0.25
STICK_DEADZONE = 0.25


class Controls:
    def __init__(self, keys: dict[str, str]):
        self.rebind(keys)

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

    def commands(self, event, tick: int, to_trail) -> list[Command]:
        """The commands one event asks for; `to_trail(pos)` maps a screen point to (s, x)."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            s, x = to_trail(event.pos)
            return [Place(tick, round(s, 3), round(x, 3))]
        if event.type == pygame.MOUSEWHEEL and event.y:
            return [Gaze(tick, WHEEL_STEP_M * event.y)]
        if event.type == pygame.JOYBUTTONDOWN and event.button == 0:
            return []  # handled by the scene, which knows where the stick cursor is
        action = self.action_of(event)
        if action is None:
            return []
        down = event.type == pygame.KEYDOWN
        if action in LANE_ACTIONS and down:
            mods = getattr(event, "mod", 0)
            stride = (
                "long"
                if mods & pygame.KMOD_SHIFT
                else "short"
                if mods & pygame.KMOD_CTRL
                else "natural"
            )
            return [PlaceLane(tick, LANE_ACTIONS[action], stride)]
        if action == "pace_up" and down:
            return [Pace(tick, 1)]
        if action == "pace_down" and down:
            return [Pace(tick, -1)]
        if action == "brake":
            return [Brake(tick, 1.0 if down else 0.0)]
        if action == "lift":
            return [Lift(tick, down)]
        if action == "gaze_near" and down:
            return [Gaze(tick, -GAZE_STEP_M)]
        if action == "gaze_far" and down:
            return [Gaze(tick, GAZE_STEP_M)]
        return []


def trigger_commands(axis: int, value: float, tick: int, state: dict) -> list[Command]:
    """Gamepad triggers: right trigger paces up a step per press, left trigger brakes."""
    pressed = value > 0.5
    if state.get(axis) == pressed:
        return []
    state[axis] = pressed
    if axis == 5 and pressed:
        return [Pace(tick, 1)]
    if axis == 4:
        return [Brake(tick, 1.0 if pressed else 0.0)]
    return []


def key_label(name: str) -> str:
    """How a bound key is written on screen: 'a' → 'A', 'left shift' → 'Left Shift'."""
    return name.upper() if len(name) == 1 else name.title()


def key_hints(keys: dict[str, str]) -> list[str]:
    """The controls as the player has bound them, one short line each."""
    k = {action: key_label(name) for action, name in keys.items()}
    lanes = " ".join(k[a] for a in LANE_ACTIONS)
    return [
        "click  place a foot",
        f"{lanes}  lanes",
        "Shift long · Ctrl short",
        f"{k['pace_up']} / {k['pace_down']}  pace",
        f"{k['brake']} brake · {k['lift']} lift",
        f"{k['gaze_near']} / {k['gaze_far']} or wheel  gaze",
        f"{k['pause']}  pause",
    ]


def first_hint(keys: dict[str, str]) -> str:
    lanes = " ".join(key_label(keys[a]) for a in LANE_ACTIONS)
    return f"Click ahead to place each foot · {lanes} lanes · wheel moves your gaze"

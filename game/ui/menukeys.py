"""Keys of the menus, kept apart from the keys of play.

Menus answer the arrows, Enter, Esc, the mouse and the pad, none of which can
be bound to a play action; a menu's letter shortcut works only while no play
action is bound to that letter. So a key pressed a moment too late, after a
finish or into the pause menu, never restarts, quits, saves or watches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

import pygame

T = TypeVar("T")

NAVIGATION = (pygame.K_UP, pygame.K_DOWN, pygame.K_LEFT, pygame.K_RIGHT)
CONFIRM = (pygame.K_RETURN, pygame.K_KP_ENTER)
# Never bindable: every menu's own keys, and the window's full-screen key.
MENU_KEYS = frozenset((*NAVIGATION, *CONFIRM, pygame.K_ESCAPE, pygame.K_F11))
# The same keys as pygame names them (a settings file stores names).
MENU_KEY_NAMES = frozenset(("up", "down", "left", "right", "return", "enter", "escape", "f11"))


def key_code(name: str) -> int | None:
    try:
        return pygame.key.key_code(name)
    except (ValueError, pygame.error):
        return None


def bound_codes(keys: Mapping[str, str]) -> set[int]:
    """The key codes the player's play actions are bound to."""
    return {code for code in map(key_code, keys.values()) if code is not None}


def free_shortcuts(shortcuts: Mapping[str, T], keys: Mapping[str, str]) -> dict[int, T]:
    """{key code: what it does} for the shortcuts (by key name) no play action is bound to."""
    taken = bound_codes(keys)
    out: dict[int, T] = {}
    for name, what in shortcuts.items():
        code = key_code(name)
        if code is not None and code not in taken and code not in MENU_KEYS:
            out[code] = what
    return out


def refusal(key_name: str) -> str:
    """Why a play action cannot be bound to this key ('' when it can)."""
    if key_name.lower() in MENU_KEY_NAMES:
        return f"{key_name.title()} belongs to the menus; choose another key"
    if key_code(key_name) is None:
        return f"{key_name!r} is not a key the game can read"
    return ""

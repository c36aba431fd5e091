"""Is there a screen to open a window on? Asked before the game opens one for a person.

Without a display SDL quietly falls back to its offscreen driver: the game would
run, invisible, until killed. A person asking for the window is told instead, in
one line, with the way to run headless on purpose.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

HEADLESS_DRIVERS = ("dummy", "offscreen")
HOW_TO_RUN_HEADLESS = (
    "to run headless on purpose set SDL_VIDEODRIVER=dummy "
    "(e.g. SDL_VIDEODRIVER=dummy trailread play warm-up --autopilot gaze=3-6 "
    "--frames 600 --screenshot demo.png)"
)


def asked_headless(env: Mapping[str, str]) -> bool:
    return env.get("SDL_VIDEODRIVER", "").strip().lower() in HEADLESS_DRIVERS


def missing_display(env: Mapping[str, str], platform: str = sys.platform) -> str:
    """Why no window can be shown ('' when one can), from the environment alone."""
    if asked_headless(env) or platform in ("win32", "cygwin", "darwin"):
        return ""
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("SDL_VIDEODRIVER"):
        return ""
    return "no display to open the game window on (DISPLAY and WAYLAND_DISPLAY are not set)"


def fell_back_headless(driver: str, env: Mapping[str, str]) -> str:
    """Why the window SDL chose is invisible ('' when it is not, or when that was asked for)."""
    if driver.lower() in HEADLESS_DRIVERS and not asked_headless(env):
        return f"no display to open the game window on (SDL could only use its {driver} driver)"
    return ""


def display_problem(env: Mapping[str, str]) -> str:
    """One line for a person who asked for a window that nobody would see, or ''."""
    reason = missing_display(env)
    if not reason:
        import pygame

        try:
            pygame.display.init()
            reason = fell_back_headless(pygame.display.get_driver(), env)
        except pygame.error as exc:
            reason = f"no display to open the game window on ({exc})"
        finally:
            pygame.display.quit()
    return f"trailread: {reason}; {HOW_TO_RUN_HEADLESS}" if reason else ""

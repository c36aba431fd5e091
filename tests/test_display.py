"""No screen: a person asking for the window is told so; a recording is the same with or without one."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from game.ui.display import fell_back_headless, missing_display

ROOT = Path(__file__).parent.parent
NO_SCREEN = ("DISPLAY", "WAYLAND_DISPLAY", "SDL_VIDEODRIVER")


def _env(home, **extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NO_SCREEN}
    env.update(PYTHONPATH=str(ROOT), SDL_AUDIODRIVER="dummy", TRAILREAD_HOME=str(home), **extra)
    return env


def _trailread(args, env, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_linux_without_display_variables_has_no_screen_unless_headless_was_asked():
    assert missing_display({}, "linux")
    assert not missing_display({"DISPLAY": ":0"}, "linux")
    assert not missing_display({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert not missing_display({"SDL_VIDEODRIVER": "dummy"}, "linux")
    assert not missing_display({"SDL_VIDEODRIVER": "offscreen"}, "linux")
    assert not missing_display({}, "win32") and not missing_display({}, "darwin")


def test_sdl_falling_back_to_an_invisible_driver_counts_as_no_screen():
    assert fell_back_headless("offscreen", {"DISPLAY": ":0"})
    assert fell_back_headless("dummy", {})
    assert not fell_back_headless("offscreen", {"SDL_VIDEODRIVER": "offscreen"})
    assert not fell_back_headless("x11", {"DISPLAY": ":0"})


@pytest.mark.parametrize("args", [[], ["play", "warm-up"], ["play", "rock-garden", "--seed", "3"]])
def test_the_window_without_a_screen_is_one_line_and_exit_2_not_an_invisible_game(args, tmp_path):
    done = _trailread(args, _env(tmp_path), timeout=60)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0]
    assert "SDL_VIDEODRIVER=dummy" in lines[0]
    assert done.stdout == ""


def _autopilot_png(tmp_path: Path, name: str, env, wrap=()) -> bytes:
    png = tmp_path / f"{name}.png"
    args = ["warm-up", "--seed", "5", "--autopilot", "gaze=3-6", "--frames", "150"]
    cmd = [*wrap, sys.executable, "-m", "game", "play", *args, "--screenshot", str(png)]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return png.read_bytes()


def test_the_autopilot_screenshot_is_the_same_bytes_with_or_without_a_screen(tmp_path):
    headless = _autopilot_png(tmp_path, "dummy", _env(tmp_path, SDL_VIDEODRIVER="dummy"))
    again = _autopilot_png(tmp_path, "dummy-again", _env(tmp_path, SDL_VIDEODRIVER="dummy"))
    assert headless == again
    # No screen and nothing asked: SDL falls back to its offscreen driver, and a
    # hands-free recording still runs there.
    assert _autopilot_png(tmp_path, "fallback", _env(tmp_path)) == headless
    if shutil.which("xvfb-run") is None:
        pytest.skip("no xvfb-run here to try a real X display")
    shown = _autopilot_png(tmp_path, "xvfb", _env(tmp_path), wrap=("xvfb-run", "-a"))
    assert shown == headless


def test_a_bots_run_keeps_going_when_the_window_loses_focus(app):
    import pygame
    from ui_driving import start_play

    from game.levels import find_level
    from game.sim.botspec import parse_bot_spec

    scene = start_play(app, find_level("warm-up"), autopilot=parse_bot_spec("gaze=3-6"))
    app.frame(0.0, [pygame.event.Event(pygame.WINDOWFOCUSLOST)])
    app.frame(0.5, [])
    assert not scene.paused and scene.run.tick > 0

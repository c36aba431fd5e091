"""Everything runs headless: no display, no sound device."""

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest
from hypothesis import settings

# In CI the examples are fixed, so a run can be repeated; on a developer's
# machine they are fresh every time, which is how new cases are found.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The game window on its menu, with the player's data in a fresh folder."""
    import pygame

    from game.ui.app import App
    from game.ui.scenes.menu import MenuScene

    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    window = App()
    window.push(MenuScene(window))
    yield window
    pygame.quit()

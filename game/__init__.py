"""Trailread: a terrain-reading game for trail runners."""

import os

# The game talks to players, not pygame's banner.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

__version__ = "0.1.0"

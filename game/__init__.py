"""Trailread: a terrain-reading game for trail runners."""

__version__ = "0.1.0"

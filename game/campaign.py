"""The campaign's levels in order, and the daily trail's seed."""

from __future__ import annotations

from game.levels import LevelSpec, list_levels
from game.tutorial import LEVEL_ID as TUTORIAL


def campaign_levels() -> list[LevelSpec]:
    """The campaign's levels in order: the daily trail and the tutorial's trail
    are reached from the menu, and the endless trail has no end to score."""
    return [lv for lv in list_levels() if not lv.endless and lv.id not in ("daily", TUTORIAL)]


def daily_seed(day) -> int:
    """The daily trail's seed: the same trail for every runner on a given day."""
    return int(day.strftime("%Y%m%d"))

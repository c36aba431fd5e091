"""Times and paces as the player reads them, written once for every screen and table.

Each is rounded once, to the unit shown, before it is split into minutes and
the rest: 119.96 s reads 2:00.0, never 1:60.0.
"""

from __future__ import annotations

import math

SLOWEST_PACE_S_PER_KM = 30 * 60  # slower than a walk: the runner is standing, no pace to show


def format_clock(time_s: float) -> str:
    """m:ss.s (a run's time), rounded to the tenth once."""
    tenths = round(max(0.0, time_s) * 10)
    minutes, tenths = divmod(tenths, 600)
    return f"{minutes}:{tenths / 10:04.1f}"


def format_pace(speed_mps: float, unit: str = " /km") -> str:
    """m:ss per kilometre for a speed, rounded to the second once; '--:--' when standing."""
    if not math.isfinite(speed_mps) or speed_mps <= 1000.0 / SLOWEST_PACE_S_PER_KM:
        return f"--:--{unit}"
    seconds = round(1000.0 / speed_mps)
    if seconds >= SLOWEST_PACE_S_PER_KM:
        return f"--:--{unit}"
    minutes, seconds = divmod(seconds, 60)
    return f"{minutes}:{seconds:02d}{unit}"

"""Runs spread over worker processes.

Runs on different seeds share nothing, so the analysis, the rule contrasts
and the medal measurements hand them to workers a seed (or a few) at a time.
Workers are spawned, not forked: each starts clean, as on every platform.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence

from game.levels import LevelSpec

MAX_JOBS = 2  # the machine this runs on is shared: never more than two workers


def each(fn: Callable, tasks: Sequence, jobs: int) -> Iterator:
    """`fn` of every task, in `jobs` worker processes (in this one for one job),
    each result as soon as it is done."""
    jobs = max(1, min(jobs, len(tasks)))
    if jobs == 1:
        yield from map(fn, tasks)
        return
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        yield from pool.imap_unordered(fn, tasks, chunksize=1)


def level_ref(level: LevelSpec) -> str:
    """How a worker finds the level again: its id if bundled, else its file."""
    bundled = level.path and level.path.endswith(f"levels/{level.id}.toml")
    return level.id if bundled or not level.path else level.path

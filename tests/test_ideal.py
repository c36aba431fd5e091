"""The ideal line's lattice: what each node reads, as the plain formulation says it."""

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import find_level
from game.sim.ideal import (
    BLOCK,
    LANES_LEFT,
    LANES_RIGHT,
    LANES_X,
    ROWS_BEFORE,
    SHIFT_LANES,
    STEP_ROWS,
    _cheapest,
    _firsts,
    _swing_obstacles,
    _take_offs,
)
from game.sim.terrain import CELL_M, HALF_WIDTH_M
from game.sim.trail import Trail

ROCKY = dataclasses.replace(find_level("rock-garden"), length_m=120.0)


def test_a_take_off_is_the_other_foot_a_step_back_or_unreachable():
    rows, lanes = 20, len(LANES_X)
    best = np.random.default_rng(3).random((rows, 2, lanes))
    table = np.full((ROWS_BEFORE + rows, 2, LANES_LEFT + lanes + LANES_RIGHT), np.inf)
    table[ROWS_BEFORE:, :, LANES_LEFT : LANES_LEFT + lanes] = best
    came = _take_offs(table)
    for r, foot, k, s, lane in np.ndindex(rows, 2, len(STEP_ROWS), len(SHIFT_LANES), lanes):
        row, from_lane = r - STEP_ROWS[k], lane - SHIFT_LANES[s]
        inside = row >= 0 and 0 <= from_lane < lanes
        expected = best[row, 1 - foot, from_lane] if inside else np.inf
        assert came[r, foot, k, s, lane] == expected


@settings(max_examples=10)
@given(seed=st.integers(0, 2**31 - 1), s0=st.floats(0.0, 80.0))
def test_a_swing_reaches_the_highest_ground_between_the_two_footprints(seed, s0):
    trail = Trail(ROCKY, seed)
    rows_s = s0 + np.arange(120) * 0.1
    first = int(rows_s[0] / CELL_M)
    grid_rows = np.arange(first, first + 2 * len(rows_s) + 2 * STEP_ROWS.max())
    cols = ((LANES_X + HALF_WIDTH_M) / CELL_M + 0.5).astype(np.int64)
    heights = trail.pair_heights(grid_rows[:, None], cols[None, :])
    reach = _swing_obstacles(trail, rows_s)
    for i, k in enumerate(STEP_ROWS):
        between = 2 * int(k) - 5  # grid rows from 3 past the take-off row
        for j in range(len(rows_s)):
            highest = heights[3 + 2 * j : 3 + 2 * j + between].max(axis=0)
            np.testing.assert_array_equal(reach[i, j], highest.astype(np.float32))


def test_ties_go_to_the_shortest_step_then_the_lowest_shift():
    lanes = len(LANES_X)
    cost = np.ones((BLOCK, 2, len(STEP_ROWS), len(SHIFT_LANES), lanes))
    cost[:, :, 4, 2] = cost[:, :, 4, 5] = cost[:, :, 7, 0] = 0.5
    lowest, pick = _cheapest(cost, _firsts(cost))
    assert np.all(pick == 4 * len(SHIFT_LANES) + 2)
    assert np.all(lowest == 0.5)

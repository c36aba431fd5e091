"""The procedural trail: deterministic, seamless, shaped by the level's knobs."""

import dataclasses
from collections import deque

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import find_level
from game.sim.rules import SHOES, Surface
from game.sim.terrain import (
    CELL_M,
    CHUNK_ROWS,
    COLS,
    FEATURE_ROCK,
    FEATURE_ROOT,
    HALF_WIDTH_M,
    generate_chunk,
    generate_rows,
)
from game.sim.terrain import X_M as X
from game.sim.trail import SPAN_CHUNKS, WINDOW_CHUNKS, Trail

LEVEL = find_level("root-descent")


def with_mix(level, **mix):
    return dataclasses.replace(level, terrain=dataclasses.replace(level.terrain, **mix))


def stretch(level, seed, chunks=6):
    parts = [generate_chunk(level, seed, i) for i in range(chunks)]
    return (
        np.concatenate([c.height_m for c in parts]),
        np.concatenate([c.surface for c in parts]),
        np.concatenate([c.feature for c in parts]),
    )


def test_same_seed_gives_the_same_trail_cell_for_cell():
    a, b = generate_chunk(LEVEL, 5, 3), generate_chunk(LEVEL, 5, 3)
    for name in ("height_m", "surface", "feature", "grade", "half_width_m", "centre_m"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def test_different_seeds_give_different_trails():
    a, b = generate_chunk(LEVEL, 5, 3), generate_chunk(LEVEL, 6, 3)
    assert not np.array_equal(a.height_m, b.height_m)
    assert (a.surface != b.surface).mean() > 0.05


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), start_chunk=st.integers(0, 400), offset=st.integers(1, 99))
def test_a_chunk_alone_equals_the_same_span_of_a_long_trail(seed, start_chunk, offset):
    level = find_level("rock-garden")
    first = start_chunk * CHUNK_ROWS + 2 * offset  # straddles a chunk boundary
    span = generate_rows(level, seed, first, CHUNK_ROWS)
    chunks = [generate_chunk(level, seed, start_chunk + i) for i in range(2)]
    cut = slice(2 * offset, 2 * offset + CHUNK_ROWS)
    assert np.array_equal(np.concatenate([c.height_m for c in chunks])[cut], span[0])
    assert np.array_equal(np.concatenate([c.surface for c in chunks])[cut], span[1])
    assert np.array_equal(np.concatenate([c.grade for c in chunks])[cut], span[5])


def test_more_rock_density_gives_more_cells_above_5_cm():
    sparse = stretch(with_mix(LEVEL, rock_density=0.1, root_density=0.0), 9)[0]
    dense = stretch(with_mix(LEVEL, rock_density=0.6, root_density=0.0), 9)[0]
    assert (dense > 0.05).mean() > 3 * (sparse > 0.05).mean() > 0


def test_more_root_density_gives_more_root_cells():
    few = stretch(with_mix(LEVEL, root_density=0.1), 9)[2]
    many = stretch(with_mix(LEVEL, root_density=0.9), 9)[2]
    assert (many == FEATURE_ROOT).sum() > 4 * (few == FEATURE_ROOT).sum() > 0


def on_trail_share(level, surface, chunks=20):
    parts = [generate_chunk(level, 9, i) for i in range(chunks)]
    on_trail = np.concatenate([np.abs(X)[None, :] <= c.half_width_m[:, None] for c in parts])
    kinds = np.concatenate([c.surface for c in parts])
    return (kinds[on_trail] == surface).mean()


@pytest.mark.parametrize(
    ("knob", "surface"),
    [
        ("mud", Surface.MUD),
        ("snow", Surface.SNOW),
        ("scree", Surface.SCREE),
        ("water", Surface.WATER),
    ],
)
def test_each_surface_share_moves_its_surface(knob, surface):
    base = with_mix(LEVEL, mud=0.0, snow=0.0, scree=0.0, water=0.0)
    none = on_trail_share(with_mix(base, **{knob: 0.0}), surface)
    some = on_trail_share(with_mix(base, **{knob: 0.15}), surface)
    more = on_trail_share(with_mix(base, **{knob: 0.45}), surface)
    assert none == 0
    assert 0.03 < some < more < 0.8


def test_steeper_gradient_settings_give_steeper_trail():
    gentle = dataclasses.replace(LEVEL, gradient=dataclasses.replace(LEVEL.gradient, mean_pct=-2.0))
    steep = dataclasses.replace(LEVEL, gradient=dataclasses.replace(LEVEL.gradient, mean_pct=-25.0))
    g = np.concatenate([generate_chunk(gentle, 3, i).grade for i in range(30)])
    s = np.concatenate([generate_chunk(steep, 3, i).grade for i in range(30)])
    assert s.mean() < g.mean() - 0.15


def test_trail_width_stays_within_the_levels_range():
    level = find_level("warm-up")
    widths = np.concatenate([2 * generate_chunk(level, 2, i).half_width_m for i in range(50)])
    assert widths.min() >= level.trail.width_min_m - 1e-5
    assert widths.max() <= level.trail.width_max_m + 1e-5
    assert widths.max() - widths.min() > 0.3  # it varies


def components(mask):
    """4-connected components of a boolean grid, as lists of (row, col)."""
    seen = np.zeros_like(mask)
    found = []
    for start in zip(*np.nonzero(mask), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        queue, cells = deque([start]), []
        while queue:
            r, c = queue.popleft()
            cells.append((r, c))
            for rr, cc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                if (
                    0 <= rr < mask.shape[0]
                    and 0 <= cc < mask.shape[1]
                    and mask[rr, cc]
                    and not seen[rr, cc]
                ):
                    seen[rr, cc] = True
                    queue.append((rr, cc))
        found.append(np.array(cells))
    return found


def elongation(cells):
    """Long axis over short axis of a blob, from the spread of its cells."""
    spread = np.cov(cells.T.astype(float)) + np.eye(2) * 1e-3
    lo, hi = np.linalg.eigvalsh(spread)
    return float(np.sqrt(hi / lo))


def test_roots_are_long_and_thin_and_rocks_are_round():
    level = with_mix(LEVEL, rock_density=0.05, root_density=0.4, step_density=0.0)
    _, _, feature = stretch(level, 21, chunks=8)
    roots = [c for c in components(feature == FEATURE_ROOT) if len(c) >= 20]
    rocks = [c for c in components(feature == FEATURE_ROCK) if len(c) >= 20]
    assert len(roots) >= 5 and len(rocks) >= 5
    assert np.median([elongation(c) for c in roots]) > 5
    assert np.median([elongation(c) for c in rocks]) < 1.8


def test_rock_and_root_heights_are_in_the_designed_ranges():
    height, _, feature = stretch(with_mix(LEVEL, rock_density=0.5, root_density=0.6), 4, 10)
    rock_tops = height[feature == FEATURE_ROCK].max()
    root_tops = height[feature == FEATURE_ROOT]
    assert 0.05 <= rock_tops <= 0.4 + 0.04
    assert 0.03 <= np.percentile(root_tops, 99) <= 0.12 + 0.04


def test_footing_on_a_rock_edge_is_uneven_and_on_dirt_is_flat():
    level = with_mix(LEVEL, rock_density=0.5, root_density=0.0, mud=0.0, wet=0.0, grass=0.0)
    trail = Trail(level, 8)
    chunk = trail.chunk(2)
    h = chunk.height_m
    # A cell on a rock whose footprint reaches back onto bare ground.
    edge = np.argwhere((h[6:] > 0.1) & (h[:-6] < 0.01))
    r, c = edge[0] + (6, 0)
    on_edge = trail.footing(chunk.s0_m + r * CELL_M, X[c], SHOES["trail"])
    assert on_edge.top_m > 0.1 and on_edge.unevenness_m > 0.08
    flat = np.argwhere((h < 0.01) & (chunk.surface == Surface.DIRT))
    r2, c2 = flat[len(flat) // 2]
    on_dirt = trail.footing(chunk.s0_m + r2 * CELL_M, X[c2], SHOES["trail"])
    assert on_dirt.unevenness_m < 0.02
    assert on_dirt.grip > on_edge.grip - 0.1


ROCKY = find_level("rock-garden")
SPOTS = st.tuples(st.floats(0.0, 60.0), st.floats(-1.9, 1.9))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), spots=st.lists(SPOTS, min_size=2, max_size=8))
def test_one_foothold_reads_exactly_what_a_batch_reads(seed, spots):
    """A landing and a planner must agree to the last bit, or a bot's plan and the
    run that follows it could disagree on the same rock."""
    trail = Trail(ROCKY, seed)
    s, x = (np.array(v) for v in zip(*spots, strict=True))
    many = trail.footing(s, x, SHOES["mud"])
    tops = trail.path_top(s, x, s + 0.9, x[::-1])
    for i in range(len(s)):
        one = trail.footing(float(s[i]), float(x[i]), SHOES["mud"])
        assert (one.grip, one.stability) == (many.grip[i], many.stability[i])
        assert (one.unevenness_m, one.top_m) == (many.unevenness_m[i], many.top_m[i])
        assert one.surface == many.surface[i]
        swing = (float(s[i]), float(x[i]), float(s[i] + 0.9), float(x[::-1][i]))
        assert trail.path_top(*swing) == tops[i]


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    start=st.tuples(st.floats(-0.5, 60.0), st.floats(-2.2, 2.2)),
    step=st.floats(-1.0, 1.6),
    shift=st.floats(-0.8, 0.8),
)
def test_one_swing_reads_exactly_what_a_batch_of_swings_reads(seed, start, step, shift):
    """Before the start, off the grid's side, backwards or no length at all."""
    trail = Trail(ROCKY, seed)
    swing = (start[0], start[1], start[0] + step, start[1] + shift)
    batch = trail.path_top(*(np.array([v]) for v in swing))
    assert trail.path_top(*swing) == batch[0]


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    s=st.lists(st.floats(0.0, 60.0), min_size=1, max_size=6),
    x=st.lists(st.floats(-2.2, 2.2), min_size=1, max_size=8),
)
def test_a_grid_of_footholds_reads_what_a_batch_reads(seed, s, x):
    trail = Trail(ROCKY, seed)
    s, x = np.sort(np.array(s)), np.array(x)
    grid, grade, half_width = trail.footing_grid(s.tolist(), x.tolist(), SHOES["rock"])
    batch = trail.footing(s[:, None], x[None, :], SHOES["rock"])
    for name in ("surface", "unevenness_m", "top_m"):
        assert np.array_equal(getattr(grid, name), getattr(batch, name)), name
    # The same twelve cells, summed in another order.
    for name in ("grip", "stability"):
        np.testing.assert_allclose(getattr(grid, name), getattr(batch, name), rtol=1e-14)
    assert np.array_equal(grade, trail.rows_of("grade", s))
    assert np.array_equal(half_width, trail.rows_of("half_width_m", s))


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    s=st.lists(st.floats(-1.0, 900.0), max_size=20),
    made_to=st.floats(0.0, 120.0),
)
def test_the_profile_reads_the_gradient_the_rows_hold_without_making_them(seed, s, made_to):
    trail = Trail(ROCKY, seed)
    trail.rows_of("grade", [made_to])  # some of the trail made, the rest not yet
    made = len(trail._chunks)
    s = np.array(s, dtype=np.float64)
    grades = trail.profile_grades(s)
    assert len(trail._chunks) == made
    if len(s):
        assert np.array_equal(grades, Trail(ROCKY, seed).rows_of("grade", s))
    else:
        assert grades.shape == (0,)


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    start=SPOTS,
    step=st.floats(0.3, 1.6),
    shift=st.floats(-0.6, 0.6),
    height=st.floats(0.0, 0.3),
)
def test_a_swing_called_clear_never_meets_higher_ground(seed, start, step, shift, height):
    trail = Trail(ROCKY, seed)
    s0, x0 = start
    if trail.swing_clear(s0, x0, s0 + step, x0 + shift, height):
        assert trail.path_top(s0, x0, s0 + step, x0 + shift) <= height


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    start=SPOTS,
    step=st.floats(-0.5, 1.6),
    shift=st.floats(-0.6, 0.6),
    height=st.floats(0.0, 0.3),
    level=st.sampled_from([ROCKY, LEVEL]),
)
def test_a_swing_is_clear_exactly_when_the_cells_it_crosses_are_low_enough(
    seed, start, step, shift, height, level
):
    trail = Trail(level, seed)
    s0, x0 = start
    s1, x1 = s0 + step, x0 + shift
    rows = np.arange(int(min(s0, s1) / CELL_M), int(max(s0, s1) / CELL_M) + 1)
    col = lambda x: int(np.clip(int((x + HALF_WIDTH_M) / CELL_M + 0.5), 0, COLS - 1))  # noqa: E731
    cols = np.arange(min(col(x0), col(x1)), max(col(x0), col(x1)) + 1)
    highest = trail.pair_heights(rows[:, None], cols[None, :]).max()
    assert trail.swing_clear(s0, x0, s1, x1, height) == bool(highest <= height)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**31 - 1),
    spot=SPOTS,
    radius=st.floats(0.0, 0.5),
    level=st.sampled_from([ROCKY, LEVEL]),
)
def test_the_ground_around_a_mark_reads_as_the_tallest_cell_within_reach(seed, spot, radius, level):
    """What a runner must judge to place a foot there: every cell within
    `radius` of the mark (each with its left neighbour, as a sole meets them)."""
    trail = Trail(level, seed)
    s, x = spot
    rows = np.arange(max(int((s - radius) / CELL_M), 0), max(int((s + radius) / CELL_M), 0) + 1)
    col = lambda x: int(np.clip(int((x + HALF_WIDTH_M) / CELL_M + 0.5), 0, COLS - 1))  # noqa: E731
    cols = np.arange(col(x - radius), col(x + radius) + 1)
    highest = trail.pair_heights(rows[:, None], cols[None, :]).max()
    assert trail.top_around(s, x, radius) == highest
    assert trail.top_around(s, x, radius + 0.2) >= highest


def test_chunks_generated_together_equal_chunks_generated_alone():
    trail = Trail(ROCKY, 11)
    for index in (0, 1, 5, 6, 7):
        alone = generate_chunk(ROCKY, 11, index)
        together = trail.chunk(index)
        for name in ("height_m", "surface", "feature", "grade", "half_width_m", "centre_m"):
            assert np.array_equal(getattr(alone, name), getattr(together, name)), name


def test_a_trail_made_a_few_chunks_at_a_time_is_the_same_trail():
    small, large = Trail(ROCKY, 11, span_chunks=3), Trail(ROCKY, 11)
    for index in (13, 2, 0, 14, 11):  # spans of 3 and of 12 cut in different places
        a, b = small.chunk(index), large.chunk(index)
        for name in ("height_m", "surface", "feature", "grade", "half_width_m", "centre_m"):
            assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert small.chunks_held == 9 and large.chunks_held == 24  # 3 spans of 3; 2 of 12


def test_a_shared_trail_keeps_what_a_runs_trail_would_release():
    shared, own = Trail(LEVEL, 3, shared=True), Trail(LEVEL, 3)
    for trail in (shared, own):
        for s in range(0, 200, 10):
            trail.footing(float(s), 0.0, SHOES["trail"])
            trail.release_before(float(s))
    assert shared.chunks_held >= 20 > own.chunks_held


def test_released_chunks_are_forgotten():
    trail = Trail(find_level("endless"), 1)
    for s in range(0, 500, 10):
        trail.footing(float(s), 0.0, SHOES["trail"])
        trail.release_before(float(s))
        # At most: the span being run through, and the query window reaching
        # back a chunk and on into the next span.
        assert trail.chunks_held <= SPAN_CHUNKS + WINDOW_CHUNKS


def test_the_endless_trail_gets_rougher_with_distance():
    level = find_level("endless")
    early = np.concatenate([generate_chunk(level, 3, i).feature for i in range(0, 30)])
    late = np.concatenate([generate_chunk(level, 3, i).feature for i in range(400, 430)])
    assert (late != 0).mean() > 1.5 * (early != 0).mean()
    # still seamless: the ramp is a function of position
    span = generate_rows(level, 3, 400 * CHUNK_ROWS + 60, CHUNK_ROWS)
    joined = np.concatenate([generate_chunk(level, 3, 400 + i).height_m for i in range(2)])
    assert np.array_equal(joined[60 : 60 + CHUNK_ROWS], span[0])

"""The painted trail: chunks and tiles that join without seams, fog that keeps only coarse
shapes, each tile painted once and a stage at a time, and woods that fill any view."""

import dataclasses

import numpy as np
import pygame
import pytest

from game.levels import find_level
from game.sim.rules import Surface
from game.sim.terrain import (
    CHUNK_ROWS,
    COLS,
    FEATURE_ROCK,
    FEATURE_ROOT,
    HALF_WIDTH_M,
    Chunk,
)
from game.sim.trail import Trail
from game.ui.draw import terrain
from game.ui.draw.terrain import (
    FOG_BLOCK,
    TILE_ROWS,
    TrailPainter,
    paint_chunk,
    paint_stages,
    world_cols,
)

COLS_PAINTED = world_cols(0.0)


@pytest.fixture(scope="module", autouse=True)
def display():
    pygame.init()
    pygame.display.set_mode((64, 64))
    yield
    pygame.quit()


def _row_steps(rgb: np.ndarray) -> np.ndarray:
    """Mean colour change from each row to the next."""
    return np.abs(np.diff(rgb.astype(float), axis=0)).mean(axis=(1, 2))


@pytest.mark.parametrize("level_id", ["rock-garden", "mud-bath", "snowline", "scree-slope"])
def test_neighbouring_chunks_join_without_a_seam(level_id):
    level = find_level(level_id)
    trail = Trail(level, level.seed)
    lower, upper = paint_chunk(trail, 2, COLS_PAINTED), paint_chunk(trail, 3, COLS_PAINTED)
    for name in ("full", "fog"):
        a, b = getattr(lower, name), getattr(upper, name)
        joined = np.concatenate([a[-4:], b[:4]])
        across = _row_steps(joined)[3]  # the step from the last row of one to the first of the next
        inside = np.concatenate([_row_steps(a), _row_steps(b)])
        # The join is an ordinary row step, not an edge: within the spread of steps inside.
        assert across <= np.percentile(inside, 98) + 0.5, name


def _flat_chunk(index: int, **grids) -> Chunk:
    shape = (CHUNK_ROWS, COLS)
    base = {
        "height_m": np.zeros(shape, np.float32),
        "surface": np.full(shape, Surface.DIRT, np.uint8),
        "feature": np.zeros(shape, np.uint8),
        "centre_m": np.zeros(CHUNK_ROWS, np.float32),
        "half_width_m": np.full(CHUNK_ROWS, 0.9, np.float32),
        "grade": np.zeros(CHUNK_ROWS, np.float32),
    }
    base.update(grids)
    return Chunk(index, index * 10.0, **base)


def _trail_with(chunk1: Chunk) -> Trail:
    level = find_level("warm-up")
    return Trail.from_chunks(level, [_flat_chunk(0), chunk1, _flat_chunk(2)])


def _root_across(rows=slice(95, 97), height=0.08) -> Chunk:
    h = np.zeros((CHUNK_ROWS, COLS), np.float32)
    f = np.zeros((CHUNK_ROWS, COLS), np.uint8)
    h[rows, :] = height
    f[rows, :] = FEATURE_ROOT
    s = np.full((CHUNK_ROWS, COLS), Surface.DIRT, np.uint8)
    s[rows, :] = Surface.ROOT
    return _flat_chunk(1, height_m=h, feature=f, surface=s)


def _rock_at_centre(radius_cells=8, height=0.3) -> Chunk:
    r, c = np.mgrid[0:CHUNK_ROWS, 0:COLS]
    d2 = ((r - 100) ** 2 + (c - COLS // 2) ** 2) / radius_cells**2
    h = np.where(d2 < 1, height * np.sqrt(np.clip(1 - d2, 0, 1)), 0).astype(np.float32)
    f = np.where(d2 < 1, FEATURE_ROCK, 0).astype(np.uint8)
    s = np.where(d2 < 1, Surface.DRY_ROCK, Surface.DIRT).astype(np.uint8)
    return _flat_chunk(1, height_m=h, feature=f, surface=s)


def test_a_root_shows_in_full_detail_and_is_gone_in_the_fog():
    bare = paint_chunk(_trail_with(_flat_chunk(1)), 1, COLS_PAINTED)
    rooted = paint_chunk(_trail_with(_root_across()), 1, COLS_PAINTED)
    middle = slice(COLS_PAINTED // 2 - 10, COLS_PAINTED // 2 + 10)
    full_change = np.abs(rooted.full[90:102, middle].astype(float) - bare.full[90:102, middle])
    fog_change = np.abs(rooted.fog.astype(float) - bare.fog)
    assert full_change.max() > 40  # a root is plain to see in the band
    assert fog_change.max() < 3  # and beyond the band it is not there at all


def test_a_big_rock_survives_in_the_fog_as_a_soft_shape():
    bare = paint_chunk(_trail_with(_flat_chunk(1)), 1, COLS_PAINTED)
    rocky = paint_chunk(_trail_with(_rock_at_centre()), 1, COLS_PAINTED)
    centre = COLS_PAINTED // 2
    change = np.abs(rocky.fog.astype(float) - bare.fog).mean(axis=2)
    assert change[100, centre] > 8  # the rock is still a shape
    # soft: no sharp edge, it fades over more than a fog block
    profile = change[100, centre : centre + 3 * FOG_BLOCK]
    assert np.abs(np.diff(profile)).max() < 0.5 * profile[0]


def test_rocks_are_lit_on_one_side_and_shadowed_on_the_other():
    rocky = paint_chunk(_trail_with(_rock_at_centre()), 1, COLS_PAINTED).full.astype(float)
    centre = COLS_PAINTED // 2
    lum = rocky.mean(axis=2)
    up_left, down_right = lum[100 + 4, centre - 4], lum[100 - 4, centre + 4]
    assert up_left > down_right + 20


def test_the_meander_moves_the_trail_across_the_painting():
    shifted = _flat_chunk(1, centre_m=np.full(CHUNK_ROWS, 0.5, np.float32))
    painted = paint_chunk(_trail_with(shifted), 1, COLS_PAINTED).full.astype(float)
    straight = paint_chunk(_trail_with(_flat_chunk(1)), 1, COLS_PAINTED).full.astype(float)

    # The trail's dirt is browner (more red than green) than the woods beside it.
    def trail_cols(rgb):
        row = rgb[100]
        return np.flatnonzero(row[:, 0] - row[:, 1] > 25)

    moved = trail_cols(painted).mean() - trail_cols(straight).mean()
    assert moved * 0.05 == pytest.approx(0.5, abs=0.06)


def test_tiles_paint_the_same_cells_as_the_chunk_they_cut():
    level = find_level("rock-garden")
    trail = Trail(level, level.seed)
    chunk = paint_chunk(trail, 2, COLS_PAINTED)
    first = 2 * CHUNK_ROWS
    tiles = [
        list(paint_stages(trail, row, TILE_ROWS, COLS_PAINTED))[-1]
        for row in range(first, first + CHUNK_ROWS, TILE_ROWS)
    ]
    for name in ("full", "fog"):
        joined = np.concatenate([getattr(tile, name) for tile in tiles])
        assert np.array_equal(joined, getattr(chunk, name)), name


@pytest.mark.parametrize("level_id", ["rock-garden", "mud-bath", "headlamp"])
def test_the_woods_beyond_the_trails_band_are_exactly_what_painting_them_gives(
    level_id, monkeypatch
):
    level = find_level(level_id)
    trail = Trail(level, level.seed)
    cols = world_cols(6.0)
    banded = paint_chunk(trail, 3, cols, level.light)
    monkeypatch.setattr(terrain, "_trail_band", lambda grids, cols: slice(0, cols))
    whole = paint_chunk(trail, 3, cols, level.light)
    assert np.array_equal(banded.full, whole.full)
    # The fog's block means may differ in the last bit from the order of a sum.
    assert np.abs(banded.fog.astype(int) - whole.fog).max() <= 1


def test_each_tile_is_painted_once_and_a_stage_at_a_time():
    level = find_level("rock-garden")
    painter = TrailPainter(Trail(level, level.seed), 72)
    stages = 0
    while painter.cached == 0:
        painter.prefetch(3)
        stages += 1
    assert stages >= 5  # the work is spread over several frames
    tile = painter.tile(3)
    assert painter.tile(3) is tile  # cached: the same surfaces
    painter.prefetch(3)
    assert painter.painted == 1
    painter.prefetch(3, ahead=2)  # the next one not painted yet
    assert painter.cached == 1 and painter.painted == 1
    painter.release_before(4)
    assert painter.cached == 0


def test_a_dimmed_tile_is_the_full_one_darker():
    level = find_level("rock-garden")
    tile = TrailPainter(Trail(level, level.seed), 72).tile(5)
    full = pygame.surfarray.array3d(tile.full).astype(float)
    dim = pygame.surfarray.array3d(tile.dim).astype(float)
    assert full.shape == dim.shape
    assert 0.4 < dim.mean() / full.mean() < 0.65  # about half as bright, the same picture
    assert np.corrcoef(full.ravel(), dim.ravel())[0, 1] > 0.99


def test_the_painted_woods_are_wide_enough_for_the_view():
    assert world_cols(0.0) * 0.05 / 2 >= HALF_WIDTH_M
    for half in (3.0, 5.14, 12.3):
        assert world_cols(half) * 0.05 / 2 >= half
        assert world_cols(half) % FOG_BLOCK == 0


def test_a_wide_window_shows_woods_to_both_edges(tmp_path, monkeypatch):
    from game.ui.app import App
    from game.ui.scenes.play import PlayScene
    from game.ui.theme import BACKDROP

    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    app = App((1920, 1080))
    scene = PlayScene(app, dataclasses.replace(find_level("warm-up"), length_m=60.0))
    app.push(scene)
    app.frame(0.0, [])
    rect = scene.view.rect
    pixels = pygame.surfarray.array3d(app.screen)[rect.left : rect.right, rect.top : rect.bottom]
    backdrop = np.all(pixels == BACKDROP, axis=2)
    assert backdrop.sum() == 0  # no bare strip anywhere in the view
    app.resize((2560, 1080))  # wider still: the painter repaints wider
    app.frame(0.0, [])
    assert scene.view.painter.half_width_m >= scene.view.rect.width / 2 / scene.view.px_per_m


@pytest.mark.parametrize("zoom", [56, 64, 72, 84])
def test_tile_surfaces_join_without_a_line_at_every_zoom(zoom):
    level = find_level("root-run")
    painter = TrailPainter(Trail(level, level.seed), zoom)
    for layer in ("full", "dim", "fog"):
        lower, upper = getattr(painter.tile(4), layer), getattr(painter.tile(5), layer)
        h = lower.get_height()
        stacked = pygame.Surface((lower.get_width(), 2 * h))
        stacked.blit(upper, (0, 0))
        stacked.blit(lower, (0, h))
        pixels = pygame.surfarray.array3d(stacked).astype(float)
        steps = np.abs(np.diff(pixels, axis=1)).mean(axis=(0, 2))
        assert steps[h - 1] <= np.percentile(steps, 99) + 0.1


def _rock_strip(x_from_m: float, half_width_m: float) -> Chunk:
    """A slab of rock from `x_from_m` to the grid's right side, all along the chunk."""
    x = (np.arange(COLS) + 0.5) * 0.05 - HALF_WIDTH_M
    beside = np.broadcast_to(x >= x_from_m, (CHUNK_ROWS, COLS))
    return _flat_chunk(
        1,
        height_m=np.where(beside, 0.12, 0.0).astype(np.float32),
        feature=np.where(beside, FEATURE_ROCK, 0).astype(np.uint8),
        surface=np.where(beside, Surface.DRY_ROCK, Surface.DIRT).astype(np.uint8),
        half_width_m=np.full(CHUNK_ROWS, half_width_m, np.float32),
    )


def _rock_shown(chunk: Chunk) -> np.ndarray:
    """[rows, grid columns]: how much the rock changes the painting, cell by cell."""
    bare = dataclasses.replace(chunk, height_m=chunk.height_m * 0, feature=chunk.feature * 0)
    bare = dataclasses.replace(bare, surface=np.full_like(chunk.surface, Surface.DIRT))
    painted, plain = (
        paint_chunk(_trail_with(c), 1, COLS_PAINTED).full.astype(float) for c in (chunk, bare)
    )
    first = (COLS_PAINTED - COLS) // 2
    return np.abs(painted - plain).mean(axis=2)[20:180, first : first + COLS]


def test_rocks_beside_the_trail_sink_into_the_woods_along_a_ragged_line():
    shown = _rock_shown(_rock_strip(1.1, half_width_m=0.9)) > 20
    col_at = lambda x_m: round((x_m + HALF_WIDTH_M) / 0.05)  # noqa: E731
    assert shown[:, col_at(1.15) : col_at(1.4)].all()  # well inside the grid: rock
    assert not shown[:, col_at(1.8) - 1].any()  # at the grid's side: woods
    # Where the rock gives way to the woods changes from row to row: no straight cut.
    last = np.array([np.flatnonzero(row).max() for row in shown])
    assert last.max() - last.min() >= 4 and np.abs(np.diff(last)).max() >= 1


def test_rocks_on_a_wide_trail_show_right_up_to_its_edge():
    shown = _rock_shown(_rock_strip(1.1, half_width_m=1.6)) > 20
    col = round((1.55 + HALF_WIDTH_M) / 0.05)
    assert shown[:, col].all()

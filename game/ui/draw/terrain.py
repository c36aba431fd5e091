"""Tile surfaces: the trail's own arrays painted once per tile of rows, then only blitted.

Each tile (TILE_ROWS rows, 2 m) becomes three surfaces at the view's zoom:
full detail, the same dimmed (nearer than the gaze band) and fog.

- Full detail: ground colour by surface, blended softly at patch edges and at
  the trail's edge; texture from noise tables anchored at absolute trail rows
  (the same cell always looks the same); light and shade from the height
  field (hillshade, cast shadows, contact shadow at a rock's foot), so rocks
  read as rounded stones and roots as long ridges; mud and wet stone gloss,
  water ripples, snow, speckled scree; off the trail a forest floor of moss,
  leaf litter and low plants with the same light.
- Fog: only coarse shapes, washed into the haze: the ground's colours and the
  large rocks averaged over 40 cm blocks, roots gone.

Any stretch of rows is painted with a margin of rows from beyond it, so
nothing shows a seam where tiles (or the trail's chunks) meet. The meander is
baked in: the view is a world window wider than the grid, and each row of the
grid is laid at its centre-line offset. Painting is split into stages so the
view can prepare the next tile a stage per frame, before it scrolls into
sight: tiles are small so that a stage is a small part of a frame.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator

import numpy as np
import pygame

from game.sim.rules import Surface
from game.sim.terrain import (
    CELL_M,
    CHUNK_ROWS,
    COLS,
    FEATURE_ROOT,
    FEATURE_STEP,
    HALF_WIDTH_M,
    X_M,
    hash_u01,
)
from game.sim.trail import Trail

WORLD_HALF_M = 4.8  # the least half width painted: the trail and the woods on either side
FOG_BLOCK = 8  # cells per side of a fog block (40 cm): what is left of shapes beyond the band
MARGIN_ROWS = 2 * FOG_BLOCK  # rows borrowed from each neighbour: filters never see an edge
PAD_ROWS = 3  # of those, kept for scaling to pixels (3: whole pixels at every zoom)
# Rows painted as one surface: 2 m, whole fog blocks. Smaller tiles paint in
# smaller stages (a frame's share) but repaint their margins more often.
TILE_ROWS = 5 * FOG_BLOCK
TILE_M = TILE_ROWS * CELL_M
TEXTURE_ROWS = 1024  # the noise tables repeat every 51 m, under different ground each time
X_GRID = X_M.astype(np.float32)

# Pictures are painted channel first, [3, rows, cols]: a per-cell factor then
# broadcasts over the three channels in long runs, several times faster in NumPy
# than [rows, cols, 3] with an axis of three repeated for every cell.


def _rgb(r: float, g: float, b: float) -> np.ndarray:
    """A colour as a column that broadcasts over a [3, rows, cols] picture."""
    return np.array((r, g, b), dtype=np.float32)[:, None, None]


# Ground colours (warm, natural; lit from the top left at noon in a forest).
GROUND_RGB = np.zeros((len(Surface), 3), dtype=np.float32)
GROUND_RGB[Surface.DIRT] = (150, 114, 78)
GROUND_RGB[Surface.GRASS] = (104, 134, 64)
GROUND_RGB[Surface.MUD] = (76, 56, 40)
GROUND_RGB[Surface.ROOT] = (140, 106, 74)  # the ground a root lies on: dirt
GROUND_RGB[Surface.WET_ROOT] = (104, 78, 56)  # wet ground
GROUND_RGB[Surface.DRY_ROCK] = (150, 114, 78)
GROUND_RGB[Surface.WET_ROCK] = (110, 84, 60)
GROUND_RGB[Surface.SCREE] = (156, 150, 138)
GROUND_RGB[Surface.SNOW] = (236, 240, 246)
GROUND_RGB[Surface.WATER] = (54, 84, 92)
GROUND_BY_CHANNEL = np.ascontiguousarray(GROUND_RGB.T)  # [3, surface]: indexed by a grid
# How much the per-cell grain shows on each ground: scree is speckled, snow smooth.
GRAIN = np.array([0.22, 0.30, 0.14, 0.22, 0.18, 0.22, 0.18, 0.0, 0.05, 0.06], dtype=np.float32)
WETNESS = np.array([0, 0, 1.0, 0, 0.6, 0, 0.6, 0, 0, 0], dtype=np.float32)

ROCK_RGB = _rgb(146, 142, 134)
STEP_RGB = _rgb(128, 120, 106)
WET_ROCK_RGB = _rgb(92, 98, 106)
LICHEN_RGB = _rgb(128, 142, 96)
ROOT_RGB = _rgb(122, 86, 54)
WET_ROOT_RGB = _rgb(82, 56, 38)
MOSS_RGB = _rgb(46, 72, 40)
FERN_RGB = _rgb(74, 108, 50)
LITTER_RGB = _rgb(86, 68, 44)
VERGE_RGB = _rgb(84, 112, 56)
SHEEN_RGB = _rgb(206, 214, 218)
PUDDLE_RGB = _rgb(48, 50, 46)

LIGHT_FOG = {"day": (200, 208, 206), "dusk": (92, 98, 122), "night": (10, 12, 18)}
LIGHT_TINT = {"day": (1.0, 1.0, 1.0), "dusk": (0.82, 0.8, 0.92), "night": (0.85, 0.85, 0.9)}
FOG_HAZE = {"day": 0.42, "dusk": 0.5, "night": 0.8}
VERGE_M = 0.35  # the grassy verge's reach beyond the trail's edge
LIP_M = 0.6  # past this beyond the edge, the verge and the lip's shade are exactly nothing
# Nearer than the band (peripheral vision): the same ground, about half as bright.
DIM_RGB = (8, 10, 12)
DIM_ALPHA = {"day": 120, "dusk": 120, "night": 170}


def world_cols(half_width_m: float) -> int:
    """Columns painted for a half width: whole fog blocks, never less than the grid."""
    half = max(half_width_m, WORLD_HALF_M, HALF_WIDTH_M)
    blocks = math.ceil(2 * half / (FOG_BLOCK * CELL_M))
    return blocks * FOG_BLOCK


# --- noise tables -----------------------------------------------------------------------


def _soft_noise(seed: int, salt: int, radius: int, cols: int) -> np.ndarray:
    """Isotropic smooth noise over [TEXTURE_ROWS, cols] in [0, 1], tiling in rows.

    White noise blurred three times by a box of `radius` cells (close to a
    Gaussian), then spread to a standard range: no lattice, so no square blobs.
    """
    white = hash_u01(seed, salt, np.arange(TEXTURE_ROWS)[:, None], np.arange(cols)[None, :])
    field = white.astype(np.float32)
    for _ in range(3):
        field = _box_wrap_rows(field, radius)
    z = (field - field.mean()) / max(float(field.std()), 1e-6)
    return np.clip(0.5 + 0.18 * z, 0.0, 1.0).astype(np.float32)


def _box_wrap_rows(values: np.ndarray, radius: int) -> np.ndarray:
    """A box mean of (2r+1)² cells by running sums: rows wrap around, columns repeat the edge."""
    n = 2 * radius + 1
    p = np.concatenate([values[-radius - 1 :], values, values[:radius]])
    c = np.cumsum(p, axis=0)
    rows = (c[n:] - c[:-n]) / n
    p = np.pad(rows, ((0, 0), (radius + 1, radius)), mode="edge")
    c = np.cumsum(p, axis=1)
    return ((c[:, n:] - c[:, :-n]) / n).astype(np.float32)


def _smooth(t: np.ndarray) -> np.ndarray:
    return t * t * (3 - 2 * t)


@functools.lru_cache(maxsize=4)
def grid_noise(seed: int) -> np.ndarray:
    """[4, TEXTURE_ROWS, COLS] float32 in [0, 1] on the trail's grid: grain, fine, patch, pool."""
    grain = hash_u01(seed, 900, np.arange(TEXTURE_ROWS)[:, None], np.arange(COLS)[None, :])
    return np.stack(
        [
            grain.astype(np.float32),
            _soft_noise(seed, 901, 1, COLS),
            _soft_noise(seed, 902, 3, COLS),
            _soft_noise(seed, 903, 5, COLS),
        ]
    )


@functools.lru_cache(maxsize=4)
def _undergrowth(seed: int, cols: int) -> np.ndarray:
    """[TEXTURE_ROWS, cols] in [0, 1]: how far the woods' plants reach in over the verge."""
    return _soft_noise(seed, 910, 1, cols)


@functools.lru_cache(maxsize=4)
def forest_floor(seed: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """The woods beside the trail, [3, TEXTURE_ROWS, cols] float32, and a grassy verge colour.

    Moss with drifts of leaf litter and clumps of low plants lit from the top
    left: it depends on nothing but the seed, so it is painted once.
    """
    grain = hash_u01(seed, 905, np.arange(TEXTURE_ROWS)[:, None], np.arange(cols)[None, :])
    grain = grain.astype(np.float32)
    fine = _soft_noise(seed, 906, 1, cols)
    patch = _soft_noise(seed, 907, 3, cols)
    broad = _soft_noise(seed, 908, 12, cols)
    plants = 0.7 * _soft_noise(seed, 909, 3, cols) + 0.3 * fine
    texture = 0.55 * grain + 0.45 * fine
    litter = np.clip((broad - 0.58) * 4.0, 0.0, 0.7)
    clumps = _smooth(np.clip((plants - 0.45) / 0.3, 0.0, 1.0))
    floor = MOSS_RGB * (1 - litter) + LITTER_RGB * litter
    floor = floor + (FERN_RGB - floor) * (0.7 * clumps * (1 - litter))
    floor = floor * (0.8 + 0.4 * texture) * (0.92 + 0.16 * patch)
    floor = floor * _hillshade(0.12 * clumps, wrap=True)
    verge = VERGE_RGB * (0.85 + 0.3 * texture)
    return floor.astype(np.float32), verge.astype(np.float32)


# --- the painting -------------------------------------------------------------------------


def _grid_rows(trail: Trail, first: int, n: int) -> dict[str, np.ndarray]:
    """The trail's grids for rows [first, first + n), from every chunk they cross."""
    names = ("height_m", "surface", "feature", "centre_m", "half_width_m")
    parts: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for index in range(first // CHUNK_ROWS, (first + n - 1) // CHUNK_ROWS + 1):
        chunk, base = trail.chunk(index), index * CHUNK_ROWS
        rows = slice(max(first - base, 0), min(first + n - base, CHUNK_ROWS))
        for name in names:
            parts[name].append(getattr(chunk, name)[rows])
    return {name: np.concatenate(pieces) for name, pieces in parts.items()}


def _box(values: np.ndarray, radius: int) -> np.ndarray:
    """A (2r+1)² box sum over the last two axes (rows, columns), edges repeated."""
    pad = [(0, 0)] * (values.ndim - 2) + [(radius, radius), (radius, radius)]
    p = np.pad(values, pad, mode="edge")
    n = 2 * radius + 1
    h, w = values.shape[-2:]
    rows = p[..., :h, :]
    for i in range(1, n):
        rows = rows + p[..., i : i + h, :]
    out = rows[..., :w]
    for i in range(1, n):
        out = out + rows[..., i : i + w]
    return out


def _neighbour_max(values: np.ndarray, radius: int) -> np.ndarray:
    p = np.pad(values, radius, mode="edge")
    h, w = values.shape
    out = values.copy()
    for d in range(1, radius + 1):
        for dr, dc in ((d, 0), (-d, 0), (0, d), (0, -d)):
            np.maximum(
                out, p[radius + dr : radius + dr + h, radius + dc : radius + dc + w], out=out
            )
    return out


def _hillshade(height: np.ndarray, wrap: bool = False) -> np.ndarray:
    """Light from up the trail and to the left; tall shapes cast a shadow down and right."""
    if wrap:  # a table that tiles in rows: shade it as if it went on
        padded = np.concatenate([height[-4:], height, height[:4]])
        return _hillshade(padded)[4:-4]
    dh_ds, dh_dx = np.gradient(height, CELL_M)
    shade = 1.0 + 0.32 * np.clip(0.8 * dh_dx - 0.8 * dh_ds, -1.6, 1.6)
    shadow = np.zeros_like(height)
    shadow[:-3, 3:] = np.clip(height[3:, :-3] - height[:-3, 3:] - 0.02, 0.0, 0.3)
    around = _neighbour_max(height, 2)
    contact = np.minimum(0.4, 3.0 * np.clip(around - height, 0.0, 0.15))
    return np.clip(shade - 1.8 * shadow, 0.38, 1.4) * (1.0 - contact)


class Painted:
    """One painted stretch of rows (a chunk, a tile): full-detail and fog colours, each
    [rows, cols, 3] uint8.

    `full` and `fog` are the stretch's own rows; the `_padded` arrays have
    PAD_ROWS more of the rows on each side, so scaling to pixels blends across
    the join exactly as it does inside. They are views of the channel-first
    planes the painting makes (`planes`).
    """

    def __init__(self, full_planes: np.ndarray, fog_planes: np.ndarray):
        self.planes = (full_planes, fog_planes)  # [3, rows, cols], padded
        self.full_padded, self.fog_padded = (
            np.moveaxis(full_planes, 0, -1),
            np.moveaxis(fog_planes, 0, -1),
        )
        self.full = self.full_padded[PAD_ROWS:-PAD_ROWS]
        self.fog = self.fog_padded[PAD_ROWS:-PAD_ROWS]


def _paint_grid(grids, seed: int, first: int, n: int) -> Iterator[None]:
    """On the trail's own grid: shaded ground, and rocks and roots with how much they cover.

    A generator of stages (see `paint_stages`) whose value is the painted grids.
    """
    surface, feature = grids["surface"], grids["feature"]
    height = grids["height_m"].astype(np.float32)
    grain, fine, patch, pool = grid_noise(seed)[:, np.arange(first, first + n) % TEXTURE_ROWS]
    # Ground colours, grain and wetness blended over a few cells (soft patch edges);
    # under a rock or a root, the ground around it.
    bare = ((feature == 0) | (height < 0.01)).astype(np.float32)
    kinds = np.stack([surface == Surface.SCREE, surface == Surface.WATER, surface == Surface.SNOW])
    stack = np.concatenate(
        [GROUND_BY_CHANNEL[:, surface], GRAIN[surface][None], WETNESS[surface][None], kinds]
    )
    summed = _box(stack * bare, 3)
    weight = _box(bare, 3)
    blended = np.where(weight > 0.5, summed / np.maximum(weight, 1e-6), stack)
    yield None
    ground, grain_amp, wet = blended[:3], blended[3], blended[4]
    scree, water, snowy = blended[5], blended[6], blended[7]
    texture = 0.55 * grain + 0.45 * fine
    ground = ground * (1.0 + grain_amp * (texture - 0.5))
    snow = surface == Surface.SNOW
    # Scree: loose stones, some pale, some dark, each a cell or two.
    stones = np.where(grain < 0.22, 0.7, np.where(grain > 0.8, 1.2, 0.94 + 0.12 * fine))
    ground = ground * (1.0 + scree * (stones - 1.0))
    # Mud holds puddles; water runs in ripples across the trail.
    mud = np.clip(wet - water, 0.0, 1.0)
    puddle = mud * _smooth(np.clip((pool - 0.68) / 0.03, 0.0, 1.0))
    ground = ground + (PUDDLE_RGB - ground) * puddle
    s_m = (first + np.arange(n, dtype=np.float32)) * CELL_M
    ripple = np.sin(s_m[:, None] * 17.0 + 7.0 * patch + 2.0 * X_GRID[None, :])
    ground = ground * (1.0 + 0.12 * water * ripple)
    base = ground
    yield None

    # Rocks and roots drawn over the ground, softly from their height; snow covers them.
    rocky = (feature != 0) & (feature != FEATURE_ROOT) & ~snow
    root = (feature == FEATURE_ROOT) & ~snow
    rock_a = rocky * _smooth(np.clip(height / 0.05, 0.0, 1.0))
    root_a = root * np.clip(height / 0.02, 0.0, 1.0)
    wet_rock = surface == Surface.WET_ROCK
    damp = _box(wet_rock.astype(np.float32), 2) / 25.0
    rock = ROCK_RGB + (WET_ROCK_RGB - ROCK_RGB) * damp
    lichen = np.clip((patch - 0.7) * 4.0, 0.0, 0.35) * ~wet_rock
    rock = (rock * (1 - lichen) + LICHEN_RGB * lichen) * (0.92 + 0.16 * texture)
    # A step is a slab of weathered stone: darker, rougher, streaked across the trail.
    step = feature == FEATURE_STEP
    streaks = 0.78 + 0.3 * patch + 0.14 * (grain - 0.5)
    rock = np.where(step, STEP_RGB * streaks, rock)
    wet_root = surface == Surface.WET_ROOT
    root_rgb = np.where(wet_root, WET_ROOT_RGB, ROOT_RGB) * (0.9 + 0.2 * fine)
    feat = np.where(rocky, rock, root_rgb)
    feat_a = np.maximum(rock_a, root_a)
    yield None

    shade = _hillshade(height)
    ground = ground * shade
    feat = feat * shade
    # Wet things shine: a soft sheen on mud, highlights on the lit faces of wet stone and root.
    glossy = _smooth(np.clip((patch - 0.58) / 0.25, 0.0, 1.0)) * (0.6 + 0.4 * fine)
    # The far (up-trail) rim of a puddle catches the light.
    d_pool = np.gradient(pool, axis=0) - np.gradient(pool, axis=1)
    rim = mud * np.clip(1.0 - np.abs(pool - 0.69) / 0.015, 0.0, 1.0) * (d_pool < 0)
    sheen = 0.14 * mud * glossy * (1 - puddle) + 0.3 * water * np.clip(ripple - 0.6, 0, 1)
    sheen = sheen + puddle * 0.08 * glossy + 0.45 * rim
    sheen = np.maximum(sheen, 0.6 * snowy * (grain > 0.985))
    ground = ground + (SHEEN_RGB - ground) * sheen
    lit = np.clip((shade - 1.05) * 3.0, 0.0, 1.0) * (wet_rock | wet_root)
    feat = feat + (SHEEN_RGB - feat) * (0.5 * lit)
    # What the fog keeps: the ground's colours and the large rocks.
    big = np.clip((height - 0.08) / 0.05, 0.0, 1.0) * rocky
    coarse = base + (ROCK_RGB * 0.7 * shade - base) * big
    return ground, feat, feat_a, np.minimum(shade, 1.0), coarse, big


def paint_stages(
    trail: Trail, first_row: int, rows: int, cols: int, light: str = "day"
) -> Iterator[Painted | None]:
    """Paint trail rows [first_row, first_row + rows) over `cols` world columns, yielding
    None between stages; both are whole fog blocks, so every stretch has the same blocks.

    The last value yielded is the `Painted` result.
    """
    n = rows + 2 * MARGIN_ROWS
    first = first_row - MARGIN_ROWS
    grids = _grid_rows(trail, first, n)
    yield None
    ground, feat, feat_a, shadow, coarse, big = yield from _paint_grid(grids, trail.seed, first, n)
    yield None

    # Only the band of world columns the trail reaches is painted here: beyond
    # it the woods are exactly their table (see `_woods`).
    band = _trail_band(grids, cols)
    width = band.stop - band.start
    texture_rows = np.arange(first, first + n) % TEXTURE_ROWS
    # Where each painted cell lies on the trail's grid (the meander moves the grid).
    world_x = (-cols / 2 + 0.5 + np.arange(band.start, band.stop, dtype=np.float32)) * CELL_M
    trail_x = world_x[None, :] - grids["centre_m"][:, None]
    col = np.floor((trail_x + HALF_WIDTH_M) / CELL_M).astype(np.int64)
    on_grid = (col >= 0) & (col < COLS)
    at = _GridLookup(np.clip(col, 0, COLS - 1))
    beyond_edge = np.abs(trail_x) - grids["half_width_m"][:, None]  # metres, > 0 off the trail
    on_trail = np.clip(0.5 - beyond_edge / (1.5 * CELL_M), 0.0, 1.0) * on_grid
    floor_table, verge_table = forest_floor(trail.seed, cols)
    floor, verge_rgb = floor_table[:, texture_rows, band], verge_table[:, texture_rows, band]
    # A grassy verge along the edge, and the shadows of rocks beside the trail.
    verge = np.clip(1.0 - beyond_edge / VERGE_M, 0.0, 1.0) * 0.6
    floor = floor + (verge_rgb - floor) * verge
    fog_floor = floor
    # Rocks and roots beside the trail sink into the undergrowth before the
    # grid stops, along a ragged line, never on the trail itself.
    ragged = _undergrowth(trail.seed, cols)[texture_rows, band]
    grid_side = np.clip((HALF_WIDTH_M - 0.1 - 0.3 * ragged - np.abs(trail_x)) / 0.06, 0.0, 1.0)
    grid_side = np.maximum(grid_side, on_trail)
    floor = floor * (1.0 + (at(shadow) - 1.0) * grid_side)
    colour = floor + (at(ground) - floor) * on_trail
    yield None
    feat_a = at(feat_a) * grid_side
    colour = colour + (at(feat) - colour) * feat_a
    # A shaded lip where the trail drops into the verge.
    lip = np.exp(-(((beyond_edge - 0.04) / 0.05) ** 2)) * (1.0 - feat_a)
    colour = colour * (1.0 - 0.22 * lip)
    tint = _rgb(*LIGHT_TINT[light])
    keep = slice(MARGIN_ROWS - PAD_ROWS, n - MARGIN_ROWS + PAD_ROWS)
    woods_full, woods_blocks = _woods(trail.seed, cols, light)
    full = woods_full[:, texture_rows[keep]]
    full[:, :, band] = np.clip(colour[:, keep] * tint, 0, 255).astype(np.uint8)
    yield None

    # Fog: only coarse shapes, averaged over blocks and washed into the haze.
    big = at(big) * grid_side
    src = fog_floor + (at(coarse) - fog_floor) * np.maximum(on_trail, big)
    b = FOG_BLOCK
    fog = woods_blocks[:, (first // b + np.arange(n // b)) % (TEXTURE_ROWS // b)]
    blocks = src.reshape(3, n // b, b, width // b, b)
    fog[:, :, band.start // b : band.stop // b] = blocks.mean(axis=(2, 4))
    # Colour changes commute with the interpolation: do them on the blocks.
    fog = 0.45 * fog + 0.55 * fog.mean(axis=0, keepdims=True)
    haze = FOG_HAZE[light]
    fog = (fog * (1 - haze) + _rgb(*LIGHT_FOG[light]) * haze) * tint
    fog = _upsample(fog, MARGIN_ROWS - PAD_ROWS, rows + 2 * PAD_ROWS, cols)
    yield Painted(full, np.clip(fog, 0, 255).astype(np.uint8))


def _trail_band(grids: dict[str, np.ndarray], cols: int) -> slice:
    """The world columns the trail can change in these rows, as whole fog blocks.

    Beyond the grid, the verge and the lip (LIP_M past the edge the lip's
    shading rounds to exactly nothing in float32) every term of the painting is
    exactly zero, so those cells are the woods' own colour.
    """
    reach = max(HALF_WIDTH_M, float(grids["half_width_m"].max()) + LIP_M)
    centre = grids["centre_m"]
    lo = (float(centre.min()) - reach) / CELL_M + cols / 2 - 0.5
    hi = (float(centre.max()) + reach) / CELL_M + cols / 2 + 0.5
    b = FOG_BLOCK
    return slice(max(0, math.floor(lo / b) * b), min(cols, math.ceil(hi / b) * b))


@functools.lru_cache(maxsize=4)
def _woods(seed: int, cols: int, light: str) -> tuple[np.ndarray, np.ndarray]:
    """The woods where the trail does not reach, in every tile alike: full detail
    [3, TEXTURE_ROWS, cols] uint8 and the mean colour of each fog block."""
    floor, _ = forest_floor(seed, cols)
    full = np.clip(floor * _rgb(*LIGHT_TINT[light]), 0, 255).astype(np.uint8)
    b = FOG_BLOCK
    blocks = floor.reshape(3, TEXTURE_ROWS // b, b, cols // b, b).mean(axis=(2, 4))
    return full, blocks


class _GridLookup:
    """Values on the trail's grid, [..., rows, COLS], read at each painted cell's grid column.

    One flat index for the whole picture: `take` on it is several times faster
    than `take_along_axis`, which builds a broadcast index for every call.
    """

    def __init__(self, col: np.ndarray):
        self.shape = col.shape
        self.flat = (np.arange(col.shape[0])[:, None] * COLS + col).ravel()

    def __call__(self, values: np.ndarray) -> np.ndarray:
        lead = values.shape[:-2]
        flat = values.reshape(*lead, -1).take(self.flat, axis=-1)
        return flat.reshape(*lead, *self.shape)


def _upsample(coarse: np.ndarray, first_row: int, rows: int, cols: int) -> np.ndarray:
    """Bilinear from block centres to cells, rows [first_row, first_row + rows) of the padded grid.

    `coarse` is [3, block rows, block columns]; the result [3, rows, cols].
    """
    b = FOG_BLOCK
    r = (np.arange(first_row, first_row + rows) - (b - 1) / 2) / b
    r0 = np.floor(r).astype(int)
    fr = (r - r0).astype(np.float32)[:, None]
    top = coarse[:, r0] * (1 - fr) + coarse[:, r0 + 1] * fr
    c = np.clip((np.arange(cols) - (b - 1) / 2) / b, 0, coarse.shape[2] - 1)
    c0 = np.minimum(np.floor(c).astype(int), coarse.shape[2] - 2)
    fc = (c - c0).astype(np.float32)
    return top[:, :, c0] * (1 - fc) + top[:, :, c0 + 1] * fc


def paint_chunk(trail: Trail, index: int, cols: int, light: str = "day") -> Painted:
    """The trail's chunk `index`, all stages of `paint_stages` at once."""
    *_, painted = paint_stages(trail, index * CHUNK_ROWS, CHUNK_ROWS, cols, light)
    return painted


def trail_picture(
    trail: Trail, index: int, size: tuple[int, int], light: str = "day", chunks: int = 1
) -> pygame.Surface:
    """A stretch of trail running left to right across a picture `size` (a card, a banner).

    `chunks` chunks of trail from chunk `index` on (ten metres each), with as
    much of the woods as the picture's shape holds.
    """
    cols = world_cols(0.0)
    rows = CHUNK_ROWS * chunks
    keep = min(cols, max(FOG_BLOCK, round(rows * size[1] / size[0])))
    first = (cols - keep) // 2
    parts = [paint_chunk(trail, index + k, cols, light).full for k in range(chunks)]
    rgb = np.concatenate(parts)[:, first : first + keep]
    # Rows run up the trail: as x on the picture, the trail runs across it.
    small = pygame.surfarray.make_surface(np.ascontiguousarray(rgb[:, ::-1]))
    return pygame.transform.smoothscale(small, size)


_XRGB_MASKS = (0xFF0000, 0xFF00, 0xFF, 0)


def _surface_of(planes: np.ndarray) -> pygame.Surface:
    """[3, rows, cols] uint8 (row 0 = lowest s) as a 32-bit surface, s up the screen.

    The channels are packed into whole pixels with NumPy and copied in one go:
    far cheaper than a [cols, rows, 3] array handed to surfarray.
    """
    r, g, b = planes[:, ::-1].astype(np.uint32)
    surface = pygame.Surface((planes.shape[2], planes.shape[1]), 0, 32, _XRGB_MASKS)
    pygame.surfarray.pixels2d(surface)[...] = ((r << 16) | (g << 8) | b).T
    return surface


def scaled_tile(planes: np.ndarray, size: tuple[int, int], px_per_row: float) -> pygame.Surface:
    """A tile's padded planes as a surface `size`, px_per_row pixels to a row of the trail.

    The PAD_ROWS extra rows at each end are scaled with the rest and cut off,
    so the edge rows blend with their true neighbours. pygame's smoothscale
    puts output pixel k at input row k * (rows - 1) / height; a height of
    (rows - 1) * px_per_row maps rows to pixels the same way in every tile, so
    they tile exactly.
    """
    rows = planes.shape[1]
    small = _surface_of(planes)
    scaled = pygame.transform.smoothscale(small, (size[0], round(px_per_row * (rows - 1))))
    return _convert(scaled.subsurface((0, round(px_per_row * PAD_ROWS), *size)))


class Tile:
    """One tile's surfaces, each `TrailPainter.size`: full detail, dimmed and fog."""

    def __init__(self, full: pygame.Surface, dim: pygame.Surface, fog: pygame.Surface):
        self.full, self.dim, self.fog = full, dim, fog


class TrailPainter:
    """Cached tile surfaces for one trail at one zoom, width and light.

    Tile `index` holds trail rows [index * TILE_ROWS, (index + 1) * TILE_ROWS).
    The dimmed copy is blended once when the tile is made, so a frame draws
    every pixel of the ground as one plain copy from a tile of the display's
    format, and blends nothing.
    """

    def __init__(self, trail: Trail, px_per_m: float, light: str = "day", half_width_m=0.0):
        self.trail = trail
        self.px_per_m = px_per_m
        self.light = light
        self.cols = world_cols(half_width_m)
        self.half_width_m = self.cols * CELL_M / 2
        self.px_per_row = CELL_M * px_per_m
        # Whole pixels, rounded up: at a zoom with a fraction of a pixel per tile,
        # neighbouring tiles overlap by under a pixel rather than leave a gap.
        tile_px = math.ceil(TILE_ROWS * self.px_per_row - 1e-6)
        self.size = (round(self.cols * CELL_M * px_per_m), tile_px)
        self._dim_layer = pygame.Surface(self.size)
        self._dim_layer.fill(DIM_RGB)
        self._dim_layer.set_alpha(DIM_ALPHA[light])
        self._tiles: dict[int, Tile] = {}
        self._pending: tuple[int, Iterator] | None = None
        self.painted = 0  # tiles painted so far (a painter paints each tile once)

    def tile(self, index: int) -> Tile:
        """Tile `index`, painted now if it is not ready."""
        while index not in self._tiles:
            self._advance(index)
        return self._tiles[index]

    def prefetch(self, index: int, ahead: int = 1) -> None:
        """One stage of painting the first of tiles index, index + 1, ... (`ahead` of them)
        not painted yet: ahead of need, so a frame never paints a whole tile."""
        for wanted in range(index, index + ahead):
            if wanted not in self._tiles:
                self._advance(wanted)
                return

    def _advance(self, index: int) -> None:
        if self._pending is None or self._pending[0] != index:
            self._pending = (index, self._stages(index))
        try:
            next(self._pending[1])
        except StopIteration:
            self._pending = None

    def _stages(self, index: int) -> Iterator[None]:
        painted = None
        for stage in paint_stages(self.trail, index * TILE_ROWS, TILE_ROWS, self.cols, self.light):
            painted = stage
            yield
        full_planes, fog_planes = painted.planes
        full = scaled_tile(full_planes, self.size, self.px_per_row)
        yield
        dim = full.copy()
        dim.blit(self._dim_layer, (0, 0))
        yield
        fog = scaled_tile(fog_planes, self.size, self.px_per_row)
        self._tiles[index] = Tile(full, dim, fog)
        self.painted += 1

    def release_before(self, index: int) -> None:
        for old in [i for i in self._tiles if i < index]:
            del self._tiles[old]

    @property
    def cached(self) -> int:
        return len(self._tiles)


def _convert(surface: pygame.Surface) -> pygame.Surface:
    """A copy in the display's format (blitted as a plain copy); with no display, a copy."""
    return surface.convert() if pygame.display.get_surface() is not None else surface.copy()

"""Chunk surfaces: the trail's own arrays painted once per chunk, then only blitted.

Each chunk becomes two surfaces: full detail (colour by surface, hillshade and
cast shadows from the height field so rocks read as rocks and roots as roots,
texture, a wet gloss) and fog (blurred, pale, roots gone, large rocks as soft
shapes). The meander is baked in: the view is a world window wider than the
grid, and each row of the grid is laid at its centre-line offset.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.rules import Surface
from game.sim.terrain import (
    CELL_M,
    CHUNK_M,
    CHUNK_ROWS,
    COLS,
    FEATURE_ROOT,
    HALF_WIDTH_M,
    Chunk,
    hash_u01,
)
from game.sim.trail import Trail

WORLD_HALF_M = 4.8  # the view's half width in metres: the trail and the woods on either side
WORLD_COLS = round(2 * WORLD_HALF_M / CELL_M)

SURFACE_RGB = np.zeros((len(Surface), 3))
SURFACE_RGB[Surface.DIRT] = (146, 112, 78)
SURFACE_RGB[Surface.GRASS] = (92, 128, 62)
SURFACE_RGB[Surface.MUD] = (82, 60, 42)
SURFACE_RGB[Surface.ROOT] = (118, 84, 52)
SURFACE_RGB[Surface.WET_ROOT] = (86, 60, 40)
SURFACE_RGB[Surface.DRY_ROCK] = (138, 134, 124)
SURFACE_RGB[Surface.WET_ROCK] = (92, 98, 104)
SURFACE_RGB[Surface.SCREE] = (164, 156, 140)
SURFACE_RGB[Surface.SNOW] = (232, 238, 244)
SURFACE_RGB[Surface.WATER] = (62, 96, 120)
BRUSH_RGB = np.array([52, 78, 44])
WET = np.zeros(len(Surface), dtype=bool)
WET[[Surface.MUD, Surface.WET_ROOT, Surface.WET_ROCK, Surface.WATER]] = True

LIGHT_FOG = {"day": (196, 204, 206), "dusk": (92, 98, 122), "night": (10, 12, 18)}
LIGHT_TINT = {"day": (1.0, 1.0, 1.0), "dusk": (0.82, 0.8, 0.92), "night": (0.85, 0.85, 0.9)}


def _cell_noise(seed: int, index: int, salt: int) -> np.ndarray:
    """Per-cell texture in [0, 1), anchored at absolute trail rows: no seams between chunks."""
    rows = np.arange(index * CHUNK_ROWS, (index + 1) * CHUNK_ROWS)[:, None]
    return hash_u01(seed, 100 + salt, rows, np.arange(WORLD_COLS)[None, :])


def _patchy(seed: int, index: int, every: int = 8) -> np.ndarray:
    """Smooth value noise on a lattice every `every` cells, anchored at absolute rows."""
    first = index * CHUNK_ROWS // every
    lattice = hash_u01(
        seed,
        120,
        np.arange(first, first + CHUNK_ROWS // every + 2)[:, None],
        np.arange(WORLD_COLS // every + 2)[None, :],
    )
    rows = np.arange(CHUNK_ROWS) / every
    cols = np.arange(WORLD_COLS) / every
    r0, c0 = rows.astype(int), cols.astype(int)
    tr, tc = (rows - r0)[:, None], (cols - c0)[None, :]
    a = lattice[r0][:, c0] * (1 - tc) + lattice[r0][:, c0 + 1] * tc
    b = lattice[r0 + 1][:, c0] * (1 - tc) + lattice[r0 + 1][:, c0 + 1] * tc
    return a * (1 - tr) + b * tr


def _soften(rgb: np.ndarray) -> np.ndarray:
    """A 3×3 box blur: patch edges lose their cell corners."""
    padded = np.pad(rgb, ((1, 1), (1, 1), (0, 0)), mode="edge")
    total = sum(
        padded[1 + dr : 1 + dr + rgb.shape[0], 1 + dc : 1 + dc + rgb.shape[1]]
        for dr in (-1, 0, 1)
        for dc in (-1, 0, 1)
    )
    return total / 9.0


def paint_chunk(chunk: Chunk, seed: int, light: str = "day") -> np.ndarray:
    """RGB [CHUNK_ROWS, WORLD_COLS, 3] of one chunk, row 0 nearest the start of the trail."""
    rows = np.arange(CHUNK_ROWS)
    world_x = -WORLD_HALF_M + (np.arange(WORLD_COLS) + 0.5) * CELL_M
    trail_x = world_x[None, :] - chunk.centre_m[:, None]
    grid_col = np.floor((trail_x + HALF_WIDTH_M) / CELL_M).astype(np.int64)
    inside = (grid_col >= 0) & (grid_col < COLS)
    gc = np.clip(grid_col, 0, COLS - 1)
    surface = chunk.surface[rows[:, None], gc]
    height = np.where(inside, chunk.height_m[rows[:, None], gc], 0.0)
    feature = chunk.feature[rows[:, None], gc]
    off_trail = np.abs(trail_x) > chunk.half_width_m[:, None]

    grain = _cell_noise(seed, chunk.index, 1)
    texture = 0.5 * grain + 0.5 * _patchy(seed, chunk.index, 2)
    patchy = 0.8 + 0.4 * _patchy(seed, chunk.index)
    flat = _soften(SURFACE_RGB[surface])
    rgb = flat * (0.86 + 0.28 * texture[..., None]) * (0.92 + 0.08 * patchy[..., None])
    # Off the trail: brush and forest floor, the same inside and outside the grid.
    brush = BRUSH_RGB * patchy[..., None] * (0.8 + 0.4 * texture[..., None])
    rocky = (feature != 0) & inside & (height > 0.03)
    wild = off_trail | ~inside
    rgb = np.where((wild & ~rocky)[..., None], brush, rgb)
    # Rocks and roots by their shape: lit faces, shadowed faces, dark where they meet the ground.
    rgb = rgb * _hillshade(height)[..., None] * (1.0 + 0.35 * np.minimum(height, 0.4))[..., None]
    rgb = rgb * (1.0 - np.minimum(0.45, 3.0 * _occlusion(height)))[..., None]
    root = (feature == FEATURE_ROOT) & inside
    rgb = np.where(root[..., None], rgb * 0.92, rgb)
    gloss = WET[surface] & inside & ~off_trail & (grain > 0.94)
    rgb = np.where(gloss[..., None], rgb * 0.55 + 255 * 0.45, rgb)
    # A worn margin where the trail meets the verge.
    edge = np.abs(np.abs(trail_x) - chunk.half_width_m[:, None]) < CELL_M
    rgb = np.where((edge & inside & ~rocky)[..., None], rgb * 0.85, rgb)
    rgb = rgb * np.array(LIGHT_TINT[light])
    return np.clip(rgb, 0, 255).astype(np.uint8)


def _occlusion(height: np.ndarray) -> np.ndarray:
    """How much higher the ground is just around a cell: contact shadow at a rock's foot."""
    around = height.copy()
    for shift in ((1, 0), (-1, 0), (0, 1), (0, -1), (2, 0), (-2, 0), (0, 2), (0, -2)):
        around = np.maximum(around, np.roll(height, shift, (0, 1)))
    return np.clip(around - height, 0.0, 0.15)


def _hillshade(height: np.ndarray) -> np.ndarray:
    """Light from up the trail and to the left; rocks cast a shadow down and right."""
    dh_ds, dh_dx = np.gradient(height, CELL_M)
    shade = 1.0 + 0.3 * np.clip(dh_ds * 0.8 - dh_dx * 0.8, -1.5, 1.5)
    shadow = np.zeros_like(height)
    shifted = height[3:, :-3]  # the height 15 cm up-trail and to the left
    shadow[:-3, 3:] = np.clip(shifted - height[:-3, 3:] - 0.02, 0.0, 0.3)
    return np.clip(shade - 1.8 * shadow, 0.4, 1.35)


def to_surface(rgb: np.ndarray, size: tuple[int, int]) -> pygame.Surface:
    """An RGB array (row 0 = lowest s) as a surface the given size, s up the screen."""
    small = pygame.surfarray.make_surface(np.ascontiguousarray(rgb[::-1].transpose(1, 0, 2)))
    return pygame.transform.smoothscale(small, size)


def fog_of(rgb: np.ndarray, light: str, size: tuple[int, int]) -> pygame.Surface:
    """Beyond the band: coarse shapes only, washed into the haze."""
    small = pygame.surfarray.make_surface(np.ascontiguousarray(rgb[::-1].transpose(1, 0, 2)))
    coarse = pygame.transform.smoothscale(small, (max(1, WORLD_COLS // 5), max(1, CHUNK_ROWS // 5)))
    blurred = pygame.transform.smoothscale(coarse, size)
    haze = pygame.Surface(size)
    haze.fill(LIGHT_FOG[light])
    haze.set_alpha(200 if light == "night" else 115)
    blurred.blit(haze, (0, 0))
    return blurred


class TrailPainter:
    """Cached chunk surfaces for one trail at one zoom."""

    def __init__(self, trail: Trail, px_per_m: float, light: str = "day"):
        self.trail = trail
        self.px_per_m = px_per_m
        self.light = light
        self.size = (round(2 * WORLD_HALF_M * px_per_m), round(CHUNK_M * px_per_m))
        self._full: dict[int, pygame.Surface] = {}
        self._fog: dict[int, pygame.Surface] = {}

    def surfaces(self, index: int) -> tuple[pygame.Surface, pygame.Surface]:
        full = self._full.get(index)
        if full is None:
            rgb = paint_chunk(self.trail.chunk(index), self.trail.seed, self.light)
            full = self._full[index] = _convert(to_surface(rgb, self.size))
            self._fog[index] = _convert(fog_of(rgb, self.light, self.size))
        return full, self._fog[index]

    def release_before(self, index: int) -> None:
        for old in [i for i in self._full if i < index]:
            del self._full[old], self._fog[old]

    @property
    def cached(self) -> int:
        return len(self._full)


def _convert(surface: pygame.Surface) -> pygame.Surface:
    return surface.convert() if pygame.display.get_surface() is not None else surface

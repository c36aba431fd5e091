"""Queries on a generated trail: footprint, swing path, gradient.

A `Trail` generates chunks on demand and keeps them until released, so an
endless run holds only the stretch around the runner. Every query takes arrays
as readily as scalars: the runner asks about one foothold, the planners about
thousands at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from game.levels import LevelSpec
from game.sim.rules import SURFACE_STABILITY, Shoe, shoe_grip
from game.sim.terrain import CELL_M, CHUNK_M, CHUNK_ROWS, COLS, HALF_WIDTH_M, Chunk, generate_chunk

# The footprint is about 0.10 × 0.27 m: two columns by six rows of 5 cm cells.
FOOT_ROWS = np.arange(-3, 3)
FOOT_COLS = np.arange(-1, 1)
FOOT_HALF_LENGTH_M = 0.14
PATH_SAMPLES = 32


@dataclass(frozen=True, slots=True)
class Footing:
    """What a foot finds where it lands (arrays when asked about many footholds)."""

    surface: np.ndarray | int
    grip: np.ndarray | float
    stability: np.ndarray | float
    unevenness_m: np.ndarray | float  # height range under the sole: rock edges, root tops
    top_m: np.ndarray | float


class Trail:
    def __init__(self, level: LevelSpec, seed: int):
        self.level = level
        self.seed = seed
        self.length_m = level.length_m
        self._chunks: dict[int, Chunk] = {}

    def chunk(self, index: int) -> Chunk:
        found = self._chunks.get(index)
        if found is None:
            found = self._chunks[index] = generate_chunk(self.level, self.seed, index)
        return found

    def release_before(self, s_m: float) -> None:
        """Forget the chunks wholly behind `s_m` (an endless run's memory stays flat)."""
        first_kept = math.floor(s_m / CHUNK_M) - 1
        for index in [i for i in self._chunks if i < first_kept]:
            del self._chunks[index]

    @property
    def chunks_held(self) -> int:
        return len(self._chunks)

    # --- gathering ---------------------------------------------------------------

    def _gather(self, name: str, rows, cols) -> np.ndarray:
        """Cells of one chunk field at global (row, col), chunk boundaries included."""
        rows = np.maximum(np.asarray(rows, dtype=np.int64), 0)
        cols = np.clip(np.asarray(cols, dtype=np.int64), 0, COLS - 1)
        index = rows // CHUNK_ROWS
        lo, hi = int(index.min()), int(index.max())
        if lo == hi:
            return getattr(self.chunk(lo), name)[rows - lo * CHUNK_ROWS, cols]
        out = np.empty(rows.shape, dtype=getattr(self.chunk(lo), name).dtype)
        for i in range(lo, hi + 1):
            here = index == i
            if here.any():
                out[here] = getattr(self.chunk(i), name)[rows[here] - i * CHUNK_ROWS, cols[here]]
        return out

    def _row_value(self, name: str, s_m: float) -> float:
        row = max(0, int(s_m / CELL_M))
        return float(getattr(self.chunk(row // CHUNK_ROWS), name)[row % CHUNK_ROWS])

    def grade_at(self, s_m: float) -> float:
        return self._row_value("grade", s_m)

    def half_width_at(self, s_m: float) -> float:
        return self._row_value("half_width_m", s_m)

    def centre_at(self, s_m: float) -> float:
        return self._row_value("centre_m", s_m)

    def rows_of(self, name: str, s_m) -> np.ndarray:
        """A per-row field (grade, half_width_m, centre_m) at many positions."""
        rows = np.maximum((np.asarray(s_m, dtype=np.float64) / CELL_M).astype(np.int64), 0)
        index = rows // CHUNK_ROWS
        out = np.empty(rows.shape, dtype=np.float32)
        for i in np.unique(index):
            here = index == i
            out[here] = getattr(self.chunk(int(i)), name)[rows[here] - i * CHUNK_ROWS]
        return out

    # --- footholds ---------------------------------------------------------------

    def footing(self, s_m, x_m, shoe: Shoe) -> Footing:
        """Surface, grip, stability and unevenness under a footprint centred at (s, x)."""
        s_m = np.asarray(s_m, dtype=np.float64)
        x_m = np.asarray(x_m, dtype=np.float64)
        row = np.floor(s_m / CELL_M).astype(np.int64)[..., None, None] + FOOT_ROWS[:, None]
        col = np.rint((x_m + HALF_WIDTH_M) / CELL_M).astype(np.int64)[..., None, None] + FOOT_COLS
        row, col = np.broadcast_arrays(row, col)
        height = self._gather("height_m", row, col)
        surface = self._gather("surface", row, col)
        grips = shoe_grip(shoe)[surface]
        stab = np.minimum(1.0, SURFACE_STABILITY[surface] * shoe.stability)
        top = height.max(axis=(-2, -1))
        centre = surface[..., 3, 1]
        footing = Footing(
            surface=centre,
            grip=grips.mean(axis=(-2, -1)),
            stability=stab.mean(axis=(-2, -1)),
            unevenness_m=top - height.min(axis=(-2, -1)),
            top_m=top,
        )
        return _scalars(footing) if s_m.ndim == 0 and x_m.ndim == 0 else footing

    def path_top(self, s0, x0, s1, x1):
        """The highest terrain under a swing from one foothold to the next.

        The take-off and landing footprints are left out: landing on a rock is
        a question of footing, catching the toe on one on the way is a trip.
        """
        s0, x0, s1, x1 = (np.asarray(a, dtype=np.float64) for a in (s0, x0, s1, x1))
        length = np.maximum(s1 - s0, 1e-6)
        lo = np.minimum(FOOT_HALF_LENGTH_M / length, 0.5)
        t = np.linspace(0.0, 1.0, PATH_SAMPLES)
        t = lo[..., None] + (1 - 2 * lo[..., None]) * t
        s = s0[..., None] + (s1 - s0)[..., None] * t
        x = x0[..., None] + (x1 - x0)[..., None] * t
        row = np.floor(s / CELL_M).astype(np.int64)
        col = np.rint((x + HALF_WIDTH_M) / CELL_M).astype(np.int64)
        height = np.maximum(
            self._gather("height_m", row, col), self._gather("height_m", row, col - 1)
        )
        top = height.max(axis=-1)
        return float(top) if top.ndim == 0 else top


def _scalars(footing: Footing) -> Footing:
    return Footing(
        surface=int(footing.surface),
        grip=float(footing.grip),
        stability=float(footing.stability),
        unevenness_m=float(footing.unevenness_m),
        top_m=float(footing.top_m),
    )

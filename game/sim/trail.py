"""Queries on a generated trail: footprint, swing path, gradient.

A `Trail` generates chunks on demand and keeps them until released, so an
endless run holds only the stretch around the runner. Every query takes arrays
as readily as scalars: the runner asks about one foothold, the planners about
thousands at once.
"""

from __future__ import annotations

import functools
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
_FOOT_SHARE = 1.0 / (len(FOOT_ROWS) * len(FOOT_COLS))
PATH_SAMPLES = 24


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
        self._win_lo, self._win_hi = 1, 0  # empty
        self._win_height = self._win_surface = None

    @classmethod
    def from_chunks(cls, level: LevelSpec, chunks: list[Chunk]) -> Trail:
        """A trail of hand-made chunks (0, 1, ...), for tests where the answer is known."""
        trail = cls(level, level.seed)
        trail._chunks = {c.index: c for c in chunks}
        return trail

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
        if self._win_lo < first_kept:
            self._win_lo, self._win_hi = 1, 0
            self._win_height = self._win_surface = None

    @property
    def chunks_held(self) -> int:
        return len(self._chunks)

    # --- gathering ---------------------------------------------------------------

    def _window(self, row_lo: int, row_hi: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Height and surface of the chunks covering global rows [row_lo, row_hi], contiguous.

        Queries come in runs along the trail, so the window is rebuilt only when
        they move past it, about once a chunk; each query is then one gather.
        """
        lo, hi = max(row_lo, 0) // CHUNK_ROWS, max(row_hi, 0) // CHUNK_ROWS
        if not self._win_lo <= lo <= hi <= self._win_hi:
            first, last = lo, max(hi, lo + 2)
            chunks = [self.chunk(i) for i in range(first, last + 1)]
            self._win_height = np.concatenate([c.height_m for c in chunks])
            self._win_surface = np.concatenate([c.surface for c in chunks])
            # The sole is two cells wide: a swing path reads the higher of each pair.
            pair = self._win_height.copy()
            pair[:, 1:] = np.maximum(self._win_height[:, 1:], self._win_height[:, :-1])
            self._win_pair = pair
            self._win_lo, self._win_hi = first, last
        return self._win_height, self._win_surface, self._win_lo * CHUNK_ROWS

    def _cells(self, rows: np.ndarray, cols: np.ndarray):
        """(height, surface) at global cells; rows before the start read row 0."""
        rows = np.maximum(rows, 0)
        height, surface, row0 = self._window(int(rows.min()), int(rows.max()))
        index = (rows - row0, np.minimum(np.maximum(cols, 0), COLS - 1))
        return height[index], surface[index]

    def _pair_heights(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        rows = np.maximum(rows, 0)
        _, _, row0 = self._window(int(rows.min()), int(rows.max()))
        return self._win_pair[rows - row0, np.minimum(np.maximum(cols, 0), COLS - 1)]

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
        lo, hi = int(index.min()), int(index.max())
        if lo == hi:
            return getattr(self.chunk(lo), name)[rows - lo * CHUNK_ROWS]
        table = np.concatenate([getattr(self.chunk(i), name) for i in range(lo, hi + 1)])
        return table[rows - lo * CHUNK_ROWS]

    # --- footholds ---------------------------------------------------------------

    def footing(self, s_m, x_m, shoe: Shoe) -> Footing:
        """Surface, grip, stability and unevenness under a footprint centred at (s, x)."""
        s_m = np.asarray(s_m, dtype=np.float64)
        x_m = np.asarray(x_m, dtype=np.float64)
        row = (s_m / CELL_M).astype(np.int64)[..., None, None] + FOOT_ROWS[:, None]
        col = np.rint((x_m + HALF_WIDTH_M) / CELL_M).astype(np.int64)[..., None, None] + FOOT_COLS
        height, surface = self._cells(row, col)
        top = height.max(axis=(-2, -1))
        footing = Footing(
            surface=surface[..., 3, 1],
            grip=shoe_grip(shoe)[surface].sum(axis=(-2, -1)) * _FOOT_SHARE,
            stability=_stability(shoe)[surface].sum(axis=(-2, -1)) * _FOOT_SHARE,
            unevenness_m=top - height.min(axis=(-2, -1)),
            top_m=top,
        )
        return _scalars(footing) if s_m.ndim == 0 and x_m.ndim == 0 else footing

    def path_top(self, s0, x0, s1, x1):
        """How far terrain under a swing rises above the line from take-off to landing.

        The take-off and landing footprints are left out: landing on a rock is a
        question of footing, catching the toe on one on the way is a trip. The
        line between the two footholds is the baseline, so stepping from one
        rock top to the next clears the rock underfoot.
        """
        s0, x0, s1, x1 = (np.asarray(a, dtype=np.float64) for a in (s0, x0, s1, x1))
        length = np.maximum(s1 - s0, 1e-6)
        lo = np.minimum(FOOT_HALF_LENGTH_M / length, 0.5)[..., None]
        t = lo + (1 - 2 * lo) * _PATH_T
        s = s0[..., None] + (s1 - s0)[..., None] * t
        x = x0[..., None] + (x1 - x0)[..., None] * t
        row = (s / CELL_M).astype(np.int64)
        col = ((x + HALF_WIDTH_M) / CELL_M + 0.5).astype(np.int64)
        height = self._pair_heights(row, col)
        start = height[..., :1]
        end = height[..., -1:]
        baseline = np.maximum(start + (end - start) * _PATH_T, 0.0)
        top = (height - baseline).max(axis=-1)
        return float(top) if top.ndim == 0 else top


_PATH_T = np.linspace(0.0, 1.0, PATH_SAMPLES)


@functools.lru_cache(maxsize=8)
def _stability(shoe: Shoe) -> np.ndarray:
    return np.minimum(1.0, SURFACE_STABILITY * shoe.stability)


def _scalars(footing: Footing) -> Footing:
    return Footing(
        surface=int(footing.surface),
        grip=float(footing.grip),
        stability=float(footing.stability),
        unevenness_m=float(footing.unevenness_m),
        top_m=float(footing.top_m),
    )

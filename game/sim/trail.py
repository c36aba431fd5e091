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

from game.sim.rules import SURFACE_STABILITY, Shoe, shoe_grip
from game.sim.spec import LevelSpec
from game.sim.terrain import (
    CELL_M,
    CHUNK_M,
    CHUNK_ROWS,
    COLS,
    HALF_WIDTH_M,
    Chunk,
    generate_rows,
    trail_profile,
)

# The footprint is about 0.10 × 0.27 m: two columns by six rows of 5 cm cells,
# three rows behind the centre cell and two ahead, the centre column and the one
# to its left.
FOOT_ROWS = np.arange(-3, 3)
FOOT_COLS = np.arange(-1, 1)
_BEHIND, _AHEAD = int(FOOT_ROWS[0]), int(FOOT_ROWS[-1])
FOOT_HALF_LENGTH_M = 0.14
_FOOT_SHARE = 1.0 / (len(FOOT_ROWS) * len(FOOT_COLS))
_FOOT_CENTRE = 7  # the centre cell among the twelve, row by row
PATH_SAMPLES = 24
SPAN_CHUNKS = 12  # chunks generated together: 120 m of trail
WINDOW_CHUNKS = 5  # chunks a query window holds
# The window repeats the grid's edge columns once on each side, so a sole
# centred anywhere from column 0 to COLS reads its two columns without clamping.
_WIDE = COLS + 2
_FOOT_OFFSETS = (FOOT_ROWS[:, None] * _WIDE + FOOT_COLS + 1).ravel()
_FOOT_OFFSETS_FIRST = _FOOT_OFFSETS[:, None, None]
# Rows before the start read row 0; the first window holds three copies of it.
_ROWS_BEFORE_START = -_BEHIND
_ROW_FIELDS = ("grade", "half_width_m", "centre_m")  # a window's per-row fields


@dataclass(frozen=True, slots=True)
class Footing:
    """What a foot finds where it lands (arrays when asked about many footholds)."""

    surface: np.ndarray | int
    grip: np.ndarray | float
    stability: np.ndarray | float
    unevenness_m: np.ndarray | float  # height range under the sole: rock edges, root tops
    top_m: np.ndarray | float


@dataclass(frozen=True, slots=True)
class _Soles:
    """Grip and stability per surface with one shoe: as arrays, stacked, and as lists."""

    shoe: Shoe
    grip: np.ndarray
    stability: np.ndarray
    shares: np.ndarray  # [2, surfaces]: a twelfth of the grip, then of the stability
    grip_list: list[float]
    stability_list: list[float]


@dataclass(frozen=True, slots=True)
class _Window:
    """Consecutive chunks as contiguous arrays, so a query is one gather."""

    first: int  # chunk indices held
    last: int
    row0: int  # the global row of the arrays' first row
    height: np.ndarray  # [rows * (COLS + 2)], row by row, the edge columns repeated
    surface: np.ndarray  # [rows * (COLS + 2)]
    pair: np.ndarray  # [rows, COLS]: the higher of each cell and its left neighbour
    grade: np.ndarray  # [rows]
    half_width_m: np.ndarray  # [rows]
    centre_m: np.ndarray  # [rows]
    # The per-row fields as plain floats too: one foothold's read is a list index.
    rows: dict[str, list[float]]
    row_tops: list[float]  # the highest of `pair` across each row

    def holds(self, row_lo: int, row_hi: int) -> bool:
        return self.row0 <= row_lo and row_hi < (self.last + 1) * CHUNK_ROWS


class Trail:
    def __init__(
        self, level: LevelSpec, seed: int, shared: bool = False, span_chunks: int = SPAN_CHUNKS
    ):
        self.level = level
        self.seed = seed
        self.length_m = level.length_m
        # A trail several runs share keeps every chunk: each run starts at the start.
        self.shared = shared
        # How many chunks are made at once: more is cheaper by the metre, fewer
        # is a shorter pause (a window on screen makes a few at a time).
        self.span_chunks = span_chunks
        self._chunks: dict[int, Chunk] = {}
        self._win: _Window | None = None
        self._shoe_tables: dict[int, _Soles] = {}

    @classmethod
    def from_chunks(cls, level: LevelSpec, chunks: list[Chunk]) -> Trail:
        """A trail of hand-made chunks (0, 1, ...), for tests where the answer is known."""
        trail = cls(level, level.seed)
        trail._chunks = {c.index: c for c in chunks}
        return trail

    def chunk(self, index: int) -> Chunk:
        found = self._chunks.get(index)
        if found is None:
            self._generate_span(index)
            found = self._chunks[index]
        return found

    def _generate_span(self, index: int) -> None:
        """Generate the span of chunks holding `index`, in one go.

        A chunk is the same cell for cell whether generated alone or in a span,
        and a span of twelve costs about what four single chunks do: the calls
        are shared. A headless run takes twelve; a window on screen takes three
        (`span_chunks`), a few milliseconds in one frame rather than 10-15.
        """
        first = index - index % self.span_chunks
        last = first + self.span_chunks
        if self.length_m is not None:
            # Past the finish the runner and its window need two chunks at most.
            last = min(last, max(index + 1, math.ceil(self.length_m / CHUNK_M) + 2))
        missing = [i for i in range(first, last) if i not in self._chunks]
        lo, hi = missing[0], missing[-1] + 1
        grids = generate_rows(self.level, self.seed, lo * CHUNK_ROWS, (hi - lo) * CHUNK_ROWS)
        for i in range(lo, hi):
            if i not in self._chunks:
                rows = slice((i - lo) * CHUNK_ROWS, (i - lo + 1) * CHUNK_ROWS)
                self._chunks[i] = Chunk(i, i * CHUNK_M, *(g[rows] for g in grids))

    def release_before(self, s_m: float) -> None:
        """Forget the chunks wholly behind `s_m` (an endless run's memory stays flat)."""
        if self.shared:
            return
        first_kept = math.floor(s_m / CHUNK_M) - 1
        for index in [i for i in self._chunks if i < first_kept]:
            del self._chunks[index]
        if self._win is not None and self._win.first < first_kept:
            self._win = None

    def _soles(self, shoe: Shoe) -> _Soles:
        """Grip and stability per surface with this shoe, in the forms the queries use."""
        found = self._shoe_tables.get(id(shoe))
        if found is None or found.shoe is not shoe:
            grip = shoe_grip(shoe)
            stability = np.minimum(1.0, SURFACE_STABILITY * shoe.stability)
            shares = np.stack([grip, stability]) * _FOOT_SHARE
            found = _Soles(shoe, grip, stability, shares, grip.tolist(), stability.tolist())
            self._shoe_tables[id(shoe)] = found
        return found

    @property
    def chunks_held(self) -> int:
        return len(self._chunks)

    # --- gathering ---------------------------------------------------------------

    def _window(self, row_lo: int, row_hi: int) -> _Window:
        """The window holding global rows [row_lo, row_hi] (row_lo >= -3).

        Queries come in runs along the trail, so the window is rebuilt only when
        they move past it.
        """
        win = self._win
        if win is not None and win.holds(row_lo, row_hi):
            return win
        # A chunk behind the query, for the swings and landings that follow it,
        # and a few ahead: the window moves on about every third chunk.
        first = max(max(row_lo, 0) // CHUNK_ROWS - 1, 0)
        last = max(max(row_hi, 0) // CHUNK_ROWS, first + WINDOW_CHUNKS - 1)
        chunks = [self.chunk(i) for i in range(first, last + 1)]
        before = _ROWS_BEFORE_START if first == 0 else 0
        height = _padded(chunks, "height_m", before)
        fields = [_stacked(chunks, name, before) for name in _ROW_FIELDS]
        pair = np.maximum(height[:, 1:-1], height[:, :-2])
        self._win = win = _Window(
            first,
            last,
            first * CHUNK_ROWS - before,
            height.ravel(),
            _padded(chunks, "surface", before).ravel(),
            pair,
            *fields,
            {name: field.tolist() for name, field in zip(_ROW_FIELDS, fields, strict=True)},
            pair.max(axis=1).tolist(),
        )
        return win

    def pair_heights(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """The height a two-cell-wide sole meets at global cells; rows before the start read row 0."""
        rows = np.maximum(rows, 0)
        win = self._window(int(rows.min()), int(rows.max()))
        return win.pair[rows - win.row0, np.minimum(np.maximum(cols, 0), COLS - 1)]

    def _row_value(self, name: str, s_m: float) -> float:
        row = _row(s_m)
        win = self._win
        if win is not None and win.holds(row, row):
            return win.rows[name][row - win.row0]
        return float(getattr(self.chunk(row // CHUNK_ROWS), name)[row % CHUNK_ROWS])

    def grade_at(self, s_m: float) -> float:
        return self._row_value("grade", s_m)

    def half_width_at(self, s_m: float) -> float:
        return self._row_value("half_width_m", s_m)

    def centre_at(self, s_m: float) -> float:
        return self._row_value("centre_m", s_m)

    def rows_of(self, name: str, s_m) -> np.ndarray:
        """A per-row field (grade, half_width_m, centre_m) at many positions."""
        return self.rows_of_all((name,), s_m)[0]

    def rows_of_all(self, names: tuple[str, ...], s_m) -> list[np.ndarray]:
        """Several per-row fields at the same positions, the rows found once."""
        if not isinstance(s_m, np.ndarray):
            s_m = np.asarray(s_m, dtype=np.float64)
        rows = (s_m / CELL_M).astype(np.int64)
        lo, hi = int(rows.min()), int(rows.max())
        if lo < 0:
            rows, lo = np.maximum(rows, 0), 0
        win = self._window(lo, hi)
        rows = rows - win.row0
        return [getattr(win, name)[rows] for name in names]

    def profile_grades(self, s_m: np.ndarray) -> np.ndarray:
        """The gradient at many positions, as `rows_of` reads it, without making
        the ground there: the rows not made yet come from the trail's profile
        (which is what they would hold), the others are read as made."""
        rows = np.maximum((np.asarray(s_m, dtype=np.float64) / CELL_M).astype(np.int64), 0)
        if rows.size == 0:
            return np.zeros(rows.shape, np.float32)
        # The profile is read at increasing positions, each row once.
        unique, back = np.unique(rows.ravel(), return_inverse=True)
        grades = trail_profile(self.level, self.seed, unique * CELL_M)[0][back].reshape(rows.shape)
        for index, chunk in self._chunks.items():
            here = rows // CHUNK_ROWS == index
            grades[here] = chunk.grade[rows[here] - index * CHUNK_ROWS]
        return grades

    # --- footholds ---------------------------------------------------------------

    def footing(self, s_m, x_m, shoe: Shoe) -> Footing:
        """Surface, grip, stability and unevenness under a footprint centred at (s, x)."""
        if isinstance(s_m, float | int) and isinstance(x_m, float | int):
            return self._footing_one(float(s_m), float(x_m), shoe)
        s_m = np.asarray(s_m, dtype=np.float64)
        x_m = np.asarray(x_m, dtype=np.float64)
        if s_m.ndim == 0 and x_m.ndim == 0:
            return self._footing_one(float(s_m), float(x_m), shoe)
        row = (s_m / CELL_M).astype(np.int64)
        lo, hi = int(row.min()), int(row.max())
        if lo < 0:
            row, lo = np.maximum(row, 0), 0
        col = np.rint((x_m + HALF_WIDTH_M) / CELL_M).astype(np.int64)
        win = self._window(lo + _BEHIND, hi + _AHEAD)
        base = (row - win.row0) * _WIDE + np.minimum(np.maximum(col, 0), COLS)
        # Heights with the twelve cells first, so their max and min run over
        # whole arrays; surfaces with them last, so they sum in NumPy's own order.
        height = win.height[np.add.outer(_FOOT_OFFSETS, base)]
        surface = win.surface[base[..., None] + _FOOT_OFFSETS]
        top = height.max(axis=0)
        soles = self._soles(shoe)
        return Footing(
            surface=surface[..., _FOOT_CENTRE],
            grip=soles.grip.take(surface).sum(axis=-1) * _FOOT_SHARE,
            stability=soles.stability.take(surface).sum(axis=-1) * _FOOT_SHARE,
            unevenness_m=top - height.min(axis=0),
            top_m=top,
        )

    def footing_grid(self, s_m, x_m, shoe: Shoe):
        """`footing` at every pair of positions `s_m` (ascending) and `x_m`, with
        each position's grade and half-width: (Footing [len(s), len(x)], grade,
        half-width), the last two as lists.

        The numbers of `footing` on the broadcast grid, in as few NumPy calls as
        it takes: the greedy bot asks this for every foothold, and for 35
        candidates the calls are the cost, not the numbers. So the few rows and
        columns are worked out in plain Python, the twelve cells of every sole
        come first, so each reduction runs across all the candidates at once,
        and grip and stability are read from one table. Their sums run in
        another order than `footing`'s, so they may differ in the last bit.
        """
        rows = [int(s / CELL_M) for s in s_m]  # `_row` and `_sole_column`, inline
        if rows[0] < 0:
            rows = [_row(s) for s in s_m]
        cols = [round((x + HALF_WIDTH_M) / CELL_M) for x in x_m]
        if min(cols) < 0 or max(cols) > COLS:
            cols = [_sole_column(x) for x in x_m]
        win = self._window(rows[0] + _BEHIND, rows[-1] + _AHEAD)
        row0 = win.row0
        base = np.array([(r - row0) * _WIDE for r in rows])[:, None] + np.array(cols)
        cells = _FOOT_OFFSETS_FIRST + base
        height = win.height.take(cells)
        surface = win.surface.take(cells)
        top = np.maximum.reduce(height, axis=0)
        grip, stability = np.add.reduce(self._soles(shoe).shares.take(surface, axis=1), axis=1)
        footing = Footing(
            surface=surface[_FOOT_CENTRE],
            grip=grip,
            stability=stability,
            unevenness_m=top - np.minimum.reduce(height, axis=0),
            top_m=top,
        )
        grade, half_width = win.rows["grade"], win.rows["half_width_m"]
        return footing, [grade[r - row0] for r in rows], [half_width[r - row0] for r in rows]

    def _footing_one(self, s_m: float, x_m: float, shoe: Shoe) -> Footing:
        """`footing` for one foothold in plain Python: the run asks this on every landing.

        The sums are NumPy's own for twelve numbers (eight partial sums, then the
        rest one by one), so a landing reads exactly what `footing` read for the
        ideal-line planner.
        """
        row = _row(s_m)
        col = _sole_column(x_m)
        win = self._window(row + _BEHIND, row + _AHEAD)
        cells = _FOOT_OFFSETS + ((row - win.row0) * _WIDE + col)
        height = win.height[cells].tolist()
        surface = win.surface[cells].tolist()
        top = max(height)
        soles = self._soles(shoe)
        grip, stability = soles.grip_list, soles.stability_list
        return Footing(
            surface=surface[_FOOT_CENTRE],
            grip=_sum12([grip[k] for k in surface]) * _FOOT_SHARE,
            stability=_sum12([stability[k] for k in surface]) * _FOOT_SHARE,
            # In single precision, as the grid holds heights and the batch subtracts them.
            unevenness_m=float(np.float32(top - min(height))),
            top_m=top,
        )

    def path_top(self, s0, x0, s1, x1):
        """How far terrain under a swing rises above the line from take-off to landing.

        The take-off and landing footprints are left out: landing on a rock is a
        question of footing, catching the toe on one on the way is a trip. The
        line between the two footholds is the baseline, so stepping from one
        rock top to the next clears the rock underfoot.
        """
        if isinstance(s0, float) and isinstance(s1, float):
            return self._path_top_one(s0, float(x0), s1, float(x1))
        s0, x0, s1, x1 = (np.asarray(a, dtype=np.float64) for a in (s0, x0, s1, x1))
        length = np.maximum(s1 - s0, 1e-6)
        lo = np.minimum(FOOT_HALF_LENGTH_M / length, 0.5)[..., None]
        t = lo + (1 - 2 * lo) * _PATH_T
        s = s0[..., None] + (s1 - s0)[..., None] * t
        x = x0[..., None] + (x1 - x0)[..., None] * t
        row = (s / CELL_M).astype(np.int64)
        col = ((x + HALF_WIDTH_M) / CELL_M + 0.5).astype(np.int64)
        height = self.pair_heights(row, col)
        start = height[..., :1]
        end = height[..., -1:]
        baseline = np.maximum(start + (end - start) * _PATH_T, 0.0)
        top = (height - baseline).max(axis=-1)
        return float(top) if top.ndim == 0 else top

    def _path_top_one(self, s0: float, x0: float, s1: float, x1: float) -> float:
        """`path_top` of one swing, the samples worked out in plain Python: the
        run asks it of every landing its swing doesn't clear at a glance. The
        same arithmetic in the same precisions, so the same number."""
        ds, dx = s1 - s0, x1 - x0
        lo = FOOT_HALF_LENGTH_M / (ds if ds > 1e-6 else 1e-6)
        lo = lo if lo < 0.5 else 0.5
        span = 1 - 2 * lo
        ts = [lo + span * t for t in _PATH_T_LIST]
        # `_row` and `_path_column` inline: along a path each runs one way, so
        # its ends say whether any needs clamping.
        rows = [int((s0 + ds * t) / CELL_M) for t in ts]
        first, last = (rows[0], rows[-1]) if ds >= 0.0 else (rows[-1], rows[0])
        if first < 0:
            rows = [r if r > 0 else 0 for r in rows]
            first, last = max(first, 0), max(last, 0)
        cols = [int((x0 + dx * t + HALF_WIDTH_M) / CELL_M + 0.5) for t in ts]
        if not (0 <= cols[0] < COLS and 0 <= cols[-1] < COLS):
            cols = [_path_column(x0 + dx * t) for t in ts]
        win = self._window(first, last)
        row0 = win.row0
        height = win.pair[[r - row0 for r in rows], cols]
        start = float(height[0])
        rise = float(height[-1] - height[0])  # in single precision, as the grid's heights
        top = -math.inf
        for h, t in zip(height.tolist(), _PATH_T_LIST, strict=True):
            base = start + rise * t
            above = h - (base if base > 0.0 else 0.0)
            top = above if above > top else top
        return top

    def top_around(self, s_m: float, x_m: float, radius_m: float) -> float:
        """The tallest ground within `radius_m` of a mark: a square of cells read
        with one maximum, each cell with its left neighbour, as a sole meets them."""
        r0, r1 = _row(s_m - radius_m), _row(s_m + radius_m)
        win = self._window(r0, r1)
        c0, c1 = _path_column(x_m - radius_m), _path_column(x_m + radius_m)
        return float(_block_top(win, r0, r1, c0, c1))

    def swing_clear(self, s0: float, x0: float, s1: float, x1: float, height_m: float) -> bool:
        """True when nothing between the two footholds stands higher than `height_m`.

        Then `path_top` is no higher either, without sampling the path: the
        rectangle of cells the swing crosses is read with one maximum. On
        runnable ground it is the usual answer, and often nothing across the
        whole grid on those rows is that high, which the window's row tops
        tell without NumPy.
        """
        r0, r1 = _row(s0), _row(s1)
        r0, r1 = (r0, r1) if r0 <= r1 else (r1, r0)
        win = self._window(r0, r1)
        first, stop = r0 - win.row0, r1 - win.row0 + 1
        if max(win.row_tops[first:stop]) <= height_m:
            return True
        c0, c1 = _path_column(x0), _path_column(x1)
        c0, c1 = (c0, c1) if c0 <= c1 else (c1, c0)
        return bool(_block_top(win, r0, r1, c0, c1) <= height_m)


def _block_top(win: _Window, r0: int, r1: int, c0: int, c1: int):
    """The highest of `pair` over global rows r0..r1 and columns c0..c1 (all inclusive)."""
    return np.maximum.reduce(win.pair[r0 - win.row0 : r1 - win.row0 + 1, c0 : c1 + 1], axis=None)


def _padded(chunks: list[Chunk], name: str, before: int) -> np.ndarray:
    """A grid of consecutive chunks with its edge columns repeated once on each
    side, and its first row `before` more times.

    Filled slice by slice: at this size `np.pad`'s own Python outweighs the copy.
    """
    first = getattr(chunks[0], name)
    out = np.empty((before + len(chunks) * CHUNK_ROWS, _WIDE), dtype=first.dtype)
    for i, chunk in enumerate(chunks):
        out[before + i * CHUNK_ROWS : before + (i + 1) * CHUNK_ROWS, 1:-1] = getattr(chunk, name)
    out[:, 0] = out[:, 1]
    out[:, -1] = out[:, -2]
    out[:before] = out[before]
    return out


def _stacked(chunks: list[Chunk], name: str, before: int) -> np.ndarray:
    """A per-row field of consecutive chunks, its first row repeated `before` more times."""
    rows = [getattr(c, name) for c in chunks]
    return np.concatenate([np.repeat(rows[0][:1], before), *rows])


# One foothold's row and column in plain Python (conditional expressions: at
# this size the calls of `max` and `min` are most of the cost).


def _row(s_m: float) -> int:
    """The grid row at `s_m`; positions before the start read row 0."""
    row = int(s_m / CELL_M)
    return row if row > 0 else 0


def _sole_column(x_m: float) -> int:
    """The padded window column of a sole centred at `x_m`: 0 to COLS, the
    grid's edge columns repeated beyond it."""
    col = round((x_m + HALF_WIDTH_M) / CELL_M)
    return col if 0 <= col <= COLS else (0 if col < 0 else COLS)


def _path_column(x_m: float) -> int:
    """The grid column a swing path crosses at `x_m`, kept on the grid."""
    col = int((x_m + HALF_WIDTH_M) / CELL_M + 0.5)
    return col if 0 <= col < COLS else (0 if col < 0 else COLS - 1)


def _sum12(values: list[float]) -> float:
    total = ((values[0] + values[1]) + (values[2] + values[3])) + (
        (values[4] + values[5]) + (values[6] + values[7])
    )
    for value in values[8:]:
        total += value
    return total


_PATH_T = np.linspace(0.0, 1.0, PATH_SAMPLES)
_PATH_T_LIST = _PATH_T.tolist()

"""Procedural trail: noise lattice → NumPy grids, one chunk at a time.

Every value in a chunk is a pure function of the level, the seed and the
absolute position (s, x): smooth fields come from Perlin noise (the `noise`
package) sampled on a coarse lattice at absolute coordinates and interpolated;
rocks, roots and steps are placed per fixed bin of trail from a counter-based
hash of (seed, bin). So a chunk generated alone equals the same span of a long
trail, cell for cell, and an endless trail streams without seams.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import noise
import numpy as np

from game.sim.rules import Surface
from game.sim.spec import LevelSpec

CELL_M = 0.05
HALF_WIDTH_M = 1.8  # the widest trail (3 m) plus a verge; beyond is brush, drawn not stored
COLS = round(2 * HALF_WIDTH_M / CELL_M)
CHUNK_M = 10.0
CHUNK_ROWS = round(CHUNK_M / CELL_M)
X_M = (-HALF_WIDTH_M + (np.arange(COLS) + 0.5) * CELL_M).astype(np.float32)

FEATURE_GROUND, FEATURE_ROCK, FEATURE_ROOT, FEATURE_STEP = 0, 1, 2, 3

# Hash streams: one per kind of random choice, so adding a kind never moves another.
_ROCK, _ROOT, _STEP, _GRADE, _BUMP, _OFFSET = range(6)
_ROCK_BIN_M = 1.0
_ROCK_CANDIDATES = 16
_ROCK_SPREAD_M = 1.7
_ROOT_BIN_M = 2.0
_ROOT_CANDIDATES = 3
_STEP_BIN_M = 3.0
# How far a feature can reach from its anchor: a rock's long half-axis, a
# slanted root across the whole grid, a step's depth.
_ROCK_MARGIN_M = 0.7
_ROOT_MARGIN_M = 4.0
_STEP_MARGIN_M = 0.5
_PROFILE_LATTICE_M = 1.0
_GRIT_ROWS = 1024
ENDLESS_RAMP_M = 2500.0


@dataclass(frozen=True, slots=True)
class Chunk:
    index: int
    s0_m: float
    height_m: np.ndarray  # float32 [CHUNK_ROWS, COLS], metres above the running surface
    surface: np.ndarray  # uint8 [CHUNK_ROWS, COLS], a Surface per cell
    feature: np.ndarray  # uint8 [CHUNK_ROWS, COLS]: ground, rock, root, step
    centre_m: np.ndarray  # float32 [CHUNK_ROWS]: the centre line's lateral offset (drawing)
    half_width_m: np.ndarray  # float32 [CHUNK_ROWS]
    grade: np.ndarray  # float32 [CHUNK_ROWS]: rise over run, negative downhill


# --- hashing -------------------------------------------------------------------

_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a well-spread 64-bit hash, vectorised."""
    x = x + np.uint64(0x9E3779B97F4A7C15)
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def hash_u01(seed: int, stream: int, *keys, fields: int = 0) -> np.ndarray:
    """Uniform [0, 1) values from (seed, stream, keys...), same on every machine.

    With `fields=n` the result gains a leading axis of n independent values per
    key, for the several random attributes of one rock or root.
    """
    # Key by key, broadcasting as it goes: a key along one axis is mixed before
    # the grid is as wide as all of them.
    h = np.asarray((seed * 1_000_003 + stream) & 0xFFFFFFFF, dtype=np.uint64)
    for key in keys:
        h = _mix(h ^ np.asarray(key, dtype=np.int64).astype(np.uint64))
    if fields:
        salt = np.arange(1, fields + 1, dtype=np.uint64).reshape((fields,) + (1,) * h.ndim)
        h = _mix(h[None] ^ (salt * np.uint64(0x632BE59BD9B4E019)))
    return (h >> np.uint64(11)).astype(np.float64) * (1.0 / 2**53)


@functools.lru_cache(maxsize=8)
def _grit_table(seed: int) -> np.ndarray:
    """Per-cell roughness in [0, 1), repeating every 1024 rows (51 m)."""
    rows = np.arange(_GRIT_ROWS)[:, None]
    grit = hash_u01(seed, _BUMP, rows, np.arange(COLS)[None, :]).astype(np.float32)
    # Row by row in memory (the broadcast leaves it column by column), so that
    # taking a span's rows is a copy, not a gather.
    return np.ascontiguousarray(grit)


# --- smooth fields ---------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _detail_table(seed: int) -> np.ndarray:
    """Fine smooth noise (1.2 m features) repeating every 1024 rows, made once per
    seed, at every other column: the resolution surface patches are laid at."""
    rows_s = np.arange(_GRIT_ROWS) * CELL_M
    field = patch_fields(seed, [(7, 1.2)], rows_s, lattice_step(1.2), X_M[::2])[0]
    return (0.35 * field).astype(np.float32)


def _noise_quantiles() -> np.ndarray:
    """Quantiles of Perlin noise, to turn a wanted area share into a threshold."""
    pts = np.arange(2500)
    xs, ys = (pts * 0.6180339) % 97.0, (pts * 0.7548776) % 89.0
    samples = [noise.pnoise2(float(x), float(y)) for x, y in zip(xs, ys, strict=True)]
    return np.quantile(np.array(samples), np.linspace(0.0, 1.0, 101))


_QUANTILES = _noise_quantiles()


@functools.lru_cache(maxsize=256)
def share_threshold(share: float) -> float:
    """The noise level above which about `share` of the area lies."""
    if share <= 0.0:
        return math.inf
    if share >= 1.0:
        return -math.inf
    return float(np.interp(1.0 - share, np.linspace(0.0, 1.0, 101), _QUANTILES))


@functools.lru_cache(maxsize=256)
def _offsets(seed: int, field_id: int) -> tuple[float, float]:
    u = hash_u01(seed, _OFFSET, [field_id, field_id + 1000])
    return float(u[0] * 512.0), float(u[1] * 512.0)


def patch_fields(seed: int, fields, rows_s: np.ndarray, step: float, x_m=X_M) -> np.ndarray:
    """Smooth 2-D fields [len(fields), rows, columns] over the grid rows at `rows_s`
    and the columns at `x_m` (every grid column unless told).

    `fields` holds (field id, feature size in metres). Perlin noise is sampled
    on one lattice of `step` metres anchored at absolute coordinates, and
    interpolated bilinearly with NumPy.
    """
    k0 = math.floor(float(rows_s[0]) / step)
    k1 = math.floor(float(rows_s[-1]) / step) + 1
    lat_s = np.arange(k0, k1 + 1) * step
    j0 = math.floor(-HALF_WIDTH_M / step)
    lat_x = np.arange(j0, math.floor(HALF_WIDTH_M / step) + 2) * step
    lattice = np.array(
        [
            _perlin_lattice(lat_s.tolist(), lat_x.tolist(), scale, _offsets(seed, f))
            for f, scale in fields
        ],
        dtype=np.float32,
    )
    # Positions measured from absolute lattice lines, so a point gets the same
    # value whichever span of the trail it is generated with.
    fs = rows_s / step
    i_abs = np.floor(fs)
    i = np.clip(i_abs.astype(np.int64) - k0, 0, len(lat_s) - 2)
    ts = (fs - i_abs).astype(np.float32)[:, None]
    fx = ((x_m - lat_x[0]) / step).astype(np.float32)
    j = np.clip(fx.astype(np.int64), 0, len(lat_x) - 2)
    tx = fx - j
    # [fields, lattice rows, columns], then [fields, rows, columns]: `np.take`
    # along one axis and products in place, as a span holds tens of thousands.
    across = _lerp(np.take(lattice, j, axis=2), np.take(lattice, j + 1, axis=2), tx)
    return _lerp(np.take(across, i, axis=1), np.take(across, i + 1, axis=1), ts)


def _lerp(a: np.ndarray, b: np.ndarray, t: np.ndarray) -> np.ndarray:
    """a·(1 − t) + b·t, computed in `a`'s and `b`'s storage."""
    a *= 1 - t
    b *= t
    a += b
    return a


def _perlin_lattice(lat_s: list[float], lat_x: list[float], scale: float, offset) -> list:
    """Perlin noise at every lattice point, on plain floats: the noise module
    takes them directly, and the coordinates are worked out once a row or column."""
    ox, oy = offset
    xs = [x / scale + oy for x in lat_x]
    return [[noise.pnoise2(s / scale + ox, x) for x in xs] for s in lat_s]


def lattice_step(scale_m: float) -> float:
    return max(0.5, scale_m / 3.0)


def _noise1(seed: int, fields: tuple[tuple[int, float], ...], s: np.ndarray) -> list[np.ndarray]:
    """1-D Perlin noise along s for each (field id, scale), from lattices at absolute positions."""
    k0 = math.floor(float(s[0]) / _PROFILE_LATTICE_M)
    k1 = math.floor(float(s[-1]) / _PROFILE_LATTICE_M) + 1
    lat = np.arange(k0, k1 + 1) * _PROFILE_LATTICE_M
    out = []
    for field_id, scale_m in fields:
        ox = _offsets(seed, field_id)[0]
        vals = [noise.pnoise1(p / scale_m + ox, octaves=2) for p in lat.tolist()]
        out.append(np.interp(s, lat, vals))
    return out


def section_grades(level: LevelSpec, seed: int, section: np.ndarray) -> np.ndarray:
    """The mean gradient, in percent, of each numbered section of the trail."""
    g = level.gradient
    return g.mean_pct + g.range_pct * (2.0 * hash_u01(seed, _GRADE, section) - 1.0)


def trail_profile(level: LevelSpec, seed: int, s: np.ndarray):
    """(grade, half width, centre offset) at increasing positions s.

    The gradient holds per section and changes at section ends, abruptly or
    over part of a section depending on `gradient.sudden`.
    """
    s = np.asarray(s, dtype=np.float64)
    g, tr = level.gradient, level.trail
    wobble, w, c = _noise1(seed, ((20, 25.0), (21, 30.0), (22, 35.0)), s)
    section = np.floor(s / g.section_m).astype(np.int64)
    frac = s / g.section_m - section
    before, here = section_grades(level, seed, np.stack([section - 1, section]))
    t = np.minimum(frac / max(1e-3, 0.5 * (1.0 - g.sudden)), 1.0)
    t = t * t * (3.0 - 2.0 * t)
    grade = (before + (here - before) * t + 0.15 * g.range_pct * wobble) / 100.0
    w01 = np.clip(0.5 + 1.4 * w, 0.0, 1.0)
    half_width = 0.5 * (tr.width_min_m + (tr.width_max_m - tr.width_min_m) * w01)
    centre = tr.meander_m * np.clip(2.2 * c, -1.0, 1.0)
    return (
        np.clip(grade, -0.45, 0.45).astype(np.float32),
        half_width.astype(np.float32),
        centre.astype(np.float32),
    )


# --- features ---------------------------------------------------------------------


def difficulty_ramp(level: LevelSpec, s_m) -> np.ndarray | float:
    """How much denser the features are at s: an endless trail gets rougher as it goes.

    A pure function of position, so chunks stay seamless: ×1 at the start,
    ×2 by 2.5 km, ×2.5 from 3.75 km on.
    """
    if not level.endless:
        return 1.0
    return 1.0 + np.minimum(1.5, np.maximum(np.asarray(s_m, dtype=float), 0.0) / ENDLESS_RAMP_M)


def _first_row(rows_s: np.ndarray) -> int:
    return round(float(rows_s[0]) / CELL_M)


def _rows_window(rows_s: np.ndarray, lo_m: float, hi_m: float) -> slice:
    a = int(np.searchsorted(rows_s, lo_m))
    b = int(np.searchsorted(rows_s, hi_m, side="right"))
    return slice(a, b)


def _bins(s_lo: float, s_hi: float, bin_m: float, margin_m: float) -> np.ndarray:
    """The bins whose features can reach [s_lo, s_hi]."""
    lo = math.floor((s_lo - margin_m) / bin_m)
    return np.arange(lo, math.floor((s_hi + margin_m) / bin_m) + 1)


def _stamp(height, feature, kind, rows, cols, dome) -> None:
    """Raise the height field to `dome` where the dome is higher, and tag it."""
    view = height[rows, cols]
    higher = dome > view
    if higher.any():
        view[higher] = dome[higher]
        feature[rows, cols][higher] = kind


def _place_rocks(level, seed, rows_s, height, feature) -> None:
    """Stamp every rock that reaches this chunk, all at once.

    Each rock is an elliptic dome in a fixed-size window; the windows are
    gathered into one array and merged into the grid with `np.maximum.at`, so
    the cost does not grow with a Python loop over rocks.
    """
    mix = level.terrain
    if mix.rock_density <= 0:
        return
    bins = _bins(float(rows_s[0]), float(rows_s[-1]), _ROCK_BIN_M, _ROCK_MARGIN_M)
    b, k = np.meshgrid(bins, np.arange(_ROCK_CANDIDATES), indexing="ij")
    u = hash_u01(seed, _ROCK, b, k, fields=7).reshape(7, -1)
    # At density 1 about 1.6 rocks per square metre: a boulder field with gaps.
    ramp = difficulty_ramp(level, b.ravel() * _ROCK_BIN_M)
    keep = (
        u[0] < ramp * mix.rock_density * 1.6 * _ROCK_BIN_M * 2 * _ROCK_SPREAD_M / _ROCK_CANDIDATES
    )
    s_c = ((b.ravel() + u[1]) * _ROCK_BIN_M)[keep]
    # Rocks lie on the trail and the verge next to it, not deep in the brush.
    x_c = (-_ROCK_SPREAD_M + 2 * _ROCK_SPREAD_M * u[2])[keep]
    h = np.clip(mix.rock_size_m * (0.25 + 1.1 * u[3] ** 1.6), 0.05, 0.4)[keep]
    r = np.clip(h * (1.1 + 1.4 * u[4][keep]) + 0.04, 0.08, 0.5)
    stretch = (0.75 + 0.5 * u[5])[keep]
    angle = (math.pi * u[6])[keep]
    reach = r * np.maximum(stretch, 1 / stretch)
    near = (s_c + reach >= rows_s[0]) & (s_c - reach <= rows_s[-1])
    if not near.any():
        return
    s_c, x_c, h, r, stretch, angle, reach = (
        a[near] for a in (s_c, x_c, h, r, stretch, angle, reach)
    )
    cells = np.ceil(reach / CELL_M).astype(np.int64)
    # Windows in three sizes, so small stones don't pay for a boulder's window.
    stamped = []
    for lo, hi in ((0, 5), (5, 8), (8, 99)):
        pick = (cells > lo) & (cells <= hi)
        if pick.any():
            dome = (s_c[pick], x_c[pick], h[pick], r[pick], stretch[pick], angle[pick])
            stamped.append(_dome_cells(rows_s, int(cells[pick].max()), *dome))
    where, tops = (np.concatenate(part) for part in zip(*stamped, strict=True))
    _raise(height, feature, FEATURE_ROCK, where, tops)


def _dome_cells(rows_s, half, s_c, x_c, h, r, stretch, angle) -> tuple[np.ndarray, np.ndarray]:
    """(cells, heights) of elliptic domes, each stamped in a (2*half+1)² cell window."""
    offsets = np.arange(-half, half + 1)
    first = _first_row(rows_s)
    row0 = np.rint(s_c / CELL_M).astype(np.int64)  # absolute rows: seam-free
    col0 = np.rint((x_c + HALF_WIDTH_M) / CELL_M - 0.5).astype(np.int64)
    rr = (row0 - first)[:, None, None] + offsets[None, :, None]
    cc = col0[:, None, None] + offsets[None, None, :]
    # Offsets from the dome's centre, from its anchor cell: no gathers needed.
    ds0 = (row0 * CELL_M - s_c).astype(np.float32)[:, None, None]
    dx0 = (X_M[0] + col0 * CELL_M - x_c).astype(np.float32)[:, None, None]
    step = (offsets * CELL_M).astype(np.float32)
    ds = ds0 + step[None, :, None]
    dx = dx0 + step[None, None, :]
    ca = (np.cos(angle) / (r * stretch)).astype(np.float32)[:, None, None]
    sa = (np.sin(angle) / (r * stretch)).astype(np.float32)[:, None, None]
    cb = (np.cos(angle) * stretch / r).astype(np.float32)[:, None, None]
    sb = (np.sin(angle) * stretch / r).astype(np.float32)[:, None, None]
    a = ds * ca + dx * sa
    c = dx * cb - ds * sb
    d2 = a * a + c * c
    inside = (d2 < 1.0) & ((rr >= 0) & (rr < len(rows_s))) & ((cc >= 0) & (cc < COLS))
    # A rounded dome: steep sides and a flattish top, as a boulder seen from above.
    tops = np.broadcast_to(h.astype(np.float32)[:, None, None], d2.shape)[inside]
    return (rr * COLS + cc)[inside], tops * np.sqrt(1.0 - d2[inside])


def _raise(height: np.ndarray, feature: np.ndarray, kind: int, cells, values) -> None:
    """Raise `height` at flat `cells` to the highest of their `values` (a cell
    may be listed many times) where that is higher, and tag those cells `kind`.

    The highest per cell comes from `np.maximum.at` with one flat index, the
    case NumPy runs without a per-element Python layer. Where features are
    sparse only the listed cells are compared; where they crowd (a rock
    garden lists each cell several times over) the whole grid is.
    """
    highest = np.zeros(height.size, dtype=height.dtype)
    np.maximum.at(highest, cells, values)
    flat = height.reshape(-1)
    if len(cells) > len(flat):
        higher = highest > flat
        flat[higher] = highest[higher]
        feature.reshape(-1)[higher] = kind
        return
    raised = cells[highest[cells] > flat[cells]]
    flat[raised] = highest[raised]
    feature.reshape(-1)[raised] = kind


def _place_roots(level, seed, rows_s, height, feature) -> None:
    """Stamp every root that reaches this chunk, all at once.

    A root is a sinuous centre line s(x) across the trail; each grid column
    holds a few cells of its ridge, so roots × columns × a few rows is the
    whole work, gathered and merged with `np.maximum.at`.
    """
    mix = level.terrain
    if mix.root_density <= 0:
        return
    bins = _bins(float(rows_s[0]), float(rows_s[-1]), _ROOT_BIN_M, _ROOT_MARGIN_M)
    b, k = np.meshgrid(bins, np.arange(_ROOT_CANDIDATES), indexing="ij")
    u = hash_u01(seed, _ROOT, b, k, fields=9).reshape(9, -1)
    # At density 1 about 0.7 roots per metre of trail: a root-laced forest floor.
    ramp = difficulty_ramp(level, b.ravel() * _ROOT_BIN_M)
    keep = u[0] < ramp * mix.root_density * 0.7 * _ROOT_BIN_M / _ROOT_CANDIDATES
    anchor = (b.ravel() + u[1]) * _ROOT_BIN_M
    slope = (2 * u[2] - 1) * 0.9  # crossing the trail at up to ~40 degrees
    spread = np.abs(slope) * HALF_WIDTH_M + 0.25
    keep &= (anchor + spread >= rows_s[0]) & (anchor - spread <= rows_s[-1])
    if not keep.any():
        return
    u, anchor, slope = u[:, keep], anchor[keep, None], slope[keep, None]
    x_lo = (-HALF_WIDTH_M + u[3] * 1.5)[:, None]
    x_hi = (HALF_WIDTH_M - u[4] * 1.5)[:, None]
    amp, wavelength = (0.04 + 0.12 * u[5])[:, None], (0.7 + 1.5 * u[6])[:, None]
    half_w, h = (0.025 + 0.025 * u[7])[:, None], (0.03 + 0.09 * u[8])[:, None]
    x = X_M[None, :].astype(np.float64)
    centre = anchor + slope * x + amp * np.sin(2 * math.pi * x / wavelength + anchor * 7.31)
    taper = np.clip(np.minimum(x - x_lo, x_hi - x) / 0.3, 0.0, 1.0)
    taper = np.where(taper > 0, np.maximum(taper, 0.25), 0.0)
    # A root is at most 0.067 m from its centre line across the grid rows (5 cm
    # half-width, 40 degrees), so its cells lie within a row of the centre's.
    offsets = np.arange(-1, 2)[None, None, :]
    row = np.rint(centre / CELL_M).astype(np.int64)[:, :, None] + offsets  # absolute
    ds = row * CELL_M - centre[:, :, None]
    row = row - _first_row(rows_s)
    # Distance across the root, measured perpendicular to its direction.
    d = np.abs(ds) / np.sqrt(1 + slope * slope)[:, :, None] / half_w[:, :, None]
    inside = (d < 1.0) & (row >= 0) & (row < len(rows_s)) & (taper[:, :, None] > 0)
    cells = (row * COLS + np.arange(COLS)[None, :, None])[inside]
    # The ridge's height only where it is: most of the window is not root.
    d = d[inside]
    peak = np.broadcast_to((h * taper)[:, :, None], inside.shape)[inside]
    _raise(height, feature, FEATURE_ROOT, cells, (peak * np.sqrt(1.0 - d * d)).astype(np.float32))


def _place_steps(level, seed, rows_s, half_width, height, feature) -> None:
    mix = level.terrain
    if mix.step_density <= 0:
        return
    bins = _bins(float(rows_s[0]), float(rows_s[-1]), _STEP_BIN_M, _STEP_MARGIN_M)
    u = hash_u01(seed, _STEP, bins, fields=4)
    s_e = (bins + u[1]) * _STEP_BIN_M
    steep = np.abs(section_grades(level, seed, np.floor(s_e / level.gradient.section_m)))
    keep = (u[0] < difficulty_ramp(level, s_e) * mix.step_density) & (steep > 12.0)  # percent
    for i in np.flatnonzero(keep):
        depth = 0.18 + 0.15 * u[2][i]
        h = 0.12 + 0.13 * u[3][i]
        rows = _rows_window(rows_s, s_e[i], s_e[i] + depth)
        if rows.start >= rows.stop:
            continue
        edge = half_width[rows, None] + 0.15
        across = np.clip((edge - np.abs(X_M)[None, :]) / 0.3, 0.0, 1.0)
        slab = (h * across).astype(np.float32)
        _stamp(height, feature, FEATURE_STEP, rows, slice(0, COLS), slab)


# --- surfaces ---------------------------------------------------------------------


def _patches(level, seed, rows_s, half_width) -> tuple[np.ndarray, np.ndarray]:
    """Surface patches and wetness at 10 cm: patches are metres across, so half
    the grid's resolution loses nothing and costs a quarter."""
    mix = level.terrain
    coarse_s = rows_s[::2]
    surface = np.full((len(coarse_s), COLS // 2), Surface.DIRT, dtype=np.uint8)
    wet = np.zeros(surface.shape, dtype=bool)
    # Later layers cover earlier ones: water lies in mud, snow covers scree.
    layers = [
        (mix.grass, 1, Surface.GRASS, 1.0),
        (mix.scree, 2, Surface.SCREE, 1.0),
        (mix.mud, 3, Surface.MUD, 1.0),
        (mix.snow, 4, Surface.SNOW, 1.0),
        (mix.water, 5, Surface.WATER, 0.6),
        (mix.wet, 6, None, 1.5),
    ]
    # A fine field roughens every patch edge, which a coarse lattice alone leaves polygonal.
    rows = (coarse_s / CELL_M + 0.5).astype(np.int64) % _GRIT_ROWS
    detail = _detail_table(seed)[rows]
    used = [layer for layer in layers if layer[0] > 0]
    if used:
        scales = [mix.patch_size_m * layer[3] for layer in used]
        fields = patch_fields(
            seed,
            [(layer[1], s) for layer, s in zip(used, scales, strict=True)],
            coarse_s,
            lattice_step(min(scales)),
            X_M[::2],
        )
        for (share, _, kind, _), field in zip(used, fields, strict=True):
            patch = field + detail > share_threshold(share)
            if kind is None:
                wet |= patch
            else:
                surface[patch] = kind
    wet |= (surface == Surface.MUD) | (surface == Surface.WATER)
    # Across first: whole rows then repeat as one block each, which is quicker.
    full = np.repeat(surface, 2, axis=1).repeat(2, axis=0)
    return full, np.repeat(wet, 2, axis=1).repeat(2, axis=0)


_FEATURE_KINDS = FEATURE_STEP + 1


@functools.cache
def _shown_surface() -> np.ndarray:
    """What a cell's ground is, by [patch surface, feature, wet], flattened: rocks
    and steps are rock, roots are root, wet or dry, except under snow."""
    table = np.empty((len(Surface), _FEATURE_KINDS, 2), dtype=np.uint8)
    table[...] = np.arange(len(Surface))[:, None, None]
    table[:, FEATURE_ROCK] = table[:, FEATURE_STEP] = (Surface.DRY_ROCK, Surface.WET_ROCK)
    table[:, FEATURE_ROOT] = (Surface.ROOT, Surface.WET_ROOT)
    table[Surface.SNOW] = Surface.SNOW
    return table.ravel()


def _surfaces(level, seed, rows_s, feature, half_width) -> np.ndarray:
    surface, wet = _patches(level, seed, rows_s, half_width)
    surface[np.abs(X_M)[None, :] > half_width[:, None]] = Surface.GRASS
    # One look-up for every cell (a few masks cost several times as much), at
    # the flat index of [surface, feature, wet].
    key = surface * np.uint8(_FEATURE_KINDS * 2)
    key += feature * np.uint8(2)
    key += wet
    return _shown_surface().take(key)


def generate_rows(level: LevelSpec, seed: int, first_row: int, n_rows: int):
    """Every grid of the trail over global rows [first_row, first_row + n_rows).

    `first_row` must be even (surface patches are laid at 10 cm). Returns
    (height, surface, feature, centre, half_width, grade).
    """
    rows_g = np.arange(first_row, first_row + n_rows)
    rows_s = rows_g * CELL_M
    grade, half_width, centre = trail_profile(level, seed, rows_s)
    height = np.zeros((n_rows, COLS), dtype=np.float32)
    feature = np.zeros((n_rows, COLS), dtype=np.uint8)
    _place_roots(level, seed, rows_s, height, feature)
    _place_rocks(level, seed, rows_s, height, feature)
    _place_steps(level, seed, rows_s, half_width, height, feature)
    surface = _surfaces(level, seed, rows_s, feature, half_width)
    bumps = np.take(_grit_table(seed), rows_g, axis=0, mode="wrap")
    # Loose stones on scree, a little roughness everywhere else.
    scree = surface == Surface.SCREE
    if scree.any():
        bumps *= np.where(scree, np.float32(0.035), np.float32(0.008))
    else:
        bumps *= np.float32(0.008)
    height += bumps
    return height, surface, feature, centre, half_width, grade


def generate_chunk(level: LevelSpec, seed: int, index: int) -> Chunk:
    """Generate chunk `index` (metres [index*CHUNK_M, (index+1)*CHUNK_M)) of a trail."""
    grids = generate_rows(level, seed, index * CHUNK_ROWS, CHUNK_ROWS)
    return Chunk(index, index * CHUNK_M, *grids)

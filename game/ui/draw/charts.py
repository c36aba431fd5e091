"""Charts drawn with pygame: for the results screen and for PNG files alike.

Each chart takes a target surface and a rectangle, so the same code draws into
the game window or into an offscreen surface saved by `trailread analyze`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.ui import theme

GRID = (56, 62, 58)


@dataclass
class Series:
    xs: list[float]
    ys: list[float]
    colour: tuple[int, int, int]
    label: str = ""
    spread: list[float] | None = None  # ± band around ys
    points: bool = False


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    span = max(hi - lo, 1e-9)
    raw = span / count
    magnitude = 10 ** np.floor(np.log10(raw))
    step = min((m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw), default=raw)
    first = np.ceil(lo / step) * step
    return [float(v) for v in np.arange(first, hi + step * 0.001, step)]


def _fmt(v: float) -> str:
    v = 0.0 if abs(v) < 1e-9 else v
    if abs(v) >= 100 or v == int(v):
        return f"{v:,.0f}"
    return f"{v:.2f}".rstrip("0")  # 0.25 stays 0.25, 0.5 reads 0.5


class Axes:
    """A plotting area with data ranges, labelled ticks and a frame."""

    def __init__(self, target, rect, text, x_range, y_range, title="", x_label="", y_label=""):
        self.target, self.text = target, text
        self.title = title
        self.outer = pygame.Rect(rect)
        self.plot = pygame.Rect(
            rect.x + 58,
            rect.y + (30 if title else 10),
            rect.width - 72,
            rect.height - (74 if title else 54),
        )
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range
        if self.x1 <= self.x0:
            self.x1 = self.x0 + 1
        if self.y1 <= self.y0:
            self.y1 = self.y0 + 1
        if title:
            text.draw(target, title, 22, (rect.x + 4, rect.y + 2), theme.INK, bold=True)
        self._grid(x_label, y_label)

    def px(self, x: float, y: float) -> tuple[float, float]:
        p = self.plot
        return (
            p.x + (x - self.x0) / (self.x1 - self.x0) * p.width,
            p.bottom - (y - self.y0) / (self.y1 - self.y0) * p.height,
        )

    def _grid(self, x_label: str, y_label: str) -> None:
        t, p, text = self.target, self.plot, self.text
        pygame.draw.rect(t, (30, 35, 32), p)
        for y in _nice_ticks(self.y0, self.y1):
            _, py = self.px(self.x0, y)
            pygame.draw.line(t, GRID, (p.x, py), (p.right, py))
            text.draw(t, _fmt(y), 17, (p.x - 6, py), theme.INK_DIM, anchor="midright")
        for x in _nice_ticks(self.x0, self.x1, 6):
            px, _ = self.px(x, self.y0)
            pygame.draw.line(t, GRID, (px, p.y), (px, p.bottom))
            text.draw(t, _fmt(x), 17, (px, p.bottom + 4), theme.INK_DIM, anchor="midtop")
        pygame.draw.rect(t, theme.PANEL_EDGE, p, 1)
        if x_label:
            text.draw(t, x_label, 18, (p.centerx, p.bottom + 22), theme.INK_DIM, anchor="midtop")
        if y_label:
            label = pygame.transform.rotate(text.render(y_label, 18, theme.INK_DIM), 90)
            t.blit(label, label.get_rect(midright=(self.outer.x + 14, p.centery)))

    def shade_x(self, lo: float, hi: float, colour, label: str = "", row: int = 0) -> None:
        """A shaded stretch of x; its label on the `row`-th line from the top, so
        neighbouring narrow stretches can take turns."""
        (a, _), (b, _) = self.px(lo, self.y0), self.px(hi, self.y0)
        a, b = max(a, self.plot.x), min(b, self.plot.right)
        if b > a:
            band = pygame.Surface((b - a, self.plot.height), pygame.SRCALPHA)
            band.fill((*colour, 60))
            self.target.blit(band, (a, self.plot.y))
            if label:
                self.tag(label, colour, midtop=((a + b) / 2, self.plot.y + 4 + 20 * row))

    def shade_y(self, lo: float, hi: float, colour, label: str = "") -> None:
        _, a = self.px(self.x0, hi)
        _, b = self.px(self.x0, lo)
        a, b = max(a, self.plot.y), min(b, self.plot.bottom)
        if b > a:
            band = pygame.Surface((self.plot.width, b - a), pygame.SRCALPHA)
            band.fill((*colour, 55))
            self.target.blit(band, (self.plot.x, a))
            if label:
                self.tag(label, colour, bottomright=(self.plot.right - 4, a - 2))

    def tag(self, label: str, colour, size: int = 17, **where) -> pygame.Rect:
        """A label on a dark tag, readable over grid lines and data."""
        surf = self.text.render(label, size, colour)
        rect = surf.get_rect(**where)
        pygame.draw.rect(self.target, (22, 26, 24), rect.inflate(8, 2), border_radius=4)
        self.target.blit(surf, rect)
        return rect

    def series(self, s: Series) -> None:
        clip = self.target.get_clip()
        self.target.set_clip(self.plot)
        if s.spread is not None and len(s.xs) > 1:
            upper = [self.px(x, y + d) for x, y, d in zip(s.xs, s.ys, s.spread, strict=True)]
            lower = [self.px(x, y - d) for x, y, d in zip(s.xs, s.ys, s.spread, strict=True)]
            poly = upper + lower[::-1]
            band = pygame.Surface(self.target.get_size(), pygame.SRCALPHA)
            pygame.draw.polygon(band, (*s.colour, 60), poly)
            self.target.blit(band, (0, 0))
        pts = [self.px(x, y) for x, y in zip(s.xs, s.ys, strict=True)]
        if len(pts) > 1 and not s.points:
            pygame.draw.lines(self.target, s.colour, False, pts, 2)
        if s.points or len(pts) < 40:
            for p in pts:
                pygame.draw.circle(self.target, s.colour, p, 3 if s.points else 4)
        self.target.set_clip(clip)

    def legend(self, entries: list[tuple[str, tuple[int, int, int]]]) -> None:
        """Entries side by side, right-aligned on the title's line (never over the data);
        a chart without a title has them in a box at the top right of the plot."""
        x = self.outer.right - 4 if self.title else self.plot.right - 8
        y = self.outer.y + 6 if self.title else self.plot.y + 6
        for label, colour in reversed(entries):
            surf = self.text.render(label, 17, theme.INK)
            rect = surf.get_rect(topright=(x, y))
            if not self.title:
                pygame.draw.rect(self.target, (24, 28, 26), rect.inflate(30, 4).move(-12, 0))
            self.target.blit(surf, rect)
            pygame.draw.line(
                self.target, colour, (rect.x - 20, rect.centery), (rect.x - 6, rect.centery), 3
            )
            x = rect.x - 34


def line_chart(
    target,
    rect,
    text,
    series: list[Series],
    title="",
    x_label="",
    y_label="",
    y_range=None,
    x_range=None,
) -> Axes:
    xs = [x for s in series for x in s.xs] or [0, 1]
    ys = [y + (s.spread[i] if s.spread else 0) for s in series for i, y in enumerate(s.ys)] or [
        0,
        1,
    ]
    lows = [y - (s.spread[i] if s.spread else 0) for s in series for i, y in enumerate(s.ys)] or [0]
    x_range = x_range or (min(xs), max(xs))
    if y_range is None:
        lo, hi = min(lows), max(ys)
        pad = (hi - lo) * 0.1 or 1.0
        y_range = (lo - pad, hi + pad)
    axes = Axes(target, rect, text, x_range, y_range, title, x_label, y_label)
    for s in series:
        axes.series(s)
    named = [(s.label, s.colour) for s in series if s.label]
    if named:
        axes.legend(named)
    return axes


def histogram(target, rect, text, values, bins, colour_of, title="", x_label="", zones=()) -> Axes:
    """Bars over `bins` edges; `colour_of(centre)` colours each bar; zones shade x-ranges."""
    counts, edges = np.histogram(np.asarray(values, dtype=float), bins=bins)
    top = max(1, int(counts.max()) if len(counts) else 1)
    axes = Axes(
        target,
        rect,
        text,
        (float(edges[0]), float(edges[-1])),
        (0, top * 1.15),
        title,
        x_label,
        "steps",
    )
    for i, (lo, hi, colour, label) in enumerate(zones):
        axes.shade_x(lo, hi, colour, label, row=i % 2)
    for count, a, b in zip(counts, edges[:-1], edges[1:], strict=True):
        (x0, y0), (x1, y1) = axes.px(a, count), axes.px(b, 0)
        bar = pygame.Rect(round(x0) + 1, round(y0), max(1, round(x1 - x0) - 2), round(y1 - y0))
        pygame.draw.rect(target, colour_of((a + b) / 2), bar)
    return axes

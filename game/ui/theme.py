"""Colours, fonts and cached text: how the game looks, in one place.

Judgements always differ by symbol and word as well as colour; the palettes
only change the colours (the default is Okabe–Ito, safe for the common kinds
of colour blindness).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pygame

from game.paths import assets_dir

FONT_FILES = {
    False: assets_dir() / "fonts" / "DejaVuSansCondensed.ttf",
    True: assets_dir() / "fonts" / "DejaVuSansCondensed-Bold.ttf",
}
DEJAVU_SCALE = 0.74  # sizes are given in pygame's default font's units

INK = (238, 233, 220)
INK_DIM = (170, 165, 150)
INK_FAINT = (120, 118, 108)
PANEL = (24, 28, 26)
PANEL_EDGE = (58, 66, 60)
BACKDROP = (16, 19, 18)
ACCENT = (242, 180, 65)
GOOD = (120, 200, 140)
WARN = (236, 150, 60)
BAD = (222, 90, 80)
BAND_EDGE = (255, 236, 170)
FOG = (196, 204, 210)
LINE = (250, 250, 245)  # the painted line: white chalk on the ground
REACH = (196, 240, 150)  # where a pin can go, and a pin that would hold
REFUSED = (236, 110, 90)  # a spot a pin cannot reach


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    planned: tuple[int, int, int]
    late: tuple[int, int, int]
    reactive: tuple[int, int, int]
    blind: tuple[int, int, int]
    left: tuple[int, int, int]
    right: tuple[int, int, int]


PALETTES = {
    "okabe-ito": Palette(
        "Okabe–Ito",
        (0, 158, 115),
        (240, 228, 66),
        (230, 159, 0),
        (213, 94, 0),
        (86, 180, 233),
        (204, 121, 167),
    ),
    "high-contrast": Palette(
        "High contrast",
        (255, 255, 255),
        (255, 221, 0),
        (255, 120, 0),
        (255, 40, 40),
        (80, 200, 255),
        (255, 120, 230),
    ),
    "classic": Palette(
        "Classic",
        (90, 200, 110),
        (240, 200, 60),
        (240, 120, 50),
        (210, 60, 60),
        (110, 170, 240),
        (240, 150, 110),
    ),
}

MEDAL_COLOURS = {
    "gold": (240, 196, 60),
    "silver": (200, 206, 214),
    "bronze": (205, 127, 70),
    "none": (90, 90, 90),
}


class Text:
    """Fonts by size and rendered text by content: a frame blits, it never re-renders."""

    def __init__(self, scale: float = 1.0):
        self.scale = scale
        self._fonts: dict[tuple[int, bool], pygame.font.Font] = {}
        self._cache: dict[tuple, pygame.Surface] = {}

    def font(self, size: int, bold: bool = False) -> pygame.font.Font:
        key = (round(size * self.scale), bold)
        font = self._fonts.get(key)
        if font is None:
            path = FONT_FILES[bold]
            if path.exists():
                font = pygame.font.Font(str(path), max(6, round(key[0] * DEJAVU_SCALE)))
            else:
                font = pygame.font.Font(None, key[0])
                font.set_bold(bold)
            self._fonts[key] = font
        return font

    def render(self, text: str, size: int, colour=INK, bold: bool = False) -> pygame.Surface:
        key = (text, size, colour, bold)
        surface = self._cache.get(key)
        if surface is None:
            if len(self._cache) > 2000:
                self._cache.clear()
            surface = self.font(size, bold).render(text, True, colour)
            self._cache[key] = surface
        return surface

    def draw(
        self, target, text, size, pos, colour=INK, bold=False, anchor="topleft"
    ) -> pygame.Rect:
        surface = self.render(text, size, colour, bold)
        rect = surface.get_rect(**{anchor: pos})
        target.blit(surface, rect)
        return rect

    def fit(self, text: str, size: int, width: int, bold: bool = False) -> str:
        """`text`, or its end after an ellipsis where it is wider than `width` (a path's
        file name matters more than its first folders)."""
        font = self.font(size, bold)
        if font.size(text)[0] <= width:
            return text
        cut = 1
        while cut < len(text) and font.size("…" + text[cut:])[0] > width:
            cut += 1
        return "…" + text[cut:]

    def wrap(self, text: str, size: int, width: int, bold: bool = False) -> list[str]:
        font = self.font(size, bold)
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if font.size(trial)[0] <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        if line:
            lines.append(line)
        return lines


def panel(target: pygame.Surface, rect: pygame.Rect, alpha: int = 230, radius: int = 10) -> None:
    """A rounded, slightly translucent panel."""
    target.blit(_panel_surface(tuple(rect.size), alpha, radius), rect)


@functools.lru_cache(maxsize=8)
def backed_panel(size: tuple[int, int], inset: int, alpha: int = 230, radius: int = 10):
    """A strip of backdrop with a panel inset in it, composed once into an opaque surface.

    A side panel is drawn every frame: as one plain copy it costs a fraction of a
    fill and a blend of the whole strip (the figure that counts at 1920×1080).
    """
    strip = pygame.Surface(size)
    strip.fill(BACKDROP)
    inner = pygame.Rect(inset, inset, size[0] - 2 * inset, size[1] - 2 * inset)
    strip.blit(_panel_surface(inner.size, alpha, radius), inner)
    return strip.convert() if pygame.display.get_surface() else strip


@functools.lru_cache(maxsize=8)
def edge_glow(size: tuple[int, int], rgb: tuple[int, int, int], depth: int, alpha: int):
    """A glow of colour along the four edges of a region, fading inwards over
    `depth` pixels: [(surface, offset)], made once per size.

    A stumble's flash: it tells the player at once without hiding the trail
    they are reading, and it blends a tenth of the pixels a whole-view wash does.
    """
    w, h = size
    depth = max(1, min(depth, w // 2, h // 2))
    fade = np.linspace(alpha, 0, depth, endpoint=False).astype(np.uint8)
    strips = []
    for strip_size, offset, ramp in (
        ((w, depth), (0, 0), fade[None, :]),
        ((w, depth), (0, h - depth), fade[None, ::-1]),
        ((depth, h), (0, 0), fade[:, None]),
        ((depth, h), (w - depth, 0), fade[::-1, None]),
    ):
        strip = pygame.Surface(strip_size, pygame.SRCALPHA)
        strip.fill((*rgb, 255))
        pixels = pygame.surfarray.pixels_alpha(strip)  # [x, y]
        pixels[...] = np.broadcast_to(ramp, pixels.shape)
        del pixels  # the surface stays locked while the array lives
        strips.append((strip, offset))
    return tuple(strips)


@functools.lru_cache(maxsize=8)
def wash(size: tuple[int, int], rgba: tuple[int, int, int, int]) -> pygame.Surface:
    """A translucent colour to lay over a whole region (the pause shade).

    Made once per size: filling a new surface as big as the view every frame
    costs more than blending it.
    """
    surface = pygame.Surface(size, pygame.SRCALPHA)
    surface.fill(rgba)
    return surface


@functools.lru_cache(maxsize=64)
def _panel_surface(size: tuple[int, int], alpha: int, radius: int) -> pygame.Surface:
    """Panels are drawn every frame in the same few sizes: each is made once."""
    surface = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(surface, (*PANEL, alpha), surface.get_rect(), border_radius=radius)
    pygame.draw.rect(surface, (*PANEL_EDGE, 255), surface.get_rect(), 1, border_radius=radius)
    return surface


def judgement_symbol(target, judgement: str, centre, size: int, colour) -> None:
    """Planned ●, late ▲, reactive ◆, blind ✕: shapes, so colour is never the only cue."""
    x, y = centre
    r = size
    outline = (20, 20, 20)
    if judgement == "planned":
        pygame.draw.circle(target, outline, centre, r + 1)
        pygame.draw.circle(target, colour, centre, r)
    elif judgement == "late":
        points = [(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)]
        pygame.draw.polygon(target, outline, [(px, py + 1) for px, py in points])
        pygame.draw.polygon(target, colour, points)
    elif judgement == "reactive":
        points = [(x, y - r - 1), (x + r + 1, y), (x, y + r + 1), (x - r - 1, y)]
        pygame.draw.polygon(target, outline, points, 0)
        pygame.draw.polygon(
            target, colour, [(px * 0.85 + x * 0.15, py * 0.85 + y * 0.15) for px, py in points]
        )
    else:
        w = max(2, r // 2)
        pygame.draw.line(target, outline, (x - r, y - r), (x + r, y + r), w + 2)
        pygame.draw.line(target, outline, (x - r, y + r), (x + r, y - r), w + 2)
        pygame.draw.line(target, colour, (x - r, y - r), (x + r, y + r), w)
        pygame.draw.line(target, colour, (x - r, y + r), (x + r, y - r), w)

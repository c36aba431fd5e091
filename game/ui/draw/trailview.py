"""The top-down trail view: geometry between the screen and the trail, and drawing.

The runner sits near the bottom and the trail comes towards them (s grows up
the screen). Inside the gaze band the trail is drawn in full detail; nearer
than the band it is dimmed (peripheral vision); beyond it is fog. The band's
edges are marked and labelled so a coach can point at them.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import pygame

from game.sim.events import StepEvent
from game.ui import theme
from game.ui.draw.feet import draw_foot
from game.ui.draw.terrain import TILE_M, TrailPainter

BEHIND_M = 1.4  # how much trail shows behind the runner
PRINT_L_M = 0.3  # a shoe print drawn a little larger than the 0.27 m sole, to read at a glance
FOG_SHOWN_M = 0.8  # beyond the band's far edge, enough fog to read as fog
MARK_SECONDS = 1.6  # how long a step's judgement stays on screen
TILES_AHEAD = 2  # tiles painted ahead of the view's far edge, a stage per frame
SPRITE_KEY = (3, 254, 7)  # the transparent colour of drawn-once sprites: no colour the game uses


@dataclass
class PlanOverlay:
    """What the player's plan looks like, in trail coordinates, for one frame."""

    line: list[tuple[float, float]] = field(default_factory=list)  # the painted line
    reach: list[tuple[float, float]] = field(default_factory=list)  # where a pin can go
    hover: tuple[float, float, bool] | None = None  # the pointer: (s, x, a pin would hold)


class TrailView:
    def __init__(
        self,
        trail,
        rect: pygame.Rect,
        px_per_m: float,
        light: str = "day",
        show_ahead_m: float | None = None,
    ):
        self.trail = trail
        self.light = light
        self.zoom = px_per_m  # the scale asked for; a short view shrinks it to fit
        self.show_ahead_m = show_ahead_m
        self.painter = None
        self.set_rect(rect)

    def set_rect(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self.px_per_m = self.zoom
        if self.show_ahead_m is not None:
            # The band's far edge and a little fog past it stay on screen however short
            # the window: the view scales down rather than cut the band off.
            fit = self.rect.height / (BEHIND_M + self.show_ahead_m + FOG_SHOWN_M)
            self.px_per_m = min(self.zoom, max(20.0, fit))
        if self.painter is not None and self.painter.px_per_m != self.px_per_m:
            self.painter = None
        # The painted woods reach past both sides of the view; a wider view repaints wider.
        half_m = self.rect.width / 2 / self.px_per_m + 0.1
        if self.painter is None or self.painter.half_width_m < half_m:
            self.painter = TrailPainter(self.trail, self.px_per_m, self.light, half_m)
        self.runner_y = self.rect.bottom - BEHIND_M * self.px_per_m

    @property
    def ahead_m(self) -> float:
        return (self.runner_y - self.rect.top) / self.px_per_m

    # --- geometry -------------------------------------------------------------------

    def screen_y(self, s_m: float, s_cam: float) -> float:
        return self.runner_y - (s_m - s_cam) * self.px_per_m

    def screen_x(self, x_m: float, s_m: float) -> float:
        return self.rect.centerx + (x_m + self.trail.centre_at(max(s_m, 0.0))) * self.px_per_m

    def to_trail(self, pos, s_cam: float) -> tuple[float, float]:
        """The trail coordinate (s, x) under a screen position."""
        s = s_cam + (self.runner_y - pos[1]) / self.px_per_m
        x = (pos[0] - self.rect.centerx) / self.px_per_m - self.trail.centre_at(max(s, 0.0))
        return s, x

    # --- drawing ----------------------------------------------------------------------

    def draw(
        self,
        target,
        s_cam,
        state,
        marks,
        palette,
        text,
        now_s,
        show_band=True,
        plan=None,
        paint_ahead=True,
    ) -> None:
        """The view; `paint_ahead=False` leaves the next stage of painting ahead to a
        later frame (one that is already costly, such as a flash over the view)."""
        clip = target.get_clip()
        target.set_clip(self.rect)
        near_y = self.screen_y(s_cam + state.gaze_near_m, s_cam)
        far_y = self.screen_y(s_cam + state.gaze_far_m, s_cam)
        if show_band:
            self._draw_ground(target, s_cam, round(far_y), round(near_y), paint_ahead)
        else:
            self._draw_ground(target, s_cam, self.rect.top, self.rect.bottom, paint_ahead)
        self._draw_finish(target, s_cam)
        if plan is not None:
            self._draw_reach(target, s_cam, plan.reach)
            self._draw_line(target, s_cam, plan.line)
        self._draw_steps(target, s_cam, marks, palette, text, now_s)
        self._draw_queue(target, s_cam, state, palette)
        if plan is not None and plan.hover is not None:
            self._draw_hover(target, s_cam, plan.hover)
        self._draw_runner(target, s_cam, state, now_s)
        if show_band:
            self._draw_band_edges(target, state, near_y, far_y, text)
        target.set_clip(clip)

    def _draw_ground(
        self, target, s_cam: float, fog_to_y: int, dim_from_y: int, paint_ahead: bool
    ) -> None:
        """The ground, tile by tile: fog above fog_to_y, full detail down to dim_from_y
        and dimmed below it (peripheral vision). Each pixel is one copy from a tile."""
        behind = (self.rect.bottom - self.runner_y) / self.px_per_m
        first = math.floor((s_cam - behind) / TILE_M)
        last = math.floor((s_cam + self.ahead_m) / TILE_M)
        width, height = self.painter.size
        left = self.rect.centerx - width // 2
        for index in range(first, last + 1):
            tile = self.painter.tile(index)
            top = round(self.screen_y((index + 1) * TILE_M, s_cam))
            bottom = top + height
            for layer, y0, y1 in (
                (tile.fog, top, fog_to_y),
                (tile.full, fog_to_y, dim_from_y),
                (tile.dim, dim_from_y, bottom),
            ):
                y0, y1 = max(y0, top, self.rect.top), min(y1, bottom, self.rect.bottom)
                if y0 < y1:
                    target.blit(layer, (left, y0), (0, y0 - top, width, y1 - y0))
        self.painter.release_before(first - 1)
        if paint_ahead:
            self.painter.prefetch(last + 1, TILES_AHEAD)

    def _draw_band_edges(self, target, state, near_y: float, far_y: float, text) -> None:
        for y, label in ((near_y, state.gaze_near_m), (far_y, state.gaze_far_m)):
            y = round(y)
            if self.rect.top <= y < self.rect.bottom:
                dashes = _dashed_line(theme.BAND_EDGE, self.rect.width - 16)
                target.blit(dashes, (self.rect.left + 8, y - DASH_Y))
                tag = text.render(f"{label:.1f} m", 20, theme.BAND_EDGE, bold=True)
                box = tag.get_rect(midright=(self.rect.right - 12, y - 12))
                pygame.draw.rect(target, (20, 22, 20), box.inflate(10, 4), border_radius=5)
                target.blit(tag, box)
        if self.rect.top <= far_y and near_y <= self.rect.bottom:
            label = text.render("GAZE", 18, theme.BAND_EDGE, bold=True)
            label = pygame.transform.rotate(label, 90)
            target.blit(label, label.get_rect(center=(self.rect.left + 16, (near_y + far_y) / 2)))

    def _draw_finish(self, target, s_cam: float) -> None:
        length = self.trail.length_m
        if length is None:
            return
        y = round(self.screen_y(length, s_cam))
        if self.rect.top - 12 <= y <= self.rect.bottom:
            cell = 12
            for i, x in enumerate(range(self.rect.left, self.rect.right, cell)):
                for row in range(2):
                    colour = (240, 240, 240) if (i + row) % 2 else (30, 30, 30)
                    pygame.draw.rect(target, colour, (x, y - cell * (row + 1), cell, cell))

    def _print(self, target, s_m, x_m, s_cam, foot, colour, width=0) -> tuple[int, int]:
        """A foot's print centred on (s, x), the shared left/right drawing; returns its centre."""
        centre = (round(self.screen_x(x_m, s_m)), round(self.screen_y(s_m, s_cam)))
        sprite = _print_sprite(foot, colour, max(14.0, PRINT_L_M * self.px_per_m), width)
        half = sprite.get_width() // 2
        target.blit(sprite, (centre[0] - half, centre[1] - half))
        return centre

    def _draw_steps(
        self, target, s_cam, marks: list[tuple[float, StepEvent]], palette, text, now_s
    ) -> None:
        low = s_cam - BEHIND_M - 0.5
        for seen_s, step in marks:
            if step.s_m < low:
                continue
            colour = palette.left if step.foot == "L" else palette.right
            centre = self._print(target, step.s_m, step.x_m, s_cam, step.foot, colour)
            age = now_s - seen_s
            if age < MARK_SECONDS:
                self._judgement_tag(target, step, centre, palette, text)

    def _judgement_tag(self, target, step: StepEvent, centre, palette, text) -> None:
        colour = getattr(palette, step.judgement)
        side = 1 if step.foot == "R" else -1
        x = centre[0] + side * 22
        theme.judgement_symbol(target, step.judgement, (x, centre[1]), 6, colour)
        words = (
            step.judgement
            if step.clean
            else next(
                (r for r in step.reasons if r not in ("late", "reactive", "blind")), step.judgement
            )
        )
        label = text.render(words, 18, theme.INK, bold=True)
        box = (
            label.get_rect(midleft=(x + 12, centre[1]))
            if side > 0
            else label.get_rect(midright=(x - 12, centre[1]))
        )
        pygame.draw.rect(target, (16, 18, 16), box.inflate(8, 2), border_radius=4)
        target.blit(label, box)

    def _draw_queue(self, target, s_cam, state, palette) -> None:
        """The plan: each foothold as an outlined print of the foot that lands there;
        a pinned one carries a pin head."""
        foot = state.next_foot
        for planned in state.queue:
            colour = palette.left if foot == "L" else palette.right
            centre = self._print(target, planned.s_m, planned.x_m, s_cam, foot, colour, width=2)
            if planned.pinned:
                pygame.draw.circle(target, (16, 16, 16), centre, 6)
                pygame.draw.circle(target, theme.ACCENT, centre, 4)
            foot = "R" if foot == "L" else "L"

    def _trail_points(self, points, s_cam) -> list[tuple[float, float]]:
        return [(self.screen_x(x, s), self.screen_y(s, s_cam)) for s, x in points]

    def _draw_line(self, target, s_cam, line) -> None:
        """The painted line: a soft ribbon under the footholds laid along it."""
        if len(line) < 2:
            return
        points = self._trail_points(line, s_cam)
        pygame.draw.lines(target, (14, 16, 14), False, points, 7)
        pygame.draw.lines(target, theme.LINE, False, points, 3)

    def _draw_reach(self, target, s_cam, outline) -> None:
        """Where a pin can go: a faint wash with a clear edge."""
        if len(outline) < 3:
            return
        points = self._trail_points(outline, s_cam)
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
        box = box.clip(self.rect)
        if not box.width or not box.height:
            return
        wash = pygame.Surface(box.size, pygame.SRCALPHA)
        local = [(x - box.x, y - box.y) for x, y in points]
        pygame.draw.polygon(wash, (*theme.REACH, 34), local)
        pygame.draw.polygon(wash, (*theme.REACH, 150), local, 2)
        target.blit(wash, box)

    def _draw_hover(self, target, s_cam, hover) -> None:
        """The pointer's spot: a target ring where a click would pin, a cross where not."""
        s, x, ok = hover
        cx, cy = round(self.screen_x(x, s)), round(self.screen_y(s, s_cam))
        r = max(7, round(0.1 * self.px_per_m))
        colour = theme.REACH if ok else theme.REFUSED
        pygame.draw.circle(target, (14, 16, 14), (cx, cy), r + 2, 4)
        pygame.draw.circle(target, colour, (cx, cy), r, 2)
        if not ok:
            d = round(r * 0.6)
            pygame.draw.line(target, colour, (cx - d, cy - d), (cx + d, cy + d), 2)
            pygame.draw.line(target, colour, (cx - d, cy + d), (cx + d, cy - d), 2)

    def _draw_runner(self, target, s_cam, state, now_s) -> None:
        """The runner from above: shoulders, head, arms swinging with the stride."""
        ppm = self.px_per_m
        x = self.screen_x(state.last.x_m * 0.5, s_cam)
        y = self.runner_y
        swing = math.sin(state.s_m * math.pi / max(state.step_length_m, 0.5)) * 0.12 * ppm
        shoulder = 0.46 * ppm
        shadow = pygame.Rect(0, 0, shoulder * 1.2, 0.3 * ppm)
        shadow.center = (round(x + 0.1 * ppm), round(y + 0.12 * ppm))
        pygame.draw.ellipse(target, (12, 14, 12), shadow)
        for sign in (-1, 1):
            elbow = (x + sign * shoulder * 0.55, y - sign * swing * 0.5)
            hand = (x + sign * shoulder * 0.45, y - sign * swing - 0.12 * ppm)
            pygame.draw.line(target, (30, 26, 22), (x + sign * shoulder * 0.4, y), elbow, 7)
            pygame.draw.line(target, (30, 26, 22), elbow, hand, 6)
            pygame.draw.circle(target, (224, 184, 150), [round(v) for v in hand], 4)
        torso = pygame.Rect(0, 0, shoulder, 0.22 * ppm)
        torso.center = (round(x), round(y))
        pygame.draw.rect(target, (24, 22, 20), torso.inflate(4, 4), border_radius=10)
        pygame.draw.rect(target, theme.ACCENT, torso, border_radius=9)
        head = (round(x), round(y - 0.02 * ppm))
        pygame.draw.circle(target, (24, 22, 20), head, round(0.12 * ppm) + 2)
        pygame.draw.circle(target, (74, 52, 38), head, round(0.12 * ppm))
        pygame.draw.circle(
            target, (224, 184, 150), (head[0], head[1] - round(0.05 * ppm)), round(0.05 * ppm)
        )


def _sprite(size: tuple[int, int]) -> pygame.Surface:
    """A blank sprite: SPRITE_KEY shows what is under it, everything drawn is copied as is."""
    sprite = pygame.Surface(size)
    sprite.fill(SPRITE_KEY)
    sprite.set_colorkey(SPRITE_KEY, pygame.RLEACCEL)
    return sprite


# Prints and dashed lines are drawn once and then copied: a dozen prints a frame
# were a few hundred points of trigonometry and polygons, a band edge sixty lines.


@functools.lru_cache(maxsize=32)
def _print_sprite(foot: str, colour, size: float, width: int) -> pygame.Surface:
    """A foot's print centred in a square sprite: filled over a dark outline (width 0,
    a foot that landed) or outlined in colour over a dark outline (a foothold planned)."""
    half = math.ceil(size) + width + 2  # the whole print fits within `size` of its centre
    sprite = _sprite((2 * half + 1, 2 * half + 1))
    if width:
        draw_foot(sprite, (half, half), foot, (16, 16, 16), size, width=width + 2)
    draw_foot(sprite, (half, half), foot, colour, size, width=width)
    return sprite


DASH_Y = 2  # the line's row in its sprite


@functools.lru_cache(maxsize=8)
def _dashed_line(colour, length: int, dash=14, gap=8, width=2) -> pygame.Surface:
    """A dashed line `length` long, drawn along row DASH_Y of a sprite."""
    sprite = _sprite((length + 1, 2 * DASH_Y + width))
    x = 0
    while x < length:
        pygame.draw.line(sprite, colour, (x, DASH_Y), (min(x + dash, length), DASH_Y), width)
        x += dash + gap
    return sprite

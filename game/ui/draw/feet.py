"""A footprint, left or right: told apart by shape as well as by colour.

One drawing for every place a foot is shown (the footholds on the trail, the
legend, the tutorial), so what the legend teaches is what the trail shows. A
print is the mirror of the other foot's: the forefoot turned out, the big toe
on the inside, as a real print in mud.
"""

from __future__ import annotations

import math

import pygame

OUTLINE = (16, 16, 16)
TURN_OUT_DEG = 14.0  # feet land turned slightly out; it makes left and right read at a glance


def _ellipse(cx, cy, half_w, half_h, turn_rad, points=14) -> list[tuple[float, float]]:
    c, s = math.cos(turn_rad), math.sin(turn_rad)
    out = []
    for i in range(points):
        a = 2 * math.pi * i / points
        x, y = half_w * math.cos(a), half_h * math.sin(a)
        out.append((cx + x * c - y * s, cy + x * s + y * c))
    return out


def foot_shapes(centre, foot: str, size: float):
    """(forefoot polygon, heel polygon, big toe centre, big toe radius) of a print `size` px long."""
    x0, y0 = centre
    out = -1.0 if foot == "L" else 1.0  # the side the foot turns towards
    turn = math.radians(TURN_OUT_DEG) * out
    fore = _ellipse(x0 + 0.07 * size * out, y0 - 0.16 * size, 0.2 * size, 0.27 * size, turn)
    heel = _ellipse(x0, y0 + 0.3 * size, 0.14 * size, 0.17 * size, turn / 2)
    toe = (x0 - 0.06 * size * out, y0 - 0.44 * size)
    return fore, heel, toe, max(1.5, 0.1 * size)


def draw_foot(surface, centre, foot: str, colour, size: float, width: int = 0) -> None:
    """A print of the left ('L') or right ('R') foot, `size` px from toe to heel.

    width 0 fills it over a dark outline (a foot that landed); a width draws only
    its outline (a foothold planned).
    """
    fore, heel, toe, toe_r = foot_shapes(centre, foot, size)
    toe_px = (round(toe[0]), round(toe[1]))
    if width:
        for shape in (fore, heel):
            pygame.draw.polygon(surface, colour, shape, width)
        pygame.draw.circle(surface, colour, toe_px, round(toe_r), max(1, width - 1))
        return
    edge = max(1.0, size / 24)
    for shape in (fore, heel):
        pygame.draw.polygon(surface, OUTLINE, shape, round(2 * edge))
    pygame.draw.circle(surface, OUTLINE, toe_px, round(toe_r + edge))
    for shape in (fore, heel):
        pygame.draw.polygon(surface, colour, shape)
    pygame.draw.circle(surface, colour, toe_px, round(toe_r))


def draw_feet_legend(surface, bottomleft, palette, text) -> pygame.Rect:
    """A small key: each foot's print, in its colour, named. Returns the box drawn."""
    from game.ui import theme

    size = round(26 * text.scale)
    labels = [text.render(word, 18, theme.INK) for word in ("left", "right")]
    width = 12 + sum(size + 6 + label.get_width() + 14 for label in labels)
    box = pygame.Rect(0, 0, width, size + 14)
    box.bottomleft = bottomleft
    theme.panel(surface, box, alpha=215, radius=8)
    x = box.x + 12
    for foot, colour, label in zip("LR", (palette.left, palette.right), labels, strict=True):
        draw_foot(surface, (x + size // 2, box.centery), foot, colour, size)
        x += size + 6
        surface.blit(label, label.get_rect(midleft=(x, box.centery)))
        x += label.get_width() + 14
    return box

"""Left and right prints differ by shape as well as colour, and the play screen says which is which."""

import dataclasses

import numpy as np
import pygame
import pytest
from ui_driving import start_play

from game.levels import find_level
from game.ui.draw.feet import draw_foot

SHORT = dataclasses.replace(find_level("warm-up"), length_m=60.0)


def print_mask(foot: str, size: int = 40) -> np.ndarray:
    surface = pygame.Surface((size * 2, size * 2))
    surface.fill((0, 0, 0))
    draw_foot(surface, (size, size), foot, (255, 255, 255), size)
    return pygame.surfarray.array3d(surface)[:, :, 0] == 255


@pytest.mark.parametrize("size", [14, 26, 40])
def test_a_left_print_is_the_mirror_of_a_right_one_and_not_the_same_shape(size):
    left, right = print_mask("L", size), print_mask("R", size)
    assert left.sum() > size  # something is drawn, even small
    assert not np.array_equal(left, right)
    # Mirrored across the print's centre line, each is (within a pixel's rounding) the other.
    mirrored = left[::-1, :]
    overlap = (mirrored & right).sum() / right.sum()
    assert overlap > 0.85


@pytest.mark.parametrize("size", [(1280, 720), (800, 500)])
def test_the_play_screen_has_a_legend_for_the_feet_in_their_colours(app, size):
    app.resize(size)
    scene = start_play(app, SHORT)
    app.frame(0.0, [])
    box = scene.legend_rect
    assert app.screen.get_rect().contains(box) and scene.view.rect.contains(box)
    pixels = pygame.surfarray.array3d(app.screen.subsurface(box))
    palette = app.palette
    for colour in (palette.left, palette.right):
        assert np.all(pixels == colour, axis=2).sum() > 40

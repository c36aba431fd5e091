"""Typing in a trail code a coach gave you, to run the same trail."""

from __future__ import annotations

import pygame

from game.trailcode import TrailCodeError, parse_trail_code
from game.ui import theme
from game.ui.app import Scene


class CodeScene(Scene):
    def __init__(self, app):
        super().__init__(app)
        self.code = ""
        self.error = ""

    def handle(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.submit()
        elif event.key == pygame.K_BACKSPACE:
            self.code = self.code[:-1]
            self.error = ""
        elif event.unicode and event.unicode.isprintable() and len(self.code) < 16:
            self.code += event.unicode.upper()
            self.error = ""

    def submit(self) -> None:
        from game.ui.scenes.shoes import ShoeScene

        try:
            level, seed = parse_trail_code(self.code)
        except TrailCodeError as exc:
            self.error = str(exc).removeprefix("trail code: ")
            return
        self.app.replace(ShoeScene(self.app, level, seed=seed))

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text = self.app.text
        text.draw(surface, "Run a coach's trail", 54, (40, 24), theme.ACCENT, bold=True)
        text.draw(
            surface,
            "Type the trail code you were given: the same trail, the same seed as everyone else.",
            24,
            (44, 90),
            theme.INK,
        )
        box = pygame.Rect(0, 0, 520, 96)
        box.center = (w // 2, h // 2 - 20)
        theme.panel(surface, box)
        pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=10)
        shown = self.code + ("_" if (pygame.time.get_ticks() // 500) % 2 == 0 else " ")
        size = 64  # smaller for a long code, so it stays inside its box
        while size > 24 and text.font(size, bold=True).size(shown)[0] > box.width - 40:
            size -= 4
        text.draw(surface, shown, size, box.center, theme.INK, bold=True, anchor="center")
        if self.error:
            text.draw(
                surface, self.error, 26, (w // 2, box.bottom + 24), theme.BAD, anchor="midtop"
            )
        text.draw(
            surface,
            "Enter to run · Esc back · O and 0, I and 1 count the same",
            20,
            (44, h - 40),
            theme.INK_FAINT,
        )

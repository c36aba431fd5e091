"""Choosing the shoes for a run: the level lists the ones it allows."""

from __future__ import annotations

import pygame

from game.sim.rules import SHOES, SURFACE_NAMES, shoe_grip
from game.sim.trail import Trail
from game.trailcode import trail_code
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.terrain import trail_picture
from game.ui.menukeys import CONFIRM


class ShoeScene(Scene):
    def __init__(self, app, level, seed=None, scored: bool = True):
        super().__init__(app)
        self.level, self.seed, self.scored = level, seed, scored
        self.shoes = list(level.shoes)
        self.index = self.shoes.index(level.default_shoe)
        self.rects: list[pygame.Rect] = []
        self._banner = None

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RIGHT, pygame.K_DOWN):
                self.index = (self.index + 1) % len(self.shoes)
            elif event.key in (pygame.K_LEFT, pygame.K_UP):
                self.index = (self.index - 1) % len(self.shoes)
            elif event.key in CONFIRM:
                self.start()
            elif event.key == pygame.K_ESCAPE:
                self.app.pop()
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.index = i
                    self.start()

    def start(self) -> None:
        from game.ui.scenes.play import PlayScene

        play = PlayScene(
            self.app, self.level, seed=self.seed, shoe=self.shoes[self.index], scored=self.scored
        )
        self.app.replace(play)

    def banner(self, size) -> pygame.Surface:
        """This run's own trail across the top of the screen, fading into the page."""
        if self._banner is None or self._banner.get_size() != size:
            seed = self.level.seed if self.seed is None else self.seed
            art = trail_picture(Trail(self.level, seed), 1, size, self.level.light, chunks=4)
            shade = pygame.Surface(size, pygame.SRCALPHA)
            for y in range(size[1]):
                alpha = 150 + round(105 * (y / size[1]) ** 2)
                pygame.draw.line(shade, (*theme.BACKDROP, alpha), (0, y), (size[0], y))
            art.blit(shade, (0, 0))
            self._banner = art.convert() if pygame.display.get_surface() else art
        return self._banner

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        surface.blit(self.banner((w, 150)), (0, 0))
        text = self.app.text
        text.draw(surface, self.level.name, 48, (40, 28), theme.ACCENT, bold=True)
        for j, line in enumerate(text.wrap(self.level.description, 24, w - 80)[:2]):
            text.draw(surface, line, 24, (44, 84 + j * 28), theme.INK)
        text.draw(
            surface, "Choose your shoes", 30, (w // 2, 160), theme.INK, bold=True, anchor="midtop"
        )
        gap = 16
        card_w = min(280, (w - 80 - gap * (len(self.shoes) - 1)) // len(self.shoes))
        self.rects = []
        for i, name in enumerate(self.shoes):
            shoe = SHOES[name]
            left = (w - len(self.shoes) * card_w - gap * (len(self.shoes) - 1)) // 2
            rect = pygame.Rect(left + i * (card_w + gap), 206, card_w, 340)
            self.rects.append(rect)
            theme.panel(surface, rect)
            if i == self.index:
                pygame.draw.rect(surface, theme.ACCENT, rect, 3, border_radius=10)
            text.draw(
                surface,
                shoe.label,
                28,
                (rect.x + 16, rect.y + 14),
                theme.ACCENT if i == self.index else theme.INK,
                bold=True,
            )
            for k, line in enumerate(text.wrap(shoe.blurb, 20, rect.width - 32)[:3]):
                text.draw(surface, line, 20, (rect.x + 16, rect.y + 52 + k * 22), theme.INK_DIM)
            grips = shoe_grip(shoe)
            y = rect.y + 130
            for surface_id in (2, 4, 6, 7, 8):
                label = SURFACE_NAMES[surface_id]
                text.draw(surface, label, 19, (rect.x + 16, y), theme.INK)
                bar = pygame.Rect(rect.x + 110, y + 4, rect.width - 130, 12)
                pygame.draw.rect(surface, (44, 50, 46), bar, border_radius=6)
                fill = bar.copy()
                fill.width = round(bar.width * grips[surface_id])
                pygame.draw.rect(
                    surface,
                    theme.GOOD if grips[surface_id] > 0.55 else theme.WARN,
                    fill,
                    border_radius=6,
                )
                y += 30
            text.draw(surface, "grip", 17, (rect.x + 110, rect.y + 112), theme.INK_FAINT)
            text.draw(
                surface,
                f"rock protection {shoe.protection * 100:.0f}%",
                19,
                (rect.x + 16, y + 12),
                theme.INK_DIM,
            )
        text.draw(surface, "←→ choose · Enter run · Esc back", 20, (44, h - 40), theme.INK_FAINT)
        code = trail_code(self.level, self.level.seed if self.seed is None else self.seed)
        text.draw(
            surface,
            f"trail code {code}",
            24,
            (w - 44, h - 44),
            theme.BAND_EDGE,
            bold=True,
            anchor="topright",
        )

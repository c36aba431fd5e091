"""A list of choices, for the keyboard, the mouse and the gamepad alike.

It answers only the menu keys (arrows, Enter), never a letter or Space: those
may be the player's play keys (see game/ui/menukeys.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.menukeys import CONFIRM


@dataclass
class Item:
    label: str
    action: Callable[[], None]
    hint: str = ""
    enabled: bool = True


class ItemList:
    def __init__(self, items: list[Item], size: int = 34, spacing: int = 50, across=False):
        self.items = items
        self.size = size
        self.spacing = spacing
        self.across = across  # a row of buttons rather than a column of lines
        self.index = next((i for i, item in enumerate(items) if item.enabled), 0)
        self.rects: list[pygame.Rect] = []

    def handle(self, event) -> bool:
        """True when the event was the list's."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_RIGHT):
                self._move(1)
            elif event.key in (pygame.K_UP, pygame.K_LEFT):
                self._move(-1)
            elif event.key in CONFIRM:
                self.activate()
            else:
                return False
            return True
        if event.type == pygame.MOUSEMOTION:
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos) and self.items[i].enabled:
                    self.index = i
            return False
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos) and self.items[i].enabled:
                    self.index = i
                    self.activate()
                    return True
        if event.type == pygame.JOYHATMOTION and event.value[1]:
            self._move(-event.value[1])
            return True
        if event.type == pygame.JOYBUTTONDOWN and event.button == 0:
            self.activate()
            return True
        return False

    def _move(self, step: int) -> None:
        for _ in range(len(self.items)):
            self.index = (self.index + step) % len(self.items)
            if self.items[self.index].enabled:
                return

    def activate(self) -> None:
        if not 0 <= self.index < len(self.items):
            return  # nothing chosen yet
        item = self.items[self.index]
        if item.enabled:
            item.action()

    def draw(self, target, text, topleft, width: int) -> None:
        if self.across:
            self._draw_across(target, text, topleft, width)
            return
        x, y = topleft
        self.rects = []
        for i, item in enumerate(self.items):
            rect = pygame.Rect(x, y, width, self.spacing - 8)
            selected = i == self.index
            if selected:
                pygame.draw.rect(target, (52, 60, 50), rect, border_radius=10)
                pygame.draw.rect(target, theme.ACCENT, rect, 2, border_radius=10)
            colour = theme.INK if item.enabled else theme.INK_FAINT
            text.draw(
                target,
                item.label,
                self.size,
                (rect.x + 18, rect.centery),
                theme.ACCENT if selected else colour,
                bold=selected,
                anchor="midleft",
            )
            if item.hint:
                text.draw(
                    target,
                    item.hint,
                    20,
                    (rect.right - 14, rect.centery),
                    theme.INK_DIM,
                    anchor="midright",
                )
            self.rects.append(rect)
            y += self.spacing

    def _draw_across(self, target, text, topleft, width: int) -> None:
        """Buttons side by side, each with its letter (if any) after its label."""
        x, y = topleft
        gap = 10
        w = (width - gap * (len(self.items) - 1)) // len(self.items)
        h = round(self.size * text.scale) + 18
        self.rects = []
        for i, item in enumerate(self.items):
            rect = pygame.Rect(x + i * (w + gap), y, w, h)
            selected = i == self.index
            pygame.draw.rect(
                target, (52, 60, 50) if selected else (34, 38, 34), rect, border_radius=8
            )
            edge = theme.ACCENT if selected else theme.PANEL_EDGE
            pygame.draw.rect(target, edge, rect, 2 if selected else 1, border_radius=8)
            label = f"{item.label} ({item.hint})" if item.hint else item.label
            text.draw(
                target,
                text.fit(label, self.size, w - 12),
                self.size,
                rect.center,
                theme.ACCENT if selected else theme.INK,
                bold=selected,
                anchor="center",
            )
            self.rects.append(rect)

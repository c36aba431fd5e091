"""A vertical list of choices, for the keyboard, the mouse and the gamepad alike."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygame

from game.ui import theme


@dataclass
class Item:
    label: str
    action: Callable[[], None]
    hint: str = ""
    enabled: bool = True


class ItemList:
    def __init__(self, items: list[Item], size: int = 34, spacing: int = 50):
        self.items = items
        self.size = size
        self.spacing = spacing
        self.index = next((i for i, item in enumerate(items) if item.enabled), 0)
        self.rects: list[pygame.Rect] = []

    def handle(self, event) -> bool:
        """True when the event was the list's."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_s):
                self._move(1)
            elif event.key in (pygame.K_UP, pygame.K_w):
                self._move(-1)
            elif event.key in (pygame.K_RETURN, pygame.K_SPACE, pygame.K_KP_ENTER):
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
        item = self.items[self.index]
        if item.enabled:
            item.action()

    def draw(self, target, text, topleft, width: int) -> None:
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

"""Settings: player name, training speed, sound, palette, accessibility, and key bindings."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.ui import theme
from game.ui.app import Scene
from game.ui.menukeys import CONFIRM, refusal
from game.ui.settings import ACTION_LABELS, DEFAULT_KEYS, HUD_SCALES, SPEEDS, ZOOMS
from game.ui.theme import PALETTES


def rebind(keys: dict[str, str], action: str, key_name: str) -> dict[str, str]:
    """`action` on `key_name`; an action that had that key takes the old one (a swap)."""
    keys = {**DEFAULT_KEYS, **keys}
    old = keys[action]
    for other, name in keys.items():
        if name == key_name and other != action:
            keys[other] = old
    keys[action] = key_name
    return keys


def _cycle(options, value, step):
    options = list(options)
    i = options.index(value) if value in options else 0
    return options[(i + step) % len(options)]


class SettingsScene(Scene):
    def __init__(self, app):
        super().__init__(app)
        self.index = 0
        self.waiting_for_key: str | None = None
        self.editing_name = False
        self.rects: list[pygame.Rect] = []

    def rows(self):
        s = self.app.settings
        rows = [
            ("Player name", s.player, "name"),
            ("Training speed", f"{s.speed:g}×", "speed"),
            ("Sound", "off" if s.muted else "on", "mute"),
            ("Volume", f"{round(s.volume * 100)}%", "volume"),
            ("Colour palette", PALETTES[s.palette].name, "palette"),
            ("Reduced flashing", "on" if s.reduced_flashing else "off", "flashing"),
            ("Coaching hints", "on" if s.coaching_hints else "off", "hints"),
            ("HUD text size", f"{round(s.hud_scale * 100)}%", "hud"),
            ("Trail zoom", f"{s.zoom} px per metre", "zoom"),
        ]
        rows += [
            (ACTION_LABELS[a], s.keys.get(a, DEFAULT_KEYS[a]).upper(), f"key:{a}")
            for a in DEFAULT_KEYS
        ]
        rows.append(("Reset keys to defaults", "", "reset"))
        return rows

    def change(self, what: str, step: int) -> None:
        s = self.app.settings
        if what == "speed":
            s = replace(s, speed=_cycle(SPEEDS, s.speed, step))
        elif what == "mute":
            s = replace(s, muted=not s.muted)
        elif what == "volume":
            s = replace(s, volume=min(1.0, max(0.0, round(s.volume + 0.1 * step, 1))))
        elif what == "palette":
            s = replace(s, palette=_cycle(PALETTES, s.palette, step))
        elif what == "flashing":
            s = replace(s, reduced_flashing=not s.reduced_flashing)
        elif what == "hints":
            s = replace(s, coaching_hints=not s.coaching_hints)
        elif what == "hud":
            s = replace(s, hud_scale=_cycle(HUD_SCALES, s.hud_scale, step))
        elif what == "zoom":
            s = replace(s, zoom=_cycle(ZOOMS, s.zoom, step))
        elif what == "reset":
            s = replace(s, keys=dict(DEFAULT_KEYS))
        else:
            return
        self.app.apply_settings(s)

    def handle(self, event) -> None:
        if event.type == pygame.MOUSEMOTION and not (self.waiting_for_key or self.editing_name):
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.index = i
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos) and not self.waiting_for_key:
                    self.index = i
                    self.activate(-1 if event.button == 3 else 1)
            return
        if event.type != pygame.KEYDOWN:
            return
        if self.waiting_for_key:
            if event.key != pygame.K_ESCAPE:
                self.bind(self.waiting_for_key, pygame.key.name(event.key))
            self.waiting_for_key = None
            return
        if self.editing_name:
            self._edit_name(event)
            return
        what = self.rows()[self.index][2]
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key == pygame.K_DOWN:
            self.index = (self.index + 1) % len(self.rows())
        elif event.key == pygame.K_UP:
            self.index = (self.index - 1) % len(self.rows())
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            self.change(what, 1 if event.key == pygame.K_RIGHT else -1)
        elif event.key in CONFIRM:
            self.activate(1)

    def bind(self, action: str, key_name: str) -> bool:
        """Bind a play action to a key, unless the menus need that key (the player is told)."""
        reason = refusal(key_name)
        if reason:
            self.app.notices.append(reason)
            return False
        keys = rebind(self.app.settings.keys, action, key_name)
        self.app.apply_settings(replace(self.app.settings, keys=keys))
        return True

    def activate(self, step: int) -> None:
        what = self.rows()[self.index][2]
        if what.startswith("key:"):
            self.waiting_for_key = what[4:]
        elif what == "name":
            self.editing_name = True
        else:
            self.change(what, step)

    def _edit_name(self, event) -> None:
        name = self.app.settings.player
        if event.key in (pygame.K_RETURN, pygame.K_ESCAPE):
            self.editing_name = False
            name = name.strip() or "Runner"
        elif event.key == pygame.K_BACKSPACE:
            name = name[:-1]
        elif event.unicode and event.unicode.isprintable() and len(name) < 24:
            name += event.unicode
        self.app.apply_settings(replace(self.app.settings, player=name))

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text = self.app.text
        text.draw(surface, "Settings", 54, (40, 24), theme.ACCENT, bold=True)
        rows = self.rows()
        per_col = (len(rows) + 1) // 2
        self.rects = []
        for i, (label, value, what) in enumerate(rows):
            col, row = divmod(i, per_col)
            rect = pygame.Rect(40 + col * ((w - 100) // 2 + 20), 100 + row * 46, (w - 100) // 2, 40)
            self.rects.append(rect)
            if i == self.index:
                pygame.draw.rect(surface, (52, 60, 50), rect, border_radius=8)
                pygame.draw.rect(surface, theme.ACCENT, rect, 2, border_radius=8)
            label_box = text.draw(
                surface, label, 24, (rect.x + 14, rect.centery), theme.INK, anchor="midleft"
            )
            shown = value
            if self.waiting_for_key and what == f"key:{self.waiting_for_key}":
                shown = "press a key…"
            elif self.editing_name and what == "name":
                shown = value + "_"
            room = rect.right - 14 - label_box.right - 16  # never over its label
            text.draw(
                surface,
                text.fit(shown, 24, room),
                24,
                (rect.right - 14, rect.centery),
                theme.ACCENT if i == self.index else theme.INK_DIM,
                anchor="midright",
            )
        hint = "↑↓ choose · ←→ change · Enter or click: edit or rebind · Esc back (saved as you go)"
        text.draw(surface, hint, 20, (44, h - 40), theme.INK_FAINT)

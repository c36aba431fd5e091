"""Settings: player name, training speed, sound, palette, accessibility, and key bindings."""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.ui import theme
from game.ui.app import Scene
from game.ui.settings import ACTION_LABELS, DEFAULT_KEYS, HUD_SCALES, SPEEDS, ZOOMS
from game.ui.theme import PALETTES


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

    def rows(self):
        s = self.app.settings
        rows = [
            ("Player name", s.player, "name"),
            ("Training speed", f"{s.speed:g}×", "speed"),
            ("Volume", "muted" if s.muted else f"{round(s.volume * 100)}%", "volume"),
            ("Colour palette", PALETTES[s.palette].name, "palette"),
            ("Reduced flashing", "on" if s.reduced_flashing else "off", "flashing"),
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
        elif what == "volume":
            if s.muted:
                s = replace(s, muted=False)
            else:
                volume = round(s.volume + 0.1 * step, 1)
                s = replace(s, muted=volume < 0, volume=min(1.0, max(0.0, volume)))
        elif what == "palette":
            s = replace(s, palette=_cycle(PALETTES, s.palette, step))
        elif what == "flashing":
            s = replace(s, reduced_flashing=not s.reduced_flashing)
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
        if event.type != pygame.KEYDOWN:
            return
        if self.waiting_for_key:
            if event.key != pygame.K_ESCAPE:
                keys = dict(self.app.settings.keys)
                keys[self.waiting_for_key] = pygame.key.name(event.key)
                self.app.apply_settings(replace(self.app.settings, keys=keys))
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
        elif event.key in (pygame.K_RETURN, pygame.K_SPACE):
            if what.startswith("key:"):
                self.waiting_for_key = what[4:]
            elif what == "name":
                self.editing_name = True
            else:
                self.change(what, 1)

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
        per_col = 11
        for i, (label, value, what) in enumerate(rows):
            col, row = divmod(i, per_col)
            rect = pygame.Rect(40 + col * ((w - 100) // 2 + 20), 100 + row * 46, (w - 100) // 2, 40)
            if i == self.index:
                pygame.draw.rect(surface, (52, 60, 50), rect, border_radius=8)
                pygame.draw.rect(surface, theme.ACCENT, rect, 2, border_radius=8)
            text.draw(surface, label, 24, (rect.x + 14, rect.centery), theme.INK, anchor="midleft")
            shown = value
            if self.waiting_for_key and what == f"key:{self.waiting_for_key}":
                shown = "press a key…"
            elif self.editing_name and what == "name":
                shown = value + "_"
            text.draw(
                surface,
                shown,
                24,
                (rect.right - 14, rect.centery),
                theme.ACCENT if i == self.index else theme.INK_DIM,
                anchor="midright",
            )
        hint = "↑↓ choose · ←→ change · Enter edit or rebind · Esc back (saved as you go)"
        text.draw(surface, hint, 20, (44, h - 40), theme.INK_FAINT)

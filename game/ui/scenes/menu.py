"""The title screen and main menu."""

from __future__ import annotations

import datetime

import pygame

from game.levels import LevelErrors, find_level
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.terrain import trail_picture
from game.ui.widgets import Item, ItemList

BACKDROP_LEVEL, BACKDROP_CHUNK = "ridge-mix", 2


def daily_seed(day: datetime.date) -> int:
    """The same trail for every runner on a given day."""
    return int(day.strftime("%Y%m%d"))


class MenuScene(Scene):
    def __init__(self, app):
        super().__init__(app)
        self.items = ItemList(
            spacing=42,
            items=[
                Item("Campaign", self.open_campaign, "learn the five rules"),
                Item("Tutorial", self.open_tutorial, "the controls in 90 s"),
                Item("Endless trail", self.open_endless, "how far can you read it?"),
                Item("Daily trail", self.open_daily, datetime.date.today().isoformat()),
                Item("Relaxed run", self.open_relaxed, "no score, just the trail"),
                Item("Trail code", self.open_code, "run a coach's trail"),
                Item("Coach", self.open_coach, "bots side by side"),
                Item("Look-ahead test", self.open_test, "find your threshold"),
                Item("High scores", self.open_scores),
                Item("Settings", self.open_settings),
                Item("Quit", app.quit),
            ],
        )
        self._backdrop = None

    # --- actions -------------------------------------------------------------------------

    def open_campaign(self, relaxed: bool = False) -> None:
        from game.ui.scenes.levelselect import LevelSelectScene

        self.app.push(LevelSelectScene(self.app, relaxed=relaxed))

    def open_tutorial(self) -> None:
        from game.ui.scenes.tutorial import TutorialScene

        self.app.push(TutorialScene(self.app))

    def open_relaxed(self) -> None:
        self.open_campaign(relaxed=True)

    def _open_level(self, level_id: str, seed=None) -> None:
        from game.ui.scenes.shoes import ShoeScene

        try:
            level = find_level(level_id)
        except LevelErrors as exc:
            self.app.notices.append(str(exc.errors[0]))
            return
        self.app.push(ShoeScene(self.app, level, seed=seed))

    def open_endless(self) -> None:
        self._open_level("endless")

    def open_daily(self) -> None:
        self._open_level("daily", seed=daily_seed(datetime.date.today()))

    def open_code(self) -> None:
        from game.ui.scenes.code import CodeScene

        self.app.push(CodeScene(self.app))

    def open_test(self) -> None:
        from game.ui.scenes.anticipation import AnticipationScene

        self.app.push(AnticipationScene(self.app))

    def open_coach(self) -> None:
        from game.ui.scenes.coach import CoachScene

        self.app.push(CoachScene(self.app))

    def open_scores(self) -> None:
        from game.ui.scenes.scores import ScoresScene

        self.app.push(ScoresScene(self.app))

    def open_settings(self) -> None:
        from game.ui.scenes.settings import SettingsScene

        self.app.push(SettingsScene(self.app))

    # --- the scene -------------------------------------------------------------------------

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.quit()
            return
        self.items.handle(event)

    def backdrop(self, size) -> pygame.Surface:
        """A stretch of trail in warm late light, painted once, darkened behind the menu."""
        if self._backdrop is None or self._backdrop.get_size() != size:
            from game.sim.trail import Trail

            level = find_level(BACKDROP_LEVEL)
            art = trail_picture(Trail(level, level.seed), BACKDROP_CHUNK, size)
            art.fill((255, 244, 220), special_flags=pygame.BLEND_MULT)  # late, warm light
            shade = pygame.Surface(size, pygame.SRCALPHA)
            for x in range(0, size[0], 4):
                alpha = int(232 - 190 * max(0.0, (x - size[0] * 0.4) / (size[0] * 0.6)) ** 0.8)
                pygame.draw.rect(shade, (10, 12, 11, alpha), (x, 0, 4, size[1]))
            art.blit(shade, (0, 0))
            self._backdrop = art.convert() if pygame.display.get_surface() else art
        return self._backdrop

    def draw(self, surface) -> None:
        w, h = surface.get_size()
        surface.blit(self.backdrop((w, h)), (0, 0))
        text = self.app.text
        text.draw(surface, "TRAILREAD", 110, (80, 60), theme.ACCENT, bold=True)
        text.draw(surface, "Read the trail. Place every foot.", 32, (86, 150), theme.INK)
        text.draw(
            surface,
            "Eyes 3–6 m ahead · quick light steps · stay loose",
            22,
            (86, 186),
            theme.INK_DIM,
        )
        self.items.draw(surface, text, (70, 236), 520)
        text.draw(
            surface,
            "↑↓ choose · Enter go · Esc quit · F11 full screen",
            20,
            (80, h - 34),
            theme.INK_FAINT,
        )

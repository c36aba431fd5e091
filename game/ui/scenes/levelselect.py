"""Choosing a campaign level: cards with medals, best scores and what unlocks next."""

from __future__ import annotations

import pygame

from game.campaign import campaign_levels
from game.levels import find_level
from game.scores import ScoreStore
from game.sim.judge import RULE_TITLES
from game.sim.trail import Trail
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.terrain import trail_picture
from game.ui.menukeys import CONFIRM

COLUMNS = 5
DETAIL_H = 136  # the chosen level's card: name, medals, description and tip
PICTURE_CHUNK = 2  # which ten metres of each trail its card shows


def card_picture(level_id: str, size: tuple[int, int], locked: bool) -> pygame.Surface:
    """The level's own trail behind its card, darkened for the text, with rounded corners."""
    level = find_level(level_id)
    art = trail_picture(Trail(level, level.seed), PICTURE_CHUNK, size, level.light)
    art = art.convert_alpha() if pygame.display.get_surface() else art
    shade = pygame.Surface(size, pygame.SRCALPHA)
    w, h = size
    for y in range(h):
        # Darkest under the name (top) and the rule (bottom), lighter across the middle.
        edge = max(0.0, 1.0 - min(y, h - y) / (0.45 * h))
        alpha = (205 if locked else 120) + round((235 - (205 if locked else 120)) * edge)
        pygame.draw.line(shade, (12, 14, 13, alpha), (0, y), (w, y))
    art.blit(shade, (0, 0))
    mask = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(mask, (255, 255, 255, 255), mask.get_rect(), border_radius=10)
    art.blit(mask, (0, 0), special_flags=pygame.BLEND_RGBA_MIN)
    return art


def unlocked(levels, medals: dict[str, str]) -> list[bool]:
    """The first level is open; each next one opens with a bronze on the one before."""
    opened = []
    for i, _level in enumerate(levels):
        opened.append(i == 0 or medals.get(levels[i - 1].id, "none") != "none")
    return opened


class LevelSelectScene(Scene):
    def __init__(self, app, relaxed: bool = False):
        super().__init__(app)
        self.relaxed = relaxed
        self.levels = campaign_levels()
        self.index = 0
        self.rects: list[pygame.Rect] = []
        self.pictures: dict[tuple, pygame.Surface] = {}
        self.on_return()

    def on_return(self) -> None:
        try:
            with ScoreStore() as store:
                self.medals = store.medals(self.app.settings.player)
                self.bests = {lv.id: store.best(lv.id) for lv in self.levels}
                if store.notice:
                    self.app.notices.append(store.notice)
        except OSError as exc:
            self.medals, self.bests = {}, {}
            self.app.notices.append(f"Scores unavailable: {exc.strerror}")
        # Relaxed runs are for practice: every trail is open.
        self.open = (
            [True] * len(self.levels) if self.relaxed else unlocked(self.levels, self.medals)
        )

    def handle(self, event) -> None:
        if event.type == pygame.KEYDOWN:
            moves = {
                pygame.K_RIGHT: 1,
                pygame.K_LEFT: -1,
                pygame.K_DOWN: COLUMNS,
                pygame.K_UP: -COLUMNS,
            }
            if event.key in moves:
                self.index = min(max(0, self.index + moves[event.key]), len(self.levels) - 1)
            elif event.key in CONFIRM:
                self.choose(self.index)
            elif event.key == pygame.K_ESCAPE:
                self.app.pop()
        elif event.type == pygame.MOUSEMOTION:
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.index = i
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self.rects):
                if rect.collidepoint(event.pos):
                    self.choose(i)

    def choose(self, i: int) -> None:
        from game.ui.scenes.shoes import ShoeScene

        if not self.open[i]:
            self.app.notices.append("Win a bronze on the level before to open this one.")
            return
        self.app.push(ShoeScene(self.app, self.levels[i], scored=not self.relaxed))

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text = self.app.text
        title = "Relaxed run: pick a trail" if self.relaxed else "Campaign"
        text.draw(surface, title, 54, (40, 24), theme.ACCENT, bold=True)
        text.draw(
            surface,
            "No score, no medals, every trail open: just run."
            if self.relaxed
            else "The five rules, one at a time, then all together.",
            24,
            (44, 80),
            theme.INK_DIM,
        )
        gap = 14
        card_w = (w - 80 - gap * (COLUMNS - 1)) // COLUMNS
        rows = -(-len(self.levels) // COLUMNS)
        card_h = min(170, (h - 124 - DETAIL_H - 34 - gap * (rows - 1)) // rows)
        self.rects = []
        painted = 0  # pictures are painted one a frame: the screen opens at once
        for i, level in enumerate(self.levels):
            col, row = i % COLUMNS, i // COLUMNS
            rect = pygame.Rect(
                40 + col * (card_w + gap), 124 + row * (card_h + gap), card_w, card_h
            )
            self.rects.append(rect)
            key = (level.id, rect.size, not self.open[i])
            if key not in self.pictures and not painted:
                self.pictures[key] = card_picture(*key)
                painted += 1
            if key in self.pictures:
                surface.blit(self.pictures[key], rect)
            else:
                theme.panel(surface, rect, alpha=250)
            self._card(surface, rect, i, level)
        self._detail(surface, pygame.Rect(40, h - 20 - DETAIL_H, w - 80, DETAIL_H))

    def _card(self, surface, rect, i, level) -> None:
        text = self.app.text
        selected = i == self.index
        pygame.draw.rect(surface, theme.PANEL_EDGE, rect, 1, border_radius=10)
        if selected:
            pygame.draw.rect(surface, theme.ACCENT, rect, 3, border_radius=10)
        colour = theme.INK if self.open[i] else theme.INK_FAINT
        text.draw(surface, f"{i + 1}", 20, (rect.x + 12, rect.y + 10), theme.INK_DIM)
        for j, line in enumerate(text.wrap(level.name, 26, rect.width - 64, bold=True)[:2]):
            text.draw(surface, line, 26, (rect.x + 12, rect.y + 32 + j * 26), colour, bold=True)
        text.draw(
            surface,
            RULE_TITLES.get(level.rule, "Everything together"),
            17,
            (rect.x + 12, rect.bottom - 46),
            theme.INK_DIM,
        )
        stars = "●" * level.difficulty + "○" * (5 - level.difficulty)
        text.draw(
            surface,
            stars,
            18,
            (rect.x + 12, rect.bottom - 24),
            theme.ACCENT if self.open[i] else theme.INK_FAINT,
        )
        medal = self.medals.get(level.id, "none")
        centre = (rect.right - 26, rect.y + 26)
        if not self.open[i]:
            pygame.draw.rect(
                surface, theme.INK_FAINT, (centre[0] - 9, centre[1] - 2, 18, 14), border_radius=3
            )
            pygame.draw.arc(
                surface, theme.INK_FAINT, (centre[0] - 7, centre[1] - 12, 14, 18), 0, 3.14, 3
            )
        elif medal != "none":
            pygame.draw.circle(surface, theme.MEDAL_COLOURS[medal], centre, 14)
            pygame.draw.circle(surface, (20, 20, 20), centre, 14, 2)
            text.draw(
                surface, medal[0].upper(), 18, centre, (20, 20, 20), bold=True, anchor="center"
            )
        best = self.bests.get(level.id)
        if best:
            text.draw(
                surface,
                f"best {best.score:,.0f}",
                17,
                (rect.right - 12, rect.bottom - 24),
                theme.INK_DIM,
                anchor="topright",
            )

    def _detail(self, surface, rect) -> None:
        level = self.levels[self.index]
        text = self.app.text
        theme.panel(surface, rect)
        text.draw(surface, level.name, 26, (rect.x + 16, rect.y + 10), theme.ACCENT, bold=True)
        m = level.medals
        medals = f"bronze {m.bronze:,} · silver {m.silver:,} · gold {m.gold:,}"
        text.draw(
            surface, medals, 20, (rect.right - 16, rect.y + 14), theme.INK_DIM, anchor="topright"
        )
        y = rect.y + 42
        for line in text.wrap(level.description, 21, rect.width - 32)[:2]:
            text.draw(surface, line, 21, (rect.x + 16, y), theme.INK)
            y += 24
        # The level's own advice, before the run as well as after it.
        for line in text.wrap(f"Tip: {level.tip}", 20, rect.width - 32)[:2]:
            text.draw(surface, line, 20, (rect.x + 16, y + 4), theme.BAND_EDGE)
            y += 22

"""The high-score screen: per level and mode, personal bests marked, replays to watch.

Practice runs (below 1x training speed) and runs under older rules (or an
older version of the level) are listed under the table, never ranked with it.
"""

from __future__ import annotations

import pygame

from game.fmt import format_clock
from game.levels import list_levels
from game.scores import MODES, ScoreStore
from game.tutorial import LEVEL_ID as TUTORIAL
from game.ui import theme
from game.ui.app import Scene
from game.ui.menukeys import CONFIRM

PLACES = 10
APART_PLACES = 2  # practice runs, and runs under older rules, each under the table
ROW_PX = 36
APART_HEADS = {
    "practice": "Practice runs, below 1× training speed: not ranked",
    "older": "Under older rules or an older version of this level: not ranked",
}


class ScoresScene(Scene):
    def __init__(self, app):
        super().__init__(app)
        self.levels = [lv for lv in list_levels() if lv.id != TUTORIAL]  # practice, no table
        self.level_index = 0
        self.row = 0
        self.entries = []
        self.apart: dict[str, list] = {}
        self.load()

    @property
    def level(self):
        return self.levels[self.level_index]

    def load(self) -> None:
        mode = "daily" if self.level.id == "daily" else "endless" if self.level.endless else "level"
        assert mode in MODES
        from game.scoreboard import sections

        try:
            with ScoreStore() as store:
                table = sections(store, self.level, mode)
                if store.notice:
                    self.app.notices.append(store.notice)
        except OSError as exc:
            self.entries, self.apart = [], {}
            self.app.notices.append(f"Scores unavailable: {exc.strerror}")
        else:
            self.entries = table.ranked[:PLACES]
            self.apart = {
                name: rows[:APART_PLACES]
                for name, rows in (("practice", table.practice), ("older", table.older))
                if rows
            }
        self.row = 0

    def handle(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key in (pygame.K_LEFT, pygame.K_RIGHT):
            step = 1 if event.key == pygame.K_RIGHT else -1
            self.level_index = (self.level_index + step) % len(self.levels)
            self.load()
        elif event.key in (pygame.K_UP, pygame.K_DOWN) and self.entries:
            self.row = (self.row + (1 if event.key == pygame.K_DOWN else -1)) % len(self.entries)
        elif event.key in CONFIRM and self.entries:
            self.watch(self.entries[self.row])

    def watch(self, entry) -> None:
        from game.replays import ReplayError, parse_replay
        from game.scores import ScoreStore
        from game.ui.scenes.watch import WatchScene

        try:
            with ScoreStore() as store:
                replay = parse_replay(store.replay_of(entry.id))
            self.app.push(WatchScene(self.app, replay))
        except ReplayError as exc:
            self.app.notices.append(f"That replay can't be played: {exc}")

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text = self.app.text
        text.draw(surface, "High scores", 54, (40, 24), theme.ACCENT, bold=True)
        text.draw(
            surface,
            f"◀  {self.level.name}  ▶",
            30,
            (w // 2, 110),
            theme.INK,
            bold=True,
            anchor="midtop",
        )
        box = pygame.Rect(80, 160, w - 160, h - 230)
        theme.panel(surface, box)
        # Across the whole table; numbers right-aligned so their digits line up.
        headers = [
            ("#", 0.02, "topleft"),
            ("player", 0.07, "topleft"),
            ("score", 0.52, "topright"),
            ("time", 0.65, "topright"),
            ("medal", 0.72, "topleft"),
            ("steps", 0.88, "topright"),
            ("falls", 0.97, "topright"),
        ]
        for label, at, anchor in headers:
            x = box.x + round(at * box.width)
            text.draw(surface, label, 20, (x, box.y + 14), theme.INK_DIM, anchor=anchor)
        if not self.entries:
            text.draw(
                surface,
                "No runs on this trail yet. Be the first.",
                26,
                box.center,
                theme.INK_DIM,
                anchor="center",
            )
        me = self.app.settings.player
        # The runs apart take the foot of the box; the ranked runs what is left.
        apart_rows = sum(len(rows) + 1 for rows in self.apart.values())
        shown = max(0, min(len(self.entries), (box.height - 56) // ROW_PX - apart_rows))
        for i, e in enumerate(self.entries[:shown]):
            y = box.y + 48 + i * ROW_PX
            row = pygame.Rect(box.x + 8, y - 4, box.width - 16, 32)
            if i == self.row:
                pygame.draw.rect(surface, (52, 60, 50), row, border_radius=6)
            self._draw_row(surface, box, headers, y, str(i + 1), e, me)
        y = box.y + 56 + shown * ROW_PX
        for name, rows in self.apart.items():
            text.draw(surface, APART_HEADS[name], 20, (box.x + 16, y), theme.INK_DIM)
            for e in rows:
                y += ROW_PX
                mark = f"{e.speed:g}×" if name == "practice" else "old"
                self._draw_row(surface, box, headers, y, mark, e, me)
            y += ROW_PX
        text.draw(
            surface,
            "←→ level · ↑↓ run · Enter watch the replay · your runs in gold · Esc back",
            20,
            (44, h - 40),
            theme.INK_FAINT,
        )

    def _draw_row(self, surface, box, headers, y: int, rank: str, e, me: str) -> None:
        colour = theme.ACCENT if e.player == me else theme.INK
        cells = [
            rank,
            e.player,
            f"{e.score:,.0f}",
            format_clock(e.time_s),
            e.medal,
            str(e.result.get("steps", "")),
            str(e.result.get("falls", "")),
        ]
        for (_, at, anchor), cell in zip(headers, cells, strict=True):
            x = box.x + round(at * box.width)
            self.app.text.draw(
                surface, cell, 22, (x, y), colour, bold=e.player == me, anchor=anchor
            )

"""The first-run tutorial: the play screen on its own short trail, one lesson at a time.

What counts as a lesson done lives in game/tutorial.py; this scene only shows the
current lesson over the trail, feeds it the run after every frame, and lets the
player leave at any moment (Esc, the Skip button, the pad's Back button). A
finished or skipped tutorial is remembered in the settings and not offered again
on start; the menu offers it always.
"""

from __future__ import annotations

from dataclasses import replace

import pygame

from game.levels import find_level
from game.tutorial import LESSONS, LEVEL_ID, Tutorial
from game.ui import theme
from game.ui.controls import LANE_ACTIONS, key_label
from game.ui.scenes.play import PlayScene

PAD_BACK = 6  # Back / Select on most pads: skip
DONE_SHOWN_S = 6.0
CARD_MAX_W = 620
EDGE_ROOM = 70  # left clear on both sides of the card: the band's edge labels and GAZE


def offer_tutorial(app) -> bool:
    """On a first start (no tutorial finished or skipped yet) open the tutorial."""
    if app.settings.tutorial_done:
        return False
    app.push(TutorialScene(app))
    return True


class TutorialScene(PlayScene):
    coaching = False  # its own lessons say what to do

    def __init__(self, app):
        self.tutorial = Tutorial()
        self.skip_rect = pygame.Rect(0, 0, 0, 0)
        self.card_rect = pygame.Rect(0, 0, 0, 0)
        super().__init__(
            app,
            find_level(LEVEL_ID),
            speed=1.0,
            scored=False,
            on_finish=self._trail_ended,
            speed_locked=True,
        )
        self.finished_for_s = 0.0

    # --- leaving ---------------------------------------------------------------------------

    def skip(self) -> None:
        self.tutorial.skip()
        self.close()

    def close(self) -> None:
        """Remember the tutorial as done and go back to where it was opened from."""
        if not self.app.settings.tutorial_done:
            self.app.apply_settings(replace(self.app.settings, tutorial_done=True))
        self.app.pop()

    def _quit(self) -> None:  # the pause menu's "Quit to the menu": a skip
        self.skip()

    def _trail_ended(self, run) -> None:
        """The short trail ran out (or the runner fell out) before the lessons did: again."""
        self.restart()

    # --- input ---------------------------------------------------------------------------

    def handle(self, event) -> None:
        if self._asks_skip(event):
            self.skip()
        elif self.tutorial.finished and _confirms(event):
            self.close()
        else:
            super().handle(event)

    def _asks_skip(self, event) -> bool:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return True
        if event.type == pygame.JOYBUTTONDOWN and event.button == PAD_BACK:
            return True
        return (
            event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.skip_rect.collidepoint(event.pos)
        )

    # --- the lessons -----------------------------------------------------------------------

    def update(self, dt: float) -> None:
        super().update(dt)
        if self.tutorial.finished:
            self.finished_for_s += dt
            if self.finished_for_s >= DONE_SHOWN_S and self.app.top is self:
                self.close()
            return
        self.tutorial.update(self.run)

    def banner_text(self) -> str:
        return ""  # the lesson card takes the banner's place; news goes under it

    def lesson_lines(self) -> tuple[str, str, str]:
        """(title, instruction, progress) as the card shows them, keys as bound."""
        lesson = self.tutorial.lesson
        if lesson is None:
            return (
                "You're ready",
                "Try Warm-Up Meadow in the campaign. The tutorial is in the menu any time.",
                "Enter: to the menu",
            )
        keys = {a: key_label(n) for a, n in self.app.settings.keys.items()}
        text = lesson.text.format(
            lane=keys["lane_centre"],
            lanes=" ".join(keys[a] for a in LANE_ACTIONS),
            short=keys["stride_short"],
            lift=keys["lift"],
            gaze_near=keys["gaze_near"],
            gaze_far=keys["gaze_far"],
            brake=keys["brake"],
        )
        number = self.tutorial.index + 1
        title = f"{number} / {len(LESSONS)}  {lesson.title}"
        done = self.tutorial.progress
        shown = (
            f"{done:.1f} / {lesson.goal:g}" if lesson.unit == "s" else f"{done:g} / {lesson.goal:g}"
        )
        return title, text, f"{shown} {lesson.unit}"

    # --- drawing ---------------------------------------------------------------------------

    def draw_over_trail(self, surface) -> None:
        if not self.tutorial.finished:  # nothing left to skip
            self._draw_skip(surface)
        self._draw_card(surface)

    def _draw_skip(self, surface) -> None:
        """Top right of the view, or top left when the band's far label is up there."""
        view, text = self.view.rect, self.app.text
        label = text.render("Skip tutorial  Esc", 20, theme.INK, bold=True)
        box = label.get_rect().inflate(20, 10)
        far_y = self._far_y()
        box.top = view.top + 10
        if far_y - 20 < box.bottom + 4:
            box.left = view.left + 10
        else:
            box.right = view.right - 10
        self.skip_rect = box
        pygame.draw.rect(surface, (18, 20, 18), box, border_radius=8)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, 1, border_radius=8)
        surface.blit(label, label.get_rect(center=box.center))

    def _far_y(self) -> float:
        s = self.render_s
        return self.view.screen_y(s + self.run.state.gaze_far_m, s)

    def _draw_card(self, surface) -> None:
        """The lesson above the band's far edge if it fits there, else under the near edge."""
        view, text = self.view.rect, self.app.text
        title, body, progress = self.lesson_lines()
        width = min(CARD_MAX_W, view.width - 2 * EDGE_ROOM)
        rows = [text.render(title, 24, theme.ACCENT, bold=True)]
        rows += [text.render(line, 20, theme.INK) for line in text.wrap(body, 20, width - 24)]
        rows.append(text.render(progress, 18, theme.INK_DIM, bold=True))
        news = self.live_message()
        if news:
            rows += [
                text.render(line, 18, theme.WARN, bold=True)
                for line in text.wrap(news, 18, width - 24)
            ]
        height = sum(r.get_height() for r in rows) + 4 * (len(rows) - 1) + 16
        s = self.render_s
        near_y = self.view.screen_y(s + self.run.state.gaze_near_m, s)
        top, alpha = self.skip_rect.bottom + 8, 235
        # Too little fog above the band: under its near edge, the trail showing through,
        # except during the count, when nothing moves yet and the count needs that room.
        if top + height > self._far_y() - 6 and self.started:
            top, alpha = round(near_y) + 14, 190
        card = pygame.Rect(0, top, width, height)
        card.centerx = view.centerx
        legend = getattr(self, "legend_rect", None)
        if legend is not None and card.colliderect(legend):
            card.bottom = legend.top - 6  # never over the feet legend
        self.card_rect = card
        theme.panel(surface, card, alpha=alpha, radius=10)
        pygame.draw.rect(surface, theme.PANEL_EDGE, card, 1, border_radius=10)
        y = card.top + 8
        for row in rows:
            surface.blit(row, (card.left + 12, y))
            y += row.get_height() + 4


def _confirms(event) -> bool:
    if event.type == pygame.KEYDOWN:
        return event.key in (pygame.K_RETURN, pygame.K_KP_ENTER)
    return event.type == pygame.JOYBUTTONDOWN and event.button == 0

"""The look-ahead test: short segments, a gaze band that narrows or widens, a threshold."""

from __future__ import annotations

import dataclasses
import statistics

import pygame

from game.anticipation import (
    SEGMENT_M,
    Staircase,
    load_history,
    result_of,
    save_result,
    segment_was_clean,
)
from game.levels import GazeSpec, find_level
from game.sim.botspec import BotSpec
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.charts import Series, line_chart
from game.ui.menukeys import CONFIRM

TEST_LEVEL = "look-up"


class AnticipationScene(Scene):
    def __init__(self, app, autopilot: BotSpec | None = None):
        super().__init__(app)
        self.autopilot = autopilot
        self.base = find_level(TEST_LEVEL)
        self.stairs = Staircase()
        self.step_lengths: list[float] = []
        self.last_clean: bool | None = None
        self.result = None
        self.history = load_history()

    def segment_level(self):
        s = self.stairs
        # The band is locked: moving it would defeat the test.
        gaze = GazeSpec(near_m=s.near_m, far_m=s.far_m, min_near_m=s.near_m, max_far_m=s.far_m)
        return dataclasses.replace(
            self.base, length_m=SEGMENT_M, gaze=gaze, name=f"Look-ahead test · {s.far_m:.2f} m"
        )

    def start_segment(self) -> None:
        from game.ui.scenes.play import PlayScene

        spec = None
        if self.autopilot is not None:
            spec = dataclasses.replace(
                self.autopilot, gaze_near_m=self.stairs.near_m, gaze_far_m=self.stairs.far_m
            )
        seed = self.base.seed + 97 * len(self.stairs.history)
        self.app.push(
            PlayScene(
                self.app,
                self.segment_level(),
                seed=seed,
                autopilot=spec,
                on_finish=self.segment_done,
                # A threshold measured in slow motion would not be the runner's own.
                speed=1.0,
                speed_locked=True,
            )
        )

    def segment_done(self, run) -> None:
        self.app.pop()
        clean = segment_was_clean(run.result().to_json())
        self.step_lengths.extend(e.step_length_m for e in run.steps)
        self.stairs.record(clean)
        self.last_clean = clean
        if self.stairs.done:
            step = statistics.mean(self.step_lengths) if self.step_lengths else 1.0
            self.result = result_of(self.app.settings.player, self.stairs, step)
            try:
                self.history = save_result(self.result)
            except OSError as exc:
                self.app.notices.append(f"The result could not be saved: {exc.strerror}")

    def handle(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        if event.key == pygame.K_ESCAPE:
            self.app.pop()
        elif event.key in CONFIRM and self.result is None:
            self.start_segment()

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text = self.app.text
        text.draw(surface, "Look-ahead test", 54, (40, 24), theme.ACCENT, bold=True)
        if self.result is not None:
            self._draw_result(surface, w, h)
            return
        lines = [
            "How far ahead do you need to see to run clean? Short stretches of trail, one after another.",
            "Run one clean and the gaze band narrows; stumble or decide late and it widens again.",
            "The band is locked for each stretch: read what you can, as early as you can.",
        ]
        for i, line in enumerate(lines):
            text.draw(surface, line, 24, (44, 96 + i * 32), theme.INK)
        s = self.stairs
        box = pygame.Rect(44, 220, w - 88, 150)
        theme.panel(surface, box)
        text.draw(
            surface,
            f"Stretch {len(s.history) + 1}",
            30,
            (box.x + 20, box.y + 16),
            theme.INK,
            bold=True,
        )
        text.draw(
            surface,
            f"gaze band {s.near_m:.2f}–{s.far_m:.2f} m",
            40,
            (box.x + 20, box.y + 56),
            theme.BAND_EDGE,
            bold=True,
        )
        if self.last_clean is not None:
            verdict = (
                "Clean: the band narrows." if self.last_clean else "Not clean: the band widens."
            )
            text.draw(
                surface,
                verdict,
                26,
                (box.right - 20, box.y + 20),
                theme.GOOD if self.last_clean else theme.WARN,
                anchor="topright",
            )
        text.draw(
            surface,
            "Enter to run the next stretch · Esc to stop",
            22,
            (box.x + 20, box.bottom - 34),
            theme.INK_DIM,
        )
        self._draw_ladder(surface, pygame.Rect(44, 390, w - 88, h - 430))

    def _draw_ladder(self, surface, rect) -> None:
        if not self.stairs.history:
            return
        xs = list(range(1, len(self.stairs.history) + 1))
        ys = [far for far, _ in self.stairs.history]
        axes = line_chart(
            surface,
            rect,
            self.app.text,
            [Series(xs, ys, theme.BAND_EDGE)],
            title="The band's far edge, stretch by stretch",
            x_label="stretch",
            y_label="metres",
            y_range=(0, 7),
            # Whole stretches on the axis, and room for the first and last dots.
            x_range=(0.5, max(6, len(xs)) + 0.5),
        )
        for x, (far, clean) in zip(xs, self.stairs.history, strict=True):
            colour = theme.GOOD if clean else theme.WARN
            pygame.draw.circle(surface, colour, [round(v) for v in axes.px(x, far)], 6)

    def _draw_result(self, surface, w, h) -> None:
        r, text = self.result, self.app.text
        text.draw(surface, f"{r.threshold_m:.1f} m", 96, (44, 96), theme.BAND_EDGE, bold=True)
        text.draw(
            surface,
            f"about {r.threshold_steps:.1f} steps ahead: the shortest look-ahead at which you still ran clean",
            26,
            (48, 196),
            theme.INK,
        )
        text.draw(
            surface,
            "Research puts it at about two steps for flat targets, more for obstacles with height.",
            22,
            (48, 232),
            theme.INK_DIM,
        )
        mine = [t for t in self.history if t.player == r.player]
        if len(mine) >= 1:
            xs = list(range(1, len(mine) + 1))
            series = Series(xs, [t.threshold_m for t in mine], theme.ACCENT, r.player)
            axes = line_chart(
                surface,
                pygame.Rect(44, 280, w - 88, h - 330),
                text,
                [series],
                title=f"{r.player}'s look-ahead threshold over time",
                x_label="test",
                y_label="metres",
                y_range=(0, 7),
                x_range=(0.5, max(5, len(xs)) + 0.5),
            )
            for x, t in zip(xs, mine, strict=True):
                pygame.draw.circle(
                    surface, theme.ACCENT, [round(v) for v in axes.px(x, t.threshold_m)], 6
                )
                text.draw(
                    surface,
                    t.date[5:],
                    15,
                    axes.px(x, t.threshold_m + 0.4),
                    theme.INK_DIM,
                    anchor="midbottom",
                )
        text.draw(surface, "Esc back", 20, (44, h - 36), theme.INK_FAINT)

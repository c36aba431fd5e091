"""After a run: time, score, medal, what went wrong most, and the run in four charts."""

from __future__ import annotations

import numpy as np
import pygame

from game.fmt import format_clock
from game.sim.judge import RULE_TITLES, tip_for
from game.trailcode import trail_code
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.charts import Series, histogram, line_chart
from game.ui.menukeys import free_shortcuts
from game.ui.widgets import Item, ItemList

LEAD_BINS = np.arange(0.0, 8.01, 0.5)  # steps ahead


class ResultsScene(Scene):
    def __init__(self, app, play):
        super().__init__(app)
        self.play = play
        self.run = play.run
        self.result = self.run.result()
        self.saved_to = ""
        self.entry_note = self._enter_score()
        self.ideal_line = None
        self.divergence = None
        self.show_ideal = False
        self._charts = None
        lines = [
            ("Retry", self.retry, "r"),
            ("Save replay", self.save_replay, "s"),
            ("Watch", self.watch_replay, "w"),
            ("Vs ideal", self.toggle_ideal, "i"),
            ("Menu", self._back_to_menu, "m"),
        ]
        self.shortcuts = free_shortcuts({k: a for _, a, k in lines}, app.settings.keys)
        free = {pygame.key.name(code) for code in self.shortcuts}
        items = [
            Item(label, action, key.upper() if key in free else "") for label, action, key in lines
        ]
        # Nothing chosen until an arrow is pressed: a pad's A meant for a foothold does nothing.
        self.actions = ItemList(items, size=20, spacing=0, across=True)
        self.actions.index = -1

    def _enter_score(self) -> str:
        """Enter the run in the high-score table (it is verified by replaying it)."""
        if not self.play.scored or self.play.bot is not None:
            return ""
        try:
            from game.scoreboard import enter_run

            return enter_run(self.run, self.app.settings)
        except ImportError:
            return ""

    # --- input ----------------------------------------------------------------------------

    def handle(self, event) -> None:
        """Arrows, Enter, Esc, the mouse and the pad, and the letters that are no play key."""
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self._back_to_menu()
        elif event.type == pygame.KEYDOWN and event.key in self.shortcuts:
            self.shortcuts[event.key]()
        else:
            self.actions.handle(event)

    def retry(self) -> None:
        self.app.pop()
        self.play.restart()

    def _back_to_menu(self) -> None:
        self.app.pop()  # results
        self.app.pop()  # play

    def toggle_ideal(self) -> None:
        """Your footholds over the ideal line (planned once, when first asked for)."""
        from game.sim.ideal import compare_to_ideal, plan_line

        if self.ideal_line is None:
            run = self.run
            goal = run.goal_m or run.state.s_m
            self.ideal_line = plan_line(
                run.trail, run.rules, run.shoe, (0.0, 0.08), goal, run.level.pace_mps
            )
            self.divergence = compare_to_ideal(run.steps, self.ideal_line)
        self.show_ideal = not self.show_ideal

    def save_replay(self) -> None:
        from game.paths import player_home
        from game.replays import from_run, write_replay

        folder = player_home() / "replays"
        folder.mkdir(parents=True, exist_ok=True)
        path = (
            folder
            / f"{self.run.level.id}-{self.run.seed}-{int(self.result.score)}-{self.run.tick}.json"
        )
        write_replay(path, from_run(self.run))
        self.saved_to = str(path)

    def watch_replay(self) -> None:
        from game.replays import from_run
        from game.ui.scenes.watch import WatchScene

        self.app.push(WatchScene(self.app, from_run(self.run)))

    # --- drawing ---------------------------------------------------------------------------

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        bar_h = round(20 * self.app.text.scale) + 18
        left = pygame.Rect(16, 16, 380, h - 44 - bar_h)
        self._draw_summary(surface, left)
        charts = pygame.Rect(left.right + 16, 16, w - left.right - 32, left.height)
        self._draw_charts(surface, charts)
        self.actions.draw(surface, self.app.text, (16, h - 16 - bar_h), w - 32)

    def _draw_summary(self, surface, rect) -> None:
        theme.panel(surface, rect)
        r, text, palette = self.result, self.app.text, self.app.palette
        x, y, w = rect.x + 20, rect.y + 18, rect.width - 40
        headline = "FINISHED" if r.finished else "RUN OVER"
        text.draw(
            surface, headline, 44, (x, y), theme.ACCENT if r.finished else theme.BAD, bold=True
        )
        text.draw(surface, self.run.level.name, 24, (x, y + 42), theme.INK_DIM)
        y += 80
        if (self.play.scored and self.play.bot is None) or self.play.bot is not None:
            medal = r.medal if self.play.scored else "none"
            pygame.draw.circle(surface, theme.MEDAL_COLOURS[medal], (x + 28, y + 30), 28)
            pygame.draw.circle(surface, (20, 20, 20), (x + 28, y + 30), 28, 2)
            text.draw(
                surface,
                medal.upper() if medal != "none" else "—",
                14,
                (x + 28, y + 30),
                (20, 20, 20),
                bold=True,
                anchor="center",
            )
            text.draw(surface, f"{r.score:,.0f}", 52, (x + 70, y + 2), theme.INK, bold=True)
            text.draw(
                surface,
                f"{format_clock(r.time_s)}  ·  {r.distance_m:,.0f} m",
                24,
                (x + 72, y + 44),
                theme.INK_DIM,
            )
        y += 82
        for judgement in ("planned", "late", "reactive", "blind"):
            theme.judgement_symbol(
                surface, judgement, (x + 8, y + 10), 6, getattr(palette, judgement)
            )
            text.draw(surface, judgement, 24, (x + 24, y), theme.INK)
            text.draw(
                surface, str(getattr(r, judgement)), 24, (x + 190, y), theme.INK, anchor="topright"
            )
            y += 28
        y += 6
        facts = [
            ("stumbles", r.stumbles),
            ("falls", r.falls),
            ("overstrides", r.overstrides),
            ("cadence", f"{r.mean_cadence_spm:.0f} spm"),
            ("lead time", f"{r.mean_lead_s:.2f} s"),
        ]
        for i, (label, value) in enumerate(facts):
            col = x + (i % 2) * (w // 2)
            row = y + (i // 2) * 26
            text.draw(surface, f"{label} ", 21, (col, row), theme.INK_DIM)
            text.draw(
                surface, str(value), 21, (col + w // 2 - 16, row), theme.INK, anchor="topright"
            )
        y += 88
        rule = r.rule_broken_most
        title = RULE_TITLES.get(rule, "A clean run")
        text.draw(surface, "WORK ON" if rule else "WELL DONE", 18, (x, y), theme.INK_DIM)
        text.draw(surface, title, 26, (x, y + 16), theme.ACCENT, bold=True)
        y += 48
        for line in text.wrap(tip_for(rule), 21, w):
            text.draw(surface, line, 21, (x, y), theme.INK)
            y += 22
        notes = [self.entry_note, f"Saved: {self.saved_to}" if self.saved_to else ""]
        lines = [text.fit(line, 18, w) for note in notes if note for line in text.wrap(note, 18, w)]
        lines = lines[-4:]
        # Stacked upwards from just above the trail code, the newest note lowest.
        for i, line in enumerate(lines):
            text.draw(surface, line, 18, (x, rect.bottom - 40 - 20 * (len(lines) - i)), theme.GOOD)
        code = trail_code(self.run.level, self.run.seed)
        text.draw(
            surface,
            f"trail code {code}",
            20,
            (rect.centerx, rect.bottom - 32),
            theme.BAND_EDGE,
            anchor="midtop",
        )

    def _draw_charts(self, surface, rect) -> None:
        steps = self.run.steps
        text, palette = self.app.text, self.app.palette
        half_w, half_h = rect.width // 2 - 6, rect.height // 2 - 6
        cells = [
            pygame.Rect(
                rect.x + (i % 2) * (half_w + 12), rect.y + (i // 2) * (half_h + 12), half_w, half_h
            )
            for i in range(4)
        ]
        for cell in cells:
            theme.panel(surface, cell, alpha=235)
        inner = [c.inflate(-16, -12) for c in cells]
        if len(steps) < 2:
            text.draw(
                surface, "Too few steps to chart.", 26, rect.center, theme.INK_DIM, anchor="center"
            )
            return
        s = [e.s_m for e in steps]
        rules = self.run.rules
        usual = rules.usual_cadence_spm
        cadence = _rolling([e.cadence_spm for e in steps], 8)  # the rhythm, not each step
        axes = line_chart(
            surface,
            inner[0],
            text,
            [Series(s, cadence, theme.INK, "cadence")],
            title="Cadence along the trail",
            x_label="distance (m)",
            y_label="steps/min",
            y_range=(min(usual - 30, min(cadence) - 5), max(usual + 35, max(cadence) + 5)),
        )
        axes.shade_y(
            usual + rules.cadence_bonus_lo_spm,
            usual + rules.cadence_bonus_hi_spm,
            theme.GOOD,
            "+5–7 spm band",
        )
        line_chart(
            surface,
            inner[1],
            text,
            [
                Series(s, [e.balance for e in steps], theme.GOOD, "balance"),
                Series(s, [e.stiffness for e in steps], theme.WARN, "stiffness"),
            ],
            title="Balance and stiffness",
            x_label="distance (m)",
            y_range=(0, 1.05),
        )
        leads = [e.lead_steps for e in steps if e.lead_steps is not None]
        # Zones to read the chart by; each step's judgement comes from what the
        # runner knew of its spot (sim/perception.py), not from these.
        plan, late = 2.0, 1.0
        histogram(
            surface,
            inner[2],
            text,
            np.minimum(leads, LEAD_BINS[-1] - 0.01),
            LEAD_BINS,
            lambda c: (
                palette.planned if c >= plan else palette.late if c >= late else palette.reactive
            ),
            title="How far ahead each foothold was chosen",
            x_label="steps ahead of contact",
            zones=(
                (0, late, palette.reactive, "reactive"),
                (late, plan, palette.late, "late"),
                (plan, LEAD_BINS[-1], palette.planned, "planned"),
            ),
        )
        if self.show_ideal:
            self._ideal_map(surface, inner[3], steps)
        else:
            self._foot_map(surface, inner[3], steps)

    def _foot_map(self, surface, rect, steps) -> None:
        """Where each foot landed along the trail, marked by its judgement."""
        text, palette = self.app.text, self.app.palette
        s = np.array([e.s_m for e in steps])
        axes = line_chart(
            surface,
            rect,
            text,
            [],
            title="Where each foot landed",
            x_label="distance (m)",
            y_label="across (m)",
            x_range=(0, float(s.max())),
            y_range=(-1.6, 1.6),
        )
        for e in steps:
            colour = getattr(palette, e.judgement)
            theme.judgement_symbol(
                surface,
                e.judgement,
                [round(v) for v in axes.px(e.s_m, e.x_m)],
                (4 if e.clean else 6) - (len(steps) > 150),
                colour if e.clean else theme.BAD,
            )
        text.draw(
            surface,
            "large red: a faulty step",
            16,
            (rect.right - 8, rect.y + 4),
            theme.INK_DIM,
            anchor="topright",
        )

    def _ideal_map(self, surface, rect, steps) -> None:
        """Your line over the ideal line, and the stretch where they parted most."""
        text, palette = self.app.text, self.app.palette
        s_max = float(max(e.s_m for e in steps))
        ideal = [(s, x) for s, x in self.ideal_line if s <= s_max]
        axes = line_chart(
            surface,
            rect,
            text,
            [Series([p[0] for p in ideal], [p[1] for p in ideal], theme.BAND_EDGE, "ideal line")],
            title="Your line and the ideal line",
            x_label="distance (m)",
            y_label="across (m)",
            x_range=(0, s_max),
            y_range=(-1.6, 1.6),
        )
        d = self.divergence
        if d:
            axes.shade_x(d.s_from_m, d.s_to_m, theme.BAD, "furthest apart")
        for e in steps:
            theme.judgement_symbol(
                surface,
                e.judgement,
                [round(v) for v in axes.px(e.s_m, e.x_m)],
                3,
                getattr(palette, e.judgement),
            )
        if d:
            steps_word = "step" if d.faults == 1 else "steps"
            note = (
                f"{d.s_from_m:.0f}–{d.s_to_m:.0f} m: {d.mean_offset_m * 100:.0f} cm off the line, "
                f"{d.faults} faulty {steps_word}, {d.balance_cost:.2f} balance lost"
            )
            lines = text.wrap(note, 16, axes.plot.width - 20)
            y = axes.plot.bottom - 6 - 18 * len(lines)
            for line in lines:
                axes.tag(line, theme.INK, 16, topleft=(axes.plot.x + 6, y))
                y += 18


def _rolling(values, window):
    out, acc = [], []
    for v in values:
        acc.append(v)
        acc = acc[-window:]
        out.append(sum(acc) / len(acc))
    return out

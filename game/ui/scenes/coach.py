"""Coach mode: two bots run the same trail side by side, so a group can see why.

Each lane is a full run with its own bot and its own gaze band drawn. The
coach slows time, pauses, steps one footstrike at a time, rewinds (the runs
are replayed up to the earlier moment: they are deterministic), and shows the
ideal line as a ghost.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass

import pygame

from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.sim.driving import make_bot, start_run
from game.sim.events import StepEvent
from game.sim.ideal import plan_line
from game.sim.rules import DT_S, TICK_HZ
from game.ui import theme
from game.ui.app import Scene
from game.ui.draw.trailview import TrailView

SPEEDS = (0.25, 0.5, 1.0)
REWIND_S = 5.0
COACH_ZOOM = 56


@dataclass(frozen=True)
class Preset:
    title: str
    explain: str
    level: str
    a: tuple[str, str | None, str]  # bot spec, shoe, label
    b: tuple[str, str | None, str]


PRESETS = (
    Preset(
        "Where are your eyes?",
        "Same trail, same legs. One runner watches their feet, one looks 3–6 m ahead: every step of the first is decided late.",
        "look-up",
        ("gaze=0.5-1.5", None, "eyes on feet (0.5–1.5 m)"),
        ("gaze=3-6", None, "eyes up (3–6 m)"),
    ),
    Preset(
        "Overstriding downhill",
        "Long strides on a descent land ahead of the hips: each one costs balance. Short quick steps stay under you.",
        "root-descent",
        ("gaze=3-6,stride=long", None, "long strides"),
        ("gaze=3-6,stride=short", None, "short, quick steps"),
    ),
    Preset(
        "Braking makes you stiff",
        "Digging the heels in on a descent stiffens the whole body; a stiff runner scatters footholds and recovers slowly.",
        "loose-descent",
        ("gaze=3-6,brake=0.8", None, "braking hard"),
        ("gaze=3-6,brake=0", None, "relaxed and active"),
    ),
    Preset(
        "Wrong shoes",
        "Road soles slide in mud. Lugged shoes bite. Same runner, same line, different grip.",
        "mud-bath",
        ("gaze=3-6", "road", "road shoes"),
        ("gaze=3-6", "mud", "mud lugs"),
    ),
    Preset(
        "Charging the rock garden",
        "Faster is not quicker through technical ground: the careful runner is slower but keeps the flow.",
        "rock-garden",
        ("gaze=3-6,pace=3.6", None, "charging (3.6 m/s)"),
        ("gaze=3-6,pace=2.4", None, "picking the line (2.4 m/s)"),
    ),
)


class Lane:
    """One bot's run, with what the view needs to draw it."""

    def __init__(self, level, seed, spec_text, shoe, label, rect):
        self.label = label
        self.spec = parse_bot_spec(spec_text)
        self.level, self.seed, self.shoe = level, seed, shoe
        self.reset()
        self.view = TrailView(self.run.trail, rect, COACH_ZOOM, level.light)

    def reset(self) -> None:
        self.run = start_run(self.level, self.seed, self.spec, self.shoe)
        self.bot = make_bot(self.spec, self.run)
        self.prev_s = self.run.state.s_m
        self.marks: deque = deque(maxlen=40)
        self.counts: Counter = Counter()

    def tick(self, now_s: float) -> bool:
        """One simulation tick; True when a foot landed."""
        if self.run.done:
            return False
        for cmd in self.bot.commands(self.run):
            self.run.submit(cmd)
        self.prev_s = self.run.state.s_m
        landed = False
        for event in self.run.step():
            if isinstance(event, StepEvent):
                self.marks.append((now_s, event))
                self.counts[event.judgement] += 1
                landed = True
        return landed


class CoachScene(Scene):
    def __init__(self, app, preset: int = 0):
        super().__init__(app)
        self.preset_index = preset
        self.show_ideal = True
        self.load(preset)

    def load(self, index: int) -> None:
        self.preset_index = index % len(PRESETS)
        preset = PRESETS[self.preset_index]
        self.level = find_level(preset.level)
        self.lanes = [
            Lane(self.level, self.level.seed, *preset.a, self._lane_rect(0)),
            Lane(self.level, self.level.seed, *preset.b, self._lane_rect(1)),
        ]
        run = self.lanes[1].run
        self.ideal = plan_line(
            run.trail,
            run.rules,
            run.shoe,
            (0.0, 0.08),
            self.level.length_m or 500.0,
            self.level.pace_mps,
        )
        self.speed = 0.5
        self.paused = False
        self.app.clock.reset()
        self.clock_s = 0.0

    def _lane_rect(self, i: int) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        half = (w - 24) // 2
        return pygame.Rect(8 + i * (half + 8), 64, half, h - 64 - 170)

    def on_resize(self, size) -> None:
        for i, lane in enumerate(self.lanes):
            lane.view.set_rect(self._lane_rect(i))

    # --- controls -----------------------------------------------------------------------------

    def handle(self, event) -> None:
        if event.type != pygame.KEYDOWN:
            return
        key = event.key
        if key == pygame.K_ESCAPE:
            self.app.pop()
        elif key == pygame.K_SPACE:
            self.paused = not self.paused
        elif key == pygame.K_RIGHT:
            self.step_footstrike()
        elif key == pygame.K_LEFT:
            self.rewind(REWIND_S)
        elif key in (pygame.K_1, pygame.K_2, pygame.K_3):
            self.speed = SPEEDS[key - pygame.K_1]
        elif key in (pygame.K_TAB, pygame.K_PAGEDOWN):
            self.load(self.preset_index + 1)
        elif key == pygame.K_PAGEUP:
            self.load(self.preset_index - 1)
        elif key == pygame.K_i:
            self.show_ideal = not self.show_ideal

    def step_footstrike(self) -> None:
        """Pause, then advance until the next foot lands in either lane."""
        self.paused = True
        for _ in range(2 * TICK_HZ):
            landed = [lane.tick(self.clock_s) for lane in self.lanes]
            self.clock_s += DT_S
            if any(landed) or all(lane.run.done for lane in self.lanes):
                break
        self.app.clock.reset()

    def rewind(self, seconds: float) -> None:
        """Back to an earlier moment: both runs are replayed from the start up to it."""
        target = max(0, self.lanes[0].run.tick - int(seconds * TICK_HZ))
        for lane in self.lanes:
            lane.reset()
            while lane.run.tick < target and not lane.run.done:
                lane.tick(self.clock_s - 100.0)  # old marks, already faded
        self.app.clock.reset()

    def update(self, dt: float) -> None:
        if self.paused:
            return
        self.clock_s += dt
        for _ in range(self.app.clock.advance(dt, self.speed)):
            for lane in self.lanes:
                lane.tick(self.clock_s)

    # --- drawing ---------------------------------------------------------------------------------

    def draw(self, surface) -> None:
        surface.fill(theme.BACKDROP)
        w, h = surface.get_size()
        text, palette = self.app.text, self.app.palette
        preset = PRESETS[self.preset_index]
        text.draw(surface, f"COACH · {preset.title}", 34, (12, 8), theme.ACCENT, bold=True)
        text.draw(surface, self.level.name, 22, (w - 12, 16), theme.INK_DIM, anchor="topright")
        text.draw(surface, preset.explain, 19, (14, 42), theme.INK)
        alpha = self.app.clock.alpha
        for lane in self.lanes:
            s_cam = lane.prev_s + (lane.run.state.s_m - lane.prev_s) * alpha
            lane.view.draw(surface, s_cam, lane.run.state, lane.marks, palette, text, self.clock_s)
            if self.show_ideal:
                self._draw_ideal(surface, lane, s_cam)
            rect = lane.view.rect
            tag = text.render(lane.label, 24, theme.INK, bold=True)
            box = tag.get_rect(midtop=(rect.centerx, rect.y + 8)).inflate(18, 8)
            pygame.draw.rect(surface, (16, 18, 16), box, border_radius=8)
            surface.blit(tag, tag.get_rect(center=box.center))
        self._draw_comparison(surface, pygame.Rect(8, h - 164, w - 16, 156))

    def _draw_ideal(self, surface, lane: Lane, s_cam: float) -> None:
        view = lane.view
        lo, hi = s_cam - 1.5, s_cam + view.ahead_m
        clip = surface.get_clip()
        surface.set_clip(view.rect)  # the ghost stays inside its lane
        for s, x in self.ideal:
            if lo <= s <= hi:
                pos = (round(view.screen_x(x, s)), round(view.screen_y(s, s_cam)))
                pygame.draw.circle(surface, (250, 250, 250), pos, 4, 1)
        surface.set_clip(clip)

    def _draw_comparison(self, surface, rect) -> None:
        theme.panel(surface, rect)
        text = self.app.text
        cols = [
            ("", 16),
            ("score", 330),
            ("stumbles", 450),
            ("falls", 560),
            ("late", 650),
            ("reactive", 740),
            ("cadence", 850),
            ("time", 970),
        ]
        for label, x in cols:
            text.draw(surface, label, 18, (rect.x + x, rect.y + 10), theme.INK_DIM)
        for i, lane in enumerate(self.lanes):
            st = lane.run.state
            y = rect.y + 36 + i * 34
            values = [
                lane.label,
                f"{st.score:,.0f}",
                str(st.stumbles),
                str(st.falls),
                str(lane.counts["late"]),
                str(lane.counts["reactive"]),
                f"{st.cadence_spm:.0f} spm",
                f"{st.time_s:.1f} s",
            ]
            for (_, x), value in zip(cols, values, strict=True):
                text.draw(surface, value, 22, (rect.x + x, y), theme.INK, bold=x == 16)
        state = "paused" if self.paused else f"{self.speed:g}× speed"
        hint = f"{state} · Space pause · → next footstrike · ← back {REWIND_S:g} s · 1 2 3 speed · Tab next demo · I ideal line · Esc back"
        text.draw(surface, hint, 18, (rect.x + 16, rect.bottom - 26), theme.INK_FAINT)

"""Playing a level: the trail view, the HUD, the controls, pause and practice.

The scene advances the run by the whole ticks the app's clock gives it (frame
time scaled by the training speed) and draws the runner interpolated between
the last two ticks. Commands from the player (or the autopilot) go to the run
stamped with its current tick.

A person's run starts after a 3-2-1 countdown, with the level's tip on screen:
the simulation does not move until "go". `started` says whether it has, and
`go_s` is the scene's clock at that moment (what input scripts count from).
"""

from __future__ import annotations

import math
import time
from collections import Counter, deque

import numpy as np
import pygame

from game.sim.driving import make_bot, start_run
from game.sim.events import FallEvent, FinishEvent, RejectEvent, StepEvent, StumbleEvent
from game.sim.run import Run
from game.sim.trail import Trail
from game.ui import nudges, theme
from game.ui.app import Scene
from game.ui.controls import Controls, first_hint, key_hints
from game.ui.draw.feet import draw_feet_legend
from game.ui.draw.hud import (
    COMPACT_PANEL_H,
    HudInfo,
    draw_body_panel,
    draw_compact,
    draw_run_panel,
)
from game.ui.draw.trailview import PlanOverlay, TrailView
from game.ui.menukeys import free_shortcuts
from game.ui.widgets import Item, ItemList

CHECKPOINT_M = 100.0
SIDE_PANEL_W = 270
RESULTS_DELAY_S = 1.0
AUTOPILOT_ENDLESS_M = 2000.0
PROFILE_STEP_M = 5.0
PAD_START = 7  # the Start button on most pads: pause and resume
COUNTDOWN_S = 3.0  # 3, 2, 1: time to find the first footholds before the trail moves
GO_SHOWN_S = 0.6
# Trail made 30 m at a time: past the stretch the elevation profile makes at the
# start (an endless run's first 2 km), each piece is a few milliseconds in one
# frame, where the 120 m a headless run makes at once takes 10-15 ms (a dropped frame).
TRAIL_SPAN_CHUNKS = 3
BUSY_TICKS_MS = 1.0  # a frame whose ticks took longer leaves painting ahead to the next
LINE_BEHIND_M = 1.0  # how much of the painted line shows behind the runner
# A stumble flashes the edges of the view red, a glow fading inwards over this share
# of its height: seen at once, and the trail in the middle stays readable.
FLASH_RGB = (220, 40, 30)
FLASH_DEPTH = 0.06
FLASH_ALPHA = 150


def elevation_profile(run: Run, length_m: float) -> list[tuple[float, float]]:
    """(s, elevation) every few metres: the gradient integrated along the trail."""
    s = np.arange(0.0, length_m + PROFILE_STEP_M, PROFILE_STEP_M)
    grade = run.trail.rows_of("grade", s)
    z = np.concatenate([[0.0], np.cumsum(grade[:-1] * PROFILE_STEP_M)])
    return list(zip(s.tolist(), z.tolist(), strict=True))


class PlayScene(Scene):
    coaching = True  # live nudges when a fault recurs (the tutorial speaks for itself)
    min_size = (0, 0)  # a small window gets the compact HUD, not a scaled-down screen

    def __init__(
        self,
        app,
        level,
        seed=None,
        shoe=None,
        autopilot=None,
        speed=None,
        scored=True,
        on_finish=None,
        speed_locked=False,
    ):
        super().__init__(app)
        self.on_finish = on_finish  # instead of the results screen (a test segment)
        self.level = level
        self.seed = level.seed if seed is None else seed
        self.shoe = shoe or level.default_shoe
        self.autopilot = autopilot
        self.scored = scored
        self.speed = speed if speed is not None else app.settings.speed
        self.speed_locked = speed_locked  # a test's stretches all run at the speed given
        self.controls = Controls(app.settings.keys)
        self.hints = key_hints(app.settings.keys)
        self.loop_section = False
        self._build_pause_menu()
        self._restart()

    # --- setting up and restarting ---------------------------------------------------------

    def _new_run(self) -> Run:
        trail = Trail(self.level, self.seed, span_chunks=TRAIL_SPAN_CHUNKS)
        if self.autopilot is not None:
            # A hands-free demo of an endless trail still needs somewhere to stop.
            distance = AUTOPILOT_ENDLESS_M if self.level.endless else None
            return start_run(
                self.level, self.seed, self.autopilot, self.shoe, distance_m=distance, trail=trail
            )
        return Run(self.level, self.seed, self.shoe, scored=self.scored, trail=trail)

    def restart(self) -> None:
        """The same trail again from the start (the results screen's retry)."""
        self._restart()

    def _restart(self, log=(), up_to_tick: int = 0) -> None:
        """A fresh run; with a log, replayed headless up to a checkpoint first."""
        self.run = self._new_run()
        self.bot = make_bot(self.autopilot, self.run) if self.autopilot is not None else None
        if self.bot is None:
            # The player's own commands up to the checkpoint; a bot simply plays again.
            for cmd in log:
                if cmd.tick < up_to_tick:
                    self.run.submit(cmd)
        while self.run.tick < up_to_tick and not self.run.done:
            self._tick(record_marks=False)
        self.prev_s = self.run.state.s_m
        self.app.clock.reset()
        self.clock_s = 0.0
        # A person gets the countdown before the trail moves; a bot or a replay starts at once.
        self.countdown_s = COUNTDOWN_S if self.bot is None else 0.0
        self.go_s: float | None = None if self.bot is None else 0.0
        self.count_heard = 0  # the last number of the countdown beeped
        self.paused = False
        self.finish_shown = False
        self.done_for_s = 0.0
        self.marks: deque[tuple[float, StepEvent]] = deque(maxlen=48)
        self.counts: Counter[str] = Counter(step.judgement for step in self.run.steps)
        self.message, self.message_until = "", 0.0
        self.nudger = nudges.Nudger()
        self.ticks_ms = 0.0  # how long this frame's simulation ticks took
        self.flash_until = 0.0
        self.checkpoints: list[tuple[float, int]] = [(0.0, 0)]
        length = self.level.length_m or 2000.0
        self.profile = elevation_profile(self.run, length)
        self.view = TrailView(
            self.run.trail,
            self._view_rect(),
            self.app.settings.zoom,
            self.level.light,
            show_ahead_m=self.level.gaze.far_m,
        )

    def _view_rect(self) -> pygame.Rect:
        w, h = self.app.screen.get_size()
        side = SIDE_PANEL_W if w >= 1000 else 0
        return pygame.Rect(side, 0, w - 2 * side, h)

    def on_resize(self, size) -> None:
        self.view.set_rect(self._view_rect())

    def on_focus_lost(self) -> None:
        # A bot's run loses nothing while nobody looks (and a recorded demo stays the same).
        if not self.run.done and self.bot is None:
            self.paused = True

    # --- input -----------------------------------------------------------------------------

    @property
    def render_s(self) -> float:
        alpha = self.app.clock.alpha
        return self.prev_s + (self.run.state.s_m - self.prev_s) * alpha

    def handle(self, event) -> None:
        if (
            event.type == pygame.KEYDOWN
            and (event.key == pygame.K_ESCAPE or self.controls.action_of(event) == "pause")
        ) or (event.type == pygame.JOYBUTTONDOWN and event.button == PAD_START):
            self.paused = not self.paused
            self.pause_menu.index = 0
            return
        if self.paused:
            self._handle_pause(event)
            return
        if self.bot is not None or self.run.done:
            return
        for cmd in self.controls.handle(event, self.run.tick, self.view, self.render_s):
            self.run.submit(cmd)

    def _build_pause_menu(self) -> None:
        """Each line's letter works only while it is no play key: a late press does nothing here."""
        lines = [
            ("Resume", self._resume, ""),
            ("Retry from the start", self._restart, "r"),
            ("Retry from the last checkpoint", self.retry_from_checkpoint, "c"),
            ("", self._toggle_loop, "l"),
            ("", self._next_speed, "t"),
            ("", self._quit, "q"),
        ]
        keys = self.app.settings.keys
        self.pause_shortcuts = free_shortcuts({k: a for _, a, k in lines if k}, keys)
        free = {pygame.key.name(code) for code in self.pause_shortcuts}
        items = [
            Item(label, action, key.upper() if key in free else "") for label, action, key in lines
        ]
        items[0].hint = "Esc"
        self.pause_menu = ItemList(items, size=26, spacing=44)

    def _handle_pause(self, event) -> None:
        """The menu takes arrows, Enter, the mouse and the pad, and the letters that are no play key."""
        if event.type == pygame.KEYDOWN and event.key in self.pause_shortcuts:
            self.pause_shortcuts[event.key]()
        else:
            self.pause_menu.handle(event)

    def _resume(self) -> None:
        self.paused = False

    def _toggle_loop(self) -> None:
        self.loop_section = not self.loop_section

    def _next_speed(self) -> None:
        if self.speed_locked:
            self._say(f"This run keeps to {self.speed:g}×", 1.5)
            return
        speeds = (0.5, 0.75, 1.0)
        self.speed = speeds[(speeds.index(self.speed) + 1) % 3] if self.speed in speeds else 1.0

    def _quit(self) -> None:
        if self.level.endless and self.run.steps:
            # An endless run ends when the runner stops: it still gets its results.
            self.run.stop("stopped")
            self.paused = False
        else:
            self.app.pop()

    def retry_from_checkpoint(self) -> None:
        """Run the same commands again up to the last checkpoint, then hand back the controls."""
        _, tick = self.checkpoints[-1]
        self._restart(tuple(self.run.log), tick)

    # --- the simulation ---------------------------------------------------------------------

    def _tick(self, record_marks: bool = True) -> None:
        if self.bot is not None:
            for cmd in self.bot.commands(self.run):
                self.run.submit(cmd)
        self.prev_s = self.run.state.s_m
        events = self.run.step()
        for event in events:
            if record_marks:
                self._on_event(event)
            elif isinstance(event, StepEvent):
                self.counts[event.judgement] += 1
        # After the tick's stumble or fall has had its say: a nudge is never
        # shown and at once covered (and then not repeated for a while). A
        # runner getting up from a fall hears why it fell.
        stepped = any(isinstance(event, StepEvent) for event in events)
        if record_marks and (stepped or self.run.state.down_until_tick > self.run.tick):
            self._nudge()

    def update(self, dt: float) -> None:
        self.clock_s += dt
        if self.run.done:
            self.done_for_s += dt
            if self.done_for_s >= RESULTS_DELAY_S and not self.finish_shown:
                self.finish_shown = True
                self._show_results()
            return
        if self.paused:
            return
        if not self.started:
            self._count_down(dt)
            return
        if self.bot is None:
            for cmd in self.controls.flush(self.run.tick, self.view, self.render_s):
                self.run.submit(cmd)
        self.run.note_speed(self.speed)  # any stretch below 1x makes the run practice
        started = time.perf_counter()
        for _ in range(self.app.clock.advance(dt, self.speed)):
            if self.run.done:
                break
            self._tick()
        self.ticks_ms = (time.perf_counter() - started) * 1000.0
        self._checkpoint()

    @property
    def started(self) -> bool:
        """Whether the countdown is over and the run under way."""
        return self.go_s is not None

    def _count_down(self, dt: float) -> None:
        # Counted in the player's seconds, not scaled by the training speed.
        self.countdown_s -= dt
        number = math.ceil(self.countdown_s)
        if 0 < number != self.count_heard:
            self.count_heard = number  # a beep as each number appears
            self.app.audio.play("count")
        if self.countdown_s <= 0.0:
            self.app.audio.play("go")
            self.go_s = self.clock_s + self.countdown_s  # when the count ran out, within the frame
            self.app.clock.reset()

    def _checkpoint(self) -> None:
        s = self.run.state.s_m
        last_s, _ = self.checkpoints[-1]
        if s >= last_s + CHECKPOINT_M:
            if self.loop_section and len(self.checkpoints) >= 1:
                self.retry_from_checkpoint()
                self._say("Section again: from the checkpoint", 1.5)
            else:
                self.checkpoints.append((last_s + CHECKPOINT_M, self.run.tick))

    def _on_event(self, event) -> None:
        audio = self.app.audio
        if isinstance(event, StepEvent):
            self.marks.append((self.clock_s, event))
            self.counts[event.judgement] += 1
            audio.step(event.surface)
            if event.judgement in ("planned", "late", "reactive"):
                audio.play(event.judgement, 0.5)
        elif isinstance(event, StumbleEvent):
            audio.play("stumble")
            self._say(f"Stumble: {event.cause}", 1.2)
            self.flash_until = self.clock_s + 0.25
        elif isinstance(event, FallEvent):
            audio.play("fall")
            self._say(f"Fall! ({event.cause})", 2.0)
            self.nudger.after_fall(event.cause)
            self.flash_until = self.clock_s + 0.5
        elif isinstance(event, RejectEvent):
            self._say(event.reason, 1.2)
        elif isinstance(event, FinishEvent):
            self._say("Finish!" if event.finished else f"Run over: {event.reason}", 3.0)

    def _nudge(self) -> None:
        """A word from the coach when a fault keeps coming back: never over
        another banner (a stumble, the first hint), never to a bot."""
        wanted = self.coaching and self.app.settings.coaching_hints
        if not wanted or self.bot is not None or self.banner_text():
            return
        run = self.run
        body = nudges.Body(run.stride, run.state.lifting, run.state.brake > 0.0)
        text = self.nudger.after_step(run.steps, self.clock_s, body, self.app.settings.keys)
        if text:
            self._say(text, nudges.SHOWN_S)

    def _say(self, message: str, seconds: float) -> None:
        self.message, self.message_until = message, self.clock_s + seconds

    def _show_results(self) -> None:
        from game.ui.scenes.results import ResultsScene

        if self.on_finish is not None:
            self.on_finish(self.run)
            return
        self.app.push(ResultsScene(self.app, self))

    # --- drawing --------------------------------------------------------------------------------

    def hud_info(self) -> HudInfo:
        st, rules = self.run.state, self.run.rules
        usual = rules.usual_cadence_spm
        medals = self.level.medals
        upcoming = [
            (n, v)
            for n, v in (
                ("bronze", medals.bronze),
                ("silver", medals.silver),
                ("gold", medals.gold),
            )
            if st.score < v
        ]
        return HudInfo(
            level_name=self.level.name,
            time_s=st.time_s + st.penalty_s,
            distance_m=st.s_m,
            length_m=self.run.goal_m,
            score=st.score,
            flow=st.flow,
            counts=self.counts,
            speed_mps=st.v_mps,
            cadence_spm=st.cadence_spm,
            cadence_band=(usual + rules.cadence_bonus_lo_spm, usual + rules.cadence_bonus_hi_spm),
            usual_cadence=usual,
            step_m=st.step_length_m,
            balance=max(0.0, st.balance),
            stiffness=st.stiffness,
            energy=st.energy,
            braking=st.brake > 0,
            lifting=st.lifting,
            next_medal=upcoming[0] if upcoming and not self.level.endless else None,
            profile=self.profile,
            scored=self.scored,
            speed=self.speed,
            gaze=(st.gaze_near_m, st.gaze_far_m),
            keys=self.hints,
            last_step=self.marks[-1][1] if self.marks else None,
        )

    def draw(self, surface: pygame.Surface) -> None:
        app = self.app
        view = self.view.rect
        w, h = surface.get_size()
        wide = view.left >= SIDE_PANEL_W
        flash = self.clock_s < self.flash_until and not app.settings.reduced_flashing
        if wide:  # each side strip and its panel: one opaque copy, made once per size
            surface.blit(theme.backed_panel((view.left, h), 8), (0, 0))
            surface.blit(theme.backed_panel((w - view.right, h), 8), (view.right, 0))
        self.view.draw(
            surface,
            self.render_s,
            self.run.state,
            self.marks,
            app.palette,
            app.text,
            self.clock_s,
            plan=self.plan_overlay(),
            # Painting the ground ahead waits for a frame with time to spare: not
            # one with a flash to blend, nor one whose ticks re-laid the steps.
            paint_ahead=not flash and self.ticks_ms < BUSY_TICKS_MS,
        )
        if wide:
            info = self.hud_info()
            left = pygame.Rect(8, 8, view.left - 16, h - 16)
            draw_run_panel(surface, left, info, app.palette, app.text, panel=False)
            right = pygame.Rect(view.right + 8, 8, w - view.right - 16, h - 16)
            draw_body_panel(surface, right, info, app.text, app.palette, panel=False)
        else:
            draw_compact(surface, self.view.rect, self.hud_info(), app.palette, app.text)
        self._draw_legend(surface)
        if flash:
            view = self.view.rect
            depth = round(FLASH_DEPTH * view.height)
            for strip, (dx, dy) in theme.edge_glow(view.size, FLASH_RGB, depth, FLASH_ALPHA):
                surface.blit(strip, (view.x + dx, view.y + dy))
        banner = self.banner_text()
        if banner:
            self._banner(surface, banner)
        self.draw_over_trail(surface)
        if self.bot is None and not self.paused:
            self._draw_countdown(surface)
        if self.paused:
            self._draw_pause(surface)

    def banner_text(self) -> str:
        """What the banner at the top of the view says now ('' for nothing)."""
        if self.clock_s < self.message_until:
            return self.message
        if not self.started and self.level.tip:
            return f"Tip: {self.level.tip}"
        if self.run.tick < 4 * 120 and self.bot is None:
            return first_hint(self.app.settings.keys)
        return ""

    def live_message(self) -> str:
        """The last stumble, fall or refusal while it is still news ('' otherwise)."""
        return self.message if self.clock_s < self.message_until else ""

    def draw_over_trail(self, surface) -> None:
        """Anything a mode of play shows over the trail, under the countdown and pause."""

    def _draw_legend(self, surface) -> None:
        """Which print is which foot, in the view's lower left (above the corner panel if any)."""
        view = self.view.rect
        above = 0 if view.left >= SIDE_PANEL_W else COMPACT_PANEL_H * max(1.0, self.app.text.scale)
        corner = (view.x + 10, view.bottom - 10 - round(above))
        self.legend_rect = draw_feet_legend(surface, corner, self.app.palette, self.app.text)

    def countdown_centre(self) -> tuple[int, int]:
        """Where the count is drawn: between the runner and the band, never over the band."""
        s = self.render_s
        near_y = self.view.screen_y(s + self.run.state.gaze_near_m, s)
        return self.view.rect.centerx, round((near_y + self.view.screen_y(s, s)) / 2)

    def _draw_countdown(self, surface) -> None:
        """3, 2, 1 big over the trail (the tip is the banner meanwhile); then GO for a moment."""
        if self.started and self.clock_s - self.go_s >= GO_SHOWN_S:
            return
        word = "GO" if self.started else str(max(1, math.ceil(self.countdown_s)))
        # As big as the room between the runner and the band allows, and no bigger.
        room = self.view.screen_y(self.render_s, self.render_s) - self.view.screen_y(
            self.render_s + self.run.state.gaze_near_m, self.render_s
        )
        size = max(40, min(120, round(room * 0.55 / self.app.text.scale)))
        label = self.app.text.render(word, size, theme.ACCENT, bold=True)
        centre = self.countdown_centre()
        radius = max(label.get_width(), label.get_height()) // 2 + 14
        disc = pygame.Surface((2 * radius, 2 * radius), pygame.SRCALPHA)
        pygame.draw.circle(disc, (12, 14, 13, 200), (radius, radius), radius)
        surface.blit(disc, disc.get_rect(center=centre))
        surface.blit(label, label.get_rect(center=centre))

    def plan_overlay(self) -> PlanOverlay:
        """The painted line, and while the pointer is over the trail, where a pin can go."""
        run, s = self.run, self.render_s
        overlay = PlanOverlay(line=run.line.points(s - LINE_BEHIND_M, s + run.state.gaze_far_m))
        pointer = self.controls.pointer
        if pointer is not None and self.bot is None and not run.done:
            overlay.reach = run.pin_reach()
            ps, px = self.view.to_trail(pointer, s)
            overlay.hover = (ps, px, not run.pin_problem(ps, px))
        return overlay

    def _banner(self, surface, message: str) -> None:
        text = self.app.text
        # As many lines as the view's width needs, never over the side panels.
        lines = [
            text.render(line, 26, theme.INK, bold=True)
            for line in text.wrap(message, 26, self.view.rect.width - 48, bold=True)
        ]
        # At the top of the view, unless the band's far edge is up there: then just under it.
        far_y = self.view.screen_y(self.render_s + self.run.state.gaze_far_m, self.render_s)
        top = 18 if not 0 <= far_y < 70 else round(far_y) + 16
        height = sum(line.get_height() for line in lines)
        box = pygame.Rect(0, top, max(line.get_width() for line in lines), height).inflate(24, 12)
        box.centerx = self.view.rect.centerx
        pygame.draw.rect(surface, (18, 20, 18), box, border_radius=10)
        pygame.draw.rect(surface, theme.PANEL_EDGE, box, 1, border_radius=10)
        y = box.y + 6
        for line in lines:
            surface.blit(line, line.get_rect(midtop=(box.centerx, y)))
            y += line.get_height()

    def _draw_pause(self, surface) -> None:
        surface.blit(theme.wash(surface.get_size(), (8, 10, 10, 170)), (0, 0))
        box = pygame.Rect(0, 0, 520, 420)
        box.center = surface.get_rect().center
        theme.panel(surface, box, alpha=245, radius=14)
        text = self.app.text
        text.draw(
            surface,
            "PAUSED",
            54,
            (box.centerx, box.y + 24),
            theme.ACCENT,
            bold=True,
            anchor="midtop",
        )
        items = self.pause_menu.items
        items[3].label = f"Loop this section: {'on' if self.loop_section else 'off'}"
        items[4].label = f"Training speed: {self.speed:g}×" + (
            " (fixed)" if self.speed_locked else ""
        )
        items[5].label = "End the run here" if self.level.endless else "Quit to the menu"
        self.pause_menu.draw(surface, text, (box.x + 24, box.y + 96), box.width - 48)
        checkpoint = self.checkpoints[-1][0]
        text.draw(
            surface,
            f"last checkpoint: {checkpoint:.0f} m",
            20,
            (box.centerx, box.bottom - 34),
            theme.INK_DIM,
            anchor="midtop",
        )

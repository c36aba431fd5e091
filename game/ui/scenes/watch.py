"""Watching a replay: the play scene with the recorded commands at the controls."""

from __future__ import annotations

from game.replays import level_of
from game.sim.replay import Replay, start_band
from game.sim.run import Run
from game.ui import theme
from game.ui.scenes.play import PlayScene


class ReplayPilot:
    """Feeds a recorded command log back to the run, tick by tick."""

    def __init__(self, replay: Replay):
        self.log = list(replay.commands)
        self.next = 0
        self.end_tick = replay.ticks

    def commands(self, run: Run):
        out = []
        while self.next < len(self.log) and self.log[self.next].tick == run.tick:
            out.append(self.log[self.next])
            self.next += 1
        if run.tick >= self.end_tick and not run.done:
            run.stop("the recording ends here")
        return out


class WatchScene(PlayScene):
    def __init__(self, app, replay: Replay):
        self.replay = replay
        super().__init__(app, level_of(replay), seed=replay.seed, shoe=replay.shoe, scored=True)
        # Nothing to steer while watching: the key reminders say how to stop.
        self.hints = ["P or Esc  pause"]

    def draw(self, surface) -> None:
        super().draw(surface)
        if not self.paused:
            tag = self.app.text.render(f"REPLAY · {self.replay.who}", 20, (20, 20, 20), bold=True)
            box = tag.get_rect(topleft=(self.view.rect.x + 12, self.view.rect.y + 12)).inflate(
                14, 6
            )
            box.topleft = (self.view.rect.x + 12, self.view.rect.y + 12)
            surface.fill(theme.BAND_EDGE, box)
            surface.blit(tag, tag.get_rect(center=box.center))

    def _new_run(self) -> Run:
        return Run(
            self.level,
            self.replay.seed,
            self.replay.shoe,
            who=(self.replay.who_key, self.replay.who),
            distance_m=self.replay.distance_m if self.level.endless else None,
            gaze=start_band(self.replay, self.level),
        )

    def _restart(self, log=(), up_to_tick: int = 0) -> None:
        super()._restart(log, up_to_tick)
        self.bot = ReplayPilot(self.replay)

    def _show_results(self) -> None:
        self.app.pop()

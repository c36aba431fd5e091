"""The first-run tutorial's lessons: what each asks, and when the player has done it.

Each lesson is measured from the run's public state and events, never from the
keys or the mouse: a lesson is done when the runner has actually steered, pinned,
held a lane, shortened the stride on the descent, lifted over a root, moved the
gaze band and braked. Pure Python, no drawing: the tutorial scene shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.commands import Gaze, Pin
from game.sim.events import RejectEvent, StepEvent
from game.sim.rules import TICK_HZ
from game.sim.terrain import CELL_M, CHUNK_M, FEATURE_ROOT, X_M

LEVEL_ID = "tutorial"
STEERED_STEPS = 6  # planned steps on the painted line: enough to feel the line lead the feet
LANE_STEPS = 4
SHORT_STEPS = 4
GAZE_MOVES = 2  # out and back, or two notches either way
BRAKE_S = 0.6  # held long enough to feel the runner slow
ROOT_AHEAD_M = 1.2  # a root this close ahead is being crossed: about two steps


@dataclass(frozen=True)
class Lesson:
    name: str
    title: str
    text: str  # may name keys as {lane}, {short}, {lift}, {gaze_near}, {gaze_far}, {brake}
    goal: float
    unit: str  # what the progress counts, shown as "3 / 6 steps"


LESSONS = (
    Lesson(
        "steer",
        "Steer the line",
        "Move the pointer over the trail 3–6 m ahead, inside the band: "
        "the white line follows it and your feet land along it.",
        STEERED_STEPS,
        "planned steps",
    ),
    Lesson(
        "pin",
        "Pin a foothold",
        "Click a rock inside the green zone: one foot lands exactly there, "
        "the steps before it adjust.",
        1,
        "pin",
    ),
    Lesson(
        "lane",
        "Hold a lane",
        "Hold {lane} (any of {lanes}): the line runs along that lane while the key is down.",
        LANE_STEPS,
        "steps in a lane",
    ),
    Lesson(
        "short",
        "Short steps downhill",
        "Hold {short} for short, quick steps: on the descent ahead they keep you in control.",
        SHORT_STEPS,
        "short steps",
    ),
    Lesson(
        "lift",
        "Lift over roots",
        "Hold {lift} as you cross the next root: the knees come up and the toes clear it.",
        1,
        "root cleared",
    ),
    Lesson(
        "gaze",
        "Move your eyes",
        "Roll the mouse wheel, or press {gaze_near} / {gaze_far}: the band of trail "
        "you read moves nearer or further.",
        GAZE_MOVES,
        "moves",
    ),
    Lesson(
        "brake",
        "Brake",
        "Hold {brake} to slow down, as before a tricky step.",
        BRAKE_S,
        "s",
    ),
)


def root_ahead(run, ahead_m: float = ROOT_AHEAD_M) -> bool:
    """Whether a root lies across the trail within `ahead_m` of the runner."""
    trail, s0 = run.trail, run.state.s_m
    s = s0
    while s <= s0 + ahead_m:
        chunk = trail.chunk(int(s // CHUNK_M))
        row = min(int((s - chunk.s0_m) / CELL_M), len(chunk.feature) - 1)
        on_trail = abs(X_M - chunk.centre_m[row]) <= chunk.half_width_m[row]
        if (chunk.feature[row][on_trail] == FEATURE_ROOT).any():
            return True
        s += CELL_M
    return False


class Tutorial:
    """Progress through the lessons, fed the run after every frame."""

    def __init__(self):
        self.index = 0
        self.progress = 0.0
        self.skipped = False
        self._run = None
        self._seen_events = 0
        self._seen_log = 0
        self._last_tick = 0

    @property
    def lesson(self) -> Lesson | None:
        return LESSONS[self.index] if self.index < len(LESSONS) else None

    @property
    def finished(self) -> bool:
        return self.index >= len(LESSONS)

    def skip(self) -> None:
        self.skipped = True
        self.index = len(LESSONS)

    def update(self, run) -> None:
        """Count what the run did since the last call towards the current lesson."""
        if run is not self._run:  # a fresh run (the tutorial's trail again): read it from its start
            self._run, self._seen_events, self._seen_log = run, 0, 0
            self._last_tick = run.tick
        events = run.events[self._seen_events :]
        commands = run.log[self._seen_log :]
        ticks = run.tick - self._last_tick
        self._seen_events, self._seen_log = len(run.events), len(run.log)
        self._last_tick = run.tick
        if self.finished:
            return
        steps = [e for e in events if isinstance(e, StepEvent)]
        self.progress += self._measure(run, events, steps, commands, ticks)
        if self.progress >= self.lesson.goal - 1e-9:
            self.index += 1
            self.progress = 0.0

    def _measure(self, run, events, steps, commands, ticks: int) -> float:
        name, st = self.lesson.name, run.state
        if name == "steer":
            return sum(s.judgement == "planned" for s in steps) if run.pointer is not None else 0
        if name == "pin":
            # Each pin applied this frame either took or was refused with a reason.
            pins = sum(isinstance(c, Pin) for c in commands)
            return max(0, pins - sum(isinstance(e, RejectEvent) for e in events))
        if name == "lane":
            lane = run.steering and run.pointer is None
            return len(steps) if lane else 0
        if name == "short":
            return len(steps) if run.stride == "short" else 0
        if name == "lift":
            return 1.0 if st.lifting and root_ahead(run) else 0.0
        if name == "gaze":
            return sum(isinstance(c, Gaze) for c in commands)
        return ticks / TICK_HZ if st.brake > 0 else 0.0  # brake

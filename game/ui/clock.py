"""The one fixed-step clock: frame time in, whole simulation ticks out.

Glenn Fiedler's "Fix Your Timestep!": frame time (scaled by a training speed or
slow motion) fills an accumulator; the simulation takes whole ticks from it;
what is left is the interpolation fraction a frame is drawn at. The app owns
one clock and every scene that runs a simulation (play, watch, coach) takes
its ticks from it, so the spiral guard and the fraction are written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.sim.rules import DT_S

# Never spiral: after a stalled frame the run slows down for a moment rather than
# jumping ahead, and the frame after it is not longer still. 40 ticks is a third of
# a second at 120 Hz, more than a 1/10 s frame at the fastest training speed needs.
MAX_TICKS_PER_FRAME = 40


@dataclass
class FixedClock:
    step_s: float = DT_S
    max_ticks: int = MAX_TICKS_PER_FRAME
    acc_s: float = 0.0

    def advance(self, frame_s: float, scale: float = 1.0) -> int:
        """How many whole ticks this frame's time asks for, at most `max_ticks`."""
        self.acc_s += frame_s * scale
        ticks = min(int(self.acc_s / self.step_s), self.max_ticks)
        self.acc_s -= ticks * self.step_s
        # A backlog beyond the cap is dropped, not carried into the next frame.
        self.acc_s = min(max(self.acc_s, 0.0), self.step_s)
        return ticks

    @property
    def alpha(self) -> float:
        """How far between the last two ticks a frame drawn now stands (0 to 1)."""
        return min(1.0, self.acc_s / self.step_s)

    def reset(self) -> None:
        """A new run, a jump in time or another screen: no time owed."""
        self.acc_s = 0.0

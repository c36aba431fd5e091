"""The anticipation threshold test: the shortest look-ahead at which a runner still runs clean.

As sports-vision trainers find a speed threshold, a staircase narrows the
gaze band after a clean segment and widens it after a messy one, halving its
step at every reversal. The threshold is the mean far edge at the last
reversals, in metres and in the runner's own steps. Results are kept per
player, so a coach can follow an athlete's progress.
"""

from __future__ import annotations

import contextlib
import datetime
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from game.files import FileProblem, keep_aside, read_capped
from game.paths import player_home

MAX_HISTORY_BYTES = 4 * 1024 * 1024
START_FAR_M = 6.0
START_STEP_M = 1.0
MIN_STEP_M = 0.25
MIN_FAR_M, MAX_FAR_M = 0.6, 9.0
REVERSALS_TO_STOP = 6
MAX_SEGMENTS = 14
SEGMENT_M = 40.0
CLEAN_SHARE = 0.85  # of steps clean and chosen at least one step ahead


def segment_was_clean(result: dict) -> bool:
    """A clean segment: no stumble or fall, and nearly every step clean and not reactive or blind."""
    steps = max(1, result["steps"])
    good = result["clean"] - result["reactive"] - result["blind"]
    return result["stumbles"] == 0 and result["falls"] == 0 and good / steps >= CLEAN_SHARE


@dataclass
class Staircase:
    far_m: float = START_FAR_M
    step_m: float = START_STEP_M
    history: list[tuple[float, bool]] = field(default_factory=list)
    reversals: list[float] = field(default_factory=list)

    @property
    def near_m(self) -> float:
        return round(self.far_m / 2, 2)  # the band keeps the shape of 3–6 m

    @property
    def done(self) -> bool:
        return len(self.reversals) >= REVERSALS_TO_STOP or len(self.history) >= MAX_SEGMENTS

    def record(self, clean: bool) -> None:
        """One segment run at the current band: narrow it if clean, widen it if not."""
        if self.history and self.history[-1][1] != clean:
            self.reversals.append(self.far_m)
            self.step_m = max(MIN_STEP_M, self.step_m / 2)
        self.history.append((self.far_m, clean))
        self.far_m = round(
            min(MAX_FAR_M, max(MIN_FAR_M, self.far_m + (-self.step_m if clean else self.step_m))), 3
        )

    def threshold_m(self) -> float:
        points = self.reversals[-4:] or [far for far, _ in self.history[-3:]]
        return round(sum(points) / len(points), 2)


@dataclass(frozen=True)
class TestResult:
    player: str
    date: str
    threshold_m: float
    threshold_steps: float
    segments: int


def result_of(
    player: str, staircase: Staircase, mean_step_m: float, today: datetime.date | None = None
) -> TestResult:
    threshold = staircase.threshold_m()
    return TestResult(
        player=player,
        date=(today or datetime.date.today()).isoformat(),
        threshold_m=threshold,
        threshold_steps=round(threshold / max(mean_step_m, 0.3), 2),
        segments=len(staircase.history),
    )


def history_path() -> Path:
    return player_home() / "anticipation.json"


def load_history(path: Path | None = None) -> list[TestResult]:
    path = path or history_path()
    if not path.exists():
        return []
    try:
        rows = json.loads(read_capped(path, MAX_HISTORY_BYTES).decode("utf-8"))
        return [TestResult(**row) for row in rows]
    except (ValueError, TypeError, RecursionError, FileProblem):
        # A damaged history is kept aside under a name of its own, never overwritten.
        with contextlib.suppress(OSError):
            keep_aside(path)
        return []


def save_result(result: TestResult, path: Path | None = None) -> list[TestResult]:
    path = path or history_path()
    rows = [*load_history(path), result]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(
        json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    tmp.replace(path)
    return rows

"""What a run reports as it goes: the front-end draws these, coach mode explains them."""

from __future__ import annotations

from dataclasses import dataclass

JUDGEMENTS = ("planned", "late", "reactive", "blind")


@dataclass(frozen=True, slots=True)
class StepEvent:
    tick: int
    s_m: float
    x_m: float
    foot: str  # "L" or "R"
    judgement: str  # one of JUDGEMENTS
    clean: bool
    reasons: tuple[str, ...]  # what went wrong, worst first; empty on a clean step
    lead_s: float | None  # how long before contact the foothold was chosen
    step_length_m: float
    cadence_spm: float
    surface: int
    balance_cost: float
    balance: float  # after the step
    stiffness: float
    points: float
    lead_m: float | None = None  # how far ahead of the runner the foothold was when chosen

    @property
    def lead_steps(self) -> float | None:
        """How many of this step's lengths ahead the foothold was chosen: the
        coaching measure, and unlike time not stretched while the runner was down."""
        if self.lead_m is None or self.step_length_m <= 0.0:
            return None
        return self.lead_m / self.step_length_m


@dataclass(frozen=True, slots=True)
class StumbleEvent:
    tick: int
    s_m: float
    cause: str


@dataclass(frozen=True, slots=True)
class FallEvent:
    tick: int
    s_m: float
    cause: str


@dataclass(frozen=True, slots=True)
class RejectEvent:
    """A foothold the runner could not take: out of reach, in the fog, behind."""

    tick: int
    s_m: float
    x_m: float
    reason: str


@dataclass(frozen=True, slots=True)
class FinishEvent:
    tick: int
    finished: bool  # False: the run ended early (too many falls, out of time)
    reason: str


Event = StepEvent | StumbleEvent | FallEvent | RejectEvent | FinishEvent

"""Step judgements, the coaching rule each fault belongs to, and the result record."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass

import numpy as np

from game.sim.events import StepEvent
from game.sim.spec import LevelSpec

# Faults make a step unclean; the others are costs the runner can carry.
FAULTS = ("not lifted", "overstride", "slip", "bad footing", "off-trail")

# Which of the five coaching rules a reason belongs to.
REASON_RULE = {
    "overstride": "quick-steps",
    "not lifted": "lift",
    "crossover": "lift",
    "wide step": "lift",
    "late": "gaze",
    "reactive": "gaze",
    "blind": "gaze",
    "off-trail": "gaze",
    "stiff": "relaxed",
    "slip": "adapt",
    "bad footing": "adapt",
}

RULE_TITLES = {
    "quick-steps": "Light, quick steps",
    "lift": "Lift the foot, keep the hips steady",
    "gaze": "Eyes 3–6 m ahead",
    "relaxed": "Relaxed but active",
    "adapt": "Adapt pace and shoes",
}

TIPS = {
    "quick-steps": (
        "Your steps reached too far. Shorten them and let your rhythm rise a few "
        "steps a minute: quick feet stay under your hips and keep you upright."
    ),
    "lift": (
        "Your toes caught the ground. Drive the knee up over roots and rocks, and "
        "keep your body quiet: no big jumps from side to side."
    ),
    "gaze": (
        "You chose your footholds too late. Keep your eyes three to six metres up "
        "the trail so each step is decided two or three strides before you take it."
    ),
    "relaxed": (
        "You ran tense. Braking hard downhill locks the joints; loosen the shoulders, "
        "breathe, and let the legs absorb the trail."
    ),
    "adapt": (
        "The ground beat your grip. Slow down where it is wet or loose, pick solid "
        "footholds, and choose shoes that suit the surface."
    ),
}

CLEAN_RUN_TIP = "Nothing to fix this time. Try the next level, or this one at its full pace."


@dataclass(frozen=True, slots=True)
class Result:
    """The result of a run; `to_json` gives the record of INTERFACE.md."""

    level: str
    seed: int
    who_key: str  # "bot" or "player"
    who: str
    shoe: str
    finished: bool
    time_s: float
    score: float
    distance_m: float
    steps: int
    planned: int
    late: int
    reactive: int
    blind: int
    clean: int
    stumbles: int
    falls: int
    off_trail: int
    overstrides: int
    trips: int
    slips: int
    mean_cadence_spm: float
    cadence_sd_spm: float
    cadence_in_band: float  # share of steps whose rhythm sat in the +5–7 spm band
    mean_lead_s: float
    mean_stiffness: float
    energy_left: float
    medal: str
    rule_broken_most: str
    speed: float = 1.0  # the training speed: below 1 the run is practice, kept apart
    actions: int = 0  # deliberate inputs: pins, placements, key presses (not steering)

    def to_json(self) -> dict:
        record = asdict(self)
        who_key, who = record.pop("who_key"), record.pop("who")
        ordered = {"level": record.pop("level"), "seed": record.pop("seed"), who_key: who}
        ordered.update(record)
        return ordered

    def to_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False)


def medal_for(level: LevelSpec, score: float, finished: bool) -> str:
    if not finished:
        return "none"
    medals = level.medals
    for name, threshold in (("gold", medals.gold), ("silver", medals.silver)):
        if score >= threshold:
            return name
    return "bronze" if score >= medals.bronze else "none"


def rule_broken_most(steps: list[StepEvent]) -> str:
    """The coaching rule behind most of the run's faults and costs, or '' for a clean run."""
    tally: Counter[str] = Counter()
    for step in steps:
        for reason in step.reasons:
            rule = REASON_RULE.get(reason)
            if rule:
                # Faults weigh more than costs the runner carried.
                tally[rule] += 2 if reason in FAULTS else 1
    best = max(tally.values(), default=0)
    # One slip in a clean run is not a lesson: a rule needs to have been broken often.
    if best < max(3, 0.02 * len(steps)):
        return ""
    return next(rule for rule in RULE_TITLES if tally[rule] == best)


# A habit in the making: a reason on this many of the last few steps. A coach
# running alongside would say something now, not after the run.
RECENT_STEPS = 8
RECURS_ON = 3


def recurring_reason(steps: list[StepEvent]) -> str:
    """The reason on at least `RECURS_ON` of the last `RECENT_STEPS` steps (the
    most frequent, faults first on a tie), or '' while none recurs."""
    tally = Counter(r for step in steps[-RECENT_STEPS:] for r in step.reasons)
    ranked = sorted(tally.items(), key=lambda item: (-item[1], item[0] not in FAULTS))
    return ranked[0][0] if ranked and ranked[0][1] >= RECURS_ON else ""


def tip_for(rule: str) -> str:
    return TIPS.get(rule, CLEAN_RUN_TIP)


def _mean(values) -> float:
    return round(float(np.mean(values)), 3) if len(values) else 0.0


def summarize(
    level: LevelSpec,
    seed: int,
    who: tuple[str, str],
    shoe: str,
    state,
    steps: list[StepEvent],
    finished: bool,
    band: tuple[float, float],
    speed: float = 1.0,
    actions: int = 0,
) -> Result:
    """Fold a run's steps and final state into its result."""
    counts = Counter(step.judgement for step in steps)
    cadences = [step.cadence_spm for step in steps if step.step_length_m > 0]
    leads = [step.lead_s for step in steps if step.lead_s is not None]
    rhythm = [state_cadence for state_cadence in _rolling(cadences, 4)]
    in_band = sum(band[0] <= c <= band[1] for c in rhythm)
    score = round(float(state.score), 1)
    return Result(
        level=level.id,
        seed=seed,
        who_key=who[0],
        who=who[1],
        shoe=shoe,
        finished=finished,
        time_s=round(float(state.time_s + state.penalty_s), 3),
        score=score,
        distance_m=round(
            float(state.s_m if level.length_m is None else min(state.s_m, level.length_m)), 2
        ),
        steps=len(steps),
        planned=counts["planned"],
        late=counts["late"],
        reactive=counts["reactive"],
        blind=counts["blind"],
        clean=sum(step.clean for step in steps),
        stumbles=state.stumbles,
        falls=state.falls,
        off_trail=state.off_trail,
        overstrides=state.overstrides,
        trips=sum("not lifted" in step.reasons for step in steps),
        slips=sum("slip" in step.reasons for step in steps),
        mean_cadence_spm=_mean(cadences),
        cadence_sd_spm=round(float(np.std(cadences)), 3) if cadences else 0.0,
        cadence_in_band=round(in_band / len(rhythm), 3) if rhythm else 0.0,
        mean_lead_s=_mean(leads),
        mean_stiffness=_mean([step.stiffness for step in steps]),
        energy_left=round(float(state.energy), 3),
        medal=medal_for(level, score, finished),
        rule_broken_most=rule_broken_most(steps),
        speed=speed,
        actions=actions,
    )


def _rolling(values: list[float], window: int) -> list[float]:
    if len(values) < window:
        return []
    kernel = np.ones(window) / window
    return list(np.convolve(values, kernel, mode="valid"))

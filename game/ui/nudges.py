"""Live coaching: a short word when a fault keeps coming back, naming the key that
helps, as a coach running alongside would say it, not after the run.

Which fault recurs is the judge's call (`judge.recurring_reason`); what to say
about it, with the player's own key bindings, is here. A nudge is rare: a few
seconds apart at least, and the same one not again for a good while, so the
banner never nags. A fall is the exception to "keeps coming back": one is
enough to be told what helps, once the fall has had its say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.sim.events import StepEvent
from game.sim.judge import recurring_reason
from game.ui.controls import key_label

NUDGE_GAP_S = 8.0  # between any two nudges
REPEAT_GAP_S = 30.0  # before the same nudge again
SHOWN_S = 3.0


@dataclass(frozen=True, slots=True)
class Body:
    """What the player is already doing about it."""

    stride: str  # "short", "natural" or "long"
    lifting: bool
    braking: bool


def nudge_text(reason: str, body: Body, keys: dict[str, str]) -> str:
    """What to say about a recurring `reason` ('' for nothing worth saying)."""

    def key(action: str) -> str:
        return key_label(keys[action])

    if reason == "overstride":
        if body.stride == "short":
            return f"Still reaching: ease the pace with {key('pace_down')}"
        return f"Reaching too far: hold {key('stride_short')} for short, quick steps"
    if reason == "not lifted":
        if body.lifting:
            return "Still catching: steer around the tallest roots and rocks"
        return f"Toes catching: hold {key('lift')} to lift over roots and rocks"
    if reason in ("slip", "bad footing"):
        return f"The ground is beating you: aim for solid footing, or slow with {key('pace_down')}"
    if reason in ("late", "reactive"):
        return "Choosing late: steer further up the trail, inside the band"
    if reason == "blind":
        return "Feet landing unguided: keep the pointer up the trail to steer"
    if reason == "off-trail":
        return "Off the trail: keep your line between the edges"
    if reason in ("crossover", "wide step"):
        return "Big sideways moves: steer a smoother line"
    if reason == "stiff":
        if body.braking:
            return f"Running tense: ease off {key('brake')} and let the legs soak up the ground"
        return "Running tense: fewer last-moment corrections, look further ahead"
    return ""


class Nudger:
    """Decides, after each step, whether a nudge is due, and which."""

    def __init__(self) -> None:
        self._last_s = -math.inf
        self._said: dict[str, float] = {}
        self._fell_for = ""  # the cause of a fall not yet spoken about

    def after_fall(self, cause: str) -> None:
        """A fall's cause gets its word at the next chance, recurring or not: a
        new player who falls twice in a few metres should not fall a third time
        before being told why."""
        self._fell_for = cause

    def after_step(
        self, steps: list[StepEvent], now_s: float, body: Body, keys: dict[str, str]
    ) -> str:
        """The nudge to show now, or ''."""
        if now_s - self._last_s < NUDGE_GAP_S:
            return ""
        reason, self._fell_for = self._fell_for or recurring_reason(steps), ""
        text = nudge_text(reason, body, keys)
        if not text or now_s - self._said.get(text, -math.inf) < REPEAT_GAP_S:
            return ""
        self._last_s = self._said[text] = now_s
        return text

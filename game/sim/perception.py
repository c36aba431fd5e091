"""What the runner knows of a foothold when the foot comes down on it (DESIGN.md, "Seeing").

No band earns anything by its numbers: the costs of a landing come from this
knowledge, and the knowledge from where the eyes were and when.

- A spot of trail is *read* while it is inside the gaze band. How well grows
  with the time it spent there before the swing towards it began (after that
  the step is ballistic: Matthis, Barton & Fajen 2015, 2017); a spot never in
  the band is known only by its coarse shape, from the periphery. Taller
  obstacles take longer to read (Fajen lab: they need a larger window).
- A choice takes a visuo-motor delay to set up; what was not set up when the
  swing began is *reactive*.
- What was read fades between the spot leaving the band and the foot landing
  on it (spatial memory): past the few metres held, the foot lands further off
  its mark the more ground was covered. Holding the gaze far means the near
  steps are known only from memory.

The three together give an optimum look-ahead of a roughly constant time
before contact, growing in metres with speed and with obstacle height.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from game.sim.rules import TICK_HZ, Rules
from game.sim.runner import Foothold


@dataclass(frozen=True, slots=True)
class Knowledge:
    read: float  # 0..1: how well the spot was read before the swing began
    ready: float  # 0..1: the share of the set-up done before the swing began
    memory_m: float  # the ground covered from the spot leaving the band to contact

    @property
    def known(self) -> float:
        return self.read * self.ready


# A foot that lands where it falls: nothing read, nothing to set up (the leg
# swings as it always does).
BLIND = Knowledge(0.0, 1.0, 0.0)


def reading_s(spot_s: float, near_m: float, far_m: float, swing_from_s: float, v_mps: float):
    """Time the spot spent in the band before the swing towards it began at
    `swing_from_s` (a run starts running, its eyes already up the trail)."""
    enters, leaves = spot_s - far_m, min(spot_s - near_m, swing_from_s)
    return max(0.0, leaves - enters) / v_mps


def read_share(read_s: float, height_m: float, rules: Rules) -> float:
    """How well a spot read this long is known: the periphery's coarse shape
    at first, then sharper, more slowly for taller obstacles."""
    tau = rules.read_time_s * (1.0 + height_m / rules.read_height_m)
    coarse = rules.peripheral_read
    return coarse + (1.0 - coarse) * (1.0 - math.exp(-read_s / tau))


def memory_scatter_m(known: Knowledge, rules: Rules) -> float:
    """How far off its mark memory puts the foot: nothing for the first metres
    held, then growing with the ground covered."""
    return rules.memory_scatter_per_m * max(0.0, known.memory_m - rules.memory_hold_m)


def ready_share(chosen_tick: int, swing_tick: int, rules: Rules) -> float:
    """The share of the visuo-motor set-up done before the swing began."""
    set_up_s = (swing_tick - chosen_tick) / TICK_HZ
    return min(1.0, max(0.0, set_up_s / rules.visuo_motor_delay_s))


def knowledge(
    target: Foothold,
    swing_tick: int,
    swing_from_s: float,
    contact_s: float,
    v_mps: float,
    height_m: float,
    rules: Rules,
    gaze_now: tuple[float, float] = (3.0, 6.0),
) -> Knowledge:
    """What the runner knew of `target` as its swing began and as the foot lands.

    `swing_tick`/`swing_from_s`: when and where the swing towards it began (the
    other foot's landing); `contact_s`: where the runner is as it lands.
    """
    if target.chosen_tick is None:
        return BLIND
    near, far = target.chosen_gaze or gaze_now
    v = max(v_mps, 0.3)
    read = read_share(reading_s(target.s_m, near, far, swing_from_s, v), height_m, rules)
    ready = ready_share(target.chosen_tick, swing_tick, rules)
    memory_m = max(0.0, contact_s - (target.s_m - near))
    return Knowledge(read, ready, memory_m)


def judgement(known: Knowledge, chosen: bool) -> str:
    """The word the step is shown with; its costs come from `known`, not from this."""
    if not chosen:
        return "blind"
    if known.ready < 1.0:
        return "reactive"
    return "planned" if known.read >= 0.9 else "late"

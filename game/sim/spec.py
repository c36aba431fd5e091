"""What the simulation needs to know of a level, as plain data.

The level files are read and checked in game/levels.py, outside the sim; the
sim takes these specs as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from game.sim.rules import Rules


@dataclass(frozen=True, slots=True)
class TrailShape:
    width_min_m: float = 1.6
    width_max_m: float = 2.6
    meander_m: float = 0.6


@dataclass(frozen=True, slots=True)
class TerrainMix:
    rock_density: float = 0.0
    rock_size_m: float = 0.2
    root_density: float = 0.0
    step_density: float = 0.0
    grass: float = 0.1
    mud: float = 0.0
    wet: float = 0.0
    scree: float = 0.0
    snow: float = 0.0
    water: float = 0.0
    patch_size_m: float = 6.0


@dataclass(frozen=True, slots=True)
class GradientProfile:
    mean_pct: float = 0.0
    range_pct: float = 4.0
    section_m: float = 60.0
    sudden: float = 0.3


@dataclass(frozen=True, slots=True)
class GazeSpec:
    near_m: float = 3.0
    far_m: float = 6.0
    min_near_m: float = 0.5
    max_far_m: float = 9.0


@dataclass(frozen=True, slots=True)
class Medals:
    bronze: int
    silver: int
    gold: int
    # The level's par over the time its pace gives on its grades: how much
    # longer a good runner takes on this ground (`game.par`). 1: the pace alone.
    par_factor: float = 1.0


@dataclass(frozen=True, slots=True)
class LevelSpec:
    id: str
    name: str
    description: str
    tip: str
    rule: str
    light: str
    seed: int
    length_m: float | None  # None: endless
    difficulty: int
    order: int
    pace_mps: float
    shoes: tuple[str, ...]
    default_shoe: str
    medals: Medals
    trail: TrailShape = TrailShape()
    terrain: TerrainMix = TerrainMix()
    gradient: GradientProfile = GradientProfile()
    gaze: GazeSpec = GazeSpec()
    rules: Rules = field(default_factory=Rules)
    path: str = ""
    content_hash: str = ""

    @property
    def endless(self) -> bool:
        return self.length_m is None

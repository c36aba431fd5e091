"""Level files: TOML → LevelSpec, with every check and its message.

A level file is one TOML table per concern (`[trail]`, `[terrain]`,
`[gradient]`, `[gaze]`, `[medals]`, optional `[rules]`). Every field has a
type and a range; unknown keys, wrong types, NaN and out-of-range values are
reported together, one line each, as `PATH: field: what is wrong`.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from game.files import FileProblem, read_capped
from game.paths import levels_dir
from game.sim.rules import MAX_RUN_S, RULE_LIMITS, RULE_ORDER, SHOES, Rules

# The specs live with the simulation that runs them; re-exported for the loaders.
from game.sim.spec import (
    GazeSpec,
    GradientProfile,
    LevelSpec,
    Medals,
    TerrainMix,
    TrailShape,
)

MAX_FILE_BYTES = 256 * 1024
LENGTH_RANGE_M = (50.0, 20_000.0)
MAX_ENDLESS_M = LENGTH_RANGE_M[1]  # the longest goal a run on an endless trail may set
PAR_FACTOR_RANGE = (0.5, 3.0)  # a good runner's time over the pace alone (`game.par`)
COACHING_RULES = ("quick-steps", "lift", "gaze", "relaxed", "adapt", "mixed")
LIGHTS = ("day", "dusk", "night")  # night: a headlamp, so the gaze band is all there is


@dataclass(frozen=True, slots=True)
class LevelError(Exception):
    """One problem in one level file, in the words the command line prints."""

    path: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.field}: {self.message}"


class LevelErrors(Exception):
    """All the problems found in one level file."""

    def __init__(self, errors: list[LevelError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = errors


# Field ranges: (low, high) inclusive. A level can go from a runnable path to a
# rock garden inside these; beyond them the trail stops being a trail.
_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "trail": {"width_min_m": (1.2, 3.0), "width_max_m": (1.2, 3.0), "meander_m": (0.0, 1.5)},
    "terrain": {
        "rock_density": (0.0, 1.0),
        "rock_size_m": (0.05, 0.4),
        "root_density": (0.0, 1.0),
        "step_density": (0.0, 1.0),
        "grass": (0.0, 1.0),
        "mud": (0.0, 1.0),
        "wet": (0.0, 1.0),
        "scree": (0.0, 1.0),
        "snow": (0.0, 1.0),
        "water": (0.0, 1.0),
        "patch_size_m": (1.0, 40.0),
    },
    "gradient": {
        "mean_pct": (-40.0, 40.0),
        "range_pct": (0.0, 40.0),
        "section_m": (5.0, 1000.0),
        "sudden": (0.0, 1.0),
    },
    "gaze": {
        "near_m": (0.3, 10.0),
        "far_m": (0.8, 12.0),
        "min_near_m": (0.3, 10.0),
        "max_far_m": (0.8, 12.0),
    },
}
_TABLES = {
    "trail": TrailShape,
    "terrain": TerrainMix,
    "gradient": GradientProfile,
    "gaze": GazeSpec,
}
_TOP_KEYS = {
    "name",
    "description",
    "tip",
    "rule",
    "light",
    "seed",
    "length_m",
    "endless",
    "difficulty",
    "order",
    "pace_mps",
    "shoes",
    "default_shoe",
    "medals",
    "rules",
    *_TABLES,
}


class _Checker:
    """Collects problems instead of stopping at the first one."""

    def __init__(self, path: str):
        self.path = path
        self.errors: list[LevelError] = []

    def fail(self, name: str, message: str) -> None:
        self.errors.append(LevelError(self.path, name, message))

    def text(self, data: dict, key: str, max_len: int) -> str:
        value = data.get(key)
        if value is None:
            self.fail(key, "missing")
        elif not isinstance(value, str):
            self.fail(key, f"must be text, not {_type_name(value)}")
        elif not value.strip():
            self.fail(key, "must not be empty")
        elif len(value) > max_len:
            self.fail(key, f"too long ({len(value)} characters, at most {max_len})")
        else:
            return value.strip()
        return ""

    def number(self, data: dict, key: str, name: str, lo: float, hi: float, default=None):
        value = data.get(key, default)
        if value is None:
            self.fail(name, "missing")
            return lo
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(name, f"must be a number, not {_type_name(value)}")
            return lo
        if isinstance(value, float) and not math.isfinite(value):  # an int is finite, however long
            self.fail(name, f"must be a finite number, not {value}")
            return lo
        if not lo <= value <= hi:
            self.fail(name, f"{_shown(value)} is out of range ({_fmt(lo)} to {_fmt(hi)})")
            return lo
        return float(value)

    def integer(self, data: dict, key: str, name: str, lo: int, hi: int, default=None) -> int:
        value = data.get(key, default)
        if value is None:
            self.fail(name, "missing")
            return lo
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(name, f"must be a whole number, not {_type_name(value)}")
            return lo
        if not lo <= value <= hi:
            self.fail(name, f"{_shown(value)} is out of range ({lo} to {hi})")
            return lo
        return value

    def unknown_keys(self, data: dict, allowed, prefix: str = "") -> None:
        for key in data:
            if key not in allowed:
                # A key with a newline or a control character must not break the one-line report.
                shown = key if key.isprintable() else repr(key)
                self.fail(f"{prefix}{shown}", "unknown key")

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(key, f"must be a table, not {_type_name(value)}")
            return {}
        return value


def _type_name(value: Any) -> str:
    return {
        bool: "true/false",
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def _shown(value: float) -> str:
    """A number as the file wrote it, unless it is too long for one line."""
    if isinstance(value, int) and abs(value) >= 10**15:
        return f"a {len(str(abs(value)))}-digit number"
    return str(value)


def _fmt(x: float) -> str:
    return f"{x:g}"


def _check_table(check: _Checker, data: dict, name: str):
    cls = _TABLES[name]
    raw = check.table(data, name)
    check.unknown_keys(raw, _RANGES[name], f"{name}.")
    values = {}
    for f in fields(cls):
        lo, hi = _RANGES[name][f.name]
        values[f.name] = check.number(raw, f.name, f"{name}.{f.name}", lo, hi, f.default)
    return cls(**values)


def _check_medals(check: _Checker, data: dict) -> Medals:
    raw = check.table(data, "medals")
    check.unknown_keys(raw, {"bronze", "silver", "gold", "par_factor"}, "medals.")
    values = [
        check.integer(raw, k, f"medals.{k}", 0, 10_000_000) for k in ("bronze", "silver", "gold")
    ]
    if not values[0] < values[1] < values[2] and not check.errors:
        check.fail("medals", "thresholds must rise: bronze < silver < gold")
    par = check.number(raw, "par_factor", "medals.par_factor", *PAR_FACTOR_RANGE, 1.0)
    return Medals(*values, par_factor=float(par))


def _check_shoes(check: _Checker, data: dict) -> tuple[tuple[str, ...], str]:
    shoes = data.get("shoes", list(SHOES))
    if not isinstance(shoes, list) or not shoes or not all(isinstance(s, str) for s in shoes):
        check.fail("shoes", f"must be a non-empty list of shoe names ({', '.join(SHOES)})")
        return tuple(SHOES), "trail"
    for shoe in shoes:
        if shoe not in SHOES:
            check.fail("shoes", f"unknown shoe {shoe!r} (known: {', '.join(SHOES)})")
    default = data.get("default_shoe", shoes[0])
    if not isinstance(default, str) or default not in shoes:
        check.fail("default_shoe", f"must be one of the level's shoes ({', '.join(shoes)})")
        default = shoes[0]
    return tuple(shoes), default


def _check_rules(check: _Checker, data: dict) -> Rules:
    raw = check.table(data, "rules")
    check.unknown_keys(raw, RULE_LIMITS, "rules.")
    overrides = {}
    for key in raw:
        if key in RULE_LIMITS:
            lo, hi = RULE_LIMITS[key]
            overrides[key] = check.number(raw, key, f"rules.{key}", lo, hi)
    rules = Rules(**overrides)
    for small, large in RULE_ORDER:
        if getattr(rules, small) >= getattr(rules, large) and (small in raw or large in raw):
            check.fail(f"rules.{small}", f"must be less than rules.{large}")
    return rules


def _check_run_time(check: _Checker, length_m: float | None, rules: Rules, pace: float) -> None:
    """The time limit of a run (a multiple of par time, the length at the level's
    pace) must stay under MAX_RUN_S."""
    longest = length_m if length_m is not None else MAX_ENDLESS_M
    limit_s = rules.time_limit_factor * longest / pace
    if limit_s > MAX_RUN_S:
        check.fail(
            "rules.time_limit_factor",
            f"a run could last {limit_s / 3600:.1f} h here (at most {MAX_RUN_S / 3600:g} h):"
            " lower it, or raise pace_mps",
        )


def _check_length(check: _Checker, data: dict) -> float | None:
    endless = data.get("endless", False)
    if not isinstance(endless, bool):
        check.fail("endless", f"must be true or false, not {_type_name(endless)}")
        endless = False
    if endless:
        if "length_m" in data:
            check.fail("length_m", "an endless level has no length")
        return None
    return check.number(data, "length_m", "length_m", *LENGTH_RANGE_M)


def parse_level(data: dict, path: str, level_id: str, content_hash: str = "") -> LevelSpec:
    """Check a parsed TOML table and build the level; raises LevelErrors."""
    check = _Checker(path)
    check.unknown_keys(data, _TOP_KEYS)
    name = check.text(data, "name", 60)
    description = check.text(data, "description", 400)
    tip = check.text(data, "tip", 300)
    rule = data.get("rule", "mixed")
    if rule not in COACHING_RULES:
        check.fail("rule", f"must be one of {', '.join(COACHING_RULES)}")
    light = data.get("light", "day")
    if light not in LIGHTS:
        check.fail("light", f"must be one of {', '.join(LIGHTS)}")
    seed = check.integer(data, "seed", "seed", 0, 2**31 - 1)
    length = _check_length(check, data)
    difficulty = check.integer(data, "difficulty", "difficulty", 1, 5, 1)
    order = check.integer(data, "order", "order", 0, 999, 999)
    pace = check.number(data, "pace_mps", "pace_mps", 1.5, 6.0, 3.0)
    shoes, default_shoe = _check_shoes(check, data)
    medals = _check_medals(check, data)
    tables = {name_: _check_table(check, data, name_) for name_ in _TABLES}
    trail, gaze = tables["trail"], tables["gaze"]
    if trail.width_min_m > trail.width_max_m:
        check.fail("trail.width_min_m", "must not exceed trail.width_max_m")
    if gaze.near_m >= gaze.far_m:
        check.fail("gaze.near_m", "must be nearer than gaze.far_m")
    if not gaze.min_near_m <= gaze.near_m or not gaze.far_m <= gaze.max_far_m:
        check.fail("gaze", "the band must lie within min_near_m and max_far_m")
    rules = _check_rules(check, data)
    if not check.errors:
        _check_run_time(check, length, rules, pace)
    if check.errors:
        raise LevelErrors(check.errors)
    return LevelSpec(
        id=level_id,
        name=name,
        description=description,
        tip=tip,
        rule=rule,
        light=light,
        seed=seed,
        length_m=length,
        difficulty=difficulty,
        order=order,
        pace_mps=pace,
        shoes=shoes,
        default_shoe=default_shoe,
        medals=medals,
        rules=rules,
        path=path,
        content_hash=content_hash,
        **tables,
    )


def load_level(path: str | Path) -> LevelSpec:
    """Read and check one level file; raises LevelErrors naming every problem."""
    path = Path(path)
    shown = str(path)

    def fail(field: str, message: str) -> LevelErrors:
        return LevelErrors([LevelError(shown, field, message)])

    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except FileProblem as exc:
        raise fail("file", str(exc)) from None
    if not raw.strip():
        raise fail("file", "is empty")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail("file", "is not UTF-8 text") from None
    except RecursionError:
        raise fail("toml", "nested too deeply") from None
    except ValueError as exc:  # TOMLDecodeError, or an integer of thousands of digits
        raise fail("toml", str(exc).split("\n")[0]) from None
    return parse_level(data, shown, path.stem, hashlib.sha256(raw).hexdigest())


def list_levels() -> list[LevelSpec]:
    """The shipped levels in campaign order."""
    levels = [load_level(p) for p in sorted(levels_dir().glob("*.toml"))]
    return sorted(levels, key=lambda lv: (lv.order, lv.id))


def shipped_hashes() -> dict[str, str]:
    """The id of every shipped level by the hash of its file's content: a run
    enters a shipped level's table only if it ran exactly that content."""
    return {lv.content_hash: lv.id for lv in list_levels()}


_LEVEL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")


def find_level(name: str) -> LevelSpec:
    """A level by id (a shipped level) or by path to a `.toml` file.

    A shipped id wins over a file or folder of the same name in the working
    folder; anything else is read as a path.
    """
    if _LEVEL_ID.fullmatch(name):
        shipped = levels_dir() / f"{name}.toml"
        if shipped.is_file():
            return load_level(shipped)
        if not _is_file(Path(name)):
            known = ", ".join(p.stem for p in sorted(levels_dir().glob("*.toml")))
            raise LevelErrors([LevelError(name, "level", f"no such level (known: {known})")])
    return load_level(name)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False

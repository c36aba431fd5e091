"""Player settings: controls, training speed, sound, palette, accessibility.

Saved as JSON in the player's folder (`TRAILREAD_HOME` overrides). A file that
can't be read is never overwritten: it is kept aside under a clear name, the
player is told in one line, and the defaults are used.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from game.files import FileProblem, keep_aside, read_capped
from game.paths import player_home
from game.ui.menukeys import MENU_KEY_NAMES
from game.ui.theme import PALETTES

SPEEDS = (0.5, 0.75, 1.0)
MAX_SETTINGS_BYTES = 64 * 1024
ZOOMS = (56, 64, 72, 84)
HUD_SCALES = (0.9, 1.0, 1.15, 1.3)

DEFAULT_KEYS = {
    "lane_far_left": "a",
    "lane_left": "s",
    "lane_centre": "d",
    "lane_right": "f",
    "lane_far_right": "g",
    "stride_long": "left shift",
    "stride_short": "left ctrl",
    "pace_up": "w",
    "pace_down": "x",
    "brake": "space",
    "lift": "e",
    "gaze_near": "q",
    "gaze_far": "r",
    "pause": "p",
}
ACTION_LABELS = {
    "lane_far_left": "Lane: far left",
    "lane_left": "Lane: left",
    "lane_centre": "Lane: centre",
    "lane_right": "Lane: right",
    "lane_far_right": "Lane: far right",
    "stride_long": "Long stride (hold)",
    "stride_short": "Short stride (hold)",
    "pace_up": "Pace up",
    "pace_down": "Pace down",
    "brake": "Brake (hold)",
    "lift": "Knee lift (hold)",
    "gaze_near": "Gaze nearer",
    "gaze_far": "Gaze further",
    "pause": "Pause",
}


@dataclass(frozen=True, slots=True)
class Settings:
    player: str = "Runner"
    speed: float = 1.0
    volume: float = 0.7
    muted: bool = False
    palette: str = "okabe-ito"
    reduced_flashing: bool = False
    coaching_hints: bool = True  # a word during the run when a fault keeps coming back
    hud_scale: float = 1.0
    zoom: int = 72
    tutorial_done: bool = False  # finished or skipped: the first start offers it, later ones don't
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    def checked(self) -> Settings:
        """The same settings with anything out of range or of the wrong type put back
        to its default: a hand-edited file can hold anything JSON can."""
        d = Settings()
        keys = self.keys if isinstance(self.keys, dict) else {}
        return replace(
            self,
            player=_player(self.player, d.player),
            speed=_one_of(self.speed, SPEEDS, d.speed),
            volume=_volume(self.volume, d.volume),
            muted=self.muted if isinstance(self.muted, bool) else d.muted,
            palette=_one_of(self.palette, tuple(PALETTES), d.palette),
            reduced_flashing=(
                self.reduced_flashing
                if isinstance(self.reduced_flashing, bool)
                else d.reduced_flashing
            ),
            coaching_hints=(
                self.coaching_hints if isinstance(self.coaching_hints, bool) else d.coaching_hints
            ),
            hud_scale=_one_of(self.hud_scale, HUD_SCALES, d.hud_scale),
            zoom=_one_of(self.zoom, ZOOMS, d.zoom),
            tutorial_done=self.tutorial_done is True,
            keys={**DEFAULT_KEYS, **{k: v for k, v in keys.items() if _key_name_ok(k, v)}},
        )


def _one_of(value, allowed: tuple, default):
    """`value` if it is one of `allowed` (and not a stray true/false), else the default."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return default
    return value if value in allowed else default


def _player(value, default: str) -> str:
    if not isinstance(value, str) or not value.strip() or not value.isprintable():
        return default
    return value.strip()[:24]


def _volume(value, default: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return default
    return min(1.0, max(0.0, float(value)))


def _key_name_ok(action, name) -> bool:
    """A binding the controls can look up: a known action, a short printable key name."""
    return (
        action in DEFAULT_KEYS
        and isinstance(name, str)
        and 0 < len(name) <= 20
        and name.isprintable()
        and name.lower() not in MENU_KEY_NAMES
    )


def settings_path() -> Path:
    return player_home() / "settings.json"


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """(settings, notice): notice is '' or one line telling the player what happened."""
    try:
        path = path or settings_path()
        raw = read_capped(path, MAX_SETTINGS_BYTES)
    except FileProblem as exc:
        if not path.exists():
            return Settings(), ""
        return _unreadable(path, str(exc))
    except OSError as exc:  # the data folder itself can't be used
        return Settings(), f"Settings can't be read ({exc}); defaults in use."
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a table")
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in data.items() if k in known}
        # A settings file from before the tutorial belongs to someone who has played.
        values.setdefault("tutorial_done", True)
        settings = Settings(**values).checked()
    except (ValueError, TypeError, RecursionError):  # UnicodeDecodeError is a ValueError
        return _unreadable(path, "unreadable")
    return settings, ""


def _unreadable(path: Path, why: str) -> tuple[Settings, str]:
    """Keep a bad file aside (never overwrite it); if even that fails, leave it be."""
    try:
        kept = keep_aside(path)
    except OSError:
        return (
            Settings(),
            f"Settings file {path.name} is {why} and could not be moved; defaults in use.",
        )
    return Settings(), f"Settings file was {why}; kept as {kept.name}, defaults in use."


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=1), encoding="utf-8")
    tmp.replace(path)

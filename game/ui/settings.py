"""Player settings: controls, training speed, sound, palette, accessibility.

Saved as JSON in the player's folder (`TRAILREAD_HOME` overrides). A file that
can't be read is never overwritten: it is kept aside under a clear name, the
player is told in one line, and the defaults are used.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

from game.paths import player_home
from game.ui.menukeys import MENU_KEY_NAMES
from game.ui.theme import PALETTES

SPEEDS = (0.5, 0.75, 1.0)
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
    hud_scale: float = 1.0
    zoom: int = 72
    tutorial_done: bool = False  # finished or skipped: the first start offers it, later ones don't
    keys: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KEYS))

    def checked(self) -> Settings:
        """The same settings with anything out of range put back to its default."""
        d = Settings()
        keys = {
            **DEFAULT_KEYS,
            **{
                k: v
                for k, v in self.keys.items()
                if k in DEFAULT_KEYS and isinstance(v, str) and v.lower() not in MENU_KEY_NAMES
            },
        }
        player = (
            self.player.strip()[:24]
            if isinstance(self.player, str) and self.player.strip()
            else d.player
        )
        return replace(
            self,
            player=player,
            speed=self.speed if self.speed in SPEEDS else d.speed,
            volume=min(1.0, max(0.0, float(self.volume))),
            palette=self.palette if self.palette in PALETTES else d.palette,
            hud_scale=self.hud_scale if self.hud_scale in HUD_SCALES else d.hud_scale,
            zoom=self.zoom if self.zoom in ZOOMS else d.zoom,
            tutorial_done=self.tutorial_done is True,
            keys=keys,
        )


def settings_path() -> Path:
    return player_home() / "settings.json"


def load_settings(path: Path | None = None) -> tuple[Settings, str]:
    """(settings, notice): notice is '' or one line telling the player what happened."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), ""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a table")
        known = {f.name for f in fields(Settings)}
        values = {k: v for k, v in data.items() if k in known}
        # A settings file from before the tutorial belongs to someone who has played.
        values.setdefault("tutorial_done", True)
        settings = Settings(**values).checked()
    except (ValueError, TypeError, UnicodeDecodeError, OSError):
        kept = _keep_aside(path)
        return Settings(), f"Settings file was unreadable; kept as {kept.name}, defaults in use."
    return settings, ""


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=1), encoding="utf-8")
    tmp.replace(path)


def _keep_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"settings.broken-{stamp}.json")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"settings.broken-{stamp}-{n}.json")
    path.rename(target)
    return target

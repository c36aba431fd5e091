"""Where the shipped data and the player's data live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

_PACKAGE_DIR = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """The shipped `levels` or `assets` folder, installed or in a source checkout.

    A wheel carries them inside the package (`game/data/NAME`); a source
    checkout or an editable install keeps them at the repository's top level.
    """
    packaged = _PACKAGE_DIR / "data" / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE_DIR.parent / name


def levels_dir() -> Path:
    return shipped_dir("levels")


def assets_dir() -> Path:
    return shipped_dir("assets")


class HomeError(OSError):
    """The player's data folder can't be used (TRAILREAD_HOME names a file, say)."""

    def __str__(self) -> str:
        return self.strerror


def player_home() -> Path:
    """The folder for the scores database, replays and settings.

    `TRAILREAD_HOME` overrides the platform's user data folder, so tests and
    coaches' laptops can keep several players apart.
    """
    override = os.environ.get("TRAILREAD_HOME")
    home = Path(override) if override else Path(platformdirs.user_data_dir("trailread", False))
    try:
        home.mkdir(parents=True, exist_ok=True)
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "Not a folder name"
        where = "TRAILREAD_HOME" if override else "the data folder"
        raise HomeError(0, f"{where} {home} can't be used: {why.lower()}") from None
    return home

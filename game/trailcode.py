"""Trail codes: a level and a seed in a few characters a coach can say out loud.

`D-2D-S` is level number 13 (the campaign order), seed 77, check letter S.
Crockford's base32 leaves out I, L, O and U, so nothing is misread; when typed
back, O reads as 0 and I or L as 1, case and spaces don't matter, and a check
letter catches a single typo.
"""

from __future__ import annotations

from game.levels import LevelSpec, list_levels

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ_AS = {"O": "0", "I": "1", "L": "1"}


class TrailCodeError(ValueError):
    """What is wrong with a typed code, in one line."""


def _encode(n: int) -> str:
    digits = ""
    while True:
        n, r = divmod(n, 32)
        digits = ALPHABET[r] + digits
        if n == 0:
            return digits


def _decode(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 32 + ALPHABET.index(ch)
    return n


def _check(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body.replace("-", "")))
    return ALPHABET[total % 31]


def trail_code(level: LevelSpec, seed: int) -> str:
    body = f"{_encode(level.order)}-{_encode(seed)}"
    return f"{body}-{_check(body)}"


def parse_trail_code(code: str, levels: list[LevelSpec] | None = None) -> tuple[LevelSpec, int]:
    """(level, seed) from a code as a person typed it; raises TrailCodeError."""
    text = "".join(_READ_AS.get(ch, ch) for ch in code.upper() if not ch.isspace())
    parts = text.split("-")
    if (
        len(parts) != 3
        or not all(parts)
        or any(ch not in ALPHABET for part in parts for ch in part)
    ):
        raise TrailCodeError("trail code: use the form shown in the game, like D-2D-S")
    level_part, seed_part, check = parts
    if len(seed_part) > 7 or len(level_part) > 2:
        raise TrailCodeError("trail code: too long to be a trail code")
    if _check(f"{level_part}-{seed_part}") != check:
        raise TrailCodeError("trail code: the last letter does not match (a typo?)")
    order = _decode(level_part)
    seed = _decode(seed_part)
    if seed >= 2**31:
        raise TrailCodeError("trail code: the seed is out of range")
    found = [lv for lv in (levels if levels is not None else list_levels()) if lv.order == order]
    if not found:
        raise TrailCodeError(f"trail code: no level number {order} in this game")
    return found[0], seed

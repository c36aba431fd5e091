"""Text from a file, made safe to print: nothing in it can drive the terminal.

A replay or a level file is written by someone else. Escape sequences in a
name could retitle the terminal, clear the screen or hide text; a bare
control character can do less, but still garbles the line. Whole escape
sequences are removed (not just their ESC, which leaves `[31m` behind); any
other control character is shown as a visible escape, like `\\x07`.
"""

from __future__ import annotations

import re
import unicodedata

# CSI (ESC [ or the one-byte 0x9B), OSC (ESC ] or 0x9D, up to BEL or ST),
# DCS/SOS/PM/APC strings, and two-character escapes.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x9d\x90\x98\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Direction overrides and isolates reorder what follows them on the line.
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def strip_escapes(text: str) -> str:
    """The text without terminal escape sequences (whole, parameters and all)."""
    return _ESCAPES.sub("", text)


def _shown(ch: str) -> str:
    if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
        code = ord(ch)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return ch


def printable(text: str) -> str:
    """One line of text that is safe to write to a terminal, whatever it came from."""
    return "".join(map(_shown, strip_escapes(str(text))))


def printable_lines(text: str) -> str:
    """Like `printable`, keeping the line breaks of a multi-line message."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


def safe_json(text: str) -> str:
    """JSON text with C1 controls, line separators, bidi controls and lone
    surrogates written as \\u escapes: the same document, safe on a terminal.

    (json.dumps escapes only C0 controls when ensure_ascii is off.) These
    characters can only occur inside JSON strings, where \\u escapes mean them.
    """
    return "".join(
        f"\\u{ord(ch):04x}"
        if ch in _BIDI
        or "\x7f" <= ch <= "\x9f"
        or ch in "\u2028\u2029"
        or "\ud800" <= ch <= "\udfff"
        else ch
        for ch in text
    )

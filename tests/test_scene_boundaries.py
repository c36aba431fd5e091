"""Scenes and drawing talk through public names: nothing in game/ui reaches into another
object's or module's private parts (`other._thing`); only `self._thing` is a scene's own."""

import re
from pathlib import Path

UI = Path(__file__).parent.parent / "game" / "ui"
REACH = re.compile(r"\b(?!self\b|cls\b)[A-Za-z_]\w*\._[a-z]\w*")


def test_no_ui_module_reaches_into_anothers_private_names():
    reaches = []
    for path in sorted(UI.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            reaches += [f"{path.name}:{number}: {m}" for m in REACH.findall(code)]
    assert reaches == []


def test_the_pattern_catches_a_reach_and_spares_a_scenes_own():
    assert REACH.findall("self.play._restart()") == ["play._restart"]
    assert REACH.findall("results.play._restart()") == ["play._restart"]
    assert REACH.findall("self._restart()") == []
    assert REACH.findall("theme._panel_surface(size)") == ["theme._panel_surface"]

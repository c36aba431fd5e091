"""The simulation is a layer of its own: pure Python, NumPy and noise, importing nothing of
the game above it (no pygame, no level files, no replay files, no paths)."""

import ast
import sys
from pathlib import Path

SIM = Path(__file__).parent.parent / "game" / "sim"
ALLOWED_OUTSIDE = {"numpy", "noise"}  # the trail's noise fields


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.add(node.module)
    return names


def foreign_imports(path: Path) -> list[str]:
    foreign = []
    for name in sorted(imported_modules(path)):
        top = name.split(".")[0]
        if name == "game.sim" or name.startswith("game.sim."):
            continue
        if top in sys.stdlib_module_names or top in ALLOWED_OUTSIDE or name == "__future__":
            continue
        foreign.append(f"{path.name}: {name}")
    return foreign


def test_the_simulation_imports_only_itself_the_standard_library_numpy_and_noise():
    files = sorted(SIM.glob("*.py"))
    assert len(files) > 10
    assert [f for path in files for f in foreign_imports(path)] == []


def test_the_check_sees_an_import_of_the_level_loader(tmp_path):
    module = tmp_path / "leaky.py"
    module.write_text("import json\nfrom game.levels import find_level\nimport pygame\n")
    assert foreign_imports(module) == ["leaky.py: game.levels", "leaky.py: pygame"]

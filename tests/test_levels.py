"""Level files: every shipped level loads, every broken one fails with one clean line each."""

import math
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.levels import LevelErrors, find_level, list_levels, load_level, parse_level
from game.paths import levels_dir

SHIPPED = sorted(levels_dir().glob("*.toml"))
WARM_UP = (levels_dir() / "warm-up.toml").read_text()
PAR_LINE = re.search(r"^par_factor = .*$", WARM_UP, flags=re.M).group(0)


def write(tmp_path: Path, text: str, name: str = "level.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(LevelErrors) as caught:
        load_level(path)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_level_loads_with_its_file_name_as_id(path):
    level = load_level(path)
    assert level.id == path.stem
    assert level.medals.bronze < level.medals.silver < level.medals.gold
    assert level.default_shoe in level.shoes


def test_levels_are_listed_in_campaign_order():
    orders = [lv.order for lv in list_levels()]
    assert orders == sorted(orders)
    assert len(orders) == len(SHIPPED)


def test_find_level_takes_an_id_or_a_path(tmp_path):
    assert find_level("warm-up").name == "Warm-Up Meadow"
    path = write(tmp_path, WARM_UP, "copy.toml")
    assert find_level(str(path)).id == "copy"


def test_unknown_level_names_the_known_ones():
    with pytest.raises(LevelErrors) as caught:
        find_level("no-such-trail")
    assert "warm-up" in str(caught.value)


def test_all_problems_of_a_file_are_reported_together(tmp_path):
    text = WARM_UP.replace("seed = 1101", 'seed = "soon"').replace(
        "rock_density = 0.04", "rock_density = 7.5"
    )
    text += "\nsparkle = true\n"
    lines = problems(write(tmp_path, text))
    assert any(line.endswith("seed: must be a whole number, not text") for line in lines)
    assert any("terrain.rock_density: 7.5 is out of range (0 to 1)" in line for line in lines)
    assert any(line.endswith("sparkle: unknown key") for line in lines)
    assert all(line.startswith(str(tmp_path)) for line in lines)


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        (
            ("rock_density = 0.04", "rock_density = nan"),
            "terrain.rock_density: must be a finite number, not nan",
        ),
        (
            ("rock_density = 0.04", "rock_density = inf"),
            "terrain.rock_density: must be a finite number, not inf",
        ),
        (("length_m = 400", "length_m = 5"), "length_m: 5 is out of range (50 to 20000)"),
        (("far_m = 6.0", "far_m = 2.0"), "gaze.near_m: must be nearer than gaze.far_m"),
        (
            ('default_shoe = "trail"', 'default_shoe = "clogs"'),
            "default_shoe: must be one of the level's shoes",
        ),
        (
            ('shoes = ["trail", "road", "mud", "rock"]', 'shoes = ["trail", "stilts"]'),
            "shoes: unknown shoe 'stilts'",
        ),
        (('name = "Warm-Up Meadow"', 'name = ""'), "name: must not be empty"),
        (
            ("difficulty = 1", "difficulty = true"),
            "difficulty: must be a whole number, not true/false",
        ),
        ((PAR_LINE, "par_factor = 9.5"), "medals.par_factor: 9.5 is out of range"),
        ((PAR_LINE, 'par_factor = "slow"'), "medals.par_factor: must be a number"),
    ],
)
def test_bad_values_are_named_by_field(tmp_path, replace, expected):
    text = WARM_UP.replace(*replace)
    assert text != WARM_UP
    lines = problems(write(tmp_path, text))
    assert any(expected in line for line in lines), lines


def test_medal_thresholds_must_rise(tmp_path):
    text = re.sub(r"gold = \d+", "gold = 100", WARM_UP)
    assert any(
        "medals: thresholds must rise: bronze < silver < gold" in line
        for line in problems(write(tmp_path, text))
    )


def test_a_table_given_as_a_number_is_named(tmp_path):
    text = "gradient = 3\n" + WARM_UP.replace("[gradient]", "[gradient_old]")
    lines = problems(write(tmp_path, text))
    assert any(line.endswith("gradient: must be a table, not a whole number") for line in lines)


def test_broken_toml_names_the_line(tmp_path):
    lines = problems(write(tmp_path, WARM_UP + "\n[terrain\n"))
    assert len(lines) == 1 and ": toml: " in lines[0] and "line" in lines[0]


def test_empty_binary_and_missing_files_fail_cleanly(tmp_path):
    empty = write(tmp_path, "   \n", "empty.toml")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(bytes(range(256)))
    assert problems(empty) == [f"{empty}: file: is empty"]
    assert problems(binary) == [f"{binary}: file: is not UTF-8 text"]
    assert problems(tmp_path / "gone.toml")[0].endswith("file: No such file or directory")


def test_a_key_with_a_newline_is_reported_on_one_line():
    with pytest.raises(LevelErrors) as caught:
        parse_level({"medals": {"\nsneaky": 1}}, "x.toml", "x")
    assert all("\n" not in str(e) for e in caught.value.errors)
    assert any("medals.'\\nsneaky': unknown key" in str(e) for e in caught.value.errors)


def test_rules_overrides_are_checked_and_applied(tmp_path):
    level = load_level(write(tmp_path, WARM_UP + "\n[rules]\ntrip_cost = 0.9\n"))
    assert level.rules.trip_cost == 0.9
    lines = problems(write(tmp_path, WARM_UP + "\n[rules]\nwarp_speed = 2.0\n"))
    assert lines == [f"{tmp_path / 'level.toml'}: rules.warp_speed: unknown key"]


def test_an_endless_level_has_no_length(tmp_path):
    text = WARM_UP.replace("length_m = 400", "endless = true")
    assert load_level(write(tmp_path, text)).endless
    lines = problems(
        write(tmp_path, text.replace("endless = true", "endless = true\nlength_m = 100"))
    )
    assert any("length_m: an endless level has no length" in line for line in lines)


BASE = tomllib.loads(WARM_UP)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.text(max_size=8), max_size=4),
    st.dictionaries(st.text(max_size=12), st.floats(allow_nan=True), max_size=3),
)


def mutate(base: dict, edits: list) -> dict:
    data = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for table, key, value in edits:
        target = data if table is None else data.setdefault(table, {})
        if not isinstance(target, dict):
            continue
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return data


tables = st.sampled_from([None, "trail", "terrain", "gradient", "gaze", "medals", "rules"])
keys = st.sampled_from(
    [
        "name",
        "seed",
        "length_m",
        "endless",
        "shoes",
        "rock_density",
        "near_m",
        "far_m",
        "gold",
        "bronze",
        "mean_pct",
        "width_min_m",
        "trip_cost",
        "surprise",
        "medals",
        "terrain",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(tables, keys, values), max_size=5))
def test_random_level_tables_load_or_fail_cleanly(edits):
    data = mutate(BASE, edits)
    try:
        level = parse_level(data, "random.toml", "random")
    except LevelErrors as exc:
        assert exc.errors
        for error in exc.errors:
            text = str(error)
            assert text.startswith("random.toml: ") and "\n" not in text
    else:
        assert 0.3 <= level.gaze.near_m < level.gaze.far_m <= 12
        assert all(math.isfinite(v) for v in (level.terrain.rock_density, level.gradient.mean_pct))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise_anything_but_level_errors(tmp_path_factory, blob):
    path = tmp_path_factory.mktemp("bytes") / "blob.toml"
    path.write_bytes(blob)
    try:
        load_level(path)
    except LevelErrors as exc:
        assert all(str(e).startswith(str(path)) for e in exc.errors)

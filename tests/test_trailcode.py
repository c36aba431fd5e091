"""Trail codes round-trip and bad codes get a clear message."""

import argparse
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.cli import build_parser, main
from game.levels import list_levels
from game.trailcode import TrailCodeError, parse_trail_code, trail_code

LEVELS = list_levels()


@given(st.sampled_from(LEVELS), st.integers(0, 2**31 - 1))
def test_codes_round_trip(level, seed):
    code = trail_code(level, seed)
    assert len(code) <= 13
    back, back_seed = parse_trail_code(code, LEVELS)
    assert (back.id, back_seed) == (level.id, seed)


def test_a_code_is_forgiving_to_type():
    level = next(lv for lv in LEVELS if lv.id == "rock-garden")
    code = trail_code(level, 3313)
    sloppy = " " + code.lower().replace("0", "o").replace("1", "l") + " "
    assert parse_trail_code(sloppy, LEVELS) == (level, 3313)


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "use the form"),
        ("hello", "use the form"),
        ("D-39H", "use the form"),
        ("D-39H-Ü", "use the form"),
        ("D-ZZZZZZZZ-0", "too long"),
        ("YY-1-5", "does not match"),
    ],
)
def test_bad_codes_are_named_clearly(code, message):
    with pytest.raises(TrailCodeError, match=message):
        parse_trail_code(code, LEVELS)


def test_a_typo_is_caught_by_the_check_letter():
    level = LEVELS[0]
    code = trail_code(level, 123456)
    body, check = code.rsplit("-", 1)
    typo = body[:-1] + ("A" if body[-1] != "A" else "B")
    with pytest.raises(TrailCodeError, match="does not match"):
        parse_trail_code(f"{typo}-{check}", LEVELS)


def test_an_unknown_level_number_is_named():
    from game.trailcode import _check

    body = "ZZ-1"
    with pytest.raises(TrailCodeError, match="no level number 1023"):
        parse_trail_code(f"{body}-{_check(body)}", LEVELS)


def test_the_command_line_prints_and_reads_codes(capsys):
    assert main(["code", "rock-garden", "--seed", "77"]) == 0
    code = capsys.readouterr().out.strip().split()[-1]
    assert main(["code", code]) == 0
    out = capsys.readouterr().out
    assert "rock-garden" in out and "seed 77" in out
    assert main(["code", "Q-Q-Q"]) == 2
    assert "does not match" in capsys.readouterr().err


# A code as the docs write one: a level part, a seed part and a check letter.
DOC_CODE = re.compile(r"(?<![\w-])[0-9A-Z]{1,2}-[0-9A-Z]{1,7}-[0-9A-Z](?![\w-])")


def _help_texts() -> dict[str, str]:
    parser = build_parser()
    texts = {"trailread --help": parser.format_help()}
    for action in parser._actions:  # argparse keeps its subcommands only here
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                texts[f"trailread {name} --help"] = sub.format_help()
    return texts


def test_every_trail_code_in_the_readme_and_the_help_texts_is_a_real_code():
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    sources = {"README.md": readme, **_help_texts()}
    found = {where: DOC_CODE.findall(text) for where, text in sources.items()}
    assert found["README.md"], "the README shows no trail code to check"
    assert found["trailread play --help"], "play --help shows no trail code to check"
    for where, codes in found.items():
        for code in codes:
            try:
                parse_trail_code(code, LEVELS)
            except TrailCodeError as exc:
                pytest.fail(f"{where}: {code}: {exc}")


def test_the_doc_code_pattern_finds_a_code_and_skips_seed_ranges_and_gaze_bands():
    text = "like D-2D-S, seeds 1-20, gaze=0.5-1.5, the band 3-6 m, `Z1-4-K`"
    assert DOC_CODE.findall(text) == ["D-2D-S", "Z1-4-K"]

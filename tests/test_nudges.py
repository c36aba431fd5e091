"""Live coaching: a fault that keeps coming back gets a short word naming the key that helps."""

import dataclasses

import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level
from game.sim.botspec import parse_bot_spec
from game.sim.events import StepEvent
from game.sim.judge import RECENT_STEPS, RECURS_ON, recurring_reason
from game.ui.app import FRAME_S
from game.ui.nudges import NUDGE_GAP_S, REPEAT_GAP_S, Body, Nudger, nudge_text
from game.ui.settings import DEFAULT_KEYS

RELAXED = Body(stride="natural", lifting=False, braking=False)


def step(*reasons: str) -> StepEvent:
    judgement = next((r for r in reasons if r in ("late", "reactive", "blind")), "planned")
    clean = not reasons
    return StepEvent(
        0, 1.0, 0.0, "L", judgement, clean, reasons, 1.0, 1.0, 170.0, 0, 0.0, 1.0, 0.0, 1.0
    )


def test_a_reason_recurs_on_three_of_the_last_eight_steps_and_not_before():
    assert RECENT_STEPS == 8 and RECURS_ON == 3
    twice = [step("overstride"), step(), step("overstride"), step()]
    assert recurring_reason(twice) == ""
    assert recurring_reason([*twice, step("overstride")]) == "overstride"
    # Eight clean steps since: it is history, not a habit.
    assert recurring_reason([*twice, step("overstride"), *[step()] * 8]) == ""


def test_the_most_frequent_reason_wins_and_a_fault_before_a_cost_on_a_tie():
    steps = [step("late"), step("wide step"), step("late"), step("wide step"), step("late")]
    assert recurring_reason(steps) == "late"
    tie = [step("late", "overstride"), step("late", "overstride"), step("late", "overstride")]
    assert recurring_reason(tie) == "overstride"


def test_a_nudge_names_the_players_own_key_and_what_they_are_not_yet_doing():
    keys = {**DEFAULT_KEYS, "stride_short": "left alt", "lift": "l"}
    assert "Left Alt" in nudge_text("overstride", RELAXED, keys)
    assert "L to lift" in nudge_text("not lifted", RELAXED, keys)
    # Already on short steps, or already lifting: the next thing to try.
    short = Body(stride="short", lifting=True, braking=False)
    assert "Left Alt" not in nudge_text("overstride", short, keys)
    assert "X" in nudge_text("overstride", short, keys)  # the pace-down key
    assert "steer around" in nudge_text("not lifted", short, keys)
    assert nudge_text("no such reason", RELAXED, keys) == ""


def test_nudges_are_spaced_out_and_the_same_one_is_not_repeated_soon():
    nudger = Nudger()
    overstriding = [step("overstride")] * 3
    late = [step("late")] * 3
    first = nudger.after_step(overstriding, 10.0, RELAXED, DEFAULT_KEYS)
    assert first.startswith("Reaching too far")
    assert nudger.after_step(late, 10.0 + NUDGE_GAP_S - 0.1, RELAXED, DEFAULT_KEYS) == ""
    assert nudger.after_step(late, 10.0 + NUDGE_GAP_S, RELAXED, DEFAULT_KEYS).startswith("Choosing")
    later = 10.0 + 2 * NUDGE_GAP_S
    assert nudger.after_step(overstriding, later, RELAXED, DEFAULT_KEYS) == ""
    assert nudger.after_step(overstriding, 10.0 + REPEAT_GAP_S, RELAXED, DEFAULT_KEYS) == first


def test_one_fall_is_enough_to_be_told_what_helps():
    nudger = Nudger()
    one_overstride = [step("overstride"), step(), step()]
    # One overstride, no fall: nothing recurs, nothing is said.
    assert nudger.after_step(one_overstride, 0.0, RELAXED, DEFAULT_KEYS) == ""
    assert nudger.after_step([step("late")] * 3, 1.0, RELAXED, DEFAULT_KEYS).startswith("Choosing")
    nudger.after_fall("overstride")
    # Not over the last nudge's gap: the fall waits its turn, and is not forgotten.
    assert nudger.after_step(one_overstride, 2.0, RELAXED, DEFAULT_KEYS) == ""
    told = nudger.after_step(one_overstride, 1.0 + NUDGE_GAP_S, RELAXED, DEFAULT_KEYS)
    assert told.startswith("Reaching too far")
    # Said once: the next clean steps bring nothing more.
    later = 1.0 + 2 * NUDGE_GAP_S
    assert nudger.after_step([step()] * 3, later, RELAXED, DEFAULT_KEYS) == ""


def banners(app, scene, seconds: float) -> list[str]:
    seen: list[str] = []
    for _ in range(round(seconds / FRAME_S)):
        app.frame(FRAME_S, [])
        text = scene.banner_text()
        if text and text not in seen:
            seen.append(text)
        if scene.run.done:
            break
    return seen


def test_blind_steps_at_the_start_leave_the_first_hint_on_screen(app):
    scene = start_play(app, find_level("warm-up"))
    assert scene.banner_text().startswith("Point ahead")
    seen = banners(app, scene, 3.5)  # no steering: every step lands blind
    assert recurring_reason(scene.run.steps) == "blind"
    assert not any(text.startswith("Feet landing unguided") for text in seen), seen


@pytest.mark.parametrize("level", ["loose-descent", "root-descent"])
def test_long_strides_down_a_descent_get_told_to_hold_the_short_stride_key(app, level):
    # Down Root Descent's steeper roots this habit falls before it recurs: the
    # fall itself brings the word.
    scene = start_play(app, find_level(level))
    app.frame(FRAME_S, [key(pygame.K_d), key(pygame.K_LSHIFT)])  # a lane, long strides
    seen = banners(app, scene, 20.0)
    assert any(text.startswith("Reaching too far") and "Left Ctrl" in text for text in seen), seen


@pytest.mark.parametrize("who", ["autopilot", "tutorial", "hints off"])
def test_no_nudges_for_a_bot_in_the_tutorial_or_with_hints_off(app, who):
    if who == "hints off":
        app.apply_settings(dataclasses.replace(app.settings, coaching_hints=False))
        scene = start_play(app, find_level("root-descent"))
        app.frame(FRAME_S, [key(pygame.K_d), key(pygame.K_LSHIFT)])
    elif who == "autopilot":
        spec = parse_bot_spec("gaze=3-6,stride=long")
        scene = start_play(app, find_level("root-descent"), autopilot=spec)
    else:
        from game.ui.scenes.tutorial import TutorialScene

        scene = TutorialScene(app)
        app.push(scene)
        app.frame(FRAME_S, [key(pygame.K_d), key(pygame.K_LSHIFT)])
    seen = banners(app, scene, 20.0)
    faults = [s.reasons for s in scene.run.steps]
    assert sum("overstride" in reasons for reasons in faults) >= RECURS_ON, faults
    assert not any(text.startswith("Reaching too far") for text in seen), seen


def test_a_hand_edited_settings_file_cannot_switch_hints_to_something_odd():
    from game.ui.settings import Settings

    assert Settings(coaching_hints="yes").checked().coaching_hints is True
    assert Settings(coaching_hints=False).checked().coaching_hints is False

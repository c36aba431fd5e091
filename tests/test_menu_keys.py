"""No key does two things: a play key pressed on any screen never restarts, quits, saves or watches."""

import dataclasses

import pygame
import pytest
from ui_driving import key, start_play

from game.levels import find_level
from game.replays import from_run
from game.ui.menukeys import MENU_KEY_NAMES
from game.ui.scenes.anticipation import AnticipationScene
from game.ui.scenes.coach import CoachScene
from game.ui.scenes.code import CodeScene
from game.ui.scenes.levelselect import LevelSelectScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.results import ResultsScene
from game.ui.scenes.scores import ScoresScene
from game.ui.scenes.settings import SettingsScene
from game.ui.scenes.shoes import ShoeScene
from game.ui.scenes.watch import WatchScene
from game.ui.settings import DEFAULT_KEYS, Settings

SHORT = dataclasses.replace(find_level("warm-up"), length_m=40.0)
# Every letter a menu has ever used as a shortcut, now on play actions.
REBOUND = {
    "lane_far_left": "c",
    "lane_left": "l",
    "lane_centre": "t",
    "lane_right": "i",
    "lane_far_right": "m",
    "pace_up": "r",
    "pace_down": "s",
    "brake": "w",
    "lift": "q",
    "gaze_near": "1",
    "gaze_far": "tab",
    "pause": "space",
    "stride_long": "v",
    "stride_short": "right ctrl",
}
STRIDE_MODS = (0, pygame.KMOD_LSHIFT, pygame.KMOD_LCTRL)


def play_presses(keys: dict[str, str]) -> list[pygame.event.Event]:
    """Every play binding pressed plain, with Shift and with Ctrl, and let go; the stride keys too."""
    events = []
    for name in [*keys.values(), "left shift", "left ctrl"]:
        code = pygame.key.key_code(name)
        char = name if len(name) == 1 else ""
        for mod in STRIDE_MODS:
            events.append(
                pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=char, scancode=0)
            )
        events.append(key(code, up=True))
    return events


def menu_state(app, home):
    """What a menu action would change: the screens, the app running, runs restarted, files."""
    plays = [s for s in app.scenes if isinstance(s, PlayScene)]
    files = sorted(str(p) for p in home.rglob("*") if p.is_file() and p.suffix != ".tmp")
    return [id(s) for s in app.scenes], app.running, [id(p.run) for p in plays], files


def finished_play(app) -> PlayScene:
    play = start_play(app, SHORT)
    while not play.finish_shown:
        app.frame(1 / 10, [])
    assert isinstance(app.top, ResultsScene)
    return play


def open_scene(app, name: str):
    """The screen `name`, on top of the menu, as a player reaches it."""
    if name == "menu":
        return app.top
    if name in ("play", "pause"):
        play = start_play(app, SHORT)
        if name == "pause":
            app.frame(0.0, [key(pygame.K_ESCAPE)])
            assert play.paused
        return play
    if name == "results":
        finished_play(app)
        return app.top
    if name == "watch":
        play = finished_play(app)
        app.push(WatchScene(app, from_run(play.run)))
        app.frame(0.0, [])
        return app.top
    scenes = {
        "level select": lambda: LevelSelectScene(app),
        "scores": lambda: ScoresScene(app),
        "settings": lambda: SettingsScene(app),
        "coach": lambda: CoachScene(app),
        "look-ahead test": lambda: AnticipationScene(app),
        "code entry": lambda: CodeScene(app),
        "shoes": lambda: ShoeScene(app, find_level("warm-up")),
    }
    scene = scenes[name]()
    app.push(scene)
    app.frame(0.0, [])
    return scene


SCENES = (
    "menu",
    "level select",
    "play",
    "pause",
    "results",
    "scores",
    "settings",
    "coach",
    "watch",
    "look-ahead test",
    "code entry",
    "shoes",
)


@pytest.mark.parametrize("bindings", ["default", "rebound"])
@pytest.mark.parametrize("name", SCENES)
def test_no_play_key_triggers_a_menu_action_on_any_screen(app, tmp_path, name, bindings):
    keys = DEFAULT_KEYS if bindings == "default" else REBOUND
    app.apply_settings(dataclasses.replace(app.settings, keys=dict(keys)))
    scene = open_scene(app, name)
    before = menu_state(app, tmp_path)
    for event in play_presses(keys):
        if name == "pause" and not scene.paused:
            app.frame(0.0, [key(pygame.K_ESCAPE)])  # the pause key itself resumes: pause again
        app.frame(1 / 60, [event])
        assert menu_state(app, tmp_path) == before, (name, pygame.key.name(event.key), event.mod)


@pytest.mark.parametrize("bindings", [DEFAULT_KEYS, REBOUND])
def test_the_pause_and_results_menus_show_no_letter_that_is_a_play_key(app, bindings):
    app.apply_settings(dataclasses.replace(app.settings, keys=dict(bindings)))
    play = finished_play(app)
    results = app.top
    bound = {name.upper() for name in bindings.values()}
    hints = [item.hint for item in play.pause_menu.items + results.actions.items]
    assert not bound & set(hints)
    # Each action is still there to choose with the arrows, Enter or the mouse.
    assert len(results.actions.items) == 5 and len(play.pause_menu.items) == 6


def test_the_results_menu_acts_on_the_arrows_and_enter(app, tmp_path):
    finished_play(app)
    results = app.top
    app.frame(0.0, [key(pygame.K_RIGHT), key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert results.saved_to and (tmp_path / "replays").exists()
    app.frame(0.0, [key(pygame.K_RIGHT), key(pygame.K_RETURN)])
    assert isinstance(app.top, WatchScene)


def test_the_pause_menus_free_letters_still_work(app):
    play = start_play(app, SHORT)
    first_run = play.run
    app.frame(0.0, [key(pygame.K_ESCAPE), key(pygame.K_c)])  # C: retry from the checkpoint
    assert play.run is not first_run


def test_settings_refuse_a_menu_key_for_a_play_action(app):
    scene = SettingsScene(app)
    app.push(scene)
    rows = [what for _, _, what in scene.rows()]
    for menu_key in (pygame.K_RETURN, pygame.K_UP, pygame.K_LEFT, pygame.K_KP_ENTER):
        scene.index = rows.index("key:lane_left")
        app.frame(0.0, [key(pygame.K_RETURN)])
        assert scene.waiting_for_key == "lane_left"
        app.frame(0.0, [key(menu_key)])
        assert scene.waiting_for_key is None
        assert app.settings.keys == DEFAULT_KEYS
        assert "belongs to the menus" in app.notices[-1]


def test_a_settings_file_with_a_menu_key_bound_falls_back_to_the_default():
    for name in MENU_KEY_NAMES:
        checked = Settings(keys={**DEFAULT_KEYS, "brake": name}).checked()
        assert checked.keys["brake"] == DEFAULT_KEYS["brake"]

"""The first-run tutorial, driven headless by synthetic pygame events: each lesson
advances only when the run shows it was done, any lesson can be skipped, and the
tutorial is offered on a first start only."""

import json

import pygame
import pytest
from ui_driving import key, skip_countdown

from game.campaign import campaign_levels
from game.levels import find_level
from game.tutorial import LESSONS, LEVEL_ID, Tutorial
from game.ui.app import FRAME_S, App
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import RESULTS_DELAY_S
from game.ui.scenes.scores import ScoresScene
from game.ui.scenes.tutorial import PAD_BACK, TutorialScene, offer_tutorial
from game.ui.settings import load_settings, settings_path

LESSON_FRAMES = 1500  # 25 s of the run: far more than any lesson needs when done


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAILREAD_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def tutorial(home):
    app = App((1280, 720))
    app.push(MenuScene(app))
    scene = TutorialScene(app)
    app.push(scene)
    app.frame(0.0, [])
    skip_countdown(app, scene)
    yield app, scene
    pygame.quit()


def motion(pos):
    return pygame.event.Event(pygame.MOUSEMOTION, pos=pos, rel=(0, 0), buttons=(0, 0, 0))


def point_ahead(scene, ahead_m: float) -> tuple[int, int]:
    """The screen spot over the trail's centre `ahead_m` in front of the runner."""
    s = scene.render_s
    y = round(scene.view.screen_y(s + ahead_m, s))
    return scene.view.rect.centerx, y


def pin_spot(scene) -> tuple[int, int]:
    """A spot the run would accept a pin at, well ahead of the feet."""
    rect = scene.view.rect
    for y in range(rect.top + 5, rect.bottom, 6):
        for x in range(rect.centerx - 100, rect.centerx + 100, 10):
            s, across = scene.view.to_trail((x, y), scene.render_s)
            if s > scene.run.state.s_m + 3 and not scene.run.pin_problem(s, across):
                return x, y
    raise AssertionError("nowhere to pin")


def frames_until(app, scene, lesson_index: int, limit: int = LESSON_FRAMES) -> int:
    for n in range(limit):
        if scene.tutorial.index >= lesson_index:
            return n
        app.frame(FRAME_S, [], draw=False)
    raise AssertionError(f"stuck in lesson {scene.tutorial.lesson.name}")


def do_lesson(app, scene, name: str) -> None:
    """What a player does for one lesson, as device events, until it counts."""
    target = scene.tutorial.index + 1
    if name == "steer":
        app.frame(FRAME_S, [motion(point_ahead(scene, 4.5))])
    elif name == "pin":
        spot = pin_spot(scene)
        click = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=spot, button=1)
        app.frame(FRAME_S, [motion(spot), click])
    elif name == "gaze":
        wheel = pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False)
        app.frame(FRAME_S, [wheel, key(pygame.K_q)])
    held = {
        "lane": pygame.K_d,
        "short": pygame.K_LCTRL,
        "lift": pygame.K_e,
        "brake": pygame.K_SPACE,
    }
    if name in held:
        app.frame(FRAME_S, [key(held[name])])
    frames_until(app, scene, target)
    if name in held:
        app.frame(FRAME_S, [key(held[name], up=True)])


def test_the_lessons_advance_one_by_one_as_each_is_done(tutorial):
    app, scene = tutorial
    seen = []
    for lesson in LESSONS:
        assert scene.tutorial.lesson == lesson
        do_lesson(app, scene, lesson.name)
        seen.append(scene.tutorial.index)
    assert seen == list(range(1, len(LESSONS) + 1))
    assert scene.tutorial.finished and not scene.tutorial.skipped
    assert scene.run.tick < 60 * 120  # done in well under the 90 s a person takes
    app.frame(FRAME_S, [key(pygame.K_RETURN)])
    assert isinstance(app.top, MenuScene)
    assert load_settings()[0].tutorial_done


def test_nothing_done_nothing_learnt(tutorial):
    """Running on without touching anything, or doing the wrong thing, does not advance."""
    app, scene = tutorial
    for _ in range(5 * 60):
        app.frame(FRAME_S, [], draw=False)
    assert scene.tutorial.index == 0 and scene.run.steps  # blind steps are not steering
    do_lesson(app, scene, "steer")
    app.frame(FRAME_S, [key(pygame.K_SPACE)])  # braking is no pin
    for _ in range(2 * 60):
        app.frame(FRAME_S, [], draw=False)
    assert scene.tutorial.lesson.name == "pin" and scene.tutorial.progress == 0


def test_a_refused_pin_is_not_a_pin():
    from game.sim.commands import Pin
    from game.sim.run import Run

    run = Run(find_level(LEVEL_ID))
    tutorial = Tutorial()
    tutorial.index = [lesson.name for lesson in LESSONS].index("pin")
    run.submit(Pin(0, 40.0, 0.0))  # in the fog, far past the band
    run.step()
    tutorial.update(run)
    assert tutorial.lesson.name == "pin"


SKIPS = ("escape", "pad", "button")


@pytest.mark.parametrize("at", range(len(LESSONS)), ids=[lesson.name for lesson in LESSONS])
def test_every_lesson_can_be_skipped(tutorial, at):
    app, scene = tutorial
    for lesson in LESSONS[:at]:
        do_lesson(app, scene, lesson.name)
    assert scene.tutorial.index == at
    app.frame(FRAME_S, [])  # drawn: the Skip button is where the screen shows it
    how = SKIPS[at % len(SKIPS)]
    if how == "escape":
        event = key(pygame.K_ESCAPE)
    elif how == "pad":
        event = pygame.event.Event(pygame.JOYBUTTONDOWN, button=PAD_BACK, instance_id=0)
    else:
        event = pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=scene.skip_rect.center, button=1)
    app.frame(FRAME_S, [event])
    assert isinstance(app.top, MenuScene)
    assert scene.tutorial.skipped
    assert json.loads(settings_path().read_text())["tutorial_done"] is True


def test_a_trail_run_out_starts_again_and_keeps_the_lesson(tutorial):
    app, scene = tutorial
    do_lesson(app, scene, "steer")
    first = scene.run
    first.stop("stopped")
    for _ in range(round(RESULTS_DELAY_S / FRAME_S) + 2):
        app.frame(FRAME_S, [], draw=False)
    assert app.top is scene and scene.run is not first
    assert scene.tutorial.lesson.name == "pin"


def test_offered_on_the_first_start_and_not_after(home):
    app = App()
    app.push(MenuScene(app))
    assert offer_tutorial(app)
    assert isinstance(app.top, TutorialScene)
    app.frame(0.0, [key(pygame.K_ESCAPE)])
    assert isinstance(app.top, MenuScene)
    pygame.quit()
    again = App()
    again.push(MenuScene(again))
    assert not offer_tutorial(again)
    assert isinstance(again.top, MenuScene)
    pygame.quit()


def test_a_player_from_before_the_tutorial_is_not_offered_it(home):
    settings_path().write_text(json.dumps({"player": "Ana"}), encoding="utf-8")
    settings, notice = load_settings()
    assert settings.tutorial_done and not notice


def test_the_menu_offers_it_any_time(home):
    settings_path().write_text(json.dumps({"tutorial_done": True}), encoding="utf-8")
    app = App()
    menu = MenuScene(app)
    app.push(menu)
    menu.open_tutorial()
    assert isinstance(app.top, TutorialScene)
    pygame.quit()


def test_its_trail_is_shipped_but_neither_campaign_nor_high_scores(home):
    level = find_level(LEVEL_ID)
    assert level.length_m and level.length_m <= 400
    assert LEVEL_ID not in {lv.id for lv in campaign_levels()}
    app = App()
    assert LEVEL_ID not in {lv.id for lv in ScoresScene(app).levels}
    pygame.quit()


@pytest.mark.parametrize("size", [(1280, 720), (800, 500)], ids=["1280x720", "800x500"])
def test_every_lesson_card_stays_clear_of_the_band_labels_the_legend_and_skip(home, size):
    app = App(size)
    app.push(MenuScene(app))
    scene = TutorialScene(app)
    app.push(scene)
    app.frame(0.0, [])
    skip_countdown(app, scene)
    view = scene.view.rect
    for lesson in (*LESSONS, None):
        app.frame(FRAME_S, [])
        card = scene.card_rect
        assert view.contains(card)
        # The band's edge tags sit at the view's right edge, GAZE at its left.
        assert card.left >= view.left + 60 and card.right <= view.right - 60
        assert not card.colliderect(scene.legend_rect)
        if lesson is not None:
            assert not card.colliderect(scene.skip_rect)
            assert scene.skip_rect.left >= view.left and scene.skip_rect.right <= view.right
            do_lesson(app, scene, lesson.name)
    assert scene.tutorial.finished
    pygame.quit()

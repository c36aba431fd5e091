"""Sound: made at start-up for the rate the mixer really runs at, silent when it cannot run."""

import numpy as np
import pygame
import pytest

from game.sim.rules import Surface
from game.ui.audio import Audio, synthesise


@pytest.fixture
def mixer():
    pygame.init()
    yield
    pygame.quit()


@pytest.mark.parametrize("rate", [22050, 44100, 48000])
def test_sounds_last_as_long_at_any_sample_rate(rate):
    sounds = synthesise(rate)
    assert len(sounds[f"step-{int(Surface.DIRT)}"]) == int(rate * 0.09)
    assert len(sounds["fall"]) == int(rate * 0.45)
    for wave in sounds.values():
        assert np.isfinite(wave).all() and np.abs(wave).max() < 4


def test_every_surface_has_its_own_footstep():
    sounds = synthesise(22050)
    steps = [sounds[f"step-{int(s)}"] for s in Surface]
    assert len({(len(w), round(float(np.abs(w).mean()), 4)) for w in steps}) == len(Surface)


def test_the_sounds_play_at_the_mixers_own_rate(mixer):
    audio = Audio(0.7, False)
    assert audio.available
    assert audio._sounds["fall"].get_length() == pytest.approx(0.45, abs=0.01)


class Recorder:
    def __init__(self, played):
        self.played = played

    def set_volume(self, volume):
        self.volume = volume

    def play(self):
        self.played.append(self.volume)


def test_muted_sound_stays_quiet(mixer):
    audio = Audio(0.7, True)
    played = []
    audio._sounds = {name: Recorder(played) for name in audio._sounds}
    audio.play("stumble")
    audio.step(int(Surface.MUD))
    assert played == []
    audio.muted = False
    audio.play("stumble")
    assert played == [pytest.approx(0.7)]


def test_no_sound_device_means_a_silent_game_not_a_crash(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    audio = Audio(0.7, False)
    assert not audio.available
    audio.play("fall")  # nothing happens, and nothing breaks
    audio.step(0)

"""Sound effects, synthesised with NumPy when the game starts (no files to licence).

Footsteps change with the surface; a stumble, a fall and the step judgements
have cues of their own. With no sound device the game runs silent.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.rules import Surface

RATE = 22050  # asked of the mixer; the sounds are made at whatever rate it opens with
DESIGN_RATE = 22050  # the rate the filter coefficients below were tuned at


def _envelope(n: int, rate: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / rate
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def _lowpass(signal: np.ndarray, keep: float, rate: int) -> np.ndarray:
    """A one-pole low-pass (`keep` near 1 is darker), as a convolution with its decay."""
    keep = keep ** (DESIGN_RATE / rate)  # the same cut-off at any sample rate
    taps = int(np.ceil(np.log(1e-4) / np.log(keep))) if keep > 0 else 1
    kernel = (1 - keep) * keep ** np.arange(max(1, taps))
    return np.convolve(signal, kernel)[: len(signal)]


def _step(rng, rate, ms, keep, decay, grain=0.0, tone=0.0) -> np.ndarray:
    n = int(rate * ms / 1000)
    noise = rng.uniform(-1, 1, n)
    body = _lowpass(noise, keep, rate) * 3.0
    if grain:
        body += grain * noise * (rng.random(n) > 0.92)
    if tone:
        t = np.arange(n) / rate
        body += 0.6 * np.sin(2 * np.pi * tone * t)
    return body * _envelope(n, rate, 0.003, decay)


def synthesise(rate: int = RATE) -> dict[str, np.ndarray]:
    """Every sound of the game as floats in about [-1, 1] at `rate` samples a second."""
    rng = np.random.default_rng(7)
    steps = {
        Surface.DIRT: _step(rng, rate, 90, 0.85, 0.025),
        Surface.GRASS: _step(rng, rate, 110, 0.6, 0.03),
        Surface.MUD: _step(rng, rate, 160, 0.93, 0.05, tone=70),
        Surface.ROOT: _step(rng, rate, 80, 0.7, 0.02, tone=180),
        Surface.WET_ROOT: _step(rng, rate, 90, 0.8, 0.025, tone=150),
        Surface.DRY_ROCK: _step(rng, rate, 60, 0.3, 0.012, tone=900),
        Surface.WET_ROCK: _step(rng, rate, 70, 0.35, 0.015, tone=700),
        Surface.SCREE: _step(rng, rate, 140, 0.5, 0.04, grain=0.8),
        Surface.SNOW: _step(rng, rate, 130, 0.55, 0.045, grain=0.4),
        Surface.WATER: _step(rng, rate, 200, 0.75, 0.08, grain=0.3),
    }
    t = np.arange(int(rate * 0.35)) / rate
    sounds = {f"step-{int(k)}": v for k, v in steps.items()}
    sounds["stumble"] = (
        0.5 * np.sin(2 * np.pi * (420 - 500 * t) * t) * _envelope(len(t), rate, 0.005, 0.12)
    )
    sounds["fall"] = _step(rng, rate, 450, 0.96, 0.15) * 1.6
    t2 = np.arange(int(rate * 0.08)) / rate
    blip = _envelope(len(t2), rate, 0.002, 0.03)
    sounds["planned"] = 0.25 * np.sin(2 * np.pi * 1320 * t2) * blip
    sounds["late"] = 0.25 * np.sin(2 * np.pi * 660 * t2) * blip
    sounds["reactive"] = 0.3 * np.sign(np.sin(2 * np.pi * 220 * t2)) * blip
    # The countdown: a beep for each of 3, 2, 1 and a higher, longer one at GO (as a race start).
    t3 = np.arange(int(rate * 0.3)) / rate
    sounds["count"] = 0.3 * np.sin(2 * np.pi * 880 * t2) * blip
    sounds["go"] = 0.3 * np.sin(2 * np.pi * 1760 * t3) * _envelope(len(t3), rate, 0.002, 0.12)
    return sounds


class Audio:
    def __init__(self, volume: float, muted: bool):
        self.volume = volume
        self.muted = muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            rate, _, channels = pygame.mixer.get_init()
            for name, wave in synthesise(rate).items():
                pcm = (np.clip(wave, -1, 1) * 20000).astype(np.int16)
                if channels > 1:
                    pcm = np.repeat(pcm[:, None], channels, axis=1)
                self._sounds[name] = pygame.sndarray.make_sound(np.ascontiguousarray(pcm))
        except (pygame.error, ValueError):
            self._sounds = {}  # no sound device: the game runs silent

    @property
    def available(self) -> bool:
        return bool(self._sounds)

    def play(self, name: str, loudness: float = 1.0) -> None:
        sound = self._sounds.get(name)
        if sound is None or self.muted or self.volume <= 0:
            return
        sound.set_volume(self.volume * loudness)
        sound.play()

    def step(self, surface: int) -> None:
        self.play(f"step-{surface}", 0.7)

"""Sound effects, synthesised with NumPy when the game starts (no files to licence).

Footsteps change with the surface; a stumble, a fall and the step judgements
have cues of their own. With no sound device the game runs silent.
"""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.rules import Surface

RATE = 22050


def _envelope(n: int, attack: float, decay: float) -> np.ndarray:
    t = np.arange(n) / RATE
    return np.minimum(1.0, t / max(attack, 1e-4)) * np.exp(-t / decay)


def _lowpass(signal: np.ndarray, keep: float) -> np.ndarray:
    """A one-pole low-pass; `keep` near 1 is darker."""
    out = np.empty_like(signal)
    acc = 0.0
    for i, v in enumerate(signal):
        acc = keep * acc + (1 - keep) * v
        out[i] = acc
    return out


def _step(rng, ms, keep, decay, grain=0.0, tone=0.0) -> np.ndarray:
    n = int(RATE * ms / 1000)
    noise = rng.uniform(-1, 1, n)
    body = _lowpass(noise, keep) * 3.0
    if grain:
        body += grain * noise * (rng.random(n) > 0.92)
    if tone:
        t = np.arange(n) / RATE
        body += 0.6 * np.sin(2 * np.pi * tone * t)
    return body * _envelope(n, 0.003, decay)


def _sounds() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(7)
    steps = {
        Surface.DIRT: _step(rng, 90, 0.85, 0.025),
        Surface.GRASS: _step(rng, 110, 0.6, 0.03),
        Surface.MUD: _step(rng, 160, 0.93, 0.05, tone=70),
        Surface.ROOT: _step(rng, 80, 0.7, 0.02, tone=180),
        Surface.WET_ROOT: _step(rng, 90, 0.8, 0.025, tone=150),
        Surface.DRY_ROCK: _step(rng, 60, 0.3, 0.012, tone=900),
        Surface.WET_ROCK: _step(rng, 70, 0.35, 0.015, tone=700),
        Surface.SCREE: _step(rng, 140, 0.5, 0.04, grain=0.8),
        Surface.SNOW: _step(rng, 130, 0.55, 0.045, grain=0.4),
        Surface.WATER: _step(rng, 200, 0.75, 0.08, grain=0.3),
    }
    t = np.arange(int(RATE * 0.35)) / RATE
    sounds = {f"step-{int(k)}": v for k, v in steps.items()}
    sounds["stumble"] = (
        0.5 * np.sin(2 * np.pi * (420 - 500 * t) * t) * _envelope(len(t), 0.005, 0.12)
    )
    sounds["fall"] = _step(rng, 450, 0.96, 0.15) * 1.6
    t2 = np.arange(int(RATE * 0.08)) / RATE
    sounds["planned"] = 0.25 * np.sin(2 * np.pi * 1320 * t2) * _envelope(len(t2), 0.002, 0.03)
    sounds["late"] = 0.25 * np.sin(2 * np.pi * 660 * t2) * _envelope(len(t2), 0.002, 0.03)
    sounds["reactive"] = (
        0.3 * np.sign(np.sin(2 * np.pi * 220 * t2)) * _envelope(len(t2), 0.002, 0.03)
    )
    return sounds


class Audio:
    def __init__(self, volume: float, muted: bool):
        self.volume = volume
        self.muted = muted
        self._sounds: dict[str, pygame.mixer.Sound] = {}
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=RATE, size=-16, channels=1)
            channels = pygame.mixer.get_init()[2]
            for name, wave in _sounds().items():
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

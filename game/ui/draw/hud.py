"""The heads-up display: what the runner's body and the run are doing, at a glance.

It draws the numbers the play scene hands it (`HudInfo`) and decides nothing.
Left: the run (score, flow, judgements, time, progress over the gradient
profile). Right: the body (pace, cadence against its target band, step
length, balance, stiffness, energy).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import pygame

from game.fmt import format_clock, format_pace
from game.ui import theme


@dataclass
class HudInfo:
    level_name: str
    time_s: float
    distance_m: float
    length_m: float | None
    score: float
    flow: float
    counts: dict[str, int]
    speed_mps: float
    cadence_spm: float
    cadence_band: tuple[float, float]
    usual_cadence: float
    step_m: float
    balance: float
    stiffness: float
    energy: float
    braking: bool
    lifting: bool
    next_medal: tuple[str, int] | None
    profile: list[tuple[float, float]] = field(default_factory=list)  # (s, elevation)
    scored: bool = True
    speed: float = 1.0
    gaze: tuple[float, float] = (3.0, 6.0)
    keys: list[str] = field(default_factory=list)  # the controls as bound, one line each
    last_step: object | None = None  # the latest StepEvent


def _meter(target, text, rect, label, value, good_high, detail="") -> int:
    """A labelled bar; returns the height it took."""
    k = text.scale
    text.draw(target, label, 20, (rect.x, rect.y), theme.INK_DIM)
    if detail:
        text.draw(target, detail, 20, (rect.right, rect.y), theme.INK, anchor="topright")
    bar = pygame.Rect(rect.x, rect.y + round(20 * k), rect.width, 12)
    pygame.draw.rect(target, (44, 50, 46), bar, border_radius=6)
    quality = value if good_high else 1.0 - value
    colour = theme.GOOD if quality > 0.6 else theme.WARN if quality > 0.3 else theme.BAD
    fill = bar.copy()
    fill.width = max(0, round(bar.width * min(1.0, max(0.0, value))))
    if fill.width:
        pygame.draw.rect(target, colour, fill, border_radius=6)
    return round(20 * k) + 26


def draw_run_panel(target, rect: pygame.Rect, info: HudInfo, palette, text, panel=True) -> None:
    """The run's numbers; `panel=False` when the panel behind them is already drawn."""
    if panel:
        theme.panel(target, rect)
    k = text.scale  # the HUD text size setting: lines move apart as the text grows
    x, y, w = rect.x + 18, rect.y + 16, rect.width - 36
    text.draw(target, info.level_name, 24, (x, y), theme.ACCENT, bold=True)
    y += round(34 * k)
    if info.scored:
        text.draw(target, "SCORE", 18, (x, y), theme.INK_DIM)
        flow_colour = theme.ACCENT if info.flow >= 2 else theme.INK
        text.draw(
            target,
            f"flow ×{info.flow:.1f}",
            22,
            (x + w, y),
            flow_colour,
            bold=True,
            anchor="topright",
        )
        text.draw(target, f"{info.score:,.0f}", 48, (x, y + round(14 * k)), theme.INK, bold=True)
        y += round(62 * k)
        if info.next_medal:
            name, points = info.next_medal
            text.draw(target, f"{name} at {points:,}", 18, (x, y), theme.MEDAL_COLOURS[name])
        y += round(28 * k)
    else:
        text.draw(target, "RELAXED RUN · no score", 20, (x, y), theme.INK_DIM)
        y += round(34 * k)
    for judgement in ("planned", "late", "reactive", "blind"):
        colour = getattr(palette, judgement)
        theme.judgement_symbol(target, judgement, (x + 8, y + round(9 * k)), 6, colour)
        text.draw(target, judgement, 22, (x + 24, y), theme.INK)
        text.draw(
            target, str(info.counts.get(judgement, 0)), 22, (x + w, y), theme.INK, anchor="topright"
        )
        y += round(26 * k)
    y += 10
    text.draw(target, "TIME", 18, (x, y), theme.INK_DIM)
    text.draw(target, format_clock(info.time_s), 34, (x, y + round(14 * k)), theme.INK, bold=True)
    if info.speed != 1.0:
        text.draw(
            target, f"training {info.speed:g}×", 18, (x + w, y), theme.WARN, anchor="topright"
        )
    y += round(52 * k)
    height = min(96, rect.bottom - 12 - y)
    if height > 50:
        _draw_progress(target, pygame.Rect(x, y, w, height), info, text)


def _draw_progress(target, rect: pygame.Rect, info: HudInfo, text) -> None:
    if info.length_m:
        label = f"{info.distance_m:,.0f} / {info.length_m:,.0f} m"
    else:
        label = f"{info.distance_m:,.0f} m"
    text.draw(target, "DISTANCE", 18, (rect.x, rect.y), theme.INK_DIM)
    text.draw(target, label, 22, (rect.right, rect.y), theme.INK, anchor="topright")
    chart = pygame.Rect(rect.x, rect.y + 24, rect.width, rect.height - 24)
    profile = tuple(info.profile)
    target.blit(_profile_chart(chart.size, profile), chart)
    if len(profile) < 2:
        return
    s0, s1 = profile[0][0], profile[-1][0]
    here = min(max(info.distance_m, s0), s1)
    z_here = profile[
        min(len(profile) - 1, int((here - s0) / max(s1 - s0, 1) * (len(profile) - 1)))
    ][1]
    x, y = _profile_point(chart.size, profile, here, z_here)
    pygame.draw.circle(target, theme.ACCENT, (chart.x + x, chart.y + y), 6)


CHART_KEY = (3, 254, 7)  # the transparent colour around the chart's rounded corners


@functools.lru_cache(maxsize=4)
def _profile_chart(size: tuple[int, int], profile: tuple) -> pygame.Surface:
    """The level's elevation profile, drawn once: only the dot on it moves."""
    sprite = pygame.Surface(size)
    sprite.fill(CHART_KEY)
    sprite.set_colorkey(CHART_KEY)
    chart = sprite.get_rect()
    pygame.draw.rect(sprite, (34, 40, 36), chart, border_radius=6)
    if len(profile) < 2:
        return sprite
    line = [_profile_point(size, profile, s, z) for s, z in profile]
    pygame.draw.polygon(
        sprite,
        (58, 72, 60),
        [*line, (line[-1][0], chart.bottom - 2), (line[0][0], chart.bottom - 2)],
    )
    pygame.draw.lines(sprite, (150, 180, 150), False, line, 2)
    return sprite


def _profile_point(size: tuple[int, int], profile: tuple, s: float, z: float):
    """Where (s, elevation) falls on a chart `size`, from its top left."""
    s0, s1 = profile[0][0], profile[-1][0]
    zs = [p[1] for p in profile]
    z0, span_z = min(zs), max(max(zs) - min(zs), 5.0)
    px = 4 + (s - s0) / max(s1 - s0, 1.0) * (size[0] - 8)
    py = size[1] - 6 - (z - z0) / span_z * (size[1] - 14)
    return px, py


def _last_step(target, rect: pygame.Rect, info: HudInfo, palette, text) -> int:
    """The latest step: its judgement (symbol and word), how far ahead it was chosen, why.

    Returns the height it took."""
    k = text.scale
    text.draw(target, "LAST STEP", 18, (rect.x, rect.y), theme.INK_DIM)
    step = info.last_step
    y = rect.y + round(20 * k)
    if step is None:
        text.draw(target, "—", 22, (rect.x, y), theme.INK_FAINT)
        return round(20 * k) + round(28 * k)
    theme.judgement_symbol(
        target, step.judgement, (rect.x + 8, y + round(12 * k)), 7, getattr(palette, step.judgement)
    )
    text.draw(target, step.judgement, 24, (rect.x + 24, y), theme.INK, bold=True)
    faults = [r for r in step.reasons if r not in ("late", "reactive", "blind")]
    if step.clean and not faults:
        text.draw(target, "clean", 20, (rect.right, y + 2), theme.GOOD, anchor="topright")
    y += round(28 * k)
    if step.lead_steps is not None:
        lead = f"chosen {step.lead_steps:.1f} steps ahead"
    else:
        lead = "no foothold was chosen"
    text.draw(target, lead, 18, (rect.x, y), theme.INK_DIM)
    y += round(22 * k)
    if faults:  # on a line of their own (kept even when empty, so nothing below jumps)
        text.draw(target, ", ".join(faults[:2]), 20, (rect.x, y), theme.WARN)
    return y + round(24 * k) - rect.y


def draw_body_panel(target, rect: pygame.Rect, info: HudInfo, text, palette, panel=True) -> None:
    """The body's numbers; `panel=False` when the panel behind them is already drawn."""
    if panel:
        theme.panel(target, rect)
    k = text.scale
    x, y, w = rect.x + 18, rect.y + 16, rect.width - 36
    text.draw(target, "PACE", 18, (x, y), theme.INK_DIM)
    pace_text = format_pace(info.speed_mps)
    text.draw(target, pace_text, 36, (x, y + round(14 * k)), theme.INK, bold=True)
    # What the body is doing on purpose, beside the pace it changes.
    tag_y = y
    for active, label in ((info.braking, "BRAKING"), (info.lifting, "KNEE LIFT")):
        if active:
            tag = text.render(label, 18, (20, 20, 20), bold=True)
            box = tag.get_rect(topright=(x + w, tag_y)).inflate(10, 4)
            pygame.draw.rect(
                target, theme.WARN if label == "BRAKING" else theme.GOOD, box, border_radius=6
            )
            target.blit(tag, tag.get_rect(center=box.center))
            tag_y = box.bottom + 4
    y += round(58 * k)
    text.draw(target, "CADENCE", 18, (x, y), theme.INK_DIM)
    text.draw(
        target,
        f"{info.cadence_spm:.0f} spm",
        26,
        (x + w, y - 2),
        theme.INK,
        bold=True,
        anchor="topright",
    )
    _cadence_bar(target, pygame.Rect(x, y + round(36 * k), w, 18), info, text)
    y += round(76 * k)
    text.draw(target, "STEP", 18, (x, y), theme.INK_DIM)
    text.draw(
        target, f"{info.step_m:.2f} m", 26, (x + w, y - 2), theme.INK, bold=True, anchor="topright"
    )
    y += round(36 * k)
    for label, value, good_high in (
        ("Balance", info.balance, True),
        ("Stiffness", info.stiffness, False),
        ("Energy", info.energy, True),
    ):
        y += _meter(
            target, text, pygame.Rect(x, y, w, 34), label, value, good_high, f"{value * 100:.0f}%"
        )
        y += 8
    y += 6
    band = text.draw(
        target,
        f"{info.gaze[0]:.1f}–{info.gaze[1]:.1f} m",
        26,
        (x + w, y - 2),
        theme.BAND_EDGE,
        bold=True,
        anchor="topright",
    )
    label = "GAZE BAND" if text.font(18).size("GAZE BAND ")[0] < band.x - x else "GAZE"
    text.draw(target, label, 18, (x, y), theme.INK_DIM)
    if info.step_m > 0.2:
        ahead = f"{info.gaze[0] / info.step_m:.1f}–{info.gaze[1] / info.step_m:.1f} steps ahead"
        text.draw(target, ahead, 18, (x + w, y + round(26 * k)), theme.INK_DIM, anchor="topright")
    y += round(56 * k)
    y += _last_step(target, pygame.Rect(x, y, w, 60), info, palette, text) + 10
    # The key reminders, at the bottom, only where they fit under everything else.
    line_h = round(21 * k)
    keys_y = rect.bottom - 18 - line_h * len(info.keys)
    if keys_y >= y:
        for line in info.keys:
            text.draw(target, line, 17, (rect.x + 18, keys_y), theme.INK_FAINT)
            keys_y += line_h


def _cadence_bar(target, rect: pygame.Rect, info: HudInfo, text) -> None:
    lo_spm, hi_spm = info.usual_cadence - 25, info.usual_cadence + 35
    pygame.draw.rect(target, (44, 50, 46), rect, border_radius=6)

    def at(spm):
        return rect.x + (min(max(spm, lo_spm), hi_spm) - lo_spm) / (hi_spm - lo_spm) * rect.width

    band = pygame.Rect(
        round(at(info.cadence_band[0])),
        rect.y,
        max(3, round(at(info.cadence_band[1]) - at(info.cadence_band[0]))),
        rect.height,
    )
    pygame.draw.rect(target, theme.GOOD, band, border_radius=3)
    usual = round(at(info.usual_cadence))
    pygame.draw.line(target, theme.INK_FAINT, (usual, rect.y), (usual, rect.bottom), 1)
    if info.cadence_spm > 0:
        mark = round(at(info.cadence_spm))
        pygame.draw.polygon(
            target,
            theme.INK,
            [(mark, rect.y - 1), (mark - 5, rect.y - 8), (mark + 5, rect.y - 8)],
        )
        pygame.draw.line(target, theme.INK, (mark, rect.y), (mark, rect.bottom - 1), 3)
    text.draw(target, "usual", 16, (usual - 3, rect.bottom + 2), theme.INK_FAINT, anchor="topright")
    text.draw(target, "+5–7", 16, (band.x + 2, rect.bottom + 2), theme.GOOD, anchor="topleft")


COMPACT_PANEL_H = 118  # the small window's corner panels, before the HUD text size


def draw_compact(target, view: pygame.Rect, info: HudInfo, palette, text) -> None:
    """A small window has no room for the side panels: the essentials in the bottom corners,
    over the woods on either side of the trail."""
    # The corner panels grow with the HUD text size, so nothing in them collides.
    k = max(1.0, text.scale)
    width, height = round(196 * k), round(COMPACT_PANEL_H * k)
    run = pygame.Rect(view.x + 10, view.bottom - 10 - height, width, height)
    theme.panel(target, run, alpha=215)
    x, y = run.x + 12, run.y + 8
    if info.scored:
        text.draw(target, f"{info.score:,.0f}", 36, (x, y), theme.INK, bold=True)
        text.draw(
            target,
            f"×{info.flow:.1f}",
            22,
            (run.right - 12, y + 6),
            theme.ACCENT,
            anchor="topright",
        )
    else:
        text.draw(target, "relaxed run", 22, (x, y + 6), theme.INK_DIM)
    y += round(36 * k)
    for i, judgement in enumerate(("planned", "late", "reactive", "blind")):
        cx = x + 8 + i * round(46 * k)
        theme.judgement_symbol(target, judgement, (cx, y + 10), 5, getattr(palette, judgement))
        text.draw(
            target, str(info.counts.get(judgement, 0)), 18, (cx + round(9 * k), y + 1), theme.INK
        )
    y += round(26 * k)
    text.draw(target, format_clock(info.time_s), 24, (x, y), theme.INK, bold=True)
    total = f" / {info.length_m:,.0f}" if info.length_m else ""
    text.draw(
        target,
        f"{info.distance_m:,.0f}{total} m",
        18,
        (run.right - 12, y + 4),
        theme.INK_DIM,
        anchor="topright",
    )
    body = pygame.Rect(view.right - 10 - width, view.bottom - 10 - height, width, height)
    theme.panel(target, body, alpha=215)
    x, y, w = body.x + 12, body.y + 8, body.width - 24
    pace = format_pace(info.speed_mps, "/km")
    text.draw(target, pace, 22, (x, y), theme.INK, bold=True)
    lo, hi = info.cadence_band
    in_band = lo - 1 <= info.cadence_spm <= hi + 1
    text.draw(
        target,
        f"{info.cadence_spm:.0f} spm",
        22,
        (x + w, y),
        theme.GOOD if in_band else theme.INK,
        bold=True,
        anchor="topright",
    )
    y += round(30 * k)
    for label, value, good_high in (
        ("balance", info.balance, True),
        ("stiffness", info.stiffness, False),
        ("energy", info.energy, True),
    ):
        text.draw(target, label, 16, (x, y), theme.INK_DIM)
        bar = pygame.Rect(x + round(72 * k), y + 4, w - round(72 * k), 9)
        pygame.draw.rect(target, (44, 50, 46), bar, border_radius=4)
        quality = value if good_high else 1.0 - value
        colour = theme.GOOD if quality > 0.6 else theme.WARN if quality > 0.3 else theme.BAD
        fill = bar.copy()
        fill.width = round(bar.width * min(1.0, max(0.0, value)))
        if fill.width:
            pygame.draw.rect(target, colour, fill, border_radius=4)
        y += round(24 * k)

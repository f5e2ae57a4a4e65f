"""The theme map: a run's findings laid out by similarity, as data for a server-drawn SVG.

Colour never carries meaning alone: neighbouring themes differ in shape as well as colour (the
shape changes with every theme, the colour too, so no two of the first twenty themes share
both), each theme's centre carries its number, findings in no theme are hollow, and a table
names each marker in words and lists the same figures (how many findings, where the theme's
centre sits) for people who cannot see the picture. Every colour reaches 3:1 against the white
map (WCAG 1.4.11), drawn solid: a see-through mark would be paler than its colour.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from discovery.themes.services import MapPoint

WIDTH, HEIGHT, PAD = 640, 440, 24
# GOV.UK colour palette, each at least 3:1 against white; the name is the key the page words.
COLOURS = (
    ("#1d70b8", "blue"),
    ("#d4351c", "red"),
    ("#00703c", "green"),
    ("#4c2c92", "purple"),
    ("#d53880", "pink"),
    ("#28a197", "turquoise"),
    ("#0b0c0c", "black"),
    ("#801650", "dark pink"),
    ("#b58840", "brown"),
    ("#912b88", "bright purple"),
)
SHAPES = ("circle", "square", "triangle", "diamond")
UNCLUSTERED_COLOUR = "#505a5f"  # GOV.UK dark grey, drawn as a hollow circle


@dataclass(frozen=True)
class Marker:
    x: float
    y: float
    colour: str
    shape: str
    number: int | None  # None for a finding in no theme, drawn hollow


@dataclass(frozen=True)
class LegendEntry:
    number: int
    label: str
    status: str
    colour: str
    colour_name: str
    shape: str
    count: int
    centre_x: float
    centre_y: float
    theme_id: uuid.UUID | None


@dataclass(frozen=True)
class ThemeMap:
    width: int
    height: int
    markers: list[Marker]
    legend: list[LegendEntry]
    unclustered: int

    @property
    def empty(self) -> bool:
        return not self.markers


def _place(value: float, size: int) -> float:
    return round(PAD + min(max(value, 0.0), 1.0) * (size - 2 * PAD), 1)


def _spread(points: list[MapPoint]) -> list[MapPoint]:
    """Stretch the middle 96% of findings over the whole map.

    A few findings unlike all the others (a theme in another language, say) would otherwise
    squeeze everything else into the centre; those few are drawn at the edge instead.
    """
    if len(points) < 10:
        return points
    import numpy as np

    xy = np.array([[p.x, p.y] for p in points])
    low, high = np.percentile(xy, 2, axis=0), np.percentile(xy, 98, axis=0)
    span = np.where(high - low > 1e-9, high - low, 1.0)
    scaled = np.clip((xy - low) / span, 0.0, 1.0)
    return [
        MapPoint(p.finding_id, float(x), float(y), p.theme_id, p.placement)
        for p, (x, y) in zip(points, scaled, strict=True)
    ]


def build(points: list[MapPoint], themes: dict) -> ThemeMap:
    """Markers and a legend, themes numbered by size (largest first)."""
    groups: dict[uuid.UUID, list[MapPoint]] = {}
    loose = []
    for point in _spread(points):
        theme = themes.get(point.theme_id) if point.theme_id else None
        if theme is None or point.placement == "unclustered":
            loose.append(point)
        else:
            groups.setdefault(theme.id, []).append(point)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), themes[item[0]].label_key))
    legend, style = [], {}
    for number, (theme_id, members) in enumerate(ordered, start=1):
        colour, colour_name = COLOURS[(number - 1) % len(COLOURS)]
        shape = SHAPES[(number - 1) % len(SHAPES)]
        style[theme_id] = (colour, shape, number)
        theme = themes[theme_id]
        legend.append(
            LegendEntry(
                number=number,
                label=theme.label,
                status=theme.status,
                colour=colour,
                colour_name=colour_name,
                shape=shape,
                count=len(members),
                centre_x=round(sum(p.x for p in members) / len(members), 2),
                centre_y=round(sum(p.y for p in members) / len(members), 2),
                theme_id=theme_id,
            )
        )
    markers = [
        Marker(_place(p.x, WIDTH), _place(1 - p.y, HEIGHT), UNCLUSTERED_COLOUR, "circle", None) for p in loose
    ]
    for theme_id, members in ordered:
        colour, shape, number = style[theme_id]
        markers += [
            Marker(_place(p.x, WIDTH), _place(1 - p.y, HEIGHT), colour, shape, number) for p in members
        ]
    return ThemeMap(WIDTH, HEIGHT, markers, legend, len(loose))

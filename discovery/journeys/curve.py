"""The emotion curve above a journey map: where each stage's feelings sit, as plain numbers.

Pure: it takes each stage's name and its thoughts entries' scores and gives back points to draw,
so the map page and the PDF draw the same curve from the same geometry. A stage with no scored
thoughts has no point, and the line breaks there rather than pretending to know.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean

LOWEST, HIGHEST = -2, 2


@dataclass(frozen=True)
class CurvePoint:
    """One stage on the curve; ``score`` is the mean of its thoughts' emotions, or None."""

    stage: str
    x: float
    score: float | None
    y: float | None
    words: str  # the nearest emotion in words, or the "no feelings recorded" words
    name_lines: tuple[str, ...] = ()  # the stage name broken to fit under its column


@dataclass(frozen=True)
class Curve:
    width: int
    height: int
    left: int  # where the plot starts, after the axis words
    points: tuple[CurvePoint, ...]
    lines: tuple[tuple[CurvePoint, ...], ...]  # runs of neighbouring scored stages
    levels: tuple[tuple[int, float, str], ...]  # (score, y, words) for the axis

    @property
    def has_scores(self) -> bool:
        return any(p.score is not None for p in self.points)


def mean_score(scores: Sequence[int]) -> float | None:
    return round(fmean(scores), 1) if scores else None


def nearest(score: float) -> int:
    """The emotion word a mean score reads as: half-way values go towards neutral."""
    whole = int(abs(score) + 0.5 - 1e-9) * (1 if score >= 0 else -1)
    return max(LOWEST, min(HIGHEST, whole))


def wrap(text: str, width: int, most: int = 2) -> tuple[str, ...]:
    """Break ``text`` into at most ``most`` lines of about ``width`` characters (the last may end "…")."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    if lines and len(lines[-1]) > width:
        lines[-1] = lines[-1][: width - 1].rstrip() + "…"
    return tuple(lines)


def build_curve(
    stages: Sequence[tuple[str, Sequence[int]]],
    words: Mapping[int, str],
    no_scores: str,
    *,
    column: int = 170,
    left: int = 130,
    height: int = 220,
    pad: int = 24,
) -> Curve:
    """Lay ``stages`` (name, emotion scores) out left to right, one column each.

    ``words`` names each score (−2…2); ``no_scores`` is said of a stage with no scored thoughts.
    """
    width = left + column * max(1, len(stages))

    def y_of(score: float) -> float:
        return round(pad + (HIGHEST - score) * (height - 2 * pad) / (HIGHEST - LOWEST), 1)

    points = []
    for index, (name, scores) in enumerate(stages):
        score = mean_score(scores)
        points.append(
            CurvePoint(
                stage=name,
                x=round(left + column * index + column / 2, 1),
                score=score,
                y=y_of(score) if score is not None else None,
                words=str(words[nearest(score)]) if score is not None else no_scores,
                name_lines=wrap(name, max(8, column // 8)),
            )
        )
    lines: list[tuple[CurvePoint, ...]] = []
    run: list[CurvePoint] = []
    for point in points:
        if point.score is None:
            if run:
                lines.append(tuple(run))
            run = []
        else:
            run.append(point)
    if run:
        lines.append(tuple(run))
    levels = tuple((s, y_of(s), str(words[s])) for s in range(HIGHEST, LOWEST - 1, -1))
    return Curve(width, height, left, tuple(points), tuple(lines), levels)

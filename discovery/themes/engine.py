"""The theme engine's arithmetic for one run, on plain data: texts and seeds in, groups out.

Kept apart from the database so the same steps serve the job, the benchmark and the tests, and
so a run's inputs (findings and their vectors, seeds, granularity, seed number) fully decide its
output. The job passes the findings' stored vectors (``research_notes.evidence.finding_vectors``);
without them the texts are embedded here.

Seeds pin findings: ``"theme:<id>"`` for members of an accepted theme, which never lose or gain
a member here (findings that fit one are only *offered* to it), and ``"tag:<id>"`` for findings
filed under a top-level tag when the squad asks to start from their codebook.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy comes with the nlp library, loaded only when a run starts
    import numpy as np


GRANULARITY = {"broad": 0.75, "default": 1.0, "fine": 1.5}
MIN_FINDINGS = 2


class NotEnoughFindings(ValueError):
    """Fewer than two findings: no theme can be made from one finding."""

    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


@dataclass(frozen=True)
class Group:
    """One theme of the run: pinned (``key`` set) or new; ``members`` index the run's findings."""

    index: int
    key: str | None
    label: str
    keywords: tuple[str, ...]
    key_phrases: tuple[str, ...]
    members: tuple[int, ...]
    representatives: tuple[int, ...]

    @property
    def pinned_theme(self) -> str | None:
        return self.key.removeprefix("theme:") if self.key and self.key.startswith("theme:") else None

    @property
    def seed_tag(self) -> str | None:
        return self.key.removeprefix("tag:") if self.key and self.key.startswith("tag:") else None


@dataclass
class EngineResult:
    labels: np.ndarray
    """Group index of each finding, or -1 (unclustered)."""
    groups: list[Group]
    similarity: np.ndarray
    xy: np.ndarray
    timings: dict[str, float] = field(default_factory=dict)
    quality: dict[str, float | int | None] = field(default_factory=dict)


Progress = Callable[[str, int], None]


def suggest(
    texts: Sequence[str],
    seeds: Sequence[str | None],
    *,
    granularity: str = "default",
    seed: int = 0,
    vectors: np.ndarray | None = None,
    embedder: str = "minilm",
    progress: Progress | None = None,
) -> EngineResult:
    """Cluster around the seeds, describe every group and place findings on a map.

    ``vectors`` (one unit row per text) are used as given; without them the texts are embedded
    with ``embedder``. Raises NotEnoughFindings for fewer than two texts, ValueError for an
    unknown granularity or vectors that do not match the texts.
    """
    from nlp.cluster import UNCLUSTERED, ThemeClusterer
    from nlp.embed import get_embedder
    from nlp.label import label_themes
    from nlp.project import project_2d

    if granularity not in GRANULARITY:
        raise ValueError(f"granularity must be one of {sorted(GRANULARITY)}, not {granularity!r}")
    if len(texts) < MIN_FINDINGS:
        raise NotEnoughFindings(len(texts))
    report = progress or (lambda _stage, _percent: None)
    timings: dict[str, float] = {}

    if vectors is None:
        report("embed", 15)
        started = time.perf_counter()
        vectors = get_embedder(embedder).embed(list(texts))
        timings["embed"] = time.perf_counter() - started
    elif len(vectors) != len(texts):
        raise ValueError(f"{len(vectors)} vectors for {len(texts)} findings")

    report("cluster", 40)
    started = time.perf_counter()
    clusterer = ThemeClusterer(
        granularity=GRANULARITY[granularity],
        random_state=seed,
    )
    clusterer.fit(vectors, seed_labels=list(seeds))
    labels = clusterer.labels_
    timings["cluster"] = time.perf_counter() - started

    report("describe", 65)
    started = time.perf_counter()
    described = label_themes(list(texts), labels, clusterer.embeddings_)
    groups = [
        Group(
            index=d.theme_id,
            key=clusterer.theme_keys_[d.theme_id],
            label=d.label,
            keywords=d.keywords,
            key_phrases=d.key_phrases,
            members=d.member_indices,
            representatives=d.representative_indices,
        )
        for d in described
    ]
    timings["describe"] = time.perf_counter() - started

    report("map", 80)
    started = time.perf_counter()
    xy = project_2d(clusterer.embeddings_, labels, random_state=seed)
    timings["map"] = time.perf_counter() - started

    members = labels != UNCLUSTERED
    quality = {
        "themes": int(clusterer.n_themes_),
        "unclustered": int((~members).sum()),
        "unclustered_share": round(float((~members).mean()), 4),
        "mean_similarity": round(float(clusterer.similarity_[members].mean()), 4) if members.any() else None,
        "graph_communities": clusterer.k_louvain_,
        "after_merging": clusterer.k_auto_,
    }
    return EngineResult(labels, groups, clusterer.similarity_, xy, timings, quality)

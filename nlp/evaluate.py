"""Score theme clustering and tag suggestion against a labelled CSV.

Usage::

    python -m nlp.evaluate --data FILE.csv [--text-col text] [--label-col label]
                           [--k auto|true] [--semi 0.2] [--seed 0] [--json]
                           [--subsample N [--classes C] --repeats R] [--cache FILE.npz]

Prints NMI, ARI, purity, the k chosen against the true k, the share left unclustered, time
and peak memory. Unclustered findings count as one extra cluster, so hiding hard findings
cannot inflate the scores. With ``--semi F`` it also keeps the labels of a stratified, seeded
fraction ``F`` of the rows, trains :class:`nlp.tags.TagSuggester` on them and reports top-1 and
top-3 accuracy on the rest, the expected calibration error of the top-1 confidence and the
share of findings it abstains on.

With ``--cache FILE.npz`` vectors are read from that :class:`nlp.embed.EmbeddingCache` file if
it exists and written back when anything new was embedded, so a repeated run (another
granularity, another seed) embeds nothing: MiniLM takes 30 s for 10,000 texts, the clustering
a few seconds.

With ``--subsample N --repeats R`` it scores ``R`` seeded random samples of ``N`` rows (with
``--classes C``: ``C`` random labels, then ``N`` rows spread evenly over them) and reports the
mean, min and max of k, NMI and ARI. The automatic k must not depend on how many findings
there are, and a held-out set is usually smaller than the development file.

Why report ARI and k next to NMI: NMI rises by splitting into more clusters, so NMI alone
rewards over-clustering.
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.metrics.cluster import contingency_matrix
from sklearn.model_selection import train_test_split

from nlp.cluster import ThemeClusterer
from nlp.embed import DEFAULT_EMBEDDER, Embedder, EmbeddingCache, get_embedder
from nlp.tags import TagSuggester, score_suggestions

__all__ = ["evaluate", "evaluate_subsamples", "load_csv", "main", "purity", "subsample"]


def load_csv(
    path: str | Path, text_col: str = "text", label_col: str = "label"
) -> tuple[list[str], list[str]]:
    """Texts and labels from a CSV, skipping rows where either is blank.

    Raises
    ------
    ValueError
        If the file lacks one of the columns or has no usable rows.
    """
    csv.field_size_limit(10_000_000)
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        cols = reader.fieldnames or []
        for col in (text_col, label_col):
            if col not in cols:
                raise ValueError(f"{path}: no column {col!r} (columns: {', '.join(cols)})")
        texts, labels = [], []
        for row in reader:
            t, y = (row.get(text_col) or "").strip(), (row.get(label_col) or "").strip()
            if t and y:
                texts.append(t)
                labels.append(y)
    if not texts:
        raise ValueError(f"{path}: no rows with both text and label")
    return texts, labels


def purity(y_true: Sequence[object], y_pred: Sequence[int]) -> float:
    """Share of findings whose cluster's majority label is their own label."""
    cm = contingency_matrix(y_true, y_pred)
    return float(cm.max(axis=0).sum() / cm.sum())


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def evaluate(
    texts: Sequence[str],
    labels: Sequence[str],
    k: str = "auto",
    semi: float | None = None,
    random_state: int = 0,
    granularity: float = 1.0,
    embedder: str | Embedder = DEFAULT_EMBEDDER,
    cache: EmbeddingCache | None = None,
) -> dict[str, float | int | None]:
    """Cluster ``texts`` and score against ``labels``; optionally score tag suggestion.

    ``embedder`` is an embedder, a name, or a local sentence-transformers model folder (see
    :func:`nlp.embed.get_embedder`). It is built once, and one cache (``cache``, or a new one)
    serves clustering and tag suggestion, so no text is embedded twice.

    Raises
    ------
    ValueError
        If ``k`` is not "auto"/"true", ``semi`` is not in (0, 1), or lengths differ.
    """
    if len(texts) != len(labels):
        raise ValueError("texts and labels differ in length")
    if k not in ("auto", "true"):
        raise ValueError("k must be 'auto' or 'true'")
    classes, y = np.unique(np.asarray(labels), return_inverse=True)
    k_true = int(classes.size)
    emb = get_embedder(embedder)
    cache = cache if cache is not None else EmbeddingCache()
    start = time.perf_counter()
    model = ThemeClusterer(
        n_themes="auto" if k == "auto" else k_true,
        granularity=granularity,
        embedder=emb,
        random_state=random_state,
    ).fit(list(texts), cache=cache)
    seconds = time.perf_counter() - start
    pred = model.labels_.copy()
    pred[pred < 0] = pred.max() + 1 if pred.size else 0
    result: dict[str, float | int | None] = {
        "n": len(texts),
        "nmi": round(float(normalized_mutual_info_score(y, pred)), 4),
        "ari": round(float(adjusted_rand_score(y, pred)), 4),
        "purity": round(purity(y, pred), 4),
        "k_true": k_true,
        "k_chosen": int(model.n_themes_),
        "k_ratio": round(model.n_themes_ / k_true, 3),
        "unclustered": round(float(np.mean(model.labels_ < 0)), 4),
        "seconds": round(seconds, 2),
        "top1": None,
        "top3": None,
        "calibration_error": None,
        "abstained": None,
    }
    if semi is not None:
        if not 0 < semi < 1:
            raise ValueError("semi must be a fraction in (0, 1)")
        idx = np.arange(len(texts))
        counts = np.bincount(y)
        strat = y if counts.min() >= 2 and semi * len(y) >= k_true else None
        known, hidden = train_test_split(idx, train_size=semi, stratify=strat, random_state=random_state)
        t0 = time.perf_counter()
        tagger = TagSuggester(embedder=emb, random_state=random_state).fit(
            [texts[i] for i in known], [labels[i] for i in known], cache=cache
        )
        hidden_texts = [texts[i] for i in hidden]
        hidden_tags = [labels[i] for i in hidden]
        result.update(_score_tags(tagger, hidden_texts, hidden_tags, cache))
        result["tag_seconds"] = round(time.perf_counter() - t0, 2)
    result["peak_rss_mb"] = round(_peak_rss_mb(), 1)
    return result


def _score_tags(
    tagger: TagSuggester, texts: list[str], tags: list[str], cache: EmbeddingCache
) -> dict[str, float | None]:
    """Top-1/top-3 accuracy, the expected calibration error of the top-1 confidence (10
    equal-width bins) and the share of findings given no suggestion."""
    scores = score_suggestions(tagger, texts, tags, cache=cache)
    return {k: round(float(scores[k]), 4) for k in ("top1", "top3", "calibration_error", "abstained")}


def subsample(
    labels: Sequence[str], size: int, random_state: int = 0, n_classes: int | None = None
) -> np.ndarray:
    """Sorted row indices of a seeded random sample of ``size`` rows.

    With ``n_classes``, first draws that many labels, then about ``size / n_classes`` rows of
    each (all of a label's rows if it has fewer), which mimics a test split of the same intents.

    Raises
    ------
    ValueError
        If ``size`` or ``n_classes`` is not positive or exceeds what the data holds.
    """
    y = np.asarray(labels)
    rng = np.random.RandomState(random_state)
    if size < 1 or size > y.size:
        raise ValueError(f"subsample size must be in 1..{y.size}, got {size}")
    if n_classes is None:
        return np.sort(rng.choice(y.size, size, replace=False))
    classes = np.unique(y)
    if not 1 <= n_classes <= classes.size:
        raise ValueError(f"classes must be in 1..{classes.size}, got {n_classes}")
    per = max(1, size // n_classes)
    picked = []
    for c in rng.choice(classes, n_classes, replace=False):
        rows = np.flatnonzero(y == c)
        picked.append(rng.choice(rows, min(per, rows.size), replace=False))
    return np.sort(np.concatenate(picked))


def evaluate_subsamples(
    texts: Sequence[str],
    labels: Sequence[str],
    size: int,
    repeats: int = 3,
    k: str = "auto",
    random_state: int = 0,
    granularity: float = 1.0,
    n_classes: int | None = None,
    embedder: str | Embedder = DEFAULT_EMBEDDER,
    cache: EmbeddingCache | None = None,
) -> dict[str, object]:
    """Score ``repeats`` seeded subsamples (see :func:`subsample`); mean/min/max per metric.

    Raises
    ------
    ValueError
        If ``repeats`` < 1, or as :func:`subsample` and :func:`evaluate`.
    """
    if repeats < 1:
        raise ValueError("repeats must be >= 1")
    emb = get_embedder(embedder)  # built once: a model folder is not reloaded per sample
    cache = cache if cache is not None else EmbeddingCache()  # shared: rows recur across samples
    runs = []
    for r in range(repeats):
        idx = subsample(labels, size, random_state + r, n_classes)
        runs.append(
            evaluate(
                [texts[i] for i in idx],
                [labels[i] for i in idx],
                k,
                None,
                random_state,
                granularity,
                emb,
                cache,
            )
        )
    summary: dict[str, object] = {"repeats": repeats, "size": size, "classes": n_classes}
    for key in ("n", "k_true", "k_chosen", "nmi", "ari", "unclustered", "seconds"):
        vals = np.array([float(run[key]) for run in runs])  # type: ignore[arg-type]
        summary[key] = {
            "mean": round(float(vals.mean()), 4),
            "min": round(float(vals.min()), 4),
            "max": round(float(vals.max()), 4),
        }
    ratio = np.array([float(run["k_chosen"]) / float(run["k_true"]) for run in runs])  # type: ignore[arg-type]
    summary["k_ratio"] = {
        "mean": round(float(ratio.mean()), 3),
        "min": round(float(ratio.min()), 3),
        "max": round(float(ratio.max()), 3),
    }
    summary["runs"] = runs
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m nlp.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="CSV file with a text and a label column")
    parser.add_argument("--text-col", default="text")
    parser.add_argument("--label-col", default="label")
    parser.add_argument("--k", default="auto", choices=["auto", "true"])
    parser.add_argument("--semi", type=float, default=None, help="fraction of labels kept")
    parser.add_argument("--granularity", type=float, default=1.0)
    parser.add_argument(
        "--embedder",
        default=DEFAULT_EMBEDDER,
        help="minilm (default), wordllama (fast), tfidf, combined, or a sentence-transformers folder",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--subsample", type=int, default=None, help="score random samples of N rows")
    parser.add_argument("--classes", type=int, default=None, help="with --subsample: C random labels")
    parser.add_argument("--repeats", type=int, default=3, help="with --subsample: how many samples")
    parser.add_argument(
        "--cache", default=None, help="EmbeddingCache .npz: read if it exists, written when it grew"
    )
    args = parser.parse_args(argv)
    try:
        texts, labels = load_csv(args.data, args.text_col, args.label_col)
        cache = (
            EmbeddingCache.load(args.cache) if args.cache and Path(args.cache).exists() else EmbeddingCache()
        )
        if args.subsample is not None:
            summary = evaluate_subsamples(
                texts,
                labels,
                args.subsample,
                args.repeats,
                args.k,
                args.seed,
                args.granularity,
                args.classes,
                args.embedder,
                cache,
            )
        else:
            result = evaluate(
                texts, labels, args.k, args.semi, args.seed, args.granularity, args.embedder, cache
            )
        if args.cache and cache.misses:
            cache.save(args.cache)
    except (OSError, ValueError, ImportError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.subsample is not None:
        if args.json:
            print(json.dumps(summary, sort_keys=True))
        else:
            print(f"data        {args.data}: {args.repeats} samples of {args.subsample} rows")
            for key in ("k_true", "k_chosen", "k_ratio", "nmi", "ari", "unclustered", "seconds"):
                st = summary[key]
                print(f"{key:<12}mean {st['mean']}  min {st['min']}  max {st['max']}")  # type: ignore[index]
        return 0
    if args.json:
        print(json.dumps(result, sort_keys=True))
    else:
        print(f"data        {args.data} ({result['n']} rows)")
        for key in (
            "nmi",
            "ari",
            "purity",
            "k_true",
            "k_chosen",
            "k_ratio",
            "unclustered",
            "seconds",
            "top1",
            "top3",
            "calibration_error",
            "abstained",
            "peak_rss_mb",
        ):
            if result.get(key) is not None:
                print(f"{key:<12}{result[key]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

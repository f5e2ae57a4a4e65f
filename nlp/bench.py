"""Time embed / cluster / label on generated findings of several sizes.

Usage::

    python -m nlp.bench [--embedder minilm|wordllama] [--sizes 1000,10000] [--batch-size 32]
                        [--seed 0] [--json]

For each size it prints: cold embedding (model loaded, no stored vectors) in seconds and
texts/s; clustering and labelling on those vectors as if stored (what a re-run costs once every
finding has its vector); and the peak RSS of each stage. The targets on two cores: 10,000
findings clustered and labelled from stored vectors in <= 10 s, cold MiniLM embedding >= 120
texts/s, and 100,000 cold findings within 2 GB peak RSS (``--sizes 100000``).

Findings are generated from interview-style templates across 40 service themes (waiting on
the phone, council tax, bins, blue badges…) with varied openings, fillers and service words,
so vocabulary and length look like real notes rather than random words. Peak RSS per stage is
read from ``/proc/self/status`` (VmHWM, reset before each stage through ``clear_refs``); where
that is not available it falls back to the process-lifetime peak.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections.abc import Sequence

from nlp.cluster import ThemeClusterer
from nlp.embed import Embedder, MiniLMEmbedder, WordLlamaEmbedder
from nlp.label import label_themes

__all__ = ["BENCH_EMBEDDERS", "DEFAULT_SIZES", "generate_findings", "main", "run"]

BENCH_EMBEDDERS = ("minilm", "wordllama")
DEFAULT_SIZES = {"minilm": "1000,10000", "wordllama": "1000,10000,100000"}
"""100,000 cold MiniLM texts take about 12 minutes on two cores: ask for them with ``--sizes``."""

_THEMES: list[tuple[str, list[str]]] = [
    (
        "phone",
        [
            "waited on hold for an hour",
            "nobody answered the phone",
            "the phone line kept cutting off",
            "got passed between departments on the phone",
        ],
    ),
    (
        "council tax",
        [
            "my council tax bill went up",
            "I didn't understand the council tax letter",
            "the council tax reduction form was confusing",
            "I got a council tax reminder I didn't expect",
        ],
    ),
    (
        "bins",
        [
            "the bins weren't collected",
            "the recycling collection day changed",
            "the garden waste bin costs too much",
            "the bin collection app was wrong",
        ],
    ),
    (
        "blue badge",
        [
            "the blue badge application took months",
            "I couldn't upload photos for the blue badge",
            "the blue badge renewal letter never came",
            "nobody explained blue badge eligibility",
        ],
    ),
    (
        "housing repairs",
        [
            "the damp in the flat was never fixed",
            "the repair appointment was cancelled twice",
            "the landlord ignored the mould",
            "the repairs team didn't turn up",
        ],
    ),
    (
        "benefits",
        [
            "my universal credit payment was late",
            "the benefits journal was hard to use",
            "I didn't know which benefits I could claim",
            "the work coach changed every month",
        ],
    ),
    (
        "online forms",
        [
            "the online form timed out",
            "I lost everything when the form crashed",
            "the website wouldn't accept my address",
            "I couldn't find the form on the website",
        ],
    ),
    (
        "letters",
        [
            "the letter was full of jargon",
            "the letters arrived after the deadline",
            "I needed the letter in large print",
            "I wanted letters in Welsh",
        ],
    ),
    (
        "parking",
        [
            "the parking permit cost doubled",
            "the resident parking zone is always full",
            "I got a parking fine outside my own house",
            "the parking app kept crashing",
        ],
    ),
    (
        "school places",
        [
            "we didn't get our first choice school",
            "the school admissions deadline was unclear",
            "the appeal process for school places was stressful",
            "school transport wasn't offered",
        ],
    ),
    (
        "social care",
        [
            "the care assessment took weeks",
            "the carers kept changing",
            "nobody told me about respite care",
            "the care package was cut without warning",
        ],
    ),
    (
        "GP appointments",
        [
            "I couldn't get a GP appointment",
            "the surgery phone lines open at 8 and are full by 8.05",
            "the online booking had no slots",
            "I saw a different doctor every time",
        ],
    ),
    (
        "libraries",
        [
            "the library opening hours were cut",
            "the library computers are always booked",
            "the mobile library stopped coming",
            "the library helped me apply online",
        ],
    ),
    (
        "accessibility",
        [
            "the building had no step-free access",
            "the website didn't work with my screen reader",
            "the hearing loop was broken",
            "there was no interpreter available",
        ],
    ),
    (
        "payments",
        [
            "I was charged twice for the same thing",
            "the direct debit failed without notice",
            "the refund took three months",
            "I couldn't pay by card over the phone",
        ],
    ),
    (
        "planning",
        [
            "the planning application portal is impossible",
            "nobody consulted us about the new development",
            "the planning decision took a year",
            "the planning documents were unreadable",
        ],
    ),
    (
        "roads",
        [
            "the pothole on our road has been there for years",
            "the streetlights are out",
            "the road works caused chaos",
            "reporting a pothole online didn't work",
        ],
    ),
    (
        "anti-social behaviour",
        [
            "the noise from next door goes on all night",
            "reporting anti-social behaviour felt pointless",
            "the police and council blamed each other",
            "nobody followed up my noise complaint",
        ],
    ),
    (
        "homelessness",
        [
            "we were placed in a hotel miles away",
            "the temporary accommodation had no cooking facilities",
            "the homeless team didn't return calls",
            "I didn't know I could ask for help before the eviction",
        ],
    ),
    (
        "digital skills",
        [
            "I don't have a computer at home",
            "my grandson has to do everything online for me",
            "the library course helped me get online",
            "I can't afford mobile data to fill in forms",
        ],
    ),
]
_OPENERS = [
    "",
    "Honestly, ",
    "To be fair, ",
    "The thing is, ",
    "Last winter ",
    "Every time, ",
    "Um, ",
    "Well, ",
    "For me ",
    "As a carer, ",
]
_ENDINGS = [
    "",
    " and it made me really anxious",
    " which was so frustrating",
    ", so I gave up",
    " and nobody seemed to care",
    ", I had to ask my daughter for help",
    " and it cost me money",
    ", it happened again last week",
    " so I rang again",
    " which is just how it is",
]
_EXTRA = [
    "I need someone to explain it",
    "I wish it was simpler",
    "it would help if they kept us updated",
    "it took weeks to sort out",
    "I had to take time off work",
    "",
]


def generate_findings(n: int, seed: int = 0) -> tuple[list[str], list[int]]:
    """``n`` interview-style findings and their generating theme (seeded, reproducible)."""
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data, not secrets
    texts: list[str] = []
    themes: list[int] = []
    for _ in range(n):
        t = rng.randrange(len(_THEMES))
        core = rng.choice(_THEMES[t][1])
        extra = rng.choice(_EXTRA)
        sentence = f"{rng.choice(_OPENERS)}{core}{rng.choice(_ENDINGS)}."
        if extra and rng.random() < 0.3:
            sentence += f" {extra[0].upper()}{extra[1:]}."
        texts.append(sentence[0].upper() + sentence[1:])
        themes.append(t)
    return texts, themes


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def _peak_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _embedder(name: str, batch_size: int | None = None) -> Embedder:
    kwargs = {} if batch_size is None else {"batch_size": batch_size}
    if name == "minilm":
        return MiniLMEmbedder(**kwargs)
    if name == "wordllama":
        return WordLlamaEmbedder(**kwargs)
    raise ValueError(f"unknown embedder {name!r}; use {' or '.join(BENCH_EMBEDDERS)}")


def run(
    sizes: Sequence[int], seed: int = 0, embedder: str = "minilm", batch_size: int | None = None
) -> list[dict[str, float | int | str]]:
    """Benchmark each size; one row per (size, stage) plus a total row.

    ``embed`` is cold embedding (the model loaded, no stored vectors) and carries ``texts_per_s``;
    ``cluster`` and ``label`` run on those vectors as if they had been stored; the ``total`` row
    carries ``stored_seconds`` (cluster + label: a re-run once every finding has its vector) and
    ``cold_seconds`` (embed + cluster + label: the first run of a job).
    """
    rows: list[dict[str, float | int | str]] = []
    model_embedder = _embedder(embedder, batch_size)
    model_embedder.embed(["warm up the model"])  # loads the model once, outside the timings
    for n in sizes:
        texts, _ = generate_findings(n, seed)
        _reset_peak()
        t0 = time.perf_counter()
        vectors = model_embedder.embed(texts)
        stages = [("embed", time.perf_counter() - t0, _peak_mb())]
        _reset_peak()
        t0 = time.perf_counter()
        model = ThemeClusterer(random_state=seed).fit(vectors)
        stages.append(("cluster", time.perf_counter() - t0, _peak_mb()))
        _reset_peak()
        t0 = time.perf_counter()
        label_themes(texts, model.labels_, model.embeddings_)
        stages.append(("label", time.perf_counter() - t0, _peak_mb()))
        for stage, secs, peak in stages:
            row: dict[str, float | int | str] = {
                "n": n,
                "stage": stage,
                "seconds": round(secs, 2),
                "peak_rss_mb": round(peak, 1),
            }
            if stage == "embed":
                row["texts_per_s"] = round(n / secs, 1) if secs > 0 else 0.0
            rows.append(row)
        stored = stages[1][1] + stages[2][1]
        rows.append(
            {
                "n": n,
                "stage": "total",
                "seconds": round(stored + stages[0][1], 2),
                "stored_seconds": round(stored, 2),
                "cold_seconds": round(stored + stages[0][1], 2),
                "peak_rss_mb": round(max(p for _, _, p in stages), 1),
                "themes": int(model.n_themes_),
                "embedder": model_embedder.name,
            }
        )
        del vectors, model
    return rows


def _print_table(rows: Sequence[dict[str, float | int | str]]) -> None:
    if rows:
        print(f"embedder: {rows[-1]['embedder']}")
    print(f"{'n':>8} {'stage':<8} {'seconds':>8} {'texts/s':>9} {'peak RSS MB':>12}")
    for r in rows:
        rate = r.get("texts_per_s", "")
        print(f"{r['n']:>8} {r['stage']:<8} {r['seconds']:>8} {rate:>9} {r['peak_rss_mb']:>12}")
        if r["stage"] == "total":
            print(
                f"{'':>8} stored vectors: cluster+label {r['stored_seconds']} s; "
                f"cold: embed+cluster+label {r['cold_seconds']} s; {r['themes']} themes"
            )


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m nlp.bench")
    parser.add_argument("--embedder", choices=BENCH_EMBEDDERS, default="minilm")
    parser.add_argument(
        "--sizes",
        default=None,
        help=f"comma-separated sizes (default: {DEFAULT_SIZES['minilm']} for minilm, "
        f"{DEFAULT_SIZES['wordllama']} for wordllama)",
    )
    parser.add_argument("--batch-size", type=int, default=None, help="the embedder's batch size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in (args.sizes or DEFAULT_SIZES[args.embedder]).split(",") if s.strip()]
        if not sizes or min(sizes) < 2:
            raise ValueError
    except ValueError:
        print("error: --sizes must be comma-separated integers >= 2", file=sys.stderr)
        return 2
    if args.batch_size is not None and args.batch_size < 1:
        print("error: --batch-size must be at least 1", file=sys.stderr)
        return 2
    rows = run(sizes, args.seed, args.embedder, args.batch_size)
    if args.json:
        print(json.dumps(rows))
    else:
        _print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

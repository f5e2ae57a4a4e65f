"""Score name finding (:func:`nlp.names.find_names`) against sentences labelled with names.

Usage::

    python -m nlp.names_eval --data FILE.jsonl [--model auto|yes|no] [--json]

Each line of the file is ``{"text": …, "names": [name, …], "known": [name, …]}``: the gold
names as they are written in the text (repeat a name that appears twice) and the known names
an importer would supply. The project's own labelled set lives with its tests:
``python -m tests.unit.nlp.name_sentences`` prints these figures for it.

Matching rule (token overlap, strict on recall):

* a gold name is **found** when every one of its words lies inside predicted name spans: a
  first name found with its surname missed is a miss, because the surname is left in the
  text for anyone to read;
* a predicted span is **correct** when at least one of its words lies inside a gold name;
  otherwise it is a false positive (a place, a service, a job title replaced for nothing).

Recall is found / gold names; precision is correct / predicted spans. Both are measured over
all sentences, so a sentence without names can only cost precision.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from nlp.names import KnownNames, find_names

__all__ = ["NameScores", "format_scores", "gold_spans", "main", "score_names"]

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@dataclass(frozen=True)
class NameScores:
    """Counts and rates of one run; ``misses`` and ``false_positives`` name the failures."""

    sentences: int
    gold: int
    found: int
    predicted: int
    correct: int
    seconds: float
    misses: tuple[str, ...]
    false_positives: tuple[str, ...]

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def gold_spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Offsets of each gold name, left to right; a repeated name takes its next occurrence.

    Raises
    ------
    ValueError
        If a name is not in the text (a labelling mistake).
    """
    spans = []
    searched_from: dict[str, int] = {}
    for name in names:
        start = text.find(name, searched_from.get(name, 0))
        if start < 0:
            raise ValueError(f"{name!r} is not in {text!r}")
        spans.append((start, start + len(name)))
        searched_from[name] = start + len(name)
    return spans


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _inside(word: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= word[0] and word[1] <= e for s, e in spans)


def _overlaps(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def score_names(
    rows: Iterable[tuple[str, Sequence[str], Sequence[str]]], *, model: str | bool = False
) -> NameScores:
    """Score :func:`nlp.names.find_names` on ``(text, gold names, known names)`` rows."""
    rows = list(rows)
    gold = found = predicted = correct = 0
    misses: list[str] = []
    false_positives: list[str] = []
    started = time.perf_counter()
    for text, names, known in rows:
        truth = gold_spans(text, names)
        mentions = find_names(text, KnownNames(known), model=model)
        spans = [(m.start, m.end) for m in mentions]
        for start, end in truth:
            gold += 1
            if all(_inside(word, spans) for word in _words(text, start, end)):
                found += 1
            else:
                misses.append(f"{text[start:end]!r} in {text!r}")
        for mention in mentions:
            predicted += 1
            words = _words(text, mention.start, mention.end) or [(mention.start, mention.end)]
            if any(_overlaps(word, truth) for word in words):
                correct += 1
            else:
                false_positives.append(f"{mention.text!r} in {text!r}")
    return NameScores(
        sentences=len(rows),
        gold=gold,
        found=found,
        predicted=predicted,
        correct=correct,
        seconds=time.perf_counter() - started,
        misses=tuple(misses),
        false_positives=tuple(false_positives),
    )


def format_scores(label: str, scores: NameScores, *, details: bool = True) -> str:
    lines = [
        f"{label}: recall {scores.recall:.3f} ({scores.found}/{scores.gold} names), "
        f"precision {scores.precision:.3f} ({scores.correct}/{scores.predicted} spans), "
        f"{scores.sentences} sentences in {scores.seconds:.2f} s"
    ]
    if details:
        lines += [f"  missed: {miss}" for miss in scores.misses]
        lines += [f"  not a name: {fp}" for fp in scores.false_positives]
    return "\n".join(lines)


def _read(path: str) -> list[tuple[str, list[str], list[str]]]:
    rows = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                item = json.loads(line)
                rows.append((item["text"], list(item.get("names", [])), list(item.get("known", []))))
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlp.names_eval", description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="JSON lines: text, names, known")
    parser.add_argument("--model", choices=["auto", "yes", "no"], default="no")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    model = {"auto": "auto", "yes": True, "no": False}[args.model]
    try:
        scores = score_names(_read(args.data), model=model)
    except (OSError, ValueError, KeyError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**asdict(scores), "recall": scores.recall, "precision": scores.precision}))
    else:
        print(format_scores("names", scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())

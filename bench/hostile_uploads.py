"""Seconds and peak memory of reading each hostile upload at full size (issue 8, defect 5).

Run from the repository root::

    .venv/bin/python bench/hostile_uploads.py

Each file of ``tests/unit/importers/hostile.py``'s corpus (full sizes: a .docx whose zip
headers lie, a 400 MB zip bomb, paragraph bombs, a billion-laughs document, 9.9 MB of one line
or of short lines, a million WebVTT cues…) is read by ``parse_transcript`` in a child process of
its own, so each peak RSS is that file's alone. Prints what happened (refused with which
message, or read), the seconds and the child's peak resident memory.
"""

from __future__ import annotations

import multiprocessing
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # the web form's default MAX_UPLOAD_MB


def _read(name: str, data: bytes, answer) -> None:
    from research_notes.importers import TranscriptError, parse_transcript

    started = time.perf_counter()
    try:
        parsed = parse_transcript(data, name, max_bytes=MAX_UPLOAD_BYTES)
        outcome = f"read: {len(parsed.utterances):,} utterances"
    except TranscriptError as error:
        outcome = f"refused: {str(error)[:70]}"
    seconds = time.perf_counter() - started
    answer.send((outcome, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def main() -> int:
    from tests.unit.importers.hostile import corpus

    context = multiprocessing.get_context("spawn")
    header = f"{'file':<26} {'bytes':>11} {'seconds':>8} {'peak MB':>8}  outcome"
    print(header)
    print("-" * len(header))
    slowest = peak = 0.0
    for hostile in corpus(full=True):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_read, args=(hostile.name, hostile.data, send))
        child.start()
        outcome, seconds, rss = receive.recv()
        child.join()
        slowest, peak = max(slowest, seconds), max(peak, rss)
        print(f"{hostile.name:<26} {len(hostile.data):>11,} {seconds:>8.3f} {rss:>8.0f}  {outcome}")
    print(f"\nslowest {slowest:.2f} s, highest peak RSS {peak:.0f} MB (a child starts at about 60 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

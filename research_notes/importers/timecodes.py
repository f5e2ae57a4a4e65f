"""Reading the times that transcription tools write: ``1:02:03``, ``12:30``, ``00:01:02.500``.

Tools disagree on the details — Teams' Word export writes ``0:0:3.190``, SRT uses a comma
before milliseconds, Otter drops the hours — so the cue pattern is lenient. The pattern for
times next to speaker names is stricter (two-digit seconds) to avoid reading "at 9:5" in
someone's notes as a time.
"""

from __future__ import annotations

import re

# Between speaker names: h:mm:ss, hh:mm:ss, m:ss, mm:ss, with optional .mmm or ,mmm.
SPEAKER_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
# In subtitle cue timings and Teams Word exports: also single-digit minutes and seconds.
CUE_TIME = r"(?:\d{1,3}:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,9})?"

_PARTS = re.compile(r"(?:(\d+):)?(\d+):(\d+)(?:[.,](\d+))?")


def parse_time(value: str) -> float | None:
    """Seconds from a time written as above, or ``None`` if it is not one.

    Fractions are read as decimals (``.5`` is half a second) and rounded to milliseconds.
    """
    match = _PARTS.fullmatch(value.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction[:3].ljust(3, "0")) / 1000
    return round(float(total), 3)

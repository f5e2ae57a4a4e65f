"""Time the transcript importers on a two-hour interview in every supported format.

Run from the repository root::

    .venv/bin/python bench/import_transcripts.py

It writes a fictional two-hour interview about adult social care (about 20,000 words, three
speakers) as plain text, Markdown, an Otter-style speaker transcript, Teams WebVTT, Zoom-style
SRT and a Teams Word document, then times ``parse_transcript`` end to end on each (best of
three) and prints a table. The target is under 2 seconds per file. Two hostile files follow:
a megabyte with no line breaks and a file of nothing but short speaker lines at the size limit.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from research_notes.importers import DEFAULT_MAX_BYTES, TranscriptError, parse_transcript  # noqa: E402

TARGET_SECONDS = 2.0
WORDS = 20_000
DURATION_SECONDS = 2 * 3600

RESEARCHER, CARER, SOCIAL_WORKER = "Rhian Evans", "Gareth Price", "Siân ap Dafydd"

QUESTIONS = [
    "Can you tell me a bit more about that?",
    "When did you first contact the council about support?",
    "How did you find out that a carer's assessment was something you could ask for?",
    "What happened when you phoned the contact centre?",
    "If you could change one thing about how you get help, what would it be?",
    "How do you usually find information about services for your mam?",
    "Did anyone explain what would happen after the assessment?",
    "How confident do you feel using the council website?",
]
ANSWERS = [
    "I rang the number on the website and waited forty minutes before it cut off.",
    "Nobody told me I was entitled to a carer's assessment until I was at breaking point.",
    "My mam doesn't use the internet at all, so everything goes through me.",
    "The form online asked for her NHS number and I didn't have it with me.",
    "I'd rather speak to someone, to be honest, but the lines are only open in the day.",
    "The carers' centre in Ebbw Vale were brilliant, they sorted the blue badge for us.",
    "I work shifts, so by the time I'm home the office is closed.",
    "We had a video carephone for a bit but nobody came to set it up properly.",
    "I found the leaflet in the GP surgery, not on the council website.",
    "It felt like I had to tell my story again every time I rang.",
    "My daughter helps with the emails because I'm not confident with computers.",
    "The mobile data costs a lot, so I only go online when I'm at the library.",
    "When the social worker came it was great, but it took three months to get a visit.",
    "I didn't know respite was something you could ask for.",
    "There's a lot of jargon in the letters, I didn't understand half of it.",
    "A text message to say where things were up to would have saved me so many calls.",
]
SOCIAL_WORKER_LINES = [
    "From our side, most referrals still come in by phone or from the hospital.",
    "We try to do assessments within four weeks, but the waiting list has grown.",
    "Carers often don't see themselves as carers, so they don't ask.",
    "The digital champions in the library have helped a few people with the forms.",
]


def interview(seed: int = 7) -> list[tuple[str, float, str]]:
    """About ``WORDS`` words of turns spread evenly over two hours."""
    rng = random.Random(seed)
    turns: list[tuple[str, str]] = []
    words = 0
    while words < WORDS:
        roll = rng.random()
        if roll < 0.35:
            speaker, text = RESEARCHER, " ".join(rng.sample(QUESTIONS, rng.randint(1, 2)))
        elif roll < 0.45:
            speaker, text = SOCIAL_WORKER, " ".join(rng.sample(SOCIAL_WORKER_LINES, 2))
        else:
            speaker, text = CARER, " ".join(rng.sample(ANSWERS, rng.randint(2, 6)))
        turns.append((speaker, text))
        words += len(text.split())
    seconds_per_word = DURATION_SECONDS / words
    timed, elapsed = [], 2.0
    for speaker, text in turns:
        timed.append((speaker, round(elapsed, 3), text))
        elapsed += len(text.split()) * seconds_per_word
    return timed


def hms(seconds: float, millis: str | None = None) -> str:
    whole = int(seconds)
    text = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    return text + f"{millis}{round((seconds - whole) * 1000) % 1000:03d}" if millis else text


def cues(turns, words_per_cue: int = 12):
    """Split each turn into caption-sized cues: (speaker, start, end, text)."""
    out = []
    for index, (speaker, start, text) in enumerate(turns):
        end_of_turn = turns[index + 1][1] if index + 1 < len(turns) else start + 5
        words = text.split()
        chunks = [words[i : i + words_per_cue] for i in range(0, len(words), words_per_cue)]
        step = (end_of_turn - start) / len(chunks)
        for n, chunk in enumerate(chunks):
            out.append((speaker, start + n * step, start + (n + 1) * step, " ".join(chunk)))
    return out


def as_text(turns) -> bytes:
    return "\n\n".join(text for _, _, text in turns).encode()


def as_markdown(turns) -> bytes:
    parts = ["# Carer interview 4 - Blaenau Gwent", "Notes typed up after the visit."]
    for index, (_, _, text) in enumerate(turns):
        if index % 25 == 0:
            parts.append(f"## Part {index // 25 + 1}")
        parts.append(text)
    return "\n\n".join(parts).encode()


def as_speaker_timestamp(turns) -> bytes:
    lines = ["Carer interview 4 - Blaenau Gwent", ""]
    for speaker, start, text in turns:
        lines += [f"{speaker} ({hms(start)}):", text, ""]
    return "\n".join(lines).encode()


def as_vtt(turns) -> bytes:
    lines = ["WEBVTT", ""]
    for index, (speaker, start, end, text) in enumerate(cues(turns)):
        lines += [
            f"6b1f3a52-0c1d-4e2f-8a9b-{index:012d}/{index}-0",
            f"{hms(start, '.')} --> {hms(end, '.')}",
            f"<v {speaker}>{text}</v>",
            "",
        ]
    return "\n".join(lines).encode("utf-8-sig")


def as_srt(turns) -> bytes:
    lines = []
    for index, (speaker, start, end, text) in enumerate(cues(turns), start=1):
        lines += [str(index), f"{hms(start, ',')} --> {hms(end, ',')}", f"{speaker}: {text}", ""]
    return "\r\n".join(lines).encode()


def as_docx(turns) -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Carer interview 4 - Blaenau Gwent", level=1)
    document.add_paragraph("3 March 2025, 10:02AM")
    document.add_paragraph("2h 0m 5s")
    for speaker, start, text in turns:
        whole = int(start)
        hours, rest = divmod(whole, 3600)
        stamp = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
        document.add_paragraph(f"{speaker}   {stamp}")
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_files(turns) -> list[tuple[str, bytes]]:
    """The interview in every format an import accepts, as (file name, bytes)."""
    return [
        ("interview.txt", as_text(turns)),
        ("interview.md", as_markdown(turns)),
        ("interview-otter.txt", as_speaker_timestamp(turns)),
        ("interview-teams.vtt", as_vtt(turns)),
        ("interview-zoom.srt", as_srt(turns)),
        ("interview-teams.docx", as_docx(turns)),
    ]


def hostile_one_line() -> bytes:
    return ("Jane Smith (00:00:01) " + "a: (1:2:3 [ <v " * 70_000).encode()[: 1024 * 1024]


def hostile_speaker_lines() -> bytes:
    line = b"P07: a\n[00:00:01]\n"
    return line * (DEFAULT_MAX_BYTES // len(line))


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def main() -> int:
    turns = interview()
    words = sum(len(text.split()) for _, _, text in turns)
    print(f"Interview: {len(turns)} turns, {words} words, {turns[-1][1] / 3600:.2f} hours\n")
    files = sample_files(turns)
    hostile = [
        ("hostile-one-line.txt", hostile_one_line()),
        ("hostile-speaker-lines.txt", hostile_speaker_lines()),
    ]
    header = f"{'file':<27} {'format':<18} {'bytes':>9} {'utterances':>10} {'seconds':>8}"
    print(header)
    print("-" * len(header))
    slowest = 0.0
    for name, data in files:
        seconds = report(name, data)
        slowest = max(slowest, seconds)
    print("\nHostile files (not part of the target; they show reading stays linear):")
    for name, data in hostile:
        report(name, data)
    verdict = "within" if slowest < TARGET_SECONDS else "OVER"
    print(f"\nSlowest interview file: {slowest:.3f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")
    return 0 if slowest < TARGET_SECONDS else 1


def report(name: str, data: bytes) -> float:
    """One row; a file the importer refuses (a hostile one past its limits) says so instead."""
    try:
        seconds, parsed = best_of(3, lambda: parse_transcript(data, name))
    except TranscriptError as error:
        started = time.perf_counter()
        with contextlib.suppress(TranscriptError):
            parse_transcript(data, name)
        seconds = time.perf_counter() - started
        print(f"{name:<27} {'refused':<18} {len(data):>9,} {'':>10} {seconds:>8.3f}  {str(error)[:60]}")
        return seconds
    print(f"{name:<27} {parsed.format:<18} {len(data):>9,} {len(parsed.utterances):>10,} {seconds:>8.3f}")
    return seconds


if __name__ == "__main__":
    raise SystemExit(main())

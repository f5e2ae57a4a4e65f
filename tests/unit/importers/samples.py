"""Realistic transcripts for the importer tests, built in code.

The interviews are fictional: a discovery into how people in Wales find out about and get
adult social care. Rhian Evans is a researcher from Torfaen; Gareth Price is an unpaid carer
for his mother in Blaenau Gwent; Siân ap Dafydd is a social worker in Neath Port Talbot.

`check` asserts the promises every parsed transcript makes, whichever format it came from.
"""

from __future__ import annotations

import io

from research_notes.importers import FORMATS, ParsedTranscript, render_body

RESEARCHER = "Rhian Evans"
CARER = "Gareth Price"
SOCIAL_WORKER = "Siân ap Dafydd"

# (speaker, start seconds, what they said) — one interview, told in every format below.
INTERVIEW: tuple[tuple[str, float, str], ...] = (
    (RESEARCHER, 3.2, "Thanks for making the time, Gareth. Could you start by telling me a bit "
                      "about who you care for?"),
    (CARER, 11.84, "Yeah, it's my mam. She's eighty-three, she had a fall in January and since "
                   "then I've been going round every morning and every evening."),
    (RESEARCHER, 27.5, "And when did you first get in touch with the council about support?"),
    (CARER, 33.0, "I rang the number on the website in February. I was in the phone queue for "
                  "forty minutes, then it cut off. I tried again the next day."),
    (CARER, 48.25, "Nobody told me I could ask for a carer's assessment. I found that out from "
                   "a leaflet in the GP surgery."),
    (RESEARCHER, 61.0, "What would have helped at that point?"),
    (CARER, 64.7, "Someone ringing me back, honestly. Or a form I could fill in at night when "
                  "mam's asleep. I'm not great with computers but I can do a form."),
    (RESEARCHER, 3725.0, "That's really useful. Is there anything else you'd like to tell us?"),
    (CARER, 3731.4, "Just that carers need to know what they're entitled to before they hit "
                    "crisis point."),
)  # fmt: skip


def hms(seconds: float, *, millis: bool = False, sep: str = ".") -> str:
    whole = int(seconds)
    text = f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
    if millis:
        text += f"{sep}{round((seconds - whole) * 1000):03d}"
    return text


def otter_txt() -> str:
    """Otter-style export: ``Name (hh:mm:ss):`` on its own line, then the speech."""
    lines = ["Carer interview 4 - Blaenau Gwent", ""]
    for speaker, start, text in INTERVIEW:
        lines += [f"{speaker} ({hms(start)}):", text, ""]
    return "\n".join(lines)


def otter_wrapped_txt() -> str:
    """Name and bare m:ss time on one line, speech hard-wrapped over several lines."""
    out = []
    for speaker, start, text in INTERVIEW:
        minutes, seconds = divmod(int(start), 60)
        out.append(f"{speaker}  {minutes}:{seconds:02d}")
        words = text.split()
        out += [" ".join(words[i : i + 8]) for i in range(0, len(words), 8)]
        out.append("")
    return "\n".join(out)


def teams_vtt() -> str:
    """Teams WebVTT: cue identifiers, ``<v Name>`` voice tags, cues split mid-sentence."""
    out = ["WEBVTT", ""]
    for index, (speaker, start, text) in enumerate(INTERVIEW):
        words = text.split()
        half = len(words) // 2
        for part, (a, b) in enumerate(((0, half), (half, len(words)))):
            begin = start + part * 2.0
            out += [
                f"3f1c0e2a-5b7d-4c1e-9a5e-{index:04d}{part:08d}/{index * 2 + part}-0",
                f"{hms(begin, millis=True)} --> {hms(begin + 2.0, millis=True)}",
                f"<v {speaker}>{' '.join(words[a:b])}</v>",
                "",
            ]
    return "\n".join(out)


def zoom_vtt() -> str:
    """Zoom WebVTT: numbered cues and ``Name: text`` inside the cue."""
    out = ["WEBVTT", ""]
    for index, (speaker, start, text) in enumerate(INTERVIEW, start=1):
        out += [
            str(index),
            f"{hms(start, millis=True)} --> {hms(start + 4.0, millis=True)}",
            f"{speaker}: {text}",
            "",
        ]
    return "\n".join(out)


def srt() -> str:
    """SubRip: numbered cues, comma before milliseconds, speaker in the text."""
    out = []
    for index, (speaker, start, text) in enumerate(INTERVIEW, start=1):
        out += [
            str(index),
            f"{hms(start, millis=True, sep=',')} --> {hms(start + 4.0, millis=True, sep=',')}",
            f"{speaker}: {text}",
            "",
        ]
    return "\n".join(out)


def teams_docx() -> bytes:
    """A Teams transcript download: a heading, meeting details, then name-and-time paragraphs
    each followed by the speech."""
    import docx

    document = docx.Document()
    document.add_heading("Carer interview 4 - Blaenau Gwent", level=1)
    document.add_paragraph("3 March 2025, 10:02AM")
    document.add_paragraph("1h 2m 14s")
    document.add_paragraph(f"{RESEARCHER} started transcription")
    for speaker, start, text in INTERVIEW:
        whole = int(start)
        hours, rest = divmod(whole, 3600)
        stamp = f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"
        document.add_paragraph(f"{speaker}   {stamp}")
        document.add_paragraph(text)
    return docx_bytes(document)


def notes_docx() -> bytes:
    """Ordinary interview notes typed in Word: title, headings, paragraphs and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Visit to the carers' centre, Ebbw Vale", level=0)
    document.add_heading("What we heard", level=1)
    document.add_paragraph(
        "Three carers said the phone queue was the worst part of asking for help. "
        "One said she gave up after an hour on hold."
    )
    document.add_paragraph("Nobody had heard of a carer's assessment before a crisis.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Barrier"
    table.cell(0, 1).text = "Who said it"
    table.cell(1, 0).text = "Cost of mobile data"
    table.cell(1, 1).text = "P03, P05"
    return docx_bytes(document)


def docx_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check(parsed: ParsedTranscript) -> None:
    """The promises ParsedTranscript makes, checked on any result."""
    assert isinstance(parsed, ParsedTranscript)
    assert parsed.format in FORMATS
    assert isinstance(parsed.body, str)
    previous_end = -1
    for utterance in parsed.utterances:
        text = utterance.text
        assert text and text == text.strip() and "\n\n" not in text
        assert parsed.body[utterance.offset : utterance.offset + len(text)] == text
        assert utterance.offset > previous_end
        previous_end = utterance.offset + len(text) - 1
        assert utterance.speaker is None or utterance.speaker.strip() == utterance.speaker != ""
    speakers = [u.speaker for u in parsed.utterances if u.speaker is not None]
    assert parsed.speakers == tuple(dict.fromkeys(speakers))
    if parsed.has_timeline:
        assert render_body((u.speaker, u.start_seconds, u.text) for u in parsed.utterances)[0] == (
            parsed.body
        )
    assert all(isinstance(w, str) and w for w in parsed.warnings)
    assert parsed.title_suggestion is None or 0 < len(parsed.title_suggestion) <= 120

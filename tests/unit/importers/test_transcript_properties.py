"""Property tests: whatever bytes arrive, the importer returns a consistent transcript or a
TranscriptError — never another exception — and every utterance can be found in the body."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from research_notes.importers import (
    ParsedTranscript,
    TranscriptError,
    parse_transcript,
    rename_speakers,
    render_body,
)

from .samples import check

# No example database: the tests must not write a .hypothesis folder into the checkout.
fuzz = settings(database=None, deadline=None, max_examples=150)

EXTENSIONS = [".txt", ".md", ".vtt", ".srt", ".docx", ".TXT", ".pdf", ".mp3", ""]

FRAGMENTS = [
    "WEBVTT", "WEBVTT - title", "NOTE", "STYLE", "REGION", "-->", " --> ", "00:00:01.000",
    "00:01.0", "1:02:03", "12:30", "0:0:3.190", "99:99:99,999", "(00:12:30)", "[00:12:30]",
    "(12:30):", "Jane Smith", "Jane Smith:", "Siân ap Dafydd", "P07:", "Interviewer:",
    "**Jane:**", "<v Jane Smith>", "<v.loud>", "</v>", "<v", "<i>", "<c.yellow>",
    "<00:00:01.500>", "&amp;", "&nbsp;", "<script>alert(1)</script>", "# ", "## Heading",
    "===", "---", "1", "42", ":", "(", ")", "[", "]", " ", "\t", "\n", "\n\n", "\r\n", "\r",
    "\u2028", "\ufeff", "\u00a0", "\x0c", "\x07", "ŵ", "ŷ", "“", "—", "🙂",
]  # fmt: skip

hostile_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=80).map("".join)

times = st.one_of(
    st.sampled_from(["00:00:01.000", "00:01.0", "1:02:03", "12:30", "0:0:3.190", "", "99:99"]),
    st.builds(
        lambda h, m, s, ms: f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}",
        st.integers(0, 3),
        st.integers(0, 59),
        st.integers(0, 59),
        st.integers(0, 999),
    ),
)
line_like_a_transcript = st.one_of(
    st.builds(
        lambda a, b, tail: f"{a} --> {b}{tail}",
        times,
        times,
        st.sampled_from(["", " align:start", "x"]),
    ),
    st.builds(lambda name, t: f"{name} ({t}):", st.sampled_from(["Jane Smith", "P07", "Siân"]), times),
    st.builds(lambda t, name: f"[{t}] {name}: ", times, st.sampled_from(["Jane Smith", "P07"])),
    st.builds(
        lambda name, text: f"<v {name}>{text}</v>",
        st.sampled_from(["Jane", "Huw (Guest)"]),
        hostile_text,
    ),
    st.builds(lambda name, text: f"{name}: {text}", st.sampled_from(["Jane", "P07", "Note"]), hostile_text),
    st.sampled_from(["", "", "WEBVTT", "NOTE a note", "1", "2", "STYLE", "# Interview"]),
    hostile_text,
)
transcript_like = st.lists(line_like_a_transcript, max_size=40).map("\n".join)

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252"]


def parse_or_refuse(data: bytes, filename: str) -> ParsedTranscript | None:
    try:
        parsed = parse_transcript(data, filename)
    except TranscriptError as error:
        assert str(error)
        return None
    check(parsed)
    return parsed


@fuzz
@given(data=st.binary(max_size=2000), extension=st.sampled_from(EXTENSIONS))
def test_random_bytes_are_parsed_or_refused(data, extension):
    parse_or_refuse(data, f"upload{extension}")


@fuzz
@given(
    text=st.one_of(hostile_text, transcript_like),
    encoding=st.sampled_from(ENCODINGS),
    extension=st.sampled_from([".txt", ".md", ".vtt", ".srt"]),
)
def test_hostile_text_is_parsed_or_refused(text, encoding, extension):
    data = text.encode(encoding, errors="ignore")
    parsed = parse_or_refuse(data, f"upload{extension}")
    if parsed is not None and parsed.speakers:
        renamed = rename_speakers(parsed, {s: f"P{i:02d}" for i, s in enumerate(parsed.speakers)})
        check(renamed)
        assert len(renamed.utterances) == len(parsed.utterances)


@fuzz
@given(
    lines=st.lists(st.one_of(hostile_text, line_like_a_transcript), max_size=40),
    separator=st.sampled_from(["\n", "\r\n"]),
)
def test_every_utterance_is_found_in_the_body(lines, separator):
    """Long mixtures of fragments, split into lines, read as a .txt file."""
    parse_or_refuse(separator.join(lines).encode(), "notes.txt")


name_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzâŵ", min_size=1, max_size=8).map(str.capitalize)
speech_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz'’,.?!-ŵŷ", min_size=1, max_size=10)


@fuzz
@given(
    turns=st.lists(
        st.tuples(
            st.lists(name_word, min_size=1, max_size=3).map(" ".join),
            st.integers(min_value=0, max_value=5 * 3600),
            st.lists(speech_word, min_size=1, max_size=30).map(" ".join),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_a_rendered_body_imports_back_to_the_same_timeline(turns):
    body, _ = render_body((speaker, float(start), text.strip()) for speaker, start, text in turns)

    parsed = parse_transcript(body.encode(), "note.txt")

    assert [(u.speaker, u.start_seconds, u.text) for u in parsed.utterances] == [
        (speaker, float(start), text.strip()) for speaker, start, text in turns
    ]
    assert parsed.body == body


xml_safe_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
    | st.sampled_from(["\n", "\t"]),
    max_size=60,
)


@settings(database=None, deadline=None, max_examples=40, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(
        st.one_of(xml_safe_text, st.sampled_from(FRAGMENTS).filter(lambda f: f.isprintable())),
        max_size=12,
    ),
    headings=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_word_documents_with_any_text_are_parsed_or_refused(paragraphs, headings):
    import docx

    document = docx.Document()
    for text, heading in zip(paragraphs, headings, strict=False):
        if heading:
            document.add_heading(text, level=1)
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    parse_or_refuse(buffer.getvalue(), "notes.docx")


@settings(database=None, deadline=None, max_examples=60)
@given(
    members=st.dictionaries(
        st.sampled_from(["[Content_Types].xml", "word/document.xml", "_rels/.rels", "word/styles.xml", "x"]),
        st.binary(max_size=200) | hostile_text.map(str.encode),
        max_size=5,
    )
)
def test_hostile_zip_files_named_docx_are_refused_cleanly(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    parse_or_refuse(buffer.getvalue(), "transcript.docx")

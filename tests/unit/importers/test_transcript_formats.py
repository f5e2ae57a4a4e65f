"""Each supported format is read into the same speakers, times and speech."""

from __future__ import annotations

import pytest

from research_notes.importers import (
    ParsedTranscript,
    TranscriptError,
    detect_format,
    parse_transcript,
)

from . import samples
from .samples import CARER, INTERVIEW, RESEARCHER, check


def turns(parsed: ParsedTranscript) -> list[tuple[str | None, int | None]]:
    return [(u.speaker, None if u.start_seconds is None else int(u.start_seconds)) for u in parsed.utterances]


EXPECTED_TURNS = [(speaker, int(start)) for speaker, start, _ in INTERVIEW]
# Captions join consecutive cues by the same speaker; Gareth speaks twice in a row.
MERGED_TURNS = [turn for i, turn in enumerate(EXPECTED_TURNS) if i != 4]


def test_otter_style_transcript_gives_one_utterance_per_speaker_line():
    parsed = parse_transcript(samples.otter_txt().encode(), "carer-interview-4.txt")

    assert parsed.format == "speaker_timestamp"
    assert parsed.encoding == "UTF-8"
    assert parsed.speakers == (RESEARCHER, CARER)
    assert parsed.title_suggestion == "Carer interview 4 - Blaenau Gwent"
    assert parsed.utterances[0].text == "Carer interview 4 - Blaenau Gwent"
    assert turns(parsed)[1:] == EXPECTED_TURNS
    assert parsed.utterances[4].text.startswith("I rang the number on the website")
    assert parsed.warnings == ()
    check(parsed)


def test_wrapped_speech_after_name_and_bare_time_stays_one_utterance():
    parsed = parse_transcript(samples.otter_wrapped_txt().encode(), "otter.txt")

    assert turns(parsed) == EXPECTED_TURNS
    assert parsed.utterances[1].text.replace("\n", " ") == INTERVIEW[1][2]
    check(parsed)


@pytest.mark.parametrize(
    ("line", "speaker", "seconds", "text"),
    [
        ("Jane Smith (00:12:30): I rang twice", "Jane Smith", 750, "I rang twice"),
        ("Jane Smith (12:30)", "Jane Smith", 750, "speech"),
        ("Jane Smith 00:12:30", "Jane Smith", 750, "speech"),
        ("Jane Smith  1:02:03.250", "Jane Smith", 3723.25, "speech"),
        ("[00:12:30] Jane Smith: I rang twice", "Jane Smith", 750, "I rang twice"),
        ("00:12:30 Jane Smith: I rang twice", "Jane Smith", 750, "I rang twice"),
        ("Jane Smith [00:12:30] I rang twice", "Jane Smith", 750, "I rang twice"),
        ("**Jane Smith (00:12:30):** I rang twice", "Jane Smith", 750, "I rang twice"),
        ("[Jane Smith] 00:12:30", "Jane Smith", 750, "speech"),
    ],
)
def test_speaker_line_variants(line, speaker, seconds, text):
    second_line = line.replace("Jane Smith", "Huw Morgan").replace("12:30", "13:30")
    source = f"{line}\nspeech\n\n{second_line}\nmore speech\n"

    parsed = parse_transcript(source.encode(), "notes.txt")

    assert parsed.format == "speaker_timestamp"
    first = parsed.utterances[0]
    assert (first.speaker, first.start_seconds) == (speaker, seconds)
    assert first.text == (text if text == "speech" else f"{text}\nspeech")
    assert parsed.speakers == (speaker, speaker.replace("Jane Smith", "Huw Morgan"))


def test_name_colon_lines_without_times_are_speakers_when_repeated():
    source = (
        "Interviewer: How did you find out about the carers' centre?\n"
        "P07: My neighbour told me. The council website didn't mention it.\n"
        "Interviewer: And the assessment?\n"
        "P07: Still waiting. Six weeks now.\n"
    )

    parsed = parse_transcript(source.encode(), "p07.md")

    assert parsed.format == "speaker_timestamp"
    assert parsed.speakers == ("Interviewer", "P07")
    assert [u.start_seconds for u in parsed.utterances] == [None] * 4
    assert parsed.utterances[3].text == "Still waiting. Six weeks now."


def test_a_single_notes_label_is_not_a_speaker():
    source = "Action: ring the carers' centre about respite.\n\nThe phone queue was long.\n"

    parsed = parse_transcript(source.encode(), "notes.txt")

    assert parsed.format == "text"
    assert parsed.speakers == ()


def test_teams_vtt_reads_voice_tags_and_merges_cues_by_the_same_speaker():
    parsed = parse_transcript(samples.teams_vtt().encode(), "Carer interview.vtt")

    assert parsed.format == "vtt"
    assert parsed.speakers == (RESEARCHER, CARER)
    assert turns(parsed) == MERGED_TURNS
    assert parsed.utterances[0].start_seconds == pytest.approx(3.2)
    assert parsed.utterances[0].text == INTERVIEW[0][2]
    assert parsed.warnings == ()
    check(parsed)


def test_zoom_vtt_reads_speaker_prefixes():
    parsed = parse_transcript(samples.zoom_vtt().encode(), "GMT20250303-100200_Recording.vtt")

    assert parsed.format == "vtt"
    assert parsed.speakers == (RESEARCHER, CARER)
    assert turns(parsed) == MERGED_TURNS
    assert parsed.utterances[1].text == INTERVIEW[1][2]
    assert parsed.utterances[3].text == f"{INTERVIEW[3][2]} {INTERVIEW[4][2]}"


def test_srt_is_read_like_zoom_captions():
    parsed = parse_transcript(samples.srt().encode(), "interview.srt")

    assert parsed.format == "srt"
    assert turns(parsed) == MERGED_TURNS
    assert parsed.utterances[-1].start_seconds == pytest.approx(3731.4)


def test_vtt_notes_styles_settings_and_markup_are_handled():
    source = (
        "WEBVTT - Social worker interview\n"
        "Kind: captions\n\n"
        "STYLE\n::cue { color: yellow }\n\n"
        "NOTE This recording was made with consent\nspanning two lines\n\n"
        "intro\n"
        "00:00:01.000 --> 00:00:04.000 align:start position:10%\n"
        f"<v.loud {samples.SOCIAL_WORKER}><i>Most</i> referrals come from GPs &amp; "
        "hospitals.</v>\n\n"
        "00:00:04.000 --> 00:00:06.500\n"
        f"<v {RESEARCHER}>And by phone?</v>\n"
        f"<v {samples.SOCIAL_WORKER}>Some. <c.yellow>The queue</c> is <00:00:05.500>long.\n"
    )

    parsed = parse_transcript(source.encode(), "sw.vtt")

    assert parsed.title_suggestion == "Social worker interview"
    assert [(u.speaker, u.start_seconds, u.text) for u in parsed.utterances] == [
        (samples.SOCIAL_WORKER, 1.0, "Most referrals come from GPs & hospitals."),
        (RESEARCHER, 4.0, "And by phone?"),
        (samples.SOCIAL_WORKER, 4.0, "Some. The queue is long."),
    ]
    assert "NOTE" not in parsed.body and "yellow" not in parsed.body


def test_teams_docx_transcript_reads_name_and_time_paragraphs():
    parsed = parse_transcript(samples.teams_docx(), "Carer interview 4.docx")

    assert parsed.format == "docx"
    assert parsed.encoding is None
    assert parsed.title_suggestion == "Carer interview 4 - Blaenau Gwent"
    assert parsed.speakers == (RESEARCHER, CARER)
    assert turns(parsed)[1:] == EXPECTED_TURNS
    assert f"{RESEARCHER} started transcription" in parsed.utterances[0].text
    check(parsed)


@pytest.mark.parametrize("one_paragraph_per_cue", [True, False])
def test_older_teams_docx_with_arrow_timings(one_paragraph_per_cue):
    import docx

    document = docx.Document()
    document.add_paragraph("Carers' assessment interview")
    for start, end, speaker, text in (
        ("0:0:0.0", "0:0:5.680", RESEARCHER, "Can you tell me about the assessment?"),
        ("0:0:5.680", "0:0:9.10", CARER, "It took three months to get one."),
    ):
        if one_paragraph_per_cue:
            document.add_paragraph(f"{start} --> {end}\n{speaker}\n{text}")
        else:
            for line in (f"{start} --> {end}", speaker, text):
                document.add_paragraph(line)

    parsed = parse_transcript(samples.docx_bytes(document), "old-teams.docx")

    assert [(u.speaker, u.start_seconds, u.text) for u in parsed.utterances] == [
        (None, None, "Carers' assessment interview"),
        (RESEARCHER, 0.0, "Can you tell me about the assessment?"),
        (CARER, 5.68, "It took three months to get one."),
    ]
    assert parsed.warnings == ()


def test_word_notes_become_paragraph_utterances_with_a_title():
    parsed = parse_transcript(samples.notes_docx(), "visit notes.docx")

    assert parsed.format == "docx"
    assert parsed.title_suggestion == "Visit to the carers' centre, Ebbw Vale"
    assert parsed.speakers == ()
    texts = [u.text for u in parsed.utterances]
    assert texts[:3] == [
        "Visit to the carers' centre, Ebbw Vale",
        "What we heard",
        "Three carers said the phone queue was the worst part of asking for help. "
        "One said she gave up after an hour on hold.",
    ]
    assert texts[-2:] == ["Cost of mobile data", "P03, P05"]
    check(parsed)


def test_plain_text_paragraphs_are_utterances_and_html_stays_text():
    source = (
        "Observation at the contact centre\r\n\r\n"
        "Calls peaked at 9am.\r\nMost callers were carers.\r\n\r\n\r\n"
        "Someone typed <script>alert('x')</script> into the web form.   \r\n"
    )

    parsed = parse_transcript(source.encode(), "obs.txt")

    assert parsed.format == "text"
    assert parsed.title_suggestion == "Observation at the contact centre"
    assert [u.text for u in parsed.utterances] == [
        "Observation at the contact centre",
        "Calls peaked at 9am.\nMost callers were carers.",
        "Someone typed <script>alert('x')</script> into the web form.",
    ]
    assert "\r" not in parsed.body
    check(parsed)


def test_markdown_stays_markdown_without_emphasis_and_its_heading_is_the_title():
    source = (
        "Notes from Tuesday\n\n"
        "# Focus group: unpaid carers, Torfaen\n\n"
        "## Finding help\n"
        "- Most found the **carers' centre** by word of mouth\n"
        "- Two used the [council website](https://example.gov.wales)\n"
    )

    parsed = parse_transcript(source.encode(), "focus-group.md")

    assert parsed.format == "markdown"
    assert parsed.title_suggestion == "Focus group: unpaid carers, Torfaen"
    assert parsed.body == source.rstrip("\n").replace("**", "")
    assert len(parsed.utterances) == 3
    assert parsed.utterances[2].text.startswith("## Finding help\n- Most found the carers' centre by")
    check(parsed)


@pytest.mark.parametrize(
    ("filename", "text", "expected"),
    [
        ("a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi", "vtt"),
        ("captions.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi", "vtt"),
        ("captions.txt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ("a.srt", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", "srt"),
        ("a.vtt", "no cues here", "text"),
        ("A.MD", "# Title\n\nText", "markdown"),
        ("a.txt", "# Title\n\nText", "text"),
        ("C:\\Users\\rhian\\Interview.DOCX", "", "docx"),
    ],
)
def test_detect_format(filename, text, expected):
    assert detect_format(text, filename) == expected


def test_research_notes_with_a_details_block_and_labelled_turns():
    source = (
        "Participant: P07\nDate: 3 March 2025\nMethod: Interview\n\n"
        "Interviewer: How did you first hear about the carers' centre?\n"
        "P07: A leaflet at the GP. Nobody at the council mentioned it.\n"
        "Interviewer: What happened next?\n"
        "P07: I rang. Forty minutes on hold.\n"
        "Note: she became upset here\n"
    )

    parsed = parse_transcript(source.encode(), "p07.txt")

    assert parsed.speakers == ("Interviewer", "P07")
    assert parsed.title_suggestion is None
    assert parsed.utterances[0].text == "Participant: P07\nDate: 3 March 2025\nMethod: Interview"
    assert parsed.utterances[-1].text == ("I rang. Forty minutes on hold.\nNote: she became upset here")


def test_zoom_captions_count_a_speaker_who_speaks_once():
    source = (
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\nRhian Evans: Is everyone here?\n\n"
        "2\n00:00:03.500 --> 00:00:05.000\nRhian Evans: Let's start.\n\n"
        "3\n00:00:05.500 --> 00:00:07.000\nHuw Morgan: Sorry I'm late.\n"
    )

    parsed = parse_transcript(source.encode(), "zoom.vtt")

    assert parsed.speakers == ("Rhian Evans", "Huw Morgan")


def test_lines_with_only_times_give_utterances_without_speakers():
    source = "[00:00:05] Thanks for joining.\n[00:00:09] No problem.\n[00:00:15] Let's start.\n"

    parsed = parse_transcript(source.encode(), "times.txt")

    assert [(u.speaker, u.start_seconds) for u in parsed.utterances] == [
        (None, 5),
        (None, 9),
        (None, 15),
    ]
    assert parsed.body.startswith("[00:00:05]\nThanks for joining.\n\n[00:00:09]")


def test_merged_table_cells_in_word_notes_are_read_once():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Carers' centre visit, Pontypool"
    table.cell(1, 0).text = "Respite"
    table.cell(1, 1).text = "Two carers had never heard of it"

    parsed = parse_transcript(samples.docx_bytes(document), "table.docx")

    assert [u.text for u in parsed.utterances] == [
        "Carers' centre visit, Pontypool",
        "Respite",
        "Two carers had never heard of it",
    ]


def test_detect_format_refuses_unsupported_files():
    with pytest.raises(TranscriptError, match="must be a .txt, .md, .vtt, .srt or .docx file"):
        detect_format("text", "recording.m4a")

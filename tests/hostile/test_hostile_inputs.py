"""The bad-input corpus: whatever arrives, every importer answers with its own clear refusal or
a result — never another exception — within a bounded time.

Two halves:

* the hand-built hostile files of ``tests/unit/importers/hostile.py`` (zip bombs, lying zip
  headers, billion laughs, a million cues…), each of which must be refused with its expected
  message, or read where the corpus says it is acceptable;
* generated inputs (hypothesis) for every importer a person can upload to — transcripts,
  findings spreadsheets, codebooks, backlog files and ``.qdpx`` projects — built from random
  bytes, from fragments of each format and from zip archives with random members.

``HOSTILE_EXAMPLES`` sets the examples per importer (``make assurance`` asks for 2,500 each,
over 10,000 in all; ``make test`` runs a quick 120). The counts, the slowest input and the
peak memory go to the assurance report.
"""

from __future__ import annotations

import io
import os
import resource
import time
import uuid
import warnings
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discovery.backlog.importer import ImportProblems
from discovery.backlog.importer import parse as parse_backlog
from research_notes.exchange.qdpx import ProjectFileError, read_qdpx
from research_notes.importers import TranscriptError, parse_transcript
from research_notes.importers.spreadsheet import parse_spreadsheet
from research_notes.tags.codebook_formats import CodebookFileError, parse_codebook
from tests import assurance
from tests.unit.importers import hostile

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "120"))
MAX_BYTES = 10 * 1024 * 1024

# No example database: the tests must not write a .hypothesis folder into the checkout.
fuzz = settings(
    database=None,
    deadline=None,
    max_examples=EXAMPLES,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FRAGMENTS = [
    "WEBVTT", "-->", "00:00:01.000", "1:02:03", "Jane Smith:", "P07:", "Interviewer:", "<v Jane>",
    "text", "tags", "Text,Tags,Participant", "kind", "stage", "id,title,status", "Name,Description",
    "Parent", "Colour", "#ff0000", "ID", "Title", "Status", "Now", "Next", "Later", "Done", "Yn awr",
    '"', '""', ",", ";", "\t", "|", "=cmd|' /C calc'!A0", "+1", "-1", "@SUM(A1)", "\n", "\r\n", "\r",
    "\x00", "\ufeff", "\u2028", "ŵ", "ŷ", "“", "🙂", "<?xml version='1.0'?>", "<CodeBook>", "<Codes>",
    '<Code guid="x" name="a" isCodable="true">', "</Code>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;",
    "<Project>", "<Sources>", "<TextSource>", "../../etc/passwd", "C:\\boot.ini",
]  # fmt: skip

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]

text_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=16)), max_size=60).map("".join)


@st.composite
def encoded_text(draw) -> bytes:
    text = draw(text_like)
    return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")


@st.composite
def zip_archive(draw, names: list[str]) -> bytes:
    """A zip of plausible member names (and some hostile ones) holding random or format-like bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for _ in range(draw(st.integers(0, 4))):
            name = draw(st.one_of(st.sampled_from(names), st.text(min_size=1, max_size=20)))
            body = draw(st.one_of(encoded_text(), st.binary(max_size=300)))
            try:
                with warnings.catch_warnings():  # a duplicate member name is a hostile input too
                    warnings.simplefilter("ignore")
                    archive.writestr(name, body)
            except (ValueError, UnicodeEncodeError, IndexError):  # names zipfile itself cannot write
                continue
    data = buffer.getvalue()
    cut = draw(st.one_of(st.none(), st.integers(0, max(len(data) - 1, 0))))
    return data if cut is None else data[:cut]


def any_bytes(zip_names: list[str]):
    return st.one_of(st.binary(max_size=2000), encoded_text(), zip_archive(zip_names))


DOCX = ["word/document.xml", "[Content_Types].xml", "_rels/.rels", "word/styles.xml"]
XLSX = ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "[Content_Types].xml"]
QDPX = ["project.qde", "sources/a.txt", "sources/../../x.txt", "/abs.txt", "Project.qde"]


class Tally:
    """Counts what each importer did with the generated inputs, and the worst time it took."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.examples = self.refused = self.read = 0
        self.slowest = 0.0

    def run(self, read, refusals: tuple[type[Exception], ...]) -> None:
        started = time.perf_counter()
        try:
            read()
        except refusals as error:
            assert str(error).strip(), f"{self.name}: a refusal with no message ({type(error).__name__})"
            self.refused += 1
        else:
            self.read += 1
        finally:
            self.examples += 1
            self.slowest = max(self.slowest, time.perf_counter() - started)

    def report(self) -> None:
        assurance.record(
            "hostile_inputs",
            generated_examples=self.examples,
            generated_refused=self.refused,
            generated_read=self.read,
            generated_crashes=0,
        )
        assurance.maximum("hostile_inputs", slowest_generated_s=round(self.slowest, 3))
        assurance.maximum("hostile_inputs", peak_rss_mb=_peak_rss_mb())


def _peak_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def _fuzz(name: str, strategy, read, refusals: tuple[type[Exception], ...]) -> None:
    """Run ``read`` on every generated input; anything but a refusal or a result fails the test."""
    tally = Tally(name)

    @fuzz
    @given(data=strategy, filename=st.sampled_from(FILENAMES[name]))
    def check(data: bytes, filename: str) -> None:
        tally.run(lambda: read(data, filename), refusals)

    check()
    tally.report()
    assert tally.examples >= EXAMPLES * 0.9


FILENAMES = {
    "transcripts": ["a.txt", "a.md", "a.vtt", "a.srt", "a.docx", "a.pdf", "noextension"],
    "findings spreadsheets": ["f.csv", "f.tsv", "f.xlsx", "f.txt", "f.xls"],
    "codebooks": ["c.csv", "c.qdc", "c.xml", "c.txt", "c.json"],
    "backlog files": ["b.csv"],
    "projects": ["p.qdpx"],
}


def test_transcript_importer_refuses_or_reads_any_bytes():
    _fuzz(
        "transcripts",
        any_bytes(DOCX),
        lambda data, name: parse_transcript(data, name, max_bytes=MAX_BYTES),
        (TranscriptError,),
    )


def test_findings_spreadsheet_importer_refuses_or_reads_any_bytes():
    _fuzz(
        "findings spreadsheets",
        any_bytes(XLSX),
        lambda data, name: parse_spreadsheet(data, name, max_bytes=MAX_BYTES),
        (TranscriptError,),
    )


def test_codebook_importer_refuses_or_reads_any_bytes():
    _fuzz(
        "codebooks",
        any_bytes(["codebook.xml"]),
        lambda data, name: parse_codebook(data, name),
        (CodebookFileError,),
    )


def test_backlog_importer_refuses_or_reads_any_bytes():
    known = {uuid.UUID(int=1)}
    words = {"now": "now", "next": "next", "later": "later", "done": "done", "yn awr": "now"}
    _fuzz(
        "backlog files",
        st.one_of(st.binary(max_size=2000), encoded_text()),
        lambda data, name: parse_backlog(data, known, words),
        (ImportProblems,),
    )


def test_project_importer_refuses_or_reads_any_bytes():
    _fuzz(
        "projects",
        any_bytes(QDPX),
        lambda data, name: read_qdpx(data, max_bytes=MAX_BYTES),
        (ProjectFileError,),
    )


@pytest.mark.parametrize("file", hostile.corpus(), ids=lambda h: h.name)
def test_every_hand_built_hostile_file_gets_its_expected_answer(file):
    started = time.perf_counter()
    try:
        parse_transcript(file.data, file.name, max_bytes=MAX_BYTES)
        outcome = None
    except TranscriptError as error:
        outcome = str(error)
    seconds = time.perf_counter() - started
    refused = outcome is not None
    expected_refusal = file.expect is not None
    assurance.record(
        "hostile_inputs",
        corpus_files=1,
        corpus_should_refuse=int(expected_refusal),
        corpus_refused_as_expected=int(refused and expected_refusal and outcome.startswith(file.expect)),
    )
    assurance.maximum("hostile_inputs", slowest_corpus_s=round(seconds, 3), peak_rss_mb=_peak_rss_mb())
    if expected_refusal:
        assert outcome is not None, f"{file.name} ({file.why}) was read; it must be refused"
        assert outcome.startswith(file.expect), outcome
    else:
        assert outcome is None, f"{file.name} ({file.why}) was refused: {outcome}"

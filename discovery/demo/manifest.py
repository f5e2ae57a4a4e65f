"""Reads and checks the demo's manifest (data/manifest.toml) into plain records, without an app.

The manifest names everything the demo holds — authorities, sign-ins, the discovery,
participants, notes (each a file in an upload format) and highlights — and the loader turns it
into rows through the app's own services. Everything that can be checked without a database is
checked here, so a typo in the data fails with the file and the entry named
(``manifest.toml: notes[3] (npt-p03-cyfweliad): unknown method 'interveiw'``) rather than as a
half-loaded demo. ``tests/unit/demo`` runs these checks and parses every file.

Later areas add a section (``[[themes]]``, ``[[needs]]``…) by adding its name and loader to
``discovery.demo.loader._later_sections``; their entries reach the loader as plain dicts in
:attr:`Manifest.sections`, with the same "file and entry" errors from :class:`ManifestError`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from importlib.resources.abc import Traversable

from discovery.core.vocab import (
    AGE_BANDS,
    CHANNELS,
    CONSENT_SCOPES,
    DIGITAL_CONFIDENCE,
    FINDING_KINDS,
    JOURNEY_STAGES,
    LANGUAGES,
    METHODS,
    PHASES,
    ROLES,
    SEGMENTS,
)
from research_notes.importers import DEFAULT_MAX_BYTES, ParsedTranscript, TranscriptError, parse_transcript
from research_notes.tags.codebook_formats import CodebookFileError, ParsedCodebook, parse_codebook, walk

FORMAT = 1
MANIFEST = "manifest.toml"
RESEARCHER = "researcher"
KEEP = "keep"
AUTHORITY_KINDS = ("council", "partner")
CORE_SECTIONS = ("format", "discovery", "authorities", "users", "participants", "notes", "highlights")


def data_dir() -> Traversable:
    """The folder holding the manifest and its files, found inside the installed package."""
    return files("discovery.demo") / "data"


class ManifestError(ValueError):
    """The demo data is wrong. The message names the file and the entry, and says what is wrong."""


@dataclass(frozen=True)
class DemoAuthority:
    code: str
    name: str
    name_cy: str
    kind: str


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str
    authorities: tuple[str, ...]


@dataclass(frozen=True)
class DemoDiscovery:
    slug: str
    title: str
    service: str
    problem_statement: str
    phase: str
    start: date
    end: date
    authorities: tuple[str, ...]
    members: tuple[str, ...]  # emails; the first is the creator and records consent
    codebook: str  # a CSV or .qdc file beside the manifest


@dataclass(frozen=True)
class DemoParticipant:
    pseudonym: str
    segment: str
    authority: str
    consent_date: date
    consent_scope: tuple[str, ...]
    age_band: str | None = None
    digital_confidence: str | None = None
    preferred_language: str = "en"
    access_needs: str = ""


@dataclass(frozen=True)
class DemoNote:
    key: str
    file: str  # relative to the data folder, e.g. "notes/npt-p01-interview.txt"
    title: str
    held_on: date
    method: str
    channel: str
    researcher: str  # email
    language: str = "en"
    speakers: Mapping[str, str] = field(default_factory=dict)  # label -> pseudonym, "researcher" or "keep"
    participants: tuple[str, ...] = ()  # participants who are not a speaker label

    @property
    def filename(self) -> str:
        return self.file.rsplit("/", 1)[-1]

    @property
    def all_participants(self) -> tuple[str, ...]:
        mapped = [p for p in self.speakers.values() if p not in (RESEARCHER, KEEP)]
        return tuple(dict.fromkeys([*mapped, *self.participants]))


@dataclass(frozen=True)
class DemoHighlight:
    index: int  # position in [[highlights]], for error messages
    note: str  # a note key
    text: str  # found by searching the imported body; must occur exactly once
    kind: str
    tags: tuple[str, ...]
    stage: str | None = None
    comment: str = ""

    @property
    def where(self) -> str:
        return f"{MANIFEST}: highlights[{self.index}] (note {self.note!r}, text {self.text[:40]!r})"


@dataclass(frozen=True)
class Manifest:
    discovery: DemoDiscovery
    authorities: tuple[DemoAuthority, ...]
    users: tuple[DemoUser, ...]
    participants: tuple[DemoParticipant, ...]
    notes: tuple[DemoNote, ...]
    highlights: tuple[DemoHighlight, ...]
    sections: Mapping[str, list[dict]]  # later areas' sections, by name, as written
    root: Traversable

    def file(self, relative: str) -> Traversable:
        return self.root.joinpath(*relative.split("/"))

    def highlights_of(self, key: str) -> list[DemoHighlight]:
        return [h for h in self.highlights if h.note == key]

    def codebook_bytes(self) -> bytes:
        return self.file(self.discovery.codebook).read_bytes()


def read_note(manifest: Manifest, note: DemoNote, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedTranscript:
    """A note's file read by the upload importers, with its speaker labels checked against
    ``speakers``: every label in the file must be mapped, and every mapped label must occur."""
    try:
        parsed = parse_transcript(manifest.file(note.file).read_bytes(), note.filename, max_bytes=max_bytes)
    except TranscriptError as error:
        raise ManifestError(f"{note.file}: {error}") from None
    unmapped = [label for label in parsed.speakers if label not in note.speakers]
    if unmapped:
        raise ManifestError(
            f"{MANIFEST}: notes ({note.key}): {note.file} has speakers {', '.join(map(repr, unmapped))} "
            "that 'speakers' does not map"
        )
    absent = [label for label in note.speakers if label not in parsed.speakers]
    if absent:
        raise ManifestError(
            f"{MANIFEST}: notes ({note.key}): 'speakers' maps {', '.join(map(repr, absent))}, "
            f"who do not speak in {note.file} (it was read as {parsed.format})"
        )
    return parsed


def read_codebook(manifest: Manifest) -> ParsedCodebook:
    """The codebook file, read by the codebook importer; every highlight's tags must be in it."""
    name = manifest.discovery.codebook
    try:
        parsed = parse_codebook(manifest.codebook_bytes(), name)
    except FileNotFoundError:
        raise ManifestError(f"{MANIFEST}: discovery: the codebook file {name} does not exist") from None
    except CodebookFileError as error:
        raise ManifestError(f"{name}: {error}") from None
    names = [node.name for node, _path in walk(parsed.roots)]
    _unique(names, f"tags in {name}")
    known = set(names)
    for highlight in manifest.highlights:
        missing = [t for t in highlight.tags if t not in known]
        if missing:
            raise ManifestError(f"{highlight.where}: no tag {', '.join(map(repr, missing))} in {name}")
    return parsed


class _Entry:
    """One table of the manifest, read field by field with errors that say where."""

    def __init__(self, table: object, where: str) -> None:
        if not isinstance(table, dict):
            raise ManifestError(f"{where}: must be a table")
        self.table, self.where, self.used = table, where, set()

    def fail(self, message: str) -> ManifestError:
        return ManifestError(f"{self.where}: {message}")

    def get(self, name: str, kind: type | tuple[type, ...] = str, default: object = ...) -> object:
        self.used.add(name)
        if name not in self.table:
            if default is ...:
                raise self.fail(f"'{name}' is missing")
            return default
        value = self.table[name]
        if not isinstance(value, kind) or (kind is date and not _is_date(value)):
            raise self.fail(f"'{name}' has the wrong type ({type(value).__name__})")
        if isinstance(value, str) and not value.strip():
            raise self.fail(f"'{name}' is empty")
        return value

    def choice(self, name: str, allowed: Iterable[str], default: object = ...) -> object:
        value = self.get(name, str, default)
        allowed = list(allowed)
        if value is not default and value not in allowed:
            hint = f" (one of {', '.join(allowed)})" if len(allowed) <= 10 else ""
            raise self.fail(f"unknown {name} {value!r}{hint}")
        return value

    def strings(
        self, name: str, allowed: Iterable[str] | None = None, default: object = ...
    ) -> tuple[str, ...]:
        value = self.get(name, list, default)
        if value is default:
            return default  # type: ignore[return-value]
        allowed = None if allowed is None else set(allowed)
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"'{name}' must be a list of names")
            if allowed is not None and item not in allowed:
                raise self.fail(f"'{name}' has an unknown value {item!r}")
        if len(set(value)) != len(value):
            raise self.fail(f"'{name}' repeats a value")
        return tuple(value)

    def done(self) -> None:
        unknown = sorted(set(self.table) - self.used)
        if unknown:
            raise self.fail(f"unknown field {', '.join(map(repr, unknown))}")


def _is_date(value: object) -> bool:
    return type(value) is date  # TOML datetimes are datetime, a subclass; refuse them


def _tables(document: dict, name: str) -> list:
    value = document.get(name, [])
    if not isinstance(value, list):
        raise ManifestError(f"{MANIFEST}: '{name}' must be an array of tables ([[{name}]])")
    return value


def _unique(items: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item in seen:
            raise ManifestError(f"{MANIFEST}: two {what} are called {item!r}")
        seen.add(item)


LATER_SECTIONS = (
    "research_questions",
    "hypotheses",
    "sample_targets",
    "theme_runs",
    "themes",
    "needs",
    "journeys",
    "backlog",
    "summary",
)
"""Sections of the research plan and the synthesis areas, loaded by the steps in ``discovery.demo.loader``."""


def load_manifest(
    root: Traversable | None = None, *, extra_sections: Iterable[str] = LATER_SECTIONS
) -> Manifest:
    """Read and check ``manifest.toml`` in ``root`` (the package's data folder by default).

    ``extra_sections`` are the names of later areas' sections the caller knows how to load; any
    other top-level key is refused, so a misspelt section is never silently skipped.
    """
    root = root or data_dir()
    try:
        document = tomllib.loads(root.joinpath(MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{MANIFEST}: there is no such file in {root}") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{MANIFEST}: not valid TOML ({error})") from None
    extra = tuple(extra_sections)
    unknown = sorted(set(document) - set(CORE_SECTIONS) - set(extra))
    if unknown:
        raise ManifestError(f"{MANIFEST}: unknown section {', '.join(map(repr, unknown))}")
    if document.get("format") != FORMAT:
        raise ManifestError(f"{MANIFEST}: 'format' must be {FORMAT}")

    authorities = tuple(_authority(t, i) for i, t in enumerate(_tables(document, "authorities")))
    _unique((a.code for a in authorities), "authorities")
    codes = [a.code for a in authorities]
    users = tuple(_user(t, i, codes) for i, t in enumerate(_tables(document, "users")))
    _unique((u.email for u in users), "users")
    emails = [u.email for u in users]
    discovery = _discovery(document.get("discovery"), codes, emails)
    participants = tuple(_participant(t, i, codes) for i, t in enumerate(_tables(document, "participants")))
    _unique((p.pseudonym for p in participants), "participants")
    pseudonyms = [p.pseudonym for p in participants]
    notes = tuple(_note(t, i, emails, pseudonyms, root) for i, t in enumerate(_tables(document, "notes")))
    _unique((n.key for n in notes), "notes")
    _unique((n.title for n in notes), "note titles")
    keys = [n.key for n in notes]
    highlights = tuple(_highlight(t, i, keys) for i, t in enumerate(_tables(document, "highlights")))
    for name in extra:
        _tables(document, name)
    return Manifest(
        discovery=discovery,
        authorities=authorities,
        users=users,
        participants=participants,
        notes=notes,
        highlights=highlights,
        sections={name: list(document.get(name, [])) for name in extra},
        root=root,
    )


def _authority(table: object, index: int) -> DemoAuthority:
    entry = _Entry(table, f"{MANIFEST}: authorities[{index}]")
    authority = DemoAuthority(
        code=entry.get("code"),
        name=entry.get("name"),
        name_cy=entry.get("name_cy"),
        kind=entry.choice("kind", AUTHORITY_KINDS),
    )
    entry.done()
    return authority


def _user(table: object, index: int, codes: list[str]) -> DemoUser:
    entry = _Entry(table, f"{MANIFEST}: users[{index}]")
    user = DemoUser(
        email=entry.get("email"),
        name=entry.get("name"),
        role=entry.choice("role", ROLES),
        authorities=entry.strings("authorities", codes, default=()),
    )
    entry.done()
    return user


def _discovery(table: object, codes: list[str], emails: list[str]) -> DemoDiscovery:
    entry = _Entry(table, f"{MANIFEST}: discovery")
    discovery = DemoDiscovery(
        slug=entry.get("slug"),
        title=entry.get("title"),
        service=entry.get("service"),
        problem_statement=entry.get("problem_statement"),
        phase=entry.choice("phase", PHASES),
        start=entry.get("start", date),
        end=entry.get("end", date),
        authorities=entry.strings("authorities", codes),
        members=entry.strings("members", emails),
        codebook=entry.get("codebook"),
    )
    entry.done()
    if not discovery.members:
        raise entry.fail("'members' must name at least one user")
    if discovery.start > discovery.end:
        raise entry.fail("'start' is after 'end'")
    return discovery


def _participant(table: object, index: int, codes: list[str]) -> DemoParticipant:
    pseudonym = table.get("pseudonym") if isinstance(table, dict) else None
    entry = _Entry(table, f"{MANIFEST}: participants[{index}] ({pseudonym})")
    participant = DemoParticipant(
        pseudonym=entry.get("pseudonym"),
        segment=entry.choice("segment", SEGMENTS),
        authority=entry.choice("authority", codes),
        consent_date=entry.get("consent_date", date),
        consent_scope=entry.strings("consent_scope", CONSENT_SCOPES),
        age_band=entry.choice("age_band", AGE_BANDS, default=None),
        digital_confidence=entry.choice("digital_confidence", DIGITAL_CONFIDENCE, default=None),
        preferred_language=entry.choice("preferred_language", LANGUAGES, default="en"),
        access_needs=entry.get("access_needs", str, default=""),
    )
    entry.done()
    return participant


def _note(table: object, index: int, emails: list[str], pseudonyms: list[str], root: Traversable) -> DemoNote:
    key = table.get("key") if isinstance(table, dict) else None
    entry = _Entry(table, f"{MANIFEST}: notes[{index}] ({key})")
    speakers = entry.get("speakers", dict, default={})
    for label, who in speakers.items():
        if not isinstance(who, str) or who not in (RESEARCHER, KEEP, *pseudonyms):
            raise entry.fail(
                f"speaker {label!r} must map to a participant's pseudonym, {RESEARCHER!r} or {KEEP!r}, "
                f"not {who!r}"
            )
    note = DemoNote(
        key=entry.get("key"),
        file=entry.get("file"),
        title=entry.get("title"),
        held_on=entry.get("held_on", date),
        method=entry.choice("method", METHODS),
        channel=entry.choice("channel", CHANNELS),
        researcher=entry.choice("researcher", emails),
        language=entry.choice("language", LANGUAGES, default="en"),
        speakers=dict(speakers),
        participants=entry.strings("participants", pseudonyms, default=()),
    )
    entry.done()
    if not note.all_participants:
        raise entry.fail("a note needs a participant: map a speaker to one, or list 'participants'")
    if not root.joinpath(*note.file.split("/")).is_file():
        raise entry.fail(f"the file {note.file} does not exist")
    return note


def _highlight(table: object, index: int, keys: list[str]) -> DemoHighlight:
    note = table.get("note") if isinstance(table, dict) else None
    entry = _Entry(table, f"{MANIFEST}: highlights[{index}] (note {note!r})")
    text = entry.get("text")
    if text != text.strip():
        raise entry.fail("'text' must not start or end with a space")
    highlight = DemoHighlight(
        index=index,
        note=entry.choice("note", keys),
        text=text,
        kind=entry.choice("kind", FINDING_KINDS),
        tags=entry.strings("tags"),
        stage=entry.choice("stage", JOURNEY_STAGES, default=None),
        comment=entry.get("comment", str, default=""),
    )
    entry.done()
    if not highlight.tags:
        raise entry.fail("'tags' must name at least one tag")
    return highlight

"""REFI-QDA project files (``.qdpx``): plain dataclasses in, a zip out, and back again.

Pure Python over plain data (no Flask, no database), like ``tags.codebook_formats``, whose
safe XML parser and code-tree reader this module reuses.

The file
    A zip archive holding ``project.qde`` at its root (XML in the namespace
    ``urn:QDA-XML:project:1.0``, valid against ``schema/Project.xsd``) and one UTF-8 text file
    per source, ``sources/<guid>.txt``, which the source names as
    ``plainTextPath="internal://<guid>.txt"``. That is how QualCoder, ATLAS.ti and MAXQDA lay it
    out; the standard asks for the folder to be called ``sources`` in lower case.

Positions
    ``startPosition`` and ``endPosition`` of a ``PlainTextSelection`` count characters of the
    source's plain text from 0, end exclusive. A character is a Unicode code point — what a
    Python ``str`` index counts, and what QualCoder writes — so an emoji or a Welsh ŵ written
    as one code point is one position, whatever its size in UTF-8 bytes. The text is kept
    exactly as written (line endings included) apart from a leading byte order mark, which
    QualCoder writes and does not count.

Reading a stranger's file
    The zip is opened within the upload limit and read within the inflation budget of the
    transcript importers (``importers.limits``); names that could escape a folder (``../``,
    ``/etc``, ``C:``, backslashes) are refused even though nothing is ever extracted to disk;
    DOCTYPE and ENTITY declarations are refused before anything is expanded; the ``project.qde``
    is checked against the schema (when lxml is installed) and then for what the schema cannot
    say: every source's text is present and UTF-8, every selection lies inside its text,
    every coding names a code of the codebook. The first problem raises
    :class:`ProjectFileError`; nothing is half-read.

Tolerated, because real tools do it: a byte order mark before the XML or the text, a
``Sources`` folder with a capital S, a ``.qde`` with another name when it is the only one,
GUIDs in braces or upper case, text inline in ``PlainTextContent`` instead of a file, and
sources of other kinds (pictures, PDFs, audio, video), which are listed in
``Project.skipped_sources`` rather than refused.
"""

from __future__ import annotations

import codecs
import functools
import io
import uuid
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from research_notes.importers import limits, zipxml
from research_notes.tags import codebook_formats as formats
from research_notes.tags.codebook_formats import N_, CodeNode, XmlElement, qname

NAMESPACE = formats.PROJECT_NAMESPACE
SCHEMA_PATH = Path(__file__).parent / "schema" / "Project.xsd"
PROJECT_FILE = "project.qde"
SOURCES_FOLDER = "sources"
INTERNAL = "internal://"
TEXT = "Text"
DATE = "Date"
MAX_XML_DEPTH = 64
MAX_SOURCE_NAME = 200


class ProjectFileError(formats.CodebookFileError):
    """The project file cannot be imported; ``template`` is the sentence to translate."""


# The project as plain data ---------------------------------------------------------------------


@dataclass(frozen=True)
class QdaUser:
    guid: str
    name: str


@dataclass(frozen=True)
class Variable:
    """An attribute of cases or sources; ``type`` is ``"Text"`` or ``"Date"``."""

    guid: str
    name: str
    type: str = TEXT


@dataclass
class Selection:
    """A coded span of a source's text: ``text[start:end]``, with the codes it carries."""

    guid: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    code_guids: list[str] = field(default_factory=list)
    creating_user: str | None = None
    created_at: datetime | None = None


@dataclass
class Source:
    """A text source; ``variables`` maps a variable's guid to its value (a string)."""

    guid: str
    name: str
    text: str
    description: str = ""
    creating_user: str | None = None
    created_at: datetime | None = None
    selections: list[Selection] = field(default_factory=list)
    variables: dict[str, str] = field(default_factory=dict)


@dataclass
class Case:
    guid: str
    name: str
    variables: dict[str, str] = field(default_factory=dict)
    source_guids: list[str] = field(default_factory=list)


@dataclass
class Project:
    name: str
    users: list[QdaUser] = field(default_factory=list)
    codes: list[CodeNode] = field(default_factory=list)
    variables: list[Variable] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    origin: str = "discovery"
    created_at: datetime | None = None
    # Names of sources of other kinds (pictures, PDFs, audio, video) that were not read.
    skipped_sources: list[str] = field(default_factory=list)

    def code_paths(self) -> dict[str, tuple[str, ...]]:
        """Each code's guid (normalised) → its path of names, root first."""
        return {
            normal_guid(node.guid): (*path, node.name) for node, path in formats.walk(self.codes) if node.guid
        }


def normal_guid(guid: str | None) -> str:
    """GUIDs compared as the schema allows them to be written: braces and case do not matter."""
    return (guid or "").strip().strip("{}").lower()


# Writing ---------------------------------------------------------------------------------------


def _timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _element(parent: ET.Element | None, tag: str, **attributes: str | None) -> ET.Element:
    values = {key: value for key, value in attributes.items() if value is not None}
    if parent is None:
        return ET.Element(tag, values)
    return ET.SubElement(parent, tag, values)


def _text_element(parent: ET.Element, tag: str, text: str) -> None:
    _element(parent, tag).text = text


def source_path(source: Source) -> str:
    """Where a source's text is kept inside the zip."""
    return f"{SOURCES_FOLDER}/{normal_guid(source.guid)}.txt"


def _variable_values(parent: ET.Element, values: dict[str, str], types: dict[str, str]) -> None:
    for guid, value in values.items():
        holder = _element(parent, "VariableValue")
        _element(holder, "VariableRef", targetGUID=guid)
        _text_element(holder, "DateValue" if types.get(guid) == DATE else "TextValue", value)


def build_qde(project: Project) -> bytes:
    """The ``project.qde`` document: UTF-8 XML in the order the schema's sequences require."""
    root = _element(
        None,
        "Project",
        xmlns=NAMESPACE,
        name=project.name,
        origin=project.origin,
        creationDateTime=_timestamp(project.created_at),
    )
    if project.users:
        users = _element(root, "Users")
        for user in project.users:
            _element(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = _element(_element(root, "CodeBook"), "Codes")
        stack: list[tuple[ET.Element, CodeNode]] = [(codes, node) for node in reversed(project.codes)]
        while stack:
            parent, node = stack.pop()
            element = _element(
                parent,
                "Code",
                guid=node.guid,
                name=node.name,
                isCodable="true",
                color=formats.colour_to_hex(node.colour),
            )
            if node.description:
                _text_element(element, "Description", node.description)
            stack.extend((element, child) for child in reversed(node.children))
    types = {v.guid: v.type for v in project.variables}
    if project.variables:
        variables = _element(root, "Variables")
        for variable in project.variables:
            _element(
                variables, "Variable", guid=variable.guid, name=variable.name, typeOfVariable=variable.type
            )
    if project.cases:
        cases = _element(root, "Cases")
        for case in project.cases:
            element = _element(cases, "Case", guid=case.guid, name=case.name)
            _variable_values(element, case.variables, types)
            for guid in case.source_guids:
                _element(element, "SourceRef", targetGUID=guid)
    if project.sources:
        sources = _element(root, "Sources")
        for source in project.sources:
            element = _element(
                sources,
                "TextSource",
                guid=source.guid,
                name=source.name,
                plainTextPath=INTERNAL + source_path(source).split("/", 1)[1],
                creatingUser=source.creating_user,
                creationDateTime=_timestamp(source.created_at),
            )
            if source.description:
                _text_element(element, "Description", source.description)
            for selection in source.selections:
                _selection(element, selection)
            _variable_values(element, source.variables, types)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def _selection(parent: ET.Element, selection: Selection) -> None:
    created = _timestamp(selection.created_at)
    element = _element(
        parent,
        "PlainTextSelection",
        guid=selection.guid,
        name=selection.name,
        startPosition=str(selection.start),
        endPosition=str(selection.end),
        creatingUser=selection.creating_user,
        creationDateTime=created,
    )
    if selection.description:
        _text_element(element, "Description", selection.description)
    for number, code_guid in enumerate(selection.code_guids):
        coding = _element(
            element,
            "Coding",
            guid=_coding_guid(selection.guid, number),
            creatingUser=selection.creating_user,
            creationDateTime=created,
        )
        _element(coding, "CodeRef", targetGUID=code_guid)


def _coding_guid(selection_guid: str, number: int) -> str:
    """A coding's guid, derived from its selection's so the same export gives the same file."""
    return str(uuid.uuid5(uuid.UUID(normal_guid(selection_guid)), f"coding-{number}"))


def write_qdpx(project: Project) -> bytes:
    """The ``.qdpx`` zip: ``project.qde`` and ``sources/<guid>.txt`` (UTF-8, no byte order mark)."""
    moment = (project.created_at or datetime(1980, 1, 1, tzinfo=UTC)).astimezone(UTC)
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo(PROJECT_FILE, stamp), build_qde(project), zipfile.ZIP_DEFLATED)
        for source in project.sources:
            info = zipfile.ZipInfo(source_path(source), stamp)
            archive.writestr(info, source.text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return out.getvalue()


# Checking against the schema -------------------------------------------------------------------


@functools.cache
def _schema():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def schema_available() -> bool:
    try:
        import lxml  # noqa: F401
    except ImportError:
        return False
    return True


def schema_errors(qde: bytes) -> list[tuple[int, str]]:
    """(line, message) of each way the document breaks the REFI-QDA project schema.

    Needs lxml (``schema_available``). Only for documents that have already passed the safe
    parser (no DOCTYPE, no entities); lxml is still told to resolve nothing and fetch nothing.
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    schema = _schema()
    if schema.validate(etree.fromstring(qde, parser)):
        return []
    return [(error.line, error.message) for error in schema.error_log]


# Reading ---------------------------------------------------------------------------------------

NOT_A_PROJECT = N_(
    "The selected file is not a REFI-QDA project. Export the project from your research tool as a .qdpx file"
)


def _not_a_project() -> ProjectFileError:
    return ProjectFileError(NOT_A_PROJECT)


def _too_many_entries() -> ProjectFileError:
    return ProjectFileError(
        N_("The project file has more than %(max)d files in it"), max=zipxml.MAX_ZIP_ENTRIES
    )


def _too_big() -> ProjectFileError:
    return ProjectFileError(
        N_("The project file expands to more than %(size)dMB when it is opened"),
        size=limits.MAX_INFLATED_BYTES // (1024 * 1024),
    )


class _Budget(zipxml.Budget):
    def too_big(self) -> ProjectFileError:  # type: ignore[override]
        return _too_big()


def unsafe_name(name: str) -> bool:
    """A name in the zip that could point outside the folder it is unpacked into."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return True
    first = name.split("/", 1)[0]
    if len(first) >= 2 and first[1] == ":":
        return True
    return any(part == ".." for part in PurePosixPath(name).parts)


def _read_member(archive: zipfile.ZipFile, name: str, budget: _Budget) -> bytes:
    info = archive.getinfo(name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        raise ProjectFileError(
            N_("The project file is encrypted or compressed in a way that cannot be read: %(name)s"),
            name=name,
        )
    chunks: list[bytes] = []
    try:
        with archive.open(info) as member:
            while chunk := member.read(zipxml.CHUNK_BYTES):
                budget.spend_bytes(len(chunk))
                chunks.append(chunk)
    except ProjectFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
        raise _not_a_project() from error
    return b"".join(chunks)


def read_qdpx(data: bytes, *, max_bytes: int) -> Project:
    """Read and check a ``.qdpx`` upload; raises :class:`ProjectFileError` at the first problem."""
    if not data:
        raise ProjectFileError(N_("The selected file is empty"))
    if len(data) > max_bytes:
        raise ProjectFileError(
            N_("The selected file must be smaller than %(size)dMB"), size=max_bytes // (1024 * 1024)
        )
    archive = zipxml.open_archive(data, not_valid=_not_a_project, too_many_entries=_too_many_entries)
    with archive:
        names = archive.namelist()
        for name in names:
            if unsafe_name(name):
                raise ProjectFileError(
                    N_(
                        "The project file has a file called ‘%(name)s’. Names in a project file must not start with / or a drive letter, or contain .. or backslashes"  # noqa: E501
                    ),
                    name=name[:200],
                )
        qde_name = _qde_name(names)
        budget = _Budget()
        qde = _read_member(archive, qde_name, budget)
        files = {name.casefold(): name for name in names if not name.endswith("/")}

        def read_source(path: str) -> bytes | None:
            found = files.get(f"{SOURCES_FOLDER}/{path}".casefold())
            return None if found is None else _read_member(archive, found, budget)

        return parse_qde(qde, read_source)


def _qde_name(names: Sequence[str]) -> str:
    if PROJECT_FILE in names:
        return PROJECT_FILE
    at_root = [n for n in names if "/" not in n and n.lower().endswith(".qde")]
    if len(at_root) == 1:
        return at_root[0]
    raise ProjectFileError(
        N_(
            "The selected file is not a REFI-QDA project: it has no project.qde. Export the project as a .qdpx file"  # noqa: E501
        )
    )


def _children(element: XmlElement, local: str) -> list[XmlElement]:
    return [c for c in element.children if qname(c.tag) == (NAMESPACE, local)]


def _child(element: XmlElement, local: str) -> XmlElement | None:
    found = _children(element, local)
    return found[0] if found else None


def _text_of(element: XmlElement | None) -> str:
    return "".join(element.text) if element is not None else ""


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_qde(qde: bytes, read_source) -> Project:
    """Read a ``project.qde``; ``read_source(path)`` gives the bytes of ``sources/<path>`` or
    ``None``. Raises :class:`ProjectFileError`."""
    root = formats.parse_xml(
        qde,
        max_elements=limits.MAX_ELEMENTS,
        max_depth=MAX_XML_DEPTH,
        error=ProjectFileError,
        declarations=N_(
            "The project file has a DOCTYPE or ENTITY declaration. REFI-QDA project files must not have one"
        ),
        too_many=N_("The project file is too large or nested too deeply to import"),
        not_well_formed=N_("The project.qde in the file is not well-formed XML (line %(line)d: %(reason)s)"),
    )
    if qname(root.tag) != (NAMESPACE, "Project"):
        raise ProjectFileError(
            N_(
                "The project.qde in the file is not a REFI-QDA project: it must start with a Project element in the namespace %(ns)s"  # noqa: E501
            ),
            ns=NAMESPACE,
        )
    if schema_available():
        errors = schema_errors(qde)
        if errors:
            line, reason = errors[0]
            raise ProjectFileError(
                N_(
                    "The project.qde in the file does not follow the REFI-QDA project schema (line %(line)d: %(reason)s)"  # noqa: E501
                ),
                line=line,
                reason=reason[:300],
            )
    project = Project(name=root.attributes.get("name", ""), origin=root.attributes.get("origin", ""))
    project.created_at = _moment(root.attributes.get("creationDateTime"))
    users = _child(root, "Users")
    for user in _children(users, "User") if users is not None else []:
        project.users.append(
            QdaUser(normal_guid(user.attributes.get("guid")), user.attributes.get("name", ""))
        )
    codebook = _child(root, "CodeBook")
    codes = _child(codebook, "Codes") if codebook is not None else None
    if codes is not None:
        try:
            project.codes = formats.codes_from_xml(codes, NAMESPACE)
        except ProjectFileError:
            raise
        except formats.CodebookFileError as error:
            raise ProjectFileError(error.template, **error.params) from None
    variables = _child(root, "Variables")
    for variable in _children(variables, "Variable") if variables is not None else []:
        project.variables.append(
            Variable(
                normal_guid(variable.attributes.get("guid")),
                formats.clean_name(variable.attributes.get("name", "")),
                variable.attributes.get("typeOfVariable", TEXT),
            )
        )
    code_guids = set(project.code_paths())
    sources = _child(root, "Sources")
    seen: set[str] = set()
    for element in sources.children if sources is not None else []:
        _namespace, local = qname(element.tag)
        name = formats.clean_name(element.attributes.get("name", ""))[:MAX_SOURCE_NAME]
        if local != "TextSource":
            project.skipped_sources.append(name or local)
            continue
        guid = normal_guid(element.attributes.get("guid"))
        name = name or f"Source {len(project.sources) + 1}"
        if guid in seen:
            raise ProjectFileError(
                N_("The project file has two sources with the same guid, ‘%(source)s’"), source=name
            )
        seen.add(guid)
        project.sources.append(_source(element, guid, name, read_source, code_guids))
    cases = _child(root, "Cases")
    for element in _children(cases, "Case") if cases is not None else []:
        refs = [normal_guid(r.attributes.get("targetGUID")) for r in _children(element, "SourceRef")]
        values = {}
        for holder in _children(element, "VariableValue"):
            ref = _child(holder, "VariableRef")
            value = next((c for c in holder.children if qname(c.tag)[1] != "VariableRef"), None)
            if ref is not None and value is not None:
                values[normal_guid(ref.attributes.get("targetGUID"))] = _text_of(value).strip()
        project.cases.append(
            Case(
                normal_guid(element.attributes.get("guid")),
                formats.clean_name(element.attributes.get("name", "")),
                values,
                [r for r in refs if r in seen],
            )
        )
    return project


def _source(element: XmlElement, guid: str, name: str, read_source, code_guids: set[str]) -> Source:
    inline = _child(element, "PlainTextContent")
    path = element.attributes.get("plainTextPath")
    if inline is not None:
        text = _text_of(inline)
    elif path:
        if not path.startswith(INTERNAL):
            raise ProjectFileError(
                N_(
                    "The text of ‘%(source)s’ is kept outside the project file (%(path)s). Export the project with its sources inside it"  # noqa: E501
                ),
                source=name,
                path=path[:200],
            )
        inner = path[len(INTERNAL) :].lstrip("/")
        data = None if unsafe_name(inner) else read_source(inner)
        if data is None:
            raise ProjectFileError(
                N_("The project file has no text for ‘%(source)s’: %(path)s is not in the file"),
                source=name,
                path=f"{SOURCES_FOLDER}/{inner}"[:200],
            )
        try:
            text = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError:
            raise ProjectFileError(
                N_("The text of ‘%(source)s’ is not UTF-8. Export the project again with UTF-8 text"),
                source=name,
            ) from None
    else:
        raise ProjectFileError(N_("The project file has no plain text for ‘%(source)s’"), source=name)
    if len(text) > limits.MAX_CHARACTERS:
        raise ProjectFileError(
            N_("The text of ‘%(source)s’ has more than %(max)s characters"),
            source=name,
            max=f"{limits.MAX_CHARACTERS:,}",
        )
    source = Source(
        guid=guid,
        name=name,
        text=text,
        description=_text_of(_child(element, "Description")).strip(),
        creating_user=normal_guid(element.attributes.get("creatingUser")) or None,
        created_at=_moment(element.attributes.get("creationDateTime")),
    )
    for selection in _children(element, "PlainTextSelection"):
        source.selections.append(_selection_of(selection, source, code_guids))
    for holder in _children(element, "VariableValue"):
        ref = _child(holder, "VariableRef")
        value = next((c for c in holder.children if qname(c.tag)[1] != "VariableRef"), None)
        if ref is not None and value is not None:
            source.variables[normal_guid(ref.attributes.get("targetGUID"))] = _text_of(value).strip()
    return source


def _selection_of(element: XmlElement, source: Source, code_guids: set[str]) -> Selection:
    try:
        start = int(element.attributes.get("startPosition", ""))
        end = int(element.attributes.get("endPosition", ""))
    except ValueError:
        raise ProjectFileError(
            N_("The project file has a selection in ‘%(source)s’ without a start and end position"),
            source=source.name,
        ) from None
    if start < 0 or end < start:
        raise ProjectFileError(
            N_("The project file has a selection in ‘%(source)s’ that ends before it starts"),
            source=source.name,
        )
    if end > len(source.text):
        raise ProjectFileError(
            N_("The project file has a selection in ‘%(source)s’ that ends after the end of its text"),
            source=source.name,
        )
    if end == start:
        raise ProjectFileError(
            N_(
                "The project file has an empty selection in ‘%(source)s’ (it starts and ends at %(position)d)"
            ),
            source=source.name,
            position=start,
        )
    wanted: list[str] = []
    for coding in _children(element, "Coding"):
        ref = _child(coding, "CodeRef")
        target = normal_guid(ref.attributes.get("targetGUID")) if ref is not None else ""
        if target not in code_guids:
            raise ProjectFileError(
                N_("The project file has a coding in ‘%(source)s’ with a code that is not in its codebook"),
                source=source.name,
            )
        if target not in wanted:
            wanted.append(target)
    return Selection(
        guid=normal_guid(element.attributes.get("guid")),
        start=start,
        end=end,
        name=element.attributes.get("name", ""),
        description=_text_of(_child(element, "Description")).strip(),
        code_guids=wanted,
        creating_user=normal_guid(element.attributes.get("creatingUser")) or None,
        created_at=_moment(element.attributes.get("creationDateTime")),
    )


def short_quote(text: str, length: int = 60) -> str:
    """A selection's name: the start of its quote on one line, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] or flat[:length]
    return cut + "…"


def variables_named(project: Project, values: dict[str, str]) -> dict[str, str]:
    """A case's or source's values by variable name (casefolded) instead of guid."""
    names = {v.guid: v.name.casefold() for v in project.variables}
    return {names[guid]: value for guid, value in values.items() if guid in names}


def iter_selections(project: Project) -> Iterable[tuple[Source, Selection]]:
    for source in project.sources:
        for selection in source.selections:
            yield source, selection

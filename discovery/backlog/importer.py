"""Read a backlog CSV back: status and external reference changes, by item id.

A squad exports the generic CSV (``export.generic_csv``), updates it in a spreadsheet or after
an import into Jira (the status moved, the item got a key), and uploads it again. Only two
columns are read — ``status`` and ``external_reference`` — matched by ``id``; the other
columns of the export are accepted and ignored, so the file can go round unchanged. Nothing
is ever created, so an import cannot duplicate an item.

:func:`parse` checks the whole file before anything is changed and collects *every* problem
with its row number (the spreadsheet's: the header is row 1), so a person fixes the file
once, not one error per upload; ``services.apply_import`` then applies all of it or, if the
parse found anything wrong, none of it. Messages are marked with ``N_`` and translated by the
form when shown, with their parameters filled in after.
"""

from __future__ import annotations

import codecs
import csv
import io
import uuid
from collections.abc import Container, Mapping
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm.exc import StaleDataError

from discovery.backlog.export import GENERIC_COLUMNS
from discovery.backlog.models import BacklogItem
from discovery.backlog.services import StaleItemError, clean_external_ref
from discovery.core import audit
from discovery.core.models import AuditEvent, Discovery, User
from discovery.core.vocab import BACKLOG_STATUSES
from discovery.extensions import db
from research_notes.importers.results import N_

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000
UTF8 = "UTF-8"
UTF8_BOM = "UTF-8 with BOM"
READ_COLUMNS = ("status", "external_reference")
KNOWN_COLUMNS = frozenset(GENERIC_COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "'", "\t", "\r")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: an English template and the values it names."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.template % dict(self.params) if self.params else self.template


class ImportProblems(ValueError):
    """The file cannot be imported; ``problems`` lists everything wrong with it, in file order."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class PlannedRow:
    """What one row asks for: ``None`` means the file does not say (the column is absent)."""

    row: int
    item_id: uuid.UUID
    status: str | None
    external_ref: str | None


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[PlannedRow, ...]
    encoding: str
    columns: tuple[str, ...]  # the file's columns, as named in it

    @property
    def ignored_columns(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in ("id", *READ_COLUMNS))


def decode(data: bytes) -> tuple[str, str]:
    """The text of an upload that must be UTF-8 (with or without a byte order mark)."""
    if not data.strip(b" \t\r\n" + codecs.BOM_UTF8):
        raise ImportProblems([Problem(N_("The selected file is empty"))])
    if len(data) > MAX_BYTES:
        raise ImportProblems([Problem(N_("The selected file must be smaller than 2 MB"))])
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportProblems(
            [Problem(N_("The selected file is an Excel workbook. Save it as ‘CSV UTF-8’ and upload that"))]
        )
    encoding = UTF8_BOM if data.startswith(codecs.BOM_UTF8) else UTF8
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems(
            [
                Problem(
                    N_(
                        "The selected file is not saved as UTF-8. Save it as ‘CSV UTF-8’ "
                        "in your spreadsheet program and upload it again"
                    )
                )
            ]
        ) from None
    if "\x00" in text:
        raise ImportProblems([Problem(N_("The selected file is not a CSV file"))])
    return text, encoding


def _records(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    try:
        for cells in reader:
            records.append(cells)
            if len(records) > MAX_ROWS + 1:
                raise ImportProblems(
                    [
                        Problem(
                            N_("The file has more than %(max)s rows. Split it into smaller files"),
                            {"max": MAX_ROWS},
                        )
                    ]
                )
    except csv.Error:
        raise ImportProblems(
            [
                Problem(
                    N_("Row %(row)d could not be read: check its quotation marks"), {"row": len(records) + 1}
                )
            ]
        ) from None
    return records


def _unprotect(cell: str) -> str:
    """Take off the apostrophe the export puts before a cell a spreadsheet would run."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(_FORMULA_START) else cell


def parse(data: bytes, known_ids: Container[uuid.UUID], status_words: Mapping[str, str]) -> ImportPlan:
    """Check the file and say what it asks for, or raise ``ImportProblems`` listing every problem.

    ``known_ids`` are the ids of the discovery's items; ``status_words`` maps every accepted
    word for a status (its key and its English and Welsh labels, case-folded) to the key.
    """
    text, encoding = decode(data)
    records = _records(text)
    if not records:
        raise ImportProblems([Problem(N_("The selected file is empty"))])
    header = [h.strip() for h in records[0]]
    names = [h.casefold() for h in header]
    problems: list[Problem] = []
    unknown = [h for h, n in zip(header, names, strict=True) if n not in KNOWN_COLUMNS]
    if unknown:
        problems.append(
            Problem(
                N_(
                    "The file has columns this import does not know: %(columns)s. Use the columns of the backlog CSV export"  # noqa: E501
                ),
                {"columns": ", ".join(f"‘{u}’" if u else "(no name)" for u in unknown)},
            )
        )
    repeated = sorted({n for n in names if names.count(n) > 1 and n in KNOWN_COLUMNS})
    if repeated:
        problems.append(
            Problem(
                N_("The file has more than one column called %(columns)s"), {"columns": ", ".join(repeated)}
            )
        )
    if "id" not in names:
        problems.append(Problem(N_("The file must have an ‘id’ column, as the backlog CSV export does")))
    if problems:
        raise ImportProblems(problems)
    where = {n: names.index(n) for n in names}
    planned: list[PlannedRow] = []
    seen: dict[uuid.UUID, int] = {}
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str, cells: list[str] = cells) -> str | None:
            if name not in where:
                return None
            index = where[name]
            return _unprotect(cells[index].strip()) if index < len(cells) else ""

        raw_id = cell("id") or ""
        try:
            item_id = uuid.UUID(raw_id)
        except ValueError:
            problems.append(
                Problem(
                    N_("Row %(row)d: ‘%(id)s’ is not an item id. Copy ids from the export"),
                    {"row": number, "id": raw_id},
                )
                if raw_id
                else Problem(N_("Row %(row)d: enter the item’s id"), {"row": number})
            )
            continue
        if item_id in seen:
            problems.append(
                Problem(
                    N_("Row %(row)d: item %(id)s is also on row %(first)d. Each item can be on one row only"),
                    {"row": number, "id": item_id, "first": seen[item_id]},
                )
            )
            continue
        seen[item_id] = number
        if item_id not in known_ids:
            problems.append(
                Problem(
                    N_("Row %(row)d: there is no item with id %(id)s in this discovery"),
                    {"row": number, "id": item_id},
                )
            )
            continue
        status = cell("status")
        if status:
            key = status_words.get(" ".join(status.split()).casefold())
            if key is None:
                problems.append(
                    Problem(
                        N_(
                            "Row %(row)d: ‘%(status)s’ is not a status. Use To do, In progress, Done or Dropped"  # noqa: E501
                        ),
                        {"row": number, "status": status},
                    )
                )
                continue
            status = key
        ref = cell("external_reference")
        if ref is not None:
            cleaned = clean_external_ref(ref)
            if cleaned is None:
                problems.append(
                    Problem(
                        N_(
                            "Row %(row)d: ‘%(ref)s’ is not a Jira key such as ASC-123 or a web address starting with https://"  # noqa: E501
                        ),
                        {"row": number, "ref": ref},
                    )
                )
                continue
            ref = cleaned
        planned.append(PlannedRow(number, item_id, status or None, ref))
    if problems:
        raise ImportProblems(problems)
    return ImportPlan(tuple(planned), encoding, tuple(header))


# Applying --------------------------------------------------------------------------------------


def status_words() -> dict[str, str]:
    """Every word accepted for a status, case-folded: its key and its English and Welsh labels."""
    words = {}
    for key, name in BACKLOG_STATUSES.items():
        words[key.casefold()] = key
        words[key.replace("_", " ").casefold()] = key
        for locale in ("en", "cy"):
            with force_locale(locale):
                words[" ".join(str(name).split()).casefold()] = key
    return words


def parse_for(discovery: Discovery, data: bytes) -> ImportPlan:
    """:func:`parse` against this discovery's items."""
    ids = set(db.session.scalars(sa.select(BacklogItem.id).where(BacklogItem.discovery_id == discovery.id)))
    return parse(data, ids, status_words())


@dataclass(frozen=True)
class BacklogImport:
    """What an import's audit event is about: a random id (its result page's address, which
    cannot be guessed or counted through) within a discovery."""

    id: uuid.UUID
    discovery_id: uuid.UUID


@dataclass(frozen=True)
class ImportResult:
    import_id: uuid.UUID
    changed: int
    unchanged: int


def apply_import(
    discovery: Discovery, plan: ImportPlan, actor: User | None, filename: str = ""
) -> ImportResult:
    """Apply what the file asks, all in this transaction, and record it.

    Each changed item's version moves (so a form opened before the import is refused as stale)
    and its history says what the import changed; one event on the import lists every change
    for the result page. An item changed by someone else since the file was read raises
    ``StaleItemError`` and, with the caller's rollback, nothing is applied.
    """
    items = {
        i.id: i
        for i in db.session.scalars(
            sa.select(BacklogItem).where(
                BacklogItem.discovery_id == discovery.id, BacklogItem.id.in_([r.item_id for r in plan.rows])
            )
        )
    }
    record = BacklogImport(uuid.uuid4(), discovery.id)
    changes = []
    unchanged = 0
    for planned in plan.rows:
        item = items[planned.item_id]
        change: dict[str, object] = {"item": str(item.id), "number": item.number, "title": item.title}
        if planned.status is not None and planned.status != item.status:
            change["status"] = [item.status, planned.status]
            item.status = planned.status
        if planned.external_ref is not None and planned.external_ref != item.external_ref:
            change["external_ref"] = [item.external_ref, planned.external_ref]
            item.external_ref = planned.external_ref
        if len(change) == 3:
            unchanged += 1
            continue
        changes.append(change)
        audit.record(
            "backlog_item_imported",
            item,
            actor=actor,
            import_id=str(record.id),
            **{k: v for k, v in change.items() if k in ("status", "external_ref")},
        )
    try:
        db.session.flush()
    except StaleDataError:
        # The failed flush leaves the transaction unusable; undo all of the import now.
        db.session.rollback()
        raise StaleItemError("backlog import") from None
    changes.sort(key=lambda c: c["number"])
    audit.record(
        "backlog_imported",
        record,
        actor=actor,
        filename=filename[:255],
        encoding=plan.encoding,
        rows=len(plan.rows),
        changes=changes,
        unchanged=unchanged,
        ignored_columns=list(plan.ignored_columns),
    )
    db.session.flush()
    return ImportResult(record.id, len(changes), unchanged)


def import_summary(discovery: Discovery, import_id: uuid.UUID, user: User) -> AuditEvent | None:
    """The audit event of an import into this discovery *by this user*, for its result page."""
    return db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.action == "backlog_imported",
            AuditEvent.object_type == BacklogImport.__name__,
            AuditEvent.object_id == str(import_id),
            AuditEvent.discovery_id == discovery.id,
            AuditEvent.actor_id == user.id,
        )
    )

"""Queries and writes for a discovery's codebook: hierarchical tags, merging, bulk tagging, files.

Services flush and audit; the request commits. Names are compared without regard to case
(‘Phone queues’ and ‘phone queues’ are one tag), which is stricter than the database's
unique constraints, so the form's check comes first and the constraint is the backstop.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from discovery.core import audit
from discovery.core.models import AuditEvent, Discovery, User
from discovery.core.writes import DuplicateValueError, unique
from discovery.extensions import db
from research_notes.models import Finding, Tag, finding_tags
from research_notes.tags import codebook_formats as formats


class DuplicateTagError(DuplicateValueError):
    """A tag with this name already exists under the same parent (``field`` is the form field:
    ``name``, or ``name_cy`` when it is the Welsh name that is taken)."""

    def __init__(self, field: str = "name", message: str | None = None) -> None:
        super().__init__(field, message)


class StaleTagError(ValueError):
    """Someone else saved the tag after this edit's form was opened; nothing was saved."""


class TagCycleError(ValueError):
    """The change would put a tag inside itself or one of its own sub-tags."""


class UnknownIdError(ValueError):
    """An id passed to a service is not a finding or tag of this discovery."""


@dataclass(frozen=True)
class TagData:
    name: str
    description: str
    colour: str
    parent_id: uuid.UUID | None
    name_cy: str = ""
    description_cy: str = ""


@dataclass(frozen=True)
class CodebookRow:
    """One line of the codebook page: the tag, how deep it sits, and how much it is used."""

    tag: Tag
    depth: int
    path: tuple[str, ...]
    findings: int
    findings_with_subtags: int
    has_children: bool


# Reading the codebook ------------------------------------------------------------------------


def tags_for(discovery: Discovery) -> list[Tag]:
    return list(db.session.scalars(select(Tag).where(Tag.discovery_id == discovery.id)))


def _children_map(tags: Iterable[Tag]) -> dict[uuid.UUID | None, list[Tag]]:
    children: dict[uuid.UUID | None, list[Tag]] = defaultdict(list)
    for tag in tags:
        children[tag.parent_id].append(tag)
    for siblings in children.values():
        siblings.sort(key=lambda t: (formats.name_key(t.name), t.name))
    return children


def ordered_tags(
    tags: list[Tag], children: dict[uuid.UUID | None, list[Tag]] | None = None
) -> list[tuple[Tag, tuple[str, ...]]]:
    """Tags depth first, siblings by name, each with the names of its ancestors.

    ``children`` is ``_children_map(tags)`` when the caller has already built it.
    """
    if children is None:
        children = _children_map(tags)
    ordered: list[tuple[Tag, tuple[str, ...]]] = []
    stack = [(tag, ()) for tag in reversed(children[None])]
    while stack:
        tag, path = stack.pop()
        ordered.append((tag, path))
        stack.extend((child, (*path, tag.name)) for child in reversed(children[tag.id]))
    return ordered


def tag_path(tag: Tag) -> str:
    """‘Contact > Phone queues’: a tag's name with its ancestors."""
    names = []
    seen: set[uuid.UUID] = set()
    node: Tag | None = tag
    while node is not None and node.id not in seen:
        seen.add(node.id)
        names.append(node.name)
        node = node.parent
    return formats.PATH_SEPARATOR.join(reversed(names))


def tags_by_path(discovery: Discovery) -> dict[tuple[str, ...], Tag]:
    """Every tag of the discovery keyed by its path of compared names (``formats.name_key``),
    so ‘barriers > cost’ typed in a spreadsheet finds the tag ‘Barriers › Cost’."""
    return {
        tuple(formats.name_key(n) for n in (*path, tag.name)): tag
        for tag, path in ordered_tags(tags_for(discovery))
    }


def ensure_tag_path(
    discovery: Discovery, names: tuple[str, ...], index: dict[tuple[str, ...], Tag]
) -> tuple[Tag, list[str]]:
    """The tag at ``names`` (cleaned names, root first), creating any missing level.

    ``index`` is :func:`tags_by_path`'s and gains the tags created. Returns the tag and the
    paths of the tags created (each created with :func:`create_tag`, so audited). Raises
    DuplicateTagError if someone adds the same tag at the same moment.
    """
    parent: Tag | None = None
    created: list[str] = []
    for depth in range(1, len(names) + 1):
        key = tuple(formats.name_key(n) for n in names[:depth])
        tag = index.get(key)
        if tag is None:
            tag = create_tag(
                discovery,
                TagData(
                    names[depth - 1], "", formats.DEFAULT_COLOUR, parent.id if parent is not None else None
                ),
            )
            index[key] = tag
            created.append(formats.PATH_SEPARATOR.join(names[:depth]))
        parent = tag
    if parent is None:
        raise ValueError("A tag path has at least one level")
    return parent, created


def codebook(discovery: Discovery) -> list[CodebookRow]:
    """Every tag in codebook order with the number of findings tagged with it.

    ``findings_with_subtags`` counts distinct findings tagged with the tag or any tag below
    it, so a finding tagged with both a parent and its child is counted once.
    """
    tags = tags_for(discovery)
    direct: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    query = (
        select(finding_tags.c.tag_id, finding_tags.c.finding_id)
        .join(Tag, Tag.id == finding_tags.c.tag_id)
        .where(Tag.discovery_id == discovery.id)
    )
    for tag_id, finding_id in db.session.execute(query):
        direct[tag_id].add(finding_id)
    children = _children_map(tags)

    subtree: dict[uuid.UUID, set[uuid.UUID]] = {}
    ordered = ordered_tags(tags, children)
    for tag, _path in reversed(ordered):  # children before parents
        found = set(direct[tag.id])
        for child in children[tag.id]:
            found |= subtree[child.id]
        subtree[tag.id] = found
    return [
        CodebookRow(
            tag=tag,
            depth=len(path),
            path=path,
            findings=len(direct[tag.id]),
            findings_with_subtags=len(subtree[tag.id]),
            has_children=bool(children[tag.id]),
        )
        for tag, path in ordered
    ]


def descendant_ids(tag: Tag, children: dict[uuid.UUID | None, list[Tag]] | None = None) -> set[uuid.UUID]:
    """Ids of every tag below ``tag`` (not the tag itself).

    ``children`` is the ``_children_map`` of the tag's discovery when the caller has already
    loaded it; otherwise the discovery's tags are read.
    """
    if children is None:
        children = _children_map(tags_for(tag.discovery))
    found: set[uuid.UUID] = set()
    stack = [tag.id]
    while stack:
        for child in children[stack.pop()]:
            if child.id not in found:
                found.add(child.id)
                stack.append(child.id)
    return found


def parent_choices(discovery: Discovery, tag: Tag | None = None) -> list[tuple[Tag, str]]:
    """Tags a tag may be put under: all but itself and its own sub-tags, with their paths."""
    tags = tags_for(discovery)
    children = _children_map(tags)
    excluded = {tag.id} | descendant_ids(tag, children) if tag is not None else set()
    return [
        (t, formats.PATH_SEPARATOR.join((*path, t.name)))
        for t, path in ordered_tags(tags, children)
        if t.id not in excluded
    ]


def get_tag(discovery: Discovery, tag_id: str | uuid.UUID | None) -> Tag | None:
    """A tag of this discovery by id (a string from a form is fine); ``None`` otherwise."""
    try:
        wanted = tag_id if isinstance(tag_id, uuid.UUID) else uuid.UUID(str(tag_id))
    except (TypeError, ValueError):
        return None
    tag = db.session.get(Tag, wanted)
    return tag if tag is not None and tag.discovery_id == discovery.id else None


def _sibling_named(
    discovery_id: uuid.UUID, parent_id: uuid.UUID | None, name: str, exclude: Iterable[uuid.UUID] = ()
) -> Tag | None:
    query = select(Tag).where(Tag.discovery_id == discovery_id)
    query = query.where(Tag.parent_id.is_(None) if parent_id is None else Tag.parent_id == parent_id)
    skip = set(exclude)
    key = formats.name_key(name)
    return next(
        (t for t in db.session.scalars(query) if formats.name_key(t.name) == key and t.id not in skip),
        None,
    )


def name_taken(
    discovery: Discovery, name: str, parent_id: uuid.UUID | None, exclude_id: uuid.UUID | None = None
) -> bool:
    """Is there already a tag called ``name`` (any case) under this parent?"""
    exclude = [exclude_id] if exclude_id else []
    return _sibling_named(discovery.id, parent_id, name, exclude) is not None


def welsh_name_taken_by(
    discovery: Discovery, name_cy: str, parent_id: uuid.UUID | None, exclude_id: uuid.UUID | None = None
) -> Tag | None:
    """The tag under this parent that already has the Welsh name ``name_cy`` (any case), if any.

    Welsh names are kept apart the way English names are, so a Welsh page never shows two
    sibling tags with the same name. The database has no constraint for it (an empty Welsh
    name is shared by many tags), so this check is the only guard.
    """
    key = formats.name_key(name_cy)
    if not key:
        return None
    query = select(Tag).where(Tag.discovery_id == discovery.id, Tag.name_cy != "")
    query = query.where(Tag.parent_id.is_(None) if parent_id is None else Tag.parent_id == parent_id)
    return next(
        (t for t in db.session.scalars(query) if formats.name_key(t.name_cy) == key and t.id != exclude_id),
        None,
    )


def would_loop(tag: Tag, new_parent_id: uuid.UUID | None) -> bool:
    """Would putting ``tag`` under ``new_parent_id`` make it its own ancestor?"""
    return new_parent_id is not None and (new_parent_id == tag.id or new_parent_id in descendant_ids(tag))


# Changing tags -------------------------------------------------------------------------------


def _flush_or_duplicate(change) -> None:
    """Make a change and flush it inside a savepoint (discovery.core.writes.unique), so a
    unique-constraint race becomes DuplicateTagError and leaves the rest of the request's work
    alone. (Opening a savepoint flushes, so the change must be made inside it.)
    """
    with unique("name", DuplicateTagError):
        change()


def create_tag(discovery: Discovery, data: TagData) -> Tag:
    """Add a tag. Raises DuplicateTagError when the parent already has a tag of that name."""
    name = formats.clean_name(data.name)
    if data.parent_id is not None and get_tag(discovery, data.parent_id) is None:
        raise UnknownIdError("The parent is not a tag of this discovery")
    name_cy = formats.clean_name(data.name_cy)
    if name_taken(discovery, name, data.parent_id):
        raise DuplicateTagError("name")
    if welsh_name_taken_by(discovery, name_cy, data.parent_id):
        raise DuplicateTagError("name_cy")
    tag = Tag(
        id=uuid.uuid4(),
        discovery_id=discovery.id,
        parent_id=data.parent_id,
        name=name,
        description=formats.clean_description(data.description),
        name_cy=name_cy,
        description_cy=formats.clean_description(data.description_cy),
        colour=data.colour,
    )
    _flush_or_duplicate(lambda: db.session.add(tag))
    audit.record(
        "tag_created",
        tag,
        name=name,
        name_cy=name_cy,
        parent=str(data.parent_id) if data.parent_id else None,
        colour=tag.colour,
    )
    return tag


def update_tag(tag: Tag, data: TagData, *, expected_version: int | None = None) -> Tag:
    """Rename, describe, recolour or move a tag; its findings stay with it.

    Raises TagCycleError when the new parent is the tag or one of its sub-tags,
    DuplicateTagError when the new parent already has a tag of that name, in either language,
    and StaleTagError when ``expected_version`` (the version the edit form was opened at) is no
    longer the tag's, or someone saves it while this save is under way.
    """
    if expected_version is not None and tag.version != expected_version:
        raise StaleTagError(tag.name)
    name = formats.clean_name(data.name)
    name_cy = formats.clean_name(data.name_cy)
    if would_loop(tag, data.parent_id):
        raise TagCycleError(tag.name)
    if data.parent_id is not None and get_tag(tag.discovery, data.parent_id) is None:
        raise UnknownIdError("The parent is not a tag of this discovery")
    if name_taken(tag.discovery, name, data.parent_id, exclude_id=tag.id):
        raise DuplicateTagError("name")
    if welsh_name_taken_by(tag.discovery, name_cy, data.parent_id, exclude_id=tag.id):
        raise DuplicateTagError("name_cy")
    wanted = {
        "name": name,
        "description": formats.clean_description(data.description),
        "name_cy": name_cy,
        "description_cy": formats.clean_description(data.description_cy),
        "colour": data.colour,
        "parent_id": data.parent_id,
    }
    changes = {
        key: {"from": getattr(tag, key), "to": value}
        for key, value in wanted.items()
        if getattr(tag, key) != value
    }
    if not changes:
        return tag

    def change() -> None:
        for key in changes:
            setattr(tag, key, wanted[key])

    try:
        _flush_or_duplicate(change)
    except StaleDataError:
        raise StaleTagError(tag.name) from None
    db.session.expire(tag, ["parent", "children"])
    action = "tag_renamed" if set(changes) <= {"name", "name_cy"} else "tag_updated"
    audit.record(action, tag, changes=changes)
    return tag


@dataclass
class MoveSummary:
    findings_moved: int = 0
    findings_already_tagged: int = 0
    children_moved: list[str] = field(default_factory=list)
    children_merged: list[str] = field(default_factory=list)


def _findings_tagged(tag: Tag) -> list[Finding]:
    query = select(Finding).join(finding_tags, finding_tags.c.finding_id == Finding.id)
    return list(db.session.scalars(query.where(finding_tags.c.tag_id == tag.id)))


def _finding_count(tag: Tag) -> int:
    return len(_findings_tagged(tag))


def _park(tag: Tag) -> None:
    """Give a tag that is about to go a name nothing else has, so a child can take its place."""
    tag.name = f"~{tag.id.hex}"
    db.session.flush()


def _absorb(source: Tag, target: Tag | None, parent_for_children: Tag | None, summary: MoveSummary) -> None:
    """Move ``source``'s findings to ``target`` (or drop them), its children under
    ``parent_for_children`` (merging a child into a same-named tag already there), then
    delete ``source``.
    """
    for finding in _findings_tagged(source):
        if target is not None:
            if any(t.id == target.id for t in finding.tags):
                summary.findings_already_tagged += 1
            else:
                finding.tags.append(target)
                summary.findings_moved += 1
        finding.tags.remove(source)
    db.session.flush()
    children = list(source.children)
    _park(source)
    new_parent_id = parent_for_children.id if parent_for_children is not None else None
    for child in children:
        clash = _sibling_named(source.discovery_id, new_parent_id, child.name, exclude=[source.id, child.id])
        if clash is not None:
            summary.children_merged.append(child.name)
            _absorb(child, clash, clash, MoveSummary())
        else:
            child.parent = parent_for_children
            child.parent_id = new_parent_id
            summary.children_moved.append(child.name)
            db.session.flush()
    db.session.expire(source, ["children"])
    db.session.delete(source)
    db.session.flush()


def merge_problem(source: Tag, target: Tag) -> str | None:
    """Why ``source`` cannot be merged into ``target``: "itself", "loop" or ``None``."""
    if source.id == target.id:
        return "itself"
    if target.id in descendant_ids(source):
        return "loop"
    return None


@dataclass(frozen=True)
class MergePreview:
    """What a merge will do. The sub-tags are tags, so the page can name them in its language."""

    findings: int
    findings_already_tagged: int
    children: list[Tag]
    children_to_merge: list[Tag]


def merge_preview(source: Tag, target: Tag) -> MergePreview:
    """What a merge will do, for the confirmation page."""
    findings = _findings_tagged(source)
    already = sum(1 for f in findings if any(t.id == target.id for t in f.tags))
    children = list(source.children)
    clashes = [
        c
        for c in source.children
        if _sibling_named(source.discovery_id, target.id, c.name, exclude=[source.id, c.id]) is not None
    ]
    return MergePreview(len(findings), already, children, clashes)


def merge_tags(source: Tag, target: Tag) -> MoveSummary:
    """Merge ``source`` into ``target``: findings tagged with the source get the target
    (never twice), the source's sub-tags move under the target (a sub-tag whose name the
    target already has is merged into that one, and so on down), and the source is deleted.

    Raises TagCycleError for merging a tag into itself or into one of its own sub-tags.
    """
    if merge_problem(source, target) is not None:
        raise TagCycleError(source.name)
    source_name, source_id = source.name, source.id
    summary = MoveSummary()
    _absorb(source, target, target, summary)
    audit.record(
        "tags_merged",
        target,
        source=source_name,
        source_id=str(source_id),
        target=target.name,
        findings_moved=summary.findings_moved,
        findings_already_tagged=summary.findings_already_tagged,
        children_moved=summary.children_moved,
        children_merged=summary.children_merged,
    )
    return summary


@dataclass(frozen=True)
class DeletePreview:
    findings: int
    children: list[Tag]
    children_to_merge: list[Tag]
    new_parent: Tag | None


def delete_preview(tag: Tag) -> DeletePreview:
    clashes = [
        c
        for c in tag.children
        if _sibling_named(tag.discovery_id, tag.parent_id, c.name, exclude=[tag.id, c.id]) is not None
    ]
    return DeletePreview(_finding_count(tag), list(tag.children), clashes, tag.parent)


def delete_tag(tag: Tag) -> MoveSummary:
    """Delete a tag: findings lose it (and keep their other tags); its sub-tags move up one
    level, and a sub-tag whose name is already used at that level is merged into that tag.
    """
    name, parent = tag.name, tag.parent
    summary = MoveSummary()
    findings = _finding_count(tag)
    audit.record(
        "tag_deleted",
        tag,
        name=name,
        parent=tag_path(parent) if parent else None,
        findings_untagged=findings,
        children=[c.name for c in tag.children],
    )
    _absorb(tag, None, parent, summary)
    return summary


# Bulk tagging --------------------------------------------------------------------------------


def _uuids(ids: Iterable[str | uuid.UUID], what: str) -> set[uuid.UUID]:
    try:
        return {i if isinstance(i, uuid.UUID) else uuid.UUID(str(i)) for i in ids}
    except (TypeError, ValueError):
        raise UnknownIdError(f"Not a {what} id") from None


def bulk_tag(
    discovery: Discovery,
    finding_ids: Iterable[str | uuid.UUID],
    add_tag_ids: Iterable[str | uuid.UUID] = (),
    remove_tag_ids: Iterable[str | uuid.UUID] = (),
    actor: User | None = None,
) -> int:
    """Add and remove tags on many findings at once; return how many findings changed.

    Every finding id and tag id must belong to ``discovery`` (ids may be UUIDs or strings),
    otherwise :class:`UnknownIdError` is raised and nothing changes; a tag in both lists is
    an UnknownIdError too. It is idempotent: adding a tag a finding already has, or removing
    one it does not have, changes nothing. One audit event, ``findings_bulk_tagged``, records
    the counts and tag names when anything changed. Flushes; the caller's request commits.
    """
    wanted_findings = _uuids(finding_ids, "finding")
    add_ids = _uuids(add_tag_ids, "tag")
    remove_ids = _uuids(remove_tag_ids, "tag")
    if add_ids & remove_ids:
        raise UnknownIdError("A tag cannot be both added and removed")
    tags = {
        t.id: t
        for t in db.session.scalars(
            select(Tag).where(Tag.discovery_id == discovery.id, Tag.id.in_(add_ids | remove_ids))
        )
    }
    if len(tags) != len(add_ids | remove_ids):
        raise UnknownIdError("A tag is not in this discovery")
    findings = list(
        db.session.scalars(
            select(Finding).where(Finding.discovery_id == discovery.id, Finding.id.in_(wanted_findings))
        )
    )
    if len(findings) != len(wanted_findings):
        raise UnknownIdError("A finding is not in this discovery")

    changed = 0
    for finding in findings:
        current = {t.id for t in finding.tags}
        to_add = [tags[i] for i in add_ids - current]
        to_remove = [t for t in finding.tags if t.id in remove_ids]
        if to_add or to_remove:
            changed += 1
            finding.tags.extend(to_add)
            for tag in to_remove:
                finding.tags.remove(tag)
    db.session.flush()
    if changed:
        audit.record(
            "findings_bulk_tagged",
            discovery,
            actor=actor,
            findings=len(findings),
            changed=changed,
            added=sorted(tags[i].name for i in add_ids),
            removed=sorted(tags[i].name for i in remove_ids),
        )
    return changed


# Files ---------------------------------------------------------------------------------------


def export_tree(discovery: Discovery) -> list[formats.CodeNode]:
    """The codebook as plain CodeNodes (tag ids as guids), siblings in name order."""
    nodes: dict[uuid.UUID, formats.CodeNode] = {}
    roots: list[formats.CodeNode] = []
    for tag, _path in ordered_tags(tags_for(discovery)):
        node = formats.CodeNode(
            tag.name,
            tag.description or "",
            tag.colour,
            guid=str(tag.id),
            name_cy=tag.name_cy or "",
            description_cy=tag.description_cy or "",
        )
        nodes[tag.id] = node
        (nodes[tag.parent_id].children if tag.parent_id else roots).append(node)
    return roots


def export_codebook(discovery: Discovery, file_format: str) -> bytes:
    """The codebook as a CSV or REFI-QDA file; the download is audited."""
    roots = export_tree(discovery)
    data = formats.export_csv(roots) if file_format == "csv" else formats.export_qdc(roots)
    audit.record("codebook_exported", discovery, format=file_format, tags=sum(1 for _ in formats.walk(roots)))
    return data


def existing_paths(discovery: Discovery) -> list[tuple[str, ...]]:
    return [(*path, tag.name) for tag, path in ordered_tags(tags_for(discovery))]


@dataclass(frozen=True)
class ImportResult:
    created: list[str]
    skipped: list[str]
    import_id: uuid.UUID


@dataclass(frozen=True)
class CodebookImport:
    """What an import's audit event is about: a random id (its summary page's address, which
    cannot be guessed or counted through) within a discovery."""

    id: uuid.UUID
    discovery_id: uuid.UUID


def import_codebook(discovery: Discovery, parsed: formats.ParsedCodebook, filename: str) -> ImportResult:
    """Merge a parsed codebook into the discovery in one savepoint: all of it or none.

    A code whose name (any case) already exists under the same parent is skipped and
    reported, and its sub-codes are merged under the existing tag; everything else is
    created. A created tag whose Welsh name an existing sibling already has is created
    without it (its English name still tells them apart), rather than refusing the file.
    Raises DuplicateTagError("file") if the database refuses a name after all
    (someone added the same tag at the same moment), having undone the whole import.
    """
    existing = tags_for(discovery)
    by_place = {(t.parent_id, formats.name_key(t.name)): t for t in existing}
    welsh_taken = {(t.parent_id, formats.name_key(t.name_cy)) for t in existing if t.name_cy}
    created: list[str] = []
    skipped: list[str] = []
    with unique("file", DuplicateTagError):
        stack: list[tuple[formats.CodeNode, Tag | None, tuple[str, ...]]] = [
            (node, None, ()) for node in reversed(parsed.roots)
        ]
        while stack:
            node, parent, path = stack.pop()
            parent_id = parent.id if parent is not None else None
            tag = by_place.get((parent_id, formats.name_key(node.name)))
            label = formats.PATH_SEPARATOR.join((*path, node.name))
            if tag is not None:
                if not node.existing_only:
                    skipped.append(label)
            else:
                welsh_key = (parent_id, formats.name_key(node.name_cy))
                name_cy = node.name_cy if node.name_cy and welsh_key not in welsh_taken else ""
                if name_cy:
                    welsh_taken.add(welsh_key)
                tag = Tag(
                    id=uuid.uuid4(),
                    discovery_id=discovery.id,
                    parent_id=parent_id,
                    name=node.name,
                    description=node.description,
                    name_cy=name_cy,
                    description_cy=node.description_cy,
                    colour=node.colour,
                )
                db.session.add(tag)
                by_place[(parent_id, formats.name_key(node.name))] = tag
                created.append(label)
            stack.extend((child, tag, (*path, tag.name)) for child in reversed(node.children))
    record = CodebookImport(uuid.uuid4(), discovery.id)
    audit.record(
        "codebook_imported",
        record,
        filename=filename[:255],
        format=parsed.format,
        encoding=parsed.encoding,
        created=created,
        skipped=skipped,
    )
    db.session.flush()
    return ImportResult(created, skipped, record.id)


def import_summary(discovery: Discovery, import_id: uuid.UUID, user: User) -> AuditEvent | None:
    """The audit event of an import into this discovery *by this user*, for its summary page.

    The summary lists the file's name and codes: only the person who imported it is shown it.
    """
    query = select(AuditEvent).where(
        AuditEvent.action == "codebook_imported",
        AuditEvent.object_type == CodebookImport.__name__,
        AuditEvent.object_id == str(import_id),
        AuditEvent.discovery_id == discovery.id,
        AuditEvent.actor_id == user.id,
    )
    return db.session.scalar(query)

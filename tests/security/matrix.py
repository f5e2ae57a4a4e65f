"""The cross-council isolation matrix: every route × attacker × victim object, and what leaked.

Routes come from the app's URL map and their arguments from ``tests/page_walk.py``'s resolvers
(the same table the page walk fills from the demo), here filled from a victim's object set in
``tests/security/world.py``. A POST carries the attacker's own valid CSRF token, so it reaches
the permission check instead of stopping at CSRF.

Where a canary is looked for in an answer: the body (decompressed when it is a zip), every
header, the redirect's Location and the page the redirect leads to (where a flashed message
would show).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from discovery.extensions import db
from tests import page_walk
from tests.security.world import Canary, Identity, ObjectSet, World

# URL arguments only POST routes take, which the (GET-only) page walk has never needed.
EXTRA_RESOLVERS: dict[str, Callable] = {"change_id": lambda w: w.ids["change"]}
METHODS = ("GET", "POST")
# Capabilities an admin has in every discovery, member or not (DESIGN.md; page_walk.ALLOWED).
ADMIN_EVERYWHERE = page_walk.ALLOWED["admin_nonmember"]
# What those pages may show an admin who is not a member: the discovery, its squad, its codebook.
ADMIN_MAY_SEE = {"overview", "codebook"}
REDIRECTS = (301, 302, 303, 307, 308)
# Tables a refused request may still write to: the audit log records denials, and every signed-in
# request touches its session's last-seen time (the idle timeout).
UNCHECKED_TABLES = {"audit_events", "user_sessions"}
# URL arguments that are not ids but numbers within the discovery in the URL (a summary version):
# the same number in another discovery's URL is that discovery's own object, not the victim's.
LOCAL_ARGUMENTS = {"number"}


@dataclass(frozen=True)
class Route:
    endpoint: str
    rule: str
    method: str
    arguments: frozenset[str]
    capability: str | None  # the capability the view needs for this method

    @property
    def has_objects(self) -> bool:
        return bool(self.arguments - {"discovery_id"})

    @property
    def has_object_ids(self) -> bool:
        """Takes an id that names one object wherever it is (so can be swapped into another URL)."""
        return bool(self.arguments - {"discovery_id"} - LOCAL_ARGUMENTS)


@dataclass
class Tally:
    """Counts by attacker kind, and every problem found (each naming route, attacker, object)."""

    counts: Counter = field(default_factory=Counter)
    leaks: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    seen: Counter = field(default_factory=Counter)  # (kind, canary class) -> answers showing one

    def add(self, kind: str, what: str, n: int = 1) -> None:
        self.counts[(kind, what)] += n

    def by_kind(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for (kind, what), n in sorted(self.counts.items()):
            out.setdefault(kind, {})[what] = n
        return out


def routes_of(app) -> list[Route]:
    """Every GET and POST of every rule that takes a discovery, with what the view needs."""
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "discovery_id" not in rule.arguments:
            continue
        view = app.view_functions[rule.endpoint]
        needed = getattr(view, "required_capabilities", {})
        for method in METHODS:
            if method in rule.methods:
                routes.append(
                    Route(
                        rule.endpoint,
                        rule.rule,
                        method,
                        frozenset(rule.arguments),
                        page_walk.capability_name(needed.get(method)),
                    )
                )
    return routes


def url_for_set(app, route: Route, objects: ObjectSet, *, discovery_id=None) -> str:
    """The route's URL for this object set (in another discovery's URL when one is given)."""
    walk = page_walk.Walk(app=app, ids=dict(objects.ids))
    if discovery_id is not None:
        walk.ids["discovery"] = discovery_id
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route.endpoint and r.rule == route.rule)
    values = {}
    for name in rule.arguments:
        fill = page_walk.resolver(route.endpoint, name) or EXTRA_RESOLVERS.get(name)
        if fill is None:
            raise page_walk.WalkError(
                f"The isolation matrix cannot fill {name} in {rule.rule} ({rule.endpoint}): add it to "
                f"RESOLVERS in tests/page_walk.py (or EXTRA_RESOLVERS in tests/security/matrix.py)"
            )
        values[name] = fill(walk)
    return rule.build(values, append_unknown=False)[1]


# Reading an answer ------------------------------------------------------------------------------


def _inflated_pdf(data: bytes) -> bytes:
    parts = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def body_text(response) -> str:
    data = response.get_data()
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                data = b"\n".join(archive.read(name) for name in archive.namelist())
        except zipfile.BadZipFile:
            pass
    elif data[:5] == b"%PDF-":
        data = _inflated_pdf(data)
    return data.decode("utf-8", errors="replace")


# Every status code the attacks were answered with: the 403s are checked against the audit log.
ANSWERS: Counter = Counter()


def places(client, method: str, url: str, token: str, *, follow: bool = True):
    """The answer, and each place a canary could show: body, headers, Location, and (unless
    ``follow`` is false) the page a redirect leads to, where a flashed message shows."""
    response = client.get(url) if method == "GET" else client.post(url, data={"csrf_token": token})
    ANSWERS[response.status_code] += 1
    where = [("body", body_text(response)), ("headers", "\n".join(f"{k}: {v}" for k, v in response.headers))]
    if response.status_code in REDIRECTS:
        location = response.headers.get("Location", "")
        where.append(("redirect Location", location))
        if follow and (location.startswith("/") or location.startswith("http://localhost")):
            where.append(("page after the redirect (flashed messages)", body_text(client.get(location))))
    return response, where


def found(canaries: Iterable[Canary], where: list[tuple[str, str]]) -> list[tuple[Canary, str]]:
    return [(c, place) for c in canaries for place, text in where if c.text in text]


# The database ----------------------------------------------------------------------------------


def table_digests() -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every table's rows (except the audit log), in a stable order."""
    digests = {}
    for table in db.metadata.sorted_tables:
        if table.name in UNCHECKED_TABLES:
            continue
        rows = sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
        digests[table.name] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


def attacker_kind(ident: Identity, victim: str) -> str:
    if ident.role is None:
        return "signed out"
    if ident.role == "admin" and victim not in ident.member_of:
        return "admin, not a member"
    if victim in ident.belongs_to:
        return "other council, same discovery"
    if ident.belongs_to:
        return "other discovery"
    return "member of no discovery"


def describe(route: Route, ident: Identity, objects: ObjectSet, url: str) -> str:
    victim = f"{objects.council}'s objects in discovery {objects.discovery}"
    return f"{route.method} {url} ({route.endpoint}) as {ident.label} against {victim}"


def world_targets(world: World) -> list[tuple[Route, ObjectSet, str]]:
    """Each route once per victim object set; a route without objects once per discovery."""
    targets, done = [], set()
    for route in routes_of(world.app):
        for objects in world.sets:
            url = url_for_set(world.app, route, objects)
            if (route.method, url) in done:
                continue
            done.add((route.method, url))
            targets.append((route, objects, url))
    return targets


__all__ = [
    "ADMIN_EVERYWHERE",
    "ADMIN_MAY_SEE",
    "Route",
    "Tally",
    "attacker_kind",
    "describe",
    "found",
    "places",
    "routes_of",
    "table_digests",
    "url_for_set",
    "world_targets",
]

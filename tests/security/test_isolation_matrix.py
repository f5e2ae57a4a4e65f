"""Cross-council isolation matrix (issue 14 item 2): nobody reads what is not theirs.

The world (tests/security/world.py) has two discoveries, three councils and a partner
consultancy, 17 identities, and a canary string in every object. Every GET and POST route that
takes a discovery is requested against each victim's objects by:

(a) users of the other discovery, admins who are not members and a researcher of no
    discovery: in the victim's own URLs, and (the likelier hole) in the URL of a discovery they
    do belong to with the victim's object ids in it. Expected: 403 or 404, no victim canary in
    the body, headers, Location, the page a redirect leads to, search counts or downloads;
    admins who are not members may see what DESIGN.md gives them (overview, members, codebook);
(b) the signed-out visitor: a redirect to sign-in, and no canary;
(c) users of the other councils in the same joint discovery: findings, themes, needs, maps,
    backlog and summaries are shared pseudonymised evidence, but another council's participants'
    real names and contact details never show, nor raw note text (outside a finding's quote)
    while the discovery's data-sharing agreement restricts raw notes and grants nothing.

To keep the module inside CI's budget (each refused request renders a full GOV.UK page), the
attacker roles take turns over the victim's three object sets: every route is tried by every
role, and every object set by some role, for each method; the signed-out visitor and the
object-id swap by researchers cover every set. Writes are checked by checksumming every table.
"""

from __future__ import annotations

import re
import time

import pytest
import sqlalchemy as sa

from discovery.extensions import db
from tests import assurance
from tests.conftest import make_app
from tests.security import matrix
from tests.security.matrix import ADMIN_EVERYWHERE, ADMIN_MAY_SEE, REDIRECTS, Tally
from tests.security.world import JOINT, OWNERS, World, build_world

# Summary line for the terminal (tests/security/conftest.py prints it).
SUMMARY: dict[str, str] = {}


def restrict_raw_notes(world: World) -> str:
    """Record discovery A's data-sharing agreement: raw notes restricted, no council shares any.

    A joint discovery is restricted by default already; writing the agreement down makes the
    test say what it relies on rather than lean on the default.
    """
    with world.app.app_context():
        from discovery.core import data_scope
        from discovery.core.models import DataSharingAgreement

        db.session.merge(
            DataSharingAgreement(
                discovery_id=world.discovery_ids["A"], reference="DSA-TEST", raw_notes=data_scope.AGREEMENT
            )
        )
        db.session.commit()
    return "discovery A: raw notes restricted to each council, no grants"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    started = time.perf_counter()
    world = build_world(make_app, tmp_path_factory.mktemp("isolation"))
    world.restriction = restrict_raw_notes(world)
    world.build_seconds = time.perf_counter() - started
    yield world
    with world.app.app_context():
        db.session.remove()
        db.engine.dispose()


def _attackers(world: World, victim: str) -> list[str]:
    """Signed-in identities who do not belong to the victim discovery, one per kind and role."""
    other = next(d for d in OWNERS if d != victim)
    by_role = {}
    for key, ident in world.identities.items():
        if ident.role and other in ident.belongs_to and victim not in ident.belongs_to:
            by_role.setdefault(ident.role, key)
    # One admin who is not a member per victim (the two such admins take a victim each).
    admins = [k for k, i in world.identities.items() if i.role == "admin" and victim not in i.member_of]
    admins = [admins[list(OWNERS).index(victim) % len(admins)]]
    outsider = next(k for k, i in world.identities.items() if i.role == "researcher" and not i.belongs_to)
    return sorted(set(by_role.values()) | set(admins) | {outsider})


def _idor_attackers(world: World, victim: str) -> list[str]:
    """Members of the other discovery with every capability there (its researcher, its admin)."""
    other = next(d for d in OWNERS if d != victim)
    keys = [
        k for k, i in world.identities.items() if other in i.member_of and i.role in ("researcher", "admin")
    ]
    researcher = next(k for k in keys if world.identities[k].role == "researcher")
    admin = next(k for k in keys if world.identities[k].role == "admin")
    return [researcher, admin]


def _check(
    world,
    tally,
    key,
    kind,
    route,
    objects,
    url,
    visible,
    *,
    expect_denied,
    allowed_classes=(),
    own=None,
    follow=True,
):
    """One attempt: request, look for canaries, judge the status."""
    ident = world.identities[key]
    response, where = matrix.places(world.clients[key], route.method, url, world.tokens[key], follow=follow)
    tally.add(kind, "attempts")
    where_text = matrix.describe(route, ident, objects, url)
    hits = [(c, place) for c, place in matrix.found(visible, where) if c.cls not in allowed_classes]
    for canary, place in hits:
        tally.leaks.append(f"{where_text}: {canary} appeared in the {place}")
    if hits:
        tally.add(kind, "leaks", len(hits))
    status = response.status_code
    if status >= 500:
        tally.wrong_status.append(f"{where_text}: server error {status}")
    elif expect_denied:
        location = response.headers.get("Location", "")
        denied = status in (401, 403, 404) or (
            ident.role is None and status in REDIRECTS and location.split("?")[0].endswith("/sign-in")
        )
        if own is not None and status in REDIRECTS and location.startswith(f"/discoveries/{own}/"):
            # An upload waiting for review that is not in this discovery: "not found", said by
            # sending the person back to the list with a message (read above, canary-free).
            denied = True
            tally.add(kind, "sent back to their own discovery's list")
        if denied:
            tally.add(kind, "denied")
        else:
            tally.wrong_status.append(f"{where_text}: got {status} {location}, expected 403 or 404")
    else:
        tally.add(kind, "permitted by design" if status < 400 else "denied")
    return response


@pytest.fixture(scope="module")
def outside_attacks(world):
    """(a) and (b): every attempt from outside the victim discovery, and the tables around them."""
    started = time.perf_counter()
    tally = Tally()
    targets = matrix.world_targets(world)
    with world.app.app_context():
        before = matrix.table_digests()
    followed_sign_in: set[tuple[str, str]] = set()
    for victim in OWNERS:
        visible = world.canaries_of(victim)
        attackers = _attackers(world, victim)
        sets = [s for s in world.sets if s.discovery == victim]
        for n, (route, objects, url) in enumerate(t for t in targets if t[1].discovery == victim):
            # (b) signed out: every route and object set. The sign-in page a refusal leads to is
            # read once per route (it is the same page whatever the object).
            first = (route.endpoint, route.method) not in followed_sign_in
            followed_sign_in.add((route.endpoint, route.method))
            _check(
                world,
                tally,
                "signed_out",
                "signed out",
                route,
                objects,
                url,
                visible,
                expect_denied=True,
                follow=first,
            )
            # (a) in the victim's URLs: each role, object sets taken in turn (index n keeps every
            # set covered for each role across the routes of one kind).
            for i, key in enumerate(attackers):
                ident = world.identities[key]
                if route.has_objects and objects is not sets[(n + i) % len(sets)]:
                    continue
                if ident.role == "researcher" and not ident.belongs_to and route.method != "GET":
                    continue  # the researcher of no discovery: reading is enough
                kind = matrix.attacker_kind(ident, victim)
                by_design = ident.role == "admin" and route.capability in ADMIN_EVERYWHERE
                if by_design and route.method == "POST":
                    tally.add(kind, "skipped: a write admins may make in any discovery")
                    continue
                _check(
                    world,
                    tally,
                    key,
                    kind,
                    route,
                    objects,
                    url,
                    visible,
                    expect_denied=not by_design,
                    allowed_classes=ADMIN_MAY_SEE if ident.role == "admin" else (),
                )
        # (a) the victim's object ids in a URL of a discovery the attacker does belong to.
        for key in _idor_attackers(world, victim):
            ident = world.identities[key]
            own = world.discovery_ids[next(iter(ident.member_of))]
            for n, route in enumerate(r for r in matrix.routes_of(world.app) if r.has_object_ids):
                for objects in sets if ident.role == "researcher" else [sets[n % len(sets)]]:
                    url = matrix.url_for_set(world.app, route, objects, discovery_id=own)
                    _check(
                        world,
                        tally,
                        key,
                        "other discovery, object ids in its own URL",
                        route,
                        objects,
                        url,
                        visible,
                        expect_denied=True,
                        own=own,
                    )
    with world.app.app_context():
        db.session.expire_all()
        after = matrix.table_digests()
    tally.changed_tables = sorted(name for name in before if before[name] != after.get(name))
    tally.seconds = time.perf_counter() - started
    return tally


def _comparable(html: str) -> str:
    """A page without what changes from one request to the next (CSRF tokens, nonces)."""
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def _searched(world: World, victim: str) -> list:
    """One council's quote, raw note text, real name, finding comment and tag."""
    council = OWNERS[victim][-1]
    kinds = ("QUOTE", "NOTE_RAW", "REALNAME", "FINDING_COMMENT", "TAG_NAME")
    return [world.canary(victim, council, kind) for kind in kinds]


@pytest.fixture(scope="module")
def search_attacks(world):
    """Searching one's own discovery for a victim's canary finds what a made-up word finds."""
    tally = Tally()
    for victim in OWNERS:
        for key in _idor_attackers(world, victim):
            ident = world.identities[key]
            own = world.discovery_ids[next(iter(ident.member_of))]
            client = world.clients[key]
            for canary in _searched(world, victim):
                decoy = canary.text.replace("CANARY", "DECOY")
                for path in ("findings", "findings/export.csv", "notes"):
                    pages = []
                    for word in (canary.text, decoy):
                        response = client.get(f"/discoveries/{own}/{path}", query_string={"q": word})
                        pages.append(_comparable(matrix.body_text(response).replace(word, "WORD")))
                    tally.add("search in one's own discovery", "attempts")
                    if pages[0] != pages[1]:
                        tally.add("search in one's own discovery", "leaks")
                        tally.leaks.append(
                            f"GET /discoveries/{own}/{path}?q={canary.text} as {ident.label}: the results "
                            f"differ from those for a word nobody wrote, so {canary} is counted or shown"
                        )
                    else:
                        tally.add("search in one's own discovery", "denied")
    return tally


@pytest.fixture(scope="module")
def council_attacks(world):
    """(c) other councils in the joint discovery A, reading (GET) every page of it."""
    tally = Tally()
    targets = [t for t in matrix.world_targets(world) if t[1].discovery == "A" and t[0].method == "GET"]
    for route, objects, url in targets:
        owner = JOINT.index(objects.council)
        attackers = [
            f"{JOINT[(owner + 1) % 3].lower()}_researcher",
            f"{JOINT[(owner + 2) % 3].lower()}_squad",
        ]
        if not route.has_objects:
            attackers.append(f"{JOINT[(owner + 1) % 3].lower()}_lead")
        for key in attackers:
            ident = world.identities[key]
            others = [c for c in JOINT if c != ident.council]
            response, where = matrix.places(world.clients[key], "GET", url, world.tokens[key])
            kind = "other council, same discovery"
            tally.add(kind, "attempts")
            tally.add(kind, "answered" if response.status_code < 400 else "denied")
            label = matrix.describe(route, ident, objects, url)
            for canary, place in matrix.found(world.canaries_of("A", councils=others), where):
                tally.seen[(canary.cls, route.endpoint)] += 1
                if canary.cls in ("identity", "raw_note"):
                    tally.leaks.append(f"{label}: {canary} appeared in the {place}")
                    tally.counts[(f"{kind}: {canary.cls}", "leaks")] += 1
    return tally


def _report(outside, search, council, world) -> str:
    """Record the figures for the assurance report and build the terminal summary line.

    ``leaks`` counts every leak against the target rules, between councils included, so the
    assurance table cannot show 0 while issue 14 item 1 is unmerged; ``leaks_outside`` is (a)+(b).
    """
    kinds = {**outside.by_kind(), **search.by_kind()}
    reads = council.counts.get(("other council, same discovery", "attempts"), 0)
    outside_attempts = sum(k.get("attempts", 0) for k in kinds.values())
    outside_leaks = len(outside.leaks) + len(search.leaks)
    denied = sum(k.get("denied", 0) for k in kinds.values())
    identities = len(world.identities)
    routes = len({(r.endpoint, r.method) for r in matrix.routes_of(world.app)})
    kinds["other council, same discovery (reads)"] = {"attempts": reads, "leaks": len(council.leaks)}
    assurance.record(
        "isolation",
        attempts=outside_attempts + reads,
        leaks=outside_leaks + len(council.leaks),
        denied=denied,
        identities=identities,
        routes=routes,
        attempts_outside=outside_attempts,
        leaks_outside=outside_leaks,
        attempts_between_councils=reads,
        leaks_between_councils=len(council.leaks),
        wrong_status=len(outside.wrong_status),
        tables_changed=len(outside.changed_tables),
        by_attacker=kinds,
    )
    line = (
        f"{outside_attempts} attempts from outside by {identities} identities over {routes} route methods: "
        f"{outside_leaks} leaks, {denied} denied, {len(outside.wrong_status)} wrong statuses, "
        f"{len(outside.changed_tables)} tables changed; "
        f"other councils in the joint discovery: {reads} reads, "
        f"{len(council.leaks)} real-name or raw-note leaks; "
        f"world {world.build_seconds:.1f} s, attacks {outside.seconds:.1f} s"
    )
    SUMMARY["isolation matrix"] = line
    SUMMARY.update(
        {f"  {kind}": ", ".join(f"{k} {v}" for k, v in sorted(c.items())) for kind, c in kinds.items()}
    )
    return line


@pytest.fixture(scope="module")
def report(world, outside_attacks, search_attacks, council_attacks):
    return _report(outside_attacks, search_attacks, council_attacks, world)


def test_every_refusal_is_in_the_audit_log(report, world):
    """Each 403 the attacks got left one ``access_denied`` event naming the refused person."""
    from discovery.core.models import AuditEvent

    with world.app.app_context():
        audited = db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEvent).where(AuditEvent.action == "access_denied")
        )
    refused = matrix.ANSWERS[403]
    assurance.record("denials", denied=refused, audited=audited)
    assert refused > 0
    assert audited == refused, f"{refused} refusals (403) but {audited} access_denied events"


# The world is what it claims to be -------------------------------------------------------------


def test_the_world_has_17_identities_and_a_canary_in_every_kind_of_object(world):
    assert len(world.identities) == 17
    kinds = {c.kind for c in world.canaries}
    assert {
        "NOTE_RAW",
        "NOTE_TITLE",
        "QUOTE",
        "FINDING_COMMENT",
        "PARTICIPANT_NOTES",
        "ACCESS_NEEDS",
        "REALNAME",
        "CONTACT",
        "TAG_NAME",
        "TAG_DESC",
        "THEME",
        "THEME_DESC",
        "NEED",
        "MAP",
        "STAGE",
        "ENTRY",
        "BACKLOG",
        "STORY",
        "QUESTION",
        "HYPOTHESIS",
        "NARRATIVE",
        "PENDING_TRANSCRIPT",
        "PENDING_SHEET",
        "TAG_IMPORTED",
        "TITLE",
        "PROBLEM",
    } == kinds
    assert len({c.text for c in world.canaries}) == len(world.canaries)


def test_the_victims_own_researchers_see_every_canary_so_a_leak_would_be_seen(world):
    """The positive control: every canary shows somewhere to those allowed to see it (the
    owner's researcher), through the same requests and the same search for canaries."""
    seen, errors = set(), []
    everything = {c.text for c in world.canaries}
    for route, objects, url in matrix.world_targets(world):
        if route.method != "GET":
            continue
        if seen >= everything:
            break  # every canary has shown itself: the rest of the pages are the page walk's job
        key = (
            world.owner[objects.discovery]
            if route.endpoint in page_walk_owner_only()
            else f"{objects.council.lower()}_researcher"
        )
        response, where = matrix.places(world.clients[key], "GET", url, world.tokens[key])
        if response.status_code >= 400:
            errors.append(f"{url} ({route.endpoint}) gave {response.status_code} to {key}")
        seen |= {c.text for c, _place in matrix.found(world.canaries_of(objects.discovery), where)}
    assert errors == []
    assert sorted(c.text for c in world.canaries if c.text not in seen) == []


def page_walk_owner_only() -> set[str]:
    from tests.page_walk import OWNER_ONLY

    return set(OWNER_ONLY)


def test_searching_for_a_canary_where_it_is_finds_it_so_the_search_check_can_fail(world):
    """The search check compares a canary's results with a made-up word's: where the canary is
    (the owner's own discovery), the two differ."""
    quote = world.canary("A", "TOR", "QUOTE")
    client = world.clients["tor_researcher"]
    pages = []
    for word in (quote.text, quote.text.replace("CANARY", "DECOY")):
        response = client.get(f"/discoveries/{world.discovery_ids['A']}/findings", query_string={"q": word})
        pages.append(_comparable(matrix.body_text(response).replace(word, "WORD")))
    assert pages[0] != pages[1]


def test_every_route_that_takes_a_discovery_is_attacked(world, outside_attacks):
    routes = matrix.routes_of(world.app)
    assert len(routes) > 150, "the URL map shrank, or the matrix lost its routes"
    attacked = {(t[0].endpoint, t[0].method) for t in matrix.world_targets(world)}
    assert attacked == {(r.endpoint, r.method) for r in routes}


# (a) and (b) -------------------------------------------------------------------------------------


def test_nobody_outside_a_discovery_sees_any_of_its_canaries(outside_attacks, report):
    leaks = outside_attacks.leaks
    assert leaks == [], f"{len(leaks)} leaks:\n" + "\n".join(leaks[:50])


def test_everyone_outside_a_discovery_is_refused(outside_attacks, report):
    wrong = outside_attacks.wrong_status
    assert wrong == [], f"{len(wrong)} answers other than 403/404 (sign-in when signed out):\n" + "\n".join(
        wrong[:50]
    )


def test_refused_writes_change_nothing(outside_attacks):
    assert outside_attacks.counts[("other discovery", "attempts")] > 0
    assert outside_attacks.changed_tables == [], (
        f"tables changed by refused requests: {outside_attacks.changed_tables}"
    )


def test_searching_ones_own_discovery_never_counts_another_discoverys_canaries(search_attacks, report):
    assert search_attacks.counts[("search in one's own discovery", "attempts")] > 0
    assert search_attacks.leaks == [], "\n".join(search_attacks.leaks[:50])


def test_the_figures_add_up_for_every_kind_of_attacker(outside_attacks, report):
    kinds = outside_attacks.by_kind()
    for kind in (
        "signed out",
        "other discovery",
        "admin, not a member",
        "member of no discovery",
        "other discovery, object ids in its own URL",
    ):
        assert kinds[kind]["attempts"] > 0, kind
        assert kinds[kind].get("leaks", 0) == 0, kind
    assert kinds["signed out"]["denied"] == kinds["signed out"]["attempts"]


# (c) ---------------------------------------------------------------------------------------------


def test_other_councils_still_share_the_pseudonymised_evidence(world, council_attacks):
    """Findings, themes, needs, maps, backlog and summaries stay shared between the councils."""
    shown = {cls for (cls, _endpoint) in council_attacks.seen}
    assert "evidence" in shown


def test_other_councils_never_see_a_participants_real_name_or_contact_details(council_attacks):
    leaks = [line for line in council_attacks.leaks if "(identity:" in line]
    assert leaks == [], f"{len(leaks)} real names or contact details shown to other councils:\n" + "\n".join(
        leaks[:40]
    )


def test_other_councils_do_not_read_raw_notes_without_a_grant(world, council_attacks):
    leaks = [line for line in council_attacks.leaks if "(raw_note:" in line]
    assert leaks == [], (
        f"{len(leaks)} raw notes shown to other councils (restriction: {world.restriction}):\n"
        + "\n".join(leaks[:40])
    )


def test_the_report_line_is_written(report):
    assert re.search(r" route methods: 0 leaks, ", report), report
    assert " 0 real-name or raw-note leaks;" in report, report

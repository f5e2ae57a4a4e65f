"""Summary documents built straight from ``content`` dataclasses, for the export tests.

A full discovery across three councils, an empty draft, one authority's own summary, an
amended version, and a large one (hundreds of themes) to see the PDF cope.
"""

from __future__ import annotations

from datetime import date, datetime

from discovery.summaries import content as c

TORFAEN = c.AuthorityRef("W06000020", "Torfaen", "Torfaen")
CAERPHILLY = c.AuthorityRef("W06000018", "Caerphilly", "Caerffili")
NEWPORT = c.AuthorityRef("W06000022", "Newport", "Casnewydd")
AUTHORITIES = [TORFAEN, CAERPHILLY, NEWPORT]

KEY_MESSAGES_EN = """People do not know adult social care exists until a crisis.

- Carers find out from other carers, not from the council
- The first phone call decides whether people carry on
- Assessments feel like tests people can fail"""

KEY_MESSAGES_CY = """Nid yw pobl yn gwybod bod gofal cymdeithasol i oedolion yn bodoli tan argyfwng.

- Mae gofalwyr yn clywed gan ofalwyr eraill, nid gan y cyngor
- Yr alwad ffôn gyntaf sy'n penderfynu a yw pobl yn dal ati"""

RECOMMENDATIONS_EN = """1. Test a single front door for carers in Torfaen
2. Rewrite the assessment letter with people who have had one
3. Give call handlers a way to book a call back"""

NEXT_STEPS_EN = "Move to alpha in June with the three councils, starting with the first phone call."


def strength(findings: int, participants: int, authorities: int) -> c.Strength:
    return c.Strength(findings, participants, authorities)


def quote(number: int, text: str, segment: str = "unpaid_carer", authority: str = TORFAEN.code) -> c.Quote:
    return c.Quote(f"finding-{number}", text, f"P{number:02d}", segment, authority)


def themes() -> list[c.ThemeLine]:
    return [
        c.ThemeLine(
            "theme-1",
            "Finding out that help exists",
            "People hear about support from friends and other carers, rarely from the council.",
            strength(14, 9, 3),
            [
                quote(3, "I only found out because a woman at the school gate told me."),
                quote(7, "Nobody tells you there's anything you can ask for.", "resident", CAERPHILLY.code),
            ],
        ),
        c.ThemeLine(
            "theme-2",
            "The first phone call",
            "Being passed between teams on the first call puts people off asking again.",
            strength(11, 8, 3),
            [quote(9, "I was transferred four times and then it rang out.", "resident", NEWPORT.code)],
        ),
        c.ThemeLine(
            "theme-3",
            "Assessment feels like a test",
            "People prepare for assessments as if they could fail them.",
            strength(6, 5, 2),
            [],
        ),
    ]


def research() -> c.Research:
    return c.Research(
        start_date=date(2025, 1, 13),
        end_date=date(2025, 3, 28),
        first_session=date(2025, 1, 20),
        last_session=date(2025, 3, 21),
        methods=[
            c.MethodLine("interview", 18),
            c.MethodLine("focus_group", 3),
            c.MethodLine("observation", 2),
        ],
        notes=23,
        findings=146,
        participants=21,
        segments=[
            c.SegmentLine("resident", 9, 8),
            c.SegmentLine("unpaid_carer", 3, 6),
            c.SegmentLine("social_worker", 6, 4),
            c.SegmentLine("provider", 3, None),
        ],
        authorities=[
            c.AuthorityLine(TORFAEN, 9, 61),
            c.AuthorityLine(CAERPHILLY, 8, 55),
            c.AuthorityLine(NEWPORT, 4, 30),
        ],
    )


def summary(**changes) -> c.Summary:
    values = dict(
        discovery_title="Accessing adult social care",
        service="Adult social care front door",
        problem_statement=(
            "People who need care and support, and the people who look after them, struggle to find out "
            "what help there is and how to ask for it.\n\nCouncils see the same people again at crisis point."
        ),
        generated_at=datetime(2025, 4, 2, 10, 30),
        research=research(),
        themes=themes(),
        needs=[
            c.NeedLine(
                "need-1",
                "As an unpaid carer I need to know what help I can ask for, "
                "so that I do not wait for a crisis",
                "validated",
                strength(12, 8, 3),
                ["Finding out that help exists"],
            ),
            c.NeedLine(
                "need-2",
                "As a resident I need one number that gets me to the right person",
                "hypothesis",
                strength(3, 2, 1),
            ),
        ],
        stages=[
            c.StageLine(
                "finding_out",
                "",
                [c.PainPoint("No one mentions support until a crisis", strength(9, 7, 3))],
                strength(12, 8, 3),
            ),
            c.StageLine(
                "first_contact",
                "Calling the council",
                [
                    c.PainPoint("Transferred between teams", strength(7, 6, 3)),
                    c.PainPoint("Call backs never come", strength(0, 0, 0), basis="assumed"),
                ],
            ),
            c.StageLine("assessment", "", []),
        ],
        backlog=[
            c.BacklogLine(4, "A single front door for carers", "must", "todo", strength(14, 9, 3)),
            c.BacklogLine(7, "Plain-English assessment letter", "should", "in_progress", strength(6, 5, 2)),
        ],
        questions=[
            c.QuestionLine(
                "How do people first find out about adult social care?", ["Finding out that help exists"]
            ),
            c.QuestionLine("What happens after an assessment?", []),
        ],
        hypotheses=[
            c.HypothesisLine("Carers would use an online self-assessment", "hypothesis", "not_supported"),
            c.HypothesisLine("Most first contact is by phone", "assumption", "supported"),
        ],
        gaps=[
            c.Gap("segment_under_target", "unpaid_carer", have=3, want=6),
            c.Gap("authority_thin", NEWPORT.code, NEWPORT.name, have=4, want=6),
        ],
    )
    values.update(changes)
    return c.Summary(**values)


def comparison() -> c.Comparison:
    def cells(*values: tuple[int, int]) -> list[c.ComparisonCell]:
        return [c.ComparisonCell(participants, participants + 1, base) for participants, base in values]

    return c.Comparison(
        AUTHORITIES,
        [
            c.ComparisonRow("theme-1", "Finding out that help exists", cells((4, 9), (3, 8), (2, 4))),
            c.ComparisonRow("theme-2", "The first phone call", cells((3, 9), (3, 8), (2, 4))),
            c.ComparisonRow("theme-3", "Assessment feels like a test", cells((3, 9), (2, 8), (0, 4))),
        ],
    )


def narrative(welsh: bool = False) -> c.Narrative:
    return c.Narrative(
        key_messages={"en": KEY_MESSAGES_EN, "cy": KEY_MESSAGES_CY if welsh else ""},
        recommendations={"en": RECOMMENDATIONS_EN},
        next_steps={"en": NEXT_STEPS_EN},
    )


def version(number: int = 2, amendments: list[c.Amendment] | None = None) -> c.VersionInfo:
    return c.VersionInfo(number, datetime(2025, 4, 3, 14, 0), "Siân Powell", amendments or [])


def full() -> c.Document:
    """The whole discovery, published as version 2."""
    return c.Document(summary(), narrative(), comparison(), version(), AUTHORITIES)


def welsh() -> c.Document:
    """The whole discovery with the key messages also written in Welsh."""
    return c.Document(summary(), narrative(welsh=True), comparison(), version(), AUTHORITIES)


def empty() -> c.Document:
    """A draft of a discovery that has only just started: nothing accepted, written or quoted."""
    bare = c.Summary(discovery_title="Accessing adult social care", gaps=[c.Gap("no_quotes")])
    return c.Document(bare)


def one_authority() -> c.Document:
    """Torfaen's own summary: its participants only, no comparison."""
    own = summary(scope=TORFAEN, themes=themes()[:1], gaps=[])
    return c.Document(own, narrative(), comparison(), version(), AUTHORITIES)


def amended() -> c.Document:
    """Version 1, amended twice after participants withdrew consent."""
    changes = [c.Amendment(date(2025, 5, 6), 2), c.Amendment(date(2025, 6, 17), 1)]
    return c.Document(summary(), narrative(), comparison(), version(1, changes), AUTHORITIES)


def large(n_themes: int = 500, quotes_per_theme: int = 40) -> c.Document:
    """Far more than a summary should hold: the PDF must still render, over many pages."""
    many = [
        c.ThemeLine(
            f"theme-{t}",
            f"Theme {t}: waiting for a call back from the council",
            "People wait days for a call back and ring again, which puts them at the back of the queue.",
            strength(40 - t % 30, 20 - t % 15, 1 + t % 3),
            [
                quote(
                    q,
                    f"Quote {q} about theme {t}: I rang every morning for a week before anyone called back.",
                )
                for q in range(quotes_per_theme)
            ],
        )
        for t in range(1, n_themes + 1)
    ]
    rows = [
        c.ComparisonRow(
            line.theme_id, line.label, [c.ComparisonCell(t % 9, t % 9 + 2, 9) for _ in AUTHORITIES]
        )
        for t, line in enumerate(many)
    ]
    return c.Document(
        summary(themes=many), narrative(), c.Comparison(AUTHORITIES, rows), version(), AUTHORITIES
    )

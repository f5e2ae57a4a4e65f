"""Draft "As a [segment], I need [need], so that [goal]" statements from findings.

Why patterns: the drafts are for a researcher to edit, not to publish, and every draft must cite
the findings it came from. Explicit cue phrases ("I need", "I wish", "I couldn't",
"nobody told me", "it would help if") are transparent and never invent a need that nobody
voiced. Drafts whose need reads the same (same content lemmas) are merged and cite all sources.

Failure modes: needs voiced without a cue ("the form is impossible") are not drafted; the goal
is only filled when the finding states one ("so that…", "so I can…", "because…"), otherwise
it is left as ``[goal]`` for the researcher; pronoun rewriting is shallow.

A need is not a solution: the GOV.UK Service Manual asks teams to focus on the problem users
are trying to solve "rather than a particular solution", and GOV.UK's guide to writing user
needs rejects "I need to use a benefits calculator" because it "suggests a specific
solution". :func:`named_solutions` finds such words in a need so the researcher can ask
"what would the calculator let you find out?" and rewrite it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp._validate import check_texts, is_missing
from nlp.pipeline import content_lemmas
from nlp.segment import sentences

__all__ = [
    "SOLUTION_TERMS",
    "NeedCue",
    "NeedDraft",
    "SolutionTerm",
    "detect_need",
    "draft_user_needs",
    "named_solutions",
]

GOAL_PLACEHOLDER = "[goal]"


@dataclass(frozen=True, slots=True)
class NeedCue:
    """A need, barrier or goal found in one finding."""

    kind: str  # "need", "wish", "barrier", "missing_information", "suggestion"
    need: str
    goal: str | None
    cue: str


@dataclass(frozen=True, slots=True)
class NeedDraft:
    """A drafted user need with the findings it came from.

    Not ``UserNeed``, so that it never reads as the app's stored need
    (``discovery.needs.models.UserNeed``): a draft is for a researcher to edit or discard.
    """

    statement: str
    segment: str
    need: str
    goal: str
    kind: str
    source_indices: tuple[int, ...]


_END = r"(?P<rest>[^.!?;]+)"
_PATTERNS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "need",
        re.compile(r"\b(?:I|we)\s+(?:really\s+)?(?:need|needed|have\s+to\s+have)\s+" + _END, re.I),
        "{}",
    ),
    ("wish", re.compile(r"\b(?:I|we)\s+(?:just\s+)?wish(?:ed)?\s+(?:that\s+)?" + _END, re.I), "wish"),
    ("wish", re.compile(r"\b(?:I|we)\s+(?:would|'d)\s+(?:like|love)\s+" + _END, re.I), "{}"),
    (
        "barrier",
        re.compile(
            r"\b(?:I|we)\s+(?:couldn't|could\s+not|can't|cannot|can\s+not|"
            r"wasn't\s+able\s+to|weren't\s+able\s+to|was\s+unable\s+to|"
            r"struggled\s+to|didn't\s+manage\s+to)\s+" + _END,
            re.I,
        ),
        "to be able to {}",
    ),
    (
        "missing_information",
        re.compile(
            r"\b(?:nobody|no\s+one|no-one)\s+(?:ever\s+)?"
            r"(?:told|explained\s+to|informed)\s+(?:me|us)\s+"
            r"(?:about\s+|that\s+)?" + _END,
            re.I,
        ),
        "to be told about {}",
    ),
    (
        "missing_information",
        re.compile(r"\b(?:I|we)\s+(?:didn't|did\s+not)\s+know\s+" + _END, re.I),
        "to know {}",
    ),
    (
        "suggestion",
        re.compile(
            r"\bit\s+would\s+(?:really\s+)?(?:help|be\s+(?:good|great|"
            r"helpful|easier|better|nice))\s+if\s+" + _END,
            re.I,
        ),
        "if",
    ),
]
_GOAL = re.compile(r"\s*,?\s*\b(?:so\s+that|so|in\s+order\s+to)\s+(?P<goal>.+)$", re.I)
_REASON = re.compile(r"\s*,?\s*\b(?:because|as|but|and\s+then)\s+.+$", re.I)
_PRONOUNS = [
    (
        re.compile(
            r"^(?:they|you|someone|somebody|the\s+council|staff)\s+(?:would|could|will|"
            r"had|did)\s+",
            re.I,
        ),
        "them to ",
    ),
    (re.compile(r"^there\s+(?:was|were|is|would\s+be)\s+", re.I), ""),
    (re.compile(r"^I\s+(?:could|had|would|was\s+able\s+to)\s+", re.I), "to "),
    (re.compile(r"\bmy\b", re.I), "my"),
]


def _clean(fragment: str) -> str:
    return " ".join(fragment.strip(" ,:-–—\"'").split())


def _rewrite_need(kind: str, template: str, rest: str) -> str:
    rest = _clean(rest)
    for pattern, repl in _PRONOUNS:
        rest = pattern.sub(repl, rest, count=1)
    if template == "wish":
        return (
            rest
            if rest.startswith("to ")
            else f"{rest}"
            if rest.startswith("them to ")
            else (f"to {rest}" if rest.split(" ", 1)[0].lower() in _VERBS else rest)
        )
    if template == "if":
        if rest.startswith(("to ", "them to ")):
            return rest
        return re.sub(r"^(.+?)\s+(?:were|was|are|is)\s+(.+)$", r"\1 to be \2", rest, count=1)
    return template.format(rest)


_VERBS = frozenset(
    [
        "get",
        "find",
        "know",
        "see",
        "speak",
        "talk",
        "apply",
        "pay",
        "book",
        "call",
        "contact",
        "understand",
        "use",
        "fill",
        "have",
        "be",
        "check",
        "track",
        "change",
        "cancel",
        "claim",
        "access",
        "read",
        "hear",
        "tell",
        "move",
        "keep",
    ]
)


def detect_need(text: str) -> NeedCue | None:
    """The first need, wish, barrier or suggestion voiced in ``text``, if any."""
    if is_missing(text) or not isinstance(text, str):
        return None
    for kind, pattern, template in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        rest = m.group("rest")
        goal = None
        g = _GOAL.search(rest)
        if g and g.start() > 0:
            goal = _clean(g.group("goal"))
            rest = rest[: g.start()]
        r = _REASON.search(rest)
        if r and r.start() > 0:
            rest = rest[: r.start()]
        need = _rewrite_need(kind, template, rest)
        if len(need.split()) < 2 and kind != "need":
            continue
        if not need:
            continue
        return NeedCue(kind=kind, need=need, goal=goal or None, cue=_clean(m.group(0)[:60]))
    return None


def _goal_text(goal: str) -> str:
    goal = re.sub(r"^(?:I\s+can|I\s+could)\b", "I can", goal, flags=re.I)
    return goal


def draft_user_needs(
    findings: Sequence[str],
    segments: Sequence[str | None] | None = None,
    default_segment: str = "user",
) -> list[NeedDraft]:
    """Draft user needs from the findings that voice one.

    Parameters
    ----------
    findings
        Finding texts; each sentence is checked for a cue.
    segments
        Per finding, the user segment ("carer", "council tenant"); ``None`` uses
        ``default_segment``.

    Returns
    -------
    list of NeedDraft
        Ordered by the number of supporting findings, then first source. Findings with the
        same segment and the same need (compared by content lemmas) are merged.

    Raises
    ------
    ValueError
        If ``findings`` is a single string or ``segments`` has the wrong length.
    """
    texts = check_texts(findings, allow_empty=True, missing="empty")
    if segments is not None and len(segments) != len(texts):
        raise ValueError("segments must have one entry per finding")
    groups: dict[tuple[str, tuple[str, ...]], list[tuple[int, NeedCue]]] = {}
    order: list[tuple[str, tuple[str, ...]]] = []
    for i, text in enumerate(texts):
        seg = default_segment
        if segments is not None and not is_missing(segments[i]) and segments[i]:
            seg = str(segments[i])
        for sentence in sentences(text) if text.strip() else []:
            cue = detect_need(sentence.text)
            if cue is None:
                continue
            key = (seg, tuple(sorted(set(content_lemmas(cue.need)))) or (cue.need.lower(),))
            if key not in groups:
                groups[key] = []
                order.append(key)
            groups[key].append((i, cue))
            break
    drafts: list[NeedDraft] = []
    for key in order:
        members = groups[key]
        seg = key[0]
        cue = members[0][1]
        goal = next((c.goal for _, c in members if c.goal), None)
        goal_text = _goal_text(goal) if goal else GOAL_PLACEHOLDER
        article = "an" if seg[:1].lower() in "aeio" else "a"
        statement = f"As {article} {seg}, I need {cue.need}, so that {goal_text}"
        drafts.append(
            NeedDraft(
                statement=statement,
                segment=seg,
                need=cue.need,
                goal=goal_text,
                kind=cue.kind,
                source_indices=tuple(sorted({i for i, _ in members})),
            )
        )
    drafts.sort(key=lambda d: (-len(d.source_indices), d.source_indices[0]))
    return drafts


@dataclass(frozen=True, slots=True)
class SolutionTerm:
    """Something a team would build, which a user need should not name."""

    term: str
    """Canonical lower-case name, returned by :func:`named_solutions`."""
    why: str
    """Why naming it makes a need a solution: shown to the researcher beside the flag."""
    spellings: tuple[str, ...] = ()
    """Other ways of writing the same thing."""


SOLUTION_TERMS: tuple[SolutionTerm, ...] = (
    SolutionTerm("app", "software we would build and maintain; say what it would let them do"),
    SolutionTerm("portal", "a website with a sign-in that we would build", ("web portal",)),
    SolutionTerm("chatbot", "software we would build to answer questions", ("chat bot", "bot")),
    SolutionTerm(
        "ai assistant",
        "software we would build or buy to answer questions",
        ("virtual assistant", "digital assistant"),
    ),
    SolutionTerm(
        "ai", "a technology choice, not something a person is trying to do", ("artificial intelligence",)
    ),
    SolutionTerm(
        "website",
        "a thing we would build; the need is what they would do on it",
        ("web site", "webpage", "web page"),
    ),
    SolutionTerm(
        "online form",
        "a thing we would build; the need is to apply, report or tell us something",
        ("web form", "digital form", "e-form", "eform", "online application form"),
    ),
    SolutionTerm(
        "online account", "a thing we would build to keep their details and progress", ("digital account",)
    ),
    SolutionTerm(
        "online service",
        "a thing we would build; the need is the outcome it gives",
        ("digital service", "e-service"),
    ),
    SolutionTerm("dashboard", "a screen we would build; the need is what they want to know"),
    SolutionTerm("platform", "technology we would build or buy"),
    SolutionTerm("system", "technology we would build or buy"),
    SolutionTerm("database", "a store of data we would build; the need is what it lets them do"),
    SolutionTerm("software", "something we would build or buy"),
    SolutionTerm(
        "calculator",
        "a tool we would build; the need is to find out what they can get or owe",
        ("online calculator", "benefits calculator"),
    ),
    SolutionTerm("qr code", "a way into a service we would build; the need is what it opens"),
    SolutionTerm("kiosk", "hardware we would install", ("self-service machine",)),
    SolutionTerm(
        "text message service",
        "a service we would build that sends texts; the need is to be told or reminded",
        ("sms service", "text service", "texting service", "text messaging service"),
    ),
    SolutionTerm(
        "email alert",
        "a subscription service we would build; the need is to know when something changes",
        ("e-mail alert", "email notification", "e-mail notification"),
    ),
    SolutionTerm(
        "text alert",
        "a subscription service we would build; the need is to know when something changes",
        ("sms alert", "text message alert", "text notification"),
    ),
    SolutionTerm(
        "push notification",
        "a feature of an app we would build; the need is to know when something changes",
    ),
)
"""Things a team would build, buy or run, which a user need should not name.

Not here, on purpose: ways people already reach us or want to be reached, such as phone,
telephone, helpline, letter, post, email, text, visit, face to face and in person. "I need to
speak to someone on the phone" is a need about a channel, which the service has to meet;
flagging it would teach researchers to drop needs about access. The line is build versus
use: an email is a channel, a service that sends email alerts is a solution. "Application" is
left out as well: in public services it nearly always means applying ("my housing
application"), not software. "System" is kept although it also names institutions ("the
benefits system"), so such needs are flagged and the researcher may dismiss the flag.
"""


def _solution_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation over every spelling, and the canonical term of each of its groups.

    Longest spelling first, so "AI assistant" is not also read as "AI". Words may be joined
    by spaces or hyphens ("QR-code"), the last word may take a plural "s" or "es", and word
    boundaries on both sides keep "app" out of "apply" and "happy".
    """
    spellings = sorted(
        ((spelling, t.term) for t in SOLUTION_TERMS for spelling in (t.term, *t.spellings)),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
    parts: list[str] = []
    terms: dict[str, str] = {}
    for k, (spelling, term) in enumerate(spellings):
        words = r"[\s\-]+".join(re.escape(w) for w in re.split(r"[\s\-]+", spelling))
        parts.append(rf"(?P<s{k}>{words}(?:e?s)?)")
        terms[f"s{k}"] = term
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE), terms


_SOLUTION, _SOLUTION_GROUP_TERM = _solution_pattern()


def named_solutions(text: str) -> tuple[str, ...]:
    """The solutions a need statement names, so it can be rewritten as a need.

    Parameters
    ----------
    text
        A need statement or finding, in English.

    Returns
    -------
    tuple of str
        The canonical term (:attr:`SolutionTerm.term`) of each solution named, lower-case,
        in order of first appearance, without duplicates: "an app, or apps" gives
        ``("app",)``. Empty for ``None``, NaN and non-text.

    Notes
    -----
    Matching is by words, not meaning: "I don't want an app" names an app too, and a need
    that mentions an existing website ("find the form on the website") is flagged, which is
    usually right, since the need is to find out how to apply. See :data:`SOLUTION_TERMS` for
    what is deliberately not flagged (phone, letter, face to face...).
    """
    if is_missing(text) or not isinstance(text, str):
        return ()
    found: dict[str, None] = {}
    for m in _SOLUTION.finditer(text):
        found.setdefault(_SOLUTION_GROUP_TERM[str(m.lastgroup)], None)
    return tuple(found)

"""Draft "As a [segment], I need [need], so that [goal]" statements from findings.

Why patterns: the drafts are for a researcher to edit, not to publish, and every draft must cite
the findings it came from. Explicit cue phrases ("I need", "I wish", "I couldn't",
"nobody told me", "it would help if") are transparent and never invent a need that nobody
voiced. Drafts whose need reads the same (same content lemmas) are merged and cite all sources.

Failure modes: needs voiced without a cue ("the form is impossible") are not drafted; the goal
is only filled when the finding states one ("so that…", "so I can…", "because…"), otherwise
it is left as ``[goal]`` for the researcher; pronoun rewriting is shallow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp._validate import check_texts, is_missing
from nlp.pipeline import content_lemmas
from nlp.segment import sentences

__all__ = ["NeedCue", "NeedDraft", "detect_need", "draft_user_needs"]

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

"""Find personal data in interview text and replace it with consistent pseudonyms.

Why rules and not a model: this runs offline on councils' laptops, must be explainable to an
information-governance officer ("we remove anything shaped like a UK postcode"), and the kinds
of identifier that matter in UK public services have strict formats (NHS numbers carry a
modulus-11 check digit, National Insurance numbers have a fixed letter scheme). Names are the
exception: the caller supplies the names it knows (participants, speakers), which are found
with their variants, and :mod:`nlp.names` finds other people's names (a trained English
pipeline when one is installed, otherwise given names, titles and context cues).

Known failure modes
-------------------
* Names are found as well as :mod:`nlp.names` finds them: see its failure modes.
* Dates are only treated as dates of birth with a birth cue nearby ("born", "DOB",
  "date of birth", "birthday"); an appointment date stays, by design.
* A reference number in exactly the shape of a UK phone number, with no "reference"/"order"/
  "case" cue before it, is reported as a phone number (erring towards privacy).
* Street addresses need a house number and a street-type word ("12 Elm Road"); "the flat
  above the chip shop" is not found.

The public API is stable and used by the transcript importer:
:func:`find_personal_data`, :func:`pseudonymise`, :class:`Pseudonymiser`, :class:`PiiSpan`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from nlp.names import KnownNames, NameMention, find_names_in_many, known_names

__all__ = [
    "PiiKind",
    "PiiSpan",
    "Pseudonymiser",
    "find_personal_data",
    "find_personal_data_in_many",
    "nhs_number_is_valid",
    "pseudonymise",
    "redact",
]


class PiiKind(StrEnum):
    """Kinds of personal data; the value is the placeholder's text."""

    EMAIL = "EMAIL"
    PHONE = "PHONE"
    POSTCODE = "POSTCODE"
    NHS_NUMBER = "NHS_NUMBER"
    NI_NUMBER = "NI_NUMBER"
    DATE_OF_BIRTH = "DATE_OF_BIRTH"
    ADDRESS = "ADDRESS"
    NAME = "NAME"


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One piece of personal data: ``text == source[start:end]``.

    ``owners`` are the known names a name belongs to (its variants included); they take no
    part in comparing spans.
    """

    start: int
    end: int
    kind: PiiKind
    text: str
    owners: frozenset[str] = field(default=frozenset(), compare=False)


# Higher wins when two candidates overlap.
_PRIORITY = {
    PiiKind.EMAIL: 8,
    PiiKind.NI_NUMBER: 7,
    PiiKind.NHS_NUMBER: 6,
    PiiKind.PHONE: 5,
    PiiKind.DATE_OF_BIRTH: 4,
    PiiKind.POSTCODE: 3,
    PiiKind.ADDRESS: 2,
    PiiKind.NAME: 1,
}

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])"
)

# A UK number: +44 / 0044 / 0, then digits with optional spaces, dots, dashes or brackets.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)44[\s.-]?(?:\(0\)[\s.-]?)?|\(0|0)"
    r"\d(?:[\s.\-()]{0,2}\d){8,10}(?!\d)"
)
_PHONE_PREFIXES = ("01", "02", "03", "05", "07", "08")

_POSTCODE = re.compile(
    r"\b(?:GIR\s?0AA|(?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|"
    r"[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
    r"\s?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)

_NHS = re.compile(r"(?<![\w.])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w]|[.,]\d)")

_NI = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)(?:QQ|[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r"[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}[ -]?[A-D]\b",
    re.IGNORECASE,
)

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?\s+" + _MONTHS + r",?\s+\d{4}"
    r"|" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b",
    re.IGNORECASE,
)
_BIRTH_CUE = re.compile(r"\b(?:born|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday)\b", re.IGNORECASE)

_STREET_TYPES = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|"
    r"Place|Pl|Terrace|Grove|Gardens|Gdns|Park|Hill|Row|Walk|Mews|Square|Sq|View|Rise|"
    r"Parade|Green|Vale|Wharf|Yard)"
)
_ADDRESS = re.compile(
    r"\b(?:(?:Flat|Apartment|Unit)\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+"
    r"(?:[A-Z][a-z'’]+\s+){1,3}" + _STREET_TYPES + r"\b\.?"
)

_REFERENCE_CUE = re.compile(
    r"\b(?:ref(?:erence)?|order|case|claim|account|acct|invoice|booking|ticket|policy|"
    r"tracking|serial|application|member(?:ship)?|customer|payroll|sort\s+code)\b"
    r"(?:\s+(?:no\.?|number|num|id|code|is|was|:|#))*\s*[:#]?\s*$",
    re.IGNORECASE,
)
_PHONE_CUE = re.compile(r"\b(?:phone|tel|telephone|mobile|landline|ring|call|text)\b", re.I)


def nhs_number_is_valid(digits: str) -> bool:
    """Check an NHS number's modulus-11 check digit.

    Parameters
    ----------
    digits
        The number, spaces and dashes allowed.

    Returns
    -------
    bool
        False for anything that is not exactly ten digits with a correct check digit (a check
        value of 10 is never issued, so such numbers are invalid).
    """
    d = re.sub(r"[\s-]", "", digits)
    if len(d) != 10 or not d.isdigit():
        return False
    total = sum(int(d[i]) * (10 - i) for i in range(9))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(d[9])


def _preceding(text: str, start: int, width: int = 40) -> str:
    return text[max(0, start - width) : start]


def _is_reference(text: str, start: int) -> bool:
    """True when the number at ``start`` is introduced as a reference/order/case number."""
    before = _preceding(text, start, 40)
    return bool(_REFERENCE_CUE.search(before)) and not _PHONE_CUE.search(_preceding(text, start, 14))


def _find_phones(text: str) -> Iterable[tuple[int, int]]:
    for m in _PHONE.finditer(text):
        raw = m.group()
        digits = re.sub(r"\D", "", raw)
        if raw.startswith(("+44", "0044")):
            rest = digits[4:] if raw.startswith("0044") else digits[2:]
            digits = "0" + (rest[1:] if rest.startswith("0") else rest)
        if digits.startswith("00"):
            continue
        if len(digits) not in (10, 11) or not digits.startswith(_PHONE_PREFIXES):
            continue
        if _is_reference(text, m.start()):
            continue
        end = m.end()
        yield m.start(), end


def _find_nhs(text: str) -> Iterable[tuple[int, int]]:
    for m in _NHS.finditer(text):
        before = _preceding(text, m.start(), 30)
        cued = re.search(r"\bNHS\b|\bhealth\s+service\b|\bCHI\b", before, re.IGNORECASE)
        if nhs_number_is_valid(m.group()):
            if _is_reference(text, m.start()) and not cued:
                continue
            yield m.start(), m.end()
        elif cued:
            # A mistyped NHS number is still somebody's NHS number.
            yield m.start(), m.end()


def _find_dobs(text: str) -> Iterable[tuple[int, int]]:
    for m in _DATE.finditer(text):
        before = re.split(r"[.!?;]\s", _preceding(text, m.start(), 45))[-1]
        if _BIRTH_CUE.search(before):
            yield m.start(), m.end()


def find_personal_data(
    text: str,
    names: Iterable[str] | KnownNames = (),
    *,
    heuristics: bool = True,
    model: str | bool = "auto",
) -> list[PiiSpan]:
    """Find personal data in ``text``.

    Parameters
    ----------
    text
        Any text (a note, a transcript turn, a whole transcript).
    names
        Names known to appear: participants', speakers', staff (or a prebuilt
        :class:`nlp.names.KnownNames`). Each full name and each of its parts is matched on
        word boundaries, and so are their variants: nicknames, spellings without accents and
        small misspellings (:mod:`nlp.names`). A name span's ``owners`` say whose it is.
    heuristics
        Also find the names of other people (:func:`nlp.names.find_names`): with a trained
        English pipeline when one is installed, otherwise from given names, titles ("Mrs
        Patel"), introductions ("my name is …") and relations ("my son Callum").
    model
        Passed to :func:`nlp.names.find_names`: ``"auto"``, ``False`` (rules only) or ``True``.

    Returns
    -------
    list of PiiSpan
        Sorted by ``start``, non-overlapping; ``span.text == text[span.start:span.end]``.

    Raises
    ------
    ValueError
        If ``text`` is not a string (``None`` and NaN included).
    """
    return find_personal_data_in_many([text], names, heuristics=heuristics, model=model)[0]


def find_personal_data_in_many(
    texts: Sequence[str],
    names: Iterable[str] | KnownNames = (),
    *,
    heuristics: bool = True,
    model: str | bool = "auto",
) -> list[list[PiiSpan]]:
    """:func:`find_personal_data` for each of ``texts`` (the turns of a transcript): the known
    names are indexed once and a trained pipeline runs in batches."""
    for text in texts:
        if not isinstance(text, str):
            raise ValueError(f"text must be a str, not {type(text).__name__}")
    known = known_names(names)
    mentions = find_names_in_many(texts, known, rules=heuristics, model=model)
    return [_find_in_one(text, found) for text, found in zip(texts, mentions, strict=True)]


def _find_in_one(text: str, names: list[NameMention]) -> list[PiiSpan]:
    if not text:
        return []
    candidates: list[tuple[int, int, PiiKind]] = []
    candidates += [(m.start(), m.end(), PiiKind.EMAIL) for m in _EMAIL.finditer(text)]
    candidates += [(m.start(), m.end(), PiiKind.NI_NUMBER) for m in _NI.finditer(text)]
    candidates += [(s, e, PiiKind.NHS_NUMBER) for s, e in _find_nhs(text)]
    candidates += [(s, e, PiiKind.PHONE) for s, e in _find_phones(text)]
    candidates += [(s, e, PiiKind.DATE_OF_BIRTH) for s, e in _find_dobs(text)]
    candidates += [(m.start(), m.end(), PiiKind.POSTCODE) for m in _POSTCODE.finditer(text)]
    candidates += [(m.start(), m.end(), PiiKind.ADDRESS) for m in _ADDRESS.finditer(text)]
    candidates += [(m.start, m.end, PiiKind.NAME) for m in names]
    owners = {(m.start, m.end): m.owners for m in names}
    return _resolve(text, candidates, owners)


def _resolve(
    text: str, candidates: list[tuple[int, int, PiiKind]], owners: Mapping[tuple[int, int], frozenset[str]]
) -> list[PiiSpan]:
    """Keep the highest-priority, then longest, candidate wherever candidates overlap."""
    ranked = sorted(
        {c for c in candidates if c[1] > c[0]},
        key=lambda c: (-_PRIORITY[c[2]], -(c[1] - c[0]), c[0]),
    )
    taken: list[tuple[int, int, PiiKind]] = []
    for start, end, kind in ranked:
        if all(end <= s or start >= e for s, e, _ in taken):
            taken.append((start, end, kind))
    taken.sort()
    return [
        PiiSpan(s, e, k, text[s:e], owners.get((s, e), frozenset()) if k == PiiKind.NAME else frozenset())
        for s, e, k in taken
    ]


def _normalise_name(name: str) -> str:
    return " ".join(name.lower().split())


def _name_lookup(name_map: Mapping[str, str]) -> dict[str, str]:
    """Map full names and their unambiguous parts to pseudonyms."""
    lookup: dict[str, str] = {}
    part_owner: dict[str, set[str]] = {}
    for name, code in name_map.items():
        key = _normalise_name(name)
        lookup[key] = code
        for part in key.split(" "):
            part_owner.setdefault(part.strip(".,"), set()).add(code)
    for part, codes in part_owner.items():
        if len(codes) == 1 and part not in lookup:
            lookup[part] = next(iter(codes))
    return lookup


def _code_for(span: PiiSpan, lookup: Mapping[str, str]) -> str | None:
    """The code of a name: by its text, else by the one mapped person it is a variant of."""
    code = lookup.get(_normalise_name(span.text))
    if code is None and span.owners:
        codes = {lookup[key] for owner in span.owners if (key := _normalise_name(owner)) in lookup}
        code = codes.pop() if len(codes) == 1 else None
    return code


def pseudonymise(text: str, spans: Iterable[PiiSpan], name_map: Mapping[str, str] | None = None) -> str:
    """Replace each span with a placeholder.

    Names found in ``name_map`` (full name, or a given name or surname that belongs to only one
    mapped person, or a variant whose ``owners`` hold one mapped person) become ``[code]`` (for
    example ``{"Sarah Jones": "P07"}`` turns "Sarah", and "Sara Jones", into ``[P07]``); other
    names become ``[NAME]``; other kinds become ``[PHONE]``,
    ``[POSTCODE]``, ``[EMAIL]``…

    Raises
    ------
    ValueError
        If spans overlap or do not match ``text`` (spans from another text).
    """
    lookup = _name_lookup(name_map or {})
    out: list[str] = []
    pos = 0
    for span in sorted(spans, key=lambda s: s.start):
        if span.start < pos or text[span.start : span.end] != span.text:
            raise ValueError(f"span {span!r} overlaps another or does not belong to this text")
        out.append(text[pos : span.start])
        if span.kind == PiiKind.NAME:
            code = _code_for(span, lookup)
            out.append(f"[{code}]" if code else "[NAME]")
        else:
            out.append(f"[{span.kind.value}]")
        pos = span.end
    out.append(text[pos:])
    return "".join(out)


class Pseudonymiser:
    """Consistent pseudonyms across many texts (a whole transcript, a whole discovery).

    Known people keep the codes given in ``name_map``; names found by the heuristics get the
    next free code (``P01``, ``P02``… in order of first appearance), so the same person is the
    same code throughout.

    Parameters
    ----------
    name_map
        ``{"Sarah Jones": "P07"}``: fixed codes for known people.
    prefix
        Prefix of generated codes.
    """

    def __init__(self, name_map: Mapping[str, str] | None = None, prefix: str = "P") -> None:
        self.name_map: dict[str, str] = dict(name_map or {})
        self.prefix = prefix

    def _next_code(self) -> str:
        used = set(self.name_map.values())
        i = 1
        while f"{self.prefix}{i:02d}" in used:
            i += 1
        return f"{self.prefix}{i:02d}"

    def __call__(self, text: str, names: Iterable[str] = ()) -> str:
        """Pseudonymise ``text``; ``names`` are extra known names (added to the map)."""
        names = [n for n in names if isinstance(n, str) and n.strip()]
        for name in names:
            if _normalise_name(name) not in _name_lookup(self.name_map):
                self.name_map[name] = self._next_code()
        spans = find_personal_data(text, [*self.name_map, *names])
        for span in spans:
            if span.kind == PiiKind.NAME and _code_for(span, _name_lookup(self.name_map)) is None:
                self.name_map[span.text] = self._next_code()
        return pseudonymise(text, spans, self.name_map)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """Shortcut: find personal data and replace every kind with its placeholder."""
    return pseudonymise(text, find_personal_data(text, names))

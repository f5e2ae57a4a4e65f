"""Redaction: planted identifiers are found, look-alikes are left alone, offsets are exact."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.redact import (
    PiiKind,
    PiiSpan,
    Pseudonymiser,
    find_personal_data,
    nhs_number_is_valid,
    pseudonymise,
    redact,
)

# ---------------------------------------------------------------- labelled test set builder


def _nhs_number(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(4, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            s = "".join(map(str, digits + [check]))
            return rng.choice([s, f"{s[:3]} {s[3:6]} {s[6:]}", f"{s[:3]}-{s[3:6]}-{s[6:]}"])


def _phone(rng: random.Random) -> str:
    mob = f"07{rng.randint(100, 999)}{rng.randint(100000, 999999)}"
    land = f"01{rng.randint(100, 999)}{rng.randint(100000, 999999)}"
    london = f"020{rng.randint(10000000, 99999999)}"
    return rng.choice(
        [
            mob,
            f"{mob[:5]} {mob[5:]}",
            f"{mob[:5]} {mob[5:8]} {mob[8:]}",
            f"+44 {mob[1:5]} {mob[5:]}",
            f"+44{mob[1:]}",
            f"{land[:5]} {land[5:]}",
            f"({land[:5]}) {land[5:]}",
            f"{london[:3]} {london[3:7]} {london[7:]}",
            f"+44 (0)20 {london[3:7]} {london[7:]}",
            f"0800 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        ]
    )


def _postcode(rng: random.Random) -> str:
    return rng.choice(
        [
            "SW1A 1AA",
            "LS1 4AP",
            "M1 1AE",
            "B33 8TH",
            "CR2 6XH",
            "DN55 1PT",
            "CF10 1EP",
            "EH1 1YZ",
            "NE1 7RU",
            "BS1 5TR",
            "ll57 2dg",
            "SA1 8PP",
            "W1A 0AX",
            "EC1A 1BB",
        ]
    )


def _ni(rng: random.Random) -> str:
    prefix = rng.choice(["AB", "JG", "NE", "SP", "WR", "CE", "HT", "QQ"])
    nums = [f"{rng.randint(0, 99):02d}" for _ in range(3)]
    suffix = rng.choice("ABCD")
    return rng.choice([f"{prefix}{''.join(nums)}{suffix}", f"{prefix} {' '.join(nums)} {suffix}"])


def _email(rng: random.Random) -> str:
    user = rng.choice(["sarah.jones", "g.evans77", "mo_khan", "tony+council", "j-smith"])
    domain = rng.choice(["example.com", "mail.co.uk", "nhs.net", "outlook.com", "llyw.cymru"])
    return f"{user}@{domain}"


_POSITIVES = {
    PiiKind.EMAIL: ("You can email me at {} any time.", "My son set up {} for me.", _email),
    PiiKind.PHONE: ("They rang me on {} twice.", "My mobile is {} if you need it.", _phone),
    PiiKind.POSTCODE: ("We moved to {} last year.", "The form wanted my postcode, {}.", _postcode),
    PiiKind.NHS_NUMBER: ("My NHS number is {} I think.", "I had to read out {} again.", _nhs_number),
    PiiKind.NI_NUMBER: ("I gave them my NI number {} on the phone.", "It's {} on the letter.", _ni),
}

_LOOKALIKES = [
    "My appointment was on 12/04/2024 at 10:30 but they cancelled.",
    "It cost me £1,250.50 to get the boiler fixed in March 2023.",
    "The bus at 07:45 is always late, so I get the 08:15 one.",
    "Your reference number is 01234567890, the letter said.",
    "My case reference: 4010232137 was on the form.",
    "The order 07700900123 never arrived.",
    "I waited 45 minutes on hold, then 20 more, about 1,000 seconds.",
    "The council tax went up 4.99% this year to £2,103.",
    "Page 12 of the 30 page form asked about my 3 children.",
    "Claim number 123456789012 got lost twice.",
    "I came in on the M62 and the A1 was shut at junction 34.",
    "We had version 2.3.1 of the app on the 5th of May 2024.",
    "Invoice 2024-0042 was for 3 hours at £25.",
    "They said ring back in 10 working days, by Friday 14 June 2024.",
    "My booking ref is 0161 496 0000 apparently, which looks like a number.",
    "It happened in room B12 on level 3.",
    "The Universal Credit journal said to call the helpline.",
    "I live on the high street above the chip shop.",
    "Nobody at the Jobcentre told me about the Council Tax Reduction.",
    "Mrs Brown's Boys is on at 9pm, we watch it at home.",
]


def build_labelled_set(seed: int = 0, per_kind: int = 60) -> list[tuple[str, list[tuple[str, PiiKind]]]]:
    """Realistic interview sentences with planted identifiers, plus look-alike sentences."""
    rng = random.Random(seed)
    rows: list[tuple[str, list[tuple[str, PiiKind]]]] = []
    for kind, (t1, t2, make) in _POSITIVES.items():
        for i in range(per_kind):
            value = make(rng)
            rows.append(((t1 if i % 2 else t2).format(value), [(value, kind)]))
    for sentence in _LOOKALIKES:
        rows.append((sentence, []))
    rows.append(("I was born on 3rd March 1984, so I'm 40.", [("3rd March 1984", PiiKind.DATE_OF_BIRTH)]))
    rows.append(("Date of birth: 03/03/1984.", [("03/03/1984", PiiKind.DATE_OF_BIRTH)]))
    rows.append(("We live at 14 Elm Road, near the park.", [("14 Elm Road", PiiKind.ADDRESS)]))
    return rows


def _score(rows):
    tp: Counter[PiiKind] = Counter()
    fn: Counter[PiiKind] = Counter()
    fp = 0
    for text, gold in rows:
        found = {(s.text, s.kind) for s in find_personal_data(text)}
        for item in gold:
            (tp if item in found else fn)[item[1]] += 1
        fp += len(found - set(gold))
    return tp, fn, fp


# ------------------------------------------------------------------------------ the tests


def test_recall_on_planted_identifiers_is_at_least_98_percent_per_kind():
    tp, fn, _ = _score(build_labelled_set())
    for kind in _POSITIVES:
        recall = tp[kind] / (tp[kind] + fn[kind])
        assert recall >= 0.98, (kind, recall)


def test_precision_including_look_alikes_is_at_least_95_percent():
    rows = build_labelled_set()
    tp, _, fp = _score(rows)
    precision = sum(tp.values()) / (sum(tp.values()) + fp)
    assert precision >= 0.95
    lookalike_hits = [(t, find_personal_data(t)) for t in _LOOKALIKES if find_personal_data(t)]
    assert len(lookalike_hits) <= 1, lookalike_hits


@pytest.mark.parametrize(
    "number, valid",
    [("943 476 5919", True), ("9434765919", True), ("943-476-5918", False), ("401023213", False)],
)
def test_nhs_number_checksum(number, valid):
    assert nhs_number_is_valid(number) is valid


def test_invalid_nhs_number_is_still_found_when_introduced_as_one():
    spans = find_personal_data("NHS number 943 476 5918 (I may have misread it)")
    assert [(s.kind, s.text) for s in spans] == [(PiiKind.NHS_NUMBER, "943 476 5918")]


def test_appointment_dates_are_not_dates_of_birth():
    text = "I was born in Leeds. My appointment is on 12/04/2024."
    assert find_personal_data(text) == []


def test_supplied_names_match_full_name_parts_and_misspellings():
    text = "Sarah said that Ms Jones was late; sarah agreed. Saraha wrote it. Sam did not."
    spans = find_personal_data(text, names=["Sarah Jones"], heuristics=False)
    assert [s.text for s in spans] == ["Sarah", "Jones", "sarah", "Saraha"]
    assert {owner for s in spans for owner in s.owners} == {"Sarah Jones"}


def test_name_heuristics_find_introduced_names_but_not_common_capitalised_words():
    text = "My name is Aled Evans. My son Callum helps. I rang the Council on Monday."
    assert [s.text for s in find_personal_data(text)] == ["Aled Evans", "Callum"]
    assert find_personal_data(text, heuristics=False) == []


def test_pseudonymise_is_consistent_and_uses_the_name_map():
    text = "Sarah Jones called. Later Sarah emailed sarah@example.com from SW1A 1AA."
    spans = find_personal_data(text, names=["Sarah Jones"])
    out = pseudonymise(text, spans, {"Sarah Jones": "P07"})
    assert out == "[P07] called. Later [P07] emailed [EMAIL] from [POSTCODE]."


def test_pseudonymiser_gives_new_people_stable_codes_across_texts():
    p = Pseudonymiser({"Sarah Jones": "P07"})
    first = p("Sarah met Mrs Patel.")
    second = p("Mrs Patel phoned Sarah on 07700 900123.")
    assert first == "[P07] met Mrs [P01]."
    assert second == "Mrs [P01] phoned [P07] on [PHONE]."


def test_a_variant_of_a_mapped_name_becomes_that_persons_code_whole():
    text = "Rhianon Davies from Caerphilly council rang, and Rhi rang back."
    spans = find_personal_data(text, names=["Rhiannon Davies"])
    assert pseudonymise(text, spans, {"Rhiannon Davies": "P26"}) == (
        "[P26] from Caerphilly council rang, and [P26] rang back."
    )


def test_pseudonymise_rejects_spans_from_another_text():
    spans = [PiiSpan(0, 5, PiiKind.NAME, "Sarah")]
    with pytest.raises(ValueError):
        pseudonymise("Hello there", spans)


@pytest.mark.parametrize("bad", [None, float("nan"), 12])
def test_find_personal_data_rejects_non_text(bad):
    with pytest.raises(ValueError):
        find_personal_data(bad)


def test_long_text_is_handled_linearly():
    text = "We talked for ages about the bins. " * 3000 + "Email me at a@b.com."
    spans = find_personal_data(text)
    assert [s.kind for s in spans] == [PiiKind.EMAIL]


def test_welsh_text_with_identifiers():
    text = "Fy enw i yw Aled. Ffoniwch fi ar 029 2018 0100 neu e-bost aled@llyw.cymru."
    kinds = [s.kind for s in find_personal_data(text, names=["Aled"])]
    assert kinds == [PiiKind.NAME, PiiKind.PHONE, PiiKind.EMAIL]


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200),
    st.lists(st.sampled_from(["Sarah", "Jones", "Ali Khan"]), max_size=2),
)
def test_spans_are_sorted_non_overlapping_and_match_their_offsets(text, names):
    spans = find_personal_data(text, names)
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    # pseudonymising never fails on its own spans and keeps the text between them
    out = pseudonymise(text, spans)
    if not spans:
        assert out == text


@settings(max_examples=100, deadline=None)
@given(
    st.text(alphabet="abc xyz,.;", max_size=40),
    st.text(alphabet="abc xyz,.;", max_size=40),
    st.sampled_from(["sarah@example.com", "07700 900123", "SW1A 1AA", "943 476 5919"]),
)
def test_a_planted_identifier_is_found_at_its_exact_offset(before, after, planted):
    text = f"{before} {planted} {after}"
    start = len(before) + 1
    spans = find_personal_data(text)
    assert any(s.start == start and s.end == start + len(planted) for s in spans)
    assert planted not in redact(text)

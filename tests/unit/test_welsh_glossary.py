"""The Welsh catalogue uses the glossary's word for every domain term (issue 15 §2).

discovery/translations/GLOSSARY.md is the single list of terms; this reads its table, so a
term added there is checked here without a change to this file. Welsh mutates a word's first
letter after some words ("y garfan", "eich cyfranogwyr", "3 chanfyddiad"), so each glossary
word is accepted in any of its mutated forms.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "discovery" / "translations" / "GLOSSARY.md"
CATALOGUE = ROOT / "discovery" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
# Placeholders and command-line options ("--participant") are literal, not words to translate.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|--[\w-]+")

SOFT = {"c": "g", "p": "b", "t": "d", "g": "", "b": "f", "d": "dd", "ll": "l", "m": "f", "rh": "r"}
NASAL = {"c": "ngh", "p": "mh", "t": "nh", "g": "ng", "b": "m", "d": "n"}
ASPIRATE = {"c": "ch", "p": "ph", "t": "th"}


def mutations(word: str) -> set[str]:
    """The forms a Welsh word takes at the start: itself, soft, nasal, aspirate, and h- before a vowel."""
    forms = {word}
    for table in (SOFT, NASAL, ASPIRATE):
        for start, becomes in table.items():
            # "ll" and "rh" are letters of their own; "ch", "ph", "th", "dd" do not mutate again.
            if word.startswith(start) and not word.startswith(("ch", "ph", "th", "dd")):
                forms.add(becomes + word[len(start) :])
                break
    if word[0] in "aeiouwyâêîôûŵŷ":
        forms.add("h" + word)
    return forms


def glossary() -> dict[str, set[str]]:
    """English term -> every accepted Welsh form (and stem), read from the glossary's table of terms."""
    text = GLOSSARY.read_text(encoding="utf-8")
    table = text.split("## Terms", 1)[1].split("\n## ", 1)[0]
    terms: dict[str, set[str]] = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or cells[0] in {"English", ""} or set(cells[0]) <= {"-"}:
            continue
        english, singular, plural, also = cells[:4]
        words = [singular, plural] + [stem.strip() for stem in also.split(",") if stem.strip()]
        terms[english] = {form for welsh in words for form in mutations(welsh)}
    return terms


def exceptions() -> tuple[str, ...]:
    table = GLOSSARY.read_text(encoding="utf-8").split("## Exceptions", 1)[1]
    rows = [
        line.strip().strip("|").split("|")[0].strip() for line in table.splitlines() if line.startswith("|")
    ]
    return tuple(row for row in rows if row and row != "English message begins" and not set(row) <= {"-"})


def _messages():
    with CATALOGUE.open("rb") as handle:
        for message in read_po(handle):
            if message.id:
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                yield ids[0], strings


def test_the_glossary_names_the_terms_the_issue_asks_for():
    wanted = {
        "discovery",
        "finding",
        "theme",
        "user need",
        "journey map",
        "backlog",
        "consent",
        "participant",
        "evidence",
        "authority lead",
    }
    assert wanted <= set(glossary())


def test_the_mutations_are_the_ones_welsh_uses():
    assert {"canfyddiad", "ganfyddiad", "nghanfyddiad", "chanfyddiad"} <= mutations("canfyddiad")
    assert {"rhes", "res"} <= mutations("rhes")
    assert "hanghenion" in mutations("anghenion")


def test_every_message_uses_the_glossary_word_for_each_term_it_names():
    skip = exceptions()
    wrong = []
    for english_term, welsh_forms in glossary().items():
        term = re.compile(rf"\b{re.escape(english_term)}(s|es)?\b", re.IGNORECASE)
        welsh = re.compile(
            r"\b(" + "|".join(sorted(map(re.escape, welsh_forms), key=len, reverse=True)) + r")", re.I
        )
        for msgid, strings in _messages():
            if msgid.startswith(skip) or not term.search(PLACEHOLDER.sub("", msgid)):
                continue
            for string in strings:
                if not welsh.search(string):
                    wrong.append(f"{english_term!r} in {msgid[:70]!r}: {string[:90]!r}")
    assert not wrong, f"{len(wrong)} messages do not use the glossary's word:\n" + "\n".join(wrong[:40])

"""Every string a person can see has a Welsh translation, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "discovery" / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%\{count\}")


def _welsh():
    with CATALOGUE.open("rb") as handle:
        return read_po(handle)


def test_every_string_in_the_code_is_in_the_welsh_catalogue(tmp_path):
    template = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "_l",
            "-k",
            "N_",
            "-k",
            "lazy_pgettext:1c,2",
            "-o",
            str(template),
        ]
        + [str(ROOT / folder) for folder in ("discovery", "research_notes", "templates")]
    )
    with template.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    missing = wanted - {m.id for m in _welsh() if m.id}
    assert not missing, f"Run `make messages` and translate: {sorted(missing)[:10]}"


def test_no_welsh_string_is_empty_or_a_guess():
    untranslated = [
        m.id
        for m in _welsh()
        if m.id and ("fuzzy" in m.flags or not (all(m.string) if isinstance(m.string, tuple) else m.string))
    ]
    assert untranslated == []


def test_welsh_strings_keep_every_placeholder():
    for message in _welsh():
        if not message.id or isinstance(message.id, tuple):
            continue
        assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(message.id)), (
            message.id
        )


def test_the_phase_and_a_discovery_are_two_words_in_welsh():
    """ "Discovery" is a GOV.UK phase (Darganfod) and this service's piece of research (a
    darganfyddiad): one English word, two Welsh ones, so each use carries a context."""
    welsh = _welsh()
    assert welsh.get("Discovery", context="project phase").string == "Darganfod"
    assert welsh.get("Discovery", context="a research project").string == "Darganfyddiad"
    unmarked = welsh.get("Discovery")
    assert unmarked is None or unmarked.obsolete or not unmarked.locations

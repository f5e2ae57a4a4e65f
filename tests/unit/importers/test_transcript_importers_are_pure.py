"""The importers are a pure library, so the app, a job or a notebook can call them."""

from __future__ import annotations

from pathlib import Path

import research_notes.importers
from tests.support import third_party_imports


def test_importers_use_only_the_standard_library():
    """Word documents are read with the standard library's zipfile and expat, so importing a
    text file never pays for python-docx and lxml, and a hostile .docx meets our own limits
    before anything else parses it."""
    package = Path(research_notes.importers.__file__).parent
    assert third_party_imports(*package.glob("*.py")) == set()

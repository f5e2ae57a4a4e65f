"""A summary exported in Welsh is in Welsh: no heading, label or sentence of the catalogue is
left in English in the Markdown, PDF or Word file."""

from __future__ import annotations

import pytest

from tests.integration.summaries.test_summary_exports import _export
from tests.page_walk import Catalogue
from tests.welsh_text import docx_pieces, english_left, markdown_pieces, pdf_pieces

READ = {
    "md": lambda response: markdown_pieces(response.get_data(as_text=True)),
    "pdf": lambda response: pdf_pieces(response.data),
    "docx": lambda response: docx_pieces(response.data),
}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue.load()


@pytest.mark.parametrize("file_format", list(READ))
def test_a_welsh_export_has_no_english_from_the_catalogue(client, world, catalogue, file_format):
    english, _job = _export(client, world, file_format=file_format, lang="en")
    welsh, _job = _export(client, world, file_format=file_format, lang="cy")
    # The check can fail: the English file is full of the catalogue's English.
    assert len(english_left(READ[file_format](english), catalogue)) >= 3
    assert english_left(READ[file_format](welsh), catalogue) == []

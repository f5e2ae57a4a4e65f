"""A summary as one HTML file to keep or email: opens offline, with nothing to fetch.

Its CSS is inline and it has no scripts, images or external URLs, so it reads the same from a
laptop's downloads folder years later, and opening it tells no server who read it.
"""

from __future__ import annotations

from discovery.summaries import content
from discovery.summaries.exports import render


def to_html(document: content.Document, lang: str) -> str:
    """The whole file: ``<!DOCTYPE html>``, ``<html lang>``, a skip link, contents and the summary."""
    return render("summaries/export/file.html", document, lang)

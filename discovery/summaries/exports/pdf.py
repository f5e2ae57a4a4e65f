"""A summary as an A4 PDF for a board paper: contents with page numbers, "Page 3 of 9".

Rendered by WeasyPrint through ``discovery.core.pdf.html_to_pdf``, which reads ``/assets/…``
from the static folder and fetches nothing else. With ``static`` the PDF is set in GOV.UK's
GDS Transport (the font files GOV.UK Frontend ships); without it, in Arial or its stand-in.
The heat map stays an inline SVG, so it prints as vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask_babel import force_locale, gettext
from markupsafe import Markup

from discovery.core.pdf import html_to_pdf
from discovery.summaries import content
from discovery.summaries.exports import render

FONTS = {"light": 400, "bold": 700}
"""GOV.UK Frontend's font files, ``fonts/light-<hash>-v2.woff2``, by the weight they set."""


@dataclass(frozen=True)
class FontFace:
    url: str
    weight: int
    format: str


def font_faces(static: Path | None) -> list[FontFace]:
    """GDS Transport from the static folder; none (system fonts) when the files are missing."""
    if static is None:
        return []
    faces = []
    for name, weight in FONTS.items():
        files = sorted((static / "fonts").glob(f"{name}-*.woff2")) or sorted(
            (static / "fonts").glob(f"{name}-*.woff")
        )
        if files:
            fmt = "woff2" if files[0].suffix == ".woff2" else "woff"
            faces.append(FontFace(f"/assets/fonts/{files[0].name}", weight, fmt))
    return faces if len(faces) == len(FONTS) else []


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string that cannot end the string or the ``<style>`` element."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("<", "\\3c ")
    return f'"{escaped}"'


def page_of() -> Markup:
    """The footer's "Page 3 of 9" as CSS ``content``, word order from the translation."""
    words = gettext("Page %(page)s of %(pages)s", page="\x00page\x00", pages="\x00pages\x00")
    parts = []
    for index, piece in enumerate(words.split("\x00")):
        if index % 2:
            parts.append(f"counter({'page' if piece == 'page' else 'pages'})")
        elif piece:
            parts.append(css_string(piece))
    return Markup(" ".join(parts))  # noqa: S704 - each piece is css_string-quoted or a fixed counter()


def to_html(document: content.Document, lang: str, *, static: Path | None = None) -> str:
    """The HTML WeasyPrint lays out (useful to look at when a page breaks badly)."""
    with force_locale(lang):
        footer = page_of()
    return render(
        "summaries/export/print.html", document, lang, font_faces=font_faces(static), page_of=footer
    )


def to_pdf(document: content.Document, lang: str, *, static: Path | None = None) -> bytes:
    """The summary as PDF bytes; ``static`` is the app's static folder, for the fonts."""
    return html_to_pdf(to_html(document, lang, static=static), static=static)

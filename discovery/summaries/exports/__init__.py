"""A summary as files: Markdown, Word, a web page that works offline, and a PDF for a board paper.

One module per format, each a pure function of a ``content.Document`` and a language: no
request, no database, so a published version exports exactly as it reads. They do need the
app (templates and translations), so call them inside an app context; the words they share
with the page are in ``words``.
"""

from __future__ import annotations

import re
import unicodedata

from flask import render_template
from flask_babel import force_locale

from discovery.summaries import content

__all__ = ["filename", "render"]


def render(template: str, document: content.Document, lang: str, **context) -> str:
    """Render a summary template in ``lang`` (what ``_()`` and vocab labels say follows it)."""
    with force_locale(lang):
        return render_template(template, document=document, lang=lang, **context)


def _slug(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def filename(document: content.Document, ext: str, lang: str = "en") -> str:
    """A download name that says what the file is: discovery, scope, version and language.

    ``accessing-adult-social-care-summary-v2-torfaen.pdf``; a draft says ``draft``; a Welsh
    file ends ``-cy``. Only ``a-z``, ``0-9`` and ``-``, so it is safe in a header and on any disk.
    """
    summary = document.summary
    parts = [_slug(summary.discovery_title) or "discovery", "summary"]
    parts.append(f"v{document.version.number}" if document.version else "draft")
    if summary.scope is not None:
        parts.append(_slug(summary.scope.name) or _slug(summary.scope.code) or "authority")
    if lang != "en":
        parts.append(_slug(lang))
    return "-".join(parts) + "." + _slug(ext.lstrip("."), 8)

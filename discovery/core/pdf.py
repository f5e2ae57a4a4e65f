"""HTML to PDF with WeasyPrint, reading the app's own assets from disk.

Pages and exports that print (a journey map, a summary for a board paper) render HTML and hand it
here. ``/assets/…`` URLs are read from the static folder rather than fetched over HTTP, so a
request never calls back into its own server (which deadlocks under a single worker); anything
else is refused, so a PDF cannot be made to fetch from the network.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_URL = "http://discovery.invalid/"
ASSETS = "/assets/"


def _fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class AssetFetcher(URLFetcher):
        """Serve ``/assets/…`` from ``static``; refuse everything else (no network, no files)."""

        def __init__(self, static: Path | None) -> None:
            super().__init__(allowed_protocols=("http", "https", "data"))
            self._static = static.resolve() if static else None

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            parts = urlsplit(url)
            path = unquote(parts.path)
            if self._static is None or not path.startswith(ASSETS):
                raise ValueError(f"Not fetching {url}")
            file = (self._static / path[len(ASSETS) :]).resolve()
            if not file.is_relative_to(self._static) or not file.is_file():
                raise ValueError(f"No asset {path}")
            mime = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            # The URL stays http: the CSS's root-relative /assets/fonts/… resolve against it.
            return URLFetcherResponse(url, file.read_bytes(), {"Content-Type": mime})

    return AssetFetcher


def html_to_pdf(html: str, *, static: Path | None = None, media_type: str = "print") -> bytes:
    """Render ``html`` to PDF bytes; ``/assets/…`` come from ``static`` (the app's static folder)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # WeasyPrint 70 cannot paint fill="currentcolor" (lower case) in inline SVG; it can the other.
    html = html.replace('="currentcolor"', '="currentColor"')
    fetcher = _fetcher_class()(static)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher, media_type=media_type).write_pdf()

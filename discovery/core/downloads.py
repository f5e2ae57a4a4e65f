"""Files of research data sent to a browser: never kept in a cache on the way or on disk.

A CSV of findings holds what residents said; a shared or proxy cache, or the browser's own
disk cache on a shared council PC, must not keep a copy, so every download says ``no-store``
(``Pragma: no-cache`` for old HTTP/1.0 proxies).
"""

from __future__ import annotations

from flask import Response


def private_download(data: str | bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response

"""HTTP headers that keep research data in the browser it was sent to, and nowhere else.

- **Content-Security-Policy** with a fresh nonce for every request: a script or style runs only
  if it comes from our own ``/assets`` or carries this response's nonce, so text a person typed
  into a note (or a hostile transcript) can never run as script, even if escaping failed.
  Inline ``style=""`` attributes are refused too; pages use classes from ``assets/*.css``.
- **Cache-Control: no-store** on every answer but our own static files: pages, fragments, JSON,
  downloads and redirects all carry research data (a redirect's URL can name a participant's
  note), and a shared council PC or a proxy must not keep a copy.
- **Strict-Transport-Security** only on an answer sent over HTTPS. Behind a reverse proxy the
  scheme comes from ``X-Forwarded-Proto``, trusted only when ``TRUSTED_PROXY_COUNT`` says how
  many proxies stand in front (Werkzeug's ProxyFix); otherwise anyone could claim HTTPS.
- No ``Server`` header naming versions under Werkzeug's development server (gunicorn names
  itself without a version).
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, g, request
from werkzeug.middleware.proxy_fix import ProxyFix

# Answers that hold no research data and may be cached: our own CSS, JS, fonts and images.
CACHEABLE_ENDPOINTS = frozenset({"static", "core.favicon"})
HSTS = "max-age=31536000; includeSubDomains"
SERVER_NAME_HEADER = "discovery"


def init_app(app: Flask) -> None:
    proxies = int(app.config.get("TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.context_processor(lambda: {"cspNonce": csp_nonce()})
    hide_development_server_version()


def csp_nonce() -> str:
    """This request's nonce, made on first use; the page and the header share it."""
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = g.csp_nonce = secrets.token_urlsafe(18)
    return nonce


def content_security_policy(nonce: str | None) -> str:
    """The policy for one answer. Without a nonce (a static file) no inline code is allowed at all."""
    inline = f" 'nonce-{nonce}'" if nonce else ""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self'{inline}",
            f"style-src 'self'{inline}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def add_headers(response: Response) -> Response:
    """Every answer's security headers (an after_request hook; see discovery.hooks)."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    cacheable = request.endpoint in CACHEABLE_ENDPOINTS
    headers["Content-Security-Policy"] = content_security_policy(None if cacheable else csp_nonce())
    if not cacheable:
        # Replaces whatever a view or send_file set ("no-cache" still lets a disk cache keep it).
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    if request.is_secure:
        headers["Strict-Transport-Security"] = HSTS
    return response


def hide_development_server_version() -> None:
    """Werkzeug's development server (``flask run``, ``make run``) sends ``Server: Werkzeug/3.1.9
    Python/3.11.7``, telling an attacker which known bugs to try. Its request handler builds the
    header in ``version_string``; replace that with a name without versions. Only that server
    uses the class, so this changes nothing under gunicorn."""
    from werkzeug.serving import WSGIRequestHandler

    WSGIRequestHandler.version_string = _server_name  # type: ignore[method-assign]


def _server_name(_handler) -> str:
    return SERVER_NAME_HEADER

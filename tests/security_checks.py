"""Checks of the security headers and inline code of one response, shared by the header tests and
the page walk (tests/page_walk.py applies them to every page, as every role, in both languages).

``header_problems`` reads the headers any answer must carry (discovery.security): a CSP with
this response's nonce, ``no-store`` unless it is one of our static files, nosniff, framing
refused, and HSTS only over HTTPS. ``inline_code_problems`` parses a page and lists every inline
script or style without that nonce, every ``style=""`` attribute and every ``on…=`` handler:
each would be refused by the browser (a broken feature) or, worse, mean the policy had to be
loosened to let it run.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_\-+/=]+)'")
REQUIRED_DIRECTIVES = (
    "default-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
STATIC_PREFIX = "/assets/"
CACHEABLE = ("/favicon.ico",)  # our files that hold no research data, besides /assets/


def is_static(path: str) -> bool:
    path = path.split("?")[0]
    return path.startswith(STATIC_PREFIX) or path in CACHEABLE


def csp_nonce(response) -> str | None:
    match = NONCE.search(response.headers.get("Content-Security-Policy", ""))
    return match.group(1) if match else None


def header_problems(response, *, path: str = "", secure: bool = False) -> list[str]:
    """What is missing or wrong in this answer's headers (empty when all is well)."""
    headers = response.headers
    problems = []
    policy = headers.get("Content-Security-Policy", "")
    static = is_static(path)
    if not policy:
        return ["no Content-Security-Policy"]
    directives = [d.strip() for d in policy.split(";")]
    problems += [f"CSP lacks {d!r}" for d in REQUIRED_DIRECTIVES if d not in directives]
    nonce = csp_nonce(response)
    if static:
        if "'nonce-" in policy or "unsafe-inline" in policy:
            problems.append(f"a static file's CSP allows inline code: {policy}")
    elif nonce is None or f"style-src 'self' 'nonce-{nonce}'" not in directives:
        problems.append(f"CSP has no script and style nonce: {policy}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows unsafe code: {policy}")
    cache = headers.get("Cache-Control", "")
    if static and "no-store" in cache:
        problems.append("a static file says no-store")
    if not static and "no-store" not in cache:
        problems.append(f"research data without Cache-Control: no-store (it says {cache!r})")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if headers.get("X-Frame-Options") != "DENY":
        problems.append("no X-Frame-Options: DENY")
    if not headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    hsts = headers.get("Strict-Transport-Security")
    if secure and hsts != "max-age=31536000; includeSubDomains":
        problems.append(f"HTTPS answer with Strict-Transport-Security {hsts!r}")
    if not secure and hsts:
        problems.append("Strict-Transport-Security sent over plain HTTP")
    server = headers.get("Server", "")
    if re.search(r"\d+\.\d+", server):
        problems.append(f"Server header names a version: {server!r}")
    return problems


def inline_code_problems(html: str, nonce: str | None) -> list[str]:
    """Every piece of inline script or style in the page that this response's CSP would refuse."""
    page = BeautifulSoup(html, "html.parser")
    problems = []
    for element in page.find_all(["script", "style"]):
        if element.name == "script" and element.get("src"):
            if element.get("src", "").startswith(("http:", "https:", "//")):
                problems.append(f"a script from another site: {element['src']}")
            continue
        if nonce is None or element.get("nonce") != nonce:
            snippet = " ".join(element.get_text().split())[:60]
            problems.append(f"inline <{element.name}> without this response's nonce: {snippet!r}")
    for element in page.find_all(True):
        if element.has_attr("style"):
            problems.append(f"style attribute on <{element.name}>: {element['style']!r}")
        handlers = [a for a in element.attrs if a.lower().startswith("on")]
        if handlers:
            problems.append(f"inline event handler {handlers} on <{element.name}>")
        for attribute in ("href", "action", "formaction", "src"):
            if str(element.get(attribute, "")).strip().lower().startswith("javascript:"):
                problems.append(f"javascript: URL in <{element.name} {attribute}>")
    return problems


def response_problems(response, *, path: str = "", secure: bool = False) -> list[str]:
    """Header problems of any answer, and inline-code problems of an HTML one."""
    problems = header_problems(response, path=path, secure=secure)
    if response.mimetype == "text/html" and not is_static(path):
        problems += inline_code_problems(response.get_data(as_text=True), csp_nonce(response))
    return problems

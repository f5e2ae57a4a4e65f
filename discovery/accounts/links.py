"""The secret in a "choose your password" link: made, hashed, and kept out of every log.

The secret travels in the link's path (a person pastes the link into a browser; nothing else
reaches them, as the app sends no email), so the web server's access log would otherwise write
it down for anyone who reads the logs. :func:`keep_links_out_of_logs` puts a filter on the
access loggers of Werkzeug and gunicorn that blanks it out before any handler sees the line.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets

PATH_PREFIX = "/set-password/"
_SECRET_IN_PATH = re.compile(re.escape(PATH_PREFIX) + r"[^\s?#\"'/]+")
REDACTED = PATH_PREFIX + "[redacted]"
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def redact(text: str) -> str:
    return _SECRET_IN_PATH.sub(REDACTED, text)


class RedactLinkSecrets(logging.Filter):
    """Rewrites a log record whose message holds a set-password link, keeping the rest of it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a badly formatted record is the handler's to report
            return True
        if PATH_PREFIX in message:
            record.msg, record.args = redact(message), None
        return True


_FILTER = RedactLinkSecrets()


def keep_links_out_of_logs() -> None:
    """Install the filter on the access loggers (once, however many apps are made)."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)

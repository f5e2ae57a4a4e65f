"""What a job's page says when the job could not finish. Stored as English message ids, shown translated."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

STOPPED = _l(
    "This job stopped unexpectedly, probably because the server restarted. "
    "Nothing it was doing was saved. You can run it again."
)
LOST = _l(
    "This job never started, probably because the server restarted before it could. "
    "Nothing was changed. You can run it again."
)
CRASHED = _l(
    "Something went wrong while this job was running. Nothing it was doing was saved. You can run it again."
)
NOT_ALLOWED = _l(
    "This job did not run because the person who started it is no longer allowed to do this "
    "in this discovery. Nothing was changed."
)
NOT_QUEUED = _l(
    "This job could not be started because the service that runs jobs is not available. "
    "Nothing was changed. Try again later."
)
UNKNOWN_TASK = _l("This job could not run because this version of the service does not know how to do it.")
BAD_PAYLOAD = _l(
    "This job could not run because what it was asked to do is no longer valid. Nothing was changed."
)
CANCELLED = _l("This job was cancelled. Nothing it was doing was saved.")


def msgid(text: object) -> str:
    """The English message id of a lazy string (stored, then translated for each reader)."""
    if isinstance(text, LazyString):
        return str(text._args[0])
    return "" if text is None else str(text)

"""The one way a write that breaks a unique constraint becomes a message on a form.

A form checks first (``validate_title`` asks a service whether the title is taken), but two
people can save the same name at the same moment and both pass that check; the database's
unique constraint then refuses the second flush. :func:`unique` turns that refusal into
:class:`DuplicateValueError` naming the field, inside a savepoint, so only the refused change
is undone and the rest of the request's work (and its audit events) survives.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError

from discovery.extensions import db

_UNIQUE_SQLSTATE = "23505"  # PostgreSQL unique_violation
_SQLITE_UNIQUE = {2067, 1555}  # SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY


class DuplicateValueError(ValueError):
    """A value that must be unique is already taken; ``field`` names the form field to blame."""

    def __init__(self, field: str, message: str | None = None) -> None:
        super().__init__(message or f"The {field} is already taken")
        self.field = field


def is_unique_violation(error: IntegrityError) -> bool:
    """True for a unique (or primary key) clash on SQLite or PostgreSQL, not for other constraints."""
    orig = error.orig
    if getattr(orig, "sqlstate", None) == _UNIQUE_SQLSTATE:
        return True
    if isinstance(orig, sqlite3.IntegrityError):
        code = getattr(orig, "sqlite_errorcode", None)
        return code in _SQLITE_UNIQUE or "UNIQUE constraint failed" in str(orig)
    return False


@contextmanager
def unique(field: str, error: type[DuplicateValueError] = DuplicateValueError) -> Iterator[None]:
    """Make a change inside this block; a unique clash on flush raises ``error(field)``.

    Opening the savepoint flushes what is already pending, so make the change *inside* the
    block (add the object, set the attribute) for its clash to be caught here. Other
    integrity errors (a foreign key, a check) are not a duplicate and propagate unchanged.
    """
    savepoint = db.session.begin_nested()
    try:
        yield
        db.session.flush()
    except IntegrityError as exc:
        savepoint.rollback()
        if not is_unique_violation(exc):
            raise
        raise error(field) from None
    except BaseException:
        savepoint.rollback()
        raise
    savepoint.commit()


def show_duplicate(form, duplicate: DuplicateValueError, message: str) -> None:
    """Put ``message`` on the form field the duplicate names (GOV.UK error summary and field)."""
    field = form[duplicate.field]
    field.errors = [*field.errors, str(message)]

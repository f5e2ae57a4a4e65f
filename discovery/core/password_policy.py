"""What makes a password acceptable, checked in one place wherever a password is set.

A password must be 12 to 256 characters (NCSC and OWASP ASVS 2.1: length over composition
rules, and a limit high enough for passphrases and password managers but low enough that
argon2 is never handed megabytes), must not be one of the 20,000 most common passwords
(Django's list, ``data/common-passwords.txt.gz``, BSD licence: see ``data/LICENCE``), and must
not be the person's own email address or name.

``password_problem`` returns the first problem as a GOV.UK-style message in the person's
language, or None; forms use ``PasswordPolicy`` and the command line prints the message.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

from flask_babel import gettext as _
from wtforms.validators import ValidationError

from discovery.core.passwords import MIN_PASSWORD_LENGTH

MAX_PASSWORD_LENGTH = 256
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt.gz"


@cache
def common_passwords() -> frozenset[str]:
    """The common-password list in lower case (a few entries are not), read once per process."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as handle:
        return frozenset(line.strip().lower() for line in handle if line.strip())


def _plain(text: str) -> str:
    return "".join(text.split()).casefold()


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """The first thing wrong with ``password`` for the person with this email and name, or None."""
    if not password:
        return _("Enter a password")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("Password must be %(min)d characters or more", min=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("Password must be %(max)d characters or fewer", max=MAX_PASSWORD_LENGTH)
    plain = _plain(password)
    email = _plain(email)
    if email and plain in {email, email.partition("@")[0]}:
        return _("Password must not be your email address. Choose a password that is harder to guess")
    if name and plain == _plain(name):
        return _("Password must not be your name. Choose a password that is harder to guess")
    if password.strip().lower() in common_passwords():
        return _("Password is too common. Choose a password that is harder to guess")
    return None


class PasswordPolicy:
    """A WTForms validator applying ``password_problem``.

    ``email_field`` and ``name_field`` name the form's fields holding the person's email address
    and name, when the form has them; ``person`` gives them from the account being changed.
    """

    def __init__(self, *, email_field: str | None = None, name_field: str | None = None, person=None):
        self.email_field = email_field
        self.name_field = name_field
        self.person = person

    def __call__(self, form, field) -> None:
        email = _field_data(form, self.email_field) or getattr(self.person, "email", "") or ""
        name = _field_data(form, self.name_field) or getattr(self.person, "display_name", "") or ""
        problem = password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)


def _field_data(form, name: str | None) -> str:
    if not name or name not in form:
        return ""
    return form[name].data or ""

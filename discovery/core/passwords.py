"""Argon2 password hashing. One hasher, so parameters are changed in one place."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 12


@cache
def _dummy_hash() -> str:
    """A hash of a random password, checked when the email is unknown or the account inactive.

    Made on first use rather than at import (hashing takes a fifth of a second or more, which
    every `flask` command paid), and with the hasher's own parameters, so checking it costs
    exactly what checking a real password costs.
    """
    return _hasher.hash(secrets.token_urlsafe(24))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches. Always does one argon2 check, even without a hash.

    The dummy hash is made before the first check of any kind, so the first sign-in after
    start-up costs the same whether or not the email has an account.
    """
    dummy = _dummy_hash()
    try:
        return _hasher.verify(password_hash or dummy, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)

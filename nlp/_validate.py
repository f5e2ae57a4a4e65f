"""Input checks shared by the public entry points.

Every public function of :mod:`nlp` accepts plain Python lists of strings. Real exports contain
``None``, ``float('nan')`` (from spreadsheets) and numbers, and scikit-learn fails on those deep
inside a vectoriser with an unhelpful message. These helpers fail early with a ``ValueError``
that names the offending position instead.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

MAX_TEXT_CHARS = 100_000
"""Texts longer than this are truncated for embedding and clustering (not for redaction)."""


def is_missing(value: object) -> bool:
    """Return True for ``None`` and float NaN, the two spellings of "no text" in exports."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def check_texts(
    texts: Iterable[object],
    *,
    allow_empty: bool = False,
    missing: str = "raise",
    name: str = "texts",
) -> list[str]:
    """Validate a list of texts and return it as ``list[str]``.

    Parameters
    ----------
    texts
        The texts. A single ``str`` is rejected because iterating it would silently treat every
        character as a text.
    allow_empty
        Whether an empty list is acceptable.
    missing
        ``"raise"`` (default) rejects ``None``/NaN; ``"empty"`` turns them into ``""``.
    name
        Name used in error messages.

    Raises
    ------
    ValueError
        If ``texts`` is a string, is empty while ``allow_empty`` is false, or contains a missing
        value (with ``missing="raise"``) or a non-string item.
    """
    if isinstance(texts, str | bytes):
        raise ValueError(f"{name} must be a list of strings, not a single string")
    if texts is None:
        raise ValueError(f"{name} must be a list of strings, not None")
    out: list[str] = []
    for i, t in enumerate(texts):
        if is_missing(t):
            if missing == "empty":
                out.append("")
                continue
            raise ValueError(f"{name}[{i}] is missing (None or NaN); drop it or pass a string")
        if not isinstance(t, str):
            raise ValueError(f"{name}[{i}] is {type(t).__name__}, expected str")
        out.append(t)
    if not out and not allow_empty:
        raise ValueError(f"{name} is empty; at least one text is needed")
    return out


def check_labels(labels: Sequence[object], n: int, name: str = "labels") -> list[str | None]:
    """Validate per-text labels; ``None``/NaN/"" mean "not labelled".

    Raises
    ------
    ValueError
        If the length differs from ``n``.
    """
    labels = list(labels)
    if len(labels) != n:
        raise ValueError(f"{name} has {len(labels)} items but there are {n} texts")
    out: list[str | None] = []
    for item in labels:
        if is_missing(item) or item == "":
            out.append(None)
        else:
            out.append(str(item))
    return out

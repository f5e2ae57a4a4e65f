"""Counting the work a parser does, so tests can assert it is linear without a clock."""

from __future__ import annotations

import sys
from collections.abc import Callable


def steps(action: Callable[[], object]) -> int:
    """How many Python and C function calls ``action`` makes (regex calls included).

    A count of calls does not depend on how busy the machine is, and an importer that did
    quadratic work per line would make quadratically many of them.
    """
    count = 0

    def profile(_frame, event, _arg) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count

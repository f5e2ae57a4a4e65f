"""What the accessibility statement says about how the service was tested, and so how it complies.

The figures come from the last ``make accessibility`` run, committed as docs/accessibility.json
(see assurance/accessibility.py): the date, how many pages × roles × languages axe-core checked
with the WCAG 2.2 AA rules, the violations it found, and the pages that scroll sideways at
320 px. They are read when the statement is shown, so a new run changes the page without a code
change; a missing or unreadable file makes the statement say the service has not been measured,
never a figure it did not measure.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

log = logging.getLogger(__name__)

FIGURES = Path(__file__).resolve().parents[2] / "docs" / "accessibility.json"
# When this statement's wording was last prepared (by hand), as the GOV.UK model asks.
PREPARED_ON = date(2026, 12, 7)


@dataclass(frozen=True)
class Figures:
    tested_on: date
    pages: int
    roles: int
    languages: int
    axe_cases: int
    axe_violations: int
    axe_core: str
    reflow_width: int
    reflow_pages: int
    # Pages that scroll sideways at 320 px, and pages where axe found a violation (known bugs):
    # each {"endpoint", "languages", "title": {lang: title}}.
    reflow_failing: list[dict] = field(default_factory=list)
    axe_failing: list[dict] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """No axe violation and no page that scrolls sideways."""
        return self.axe_violations == 0 and not self.reflow_failing and not self.axe_failing

    @staticmethod
    def titles(pages: list[dict], lang: str) -> list[str]:
        """The pages' titles, in this language where the walk saw it."""
        titles = []
        for page in pages:
            title = page.get("title", {})
            titles.append(title.get(lang) or next(iter(title.values()), page["endpoint"]))
        return sorted(titles)


def load_figures(path: Path | str | None = None) -> Figures | None:
    """The last measured figures, or None when there are none (or they cannot be read)."""
    path = Path(path or FIGURES)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Figures(
            tested_on=date.fromisoformat(data["date"]),
            pages=int(data["pages"]),
            roles=int(data["roles"]),
            languages=int(data["languages"]),
            axe_cases=int(data["axe_cases"]),
            axe_violations=int(data["axe_violations"]),
            axe_core=str(data.get("axe_core", "")),
            reflow_width=int(data.get("reflow_width", 320)),
            reflow_pages=int(data["reflow_pages"]),
            reflow_failing=list(data.get("reflow_failing", [])),
            axe_failing=list(data.get("axe_failing", [])),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.warning("accessibility figures at %s cannot be read; the statement says not yet measured", path)
        return None


# Parts of the service the statement lists as failing a WCAG 2.2 AA criterion, whatever the walk
# finds: choosing part of a turn needs a text selection (2.1.1), and PDF downloads are not
# tagged (1.3.1). Remove a line here, and its paragraph from the statement, when it is fixed.
KNOWN_NON_COMPLIANCE = ("text selection to code part of a turn", "untagged PDF downloads")


def fully_compliant(figures: Figures | None) -> bool:
    """Only with figures from a clean walk and nothing listed as failing. An automated walk cannot
    show full compliance on its own, so this is the most the statement may claim, not a proof."""
    return figures is not None and figures.clean and not KNOWN_NON_COMPLIANCE

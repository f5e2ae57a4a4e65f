"""The demo discovery's data-sharing agreement, so a new user sees the rule working.

Neath Port Talbot and Torfaen share raw notes with each other, and all three councils share
theirs with Cadwyn Digital (the partner running the analysis); Blaenau Gwent's raw notes stay
with Blaenau Gwent and Cadwyn. Signed in as Owain Jenkins (Blaenau Gwent) you see only
Blaenau Gwent's notes, and the findings, themes and summaries from all three councils.
"""

from __future__ import annotations

from datetime import date

from discovery.core import agreements, data_scope

REFERENCE = "DSA-2026-014"
AGREED_ON = date(2026, 8, 28)
GRANTS = (("NPT", "TOR"), ("TOR", "NPT"), ("NPT", "PART"), ("TOR", "PART"), ("BG", "PART"))


def load_agreement(ctx) -> None:
    """Record the agreement once; a second run (or one a squad has since changed) leaves it.

    Not counted in the load report, whose wording the demo tests pin.
    """
    discovery = ctx.discovery
    if discovery is None or data_scope.agreement_for(discovery) is not None:
        return
    data = agreements.AgreementData(
        reference=REFERENCE,
        agreed_on=AGREED_ON,
        raw_notes=data_scope.AGREEMENT,
        grants=frozenset((ctx.authorities[a].id, ctx.authorities[b].id) for a, b in GRANTS),
    )
    agreements.save_agreement(discovery, data, expected_version=0, actor=ctx.recorder)

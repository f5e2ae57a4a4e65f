"""Small synthetic findings shared by the nlp unit tests (no files from /work/shared)."""

from __future__ import annotations

THEMES = {
    "phone": [
        "I waited on hold for an hour and nobody answered the phone",
        "the phone line kept cutting off when I rang the council",
        "nobody picks up the phone at the housing office",
        "I rang the helpline five times and waited on hold every time",
        "the phone queue was so long I gave up calling",
        "they never answer the phone, you just hold forever",
    ],
    "bins": [
        "the bins were not collected again this week",
        "the recycling bin collection day changed without warning",
        "our bin collection was missed three weeks running",
        "the garden waste bin collection costs too much",
        "the bin men skipped our street again",
        "rubbish bins overflowing because collection was missed",
    ],
    "forms": [
        "the online form timed out and I lost everything",
        "I could not find the application form on the website",
        "the website form would not accept my address",
        "filling in the online form took hours and then crashed",
        "the form on the website kept showing an error",
        "the online application form was really confusing",
    ],
}


def findings() -> tuple[list[str], list[str]]:
    texts, labels = [], []
    for label, items in THEMES.items():
        for t in items:
            texts.append(t)
            labels.append(label)
    return texts, labels

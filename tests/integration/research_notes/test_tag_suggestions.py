"""Tag suggestions come from this discovery's own tagged findings, read through their stored vectors."""

from __future__ import annotations

from discovery.extensions import db
from research_notes.finding_vectors.models import FindingVector
from research_notes.tags.suggestions import suggest_tags
from tests.support import count, sign_in, soup

TOPICS = {
    "Phone queues": [
        "I waited on hold for an hour before anyone answered",
        "nobody answered the phone at the council",
        "the phone line kept cutting off while I waited",
        "I rang three times and gave up in the end",
    ],
    "Online forms": [
        "the online form timed out and I lost my answers",
        "the website would not accept my address",
        "the form asked the same question twice",
        "I could not upload my documents to the form",
    ],
    "Respite": [
        "as a carer I never get a break from looking after mum",
        "nobody told me respite care was available",
        "I have not had a night off caring in two years",
        "the respite service had a waiting list of months",
    ],
}


def _discovery_with_findings(factories, title, tagged=True):
    discovery = factories.discovery(title=title)
    tags = {name: factories.tag(discovery=discovery, name=name) for name in TOPICS}
    lines = [line for lines in TOPICS.values() for line in lines]
    extra = ["they kept me on hold for forty minutes", "my dad needs a break from caring for my mother"]
    note = factories.note(discovery=discovery, title="Interviews", body="\n".join(lines + extra))
    findings, start = {}, 0
    for name, texts in TOPICS.items():
        for text in texts:
            finding = factories.finding(note=note, start_offset=start, end_offset=start + len(text))
            if tagged:
                finding.tags = [tags[name]]
            findings.setdefault(name, []).append(finding)
            start += len(text) + 1
    untagged = []
    for text in extra:
        untagged.append(factories.finding(note=note, start_offset=start, end_offset=start + len(text)))
        start += len(text) + 1
    db.session.commit()
    return discovery, tags, untagged


def test_an_untagged_finding_gets_the_tags_its_discovery_would_give_it(factories):
    discovery, tags, (hold, caring) = _discovery_with_findings(factories, "Getting help")
    result = suggest_tags(discovery, [hold.id, caring.id])
    assert result.ready
    assert result.by_finding[hold.id][0].tag == tags["Phone queues"]
    assert result.by_finding[caring.id][0].tag == tags["Respite"]
    assert all(0 < s.confidence <= 1 for row in result.by_finding.values() for s in row)
    assert count(FindingVector) == 14  # read once and kept: the next ask reads nothing


def test_suggestions_never_come_from_another_discoverys_codebook(factories):
    _discovery_with_findings(factories, "Tagged elsewhere")
    untagged_discovery, _, (hold, _) = _discovery_with_findings(factories, "Nothing tagged", tagged=False)
    result = suggest_tags(untagged_discovery, [hold.id])
    assert not result.ready and result.reason == "too_few_tagged_findings"
    assert result.by_finding == {}


def test_a_tag_the_finding_already_has_is_not_suggested_again(factories):
    discovery, tags, (hold, _) = _discovery_with_findings(factories, "Getting help")
    hold.tags = [tags["Phone queues"]]
    db.session.commit()
    result = suggest_tags(discovery, [hold.id])
    assert tags["Phone queues"] not in [s.tag for s in result.by_finding[hold.id]]


def test_the_finding_page_reads_missing_vectors_and_offers_its_suggestions(client, factories):
    """The page computes and saves the vectors in a transaction of its own while its request
    is reading: on SQLite that must neither wait on itself nor answer "Database busy"."""
    discovery, tags, (hold, _) = _discovery_with_findings(factories, "Getting help")
    researcher = factories.user(role="researcher")
    discovery.members.append(researcher)
    db.session.commit()
    sign_in(client, researcher)
    address = f"/discoveries/{discovery.id}/findings/{hold.id}"
    db.session.remove()  # the test's own read ends here, as a browser's would
    page = soup(client.get(address))
    assert "Phone queues" in page.select_one("main").get_text(" ", strip=True)
    assert count(FindingVector) == 13  # the 12 tagged findings and this one, kept for next time

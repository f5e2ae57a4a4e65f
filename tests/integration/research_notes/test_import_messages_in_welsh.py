"""A transcript upload answers in the language of the page: why a file was refused, and what
to check in one that was read ("Timestamps go backwards at line 4 and 1 other place"), come
from the Welsh catalogue, placeholders and all, and survive the review's saved draft."""

from __future__ import annotations

from babel.messages.pofile import read_po

from research_notes.importers.encoding import NOT_TEXT_LIKE
from tests.page_walk import CATALOGUE
from tests.support import error_summary, post_file, soup

BACKWARDS = (
    "Rhian Evans (00:10:00):\nFirst question.\n\n"
    "Gareth Price (00:09:00):\nAnswer.\n\n"
    "Rhian Evans (00:11:00):\nNext.\n\n"
    "Gareth Price (00:02:00):\nAnother.\n"
)


def _welsh(msgid: str) -> str:
    with CATALOGUE.open("rb") as handle:
        message = read_po(handle).get(msgid)
    assert message is not None and message.string, f"no Welsh for {msgid!r}"
    return message.string


def _url(team) -> str:
    return f"/discoveries/{team['discovery'].id}/notes/import"


def test_a_refused_file_is_explained_in_welsh(client, team):
    client.get(_url(team) + "?lang=cy")
    response = post_file(client, _url(team), b"%PDF-1.7\n" + bytes(range(256)), "interview.txt")
    said = [text for text, _href in error_summary(response)]
    assert said == [_welsh(NOT_TEXT_LIKE["a PDF"])]


def test_what_to_check_in_a_file_is_said_in_welsh(client, team):
    client.get(_url(team) + "?lang=cy")
    response = post_file(client, _url(team), BACKWARDS, "edited.txt")
    assert response.status_code == 302, error_summary(response)
    page = soup(client.get(response.headers["Location"])).get_text(" ", strip=True)
    where = _welsh("line %(first)d and 1 other place") % {"first": 4}
    backwards = _welsh("Timestamps go backwards at %(where)s. They were kept in file order.")
    assert backwards % {"where": where} in page
    assert "go backwards" not in page
    english = soup(client.get(response.headers["Location"] + "?lang=en")).get_text(" ", strip=True)
    assert "Timestamps go backwards at line 4 and 1 other place. They were kept in file order." in english

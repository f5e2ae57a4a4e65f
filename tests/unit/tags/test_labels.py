"""Which name of a tag a page shows, and how a fallback to English is marked (no database)."""

from __future__ import annotations

import uuid

from research_notes.models import Tag
from research_notes.tags import labels


def _tag(**values) -> Tag:
    return Tag(
        id=uuid.uuid4(), **{"name": "", "name_cy": "", "description": "", "description_cy": "", **values}
    )


def test_a_welsh_page_takes_the_welsh_name_and_an_english_page_the_english():
    tag = _tag(name="Phone queues", name_cy="Ciwiau ffôn")
    assert labels.tag_label(tag, "cy") == ("Ciwiau ffôn", "cy")
    assert labels.tag_label(tag, "en") == ("Phone queues", "en")


def test_without_a_welsh_name_a_welsh_page_falls_back_to_the_english_and_says_so():
    tag = _tag(name="Unpaid carers", description="Family who care", description_cy="")
    assert labels.tag_label(tag, "cy") == ("Unpaid carers", "en")
    assert labels.tag_description_label(tag, "cy") == ("Family who care", "en")


def test_outside_a_request_the_page_is_english_and_nothing_is_wrapped():
    tag = _tag(name="Cost & <price>", name_cy="Cost")
    assert labels.page_language() == "en"
    assert labels.tag_name_html(tag) == "Cost &amp; &lt;price&gt;"
    assert labels.tag_name_html(tag, "cy") == '<span lang="cy">Cost</span>'
    assert labels.tag_description_html(tag) == ""


def test_a_path_names_each_level_in_the_chosen_language():
    channels = _tag(name="Channels", name_cy="Sianeli")
    phone = _tag(name="Phone queues", name_cy="Ciwiau ffôn")
    phone.parent = channels
    queues = _tag(name="Queues")
    queues.parent = phone
    assert labels.tag_path_text(queues, language="cy") == "Sianeli > Ciwiau ffôn > Queues"
    assert labels.tag_path_text(queues, " › ", language="en") == "Channels › Phone queues › Queues"

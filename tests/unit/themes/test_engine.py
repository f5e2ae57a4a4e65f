"""The theme engine on plain data, and the small rules the theme area keeps without a database."""

from __future__ import annotations

from collections import Counter

import pytest

from discovery.themes import engine
from discovery.themes.models import Theme, label_key
from discovery.themes.review import StaleThemeError, check_version
from discovery.themes.runs import ClusterPayload
from tests.theme_interviews import TOPICS


def findings() -> tuple[list[str], list[str]]:
    """Texts in interview order (i-th sentence of every topic), and the topic of each."""
    pairs = [(TOPICS[topic][i], topic) for i in range(8) for topic in TOPICS]
    return [text for text, _ in pairs], [topic for _, topic in pairs]


@pytest.mark.parametrize("texts", [[], ["The council phone line rang out every time I called"]])
def test_fewer_than_two_findings_cannot_make_a_theme(texts):
    with pytest.raises(engine.NotEnoughFindings) as refused:
        engine.suggest(texts, [None] * len(texts))
    assert refused.value.count == len(texts)


def test_an_unknown_granularity_is_refused():
    texts, _topics = findings()
    with pytest.raises(ValueError, match="granularity must be one of"):
        engine.suggest(texts, [None] * len(texts), granularity="medium")


def test_the_same_texts_and_seed_give_the_same_groups_and_map_byte_for_byte():
    texts, _topics = findings()
    first = engine.suggest(texts, [None] * len(texts), seed=11)
    again = engine.suggest(texts, [None] * len(texts), seed=11)
    assert first.groups == again.groups
    assert first.labels.tobytes() == again.labels.tobytes()
    assert first.xy.tobytes() == again.xy.tobytes()
    assert first.similarity.tobytes() == again.similarity.tobytes()


def test_each_topic_becomes_a_group_of_its_own():
    texts, topics = findings()
    result = engine.suggest(texts, [None] * len(texts))
    main_topic = {}
    for group in result.groups:
        said = Counter(topics[i] for i in group.members)
        (topic, n), *_others = said.most_common()
        assert n >= 5 and n >= 0.8 * len(group.members), (group.label, said)
        main_topic[group.index] = topic
    assert sorted(main_topic.values()) == sorted(TOPICS)


def test_pinned_findings_stay_in_their_theme_and_others_may_join_it():
    texts, topics = findings()
    pinned = [i for i, topic in enumerate(topics) if topic == "respite"][:5]
    seeds = ["theme:respite-theme" if i in pinned else None for i in range(len(texts))]
    result = engine.suggest(texts, seeds)
    (respite,) = [g for g in result.groups if g.pinned_theme == "respite-theme"]
    assert set(pinned) <= set(respite.members)
    assert {topics[i] for i in respite.members} == {"respite"}
    assert all(g.pinned_theme is None for g in result.groups if g is not respite)


def test_a_codebook_tag_seeds_a_group_named_by_the_tag():
    texts, topics = findings()
    seeds = ["tag:forms-tag" if topic == "forms" else None for topic in topics]
    result = engine.suggest(texts, seeds)
    assert [g.seed_tag for g in result.groups if g.seed_tag] == ["forms-tag"]


def test_progress_is_reported_stage_by_stage():
    texts, _topics = findings()
    seen = []
    engine.suggest(texts, [None] * len(texts), progress=lambda stage, percent: seen.append((stage, percent)))
    assert seen == [("embed", 15), ("cluster", 40), ("describe", 65), ("map", 80)]


def test_labels_are_compared_case_and_space_blind():
    assert label_key("  Phone   queues ") == label_key("phone queues") == "phone queues"
    assert Theme(label="Welsh-language  services").label_key == "welsh-language services"


@pytest.mark.parametrize("posted", ["2", "", None, "three", "4"])
def test_a_form_drawn_from_another_version_is_stale(posted):
    theme = Theme(label="Waiting on the phone", version=3)
    with pytest.raises(StaleThemeError):
        check_version(theme, posted)
    check_version(theme, "3")


def test_a_run_payload_refuses_what_no_form_could_send():
    with pytest.raises(ValueError, match="granularity"):
        ClusterPayload(granularity="medium")
    with pytest.raises(ValueError):
        ClusterPayload(tag_ids=["not-a-tag-id"])
    assert not ClusterPayload().filtered
    assert ClusterPayload(kinds=["need"]).filtered

"""Tag suggestions: ranked, calibrated, and silent when the codebook has too few examples."""

from __future__ import annotations

import numpy as np
import pytest

from nlp.tags import TagSuggester, expected_calibration_error, score_suggestions

PHONE = [
    "I waited on hold for an hour",
    "nobody answered the phone",
    "the phone line kept cutting off",
    "I rang three times and gave up",
    "the call centre put me on hold again",
]
BINS = [
    "the bins were not collected",
    "the recycling collection day changed",
    "the garden waste bin costs too much",
    "our bin was missed again this week",
    "nobody emptied the recycling",
]
FORMS = [
    "the online form timed out",
    "I lost everything when the form crashed",
    "the website would not accept my address",
    "the form asked the same question twice",
    "I could not upload my documents to the form",
]


def _codebook():
    texts = PHONE + BINS + FORMS
    tags = ["phone"] * 5 + ["bins"] * 5 + ["forms"] * 5
    return texts, tags


def test_the_right_tag_comes_first_with_a_confidence_between_0_and_1():
    texts, tags = _codebook()
    tagger = TagSuggester(embedder="wordllama").fit(texts, tags)
    out = tagger.suggest(["they never picked up when I phoned", "the bin men skipped our street"])
    assert [s[0].tag for s in out] == ["phone", "bins"]
    assert all(0 < s.confidence <= 1 for row in out for s in row)
    assert all(row[0].confidence >= row[1].confidence for row in out)


def test_a_tag_with_too_few_findings_is_never_suggested():
    texts, tags = _codebook()
    texts += ["my council tax bill went up", "the council tax letter was confusing"]
    tags += ["council tax", "council tax"]
    tagger = TagSuggester(embedder="wordllama").fit(texts, tags)
    assert tagger.skipped_tags_ == ["council tax"]
    suggested = {
        s.tag for row in tagger.suggest(["the council tax reminder was wrong"], top_n=5) for s in row
    }
    assert "council tax" not in suggested


def test_with_fewer_than_two_usable_tags_it_abstains_and_says_why():
    tagger = TagSuggester(embedder="wordllama").fit(PHONE + BINS[:2], ["phone"] * 5 + ["bins"] * 2)
    assert not tagger.ready_ and tagger.reason_ == "too_few_tagged_findings"
    assert tagger.suggest(["the phone rang out"]) == [[]]
    assert score_suggestions(tagger, ["the phone rang out"], ["phone"])["abstained"] == 1.0


def test_suggestions_below_the_confidence_floor_are_left_out():
    texts, tags = _codebook()
    tagger = TagSuggester(embedder="wordllama", min_confidence=0.99).fit(texts, tags)
    out = tagger.suggest(["something unrelated about the weather"])
    assert all(s.confidence >= 0.99 for s in out[0])
    scores = score_suggestions(tagger, ["something unrelated about the weather"], ["phone"])
    assert scores["abstained"] == (0.0 if out[0] else 1.0)


def test_expected_calibration_error_weights_each_bin_by_its_share():
    confidence = np.array([0.9, 0.9, 0.9, 0.9, 0.3, 0.3])
    correct = np.array([1, 1, 1, 0, 0, 1])
    # bin 0.8-0.9: confidence 0.9, accuracy 0.75 -> 0.15 x 4/6; bin 0.2-0.3: 0.3 vs 0.5 -> 0.2 x 2/6
    assert expected_calibration_error(confidence, correct) == pytest.approx(0.15 * 4 / 6 + 0.2 * 2 / 6)
    assert expected_calibration_error(np.array([1.0, 1.0]), np.array([1, 1])) == 0.0


def test_calibration_uses_only_the_tagged_findings_and_keeps_confidences_honest():
    texts, tags = _codebook()
    tagger = TagSuggester(embedder="wordllama").fit(texts, tags)
    assert 0.25 <= tagger.temperature_ <= 4.0
    scores = score_suggestions(tagger, texts, tags)
    assert set(scores) == {"top1", "top3", "calibration_error", "abstained"}
    assert scores["top3"] == 1.0

"""Labels, tag suggestions and user-need drafts."""

from __future__ import annotations

import numpy as np
import pytest
from nlp_synthetic import findings

from nlp.cluster import ThemeClusterer
from nlp.label import ThemeDescription, key_phrases, label_themes
from nlp.needs import NeedDraft, detect_need, draft_user_needs
from nlp.tags import TagSuggester


def test_labels_have_keywords_phrases_and_three_distinct_representatives():
    texts, labels = findings()
    truth = np.array([["bins", "forms", "phone"].index(x) for x in labels])
    model = ThemeClusterer(n_themes=3).fit(texts)
    themes = label_themes(texts, truth, model.embeddings_)
    assert [t.theme_id for t in themes] == [0, 1, 2]
    assert all(isinstance(t, ThemeDescription) for t in themes)
    bins = themes[0]
    assert "bin" in bins.keywords[:3]
    assert any("collection" in p for p in bins.key_phrases)
    assert len(set(bins.representative_indices)) == 3
    assert set(bins.representative_indices) <= set(bins.member_indices)
    assert bins.label


def test_labelling_is_deterministic_and_skips_unclustered():
    texts, _ = findings()
    labels = np.array([0] * 6 + [1] * 6 + [-1] * 6)
    a = label_themes(texts, labels)
    b = label_themes(texts, labels)
    assert a == b and len(a) == 2


def test_label_edge_cases():
    assert label_themes([], np.array([], dtype=int)) == []
    themes = label_themes(["😀", "the of"], np.array([0, 0]))
    assert themes[0].label == "Unlabelled theme"
    with pytest.raises(ValueError):
        label_themes(["a"], np.array([0, 1]))


def test_key_phrases_need_two_findings():
    assert key_phrases(["council tax bill", "council tax letter", "lonely"])[0] == "council tax"


def test_tag_suggestions_rank_the_right_tag_first():
    texts, labels = findings()
    model = TagSuggester().fit(texts, labels)
    out = model.suggest(["the bin collection was missed", "nobody answered the phone"], top_n=2)
    assert out[0][0].tag == "bins" and out[1][0].tag == "phone"
    assert 0 < out[0][0].confidence <= 1
    assert model.top_k_accuracy(texts, labels, k=3) == 1.0


def test_tags_ignore_untagged_and_accept_several_tags_per_finding():
    texts, labels = findings()
    tags = [[lab, "council"] if i % 3 == 0 else (lab if i % 3 == 1 else None) for i, lab in enumerate(labels)]
    model = TagSuggester().fit(texts, tags)
    assert set(model.classes_) == {"bins", "forms", "phone", "council"}


def test_tags_need_at_least_one_tagged_finding():
    with pytest.raises(ValueError):
        TagSuggester().fit(["a", "b"], [None, ""])
    single = TagSuggester().fit(["a finding", "another"], ["only", None])
    assert not single.ready_ and single.reason_ == "too_few_tagged_findings"
    assert single.suggest(["x"]) == [[]]  # one tag is no choice: it abstains


@pytest.mark.parametrize(
    "text, kind, need",
    [
        ("I need to know when the bins change so that I can plan.", "need", "to know when the bins change"),
        ("I couldn't find the form on the website.", "barrier", "to be able to find the form on the website"),
        (
            "Nobody told me about the council tax reduction.",
            "missing_information",
            "to be told about the council tax reduction",
        ),
        ("It would help if the letters were in Welsh.", "suggestion", "the letters to be in Welsh"),
        ("I wish they would call me back.", "wish", "them to call me back"),
    ],
)
def test_need_cues(text, kind, need):
    cue = detect_need(text)
    assert cue is not None and cue.kind == kind and cue.need == need


def test_drafts_cite_sources_merge_duplicates_and_leave_goal_to_edit():
    findings_ = [
        "I couldn't find the form on the website.",
        "The weather was nice.",
        "Honestly, I couldn't find the form on the website!",
        "I need to know when the bins change so that I can plan my week.",
    ]
    drafts = draft_user_needs(findings_, segments=["carer", None, "carer", None])
    assert drafts[0].statement == (
        "As a carer, I need to be able to find the form on the website, so that [goal]"
    )
    assert drafts[0].source_indices == (0, 2)
    assert all(isinstance(d, NeedDraft) for d in drafts)
    assert drafts[1].statement.endswith("so that I can plan my week")
    assert draft_user_needs([]) == []
    assert detect_need(None) is None


def test_result_classes_do_not_reuse_the_app_model_names():
    # The app has its own Theme and UserNeed models; the engine's results are suggestions
    # for them and must not be importable under the same names.
    import nlp.label
    import nlp.needs

    assert not hasattr(nlp.label, "Theme")
    assert not hasattr(nlp.needs, "UserNeed")

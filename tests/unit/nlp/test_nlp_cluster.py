"""ThemeClusterer: themes found, deterministic, seeded mode, bad input, sklearn API."""

from __future__ import annotations

import numpy as np
import pytest
from nlp_synthetic import findings
from sklearn.metrics import adjusted_rand_score
from sklearn.utils.estimator_checks import check_estimator

from nlp._ward import cut_tree, weighted_ward_linkage
from nlp.cluster import UNCLUSTERED, ThemeClusterer, auto_neighbours, small_set_boost
from nlp.embed import DEFAULT_EMBEDDER
from tests.theme_interviews import TOPICS


def _blobs(n_per=40, k=5, d=16, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * 3
    x = np.vstack([c + rng.normal(scale=0.4, size=(n_per, d)) for c in centres])
    return x, np.repeat(np.arange(k), n_per)


def test_finds_the_themes_in_synthetic_findings():
    texts, labels = findings()
    model = ThemeClusterer(n_themes=3, random_state=0).fit(texts)
    assert model.n_themes_ == 3
    assert adjusted_rand_score(labels, model.labels_) > 0.5


def test_auto_k_on_separated_blobs_is_close_to_the_truth():
    # 300 points: 8 neighbours each. Isotropic blobs of 20-40 points get 3-5 neighbours, a
    # graph that falls apart into pieces inside each blob (text vectors do not; see the
    # small-set tests below and docs/nlp-evaluation.md).
    x, y = _blobs(n_per=60)
    model = ThemeClusterer(random_state=0).fit(x)
    assert 4 <= model.n_themes_ <= 7
    assert adjusted_rand_score(y, model.labels_) > 0.8


def test_granularity_gives_more_themes_when_raised():
    x, _ = _blobs(n_per=60, k=8, seed=1)
    coarse = ThemeClusterer(granularity=0.5).fit(x).n_themes_
    fine = ThemeClusterer(granularity=3.0).fit(x).n_themes_
    assert fine >= coarse


def test_same_input_and_seed_give_identical_output():
    x, _ = _blobs(n_per=300, k=6, d=8)  # above max_micro: exercises the mini-batch stage
    a = ThemeClusterer(random_state=3, max_micro=200).fit(x)
    b = ThemeClusterer(random_state=3, max_micro=200).fit(x)
    assert np.array_equal(a.labels_, b.labels_)
    assert a.cluster_centers_.tobytes() == b.cluster_centers_.tobytes()


def test_two_stage_recovers_blobs_when_over_clustering():
    x, y = _blobs(n_per=300, k=6, d=8)
    model = ThemeClusterer(random_state=0, max_micro=150).fit(x)
    assert adjusted_rand_score(y, model.labels_) > 0.8


def test_far_off_finding_goes_to_the_unclustered_bucket():
    x, _ = _blobs()
    outlier = -np.ones((1, x.shape[1])) * 50 + np.arange(x.shape[1])
    model = ThemeClusterer().fit(np.vstack([x, outlier]))
    assert model.labels_[-1] == UNCLUSTERED


def test_seeded_mode_keeps_pinned_findings_and_attaches_close_new_ones():
    texts, labels = findings()
    seeds = [lab if i % 2 == 0 else None for i, lab in enumerate(labels)]
    model = ThemeClusterer(random_state=0).fit(texts, seed_labels=seeds)
    assert model.theme_keys_[:3] == ["bins", "forms", "phone"]
    for i, s in enumerate(seeds):
        if s is not None:
            assert model.theme_keys_[model.labels_[i]] == s
    attached = [i for i, s in enumerate(seeds) if s is None and model.labels_[i] in (0, 1, 2)]
    correct = [i for i in attached if model.theme_keys_[model.labels_[i]] == labels[i]]
    assert len(correct) >= 0.8 * len(attached)


def test_predict_assigns_to_fitted_themes_without_refitting():
    texts, labels = findings()
    model = ThemeClusterer(n_themes=3).fit(texts)
    before = model.labels_.copy()
    pred = model.predict(
        ["I waited on hold and nobody answered the phone", "the bin collection was missed again"]
    )
    assert np.array_equal(model.labels_, before)
    assert pred[0] != pred[1]


@pytest.mark.parametrize(
    "texts",
    [["the same finding"] * 5, ["only one finding"], ["the of and", "😀😀", "", "it is"]],
)
def test_degenerate_inputs_give_defined_results(texts):
    model = ThemeClusterer().fit(texts)
    assert model.labels_.shape == (len(texts),)
    assert model.n_themes_ <= len(texts)


def test_identical_texts_form_one_theme():
    model = ThemeClusterer().fit(["the same finding"] * 5)
    assert model.n_themes_ == 1 and set(model.labels_) == {0}


def test_welsh_and_very_long_texts_are_accepted():
    texts = ["Mae'n anodd cael apwyntiad gyda'r meddyg", "word " * 25_000] + findings()[0]
    model = ThemeClusterer().fit(texts)
    assert model.labels_.shape == (len(texts),)


@pytest.mark.parametrize("bad", [[], ["fine", None], ["fine", float("nan")], "a string"])
def test_bad_input_raises_value_error(bad):
    with pytest.raises(ValueError):
        ThemeClusterer().fit(bad)


@pytest.mark.parametrize("param", [{"n_themes": 0}, {"n_themes": "many"}, {"granularity": 0}])
def test_bad_parameters_raise_value_error(param):
    with pytest.raises(ValueError):
        ThemeClusterer(**param).fit(["a finding", "another finding"])


def test_seed_labels_of_the_wrong_length_are_rejected():
    with pytest.raises(ValueError):
        ThemeClusterer().fit(["a", "b"], seed_labels=["x"])


def test_passes_scikit_learn_estimator_checks():
    check_estimator(
        ThemeClusterer(),
        on_skip=None,
        expected_failed_checks={
            "check_clustering": "auto k and the unclustered bucket do not give n_clusters labels",
        },
    )


def test_weighted_ward_matches_scipy_on_unit_weights():
    from scipy.cluster.hierarchy import fcluster, linkage

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4))
    ours = weighted_ward_linkage(x, np.ones(60))
    theirs = linkage(x, "ward")
    assert np.allclose(np.sort(ours[:, 2]), np.sort(theirs[:, 2] ** 2 / 2))
    assert adjusted_rand_score(cut_tree(ours, 5), fcluster(theirs, 5, "maxclust")) == 1.0


@pytest.mark.parametrize("n_per", [50, 500])
def test_auto_k_recovers_the_blob_count_at_small_and_large_n(n_per):
    # Same parameters at n=300 and n=3000: Louvain over-splits (15 and 37 communities) and
    # the n-free merge rule brings both back to the 6 blobs.
    x, y = _blobs(n_per=n_per, k=6, d=16, seed=2)
    model = ThemeClusterer(random_state=0).fit(x)
    assert model.k_louvain_ > 6
    assert model.n_themes_ == 6
    assert adjusted_rand_score(y, model.labels_) > 0.9


def test_few_large_uniform_blobs_are_not_shattered():
    # 4 blobs of 750: a single Louvain run at resolution 5 cut each into ~13 pieces (51 themes)
    # because where it draws borders inside a uniform blob is arbitrary; the consensus step
    # sees those borders move between runs and merges the pieces back.
    x, y = _blobs(n_per=750, k=4, d=16, seed=2)
    model = ThemeClusterer(random_state=0).fit(x)
    assert 4 <= model.n_themes_ <= 5
    assert adjusted_rand_score(y, model.labels_) > 0.95


def test_auto_mode_is_deterministic_for_a_seed():
    x, _ = _blobs(n_per=80, k=8, seed=4)
    a = ThemeClusterer(random_state=5).fit(x)
    b = ThemeClusterer(random_state=5).fit(x)
    assert np.array_equal(a.labels_, b.labels_)
    assert a.k_louvain_ == b.k_louvain_ >= a.k_auto_ >= a.n_themes_


@pytest.mark.parametrize("bad", [0, 1, -0.1, "0.05"])
def test_bad_consensus_threshold_raises_value_error(bad):
    with pytest.raises(ValueError, match="consensus_threshold"):
        ThemeClusterer(consensus_threshold=bad).fit(["a finding", "another finding"])


def test_bad_merge_threshold_raises_value_error():
    with pytest.raises(ValueError):
        ThemeClusterer(merge_threshold=0).fit(["a finding", "another finding"])


def test_the_default_embedder_is_minilm():
    assert ThemeClusterer().embedder == DEFAULT_EMBEDDER == "minilm"
    assert ThemeClusterer().get_params()["n_neighbors"] == "auto"


def test_a_small_set_of_three_clear_topics_gives_three_themes():
    texts, labels = findings()  # 18 findings: 10 neighbours would link every one to most others
    model = ThemeClusterer(random_state=0).fit(texts)
    assert model.n_themes_ == 3
    assert adjusted_rand_score(labels, model.labels_) > 0.9


def test_four_interview_topics_of_eight_findings_give_four_themes():
    texts = [t for topic in TOPICS.values() for t in topic]
    labels = [name for name, topic in TOPICS.items() for _ in topic]
    model = ThemeClusterer(random_state=0).fit(texts)
    assert model.n_themes_ == 4
    assert adjusted_rand_score(labels, model.labels_) > 0.85


def test_neighbours_grow_with_the_set_from_ln_n_to_ten():
    sizes = [2, 3, 9, 18, 60, 100, 300, 400, 5_000, 100_000]
    counts = [auto_neighbours(n) for n in sizes]
    assert counts == sorted(counts)  # never fewer neighbours for more findings
    assert counts[:4] == [2, 2, 2, 3] and counts[-3:] == [10, 10, 10]
    for n, k in zip(sizes, counts, strict=True):
        assert k <= max(2, n // 3)  # a neighbourhood never covers most of a small set
        assert k >= min(round(np.log(n)), n // 3, 10)  # enough to keep a theme connected


def test_the_resolution_boost_is_for_sets_under_300_and_at_most_a_half():
    assert small_set_boost(300) == small_set_boost(10_000) == 1.0
    assert 1.0 < small_set_boost(200) < small_set_boost(150) <= 1.5
    assert small_set_boost(10) == small_set_boost(1) == 1.5


@pytest.mark.parametrize("bad", [0, -3, True, "ten", 2.5])
def test_bad_neighbour_counts_raise_value_error(bad):
    with pytest.raises(ValueError, match="n_neighbors"):
        ThemeClusterer(n_neighbors=bad).fit(["a finding", "another finding"])


def test_an_explicit_neighbour_count_overrides_the_automatic_one():
    x, y = _blobs(n_per=40, k=5)  # 200 points: 5 neighbours by default, which cut these blobs
    model = ThemeClusterer(n_neighbors=10, random_state=0).fit(x)
    assert model.n_themes_ == 5
    assert adjusted_rand_score(y, model.labels_) > 0.95

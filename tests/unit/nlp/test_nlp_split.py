"""Splitting a theme: exactly k non-empty groups, every finding placed, deterministic."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from nlp.cluster import ThemeClusterer, _fill_empty, split_into
from nlp.embed import normalise_rows


def _two_blobs(n_per=15, d=16, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(2, d)) * 3
    x = np.vstack([c + rng.normal(scale=0.3, size=(n_per, d)) for c in centres])
    return x, np.repeat([0, 1], n_per)


def test_the_clusterer_alone_cannot_split_small_themes():
    # Why split_into exists: a fixed n_themes still dissolves groups under min_theme_size.
    x = np.random.default_rng(0).normal(size=(5, 16))
    assert ThemeClusterer(n_themes=3).fit(x).n_themes_ < 3


@pytest.mark.parametrize("n, k", [(2, 2), (3, 2), (5, 3), (6, 6), (10, 4), (40, 3), (300, 7)])
def test_every_finding_is_placed_in_one_of_exactly_k_non_empty_groups(n, k):
    x = np.random.default_rng(n).normal(size=(n, 16))
    labels = split_into(x, k)
    assert labels.shape == (n,) and labels.dtype == np.int64
    assert np.array_equal(np.unique(labels), np.arange(k))


def test_split_of_two_blobs_recovers_them():
    x, y = _two_blobs()
    assert adjusted_rand_score(y, split_into(x, 2)) == 1.0


def test_same_input_and_seed_give_identical_groups():
    x = np.random.default_rng(1).normal(size=(2000, 8))  # above 1,500: seeded micro-clusters
    a = split_into(x, 5, random_state=3)
    b = split_into(x, 5, random_state=3)
    assert a.tobytes() == b.tobytes()
    assert np.array_equal(np.unique(a), np.arange(5))


def test_groups_are_numbered_by_their_first_row():
    x, _ = _two_blobs()
    labels = split_into(x[::-1], 2)
    assert labels[0] == 0
    firsts = [np.flatnonzero(labels == c)[0] for c in range(2)]
    assert firsts == sorted(firsts)


def test_identical_vectors_are_split_evenly_in_row_order():
    assert split_into(np.ones((5, 8)), 3).tolist() == [0, 0, 1, 1, 2]
    assert split_into(np.ones((8, 8)), 3).tolist() == [0, 0, 0, 1, 1, 1, 2, 2]
    assert split_into(np.zeros((4, 3)), 4).tolist() == [0, 1, 2, 3]


def test_fewer_distinct_vectors_than_groups_keeps_different_vectors_apart():
    x = np.vstack([np.ones((6, 4)), -np.ones((2, 4))])
    # The six identical rows get three of the four groups, two rows each; the pair keeps one.
    assert split_into(x, 4).tolist() == [0, 0, 1, 1, 2, 2, 3, 3]


def test_identical_findings_stay_together_when_there_are_enough_distinct_ones():
    x, _ = _two_blobs(n_per=5)
    x = np.vstack([x, x[:3], x[:3]])  # three findings said three times each
    labels = split_into(x, 4)
    assert np.array_equal(np.unique(labels), np.arange(4))
    for i in range(3):
        assert labels[i] == labels[10 + i] == labels[13 + i]


def test_an_emptied_group_takes_the_finding_least_like_its_own_group():
    x = normalise_rows(np.array([[1.0, 0.0], [0.99, 0.1], [0.0, 1.0], [0.1, 0.99], [0.7, 0.7]]))
    labels = _fill_empty(x, np.array([0, 0, 1, 1, 1]), 3)
    assert labels.tolist() == [0, 0, 1, 1, 2]


def test_one_group_holds_everything():
    assert split_into(np.random.default_rng(0).normal(size=(4, 3)), 1).tolist() == [0, 0, 0, 0]


@pytest.mark.parametrize(
    "vectors, k",
    [
        (np.zeros((3, 2)), 4),
        (np.zeros((3, 2)), 0),
        (np.zeros((3, 2)), 2.0),
        (np.zeros((3, 2)), True),
        (np.zeros((0, 2)), 1),
        (np.zeros(3), 1),
        (np.array([[0.0, np.nan], [1.0, 0.0]]), 2),
    ],
)
def test_impossible_splits_raise_value_error(vectors, k):
    with pytest.raises(ValueError):
        split_into(vectors, k)

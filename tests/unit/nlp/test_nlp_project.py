"""Theme map: shape and range, determinism, degenerate inputs, and what lands near what."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.covariance import ledoit_wolf

from nlp.project import _ledoit_wolf, project_2d


def _themes(centres, n_per=40, scale=0.3, seed=0):
    rng = np.random.default_rng(seed)
    centres = np.asarray(centres, dtype=float)
    x = np.vstack([c + rng.normal(scale=scale, size=(n_per, centres.shape[1])) for c in centres])
    return x, np.repeat(np.arange(len(centres)), n_per)


def _centre_of(p, labels, c):
    return p[labels == c].mean(axis=0)


def _pairwise(p):
    return np.linalg.norm(p[:, None] - p[None], axis=2)[np.triu_indices(len(p), 1)]


def _nearest_centre_accuracy(p, labels):
    centres = np.array([_centre_of(p, labels, c) for c in np.unique(labels)])
    nearest = np.argmin(((p[:, None, :] - centres[None]) ** 2).sum(axis=2), axis=1)
    return float(np.mean(nearest == labels))


@pytest.mark.parametrize("with_labels", [False, True])
def test_coordinates_are_n_by_2_in_the_unit_square(with_labels):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 256)).astype(np.float32)
    labels = rng.integers(-1, 8, size=300) if with_labels else None
    p = project_2d(x, labels)
    assert p.shape == (300, 2) and p.dtype == np.float64
    assert np.all(np.isfinite(p)) and p.min() >= 0.0 and p.max() <= 1.0
    assert np.isclose(np.ptp(p, axis=0).max(), 1.0)  # the wider axis spans the map


@pytest.mark.parametrize("with_labels", [False, True])
def test_same_input_and_seed_give_identical_coordinates(with_labels):
    rng = np.random.default_rng(1)
    x = rng.normal(size=(700, 600))  # wide enough for scikit-learn's randomised PCA
    labels = rng.integers(0, 5, size=700) if with_labels else None
    a = project_2d(x, labels, random_state=4)
    b = project_2d(x.copy(), None if labels is None else labels.copy(), random_state=4)
    assert a.tobytes() == b.tobytes()


def test_two_separated_blobs_land_apart_and_their_members_stay_together():
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(2, 256))
    x, labels = _themes(centres, n_per=50, scale=0.3)
    p = project_2d(x)
    a, b = _centre_of(p, labels, 0), _centre_of(p, labels, 1)
    gap = np.linalg.norm(a - b)
    assert gap > 0.8
    for c, centre in ((0, a), (1, b)):
        assert np.linalg.norm(p[labels == c] - centre, axis=1).max() < 0.2 * gap


def test_labels_keep_themes_apart_that_the_largest_variance_would_mix():
    # Four themes that differ in two quiet directions, while a shared loud direction
    # (say, how long the findings are) dominates the variance: PCA maps the loud direction.
    rng = np.random.default_rng(3)
    d = 64
    centres = np.zeros((4, d))
    centres[:, 1:3] = [[1, 1], [1, -1], [-1, 1], [-1, -1]]
    x, labels = _themes(centres, n_per=60, scale=0.2, seed=3)
    x[:, 0] += rng.normal(scale=10.0, size=x.shape[0])
    assert _nearest_centre_accuracy(project_2d(x, labels), labels) == 1.0
    assert _nearest_centre_accuracy(project_2d(x), labels) < 0.6


def test_alike_themes_land_near_each_other():
    centres = np.zeros((3, 32))
    centres[0, 0], centres[1, 0], centres[2, 1] = 1.0, 1.4, 4.0
    x, labels = _themes(centres, n_per=40, scale=0.1, seed=5)
    p = project_2d(x, labels)
    a, b, c = (_centre_of(p, labels, k) for k in range(3))
    assert np.linalg.norm(a - b) < 0.5 * min(np.linalg.norm(a - c), np.linalg.norm(b - c))


def test_unclustered_rows_are_placed_but_do_not_shape_the_map():
    centres = np.eye(4, 16) * 3
    x, labels = _themes(centres, n_per=20, seed=6)
    stray = np.random.default_rng(7).normal(scale=2.0, size=(10, 16))
    alone = project_2d(x, labels)
    mixed = project_2d(np.vstack([x, stray]), np.concatenate([labels, np.full(10, -1)]))
    assert mixed.shape == (90, 2) and np.all((mixed >= 0) & (mixed <= 1))
    # Same axes, only rescaled to fit the stray rows in: distances shrink by one factor.
    ratio = _pairwise(mixed[:80]) / _pairwise(alone)
    assert np.allclose(ratio, ratio[0])


def test_two_themes_fall_back_to_principal_components():
    x, labels = _themes(np.eye(2, 8) * 3, n_per=10)
    assert np.array_equal(project_2d(x, labels), project_2d(x))
    assert np.array_equal(project_2d(x, np.full(len(x), -1)), project_2d(x))


def test_no_findings_give_no_coordinates():
    assert project_2d(np.zeros((0, 256))).shape == (0, 2)
    assert project_2d(np.zeros((0, 256)), np.zeros(0, dtype=int)).shape == (0, 2)


@pytest.mark.parametrize(
    "x",
    [np.ones((1, 256)), np.ones((6, 256)), np.zeros((3, 4)), np.full((4, 2), 1e-300)],
    ids=["one", "identical", "zeros", "tiny-identical"],
)
def test_findings_with_no_spread_sit_in_the_middle(x):
    assert np.array_equal(project_2d(x), np.full((len(x), 2), 0.5))
    assert np.array_equal(project_2d(x, np.arange(len(x)) % 3), np.full((len(x), 2), 0.5))


def test_two_findings_sit_at_either_end_of_a_line():
    p = project_2d(np.random.default_rng(0).normal(size=(2, 256)))
    assert sorted(p[:, 0]) == [0.0, 1.0] and list(p[:, 1]) == [0.5, 0.5]


@pytest.mark.parametrize(
    "x, labels",
    [
        (np.random.default_rng(0).normal(size=(5, 1)), np.array([0, 1, 2, 0, 1])),  # one feature
        (np.random.default_rng(0).normal(size=(3, 256)), np.array([0, 1, 2])),  # one per theme
        (np.repeat(np.eye(3, 256), 4, axis=0), np.repeat([0, 1, 2], 4)),  # no spread in themes
        (np.random.default_rng(0).normal(size=(20, 8)) * 1e300, np.arange(20) % 4),  # huge
        (np.random.default_rng(0).normal(size=(20, 8)) * 1e-300, np.arange(20) % 4),  # tiny
    ],
    ids=["one-feature", "one-per-theme", "no-spread-in-themes", "huge", "tiny"],
)
def test_awkward_inputs_still_give_a_map_without_nan(x, labels):
    p = project_2d(x, labels)
    assert p.shape == (len(x), 2)
    assert np.all(np.isfinite(p)) and p.min() >= 0.0 and p.max() <= 1.0
    assert np.ptp(p, axis=0).max() == pytest.approx(1.0)


def test_themes_without_inner_spread_are_still_told_apart():
    x, labels = np.repeat(np.eye(3, 256), 4, axis=0), np.repeat([0, 1, 2], 4)
    p = project_2d(x, labels)
    assert len({tuple(np.round(p[labels == c][0], 9)) for c in range(3)}) == 3


@pytest.mark.parametrize(
    "x, labels",
    [
        (np.zeros(5), None),
        (np.array([[0.0, np.nan]]), None),
        (np.array([[0.0, np.inf]]), None),
        (np.array([["a", "b"]]), None),
        (np.zeros((3, 2)), np.zeros(2, dtype=int)),
        (np.zeros((3, 2)), np.array([0.5, 1.0, 2.0])),
    ],
)
def test_bad_input_raises_value_error(x, labels):
    with pytest.raises(ValueError):
        project_2d(x, labels)


def test_shrunk_covariance_matches_scikit_learn():
    rng = np.random.default_rng(0)
    for n, d in [(50, 10), (10, 256)]:
        r = rng.normal(size=(n, d)) * rng.uniform(0.1, 3.0, size=d)
        assert np.allclose(_ledoit_wolf(r), ledoit_wolf(r, assume_centered=True)[0])

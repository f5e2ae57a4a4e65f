"""Neighbour graphs and Louvain: exact and inverted-file search agree, communities found."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from sklearn.metrics import adjusted_rand_score

import nlp.cluster
from nlp._graph import (
    consensus_graph,
    knn_graph,
    louvain,
    merge_communities,
    modularity,
    neighbour_adjacency,
)
from nlp.cluster import ThemeClusterer
from nlp.embed import normalise_rows


def _unit_blobs(n_per=50, k=4, d=12, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(k, d)) * 3
    x = np.vstack([c + rng.normal(scale=0.5, size=(n_per, d)) for c in centres])
    return normalise_rows(x), np.repeat(np.arange(k), n_per)


def _knn_adj(x, k=10):
    return neighbour_adjacency(knn_graph(x, k)[0])


def _cliques(sizes, bridge=True):
    blocks = [np.ones((s, s)) - np.eye(s) for s in sizes]
    adj = sparse.lil_matrix(sparse.block_diag(blocks))
    if bridge:
        starts = np.cumsum([0, *sizes[:-1]])
        for a, b in zip(starts[:-1], starts[1:], strict=True):
            adj[a, b] = adj[b, a] = 1.0
    return adj.tocsr()


def test_exact_neighbours_exclude_self_and_are_the_most_similar():
    x, _ = _unit_blobs()
    ind, sim = knn_graph(x, 5)
    assert ind.shape == (200, 5)
    assert not np.any(ind == np.arange(200)[:, None])
    full = x @ x.T
    np.fill_diagonal(full, -np.inf)
    fifth = np.sort(full, axis=1)[:, -5]
    assert np.all(sim.min(axis=1) >= fifth - 1e-5)


def test_inverted_file_search_finds_most_exact_neighbours():
    x, _ = _unit_blobs(n_per=100)
    exact, _ = knn_graph(x, 10)
    cells = np.argmax(x @ x[::25].T, axis=1)
    centres = normalise_rows(np.vstack([x[cells == c].mean(axis=0) for c in range(16)]))
    approx, _ = knn_graph(x, 10, cells, centres, n_probe=4)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(approx, exact, strict=True)])
    assert recall > 0.8
    assert not np.any(approx == np.arange(400)[:, None])


def test_louvain_separates_bridged_cliques():
    adj = _cliques([8, 8, 8, 8])
    labels = louvain(adj, resolution=1.0, random_state=0)
    assert adjusted_rand_score(np.repeat(np.arange(4), 8), labels) == 1.0
    assert modularity(adj, labels) > modularity(adj, np.zeros(32, dtype=int))


def test_higher_resolution_gives_at_least_as_many_communities():
    x, _ = _unit_blobs(n_per=80, k=3)
    adj = _knn_adj(x, 8)
    coarse = louvain(adj, 0.5, 0).max() + 1
    fine = louvain(adj, 4.0, 0).max() + 1
    assert fine >= coarse >= 1


def test_louvain_is_deterministic_for_a_seed_and_handles_an_empty_graph():
    adj = _cliques([5, 6, 7])
    assert np.array_equal(louvain(adj, 1.0, 7), louvain(adj, 1.0, 7))
    empty = sparse.csr_matrix((4, 4))
    assert list(louvain(empty)) == [0, 1, 2, 3]
    assert modularity(empty, np.zeros(4, dtype=int)) == 0.0


def test_auto_k_uses_the_approximate_graph_above_the_exact_limit(monkeypatch):
    monkeypatch.setattr(nlp.cluster, "_EXACT_GRAPH_MAX", 100)
    x, y = _unit_blobs(n_per=150, k=5)
    a = ThemeClusterer(random_state=1, max_micro=60).fit(x)
    b = ThemeClusterer(random_state=1, max_micro=60).fit(x)
    assert np.array_equal(a.labels_, b.labels_)
    assert 4 <= a.n_themes_ <= 6
    assert adjusted_rand_score(y, a.labels_) > 0.8


@pytest.mark.parametrize("param", [{"resolution": 0}, {"n_neighbors": 0}])
def test_bad_graph_parameters_raise_value_error(param):
    with pytest.raises(ValueError):
        ThemeClusterer(**param).fit(["a finding", "another finding"])


def test_merging_joins_strongly_linked_communities_only():
    # Two 6-cliques joined by many edges, and a third clique with no edge to them.
    adj = sparse.lil_matrix(_cliques([6, 6, 6], bridge=False))
    for i in range(6):
        for j in range(6, 9):
            adj[i, j] = adj[j, i] = 1.0
    adj = adj.tocsr()
    merged = merge_communities(adj, np.repeat(np.arange(3), 6), threshold=0.12)
    assert merged[0] == merged[6] != merged[12]


def test_merging_never_joins_communities_without_edges_between_them():
    adj = _cliques([4, 5, 6, 7], bridge=False)
    labels = np.repeat(np.arange(4), [4, 5, 6, 7])
    merged = merge_communities(adj, labels, threshold=1e-9)
    assert adjusted_rand_score(labels, merged) == 1.0
    # Within a clique split in two, the halves are linked and do merge.
    split = np.arange(22) % 2 + 2 * labels
    assert adjusted_rand_score(labels, merge_communities(adj, split, threshold=0.1)) == 1.0


def test_merging_is_deterministic_and_returns_compact_labels():
    x, _ = _unit_blobs(n_per=60, k=5)
    adj = _knn_adj(x, 10)
    fine = louvain(adj, 8.0, 0)
    a = merge_communities(adj, fine, 0.12)
    assert np.array_equal(a, merge_communities(adj, fine, 0.12))
    assert set(a) == set(range(a.max() + 1))
    assert a.max() <= fine.max()


def test_consensus_weights_are_shares_of_runs_on_the_same_edges():
    adj = _knn_adj(_unit_blobs(n_per=40, k=3)[0])
    weights, partitions = consensus_graph(adj, [2.0, 5.0, 10.0], random_state=4)
    assert len(partitions) == 3 and all(p.size == adj.shape[0] for p in partitions)
    assert abs(weights - weights.T).max() == 0
    assert weights.data.min() > 0 and weights.data.max() <= 1
    assert set(np.unique(np.round(weights.data * 3))) <= {1.0, 2.0, 3.0}
    assert (weights.multiply(adj) != weights).nnz == 0  # no edge the graph lacks
    again, _ = consensus_graph(adj, [2.0, 5.0, 10.0], random_state=4)
    assert (again != weights).nnz == 0


def test_consensus_merge_rejoins_uniform_blobs_that_link_share_leaves_in_pieces():
    # Four uniform blobs of 750: Louvain at a high resolution cuts each into ~15 pieces whose
    # pairwise link shares are all small, so the plain merge keeps 60-odd pieces. Where those
    # borders fall changes from run to run, so on the consensus graph the pieces of each blob
    # are rejoined; the blobs themselves, with no edge between them, never are.
    rng = np.random.default_rng(2)
    centres = rng.normal(size=(4, 16)) * 3
    x = normalise_rows(np.vstack([c + rng.normal(scale=0.4, size=(750, 16)) for c in centres]))
    y = np.repeat(np.arange(4), 750)
    adj = _knn_adj(x)
    scales = nlp.cluster._CONSENSUS_SCALES
    weights, partitions = consensus_graph(adj, [5.0 * f for f in scales], random_state=0)
    plain = merge_communities(adj, partitions[scales.index(1.0)], 0.15)
    assert plain.max() + 1 > 40
    assert adjusted_rand_score(y, merge_communities(weights, plain, 0.05)) == 1.0

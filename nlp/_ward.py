"""Weighted Ward agglomeration over centroids, in O(m^2) time and O(m) extra memory.

Why: the second stage of :class:`nlp.cluster.ThemeClusterer` merges a few thousand
micro-cluster centroids, each standing for many findings. scikit-learn's and SciPy's Ward take
points, not weighted centroids, so their merge costs ignore how many findings a centroid carries.
Ward's merge cost has a closed form for weighted centroids, so the nearest-neighbour-chain
algorithm (Murtagh 1983) gives the exact weighted Ward tree without a distance matrix.
"""

from __future__ import annotations

import numpy as np


def weighted_ward_linkage(centroids: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Ward linkage of weighted centroids, in SciPy's linkage-matrix format.

    Parameters
    ----------
    centroids : ndarray of shape (m, d)
        Cluster centres.
    weights : ndarray of shape (m,)
        Number of points (or total weight, > 0) behind each centre.

    Returns
    -------
    ndarray of shape (m - 1, 4)
        Rows ``[a, b, cost, size]`` sorted by ``cost``, where ``cost`` is the increase of the
        within-cluster sum of squares caused by the merge (Ward's criterion) and ``size`` the
        merged weight. Node ``m + i`` is the cluster made by row ``i``.

    Raises
    ------
    ValueError
        If fewer than two centroids are given or a weight is not positive.
    """
    c = np.asarray(centroids, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64).copy()
    m = c.shape[0]
    if m < 2:
        raise ValueError("weighted Ward needs at least two centroids")
    if w.shape != (m,) or np.any(w <= 0):
        raise ValueError("weights must be positive, one per centroid")
    c = c.copy()
    active = np.ones(m, dtype=bool)
    node_id = np.arange(m)  # which tree node each slot currently holds
    merges: list[tuple[int, int, float, float]] = []
    next_node = m
    chain: list[int] = []
    big = np.inf

    def costs(i: int) -> np.ndarray:
        diff = c - c[i]
        d2 = np.einsum("ij,ij->i", diff, diff)
        cost = (w * w[i] / (w + w[i])) * d2
        cost[~active] = big
        cost[i] = big
        return cost

    remaining = m
    while remaining > 1:
        if not chain:
            chain.append(int(np.flatnonzero(active)[0]))
        a = chain[-1]
        cost = costs(a)
        b = int(np.argmin(cost))
        if len(chain) > 1 and cost[chain[-2]] <= cost[b]:
            b = chain[-2]
        if len(chain) > 1 and b == chain[-2]:
            chain.pop()
            chain.pop()
            merge_cost = float(cost[b])
            new_w = w[a] + w[b]
            c[a] = (w[a] * c[a] + w[b] * c[b]) / new_w
            w[a] = new_w
            active[b] = False
            merges.append((int(node_id[a]), int(node_id[b]), merge_cost, float(new_w)))
            node_id[a] = next_node
            next_node += 1
            remaining -= 1
        else:
            chain.append(b)
    return _sorted_linkage(merges, m)


def _sorted_linkage(merges: list[tuple[int, int, float, float]], m: int) -> np.ndarray:
    """Reorder NN-chain merges by cost and renumber nodes so the result is a valid linkage."""
    order = sorted(range(len(merges)), key=lambda i: (merges[i][2], i))
    old_to_new: dict[int, int] = {i: i for i in range(m)}
    out = np.empty((len(merges), 4), dtype=np.float64)
    for new_row, old_row in enumerate(order):
        a, b, cost, size = merges[old_row]
        na, nb = old_to_new[a], old_to_new[b]
        out[new_row] = (min(na, nb), max(na, nb), cost, size)
        old_to_new[m + old_row] = m + new_row
    return out


def cut_tree(linkage: np.ndarray, k: int) -> np.ndarray:
    """Labels ``0..k-1`` of the leaves when the tree is cut into ``k`` clusters.

    Labels are numbered by the smallest leaf index in each cluster, so they are deterministic.
    """
    m = linkage.shape[0] + 1
    k = int(min(max(k, 1), m))
    parent = np.arange(2 * m - 1)

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    for i in range(m - k):
        a, b = int(linkage[i, 0]), int(linkage[i, 1])
        parent[find(a)] = m + i
        parent[find(b)] = m + i
    roots = np.array([find(i) for i in range(m)])
    _, first = np.unique(roots, return_index=True)
    order = {roots[i]: rank for rank, i in enumerate(sorted(first))}
    return np.array([order[r] for r in roots], dtype=np.int64)

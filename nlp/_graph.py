"""Nearest-neighbour graphs and Louvain community detection, in bounded memory.

Why: themes are regions where findings are densely connected to each other, and the number of
such regions is a property of the neighbour graph, not of how much variance a cut explains.
Modularity (Newman-Girvan) compares the weight inside each group with what a random graph
with the same degrees would put there, so maximising it chooses the number of groups itself;
its resolution ``gamma`` is the granularity knob. The null model scales with the total
weight, so the smallest group modularity will keep is a share of ``n`` (the resolution
limit), which matches how researchers think about themes ("at least 1 in 300 findings").

Louvain (Blondel et al. 2008) alternates greedy node moves with aggregation. Here it is a
compact, deterministic implementation over a SciPy sparse matrix: node order comes from
``random_state``, ties go to the community seen first, so the same graph and seed give the
same partition. ``networkx`` and ``igraph`` were not used to keep the dependency list short.

Failure modes: a graph with no edges gives one community per node; very diffuse data (no
dense regions) gives communities of roughly the resolution-limit size, whatever the content.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np
from scipy import sparse

__all__ = [
    "consensus_graph",
    "knn_graph",
    "louvain",
    "merge_communities",
    "modularity",
    "neighbour_adjacency",
]

_CHUNK = 2048


def _topk_rows(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of the ``k`` largest entries of each row (unordered)."""
    k = min(k, sims.shape[1])
    idx = np.argpartition(sims, -k, axis=1)[:, -k:]
    return idx, np.take_along_axis(sims, idx, axis=1)


def knn_graph(
    x: np.ndarray,
    n_neighbors: int,
    partition: np.ndarray | None = None,
    centroids: np.ndarray | None = None,
    n_probe: int = 8,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``n_neighbors`` most cosine-similar other rows of each unit row of ``x``.

    Exact (chunked brute force, O(n^2 d) time, O(chunk * n) memory) unless ``partition``
    (a label per row) and ``centroids`` (one unit vector per label) are given: then each
    row is compared only with the rows of the ``n_probe`` partitions whose centroids are
    nearest to its own partition's centroid (an inverted-file search), which is
    approximate but O(n * n_probe * n / m * d).

    Returns
    -------
    (indices, similarities) : ndarrays of shape (n, n_neighbors)
        Self-matches are excluded; rows with fewer candidates repeat their best neighbour
        with similarity 0.
    """
    x = np.asarray(x, dtype=np.float32)
    n = x.shape[0]
    k = int(min(n_neighbors, max(n - 1, 1)))
    ind = np.zeros((n, k), dtype=np.int64)
    sim = np.zeros((n, k), dtype=np.float32)
    if n < 2:
        return ind, sim
    if partition is None or centroids is None:
        for s in range(0, n, _CHUNK):
            block = x[s : s + _CHUNK] @ x.T
            rows = np.arange(block.shape[0])
            block[rows, rows + s] = -np.inf
            i, v = _topk_rows(block, k)
            ind[s : s + _CHUNK], sim[s : s + _CHUNK] = i, v
        return ind, np.maximum(sim, 0.0)
    partition = np.asarray(partition, dtype=np.int64)
    order = np.argsort(partition, kind="stable")
    bounds = np.searchsorted(partition[order], np.arange(centroids.shape[0] + 1))
    probe = min(int(n_probe), centroids.shape[0])
    near = _topk_rows(centroids @ centroids.T, probe)[0]
    for c in range(centroids.shape[0]):
        members = order[bounds[c] : bounds[c + 1]]
        if members.size == 0:
            continue
        cand = np.concatenate([order[bounds[p] : bounds[p + 1]] for p in np.sort(near[c])])
        block = x[members] @ x[cand].T
        block[cand[None, :] == members[:, None]] = -np.inf
        kk = min(k, cand.size)
        i, v = _topk_rows(block, kk)
        ind[members, :kk] = cand[i]
        sim[members, :kk] = v
        if kk < k:
            best = np.argmax(v, axis=1)
            ind[members, kk:] = cand[i[np.arange(members.size), best]][:, None]
    return ind, np.maximum(np.where(np.isfinite(sim), sim, 0.0), 0.0)


def neighbour_adjacency(ind: np.ndarray) -> sparse.csr_matrix:
    """Unweighted graph linking each row to the neighbours listed in ``ind`` (as returned by
    :func:`knn_graph`); an edge found from either end counts, so the graph is symmetric."""
    n = ind.shape[0]
    rows = np.repeat(np.arange(n), ind.shape[1])
    adj = sparse.csr_matrix((np.ones(rows.size), (rows, ind.ravel())), shape=(n, n), dtype=np.float64)
    return adj.maximum(adj.T).tocsr()


def modularity(adj: sparse.csr_matrix, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Newman-Girvan modularity of ``labels`` on the symmetric weighted graph ``adj``."""
    labels = np.asarray(labels)
    m2 = float(adj.sum())
    if m2 <= 0:
        return 0.0
    deg = np.asarray(adj.sum(axis=1)).ravel()
    coo = adj.tocoo()
    inside = float(coo.data[labels[coo.row] == labels[coo.col]].sum())
    tot = np.bincount(labels, weights=deg)
    return inside / m2 - resolution * float((tot**2).sum()) / m2**2


def _move_nodes(adj: sparse.csr_matrix, comm: np.ndarray, resolution: float, order: np.ndarray) -> bool:
    """Greedy Louvain moves until no node gains by moving; True if anything moved.

    Nodes wait in a queue (first in ``order``); when a node moves, those of its neighbours that
    are not in its new community and not already waiting are queued again (the "fast local
    move" of Traag et al. 2019). Revisiting only where something changed reaches the same
    kind of local optimum as repeated full sweeps in a fraction of the time.
    """
    indptr = adj.indptr.tolist()
    indices = adj.indices.tolist()
    data = adj.data.tolist()
    deg = np.asarray(adj.sum(axis=1)).ravel()
    m2 = float(deg.sum())
    scale = resolution / m2
    com = comm.tolist()
    tot = np.bincount(comm, weights=deg, minlength=len(com)).tolist()
    degl = deg.tolist()
    queue = deque(order.tolist())
    waiting = [True] * len(com)
    moved_any = False
    while queue:
        i = queue.popleft()
        waiting[i] = False
        ci = com[i]
        ki = degl[i]
        links: dict[int, float] = {ci: 0.0}
        for p in range(indptr[i], indptr[i + 1]):
            j = indices[p]
            if j != i:
                cj = com[j]
                links[cj] = links.get(cj, 0.0) + data[p]
        tot[ci] -= ki
        best, best_gain = ci, links[ci] - scale * tot[ci] * ki
        for c, w in links.items():
            gain = w - scale * tot[c] * ki
            if gain > best_gain + 1e-12:
                best, best_gain = c, gain
        tot[best] += ki
        if best != ci:
            com[i] = best
            moved_any = True
            for p in range(indptr[i], indptr[i + 1]):
                j = indices[p]
                if not waiting[j] and com[j] != best:
                    waiting[j] = True
                    queue.append(j)
    comm[:] = com
    return moved_any


def louvain(
    adj: sparse.spmatrix,
    resolution: float = 1.0,
    random_state: int = 0,
) -> np.ndarray:
    """Communities of a symmetric, non-negative weighted graph by Louvain.

    Parameters
    ----------
    adj : sparse matrix of shape (n, n)
        Symmetric edge weights (self-loops allowed).
    resolution : float, default=1.0
        Above 1 gives more, smaller communities; below 1 fewer, larger ones.
    random_state : int, default=0
        Seed of the node visiting order.

    Returns
    -------
    ndarray of shape (n,)
        Community labels ``0..c-1``, numbered by first appearance.
    """
    adj = sparse.csr_matrix(adj, dtype=np.float64)
    n = adj.shape[0]
    if adj.sum() <= 0:
        return np.arange(n)
    rng = np.random.RandomState(random_state)
    labels = np.arange(n)
    graph = adj
    while True:
        size = graph.shape[0]
        comm = np.arange(size)
        if not _move_nodes(graph, comm, resolution, rng.permutation(size)):
            break
        comm = _relabel(comm)
        labels = comm[labels]
        if comm.max() + 1 == size:
            break
        graph = _aggregate(graph, comm)
    return _relabel(labels)


def consensus_graph(
    adj: sparse.spmatrix, resolutions: list[float], random_state: int = 0
) -> tuple[sparse.csr_matrix, list[np.ndarray]]:
    """Edges weighted by how often Louvain puts their two ends together, over several runs.

    Why: where findings form one homogeneous region, where Louvain draws its borders is an
    accident of node order and resolution, so the borders move from run to run; the border
    between two real themes stays put. Weighting each edge by the fraction of runs (one per
    resolution, each with its own node order) that keep its ends together, and then merging
    communities by link share on that graph (:func:`merge_communities`), dissolves accidental
    borders and keeps real ones (consensus clustering, Lancichinetti and Fortunato 2012).

    Returns
    -------
    (weights, partitions)
        The symmetric co-assignment-weighted graph (same edges as ``adj``, weights in (0, 1];
        edges never kept together are dropped), and the Louvain partition of each run, in the
        order of ``resolutions``.
    """
    adj = sparse.csr_matrix(adj, dtype=np.float64)
    upper = sparse.triu(adj, 1).tocoo()
    together = np.zeros(upper.nnz)
    partitions = []
    for i, res in enumerate(resolutions):
        labels = louvain(adj, res, random_state + i)
        partitions.append(labels)
        together += labels[upper.row] == labels[upper.col]
    share = together / max(len(resolutions), 1)
    keep = share > 0
    n = adj.shape[0]
    weights = sparse.csr_matrix((share[keep], (upper.row[keep], upper.col[keep])), shape=(n, n))
    return (weights + weights.T).tocsr(), partitions


def _relabel(labels: np.ndarray) -> np.ndarray:
    _, first, inv = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(first.size)
    return rank[inv.ravel()]


def _aggregate(adj: sparse.csr_matrix, labels: np.ndarray) -> sparse.csr_matrix:
    c = int(labels.max()) + 1
    p = sparse.csr_matrix((np.ones(labels.size), (np.arange(labels.size), labels)), shape=(labels.size, c))
    return sparse.csr_matrix(p.T @ adj @ p)


def merge_communities(adj: sparse.spmatrix, labels: np.ndarray, threshold: float) -> np.ndarray:
    """Greedily merge linked communities until no pair's link share exceeds ``threshold``.

    The link share of communities A and B is ``e_AB / sqrt(vol_A * vol_B)``: ``e_AB`` is the
    total edge weight between them and ``vol`` the total degree of each. It is a cosine between
    the two communities' edge profiles, so it does not depend on the number of nodes or of
    communities (unlike modularity, whose null model shrinks with the total weight). The pair
    with the largest share is merged first and shares are recomputed; pairs with no edge
    between them have share 0 and are never merged.

    Cost: the community graph ``M^T A M`` (``M`` the n-by-c membership matrix) is built once
    with SciPy; the greedy loop keeps a heap of linked pairs with lazy deletion, so it is
    O(E_c log E_c) in the number of linked community pairs, not O(c^3).

    Returns
    -------
    ndarray of shape (n,)
        Merged labels ``0..c'-1``, numbered by first appearance.
    """
    labels = np.asarray(labels, dtype=np.int64)
    n = labels.size
    if n == 0:
        return labels.copy()
    c = int(labels.max()) + 1
    between = _aggregate(sparse.csr_matrix(adj, dtype=np.float64), labels).tocoo()
    vol = np.asarray(between.sum(axis=1)).ravel().tolist()
    links: list[dict[int, float]] = [{} for _ in range(c)]
    for a, b, w in zip(between.row.tolist(), between.col.tolist(), between.data.tolist(), strict=True):
        if a != b and w > 0:
            links[a][b] = w
    version = [0] * c

    def entry(a: int, b: int) -> tuple[float, int, int, int, int] | None:
        a, b = min(a, b), max(a, b)
        denom = vol[a] * vol[b]
        share = links[a][b] / denom**0.5 if denom > 0 else 0.0
        # Ties go to the lowest (a, b): the same input always merges in the same order.
        return (-share, a, b, version[a], version[b]) if share > threshold else None

    heap = [e for a in range(c) for b in links[a] if a < b and (e := entry(a, b)) is not None]
    heapq.heapify(heap)
    parent = list(range(c))
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if va != version[a] or vb != version[b]:
            continue  # a or b changed since this share was computed
        # Merge b into a: edges, volume, and the shares of every pair involving a change.
        for other, w in links[b].items():
            if other == a:
                continue
            links[a][other] = links[a].get(other, 0.0) + w
            del links[other][b]
            links[other][a] = links[other].get(a, 0.0) + w
        del links[a][b]
        links[b] = {}
        vol[a] += vol[b]
        vol[b] = 0.0
        parent[b] = a
        version[a] += 1
        version[b] += 1
        for other in links[a]:
            e = entry(a, other)
            if e is not None:
                heapq.heappush(heap, e)
    root = np.array(parent, dtype=np.int64)
    while True:  # path compression: follow parents to the surviving community
        nxt = root[root]
        if np.array_equal(nxt, root):
            break
        root = nxt
    return _relabel(root[labels])

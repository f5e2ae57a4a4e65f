"""Group findings into themes: neighbour-graph communities with an automatic number of themes.

With ``n_themes="auto"``:

1. **Embed** texts (MiniLM by default, unit vectors) unless vectors are given.
2. **Neighbour graph**: each finding is linked to its most similar findings, one neighbour per
   40 findings from ``ln n`` (a theme stays connected) to 10 (a neighbourhood stays inside a
   theme). Exact up to 20,000 findings; above, an inverted file over k-means cells.
3. **Over-split** with Louvain at a high resolution (5, raised by up to half below 300
   findings, where Louvain finds fewer communities), so themes are split rather than lumped.
4. **Merge what is linked**: greedily merge the pair with the largest link share
   ``e_AB / sqrt(vol_A vol_B)`` while it exceeds 0.15; the share does not depend on n.
5. **Merge what is accidental**: re-run Louvain at nine resolutions, weight each edge by the
   share of runs keeping its ends together, merge again above 0.05. Borders inside one
   homogeneous theme move between runs; borders between themes stay.
6. **Dissolve** themes under the minimum size (2 below 60 findings, else ``n / (300 g)``,
   at least 3); mark findings far below their theme's typical similarity (median - 3 MAD) -1.

``granularity`` multiplies the resolution and both thresholds. With a fixed ``n_themes``:
mini-batch k-means cells, an exact weighted Ward tree over them (:mod:`nlp._ward`) cut at k,
then spherical k-means steps. Seeded fits keep pinned findings and attach new findings as close
to a pinned theme as its own members. Failure modes: sets of few, close themes are over-split
(sub-intents become themes); diffuse feedback gets more themes than its sub-categories. The
measurements, rejected alternatives and their tables are in docs/nlp-evaluation.md.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils.validation import check_is_fitted

from nlp._graph import consensus_graph, knn_graph, merge_communities, neighbour_adjacency
from nlp._validate import check_labels, check_texts
from nlp._ward import cut_tree, weighted_ward_linkage
from nlp.embed import DEFAULT_EMBEDDER, Embedder, EmbeddingCache, embed_texts, get_embedder, normalise_rows

__all__ = ["UNCLUSTERED", "ThemeClusterer", "auto_neighbours", "small_set_boost", "split_into"]

UNCLUSTERED = -1
"""Label of findings that fit no theme."""

_CHUNK = 8192
_EXACT_GRAPH_MAX = 20_000
_CONSENSUS_SCALES = (0.5, 0.6, 0.7, 0.85, 1.0, 1.2, 1.4, 1.7, 2.0)
"""Louvain runs of the consensus step, as multiples of the resolution: nine runs of the fast
local move cost less than five full sweeps and their consensus was steadier (uniform blobs)."""
_MAX_NEIGHBOURS = 10
_FINDINGS_PER_NEIGHBOUR = 40
_SMALL_SET = 300
_SMALL_SET_BOOST = 1.5
_SMALL_THEMES_BELOW = 60


def auto_neighbours(n: int) -> int:
    """Neighbours per finding for ``n_neighbors="auto"``: one per 40 findings, from ``ln n`` to 10.

    A neighbourhood must stay inside one theme: with 10 neighbours in a set of tens of
    findings most findings link to most others and borders vanish (18 findings on three
    topics came out as one theme). It must also hold a theme together: a k-nearest-neighbour
    graph needs about ``ln n`` neighbours to stay connected, and with fewer each theme falls
    into pieces that no merge can join (3 intents of 20 texts came out as 7 themes with 3
    neighbours). 10 from 400 findings up, where an intent of 30 texts still holds a whole
    neighbourhood; at most a third of the findings.
    """
    floor = max(2, min(n // 3, round(math.log(max(n, 1)))))
    return min(_MAX_NEIGHBOURS, max(floor, round(n / _FINDINGS_PER_NEIGHBOUR)))


def small_set_boost(n: int) -> float:
    """Factor on the Louvain resolution below 300 findings: ``sqrt(300 / n)``, at most 1.5.

    Louvain finds about ``sqrt(resolution * n)`` communities, so a small set is over-split
    too little for the merge steps to find its themes; raising the resolution by
    ``sqrt(300 / n)`` makes up for it. The merge thresholds are not raised: link shares do
    not depend on n (raising them with the resolution cut 3 intents of 20 texts into 10).
    """
    return min(_SMALL_SET_BOOST, max(1.0, (_SMALL_SET / max(n, 1)) ** 0.5))


def _as_vectors(X: object, embedder: str | Embedder, cache: EmbeddingCache | None) -> np.ndarray:
    """Texts are embedded; a 2-D numeric array is taken as vectors (and normalised)."""
    if isinstance(X, np.ndarray) and X.dtype.kind == "c":
        raise ValueError("Complex data not supported")
    if isinstance(X, np.ndarray) and X.dtype.kind in "fiub":
        arr = X
    elif hasattr(X, "toarray") and not isinstance(X, list | tuple):
        raise ValueError("sparse input is not supported; pass texts or a dense array")
    else:
        items = list(X) if not isinstance(X, str | bytes) else X
        if isinstance(items, list) and items and isinstance(items[0], list | tuple | np.ndarray):
            return _check_array(np.asarray(items, dtype=np.float64))
        texts = check_texts(items)
        return embed_texts(texts, get_embedder(embedder), cache)
    return _check_array(arr)


def _check_array(arr: np.ndarray) -> np.ndarray:
    if arr.ndim != 2:
        raise ValueError(
            f"expected texts or a 2-D array of vectors, got {arr.ndim}-D. Reshape your data "
            "with array.reshape(-1, 1) if it has a single feature"
        )
    if arr.shape[0] == 0:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={arr.shape}) while a minimum of 1 is required."
        )
    if arr.shape[1] == 0:
        raise ValueError(
            f"Found array with 0 feature(s) (shape={arr.shape}) while a minimum of 1 is required."
        )
    if arr.dtype.kind == "c":
        raise ValueError("complex data not supported")
    arr = arr.astype(np.float64, copy=False)
    if not np.all(np.isfinite(arr)):
        raise ValueError("input contains NaN or infinity")
    return normalise_rows(arr)


def _nearest(x: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of and cosine similarity to the nearest centroid, in chunks (bounded memory)."""
    n = x.shape[0]
    idx = np.empty(n, dtype=np.int64)
    sim = np.empty(n, dtype=np.float32)
    for s in range(0, n, _CHUNK):
        block = x[s : s + _CHUNK] @ centroids.T
        idx[s : s + _CHUNK] = np.argmax(block, axis=1)
        sim[s : s + _CHUNK] = block[np.arange(block.shape[0]), idx[s : s + _CHUNK]]
    return idx, sim


def _centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean direction of each label 0..k-1 (zero row for an empty label)."""
    rows = np.flatnonzero(labels >= 0)
    member = sparse.csr_matrix((np.ones(rows.size), (labels[rows], rows)), shape=(k, x.shape[0]))
    return normalise_rows(np.asarray(member @ x, dtype=np.float64))


def _outlier_floor(sim: np.ndarray) -> float:
    """Similarity below which a member is an outlier: median - 3 * MAD (robust, scale-free)."""
    if sim.size < 5:
        return -1.0
    med = float(np.median(sim))
    # A floor on the spread keeps tiny, tight themes from rejecting close paraphrases.
    mad = max(float(np.median(np.abs(sim - med))) * 1.4826, 0.05)
    return med - 3.0 * mad


class ThemeClusterer(ClusterMixin, BaseEstimator):
    """Cluster findings into themes; the number of themes can be chosen automatically.

    Parameters
    ----------
    n_themes : "auto" or int, default="auto"
        Number of themes. ``"auto"`` chooses it from the data (see the module docstring).
    granularity : float, default=1.0
        Above 1 gives more, tighter themes; below 1 fewer, broader ones. Multiplies the Louvain
        resolution and the merge threshold (auto) and divides the minimum theme size.
    embedder : str or Embedder, default="minilm"
        How texts become vectors; ignored when vectors are passed to :meth:`fit`.
    min_theme_size : int or None, default=None
        Themes with fewer findings are dissolved. ``None`` means 2 below 60 findings and
        ``max(3, n / (300 * granularity))`` from 60 up.
    n_neighbors : "auto" or int, default="auto"
        Neighbours per finding in the graph used by ``n_themes="auto"``. More neighbours give
        fewer, broader themes. ``"auto"`` is one per 40 findings, from ``ln n`` to 10
        (:func:`auto_neighbours`).
    resolution : float, default=5.0
        Modularity resolution of the over-splitting Louvain step at granularity 1 (auto only);
        the consensus runs use half to twice it. Below 300 findings it is raised by up to
        half (:func:`small_set_boost`).
    merge_threshold : float, default=0.15
        Communities are merged while some pair's link share ``e_AB / sqrt(vol_A * vol_B)``
        exceeds ``merge_threshold * granularity`` (auto only). Lower gives fewer themes.
    consensus_threshold : float, default=0.05
        Then merged while some pair's link share on the consensus graph (edges weighted by
        the share of Louvain runs that keep their ends together) exceeds
        ``consensus_threshold * granularity`` (auto only). Lower gives fewer themes.
    max_micro : int, default=1500
        Number of micro-clusters: cells of the approximate neighbour search above 20,000
        findings, and leaves of the Ward tree when ``n_themes`` is fixed.
    refine_iter : int, default=3
        Spherical k-means steps after the tree cut (fixed ``n_themes`` only).
    random_state : int, default=0
        Seed of every random choice; same input and seed give identical labels.

    Attributes
    ----------
    labels_ : ndarray of shape (n,)
        Theme of each finding, ``0..n_themes_-1``, or ``-1`` (unclustered).
    n_themes_ : int
        Number of themes found (pinned themes included).
    cluster_centers_ : ndarray of shape (n_themes_, d)
        Unit centre of each theme.
    theme_keys_ : list of (str or None)
        For seeded fits, the pinned theme name of each theme (``None`` for new themes).
    similarity_ : ndarray of shape (n,)
        Cosine similarity of each finding to its theme centre (to the nearest for ``-1``).
    outlier_threshold_ : float
        Similarity below which :meth:`predict` returns ``-1``.
    embeddings_ : ndarray of shape (n, d)
        The unit vectors that were clustered (used for labels and representatives).
    k_auto_ : int or None
        Number of graph communities after merging, before small themes were dissolved
        (``"auto"`` only).
    k_louvain_ : int or None
        Number of Louvain communities before merging (``"auto"`` only).
    """

    def __init__(
        self,
        n_themes: int | str = "auto",
        granularity: float = 1.0,
        embedder: str | Embedder = DEFAULT_EMBEDDER,
        min_theme_size: int | None = None,
        n_neighbors: int | str = "auto",
        resolution: float = 5.0,
        merge_threshold: float = 0.15,
        consensus_threshold: float = 0.05,
        max_micro: int = 1500,
        refine_iter: int = 3,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.granularity = granularity
        self.embedder = embedder
        self.min_theme_size = min_theme_size
        self.n_neighbors = n_neighbors
        self.resolution = resolution
        self.merge_threshold = merge_threshold
        self.consensus_threshold = consensus_threshold
        self.max_micro = max_micro
        self.refine_iter = refine_iter
        self.random_state = random_state

    # ------------------------------------------------------------------ public API

    def fit(
        self,
        X: Sequence[str] | np.ndarray,
        y: object = None,
        *,
        seed_labels: Sequence[str | None] | None = None,
        cache: EmbeddingCache | None = None,
    ) -> ThemeClusterer:
        """Find themes in ``X`` (texts, or an ``(n, d)`` array of vectors).

        Parameters
        ----------
        X
            Texts or vectors. ``None``/NaN texts are rejected; empty texts, stop words and
            emoji are accepted and usually end up unclustered.
        y
            Ignored (scikit-learn API).
        seed_labels
            Per finding, the pinned theme (or researcher tag) it already belongs to, or
            ``None``. Pinned findings keep their theme.
        cache
            Embedding cache, so a re-run does not re-embed.

        Raises
        ------
        ValueError
            For invalid parameters, an empty input, missing texts, or ``seed_labels`` of the
            wrong length.
        """
        self._check_params()
        x = _as_vectors(X, self.embedder, cache).astype(np.float32, copy=False)
        n = x.shape[0]
        self.n_features_in_ = x.shape[1]
        seeds = check_labels(seed_labels, n, "seed_labels") if seed_labels is not None else None
        rng_seed = int(np.random.RandomState(self.random_state).randint(2**31 - 1))
        labels = np.full(n, UNCLUSTERED, dtype=np.int64)
        valid = np.linalg.norm(x, axis=1) > 0.5

        pinned_keys: list[str] = sorted({s for s in seeds if s is not None}) if seeds else []
        free = valid.copy()
        if pinned_keys:
            key_index = {k: i for i, k in enumerate(pinned_keys)}
            pinned = np.array([s is not None for s in seeds])  # type: ignore[union-attr]
            labels[pinned] = [key_index[s] for s in seeds if s is not None]  # type: ignore[union-attr]
            free &= ~pinned
            pinned_centres = _centroids(x, labels, len(pinned_keys))
            joined = self._attach_to_pinned(x, labels, pinned, pinned_centres, free)
            labels[joined] = _nearest(x[joined], pinned_centres)[0]
            free &= ~joined
        p = len(pinned_keys)

        self.k_auto_: int | None = None
        self.k_louvain_: int | None = None
        free_idx = np.flatnonzero(free)
        if free_idx.size:
            sub = self._cluster_free(x[free_idx], rng_seed, n_total=n, n_pinned=p)
            labels[free_idx] = np.where(sub >= 0, sub + p, UNCLUSTERED)

        labels = self._renumber(labels, p)
        k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
        centres = _centroids(x, labels, k) if k else np.zeros((0, x.shape[1]), dtype=np.float32)
        if k:
            _, sim = _nearest(x, centres)
            own = labels >= 0
            sim[own] = np.einsum("ij,ij->i", x[own], centres[labels[own]])
        else:
            sim = np.zeros(n, dtype=np.float32)
        self.labels_ = labels
        self.n_themes_ = k
        self.cluster_centers_ = centres.astype(np.float32)
        self.theme_keys_ = [pinned_keys[i] if i < p else None for i in range(k)]
        self.similarity_ = sim
        member_sims = sim[labels >= 0]
        self.outlier_threshold_ = _outlier_floor(member_sims) if member_sims.size else -1.0
        self.embeddings_ = x
        return self

    def predict(self, X: Sequence[str] | np.ndarray) -> np.ndarray:
        """Assign findings to the fitted themes (``-1`` when they fit none); no refitting."""
        check_is_fitted(self, "labels_")
        x = _as_vectors(X, self.embedder, None)
        if x.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {x.shape[1]} features, but ThemeClusterer is expecting "
                f"{self.n_features_in_} features as input"
            )
        if self.n_themes_ == 0:
            return np.full(x.shape[0], UNCLUSTERED, dtype=np.int64)
        idx, sim = _nearest(x.astype(np.float32), self.cluster_centers_)
        ok = (sim >= self.outlier_threshold_) & (np.linalg.norm(x, axis=1) > 0.5)
        return np.where(ok, idx, UNCLUSTERED).astype(np.int64)

    def fit_predict(self, X, y=None, **kwargs) -> np.ndarray:  # noqa: ANN001
        """Fit and return ``labels_``."""
        return self.fit(X, y, **kwargs).labels_

    # ------------------------------------------------------------------ internals

    def _check_params(self) -> None:
        if not (
            self.n_themes == "auto"
            or (
                isinstance(self.n_themes, int | np.integer)
                and not isinstance(self.n_themes, bool)
                and self.n_themes >= 1
            )
        ):
            raise ValueError(f"n_themes must be 'auto' or a positive int, got {self.n_themes!r}")
        if not (isinstance(self.granularity, int | float) and 0 < self.granularity <= 20):
            raise ValueError(f"granularity must be in (0, 20], got {self.granularity!r}")
        if not (isinstance(self.resolution, int | float) and self.resolution > 0):
            raise ValueError(f"resolution must be > 0, got {self.resolution!r}")
        if not (isinstance(self.merge_threshold, int | float) and 0 < self.merge_threshold < 1):
            raise ValueError(f"merge_threshold must be in (0, 1), got {self.merge_threshold!r}")
        if not (isinstance(self.consensus_threshold, int | float) and 0 < self.consensus_threshold < 1):
            raise ValueError(f"consensus_threshold must be in (0, 1), got {self.consensus_threshold!r}")
        if not (
            self.n_neighbors == "auto"
            or (
                isinstance(self.n_neighbors, int | np.integer)
                and not isinstance(self.n_neighbors, bool)
                and self.n_neighbors >= 1
            )
        ):
            raise ValueError(f"n_neighbors must be 'auto' or a positive int, got {self.n_neighbors!r}")
        if self.min_theme_size is not None and self.min_theme_size < 1:
            raise ValueError("min_theme_size must be None or >= 1")
        if self.max_micro < 2:
            raise ValueError("max_micro must be >= 2")

    def _min_size(self, n: int) -> int:
        if self.min_theme_size is not None:
            return int(self.min_theme_size)
        if n < _SMALL_THEMES_BELOW:
            return 2
        return max(3, int(np.ceil(n / (300.0 * self.granularity))))

    def _attach_to_pinned(
        self,
        x: np.ndarray,
        labels: np.ndarray,
        pinned: np.ndarray,
        centres: np.ndarray,
        free: np.ndarray,
    ) -> np.ndarray:
        """Free findings at least as close to a pinned theme as its own typical member."""
        own_sim = np.einsum("ij,ij->i", x[pinned], centres[labels[pinned]])
        thresholds = np.empty(centres.shape[0], dtype=np.float32)
        global_floor = float(np.quantile(own_sim, 0.25)) if own_sim.size else 1.0
        for c in range(centres.shape[0]):
            s = own_sim[labels[pinned] == c]
            # Few members make the centre itself noisy; fall back to the pooled quartile.
            thresholds[c] = float(np.quantile(s, 0.25)) if s.size >= 5 else global_floor
        joined = np.zeros(x.shape[0], dtype=bool)
        idx = np.flatnonzero(free)
        if idx.size:
            near, sim = _nearest(x[idx], centres)
            joined[idx[sim >= thresholds[near]]] = True
        return joined

    def _micro_clusters(self, x: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Mini-batch k-means cells: (centres, label per row, weights, within-cell SS).

        Exact duplicates are collapsed first; up to ``max_micro`` distinct rows each row is its
        own cell.
        """
        uniq, inverse, counts = np.unique(x, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        if uniq.shape[0] <= self.max_micro:
            return uniq.astype(np.float64), inverse, counts, 0.0
        m = int(self.max_micro)
        mbk = MiniBatchKMeans(
            n_clusters=m,
            random_state=seed,
            n_init=1,
            batch_size=4096,
            max_iter=30,
            max_no_improvement=5,
            reassignment_ratio=0.0,
            init="random",
        )
        micro_labels = mbk.fit_predict(uniq, sample_weight=counts.astype(np.float64))[inverse]
        weights = np.bincount(micro_labels, minlength=m)
        keep = weights > 0
        micro_labels = (np.cumsum(keep) - 1)[micro_labels]
        weights = weights[keep]
        centres = np.zeros((int(keep.sum()), x.shape[1]), dtype=np.float64)
        np.add.at(centres, micro_labels, x)
        centres /= weights[:, None]
        diff = x - centres[micro_labels].astype(np.float32)
        return centres, micro_labels, weights, float(np.einsum("ij,ij->", diff, diff))

    def _cluster_free(self, x: np.ndarray, seed: int, n_total: int, n_pinned: int) -> np.ndarray:
        """Labels 0..k-1 (or -1) for the free findings ``x``."""
        n = x.shape[0]
        if n == 1 or np.all(x == x[0]):
            return np.zeros(n, dtype=np.int64)
        if self.n_themes == "auto":
            labels = self._graph_communities(x, seed)
            self.k_auto_ = int(labels.max()) + 1
            return self._prune(x, labels, self._min_size(n), reassign_all=False)
        micro_centres, micro_labels, weights, w_micro = self._micro_clusters(x, seed)
        m = micro_centres.shape[0]
        tree = weighted_ward_linkage(micro_centres, weights.astype(np.float64))
        k = int(min(self.n_themes, m))
        labels = cut_tree(tree, k)[micro_labels]
        labels = self._refine(x, labels, k)
        return self._prune(x, labels, self._min_size(n))

    def _graph_communities(self, x: np.ndarray, seed: int) -> np.ndarray:
        """Over-split Louvain communities of the k-nearest-neighbour graph of ``x``, merged."""
        n = x.shape[0]
        wanted = auto_neighbours(n) if self.n_neighbors == "auto" else int(self.n_neighbors)
        k = int(min(wanted, n - 1))
        if n <= _EXACT_GRAPH_MAX:
            ind, _ = knn_graph(x, k)
        else:
            centres, cells, _, _ = self._micro_clusters(x, seed)
            ind, _ = knn_graph(x, k, cells, normalise_rows(centres))
        adj = neighbour_adjacency(ind)
        g = float(self.granularity)
        boosted = g * small_set_boost(n)
        if n < 20:  # under 20 findings a higher resolution makes every finding a theme of one
            boosted = min(boosted, _SMALL_SET_BOOST)
        # Granularity scales both steps the same way: the resolution sets how finely Louvain
        # over-splits (a ceiling on k), the threshold how readily linked pieces are merged
        # back. Scaling only the threshold cannot go above the Louvain count; scaling only
        # the resolution barely moves small inputs, where merging decides k.
        base = float(self.resolution) * boosted
        weights, partitions = consensus_graph(adj, [base * f for f in _CONSENSUS_SCALES], seed)
        labels = partitions[_CONSENSUS_SCALES.index(1.0)]
        self.k_louvain_ = int(labels.max()) + 1
        labels = merge_communities(adj, labels, min(float(self.merge_threshold) * g, 0.99))
        return merge_communities(weights, labels, min(float(self.consensus_threshold) * g, 0.99))

    def _refine(self, x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
        for _ in range(int(self.refine_iter)):
            centres = _centroids(x, labels, k)
            new, _ = _nearest(x, centres)
            if np.array_equal(new, labels):
                break
            labels = new
        return labels

    def _prune(
        self, x: np.ndarray, labels: np.ndarray, min_size: int, reassign_all: bool = True
    ) -> np.ndarray:
        """Dissolve small themes; mark far-off members as unclustered.

        With ``reassign_all`` every finding moves to its nearest big theme centre (a k-means
        step, right after a tree cut); without it only members of dissolved themes move, so
        graph communities keep their shape (a k-means step lowered Banking77 NMI by 0.03).
        """
        k = int(labels.max()) + 1
        sizes = np.bincount(labels, minlength=k)
        big = np.flatnonzero(sizes >= min_size)
        if big.size == 0:
            big = np.array([int(np.argmax(sizes))])
        centres_all = _centroids(x, labels, k)
        near, sim = _nearest(x, centres_all[big])
        out = big[near]
        if not reassign_all:
            in_big = np.isin(labels, big)
            out[in_big] = labels[in_big]
            sim[in_big] = np.einsum("ij,ij->i", x[in_big], centres_all[labels[in_big]])
        floor = _outlier_floor(sim[np.isin(labels, big)])
        out[sim < floor] = UNCLUSTERED
        return out

    @staticmethod
    def _renumber(labels: np.ndarray, p: int) -> np.ndarray:
        """Pinned themes keep 0..p-1; new themes by decreasing size, then first index."""
        out = labels.copy()
        new = np.unique(labels[labels >= p])
        if new.size:
            sizes = np.array([(labels == c).sum() for c in new])
            firsts = np.array([np.flatnonzero(labels == c)[0] for c in new])
            order = np.lexsort((firsts, -sizes))
            mapping = {int(new[j]): p + rank for rank, j in enumerate(order)}
            for old, nw in mapping.items():
                out[labels == old] = nw
        # Drop pinned themes' numbering gaps? No: pinned themes keep their index even if empty.
        return out


def split_into(vectors: np.ndarray, k: int, random_state: int = 0) -> np.ndarray:
    """Split findings into exactly ``k`` non-empty groups, placing every one of them.

    For "split this theme": the researcher asks for ``k`` groups and must get ``k``.
    ``ThemeClusterer(n_themes=k)`` does not promise that: it dissolves groups smaller than
    ``min_theme_size`` (at least 3) and marks far-off findings ``-1``, so 2 findings asked
    into 2 groups, or 5 into 3, come back as one group. This uses the same route as a fixed
    ``n_themes`` (Ward tree over the distinct vectors cut at ``k``, then spherical k-means
    steps) with no dissolving and no unclustered bucket.

    Parameters
    ----------
    vectors : ndarray of shape (n, d)
        The members' vectors (for example the rows of ``ThemeClusterer.embeddings_``);
        compared by cosine similarity, like the clusterer.
    k : int
        Number of groups, ``1 <= k <= n``.
    random_state : int, default=0
        Seed of the micro-clustering used above 1,500 distinct vectors; the same input and
        seed give the same labels.

    Returns
    -------
    ndarray of shape (n,)
        Group of each row, ``0..k-1``; every group has at least one row. Groups are numbered
        by their first row, so row 0 is always in group 0.

    Raises
    ------
    ValueError
        If ``vectors`` is not a finite 2-D array with at least one row, or ``k`` is not an
        int in ``1..n``.

    Notes
    -----
    Identical vectors stay in one group whenever there are at least ``k`` distinct vectors:
    a group that the k-means steps empty takes the distinct vector least like its own group
    centre from a group that has more than one. With fewer than ``k`` distinct vectors,
    identical findings cannot be told apart, so each set of identical rows gets a share of
    the ``k`` groups in proportion to its size and is cut, in row order, into nearly equal
    parts. All rows identical therefore gives an even split in row order: 5 rows into 3
    groups are ``[0, 0, 1, 1, 2]``.
    """
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise ValueError(f"k must be an int, got {k!r}")
    x = _check_array(np.asarray(vectors))
    n = x.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and the number of rows ({n}), got {k}")
    k = int(k)
    uniq, first, inverse, counts = np.unique(
        x, axis=0, return_index=True, return_inverse=True, return_counts=True
    )
    if uniq.shape[0] < k:
        seen = np.argsort(first)  # distinct vectors in order of first appearance
        rank = np.empty_like(seen)
        rank[seen] = np.arange(seen.size)
        labels = _share_out(rank[inverse.ravel()], counts[seen], k)
    else:
        seed = int(np.random.RandomState(random_state).randint(2**31 - 1))
        route = ThemeClusterer(n_themes=k, max_micro=max(1500, k), random_state=random_state)
        micro_centres, micro_labels, weights, _ = route._micro_clusters(x, seed)
        tree = weighted_ward_linkage(micro_centres, weights.astype(np.float64))
        labels = cut_tree(tree, k)[micro_labels]
        labels = _fill_empty(x, route._refine(x, labels, k), k)
    return _number_by_first_row(labels)


def _fill_empty(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Give each empty group the distinct vector least like its centre, from a group of two or more.

    Moves every copy of that vector, so identical findings stay together. Needs at least
    ``k`` distinct vectors (then some group always holds two).
    """
    labels = labels.copy()
    for empty in np.flatnonzero(np.bincount(labels, minlength=k) == 0):
        centres = _centroids(x, labels, k)
        sim = np.einsum("ij,ij->i", x, centres[labels])
        uniq_per_group = [np.unique(x[labels == c], axis=0).shape[0] for c in range(k)]
        movable = np.array([uniq_per_group[c] > 1 for c in labels])
        worst = int(np.flatnonzero(movable)[np.argmin(sim[movable])])
        labels[np.all(x == x[worst], axis=1)] = empty
    return labels


def _share_out(inverse: np.ndarray, counts: np.ndarray, k: int) -> np.ndarray:
    """Fewer distinct vectors than groups: cut each set of identical rows into equal parts.

    Each set starts with one group; each further group goes to the set whose parts are
    largest (ties: the set seen first), so parts are as even as the sets allow.
    """
    slots = np.ones(counts.size, dtype=np.int64)
    for _ in range(k - counts.size):
        share = np.where(slots < counts, counts / slots, -1.0)
        slots[int(np.argmax(share))] += 1
    first = np.cumsum(slots) - slots
    labels = np.empty(inverse.size, dtype=np.int64)
    for u in range(counts.size):
        rows = np.flatnonzero(inverse == u)
        labels[rows] = first[u] + np.arange(rows.size) * slots[u] // rows.size
    return labels


def _number_by_first_row(labels: np.ndarray) -> np.ndarray:
    """Renumber groups 0.. in order of their first row (labels independent of internals)."""
    _, first = np.unique(labels, return_index=True)
    order = np.argsort(np.argsort(first))
    return order[np.searchsorted(np.unique(labels), labels)].astype(np.int64)

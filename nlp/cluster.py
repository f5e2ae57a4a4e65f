"""Group findings into themes: two-stage clustering with an automatic number of themes.

Method (and why)
----------------
1. **Embed** texts (wordllama by default, unit vectors) unless vectors are given.
2. **Over-cluster** into up to ``max_micro`` micro-clusters with mini-batch k-means. Memory is
   O(n·d + m·d), so 100,000 findings fit in well under 2 GB; below ``max_micro`` points every
   point is its own micro-cluster and the method is exact.
3. **Weighted Ward tree** over the micro-centroids (:mod:`nlp._ward`): each merge's cost is the
   exact increase of the within-theme sum of squares, so the tree gives W(k), the unexplained
   variance for every k at once.
4. **Choose k** (``n_themes="auto"``) as the smallest k whose unexplained share
   W(k)/W(1) is at most ``rho ** granularity``. Silhouette, Calinski-Harabasz and the eigengap
   were measured and rejected (they pick the largest or the smallest k tried). The share is a
   property of how tight a theme is, so it stays put as the number of findings grows.
5. **Refine** with a few spherical k-means steps from the cut's centroids, then **dissolve**
   themes smaller than the minimum size (``n / (300 * granularity)``, at least 3) into their
   nearest theme when close enough.
6. **Unclustered**: a finding whose similarity to its theme centre is far below what is typical
   (median - 3 MAD) gets label ``-1`` instead of being dumped into a theme.

Seeded mode: ``fit(X, seed_labels=[...])`` keeps findings already assigned to pinned themes
(or tagged by researchers), attaches new findings that are as close to a pinned theme as that
theme's own members, and clusters only the rest.

Failure modes: with static word embeddings, themes defined by the question asked rather than
the words used (e.g. "Nothing." as praise) cannot be recovered; k follows how tight themes
are, so very diffuse text (short free-text comments) gets more, smaller themes than a
human coder would choose.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import MiniBatchKMeans
from sklearn.utils.validation import check_is_fitted

from nlp._validate import check_labels, check_texts
from nlp._ward import cut_tree, weighted_ward_linkage
from nlp.embed import Embedder, EmbeddingCache, embed_texts, get_embedder, normalise_rows

__all__ = ["UNCLUSTERED", "ThemeClusterer"]

UNCLUSTERED = -1
"""Label of findings that fit no theme."""

_CHUNK = 8192


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
        emb = get_embedder(embedder) if isinstance(embedder, str) else embedder
        return embed_texts(texts, emb, cache)
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
    sums = np.zeros((k, x.shape[1]), dtype=np.float64)
    mask = labels >= 0
    np.add.at(sums, labels[mask], x[mask])
    return normalise_rows(sums)


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
        Above 1 gives more, tighter themes; below 1 fewer, broader ones. Scales both the
        tightness target and the minimum theme size.
    embedder : str or Embedder, default="wordllama"
        How texts become vectors; ignored when vectors are passed to :meth:`fit`.
    min_theme_size : int or None, default=None
        Themes with fewer findings are dissolved. ``None`` means
        ``max(3, n / (300 * granularity))``.
    rho : float, default=0.56
        Share of the variance left unexplained at granularity 1 (tuned on Banking77 train).
    max_micro : int, default=1500
        Number of micro-clusters in the first stage (memory and time grow with it).
    refine_iter : int, default=3
        Spherical k-means steps after the tree cut.
    jump_ratio : float, default=3.0
        A Ward merge costing this many times the previous one marks clearly separated themes;
        k is then at least the finest such split (clean data with obvious groups).
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
        k chosen from the tree before small themes were dissolved.
    """

    def __init__(
        self,
        n_themes: int | str = "auto",
        granularity: float = 1.0,
        embedder: str | Embedder = "wordllama",
        min_theme_size: int | None = None,
        rho: float = 0.56,
        max_micro: int = 1500,
        refine_iter: int = 3,
        jump_ratio: float = 3.0,
        random_state: int = 0,
    ) -> None:
        self.n_themes = n_themes
        self.granularity = granularity
        self.embedder = embedder
        self.min_theme_size = min_theme_size
        self.rho = rho
        self.max_micro = max_micro
        self.refine_iter = refine_iter
        self.jump_ratio = jump_ratio
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
        if not 0 < self.rho < 1:
            raise ValueError(f"rho must be in (0, 1), got {self.rho!r}")
        if self.min_theme_size is not None and self.min_theme_size < 1:
            raise ValueError("min_theme_size must be None or >= 1")
        if self.max_micro < 2:
            raise ValueError("max_micro must be >= 2")

    def _min_size(self, n: int) -> int:
        if self.min_theme_size is not None:
            return int(self.min_theme_size)
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

    def _cluster_free(self, x: np.ndarray, seed: int, n_total: int, n_pinned: int) -> np.ndarray:
        """Labels 0..k-1 (or -1) for the free findings ``x``."""
        n = x.shape[0]
        uniq, inverse, counts = np.unique(x, axis=0, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        if uniq.shape[0] == 1:
            return np.zeros(n, dtype=np.int64)
        if uniq.shape[0] <= self.max_micro:
            micro_centres, micro_labels, weights = uniq.astype(np.float64), inverse, counts
            w_micro = 0.0
        else:
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
            micro_labels = mbk.fit_predict(uniq, sample_weight=counts.astype(np.float64))
            micro_labels = micro_labels[inverse]
            weights = np.bincount(micro_labels, minlength=m)
            keep = weights > 0
            remap = np.cumsum(keep) - 1
            micro_labels = remap[micro_labels]
            weights = weights[keep]
            micro_centres = np.zeros((int(keep.sum()), x.shape[1]), dtype=np.float64)
            np.add.at(micro_centres, micro_labels, x)
            micro_centres /= weights[:, None]
            diff = x - micro_centres[micro_labels].astype(np.float32)
            w_micro = float(np.einsum("ij,ij->", diff, diff))
        m = micro_centres.shape[0]
        tree = weighted_ward_linkage(micro_centres, weights.astype(np.float64))
        k = self._choose_k(tree, w_micro, n, m)
        micro_theme = cut_tree(tree, k)
        labels = micro_theme[micro_labels]
        labels = self._refine(x, labels, k)
        return self._prune(x, labels, self._min_size(n))

    def _choose_k(self, tree: np.ndarray, w_micro: float, n: int, m: int) -> int:
        if self.n_themes != "auto":
            return int(min(self.n_themes, m))
        cum = np.concatenate([[0.0], np.cumsum(tree[:, 2])])
        ks = np.arange(1, m + 1)
        within = w_micro + cum[m - ks]  # W(k): k clusters left after m - k merges
        total = within[0]
        if total <= 0:
            return 1
        target = self.rho ** float(self.granularity)
        ok = ks[within / total <= target]
        k = int(ok[0]) if ok.size else m
        # Clear structure shows as a jump in Ward merge cost: merging two real themes costs
        # several times more than any merge before it. Take the finest such jump if present.
        costs = tree[::-1, 2]  # costs[j]: merge that takes j + 2 clusters to j + 1
        if costs.size > 2:
            ratio = costs[:-1] / np.maximum(costs[1:], 1e-12)  # ratio[j] for k = j + 2
            jumps = np.flatnonzero(ratio >= self.jump_ratio) + 2
            jumps = jumps[jumps <= m // 2]
            if jumps.size:
                k = max(k, int(jumps.max()))
        # Never more themes than findings allow at the minimum size.
        k = max(1, min(k, max(1, n // max(self._min_size(n), 1))))
        self.k_auto_ = k
        return k

    def _refine(self, x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
        for _ in range(int(self.refine_iter)):
            centres = _centroids(x, labels, k)
            new, _ = _nearest(x, centres)
            if np.array_equal(new, labels):
                break
            labels = new
        return labels

    def _prune(self, x: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
        """Dissolve small themes; mark far-off members as unclustered."""
        k = int(labels.max()) + 1
        sizes = np.bincount(labels, minlength=k)
        big = np.flatnonzero(sizes >= min_size)
        if big.size == 0:
            big = np.array([int(np.argmax(sizes))])
        centres = _centroids(x, labels, k)[big]
        near, sim = _nearest(x, centres)
        in_big = np.isin(labels, big)
        own_sim = sim[in_big]
        floor = _outlier_floor(own_sim)
        out = near.copy()
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

"""Place findings on a 2-D theme map: which themes sit close together, which stand apart.

Why a linear projection: the map is read as "these two themes are alike", so positions must
come from the vectors by one fixed rule that a researcher can trust across themes, and it
must be quick for 20,000 findings. t-SNE and UMAP draw tighter islands, but the distances
between islands carry no meaning and they are far slower.

With theme labels (at least three themes), linear discriminant analysis (LDA) picks the two
directions along which theme centres differ most relative to the spread inside themes, so
themes are kept apart and alike themes land near each other. Without labels, or with fewer
themes, the two directions of largest variance (PCA) are used. The within-theme covariance
is estimated with Ledoit-Wolf shrinkage, because 256-d vectors usually outnumber the
findings of a theme and the plain estimate is then singular.

Failure modes: a linear map cannot untangle themes that differ in more than two directions,
so some distinct themes overlap on the map (they are still distinct themes); one far-off
finding squeezes the rest of the map, because the scaling keeps every point in view.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from scipy.linalg import eigh
from sklearn.decomposition import PCA

from nlp.cluster import UNCLUSTERED

__all__ = ["project_2d"]

_MIN_THEMES_FOR_LDA = 3
"""Two themes give LDA a single direction; a second axis from PCA would mean something else."""


def project_2d(vectors: np.ndarray, labels: np.ndarray | None = None, random_state: int = 0) -> np.ndarray:
    """Coordinates of each finding on a 2-D theme map, scaled into the unit square.

    Parameters
    ----------
    vectors : ndarray of shape (n, d)
        The findings' vectors, for example ``ThemeClusterer.embeddings_``.
    labels : ndarray of shape (n,), optional
        Theme of each finding; ``-1`` (unclustered) rows are placed on the map but do not
        shape it. With at least three themes the map is fitted to keep themes apart (LDA);
        otherwise it shows the two directions of largest variance (PCA).
    random_state : int, default=0
        Seed of the randomised SVD that scikit-learn may choose for PCA; the same input and
        seed give the same coordinates.

    Returns
    -------
    ndarray of shape (n, 2), float64
        Positions in ``[0, 1]`` on both axes, never NaN. Both axes share one scale, so a
        distance means the same across and up the map: the wider axis spans ``[0, 1]`` and
        the other is centred on 0.5. An axis with no spread (one finding, identical findings,
        or the second axis of two findings) sits at 0.5.

    Raises
    ------
    ValueError
        If ``vectors`` is not a 2-D array of finite numbers, or ``labels`` is not one integer
        per row.
    """
    x = _check_vectors(vectors)
    y = _check_labels(labels, x.shape[0])
    if x.shape[0] == 0:
        return np.zeros((0, 2), dtype=np.float64)
    coords = _lda(x, y) if y is not None else None
    if coords is None:
        coords = _pca(x, random_state)
    return _to_unit_square(coords)


def _check_vectors(vectors: np.ndarray) -> np.ndarray:
    x = np.asarray(vectors)
    if x.ndim != 2:
        raise ValueError(f"vectors must be a 2-D array, got {x.ndim}-D")
    if x.dtype.kind not in "fiub":
        raise ValueError(f"vectors must be numeric, got dtype {x.dtype}")
    x = x.astype(np.float64, copy=False)
    if not np.all(np.isfinite(x)):
        raise ValueError("vectors contain NaN or infinity")
    # Both projections ignore a common scale; dividing by it keeps squares of huge or tiny
    # values from overflowing to inf (then NaN) or underflowing to zero.
    peak = float(np.abs(x).max()) if x.size else 0.0
    return x / peak if peak > 0 else x


def _check_labels(labels: np.ndarray | None, n: int) -> np.ndarray | None:
    if labels is None:
        return None
    y = np.asarray(labels)
    if y.shape != (n,):
        raise ValueError(f"labels has shape {y.shape}, expected ({n},)")
    if n and y.dtype.kind not in "iu":
        raise ValueError(f"labels must be integers, got dtype {y.dtype}")
    return y.astype(np.int64, copy=False)


def _lda(x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """LDA fitted on the clustered rows, applied to all; ``None`` when it does not apply.

    It does not apply with fewer than three themes, with a single feature, or when the
    clustered rows are all identical (no direction separates anything). The within-theme
    covariance is pooled over themes and shrunk once (Ledoit-Wolf); scikit-learn's
    ``LinearDiscriminantAnalysis`` shrinks each theme's covariance separately, which is
    several times slower with many themes and fails on themes of one finding. When no theme
    has any spread, the identity is used, so the axes are the principal directions of the
    theme centres.
    """
    fit = y != UNCLUSTERED
    classes, inverse, counts = np.unique(y[fit], return_inverse=True, return_counts=True)
    if classes.size < _MIN_THEMES_FOR_LDA or x.shape[1] < 2:
        return None
    xf = x[fit]
    if np.ptp(xf, axis=0).max() == 0:
        return None
    d = x.shape[1]
    member = sparse.csr_matrix(
        (np.ones(xf.shape[0]), (inverse, np.arange(xf.shape[0]))), shape=(classes.size, xf.shape[0])
    )
    means = np.asarray(member @ xf) / counts[:, None]
    residuals = xf - means[inverse]
    within = _ledoit_wolf(residuals) if np.abs(residuals).max() > 0 else np.eye(d)
    centred = (means - xf.mean(axis=0)) * np.sqrt(counts / xf.shape[0])[:, None]
    between = centred.T @ centred
    try:
        _, vecs = eigh(between, within, subset_by_index=[d - 2, d - 1])
    except np.linalg.LinAlgError:
        return None
    axes = vecs[:, ::-1]  # largest ratio of between- to within-theme spread first
    if not np.all(np.isfinite(axes)):
        return None
    return x @ (axes * _sign_convention(axes))


def _ledoit_wolf(r: np.ndarray) -> np.ndarray:
    """Ledoit-Wolf shrunk covariance of centred rows ``r``, from one Gram matrix.

    Same estimate as ``sklearn.covariance.ledoit_wolf(r, assume_centered=True)``, which also
    forms ``(r**2).T @ (r**2)`` only to sum it; that sum is the sum of ``|r_i|**4``, so this
    needs one d x d product instead of two and is the slowest step of :func:`project_2d`.
    """
    n, d = r.shape
    emp = (r.T @ r) / n
    mu = float(np.trace(emp)) / d
    delta = (float(np.sum(emp**2)) - 2.0 * mu * float(np.trace(emp)) + d * mu**2) / d
    sq_norms = np.einsum("ij,ij->i", r, r)
    beta = max((float(np.sum(sq_norms**2)) / n - float(np.sum(emp**2))) / (d * n), 0.0)
    shrinkage = 0.0 if delta <= 0 else min(beta, delta) / delta
    shrunk = (1.0 - shrinkage) * emp
    shrunk.flat[:: d + 1] += shrinkage * mu
    return shrunk


def _pca(x: np.ndarray, random_state: int) -> np.ndarray:
    """First two principal components (fewer columns are padded with zeros)."""
    n, d = x.shape
    coords = np.zeros((n, 2), dtype=np.float64)
    k = min(2, n - 1, d)  # n points span at most n - 1 directions
    if k < 1 or np.ptp(x, axis=0).max() == 0:
        return coords
    coords[:, :k] = PCA(n_components=k, random_state=random_state).fit_transform(x)
    return coords


def _sign_convention(components: np.ndarray) -> np.ndarray:
    """Flip each axis so its largest loading is positive (eigenvectors have no sign)."""
    signs = np.sign(components[np.argmax(np.abs(components), axis=0), np.arange(components.shape[1])])
    return np.where(signs == 0, 1.0, signs)


def _to_unit_square(coords: np.ndarray) -> np.ndarray:
    """One scale for both axes: the wider spans [0, 1], the other is centred on 0.5."""
    lo = coords.min(axis=0)
    span = coords.max(axis=0) - lo
    widest = float(span.max())
    scale = max(float(np.abs(coords).max()), 1.0)
    if not widest > 1e-12 * scale:
        return np.full(coords.shape, 0.5)
    out = (coords - lo) / widest + (1.0 - span / widest) / 2.0
    spread = span > 1e-12 * scale
    out[:, ~spread] = 0.5
    return np.clip(out, 0.0, 1.0)

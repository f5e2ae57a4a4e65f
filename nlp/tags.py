"""Suggest researchers' tags for untagged findings, learned from the discovery's own codebook.

Method: each discovery has its own codebook, often with only a handful of findings per tag, so
nothing is pre-trained. Two views of the tagged findings are blended:

- a logistic regression over the sentence vector plus lemmatised TF-IDF: the vector carries
  paraphrases, TF-IDF the exact service words ("blue badge") tags are often named after;
- the tag's prototype (the mean vector of its findings), scored by cosine: with three to ten
  examples per tag a prototype is steadier than a boundary, and it lifted top-3 on interview
  findings where the regression alone was weaker (docs/nlp-evaluation.md).

Confidences are calibrated: one temperature, fitted on out-of-fold predictions of the tagged
findings only, so that a suggestion shown at 80 % is right about 80 % of the time
(:func:`score_suggestions` reports the expected calibration error). A tag with fewer than
``min_examples`` findings is never suggested, and when fewer than two tags have enough, the
suggester abstains altogether and says why (``ready_`` / ``reason_``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.utils.validation import check_is_fitted

from nlp._validate import MAX_TEXT_CHARS, check_texts, is_missing
from nlp.embed import DEFAULT_EMBEDDER, Embedder, EmbeddingCache, embed_texts, get_embedder
from nlp.pipeline import content_lemmas

__all__ = ["MIN_EXAMPLES", "TagSuggester", "TagSuggestion", "expected_calibration_error", "score_suggestions"]

MIN_EXAMPLES = 3
"""Findings a tag needs before it is suggested: with one or two, its prototype is one quote and
its suggestions mostly wrong; three was the smallest count whose suggestions were right as often
as their confidence said."""

TOO_FEW_TAGS = "too_few_tagged_findings"
"""``reason_`` when fewer than two tags have ``min_examples`` findings: nothing to choose between."""


@dataclass(frozen=True, slots=True)
class TagSuggestion:
    """One suggested tag with its calibrated confidence (0-1)."""

    tag: str
    confidence: float


def _tag_lists(tags: Sequence[object], n: int) -> list[list[str]]:
    if len(tags) != n:
        raise ValueError(f"tags has {len(tags)} items but there are {n} findings")
    out: list[list[str]] = []
    for t in tags:
        if is_missing(t) or t == "" or t == ():
            out.append([])
        elif isinstance(t, str):
            out.append([t])
        else:
            out.append(sorted({str(x) for x in t if not is_missing(x) and x != ""}))  # type: ignore[union-attr]
    return out


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class _Blend:
    """The uncalibrated model: regression and prototypes over one set of tags."""

    def __init__(self, owner: TagSuggester, classes: np.ndarray) -> None:
        self.owner = owner
        self.classes = classes

    def fit(self, dense: np.ndarray, texts: list[str], y: np.ndarray) -> _Blend:
        owner = self.owner
        self.vectorizer = None
        feats: object = dense
        if owner.tfidf_weight > 0:
            self.vectorizer = TfidfVectorizer(
                analyzer=content_lemmas, sublinear_tf=True, min_df=1, dtype=np.float32
            )
            try:
                tf = self.vectorizer.fit_transform(texts)
                feats = sparse.hstack([sparse.csr_matrix(dense), owner.tfidf_weight * tf]).tocsr()
            except ValueError:  # only stop words / emoji in the training texts
                self.vectorizer = None
        self.model = LogisticRegression(C=owner.C, max_iter=500, random_state=owner.random_state).fit(
            feats, y
        )
        index = {c: i for i, c in enumerate(self.classes)}
        sums = np.zeros((self.classes.size, dense.shape[1]), dtype=np.float64)
        for row, tag in zip(dense, y, strict=True):
            sums[index[tag]] += row
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        self.prototypes = (sums / np.maximum(norms, 1e-12)).astype(np.float32)
        return self

    def log_scores(self, dense: np.ndarray, texts: list[str]) -> np.ndarray:
        """Log of the blended probabilities (rows sum to 1 before the log)."""
        owner = self.owner
        feats: object = dense
        if self.vectorizer is not None:
            tf = self.vectorizer.transform(texts)
            feats = sparse.hstack([sparse.csr_matrix(dense), owner.tfidf_weight * tf]).tocsr()
        regression = np.zeros((len(texts), self.classes.size))
        columns = np.searchsorted(self.classes, self.model.classes_)
        regression[:, columns] = self.model.predict_proba(feats)
        prototype = _softmax((dense @ self.prototypes.T) / owner.prototype_temperature)
        w = owner.prototype_weight
        return np.log(np.clip((1 - w) * regression + w * prototype, 1e-12, 1.0))


class TagSuggester(ClassifierMixin, BaseEstimator):
    """Rank a discovery's tags for findings, trained on the findings already tagged.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation of the logistic regression.
    tfidf_weight : float, default=0.5
        Weight of the TF-IDF block next to the (unit) sentence vector; 0 disables it.
    prototype_weight : float, default=0.5
        Share of the prototype (mean vector per tag) scores in the blend; 0 is regression only.
    prototype_temperature : float, default=0.05
        Softmax temperature turning prototype cosines into probabilities.
    min_examples : int, default=3
        Findings a tag needs before it is suggested (see :data:`MIN_EXAMPLES`).
    min_confidence : float, default=0.0
        Suggestions below this calibrated confidence are not made.
    calibrate : bool, default=True
        Fit a temperature on out-of-fold predictions of the tagged findings.
    embedder : str or Embedder, default="minilm"
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
        The tags that can be suggested, sorted.
    skipped_tags_ : list of str
        Tags with too few findings to be suggested.
    ready_ : bool
        False when the suggester abstains altogether; ``reason_`` says why.
    temperature_ : float
        The calibration temperature (1.0 when not calibrated).
    """

    def __init__(
        self,
        C: float = 4.0,
        tfidf_weight: float = 0.5,
        prototype_weight: float = 0.5,
        prototype_temperature: float = 0.05,
        min_examples: int = MIN_EXAMPLES,
        min_confidence: float = 0.0,
        calibrate: bool = True,
        embedder: str | Embedder = DEFAULT_EMBEDDER,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.tfidf_weight = tfidf_weight
        self.prototype_weight = prototype_weight
        self.prototype_temperature = prototype_temperature
        self.min_examples = min_examples
        self.min_confidence = min_confidence
        self.calibrate = calibrate
        self.embedder = embedder
        self.random_state = random_state

    def fit(
        self,
        X: Sequence[str],
        tags: Sequence[str | Sequence[str] | None],
        *,
        cache: EmbeddingCache | None = None,
    ) -> TagSuggester:
        """Learn from tagged findings; untagged ones (``None``, ``""``, ``[]``) are ignored.

        A finding with several tags counts once for each of them.

        Raises
        ------
        ValueError
            If no finding is tagged, or lengths differ.
        """
        texts = [t[:MAX_TEXT_CHARS] for t in check_texts(X)]
        lists = _tag_lists(tags, len(texts))
        counts = Counter(t for ts in lists for t in ts)
        if not counts:
            raise ValueError("no tagged findings to learn from")
        kept = sorted(t for t, n in counts.items() if n >= self.min_examples)
        self.skipped_tags_ = sorted(t for t in counts if t not in kept)
        self.classes_ = np.array(kept, dtype=object)
        self.temperature_ = 1.0
        self.n_features_in_ = 1
        if len(kept) < 2:
            self.ready_, self.reason_ = False, TOO_FEW_TAGS
            self.model_ = None
            return self
        self.ready_, self.reason_ = True, None
        wanted = set(kept)
        rows = [(i, t) for i, ts in enumerate(lists) for t in ts if t in wanted]
        used = sorted({i for i, _ in rows})
        dense_used = embed_texts([texts[i] for i in used], get_embedder(self.embedder), cache)
        position = {i: j for j, i in enumerate(used)}
        dense = dense_used[[position[i] for i, _ in rows]]
        row_texts = [texts[i] for i, _ in rows]
        y = np.array([t for _, t in rows], dtype=object)
        self.model_ = _Blend(self, self.classes_).fit(dense, row_texts, y)
        self.n_features_in_ = dense.shape[1]
        if self.calibrate:
            self.temperature_ = self._fit_temperature(dense, row_texts, y)
        return self

    def _fit_temperature(self, dense: np.ndarray, texts: list[str], y: np.ndarray) -> float:
        """The temperature minimising the log loss of out-of-fold predictions.

        Each fold's model is trained without that fold, so the confidences it gives are those a
        new finding would get; only the tagged findings are used, never the ones suggested for.
        """
        smallest = min(Counter(y.tolist()).values())
        folds = min(5, smallest)
        if folds < 2:
            return 1.0
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        logs = np.zeros((len(y), self.classes_.size))
        for train, test in splitter.split(dense, y):
            part_classes = np.unique(y[train])
            model = _Blend(self, part_classes).fit(dense[train], [texts[i] for i in train], y[train])
            part = model.log_scores(dense[test], [texts[i] for i in test])
            logs[np.ix_(test, np.searchsorted(self.classes_, part_classes))] = part
            missing = np.setdiff1d(
                np.arange(self.classes_.size), np.searchsorted(self.classes_, part_classes)
            )
            logs[np.ix_(test, missing)] = np.log(1e-12)
        truth = np.searchsorted(self.classes_, y)
        best, best_loss = 1.0, np.inf
        for temperature in np.exp(np.linspace(np.log(0.25), np.log(4.0), 41)):
            p = _softmax(logs / temperature)
            loss = -np.mean(np.log(np.clip(p[np.arange(len(y)), truth], 1e-12, 1.0)))
            if loss < best_loss:
                best, best_loss = float(temperature), loss
        return best

    def predict_proba(self, X: Sequence[str], *, cache: EmbeddingCache | None = None) -> np.ndarray:
        """Calibrated probability of each tag in ``classes_`` for each finding."""
        check_is_fitted(self, "classes_")
        texts = [t[:MAX_TEXT_CHARS] for t in check_texts(X, allow_empty=True)]
        if not texts or self.model_ is None:
            return np.zeros((len(texts), self.classes_.size))
        dense = embed_texts(texts, get_embedder(self.embedder), cache)
        return _softmax(self.model_.log_scores(dense, texts) / self.temperature_)

    def predict(self, X: Sequence[str], *, cache: EmbeddingCache | None = None) -> np.ndarray:
        """The top tag of each finding (``None`` when the suggester abstains)."""
        proba = self.predict_proba(X, cache=cache)
        if not len(proba) or self.model_ is None:
            return np.array([None] * len(proba), dtype=object)
        return self.classes_[np.argmax(proba, axis=1)]

    def suggest(
        self,
        X: Sequence[str],
        top_n: int = 3,
        min_confidence: float | None = None,
        *,
        cache: EmbeddingCache | None = None,
    ) -> list[list[TagSuggestion]]:
        """The ``top_n`` tags of each finding, most confident first (ties by tag name).

        Empty lists when the suggester abstains (``ready_`` is False); suggestions below
        ``min_confidence`` (default: the suggester's own) are left out.
        """
        floor = self.min_confidence if min_confidence is None else min_confidence
        proba = self.predict_proba(X, cache=cache)
        out: list[list[TagSuggestion]] = []
        for row in proba:
            if self.model_ is None:
                out.append([])
                continue
            order = np.lexsort((self.classes_.astype(str), -row))[:top_n]
            out.append(
                [
                    TagSuggestion(str(self.classes_[j]), round(float(row[j]), 6))
                    for j in order
                    if row[j] >= floor
                ]
            )
        return out

    def top_k_accuracy(
        self,
        X: Sequence[str],
        tags: Sequence[str],
        k: int = 3,
        *,
        cache: EmbeddingCache | None = None,
    ) -> float:
        """Share of findings whose true tag is among the top ``k`` suggestions."""
        return score_suggestions(self, X, tags, cache=cache, k=k)[f"top{k}"]


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins, weighted by
    how many predictions fall in each (0 is perfectly calibrated)."""
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if confidence.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            error += inside.mean() * abs(confidence[inside].mean() - correct[inside].mean())
    return float(error)


def score_suggestions(
    tagger: TagSuggester,
    texts: Sequence[str],
    tags: Sequence[str],
    *,
    cache: EmbeddingCache | None = None,
    k: int = 3,
) -> dict[str, float]:
    """Top-1 and top-``k`` accuracy, calibration error of the top-1 confidence, and the share of
    findings given no suggestion (the suggester abstains, or nothing reaches its floor).

    A finding whose true tag cannot be suggested (too few examples) counts as a miss.
    """
    texts = list(texts)
    truth = np.asarray(tags, dtype=object)
    if not texts:
        return {"top1": 0.0, f"top{k}": 0.0, "calibration_error": 0.0, "abstained": 0.0}
    proba = tagger.predict_proba(texts, cache=cache)
    if tagger.model_ is None:
        return {"top1": 0.0, f"top{k}": 0.0, "calibration_error": 0.0, "abstained": 1.0}
    order = np.argsort(-proba, axis=1, kind="stable")
    top = tagger.classes_[order[:, :k]]
    top1 = tagger.classes_[order[:, 0]]
    confidence = proba[np.arange(len(texts)), order[:, 0]]
    correct = top1 == truth
    return {
        "top1": float(np.mean(correct)),
        f"top{k}": float(np.mean([truth[i] in set(top[i]) for i in range(len(texts))])),
        "calibration_error": expected_calibration_error(confidence, correct),
        "abstained": float(np.mean(confidence < tagger.min_confidence)),
    }

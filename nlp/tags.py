"""Suggest researchers' tags for untagged findings, learned from the discovery's own codebook.

Why a linear model on the fly: each discovery has its own codebook (tags), often with a few
dozen examples per tag, so there is nothing to pre-train; a logistic regression over wordllama
vectors plus lemmatised TF-IDF fits in well under a second and scores a finding in
microseconds. Semantic vectors carry paraphrases; TF-IDF carries the exact service words
("blue badge", "council tax") that tags are often named after.

Failure modes: tags with one or two examples are suggested rarely and with low confidence;
confidences are calibrated only as far as logistic regression is, so treat them as a ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from nlp._validate import MAX_TEXT_CHARS, check_texts, is_missing
from nlp.embed import Embedder, EmbeddingCache, embed_texts, get_embedder, normalise_rows
from nlp.pipeline import content_lemmas

__all__ = ["TagSuggester", "TagSuggestion"]


@dataclass(frozen=True, slots=True)
class TagSuggestion:
    """One suggested tag with the model's confidence (0-1)."""

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


class TagSuggester(ClassifierMixin, BaseEstimator):
    """Rank a discovery's tags for findings, trained on the findings already tagged.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation of the logistic regression.
    tfidf_weight : float, default=0.5
        Weight of the TF-IDF block next to the (unit) semantic vector; 0 disables it.
    embedder : str or Embedder, default="wordllama"
    random_state : int, default=0

    Attributes
    ----------
    classes_ : ndarray of str
        The tags, sorted.
    """

    def __init__(
        self,
        C: float = 4.0,
        tfidf_weight: float = 0.5,
        embedder: str | Embedder = "wordllama",
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.tfidf_weight = tfidf_weight
        self.embedder = embedder
        self.random_state = random_state

    def _features(self, X: Sequence[str], cache: EmbeddingCache | None, fit: bool):
        texts = check_texts(X)
        dense = embed_texts(texts, get_embedder(self.embedder), cache)
        if self.tfidf_weight <= 0:
            return dense
        clipped = [t[:MAX_TEXT_CHARS] for t in texts]
        if fit:
            self.vectorizer_ = TfidfVectorizer(
                analyzer=content_lemmas, sublinear_tf=True, min_df=1, dtype=np.float32
            )
            try:
                tf = self.vectorizer_.fit_transform(clipped)
            except ValueError:  # only stop words / emoji in the training texts
                self.vectorizer_ = None
                return dense
        elif self.vectorizer_ is None:
            return dense
        else:
            tf = self.vectorizer_.transform(clipped)
        return sparse.hstack([sparse.csr_matrix(dense), self.tfidf_weight * tf]).tocsr()

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
        texts = check_texts(X)
        lists = _tag_lists(tags, len(texts))
        rows = [(i, t) for i, ts in enumerate(lists) for t in ts]
        if not rows:
            raise ValueError("no tagged findings to learn from")
        idx = np.array([i for i, _ in rows])
        y = np.array([t for _, t in rows])
        self.classes_ = np.unique(y)
        used = sorted(set(idx.tolist()))
        feats = self._features([texts[i] for i in used], cache, fit=True)
        pos = {i: j for j, i in enumerate(used)}
        feats = feats[[pos[i] for i in idx]]
        if self.classes_.size == 1:
            self.model_ = None
        else:
            self.model_ = LogisticRegression(C=self.C, max_iter=300, random_state=self.random_state).fit(
                feats, y
            )
        self.n_features_in_ = feats.shape[1]
        return self

    def predict_proba(self, X: Sequence[str], *, cache: EmbeddingCache | None = None) -> np.ndarray:
        """Probability of each tag in ``classes_`` for each finding."""
        check_is_fitted(self, "classes_")
        texts = check_texts(X, allow_empty=True)
        if not texts:
            return np.zeros((0, self.classes_.size))
        if self.model_ is None:
            return np.ones((len(texts), 1))
        return self.model_.predict_proba(self._features(texts, cache, fit=False))

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """The top tag of each finding."""
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)] if len(proba) else np.array([], dtype=str)

    def suggest(
        self, X: Sequence[str], top_n: int = 3, min_confidence: float = 0.0
    ) -> list[list[TagSuggestion]]:
        """The ``top_n`` tags of each finding, most confident first (ties by tag name)."""
        proba = self.predict_proba(X)
        out: list[list[TagSuggestion]] = []
        for row in proba:
            order = np.lexsort((self.classes_, -row))[:top_n]
            out.append(
                [
                    TagSuggestion(str(self.classes_[j]), round(float(row[j]), 6))
                    for j in order
                    if row[j] >= min_confidence
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
        proba = self.predict_proba(X, cache=cache)
        top = np.argsort(-proba, axis=1, kind="stable")[:, :k]
        truth = np.asarray(tags)
        hits = [truth[i] in set(self.classes_[top[i]]) for i in range(len(truth))]
        return float(np.mean(hits)) if hits else 0.0


_ = normalise_rows  # re-exported helper used by callers building their own features

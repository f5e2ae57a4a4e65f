"""Describe themes: class-based TF-IDF keywords, key phrases, a suggested label, quotes.

Why class-based TF-IDF (as in BERTopic): all findings of a theme are treated as one document,
so a keyword scores high when it is frequent in this theme and rare across themes; plain
per-finding TF-IDF favours rare typos. Key phrases are runs of 2-4 consecutive content words
("council tax reduction", "phone queue"), lemmatised, scored the same way, and must occur in
at least two findings so a single odd sentence cannot name a theme.

Representative findings are picked by maximal marginal relevance: closest to the centre
first, then the next closest that is not a near-duplicate of those already picked, so the three
quotes show the theme's range rather than one sentence three times.

Failure modes: themes of one- or two-word findings ("Nothing.", "Great staff") have no key
phrase and fall back to keywords; the lookup lemmatiser gives odd lemmas (better -> well).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from nlp._validate import MAX_TEXT_CHARS, check_texts
from nlp.pipeline import lemma_table, stop_words

__all__ = ["ThemeDescription", "class_tfidf", "key_phrases", "label_themes", "representatives"]

_TOKEN = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]|[^\sa-z]+")


@dataclass(frozen=True, slots=True)
class ThemeDescription:
    """A described theme: what :func:`label_themes` says about one cluster.

    Not ``Theme``, so that it never reads as the app's stored theme
    (``discovery.themes.models.Theme``), which a researcher accepts and edits; this is the
    engine's suggestion for it. Indices refer to the input list of findings.
    """

    theme_id: int
    label: str
    keywords: tuple[str, ...]
    key_phrases: tuple[str, ...]
    member_indices: tuple[int, ...]
    representative_indices: tuple[int, ...]

    @property
    def size(self) -> int:
        return len(self.member_indices)


def _content_runs(text: str) -> list[list[str]]:
    """Runs of consecutive content lemmas; stop words and punctuation break a run."""
    table = lemma_table()
    stops = stop_words()
    runs: list[list[str]] = []
    run: list[str] = []
    for tok in _TOKEN.findall(text[:MAX_TEXT_CHARS].lower().replace("’", "'")):
        if tok[0].isalpha():
            lemma = table.get(tok, tok)
            if len(lemma) > 1 and lemma not in stops and tok not in stops and "'" not in tok:
                run.append(lemma)
                continue
        if run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return runs


def _unigrams(text: str) -> list[str]:
    return [w for run in _content_runs(text) for w in run]


def _phrases(text: str) -> list[str]:
    out: list[str] = []
    for run in _content_runs(text):
        for size in (2, 3, 4):
            out.extend(" ".join(run[i : i + size]) for i in range(len(run) - size + 1))
    return out


def class_tfidf(
    texts: Sequence[str], labels: np.ndarray, analyzer: str = "word", min_df: int = 1
) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    """Class-based TF-IDF of each label 0..k-1.

    Returns
    -------
    scores : sparse matrix (k, V)
        ``tf(t, c) * log(1 + A / f(t))`` with ``A`` the mean number of terms per class.
    vocabulary : ndarray of str
    doc_counts : sparse matrix (k, V)
        Number of findings of class ``c`` containing term ``t``.
    """
    labels = np.asarray(labels)
    k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    fn = _phrases if analyzer == "phrase" else _unigrams
    vec = CountVectorizer(analyzer=fn, min_df=min_df, dtype=np.float64)
    try:
        x = vec.fit_transform(texts)
    except ValueError:  # no terms at all
        empty = sparse.csr_matrix((k, 0))
        return empty, np.array([], dtype=str), empty
    mask = labels >= 0
    onehot = sparse.csr_matrix(
        (np.ones(int(mask.sum())), (labels[mask], np.flatnonzero(mask))), shape=(k, len(texts))
    )
    counts = (onehot @ x).tocsr()
    docs = (onehot @ (x > 0).astype(np.float64)).tocsr()
    term_freq = np.asarray(counts.sum(axis=0)).ravel()
    class_tot = np.asarray(counts.sum(axis=1)).ravel()
    avg = float(class_tot.mean()) if k else 0.0
    idf = np.log1p(avg / np.maximum(term_freq, 1.0))
    tf = sparse.diags(1.0 / np.maximum(class_tot, 1.0)) @ counts
    scores = (tf @ sparse.diags(idf)).tocsr()
    return scores, vec.get_feature_names_out(), docs


def _top_terms(
    scores: sparse.csr_matrix,
    vocab: np.ndarray,
    docs: sparse.csr_matrix,
    c: int,
    n: int,
    min_docs: int,
) -> list[str]:
    if scores.shape[1] == 0:
        return []
    row = scores.getrow(c)
    drow = docs.getrow(c).toarray().ravel()
    idx = row.indices[drow[row.indices] >= min_docs]
    vals = row.toarray().ravel()[idx]
    order = np.lexsort((vocab[idx], -vals))  # ties broken alphabetically: deterministic
    return [str(vocab[idx[j]]) for j in order[:n]]


def key_phrases(texts: Sequence[str], n: int = 5) -> list[str]:
    """The most frequent 2-4-word content phrases of ``texts`` (seen in two texts or more)."""
    texts = check_texts(texts, allow_empty=True, missing="empty")
    if not texts:
        return []
    _, vocab, docs = class_tfidf(texts, np.zeros(len(texts), dtype=np.int64), "phrase")
    if not len(vocab):
        return []
    freq = docs.toarray().ravel()
    lengths = np.array([v.count(" ") + 1 for v in vocab])
    order = np.lexsort((vocab, -lengths, -freq))
    return [str(vocab[i]) for i in order[:n] if freq[i] >= 2]


def representatives(
    embeddings: np.ndarray,
    members: np.ndarray,
    centre: np.ndarray,
    n: int = 3,
    texts: Sequence[str] | None = None,
    diversity: float = 0.3,
    pool: int = 50,
) -> list[int]:
    """Indices of ``n`` findings close to ``centre`` and unlike each other (MMR).

    Exact duplicate texts are skipped, so the quotes are never the same sentence twice.
    """
    members = np.asarray(members, dtype=np.int64)
    if members.size == 0:
        return []
    sims = embeddings[members] @ centre
    order = np.lexsort((members, -sims))[: max(pool, n)]
    cand = members[order]
    cand_sims = sims[order]
    chosen: list[int] = []
    seen_texts: set[str] = set()
    while len(chosen) < n:
        best, best_score = -1, -np.inf
        for j, idx in enumerate(cand):
            if idx in chosen or (texts is not None and texts[idx].strip().lower() in seen_texts):
                continue
            redundancy = max((float(embeddings[idx] @ embeddings[c]) for c in chosen), default=0.0)
            score = (1 - diversity) * float(cand_sims[j]) - diversity * redundancy
            if score > best_score:
                best, best_score = int(idx), score
        if best < 0:
            break
        chosen.append(best)
        if texts is not None:
            seen_texts.add(texts[best].strip().lower())
    return chosen


def _suggest_label(keywords: list[str], phrases: list[str]) -> str:
    if phrases:
        return phrases[0].capitalize()
    if keywords:
        return " / ".join(keywords[:2]).capitalize()
    return "Unlabelled theme"


def label_themes(
    texts: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray | None = None,
    n_keywords: int = 8,
    n_phrases: int = 5,
    n_representatives: int = 3,
) -> list[ThemeDescription]:
    """Describe every theme ``0..k-1`` in ``labels`` (``-1``, unclustered, is skipped).

    Parameters
    ----------
    texts
        The findings (``None``/NaN are treated as empty).
    labels
        Theme of each finding, as produced by :class:`nlp.cluster.ThemeClusterer`.
    embeddings
        Unit vectors of the findings, for representatives; without them the shortest-to-read
        members with the most theme keywords are chosen.

    Returns
    -------
    list of ThemeDescription
        One per theme, in label order.

    Raises
    ------
    ValueError
        If lengths differ.
    """
    texts = check_texts(texts, allow_empty=True, missing="empty")
    labels = np.asarray(labels, dtype=np.int64)
    if labels.shape != (len(texts),):
        raise ValueError(f"labels has shape {labels.shape}, expected ({len(texts)},)")
    if embeddings is not None and embeddings.shape[0] != len(texts):
        raise ValueError("embeddings and texts differ in length")
    k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    if k == 0:
        return []
    kw_scores, kw_vocab, kw_docs = class_tfidf(texts, labels, "word")
    ph_scores, ph_vocab, ph_docs = class_tfidf(texts, labels, "phrase")
    themes: list[ThemeDescription] = []
    for c in range(k):
        members = np.flatnonzero(labels == c)
        min_docs = 2 if members.size >= 4 else 1
        keywords = _top_terms(kw_scores, kw_vocab, kw_docs, c, n_keywords, 1)
        phrases = _top_terms(ph_scores, ph_vocab, ph_docs, c, n_phrases, min_docs)
        if embeddings is not None and members.size:
            centre = embeddings[members].mean(axis=0)
            norm = float(np.linalg.norm(centre))
            centre = centre / norm if norm > 0 else centre
            reps = representatives(embeddings, members, centre, n_representatives, texts)
        else:
            kwset = set(keywords)
            score = [(-sum(w in kwset for w in _unigrams(texts[i])), len(texts[i]), i) for i in members]
            reps = [i for _, _, i in sorted(score)[:n_representatives]]
        themes.append(
            ThemeDescription(
                theme_id=c,
                label=_suggest_label(keywords, phrases),
                keywords=tuple(keywords),
                key_phrases=tuple(phrases),
                member_indices=tuple(int(i) for i in members),
                representative_indices=tuple(int(i) for i in reps),
            )
        )
    return themes

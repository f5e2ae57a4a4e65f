"""Describe themes: class-based TF-IDF keywords, key phrases, a suggested label, quotes.

Why class-based TF-IDF (as in BERTopic): all findings of a theme are treated as one document,
so a keyword scores high when it is frequent in this theme and rare across themes; plain
per-finding TF-IDF favours rare typos. Key phrases are runs of 2-4 consecutive content words
("council tax reduction", "phone queue"), lemmatised, scored the same way, and must occur in
at least two findings so a single odd sentence cannot name a theme.

The label is the short noun phrase a researcher would write on a sticky note ("Housing officer",
"Chest infections", "Damp blamed on tenants"): 1-4 words from the theme's own findings, shown
as most of them spell it, in sentence case. Candidates are runs of content words that may hold
one preposition ("repairs reported by phone"), scored by how many of the theme's findings use
them times the share of all their uses that fall in this theme, with a small bonus per word.
With no tagger in the blank pipeline, "noun phrase" is a lexicon rule: the last word must be a
noun in WordNet's index (or unknown: names and jargon such as "DLO"), the first must not be only
a verb or an adverb. Labels are then assigned jointly (Hungarian algorithm on each theme's score
relative to its best), so no two themes of a run share a label and a theme that loses its
first choice gets its next most distinctive phrase.

Placeholders, people's codes and speaker labels (:func:`nlp.pipeline.strip_markup`) never
reach keywords or labels. Welsh findings (:func:`nlp.welsh.detect_language`) are tokenised with
their clitics split, filtered with Welsh stop words and grouped by light demutation instead of
English lemmas, so a Welsh theme is not named "Mae" or "Yn".

Representative findings are picked by maximal marginal relevance: closest to the centre
first, then the next closest that is not a near-duplicate of those already picked, so the three
quotes show the theme's range rather than one sentence three times.

Failure modes: themes of one- or two-word findings ("Nothing.", "Great staff") have no key
phrase and fall back to a keyword; the lookup lemmatiser gives odd lemmas (better -> well), but
labels show the words as written; the word-class lexicon knows no Welsh, so a Welsh label is only
checked for stop words; the label says what the findings share in words, which is not always
what they are about (a theme whose findings avoid the obvious word is named by what they do say).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import CountVectorizer

from nlp._validate import MAX_TEXT_CHARS, check_texts
from nlp.pipeline import lemma_table, stop_words, strip_markup, word_classes
from nlp.welsh import WELSH_STOP_WORDS, demutate, detect_language

__all__ = ["ThemeDescription", "class_tfidf", "key_phrases", "label_themes", "representatives"]

_LETTER = r"[^\W\d_]"
# Words (with inner apostrophes and hyphens) or single other characters, which break a run.
_TOKEN = re.compile(rf"{_LETTER}+(?:['’\-]{_LETTER}+)*|\S")
_WELSH_TOKEN = re.compile(rf"'?{_LETTER}+(?:-{_LETTER}+)*|\S")

_LINKS = frozenset({"of", "on", "by", "for", "in", "with", "at", "from", "about", "to", "after", "without"})
"""Prepositions a label may hold between two content words ("damp blamed on tenants")."""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_NOT_IN_LABELS = _words(
    """interviewer researcher participant interviewee respondent facilitator
    one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty
    sixty hundred thousand half first second third"""
)
"""Meta words and numbers: fine in keywords, never what a theme is called."""

_TOO_GENERAL = _words(
    """time way day week month year minute hour ages person people thing end lot bit place part
    side point fact stuff everything anything something one
    amser wythnos diwrnod dydd blwyddyn mis awr munud pobl rhywbryd"""
)
"""Nouns that say nothing on their own ("Ages", "People", "Amser"); fine inside a phrase
("working days")."""

MAX_LABEL_WORDS = 4
PRECISION_WEIGHT = 1.0


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


@dataclass(slots=True)
class _Word:
    key: str  # lemma (English) or demutated form (Welsh): what is counted
    shown: str  # as written, with its case unless it starts a sentence
    content: bool
    link: bool = False
    sentence_start: bool = False
    before: str = ""  # the tokens either side, lower case, for the noun-or-verb guess
    after: str = ""


@dataclass(slots=True)
class _Analysis:
    """One finding cut into runs of words; stop words and punctuation end a run."""

    runs: list[list[_Word]] = field(default_factory=list)
    welsh: bool = False

    def unigrams(self) -> list[str]:
        return [w.key for run in self.runs for w in run if w.content]

    def phrases(self) -> list[str]:
        """2-4 consecutive content words (the key phrases shown with a theme)."""
        out: list[str] = []
        for run in self.runs:
            for part in _split(run, lambda w: w.content):
                keys = [w.key for w in part]
                for size in (2, 3, 4):
                    out.extend(" ".join(keys[i : i + size]) for i in range(len(keys) - size + 1))
        return out

    def label_candidates(self) -> Iterable[tuple[_Word, ...]]:
        """1-4 words, content words at both ends, at most one preposition inside."""
        for run in self.runs:
            for part in _split(run, lambda w: w.content or w.link):
                for i, first in enumerate(part):
                    if not first.content:
                        continue
                    links = 0
                    for j in range(i, min(i + MAX_LABEL_WORDS, len(part))):
                        links += part[j].link
                        if links > 1:
                            break
                        if part[j].content:
                            yield tuple(part[i : j + 1])


def _split(run: list[_Word], keep: object) -> list[list[_Word]]:
    parts: list[list[_Word]] = [[]]
    for w in run:
        if keep(w):  # type: ignore[operator]
            parts[-1].append(w)
        elif parts[-1]:
            parts.append([])
    return [p for p in parts if p]


@lru_cache(maxsize=1)
def _known_words() -> frozenset[str]:
    classes = word_classes()
    return classes["noun"] | classes["verb"] | classes["adj"] | classes["adv"]


@lru_cache(maxsize=1)
def _english_stops() -> frozenset[str]:
    """English stop words plus the Welsh ones that are not also English words ("mae", "yn",
    "gyda"), for code-switched English findings ("she said mae'n ddrwg ar y frest")."""
    english = _known_words()
    return stop_words() | frozenset(w for w in WELSH_STOP_WORDS if w not in english and "'" not in w)


def _analyse(text: str, welsh_vocabulary: set[str] | None = None, welsh: bool | None = None) -> _Analysis:
    """Cut one finding into runs of words, in English or Welsh as :func:`detect_language` says."""
    text = strip_markup(text[:MAX_TEXT_CHARS]).replace("’", "'").replace("‘", "'")
    if welsh is None:
        welsh = detect_language(text) == "cy"
    table = lemma_table()
    stops = (stop_words() | WELSH_STOP_WORDS) if welsh else _english_stops()
    analysis = _Analysis(welsh=welsh)
    run: list[_Word] = []
    sentence_start = True
    tokens = (_WELSH_TOKEN if welsh else _TOKEN).findall(text)
    for i, tok in enumerate(tokens):
        if not tok[0].isalpha() and not (welsh and tok[0] == "'" and len(tok) > 1):
            if run:
                analysis.runs.append(run)
                run = []
            sentence_start = sentence_start or tok in '.!?:;"|'
            continue
        low = tok.lower()
        if welsh:
            key = demutate(low, welsh_vocabulary or ()) if low[0] != "'" else low
        else:
            key = table.get(low, low)
        stop = low in stops or key in stops or "'" in low or len(key) < 2
        word = _Word(
            key,
            tok,
            content=not stop,
            link=not welsh and low in _LINKS,
            sentence_start=sentence_start,
            before=_before(tokens, i),
            after=tokens[i + 1].lower() if i + 1 < len(tokens) else "",
        )
        sentence_start = False
        if word.content or word.link:
            run.append(word)
        elif run:
            analysis.runs.append(run)
            run = []
    if run:
        analysis.runs.append(run)
    return analysis


_ADVERBS = _words("actually really just still even ever also not never always only properly all so too")


def _before(tokens: list[str], i: int) -> str:
    """The word before ``tokens[i]``, looking past adverbs ("can actually cope")."""
    j = i - 1
    while j >= 0 and tokens[j].lower() in _ADVERBS:
        j -= 1
    return tokens[j].lower() if j >= 0 else ""


def _analyse_all(texts: Sequence[str]) -> list[_Analysis]:
    """Analyse every finding; Welsh words are demutated against all Welsh words of the set."""
    vocabulary: set[str] = set()
    welsh = [detect_language(t[:MAX_TEXT_CHARS]) == "cy" for t in texts]
    for text, cy in zip(texts, welsh, strict=True):
        if cy:
            vocabulary.update(_WELSH_TOKEN.findall(text[:MAX_TEXT_CHARS].lower().replace("’", "'")))
    return [_analyse(t, vocabulary, cy) for t, cy in zip(texts, welsh, strict=True)]


def _unigrams(text: str) -> list[str]:
    return _analyse(text).unigrams()


def _phrases(text: str) -> list[str]:
    return _analyse(text).phrases()


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
    analyses = _analyse_all(texts)
    terms = [a.phrases() if analyzer == "phrase" else a.unigrams() for a in analyses]
    return _class_tfidf(terms, np.asarray(labels), min_df)


def _class_tfidf(
    terms: Sequence[list[str]], labels: np.ndarray, min_df: int = 1
) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix]:
    k = int(labels.max()) + 1 if labels.size and labels.max() >= 0 else 0
    vec = CountVectorizer(analyzer=lambda t: t, min_df=min_df, dtype=np.float64)
    try:
        x = vec.fit_transform(terms)
    except ValueError:  # no terms at all
        empty = sparse.csr_matrix((k, 0))
        return empty, np.array([], dtype=str), empty
    mask = labels >= 0
    onehot = sparse.csr_matrix(
        (np.ones(int(mask.sum())), (labels[mask], np.flatnonzero(mask))), shape=(k, len(terms))
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


_DETERMINERS = _words(
    "the a an my your his her their our its this that these those some any no every each another"
)
_NOUN_CUES = _LINKS - {"to"}
_VERB_CUES = _words(
    """i we they you he she to can can't cannot will won't would could should must might did do
    does don't didn't doesn't couldn't wouldn't not never always just
    i'll we'll they'll you'll i'd we'd they'd you'd"""
)


def _verbal_keys(analyses: Sequence[_Analysis]) -> frozenset[str]:
    """Lemmas these findings use as verbs: after "I", "to", "can" or before "the", "my" ("ring the
    council") more than after "the", "a", "my" or a preposition ("the ring", "by phone"). A word
    the lexicon knows it knows only as a verb ("learn") needs at least as many."""
    votes: Counter[str] = Counter()
    for analysis in analyses:
        for run in analysis.runs:
            for w in run:
                if w.content:
                    votes[w.key] += (w.before in _VERB_CUES or w.after in _DETERMINERS) - (
                        w.before in _DETERMINERS or w.before in _NOUN_CUES
                    )
    classes = word_classes()
    only_verbs = classes["verb"] - classes["noun"]
    return frozenset(k for k, v in votes.items() if v > 0 or (v == 0 and k in only_verbs))


def _is_noun_phrase(words: tuple[_Word, ...], welsh: bool, verbal: frozenset[str] = frozenset()) -> bool:
    """The lexicon rule standing in for a parser (see the module docstring)."""
    if any(w.key in _NOT_IN_LABELS for w in words if w.content):
        return False
    if len({w.key for w in words}) < len(words):  # "phone phone"
        return False
    if len(words) == 1 and (words[0].key in _TOO_GENERAL or words[0].shown.lower() in _TOO_GENERAL):
        return False
    if welsh:
        return True
    classes = word_classes()
    nouns, verbs, adjs, advs = classes["noun"], classes["verb"], classes["adj"], classes["adv"]
    known = _known_words()

    def noun_like(w: _Word) -> bool:
        low = w.shown.lower()
        if w.key in verbal:
            return False
        if low.endswith("ly") and (low in adjs or low in advs):
            return False  # "friendly", "early"
        if low in nouns:
            return True
        if low.endswith(("ed", "ly", "ing")) or (low != w.key and not low.endswith("s")):
            return False  # "reported", "quickly", "told"
        if w.key in known or low in known:
            return w.key in nouns
        return len(low) > 2 or w.shown.isupper()  # names and jargon, but not "eg" or "ie"

    head, first = words[-1], words[0]
    if not noun_like(head):
        return False
    if len(words) == 1:
        return head.key not in _TOO_GENERAL and head.shown.lower() not in _TOO_GENERAL
    low, key = first.shown.lower(), first.key
    if words[1].link and (key in verbal or low.endswith(("ed", "ing")) or low != key and key in verbs):
        return False  # "asked for Welsh", "waiting on hold": a verb and its complement
    if low in nouns or key in nouns or low in adjs or key in adjs or low.endswith(("ed", "ing")):
        return key not in verbal or low.endswith(("ed", "ing"))
    return not (key in verbs or key in advs or low in advs)


@dataclass(slots=True)
class _Candidates:
    """Label candidates of a set of findings: which findings use each, and how it is written."""

    keys: list[str]
    words: dict[str, tuple[_Word, ...]]
    docs: sparse.csr_matrix  # (n_texts, n_keys) 0/1
    acceptable: np.ndarray  # bool per key: a noun phrase, so it may be a label
    spellings: dict[str, Counter[tuple[str, ...]]]
    case: dict[str, Counter[str]]
    verbal: frozenset[str]
    welsh_keys: set[str]
    finding_is_welsh: list[bool]

    @classmethod
    def build(cls, analyses: Sequence[_Analysis], welsh: Sequence[bool]) -> _Candidates:
        verbal = _verbal_keys([a for a, cy in zip(analyses, welsh, strict=True) if not cy])
        index: dict[str, int] = {}
        words: dict[str, tuple[_Word, ...]] = {}
        acceptable: list[bool] = []
        spellings: dict[str, Counter[tuple[str, ...]]] = {}
        case: dict[str, Counter[str]] = {}
        rows: list[int] = []
        cols: list[int] = []
        welsh_keys: set[str] = set()
        uses: Counter[str] = Counter()
        modifies: Counter[str] = Counter()
        for i, analysis in enumerate(analyses):
            seen: set[int] = set()
            for run in analysis.runs:
                for n, w in enumerate(run):
                    if not w.sentence_start:
                        case.setdefault(w.shown.lower(), Counter())[w.shown] += 1
                    if w.content and not welsh[i]:
                        uses[w.key] += 1
                        modifies[w.key] += n + 1 < len(run) and run[n + 1].content
            for cand in analysis.label_candidates():
                key = " ".join(w.key for w in cand)
                j = index.get(key)
                if j is None:
                    j = index[key] = len(words)
                    words[key] = cand
                    acceptable.append(_is_noun_phrase(cand, welsh[i], verbal))
                    if welsh[i]:
                        welsh_keys.add(key)
                spellings.setdefault(key, Counter())[tuple(w.shown.lower() for w in cand)] += 1
                if j not in seen:
                    seen.add(j)
                    rows.append(i)
                    cols.append(j)
        docs = sparse.csr_matrix(
            (np.ones(len(rows)), (rows, cols)), shape=(len(analyses), len(words)), dtype=np.float64
        )
        acceptable_ = np.array(acceptable, dtype=bool)
        for key, j in index.items():  # "smart" of "smart speaker" is not a name on its own
            if " " not in key and uses[key] >= 2 and modifies[key] >= 0.6 * uses[key]:
                acceptable_[j] = False
        return cls(list(words), words, docs, acceptable_, spellings, case, verbal, welsh_keys, list(welsh))

    def shown(self, key: str) -> str:
        """:meth:`written`, in sentence case."""
        text = self.written(key)
        return text[:1].upper() + text[1:]

    def written(self, key: str) -> str:
        """The spelling most findings use, each word in its usual case mid-sentence."""
        spelling = min(self.spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out = []
        for word in spelling:
            forms = self.case.get(word)
            usual = min(forms.items(), key=lambda kv: (-kv[1], kv[0] != word, kv[0]))[0] if forms else word
            out.append(usual)
        return " ".join(out)


def _label_scores(cands: _Candidates, labels: np.ndarray, k: int) -> np.ndarray:
    """``(k, n_candidates)`` label scores; zero for what may not be a label.

    A word scores the share of the theme's findings using it times the share of all findings
    using it that are in the theme. A phrase of several words scores the sum of its content
    words' scores times its own share in the theme: it gathers its words' evidence, so "stair
    lift" beats "lift" when both words are the theme's, but not when the phrase is common
    elsewhere. A phrase that is how the theme usually writes one of its words (in 40 % of the
    findings using the word, "housing officer" for "officer") scores at least that word's score
    and a tenth more per extra word: the longer name is the more specific. Anything used by fewer
    than two of the theme's findings scores zero; one is enough in a theme of fewer than four, or
    when fewer than four of the theme's findings, but at least a third, are in the phrase's
    language (three Welsh findings and their three English translations).
    """
    if not cands.keys:
        return np.zeros((k, 0))
    mask = labels >= 0
    onehot = sparse.csr_matrix(
        (np.ones(int(mask.sum())), (labels[mask], np.flatnonzero(mask))), shape=(k, len(labels))
    )
    df_c = (onehot @ cands.docs).toarray()
    df = np.asarray(cands.docs.sum(axis=0)).ravel()
    welsh = np.array(cands.finding_is_welsh, dtype=bool)
    sizes_cy = np.bincount(labels[mask & welsh], minlength=k).astype(np.float64)
    sizes_en = np.bincount(labels[mask & ~welsh], minlength=k).astype(np.float64)
    key_is_welsh = np.array([key in cands.welsh_keys for key in cands.keys], dtype=bool)
    in_language = np.where(key_is_welsh[None, :], sizes_cy[:, None], sizes_en[:, None])  # (k, n_keys)
    sizes = (sizes_cy + sizes_en)[:, None]
    precision = df_c / np.maximum(df, 1.0)[None, :]
    single = df_c / np.maximum(sizes, 1.0) * precision**PRECISION_WEIGHT
    column = {key: j for j, key in enumerate(cands.keys)}
    scores = single.copy()
    for j, key in enumerate(cands.keys):
        parts = [column[w.key] for w in cands.words[key] if w.content]
        if len(parts) > 1:
            scores[:, j] = single[:, parts].sum(axis=1) * precision[:, j] ** PRECISION_WEIGHT
            usual = df_c[:, [j]] >= 0.4 * df_c[:, parts]  # how the theme usually writes that word
            inherited = np.where(usual, single[:, parts], 0.0).max(axis=1) * (1.0 + 0.1 * (len(parts) - 1))
            scores[:, j] = np.maximum(scores[:, j], inherited)
    few = (sizes < 4) | ((in_language < 4) & (3 * in_language >= sizes))
    scores[df_c < np.where(few, 1, 2)] = 0.0
    scores[:, ~cands.acceptable] = 0.0
    return scores


def _normal(label: str) -> str:
    return " ".join(label.casefold().split())


def _coordinated(cands: _Candidates, row: np.ndarray, order: list[int]) -> list[tuple[str, float]]:
    """ "Washing and condensation": when a theme's best candidates are single nouns and no phrase
    comes close, the first two together say more than either alone; scored as the first plus half
    the second. Only words of one language are joined ("a"/"ac" in Welsh)."""
    singles = [j for j in order if " " not in cands.keys[j]]
    if not singles:
        return []
    first = singles[0]
    if any(" " in cands.keys[j] and row[j] >= 0.5 * row[first] for j in order):
        return []
    out = []
    welsh = cands.keys[first] in cands.welsh_keys
    for second in singles[1:3]:
        if row[second] >= 0.4 * row[first] and (cands.keys[second] in cands.welsh_keys) == welsh:
            tail = cands.written(cands.keys[second])
            joiner = ("ac" if tail[:1].lower() in "aeiouwyâêîôûŵŷ" else "a") if welsh else "and"
            out.append(
                (f"{cands.shown(cands.keys[first])} {joiner} {tail}", float(row[first] + 0.5 * row[second]))
            )
    return out


def _assign_labels(
    cands: _Candidates,
    scores: np.ndarray,
    fallbacks: list[list[str]],
    taken: Iterable[str],
    top: int = 12,
) -> list[str]:
    """One distinct label per theme, maximising the summed score relative to each theme's best."""
    k = scores.shape[0]
    banned = {_normal(t) for t in taken}
    columns: dict[str, int] = {}
    entries: list[tuple[int, int, float]] = []
    shown: list[str] = []
    for c in range(k):
        row = scores[c]
        order = [j for j in np.lexsort((np.array(cands.keys, dtype=object)[: row.size], -row)) if row[j] > 0]
        options = [(cands.shown(cands.keys[j]), float(row[j])) for j in order[:top]]
        options += _coordinated(cands, row, order[:top])
        options.sort(key=lambda o: (-o[1], o[0]))
        best = options[0][1] if options else 1.0
        options = [(label, score / best) for label, score in options]
        options += [(f, 0.05 - 0.01 * n) for n, f in enumerate(fallbacks[c]) if f]
        for rank, (label, score) in enumerate(options):
            norm = _normal(label)
            if norm in banned:
                continue
            if norm not in columns:
                columns[norm] = len(shown)
                shown.append(label)
            entries.append((c, columns[norm], score - 1e-6 * rank))
    cost = np.full((k, len(shown) + k), 10.0)
    for c, j, score in entries:
        cost[c, j] = min(cost[c, j], 1.0 - score)
    cost[np.arange(k), len(shown) + np.arange(k)] = 5.0  # no phrase left: "Unlabelled theme n"
    rows, cols = linear_sum_assignment(cost)
    out = [""] * k
    for c, j in zip(rows, cols, strict=True):
        out[c] = shown[j] if j < len(shown) else ""
    used = {_normal(x) for x in out if x} | banned
    n = 1
    for c in range(k):
        if not out[c]:
            label = "Unlabelled theme"
            while _normal(label) in used:
                n += 1
                label = f"Unlabelled theme {n}"
            used.add(_normal(label))
            out[c] = label
    return out


def _gerund(verb: str) -> str:
    """ "cope" -> "coping", "learn" -> "learning", "stop" -> "stopping" (English spelling rules,
    regular verbs only)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][^aeiouwxy]", verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _keyword_label(keyword: str, cands: _Candidates) -> str:
    """A keyword as a fallback label, spelled as the findings spell it; a verb becomes its -ing
    form, a noun ("Coping", not "Cope")."""
    if not keyword:
        return ""
    if keyword in cands.verbal and keyword not in cands.welsh_keys and " " not in keyword:
        gerund = _gerund(keyword)
        return gerund[:1].upper() + gerund[1:]
    if keyword in cands.spellings:
        return cands.shown(keyword)
    return keyword[:1].upper() + keyword[1:]


def label_themes(
    texts: Sequence[str],
    labels: np.ndarray,
    embeddings: np.ndarray | None = None,
    n_keywords: int = 8,
    n_phrases: int = 5,
    n_representatives: int = 3,
    taken: Iterable[str] = (),
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
    taken
        Labels already in use (other live themes), compared case- and space-blind; no theme
        gets one of them.

    Returns
    -------
    list of ThemeDescription
        One per theme, in label order. Labels are distinct (case- and space-blind); a theme
        with no usable words is "Unlabelled theme" (numbered from the second one).

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
    analyses = _analyse_all(texts)
    welsh = [a.welsh for a in analyses]
    unigrams = [a.unigrams() for a in analyses]
    kw_scores, kw_vocab, kw_docs = _class_tfidf(unigrams, labels)
    ph_scores, ph_vocab, ph_docs = _class_tfidf([a.phrases() for a in analyses], labels)
    cands = _Candidates.build(analyses, welsh)
    names = _assign_labels(
        cands,
        _label_scores(cands, labels, k),
        [
            [
                _keyword_label(w, cands)
                for w in _top_terms(kw_scores, kw_vocab, kw_docs, c, 6, 1)
                if w not in _TOO_GENERAL
            ][:3]
            for c in range(k)
        ],
        taken,
    )
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
            score = [(-sum(w in kwset for w in unigrams[i]), len(texts[i]), i) for i in members]
            reps = [i for _, _, i in sorted(score)[:n_representatives]]
        themes.append(
            ThemeDescription(
                theme_id=c,
                label=names[c],
                keywords=tuple(keywords),
                key_phrases=tuple(cands.shown(p).lower() if p in cands.spellings else p for p in phrases),
                member_indices=tuple(int(i) for i in members),
                representative_indices=tuple(int(i) for i in reps),
            )
        )
    return themes

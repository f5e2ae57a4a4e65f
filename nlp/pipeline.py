"""The spaCy pipeline every text step shares: blank English, sentencizer, lookup lemmas.

Why blank: councils run this offline, and a trained model (``en_core_web_sm``) is a download.
The lookup lemmatizer ships in ``spacy-lookups-data``. Its table is case-sensitive
("Volunteers" stays "Volunteers"), so a small ``Doc -> Doc`` component, ``lower_lemmas``,
re-lemmatises the lower-cased form.

The pipeline is a small registry of named, versioned steps; :func:`pipeline_config` returns the
plain dict describing a run, to store next to its results.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

PIPELINE_VERSION = "blank-en/2"

STEPS: dict[str, str] = {
    "strip_markup": "nlp.strip_markup/1",
    "sentencizer": "spacy.sentencizer/3.8",
    "lemmatizer": "spacy.lemmatizer(lookup)/3.8",
    "lower_lemmas": "nlp.lower_lemmas/1",
}
"""Registry of the named, versioned steps, in order. ``strip_markup`` runs on the text before
the fast path (:func:`content_lemmas`) and labels; the others are spaCy components."""

# spaCy logs "Created vocabulary" at INFO whenever a pipeline is initialised; commands that
# cluster would print it between their own lines.
logging.getLogger("spacy").setLevel(logging.WARNING)

_WORD = re.compile(r"[a-z][a-z'’\-]*[a-z]|[a-z]")

# What the app writes into findings that is not the participant's words: the pseudonymiser's
# placeholders ("[NAME]", "[P07]", "[PHONE]", "[NHS_NUMBER]"), transcribers' notes ("[laughs]"),
# codes for people ("P14", "Participant 3"), redactions typed as "XXXX" and speaker labels at
# the start of a line ("Interviewer:", "R:", "Sarah Jones (00:01:02):").
_PLACEHOLDER = re.compile(r"\[[^\W\d_][\w .'’-]{0,40}\]")
_PSEUDONYM = re.compile(
    r"\b(?:P|R|I)\d{1,3}\b|\b[Xx]{3,}\b|\b(?:participant|interviewee|respondent|speaker|person)\s*-?\s*\d{1,3}\b",
    re.IGNORECASE,
)
_SPEAKER = re.compile(
    r"^[ \t]*(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}|[A-Z]\d{0,3})[ \t]*"
    r"(?:\(\d{1,2}(?::\d\d){1,2}\))?[ \t]*:(?!\S)",
    re.MULTILINE,
)


@Language.component("lower_lemmas")
def lower_lemmas(doc: Doc) -> Doc:
    """Set every token's lemma from the lower-cased lookup (spaCy's table is case-sensitive)."""
    table = lemma_table()
    for token in doc:
        low = token.lower_
        token.lemma_ = table.get(low, low)
    return doc


@lru_cache(maxsize=1)
def get_pipeline() -> Language:
    """Return the shared, initialised pipeline (built once per process).

    Raises
    ------
    OSError or ValueError
        If ``spacy-lookups-data`` is not installed (the lemma table cannot be loaded).
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    nlp.add_pipe("lower_lemmas", last=True)
    # Long pasted transcripts are fine: the blank pipeline is linear in length.
    nlp.max_length = 5_000_000
    return nlp


class _LemmaLookup(dict[str, str]):
    """Memoising ``word -> lemma`` map over spaCy's hash-keyed lookup ``Table``."""

    def __init__(self, table: object) -> None:
        super().__init__()
        self._table = table

    def __missing__(self, word: str) -> str:
        lemma = self._table.get(word, word)  # type: ignore[attr-defined]
        self[word] = lemma
        return lemma

    def get(self, word: str, default: str | None = None) -> str:  # type: ignore[override]
        return self[word]


@lru_cache(maxsize=1)
def lemma_table() -> _LemmaLookup:
    """Case-sensitive ``word -> lemma`` lookup (pass lower-cased words), memoised per word."""
    # A separate blank pipeline, so this does not recurse through get_pipeline's lower_lemmas.
    nlp = spacy.blank("en")
    lem = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return _LemmaLookup(lem.lookups.get_table("lemma_lookup"))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """spaCy's English stop words plus interview filler ("yeah", "um", "really")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    extra = {
        "yeah",
        "yes",
        "um",
        "uh",
        "er",
        "erm",
        "like",
        "just",
        "really",
        "get",
        "got",
        "thing",
        "things",
        "lot",
        "bit",
        "kind",
        "sort",
        "know",
        "think",
        "mean",
        "actually",
        "okay",
        "ok",
        "oh",
        "basically",
        "probably",
        "maybe",
        "want",
        "need",
        "go",
        "going",
        "say",
        "said",
        "would",
        "could",
        "do",
        "did",
        "be",
        "have",
        "has",
        "had",
        "can",
        "will",
        "also",
        "still",
        "very",
        "much",
        "quite",
        "well",
        "good",
        "n't",
        "'s",
        "'m",
        "'re",
        "'ve",
        "'ll",
        "'d",
    }
    return frozenset(STOP_WORDS) | frozenset(extra)


def strip_markup(text: str) -> str:
    """``text`` without placeholders, people's codes and speaker labels, each left as " | ".

    The bar keeps a phrase from running across what was removed ("call [P07] back" does not
    become "call back"). Keywords and labels are built from what is left, so a theme is never
    named "Name" or "Phone" because the pseudonymiser wrote ``[NAME]`` or ``[PHONE]``.
    """
    text = _SPEAKER.sub(" | ", text)
    text = _PLACEHOLDER.sub(" | ", text)
    return _PSEUDONYM.sub(" | ", text)


@lru_cache(maxsize=1)
def word_classes() -> dict[str, frozenset[str]]:
    """English lemmas by word class (``noun``, ``verb``, ``adj``, ``adv``), from WordNet's index
    in ``spacy-lookups-data``; empty sets when that table is missing.

    The blank pipeline has no tagger, so labels use this to prefer phrases that end in a noun.
    A word may be in several classes ("report", "damp"); words in none are often names or jargon.
    """
    from spacy.lookups import load_lookups

    try:
        index = load_lookups("en", ["lemma_index"]).get_table("lemma_index")
    except (KeyError, ValueError, OSError):  # pragma: no cover - table not installed
        return {k: frozenset() for k in ("noun", "verb", "adj", "adv")}
    return {k: frozenset(index.get(k, ())) for k in ("noun", "verb", "adj", "adv")}


def lemmatise(text: str) -> list[str]:
    """Lower-cased lemmas of the alphabetic words of ``text``, stop words kept.

    This is the fast path used for TF-IDF and labels: a regex tokeniser plus the same lookup
    table as the spaCy pipeline, about 20x faster than running the pipeline on 100,000 texts.
    """
    table = lemma_table()
    return [table.get(w, w) for w in _WORD.findall(text.lower().replace("’", "'"))]


def content_lemmas(text: str) -> list[str]:
    """Lemmas of ``text`` with stop words, one-letter words and :func:`strip_markup` removed."""
    stops = stop_words()
    return [w for w in lemmatise(strip_markup(text)) if len(w) > 1 and w not in stops and "'" not in w]


def pipeline_config() -> dict[str, object]:
    """Plain-dict description of the pipeline, to store with a run's results."""
    return {"pipeline": PIPELINE_VERSION, "steps": dict(STEPS), "spacy": spacy.__version__}

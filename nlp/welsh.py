"""Welsh for theme labels: stop words, a language guess per finding, tokens and light demutation.

Why here and not in spaCy: ``spacy.blank("cy")`` does not exist in spaCy 3.8 and
``spacy-lookups-data`` has no Welsh tables, so councils working offline get nothing for Welsh
out of the box. Labels only need three things: which words are too common to name a theme, which
findings are Welsh (so English lemmas and stop words are not applied to them), and tokens that
split the clitics Welsh writes with an apostrophe ("mae'r", "i'r", "o'r", "dw i'n").

The stop-word list is hand-made for this project from a knowledge of the language (articles,
prepositions and their personal forms, pronouns, forms of *bod* and the common auxiliaries,
conjunctions, question words, quantifiers, numbers and interview filler), with the mutated forms that
occur in speech ("fod", "ddim", "fy", "nghyd"...). It has not been checked by a first-language
speaker; add to it rather than trusting it.

Failure modes: a one-line finding with no function words ("Dim byd.") may be guessed English;
a code-switched English finding ("it's mae'n ddrwg ar y frest") counts as English, which is what
a researcher would file it as. Demutation is ambiguous by nature (*f* may come from *b* or *m*,
*dd* only from *d*), so :func:`demutate` only maps a word onto a radical form that it has seen in
the same set of findings.
"""

from __future__ import annotations

import re
from collections.abc import Collection

__all__ = ["WELSH_STOP_WORDS", "demutate", "detect_language", "radical_candidates", "tokenise"]

_ARTICLES_AND_PARTICLES = """
y yr 'r a ac ag i o ar yn 'n mi fe fo e ni na nad nac do naddo ie oes nag
"""
_PREPOSITIONS = """
am amdano amdani amdanom amdanoch amdanyn amdanaf amdana i ar arno arni arnom arnoch arnyn arna
at ato ati atom atoch atyn ata ataf gan gen gyda efo hefo gydag heb hebddo hebddi i iddo iddi
iddyn iddynt inni ichi i mi o ohono ohoni ohonom ohonoch ohonyn ohona dros drosto drosti drwy trwy
drwyddo wrth wrtho wrthi wrthyn rhwng dan tan o dan hyd ers cyn wedi ar ôl ôl yng ngh ym mewn
tu tuag ger heibio
"""
_PRONOUNS = """
fi mi i ti di chdi fe fo e ef hi ni chi nhw nhwthau hwy hwythau innau minnau tithau yntau hithau
ninnau chithau fy 'y fy 'm dy 'th ei 'i 'w eu 'u ein 'n eich 'ch ein
hun hunan hunain eich hun
hwn hon hyn hwnnw honno hynny yma yna acw 'ma 'na fan fama fanna dyma dyna dacw
rhywun rhywbeth rhai pawb popeth dim neb unrhyw pob holl gyd i gyd un dau dwy tri arall eraill
dau ddau dwy ddwy tri dri tair dair pedwar bedwar pedair bedair pump pum bum chwech saith wyth naw
deg ddeg cant gant mil fil
peth pethau rhywle unman ffordd gwaith waith tro dro allan mas lan lawr draw adre adref ymlaen nôl
"""
_VERBS = """
bod fod mod mae maen maent ma sy sydd oes ydy ydi yw ydw ydyn ydych ydan ydyn dw dwi rwy rwyf
rydw rydyn rydych rydan ro roedd oedd roeddwn roeddet roedden roeddech roeddent oeddwn oedden
'dw 'di di bydd fydd byddai fyddai byddwn fyddwn bydden fydden buodd fuodd bu fu bues fues bo fo
oedd ydoedd bydda fydda byddan fyddan byddwch fyddwch byddi fyddi
buasai fasai basai base fase taswn taset tasai pe petai
cael gael cafodd gafodd ces ges cawson gawson caf gaf cei gei ca ga
gwneud wneud gwnaeth wnaeth gwnes wnes gwnaf wnaf gwnewch wnewch gwnawn wnawn nes naeth
mynd fynd aeth es aethon dod ddod daeth des dethon dere dewch rhoi roi rhoddodd roddodd
gallu allu gall all gallai allai galla alla gallwn allwn medru fedru
dweud ddweud meddai medd wedodd dywedodd gweud weud
meddwl feddwl gwybod wybod gwbod wbod gweld weld eisiau isie isio moyn
"""
_CONJUNCTIONS_AND_ADVERBS = """
a ac ond neu na nac nag os pe pan tra felly erbyn yn ôl mai taw
fel achos oherwydd gan er er mwyn wedyn wedi yna
hefyd hyd yn oed eto dal iawn rhy mor mwy mwyaf llai lleiaf fwy fwyaf digon eithaf braidd jyst jest
nawr rŵan rwan heddiw ddoe erioed byth wastad bob amser weithiau efallai falle ella siŵr siwr
ble lle pam sut beth be pwy faint pryd pa
ie na ydy nac 'te te 'to ta beth wel wedi reit
"""


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


WELSH_STOP_WORDS: frozenset[str] = frozenset(
    w
    for block in (_ARTICLES_AND_PARTICLES, _PREPOSITIONS, _PRONOUNS, _VERBS, _CONJUNCTIONS_AND_ADVERBS)
    for w in block.split()
)
"""Hand-made Welsh stop words (see the module docstring), lower case, apostrophes as ``'``."""

# Frequent and almost only Welsh: the language guess counts these, not the whole list, so that
# English "a", "i", "am" and "at" do not make an English finding look Welsh.
_WELSH_MARKERS = _words(
    """y yr 'r mae maen oedd roedd yn 'n wedi ac ond gyda gan dw dwi rydw nhw chi fi ei eu
    bod fod sydd sy hefyd iawn dim ddim ar o'r i'r yng ym mewn hyn hynny yma yna fel pan
    beth sut pam ble nawr rŵan gyd cael gael mynd wneud gwneud"""
)
_ENGLISH_MARKERS = _words(
    """the and of to is was it that in for on with they he she you we be have not but this
    are were had my me our their there what when would could just an at so if or no"""
)
_WELSH_LETTERS = re.compile(r"[ŵŷâêîôû]|\b(?:ll|rh|dd|ff|ng)|(?:dd|ll|wy|ch)\b|\w(?:wr|wn|wch|yw)\b")

_LETTER = r"[^\W\d_]"
_TOKEN = re.compile(rf"'{_LETTER}+|{_LETTER}+(?:-{_LETTER}+)*")


def tokenise(text: str) -> list[str]:
    """Lower-cased word tokens; an apostrophe starts a clitic token (``"mae'r" -> mae, 'r``).

    Curly apostrophes count as straight ones. English contractions split the same way
    (``"didn't" -> didn, 't``), which is harmless for Welsh-or-English stop-word lookups.
    """
    return _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))


def detect_language(text: str) -> str:
    """Guess whether a finding is Welsh (``"cy"``) or English (``"en"``).

    Counts frequent function words of each language, then Welsh spellings (ŵ, ŷ, initial ll/rh/dd,
    final -wch, -wyd...) as a tie-break. Anything without evidence is English, the app's default.
    """
    tokens = tokenise(text)
    if not tokens:
        return "en"
    cy = sum(t in _WELSH_MARKERS for t in tokens)
    en = sum(t in _ENGLISH_MARKERS for t in tokens)
    if cy != en:
        return "cy" if cy > en else "en"
    letters = len(_WELSH_LETTERS.findall(text.lower()))
    return "cy" if letters >= max(2, len(tokens) // 4) else "en"


# Mutated initial -> radical initials it may come from (soft, nasal, aspirate, h-prothesis).
_UNMUTATE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ch", ("c",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("dd", ("d",)),
    ("ll", ()),
    ("rh", ()),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("f", ("b", "m")),
    ("l", ("ll",)),
    ("r", ("rh",)),
    ("m", ("b",)),
    ("n", ("d",)),
)
_VOWEL = re.compile(r"^[aeiouwyâêîôûŵŷ]")


def radical_candidates(word: str) -> list[str]:
    """Forms ``word`` could have before an initial mutation, most likely first.

    ``"gath" -> ["cath"]``, ``"nhŷ" -> ["tŷ"]``, ``"wely" -> ["gwely"]``, ``"hoed" -> ["oed"]``.
    The word itself is not included.
    """
    w = word.lower()
    out: list[str] = []
    for mutated, radicals in _UNMUTATE:
        if w.startswith(mutated) and len(w) > len(mutated):
            out.extend(r + w[len(mutated) :] for r in radicals)
            break
    if _VOWEL.match(w):
        out.append("g" + w)  # soft mutation drops g: "gwely" -> "wely"
    if w.startswith("h") and len(w) > 2 and _VOWEL.match(w[1:]):
        out.append(w[1:])  # h-prothesis: "ei hoed"
    return out


def demutate(word: str, vocabulary: Collection[str]) -> str:
    """The radical form of ``word`` if one of its candidates is in ``vocabulary``, else ``word``.

    Passing the words of the findings being labelled makes "ffôn"/"ffon" and "nghartref"/"cartref"
    one term only when both forms were actually written.
    """
    w = word.lower()
    for candidate in radical_candidates(w):
        if candidate in vocabulary:
            return candidate
    return w

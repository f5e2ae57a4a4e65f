"""Welsh stop words, language guess, tokens and demutation (nlp.welsh)."""

from __future__ import annotations

import pytest

from nlp.welsh import WELSH_STOP_WORDS, demutate, detect_language, radical_candidates, tokenise


@pytest.mark.parametrize(
    "text",
    [
        "Mae'r tŷ yn oer ac mae'r ffenestri'n gollwng.",
        "Dw i wedi ffonio tair gwaith a does neb wedi dod.",
        "Roedd y swyddog tai yn deall, chwarae teg iddi hi.",
        "Fyddwn i ddim wedi meddwl bod e i fi.",
    ],
)
def test_detects_welsh(text):
    assert detect_language(text) == "cy"


@pytest.mark.parametrize(
    "text",
    [
        "The house is cold and the windows leak.",
        "My nan said it's mae'n ddrwg ar y frest, but the surveyor didn't listen.",
        "I am at the end of my tether.",
        "",
        "42",
    ],
)
def test_english_and_code_switched_english_are_english(text):
    assert detect_language(text) == "en"


def test_tokens_split_welsh_clitics_and_keep_welsh_letters():
    assert tokenise("Mae'r tŷ'n oer, dw i'n aros o’r bore") == [
        "mae",
        "'r",
        "tŷ",
        "'n",
        "oer",
        "dw",
        "i",
        "'n",
        "aros",
        "o",
        "'r",
        "bore",
    ]


def test_stop_words_cover_articles_auxiliaries_and_clitics():
    for word in ["y", "yr", "'r", "mae", "yn", "'n", "wedi", "oedd", "bod", "fod", "gyda", "nhw", "ond"]:
        assert word in WELSH_STOP_WORDS
    for content in ["tŷ", "ffôn", "llaith", "swyddog", "plant"]:
        assert content not in WELSH_STOP_WORDS


@pytest.mark.parametrize(
    ("mutated", "radical"),
    [
        ("gath", "cath"),
        ("nhŷ", "tŷ"),
        ("wely", "gwely"),
        ("ddrws", "drws"),
        ("fam", "mam"),
        ("lyfr", "llyfr"),
    ],
)
def test_demutation_maps_onto_a_radical_seen_in_the_findings(mutated, radical):
    assert radical in radical_candidates(mutated)
    assert demutate(mutated, {radical, "arall"}) == radical


def test_demutation_leaves_a_word_alone_without_evidence():
    assert demutate("fam", set()) == "fam"
    assert demutate("tŷ", {"tŷ", "dŷ"}) == "tŷ"

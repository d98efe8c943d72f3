"""Shared fixtures for the matching tests."""

from __future__ import annotations

import pytest

from matching.embeddings import HashingEncoder, SentenceTransformerEncoder


@pytest.fixture
def hashing_encoder() -> HashingEncoder:
    """Deterministic encoder for unit tests."""
    return HashingEncoder(dim=384)


@pytest.fixture(scope="session")
def real_encoder() -> SentenceTransformerEncoder:
    """The packaged all-MiniLM-L6-v2 model, loaded once per session."""
    return SentenceTransformerEncoder()

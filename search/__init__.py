"""Search over profiles and vacancies: one contract, an embedded and an Elasticsearch backend.

Imports flow `marketplace -> search -> matching`; nothing here imports `marketplace`.
"""

from search.base import (
    IndexKind,
    SearchBackend,
    SearchDocument,
    SearchHit,
    SearchRequest,
    SearchResult,
    SearchUnavailable,
)

__all__ = [
    "IndexKind",
    "SearchBackend",
    "SearchDocument",
    "SearchHit",
    "SearchRequest",
    "SearchResult",
    "SearchUnavailable",
]

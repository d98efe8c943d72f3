"""The bench's raw-engine baseline: the service's Elasticsearch requests recorded through a
proxy (the client must not notice it) and sent again, bare, from the bench process."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import numpy as np

from bench.engine_trace import RecordingProxy, replay
from search.base import SearchDocument, SearchRequest
from search.elasticsearch import ElasticsearchBackend

DIM = 8


def _doc(doc_id: int, title: str) -> SearchDocument:
    vector = np.zeros(DIM, dtype=np.float32)
    vector[doc_id % DIM] = 1.0
    return SearchDocument(
        id=doc_id,
        updated_at=datetime(2026, 1, 1, 12, 0),
        fields={"title": title, "body": ""},
        keywords={"visibility": ["public"]},
        vector=vector,
    )


def test_searches_through_the_proxy_are_recorded_per_request_and_replayed(
    es_url: str, tmp_path: Path
) -> None:
    prefix = f"trace-{uuid.uuid4().hex[:8]}"
    with RecordingProxy(es_url) as proxy:
        backend = ElasticsearchBackend(proxy.url, prefix=prefix, dim=DIM)
        try:
            backend.ensure_indices()
            backend.index("profiles", [_doc(1, "sairaanhoitaja"), _doc(2, "kokki")])
            vector = np.eye(DIM, dtype=np.float32)[1]
            answers = []
            for text in ("sairaanhoitaja", "kokki"):
                proxy.recorder.mark()
                request = SearchRequest(text=text, vector=vector, facets=())
                answers.append(backend.search("profiles", request))
            timings = replay(es_url, proxy.recorder.groups)
        finally:
            for kind in ("profiles", "vacancies"):
                backend.client.options(ignore_status=404).indices.delete(index=f"{prefix}-{kind}*")
            backend.close()
    # The client got Elasticsearch's own answers through the proxy (product header and all).
    assert [a.hits[0].id for a in answers] == [1, 2]
    groups = proxy.recorder.groups
    # One round trip per hybrid search, and index writes are not searches.
    assert [len(g) for g in groups] == [1, 1]
    assert all("_msearch" in call.path for group in groups for call in group)
    assert b"sairaanhoitaja" in groups[0][0].body and b"kokki" in groups[1][0].body
    assert len(timings) == 2 and all(ms > 0 for ms in timings)

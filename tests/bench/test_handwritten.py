"""The set of written postings is whole, and its evaluation runs through the service's API."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bench.handwritten import SET_FILE, format_report, run

POSTING = {"employment_type": "permanent", "working_time": "full_time", "remote": "onsite"}
TINY: dict[str, Any] = {
    "postings": [
        {"id": "a", "title": "Pizzakokki", "description": "Pizzeria.", "municipality": "Turku"},
        {"id": "b", "title": "Kokki", "description": "Lounas.", "municipality": "Tampere"},
        {"id": "c", "title": "Muurari", "description": "Julkisivut.", "municipality": "Oulu"},
    ],
    "queries": [
        {"id": "q1", "text": "kokki turku", "relevant": {"a": 2, "b": 1}},
        {"id": "q2", "text": "rakennusala", "relevant": {"c": 2}},
        {"id": "q3", "text": "qwxzv", "relevant": {}},
    ],
}


def test_the_set_is_whole() -> None:
    data = json.loads(SET_FILE.read_text(encoding="utf-8"))
    ids = {posting["id"] for posting in data["postings"]}
    assert len(ids) == len(data["postings"]) == 140
    for posting in data["postings"]:
        assert posting["title"] and posting["description"] and posting["municipality"]
    for query in data["queries"]:
        assert set(query["relevant"]) <= ids, query["id"]
        assert set(query["relevant"].values()) <= {1, 2}, query["id"]
    assert sum(1 for query in data["queries"] if not query["relevant"]) == 3


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize("backend", ["embedded", "elasticsearch"])
def test_a_small_set_runs_through_the_api(backend: str, request: pytest.FixtureRequest) -> None:
    es_url = request.getfixturevalue("es_url") if backend == "elasticsearch" else ""
    data = {**TINY, "postings": [{**POSTING, **p} for p in TINY["postings"]]}
    report = run(backend, es_url, data)
    by_query = {r.query: r for r in report.results}
    assert by_query["kokki turku"].ranked == ["a", "b"]
    assert by_query["rakennusala"].ranked == ["c"]
    assert by_query["qwxzv"].total == 0 and report.empty_queries_with_hits == 0
    assert report.judged == 2 and report.ndcg == pytest.approx(1.0)
    assert "| 1.000 | 1.000 | 0 |" in format_report(report, listing=True)

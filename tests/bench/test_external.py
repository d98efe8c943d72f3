"""The ESCO evaluation judges by titles, indexes descriptions only, and runs end to end."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.esco import Occupation, occupations
from bench.external import (
    MODES,
    build_documents,
    format_table,
    judge,
    precision_at,
    reciprocal_rank,
    run_evaluation,
    sample_indices,
)
from marketplace.config import Settings
from marketplace.container import load_encoder


def test_judgements_come_from_the_titles_as_whole_phrases() -> None:
    found = [
        Occupation("u0", "nurse nurse practitioner", "Nurses care for patients."),
        Occupation("u1", "head nurse charge NURSE", "Head nurses lead a ward."),
        Occupation("u2", "nursery worker", "Nursery workers grow plants."),
        # The description names the title, the titles do not: not relevant.
        Occupation("u3", "physician doctor", "Physicians work with a nurse."),
    ]
    [judged] = judge(found, [0])
    assert judged.query == "nurse"
    assert dict(judged.relevant) == {0: 2.0, 1: 1.0}


def test_documents_hold_the_description_and_never_the_titles() -> None:
    found = occupations()[:50]
    vectors = np.ones((len(found), 4), dtype=np.float32)
    docs = build_documents(found, vectors)
    assert [d.id for d in docs] == list(range(len(found)))
    for doc, occupation in zip(docs, found, strict=True):
        assert doc.fields == {"title": "", "body": occupation.description}
        assert doc.keywords == {"occupation": [str(doc.id)]}
        assert occupation.titles not in doc.fields["body"]


def test_sample_and_metrics() -> None:
    assert sample_indices(3022, 600) == list(range(0, 3000, 5))
    assert sample_indices(10, 40) == list(range(10))
    assert precision_at([7, 1, 9], {1: 2.0, 9: 1.0, 4: 1.0}) == pytest.approx(2 / 5)
    assert reciprocal_rank([7, 1, 9], 9) == pytest.approx(1 / 3)
    assert reciprocal_rank([7, 1, 9], 4) == 0.0


@pytest.mark.slow
@pytest.mark.model
def test_small_evaluation_on_the_embedded_backend(settings: Settings, tmp_path: Path) -> None:
    report = run_evaluation(
        "embedded",
        queries=40,
        limit_documents=300,
        encoder=load_encoder(settings),
        directory=tmp_path,
        log=lambda _: None,
    )
    assert (report.documents, report.queries) == (300, 40)
    assert set(report.scores) == set(MODES)
    for mode, s in report.scores.items():
        assert s.queries == 40, mode
        for value in (s.ndcg, s.precision, s.mrr):
            assert 0.0 <= value <= 1.0, (mode, s)
        assert s.mean_hits <= 10, (mode, s)
    # No similarity floor in the plain modes: the vector side always fills the page.
    assert report.scores["vector"].mean_hits == 10
    assert report.scores["vector"].mrr > 0 and report.scores["bm25"].mrr > 0
    by_mode = report.scores
    assert by_mode["hybrid"].ndcg >= min(by_mode["bm25"].ndcg, by_mode["vector"].ndcg)
    assert "| hybrid + structured |" in format_table(report)
    assert list(tmp_path.iterdir()) == []  # the temporary index is gone

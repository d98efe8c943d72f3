"""The compound-head bench runs end to end at a small size, so it cannot rot unnoticed."""

from __future__ import annotations

from pathlib import Path

import pytest

import search.text
from bench.compounds import QUERIES, run
from bench.relevance import DemoSize


@pytest.mark.slow
@pytest.mark.model
def test_head_words_find_more_of_their_compounds_with_the_heads_indexed(tmp_path: Path) -> None:
    sizes = DemoSize(60, 80, 2022)
    kept = search.text.parts
    without = run("embedded", heads=False, sizes=sizes, directory=tmp_path)
    assert search.text.parts is kept  # the comparison leaves the service's analysis as it was
    with_heads = run("embedded", sizes=sizes, directory=tmp_path)

    assert [(r.kind, r.head, r.relevant) for r in without] == [
        (r.kind, r.head, r.relevant) for r in with_heads
    ]
    assert len(with_heads) == 2 * len(QUERIES)
    relevant = sum(r.relevant for r in with_heads)
    assert relevant > 0
    assert sum(r.found for r in without) < sum(r.found for r in with_heads) == relevant
    assert list(tmp_path.iterdir()) == []

from __future__ import annotations

import math

import pytest

from matching.relevance import JudgedQuery, dcg, evaluate, ndcg_at_k, recall_at_k


def test_dcg_by_hand() -> None:
    # (2^3-1)/log2(2) + (2^0-1)/log2(3) + (2^1-1)/log2(4) = 7 + 0 + 0.5
    assert dcg([3, 0, 1]) == pytest.approx(7.5)


def test_ndcg_by_hand() -> None:
    relevant = {"a": 3, "b": 1, "c": 2}
    # Ranking a, x, b: DCG = 7 + 0 + 1/2 = 7.5.
    # Ideal a, c, b: 7 + 3/log2(3) + 1/2.
    ideal = 7 + 3 / math.log2(3) + 0.5
    assert ndcg_at_k(["a", "x", "b"], relevant, k=10) == pytest.approx(7.5 / ideal)
    assert ndcg_at_k(["a", "c", "b"], relevant) == pytest.approx(1.0)


def test_ndcg_cuts_at_k_on_both_sides() -> None:
    relevant = {"a": 1, "b": 1, "c": 1}
    # Top 2 is x, a: DCG = 1/log2(3); ideal top 2 is 1 + 1/log2(3).
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(["x", "a", "b"], relevant, k=2) == pytest.approx(expected)


def test_ndcg_edge_cases() -> None:
    assert ndcg_at_k(["a"], {}) == 0.0
    assert ndcg_at_k(["a"], {"a": 0}) == 0.0  # grade 0 means judged not relevant
    assert ndcg_at_k([], {"a": 2}) == 0.0
    # A duplicate id earns its gain once.
    assert ndcg_at_k(["a", "a"], {"a": 1, "b": 1}) == pytest.approx(1 / (1 + 1 / math.log2(3)))


def test_recall_by_hand() -> None:
    relevant = {1: 1, 2: 2, 3: 1, 4: 0}
    assert recall_at_k([1, 9, 3, 2], relevant, k=3) == pytest.approx(2 / 3)
    assert recall_at_k([4, 9], relevant, k=10) == 0.0
    assert recall_at_k([1], {}, k=10) == 0.0


def test_evaluate_averages_over_judged_queries() -> None:
    runs = {"q1": ["a", "b"], "q2": ["x", "c"], "q3": ["a"]}
    queries = [
        JudgedQuery("q1", "q1", {"a": 1}),
        JudgedQuery("q2", "q2", {"c": 1, "d": 1}),
        JudgedQuery("q3", "q3", {"a": 0}),  # nothing relevant: not counted
    ]
    result = evaluate(queries, lambda q: runs[q], ks=(1, 10))
    assert result["queries"] == 2
    assert result["recall@1"] == pytest.approx((1 + 0) / 2)
    assert result["recall@10"] == pytest.approx((1 + 0.5) / 2)
    q2_ndcg = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert result["ndcg@10"] == pytest.approx((1 + q2_ndcg) / 2)
    assert result["ndcg@1"] == pytest.approx(0.5)


def test_evaluate_without_queries() -> None:
    assert evaluate([], lambda q: []) == {"ndcg@10": 0.0, "recall@10": 0.0, "queries": 0.0}

"""Ranking quality metrics for judged queries: nDCG@k and recall@k."""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)


def dcg(grades: Sequence[float]) -> float:
    """Discounted cumulative gain with exponential gain: sum of (2^g - 1) / log2(rank + 1)."""
    return sum((2.0**g - 1.0) / math.log2(rank + 1) for rank, g in enumerate(grades, start=1))


def ndcg_at_k(ranked_ids: Sequence[K], relevant: Mapping[K, float], k: int = 10) -> float:
    """nDCG of the top k against graded judgements (grade > 0 is relevant); 0.0 if none."""
    ideal = dcg(sorted((g for g in relevant.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    seen: set[K] = set()
    grades = []
    for doc_id in ranked_ids[:k]:
        # A duplicate in the ranking must not earn its gain twice.
        grades.append(0.0 if doc_id in seen else max(0.0, relevant.get(doc_id, 0.0)))
        seen.add(doc_id)
    return dcg(grades) / ideal


def recall_at_k(ranked_ids: Sequence[K], relevant: Mapping[K, float], k: int = 10) -> float:
    """Share of the relevant ids (grade > 0) found in the top k; 0.0 if nothing is relevant."""
    wanted = {doc_id for doc_id, g in relevant.items() if g > 0}
    if not wanted:
        return 0.0
    return len(wanted.intersection(ranked_ids[:k])) / len(wanted)


@dataclass(frozen=True)
class JudgedQuery:
    """A query with its relevance judgements (id -> grade, higher is more relevant)."""

    id: str
    query: Any
    relevant: Mapping[Hashable, float]


def evaluate(
    queries: Sequence[JudgedQuery],
    run_fn: Callable[[Any], Sequence[Hashable]],
    ks: Sequence[int] = (10,),
) -> dict[str, float]:
    """Mean nDCG@k and recall@k over queries that have a relevant id, plus how many counted."""
    sums = {f"{name}@{k}": 0.0 for k in ks for name in ("ndcg", "recall")}
    judged = [q for q in queries if any(g > 0 for g in q.relevant.values())]
    for q in judged:
        ranked = list(run_fn(q.query))
        for k in ks:
            sums[f"ndcg@{k}"] += ndcg_at_k(ranked, q.relevant, k)
            sums[f"recall@{k}"] += recall_at_k(ranked, q.relevant, k)
    n = len(judged)
    result = {name: (total / n if n else 0.0) for name, total in sums.items()}
    result["queries"] = float(n)
    return result

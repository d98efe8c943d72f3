"""Relevance of BM25, vector and hybrid ranking on the labelled queries (`bench.relevance`)."""

from __future__ import annotations

from bench.context import Context
from bench.relevance import run_evaluation
from bench.results import Figure, ScenarioResult


def run(ctx: Context, result: ScenarioResult) -> None:
    """nDCG@10 and recall@10 per index and mode on a fresh demo index of this backend."""
    ctx.require_backend()
    report = run_evaluation(
        ctx.backend, es_url=ctx.elasticsearch_url, directory=ctx.scratch, log=ctx.log
    )
    result.details["report"] = report.as_dict()
    for kind, by_mode in report.scores.items():
        for mode, scores in by_mode.items():
            note = f"{scores.queries} labelled queries; demo data {report.profiles} profiles"
            result.add(
                Figure(f"{kind} {mode} nDCG@10", scores.ndcg, "", better="higher", note=note)
            )
            result.add(
                Figure(f"{kind} {mode} recall@10", scores.recall, "", better="higher", note=note)
            )
        if not report.hybrid_wins(kind):
            result.notes.append(f"{kind}: hybrid does not beat both BM25 and vector on nDCG@10")

"""Search relevance on postings written as real ones are, through the service's own API.

    python -m bench.handwritten [--backend embedded|elasticsearch] [--es-url URL] [--list]
        [--set PATH] [--json PATH]

The demo sets are made and judged by the demo generator, so they cannot show what a title the
taxonomy does not know, a description that names its skills only in inflected forms, or a
query for a whole sector does. `bench/data/handwritten_postings.json` holds 140 postings
written for this evaluation as Finnish job boards show them (120 Finnish, 12 Swedish, 8
English; titles such as "Haavahoitaja (sairaanhoitaja)", "Test Automation Engineer",
"Kesätyöntekijä kauppaan"; no taxonomy codes) and 45 queries as jobseekers type them, each
judged against every posting (2: what the searcher wants, 1: acceptable, a close trade or the
right trade elsewhere), three with nothing to find. Its writer had not read the taxonomy or
the analysis it measures but worked from a brief that named kinds of titles and queries to
include; read its figures as a check, not as an unbiased sample.

Each posting is created through the vacancy service of a fresh app (temporary SQLite, the
backend asked for, the packaged model) with its municipality read from the name, and each
query goes to `GET /api/v1/vacancies` as a person's would. Printed: nDCG@10 and recall@10
over the queries with something to find, and the hits of the queries with nothing to find
(target 0). `--list` prints every query's ranking with its grades.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from bench.external import drop_indices
from marketplace.accounts import service as accounts
from marketplace.accounts.schemas import RegisterIn
from marketplace.app import create_app
from marketplace.config import Settings
from marketplace.employers.business_id import check_digit
from marketplace.migrate import migrate
from marketplace.taxonomy.places import places_named
from marketplace.vacancies import service as vacancies
from marketplace.vacancies.schemas import VacancyCreate
from matching.relevance import ndcg_at_k, recall_at_k

SET_FILE = Path(__file__).resolve().parent / "data" / "handwritten_postings.json"
RESULTS = Path(__file__).resolve().parent / "results"
K = 10
PAGE = 20


@dataclass
class QueryResult:
    """One query's ranking (posting ids, best first) and its figures."""

    query: str
    ranked: list[str]
    total: int
    relevant: dict[str, float]
    ndcg: float | None = None
    recall: float | None = None


@dataclass
class Report:
    backend: str
    postings: int
    ndcg: float
    recall: float
    judged: int
    empty_queries_with_hits: int
    results: list[QueryResult] = field(default_factory=list)


def _business_id() -> str:
    base = 1_234_560
    while (digit := check_digit(f"{base:07d}")) is None:
        base += 1
    return f"{base:07d}-{digit}"


@contextmanager
def service(backend: str, es_url: str, directory: Path) -> Iterator[TestClient]:
    """A fresh app on a temporary database and its own indices, closed afterwards."""
    url = f"sqlite:///{directory / 'handwritten.db'}"
    migrate(url)
    settings = Settings(
        environment="test",
        secret_key="handwritten-bench-secret-key",
        var_dir=directory,
        database_url=url,
        search_backend=backend,  # type: ignore[arg-type]
        elasticsearch_url=es_url,
        # A prefix of its own, so a running service's indices are never touched.
        elasticsearch_prefix=f"handwritten-eval-{os.getpid()}",
    )
    app = create_app(settings)
    with TestClient(app) as client:
        try:
            yield client
        finally:
            drop_indices(app.state.search)


def load(client: TestClient, postings: list[dict[str, Any]]) -> dict[int, str]:
    """Create and publish the postings; vacancy id -> the set's posting id."""
    factory = client.app.state.session_factory  # type: ignore[attr-defined]
    ids: dict[int, str] = {}
    with factory() as db:
        owner = accounts.register(
            db,
            RegisterIn(
                email="rekry@example.fi",
                password="Bench-password-2026",
                role="employer",
                full_name="Rekry Rekrytoija",
                organization_name="Työnantaja Oy",
                business_id=_business_id(),
            ),
        )
        db.commit()
        for posting in postings:
            places = places_named(posting["municipality"])
            data = {
                "title": posting["title"],
                "description": posting["description"],
                "employment_type": posting["employment_type"],
                "working_time": posting["working_time"],
                "remote": posting.get("remote", "onsite"),
                "municipality_code": places[0] if places else None,
                "deadline": date.today() + timedelta(days=30),
                "publish": True,
            }
            vacancy = vacancies.create(db, owner, VacancyCreate.model_validate(data))
            db.commit()
            ids[vacancy.id] = posting["id"]
    return ids


def run(backend: str, es_url: str, data: dict[str, Any]) -> Report:
    """Load the set into a fresh service and run every query."""
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="handwritten-") as tmp,
        service(backend, es_url, Path(tmp)) as client,
    ):
        ids = load(client, data["postings"])
        for query in data["queries"]:
            answer = client.get(
                "/api/v1/vacancies", params={"q": query["text"], "per_page": PAGE}
            ).json()
            ranked = [ids[item["id"]] for item in answer["items"]]
            result = QueryResult(query["text"], ranked, answer["total"], query["relevant"])
            if result.relevant:
                result.ndcg = ndcg_at_k(ranked, result.relevant, K)
                result.recall = recall_at_k(ranked, result.relevant, K)
            results.append(result)
    judged = [r for r in results if r.relevant]
    return Report(
        backend=backend,
        postings=len(data["postings"]),
        ndcg=sum(r.ndcg or 0.0 for r in judged) / len(judged),
        recall=sum(r.recall or 0.0 for r in judged) / len(judged),
        judged=len(judged),
        empty_queries_with_hits=sum(1 for r in results if not r.relevant and r.total),
        results=results,
    )


def format_report(report: Report, listing: bool) -> str:
    lines = []
    if listing:
        for r in report.results:
            figures = "nothing to find" if r.ndcg is None else f"nDCG@10 {r.ndcg:.3f}"
            lines.append(f"{r.query!r}: {figures}, total {r.total}")
            shown = [f"{p}{'*' + str(r.relevant[p]) if p in r.relevant else ''}" for p in r.ranked]
            lines.append("  " + " ".join(shown[:K]))
            missed = [p for p in r.relevant if p not in r.ranked[:K]]
            if missed:
                lines.append("  not in the top 10: " + " ".join(missed))
    lines += [
        f"Written postings on the {report.backend} backend ({report.postings} postings, "
        f"{report.judged} judged queries)",
        "",
        "| nDCG@10 | recall@10 | queries with nothing to find that found something |",
        "|---:|---:|---:|",
        f"| {report.ndcg:.3f} | {report.recall:.3f} | {report.empty_queries_with_hits} |",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--backend", choices=("embedded", "elasticsearch"), default="embedded")
    parser.add_argument("--es-url", default="http://127.0.0.1:9200")
    parser.add_argument("--list", action="store_true", help="print every query's ranking")
    parser.add_argument(
        "--set", type=Path, default=SET_FILE, help="another set of postings in the same format"
    )
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    data = json.loads(args.set.read_text(encoding="utf-8"))
    report = run(args.backend, args.es_url, data)
    print(format_report(report, args.list))
    name = "handwritten" if args.set == SET_FILE else args.set.stem
    path = args.json or RESULTS / f"{name}-{args.backend}.json"
    path.write_text(json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n")
    assert not math.isnan(report.ndcg)


if __name__ == "__main__":
    main()

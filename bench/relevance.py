"""Relevance of search: nDCG@10 and recall@10 of BM25-only, vector-only and hybrid ranking.

`python -m bench.relevance [--backend embedded|elasticsearch] [--json out.json]` builds a fresh
demo database in a temporary folder the way `marketplace seed --demo` does (migrations, the
demo generator through the services, a full reindex), runs the labelled queries of
`bench.labelled_queries` against the vacancy and the profile index in every mode, and prints a
table. Hybrid must beat both single methods; the figures go into BENCHMARKS.md.
`--without-letters` types every query without ä, ö and å ("lahihoitaja"), as on a keyboard
without them; `--typos` makes one typing error in each query's longest word ("sairaanhoitja";
`typed_with_error`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bench.external import drop_indices
from bench.labelled_queries import QUERIES, GroundTruth, QuerySpec, judged_queries
from marketplace.config import Settings
from marketplace.container import build_container
from marketplace.db import session_scope
from marketplace.demo.generator import generate_demo
from marketplace.indexing.queries import read_typed, typed_request
from marketplace.migrate import migrate
from marketplace.profiles.models import Profile, WorkExperience
from marketplace.taxonomy.vocab import Visibility
from marketplace.vacancies.models import Vacancy
from matching.calibration import floors_for
from matching.embeddings import Encoder
from matching.relevance import JudgedQuery, evaluate
from search.base import INDEX_KINDS, IndexKind, SearchBackend, SearchMode, SearchRequest

MODES: tuple[SearchMode, ...] = ("bm25", "vector", "hybrid")
# Hybrid without the structured stage (no preferences), to show what fusion alone gives.
RRF_ONLY = "hybrid, RRF only"
K = 10
DEFAULT_ES_URL = "http://127.0.0.1:9200"
SEARCHABLE = [Visibility.PUBLIC.value, Visibility.ANONYMOUS.value]


@dataclass
class ModeScores:
    """Mean metrics of one mode over the judged queries of one index."""

    ndcg: float
    recall: float
    queries: int


@dataclass
class RelevanceReport:
    """Scores per index and mode, with what was measured and how long it took."""

    backend: str
    vacancies: int
    profiles: int
    seed: int
    text_only: bool = False
    # How the queries were typed (`TYPINGS`).
    typing: Typing = "as written"
    scores: dict[str, dict[str, ModeScores]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def hybrid_wins(self, kind: str) -> bool:
        """Whether hybrid beats both single methods on nDCG@10 for an index."""
        by_mode = self.scores[kind]
        return all(by_mode["hybrid"].ndcg > by_mode[m].ndcg for m in ("bm25", "vector"))

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hybrid_wins"] = {kind: self.hybrid_wins(kind) for kind in self.scores}
        return data


@dataclass
class DemoIndex:
    """A demo database with its search indices and the ground truth of what is searchable."""

    backend: SearchBackend
    encoder: Encoder
    truth: GroundTruth
    close: Callable[[], None]
    # The codes the records held before `strip_codes` took them out (None when it did not).
    recorded: RecordedCodes | None = None


def demo_settings(directory: Path, backend: str, es_url: str | None) -> Settings:
    """Settings of a throw-away demo database and index under `directory`."""
    return Settings(
        environment="development",
        var_dir=directory,
        search_backend=backend,  # type: ignore[arg-type]
        elasticsearch_url=es_url or os.environ.get("MARKETPLACE_ELASTICSEARCH_URL", DEFAULT_ES_URL),
        # A prefix of its own, so a running service's indices are never touched.
        elasticsearch_prefix=f"relevance-{os.getpid()}",
    )


def build_demo_index(
    directory: Path,
    backend: str = "embedded",
    *,
    vacancies: int = 240,
    profiles: int = 360,
    seed: int = 2022,
    text_only: bool = False,
    es_url: str | None = None,
    log: Callable[[str], None] = print,
) -> DemoIndex:
    """Migrate a fresh database, generate the demo data and index it, as `seed --demo` does;
    `text_only` then takes every taxonomy code out of the records (`strip_codes`)."""
    settings = demo_settings(directory, backend, es_url)
    migrate(settings.database_url)
    container = build_container(settings)
    factory = container.session_factory
    recorded = None
    with session_scope(factory) as session:
        summary = generate_demo(session, seed=seed, vacancies=vacancies, profiles=profiles)
        if text_only:
            recorded = strip_codes(session)
    log(f"demo data: {summary}{' (text only)' if text_only else ''}")
    indexer = container.indexer
    for kind in INDEX_KINDS:
        started = time.perf_counter()
        count = indexer.reindex(kind)
        log(f"indexed {count} {kind} in {time.perf_counter() - started:.1f} s")
    indexer.drain()
    search: SearchBackend = container.search
    today = date.today()
    with factory() as session:
        listed = {
            v.id
            for v in session.scalars(select(Vacancy))
            if v.is_listed(today) and v.id in summary.vacancy_occupation
        }
        searchable = {p.id for p in session.scalars(select(Profile)) if p.visibility in SEARCHABLE}
    truth = GroundTruth(
        occupation={
            "vacancies": {i: o for i, o in summary.vacancy_occupation.items() if i in listed},
            "profiles": {i: o for i, o in summary.profile_occupation.items() if i in searchable},
        },
        municipality={
            "vacancies": summary.vacancy_municipality,
            "profiles": summary.profile_municipality,
        },
    )

    def close() -> None:
        if backend == "elasticsearch":
            drop_indices(search)
        search.close()
        container.engine.dispose()

    return DemoIndex(search, indexer.encoder(), truth, close, recorded)


def profile_occupations(profile: Profile) -> set[str]:
    """The occupations a profile wishes for or has worked in."""
    worked = {w.occupation_code for w in profile.work if w.occupation_code}
    return set(profile.wish_occupations) | worked


@dataclass(frozen=True)
class RecordedCodes:
    """The codes of every record as generated, kept to judge relatedness once they are gone."""

    # vacancy id -> (occupation, required skills)
    vacancies: dict[int, tuple[str | None, frozenset[str]]]
    # profile id -> (occupations wished or worked in, skills)
    profiles: dict[int, tuple[frozenset[str], frozenset[str]]]


def record_codes(session: Session) -> RecordedCodes:
    """The codes every record holds now."""
    return RecordedCodes(
        vacancies={
            v.id: (v.occupation_code, frozenset(v.required_skills))
            for v in session.scalars(select(Vacancy))
        },
        profiles={
            p.id: (frozenset(profile_occupations(p)), frozenset(p.skill_codes))
            for p in session.scalars(select(Profile))
        },
    )


def strip_codes(session: Session) -> RecordedCodes:
    """Leave the records only what they say in words, like postings and CVs imported from
    elsewhere: no occupation or skill codes on vacancies, profiles or work history. Free-text
    keywords and every other field stay. Returns the codes they held."""
    recorded = record_codes(session)
    session.execute(
        update(Vacancy).values(occupation_code=None, required_skills=[], desired_skills=[])
    )
    session.execute(update(Profile).values(wish_occupations=[], skill_codes=[]))
    session.execute(update(WorkExperience).values(occupation_code=None))
    return recorded


def request_for(kind: IndexKind, text: str, mode: SearchMode) -> SearchRequest:
    """The request the service's own search makes for a typed query before `typed_request`
    adds what the query names and its vector, without paging extras."""
    terms: dict[str, list[str]] = {}
    ranges: dict[str, tuple[Any, Any]] = {}
    if kind == "profiles":
        terms["visibility"] = list(SEARCHABLE)
    else:
        ranges["deadline"] = (date.today(), None)
    return SearchRequest(
        text=text,
        terms=terms,
        date_ranges=ranges,
        mode=mode,
        limit=K,
        highlight=False,
    )


WITHOUT_LETTERS = str.maketrans("äöåÄÖÅ", "aoaAOA")
# The key right of each letter on a Finnish keyboard, for a typing error that hits it instead.
_ROWS = ("qwertyuiopå", "asdfghjklöä", "zxcvbnm")
_NEXT_KEY = {row[i]: row[i + 1] for row in _ROWS for i in range(len(row) - 1)}
# Words shorter than this stay as written (`typed_with_error`).
MIN_ERROR_LENGTH = 5

Typing = Literal["as written", "without ä, ö, å", "with one typing error"]


def typed_with_error(text: str) -> str:
    """The text with one typing error in the middle of its longest word (the first of equal
    length), when it has at least `MIN_ERROR_LENGTH` letters: a letter left out, two swapped,
    one doubled or the key beside it hit, by turns after a checksum of the text, so that every
    run types the same errors (the next kind when two equal letters would swap)."""
    words = text.split(" ")
    at = max(range(len(words)), key=lambda i: (len(words[i]), -i))
    word = words[at]
    if len(word) < MIN_ERROR_LENGTH:
        return text
    mid = len(word) // 2
    kind = zlib.crc32(text.encode()) % 4
    if kind == 1 and word[mid - 1] == word[mid]:
        kind = 2
    if kind == 0:
        typo = word[:mid] + word[mid + 1 :]
    elif kind == 1:
        typo = word[: mid - 1] + word[mid] + word[mid - 1] + word[mid + 1 :]
    elif kind == 2:
        typo = word[: mid + 1] + word[mid:]
    else:
        typo = word[:mid] + _NEXT_KEY.get(word[mid].lower(), word[mid]) + word[mid + 1 :]
    return " ".join([*words[:at], typo, *words[at + 1 :]])


def typed_as(text: str, typing: Typing) -> str:
    """A query as a person typing it so would."""
    if typing == "without ä, ö, å":
        return text.translate(WITHOUT_LETTERS)
    if typing == "with one typing error":
        return typed_with_error(text)
    return text


def evaluate_index(
    demo: DemoIndex,
    kind: IndexKind,
    specs: Sequence[QuerySpec] = QUERIES,
    *,
    typing: Typing = "as written",
) -> dict[str, ModeScores]:
    """Mean nDCG@10 and recall@10 per mode over the judged queries of one index (typed without
    as `typing` says), each read as the service reads it (`read_typed`)."""
    judged: list[JudgedQuery] = judged_queries(kind, demo.truth, specs)
    # Every mode gets the same prepared query: one enrichment and one vector per query.
    floor = floors_for(demo.encoder.model_id).query
    prepared: dict[str, SearchRequest] = {}
    for q in judged:
        text = typed_as(q.query.text, typing)
        base = request_for(kind, text, "hybrid")
        typed = typed_request(
            base,
            read_typed(demo.backend, kind, base, text),
            demo.encoder,
            floor,
            common=partial(demo.backend.common_words, kind),
        )
        if typed is not None:
            prepared[q.id] = typed

    def ranked(spec: QuerySpec, mode: SearchMode) -> list[int]:
        if spec.id not in prepared:
            return []
        req = replace(prepared[spec.id], mode=mode)
        return [hit.id for hit in demo.backend.search(kind, req).hits]

    def ranked_rrf_only(spec: QuerySpec) -> list[int]:
        if spec.id not in prepared:
            return []
        req = replace(prepared[spec.id], mode="hybrid", prefer={})
        return [hit.id for hit in demo.backend.search(kind, req).hits]

    runs: dict[str, Callable[[QuerySpec], list[int]]] = {
        mode: partial(ranked, mode=mode) for mode in MODES
    }
    runs[RRF_ONLY] = ranked_rrf_only
    scores: dict[str, ModeScores] = {}
    for mode, run in runs.items():
        result = evaluate(judged, run, ks=(K,))
        scores[mode] = ModeScores(
            ndcg=round(result[f"ndcg@{K}"], 4),
            recall=round(result[f"recall@{K}"], 4),
            queries=int(result["queries"]),
        )
    return scores


def run_evaluation(
    backend: str = "embedded",
    *,
    vacancies: int = 240,
    profiles: int = 360,
    seed: int = 2022,
    text_only: bool = False,
    typing: Typing = "as written",
    es_url: str | None = None,
    directory: Path | None = None,
    log: Callable[[str], None] = print,
) -> RelevanceReport:
    """Build the demo index in a temporary folder and evaluate every index and mode."""
    report = RelevanceReport(backend, vacancies, profiles, seed, text_only, typing)
    sizes = DemoSize(vacancies, profiles, seed, text_only)
    with temporary_demo(backend, sizes, es_url, directory, log, report.seconds) as (_, demo):
        started = time.perf_counter()
        for kind in INDEX_KINDS:
            report.scores[kind] = evaluate_index(demo, kind, typing=typing)
        report.seconds["evaluate"] = round(time.perf_counter() - started, 1)
    return report


def add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    """The command-line options of a bench that builds the demo data."""
    parser.add_argument("--vacancies", type=int, default=240)
    parser.add_argument("--profiles", type=int, default=360)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument(
        "--text-only",
        action="store_true",
        help="take every occupation and skill code out of the demo records before indexing",
    )
    parser.add_argument("--es-url", help="Elasticsearch URL (default: the service's setting)")


def demo_arguments(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments of `run_evaluation`-like functions from those options."""
    return {
        "vacancies": args.vacancies,
        "profiles": args.profiles,
        "seed": args.seed,
        "text_only": args.text_only,
        "es_url": args.es_url,
        "log": lambda message: print(message, file=sys.stderr),
    }


@dataclass(frozen=True)
class DemoSize:
    """How much demo data to generate, and from which seed."""

    vacancies: int = 240
    profiles: int = 360
    seed: int = 2022
    # Records without taxonomy codes (`strip_codes`); relatedness is then judged on the codes
    # they held before.
    text_only: bool = False


@contextmanager
def temporary_demo(
    backend: str,
    sizes: DemoSize,
    es_url: str | None,
    directory: Path | None,
    log: Callable[[str], None],
    seconds: dict[str, float],
) -> Iterator[tuple[Path, DemoIndex]]:
    """A demo database and index in a temporary folder (its build time in `seconds`),
    closed afterwards."""
    with tempfile.TemporaryDirectory(prefix="demo-", dir=directory) as tmp:
        started = time.perf_counter()
        demo = build_demo_index(
            Path(tmp),
            backend,
            vacancies=sizes.vacancies,
            profiles=sizes.profiles,
            seed=sizes.seed,
            text_only=sizes.text_only,
            es_url=es_url,
            log=log,
        )
        seconds["build"] = round(time.perf_counter() - started, 1)
        try:
            yield Path(tmp), demo
        finally:
            demo.close()


def format_table(report: RelevanceReport) -> str:
    """The figures as a Markdown table."""
    lines = [
        f"Relevance on the {report.backend} backend (demo data: {report.vacancies} vacancies, "
        f"{report.profiles} profiles, seed {report.seed}"
        f"{', text only' if report.text_only else ''}"
        f"{'' if report.typing == 'as written' else ', queries typed ' + report.typing})",
        "",
        "| index | queries | mode | nDCG@10 | recall@10 |",
        "|---|---:|---|---:|---:|",
    ]
    for kind, by_mode in report.scores.items():
        for mode, s in by_mode.items():
            lines.append(f"| {kind} | {s.queries} | {mode} | {s.ndcg:.3f} | {s.recall:.3f} |")
    for kind in report.scores:
        verdict = "beats" if report.hybrid_wins(kind) else "does NOT beat"
        lines.append(f"\n{kind}: hybrid {verdict} both BM25 and vector on nDCG@10")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.relevance", description=__doc__)
    parser.add_argument("--backend", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    typing = parser.add_mutually_exclusive_group()
    typing.add_argument(
        "--without-letters",
        action="store_const",
        dest="typing",
        const="without ä, ö, å",
        help="type every query without ä, ö and å",
    )
    typing.add_argument(
        "--typos",
        action="store_const",
        dest="typing",
        const="with one typing error",
        help="make one typing error in every query's longest word",
    )
    add_demo_arguments(parser)
    args = parser.parse_args(argv)
    report = run_evaluation(
        args.backend, typing=args.typing or "as written", **demo_arguments(args)
    )
    print(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0 if all(report.hybrid_wins(kind) for kind in report.scores) else 1


if __name__ == "__main__":
    sys.exit(main())

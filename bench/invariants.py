"""Invariants of search and matching over the whole demo corpus, graded without its labels.

`python -m bench.invariants --backend embedded|elasticsearch [--json PATH]` builds a fresh demo
database and index in a temporary folder (as `bench.relevance` does) and checks, on the service's
own code paths:

1. nonsense queries (seeded random letters, punctuation only, stop words only) find nothing in
   the vacancy index or the profile index;
2. the good-fit candidates of every published vacancy share its occupation group (ISCO minor
   group) or one of its required skills;
3. the good-fit recommendations of every searchable profile share one of its occupation groups
   (wished or worked) or it has one of their required skills;
4. a common word added to a typed query naming an occupation brings in no unrelated hits (the
   related share of the hits stays within 0.02 of the label's alone): every occupation the
   corpus holds is searched
   by its Finnish label, alone and followed by each of the corpus's most common words that
   name no concept or place (read from the records, not chosen), on both indices.

Relatedness in 2 and 3 is read from the records themselves, never from a match's explanation,
so the scorer cannot grade its own work; nor does anything use the demo generator's labels.
With `--text-only` every code is taken out of the records before indexing, and relatedness is
read from the codes they held before (`bench.relevance.strip_codes`).
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench.relevance import (
    DemoSize,
    RecordedCodes,
    add_demo_arguments,
    demo_arguments,
    demo_settings,
    profile_occupations,
    record_codes,
    request_for,
    temporary_demo,
)
from marketplace.container import Services, build_container
from marketplace.indexing.queries import read_query, run_search, service_request
from marketplace.matches.service import rank_candidates, rank_vacancies
from marketplace.profiles.models import Profile
from marketplace.taxonomy.query import analyse
from marketplace.taxonomy.service import Taxonomy, get_taxonomy, minor_group
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.vacancies.models import Vacancy, VacancyStatus
from matching.scoring import Match, is_good_fit
from search.base import INDEX_KINDS, IndexKind
from search.text import query_tokens

DEFAULT_OUT = Path(__file__).resolve().parent / "results"
SHARE_TARGET = 0.95
RANDOM_QUERIES = 50
NONSENSE_SEED = 2024
PUNCTUATION_QUERIES = ("%%%", "!!! ???", "--", "...")
STOP_WORD_QUERIES = ("ja tai", "ja", "että kun", "tai mutta")
WORST = 5  # offenders listed per invariant
# The corpus's most common words naming nothing, each added to every occupation's label.
COMMON_WORDS = 3
# How much lower the related share of the hits may be with a common word than without.
WORDED_TOLERANCE = 0.02

T = TypeVar("T")


def random_queries(count: int = RANDOM_QUERIES, seed: int = NONSENSE_SEED) -> list[str]:
    """Seeded strings of one or two random words of 4-12 lowercase letters."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 12)))

    return [" ".join(word() for _ in range(rng.randint(1, 2))) for _ in range(count)]


def nonsense_queries(count: int = RANDOM_QUERIES, seed: int = NONSENSE_SEED) -> list[str]:
    """Every query that must find nothing: random letters, punctuation, stop words."""
    return [*random_queries(count, seed), *PUNCTUATION_QUERIES, *STOP_WORD_QUERIES]


Related = Callable[[Vacancy, Profile], bool]


def codes_related(
    vacancy: tuple[str | None, frozenset[str]], profile: tuple[frozenset[str], frozenset[str]]
) -> bool:
    """Whether a vacancy's (occupation, required skills) and a profile's (occupations, skills)
    share an occupation group or a required skill."""
    occupation, required = vacancy
    occupations, skills = profile
    if occupation and minor_group(occupation) in {minor_group(code) for code in occupations}:
        return True
    return not required.isdisjoint(skills)


def related(vacancy: Vacancy, profile: Profile) -> bool:
    """Whether the pair shares an occupation group or the profile has a required skill."""
    return codes_related(
        (vacancy.occupation_code, frozenset(vacancy.required_skills)),
        (frozenset(profile_occupations(profile)), frozenset(profile.skill_codes)),
    )


def related_as_recorded(recorded: RecordedCodes) -> Related:
    """For records whose codes were taken out (`--text-only`): `related` on the codes they held
    before."""

    def related(vacancy: Vacancy, profile: Profile) -> bool:
        return codes_related(recorded.vacancies[vacancy.id], recorded.profiles[profile.id])

    return related


@dataclass
class NonsenseHit:
    """A nonsense query that found something, with what the analysis read into it."""

    query: str
    kind: str
    hits: int
    concepts: list[str]
    words: list[str]
    # (document id, cosine of its vector to the query's) of the first hits: a cosine just
    # above the floor tells a vector match, None that only the full text found it.
    top: list[tuple[int, float | None]] = field(default_factory=list)


@dataclass
class NonsenseReport:
    """How many nonsense queries were run per index and which ones found anything."""

    queries: int
    floor: float
    offenders: list[NonsenseHit] = field(default_factory=list)

    @property
    def with_hits(self) -> int:
        """How many queries found anything in either index."""
        return len({o.query for o in self.offenders})

    @property
    def passed(self) -> bool:
        """No nonsense query found anything."""
        return not self.offenders


@dataclass
class Offender:
    """An entity with good fits that share neither an occupation group nor a required skill."""

    id: int
    title: str
    occupations: list[str]
    required_skills: list[str]
    good_fits: int
    unrelated: list[dict[str, Any]]

    @property
    def share(self) -> float:
        """Share of this entity's good fits that are related."""
        return 1.0 - len(self.unrelated) / self.good_fits if self.good_fits else 1.0


@dataclass
class MatchReport:
    """Good fits of one direction of matching and how many of them are related."""

    direction: str
    entities: int = 0
    good_fits: int = 0
    related_fits: int = 0
    without_fits: int = 0
    meaning_only: int = 0
    # Mean of the per-entity shares over entities with at least one good fit.
    mean_share: float = 1.0
    below_target: int = 0
    worst: list[Offender] = field(default_factory=list)

    @property
    def share(self) -> float:
        """Share of all good fits that are related (1.0 when there are none)."""
        return self.related_fits / self.good_fits if self.good_fits else 1.0

    @property
    def mean_good_fits(self) -> float:
        """Mean number of good fits per entity."""
        return self.good_fits / self.entities if self.entities else 0.0

    @property
    def zero_share(self) -> float:
        """Share of entities without a single good fit."""
        return self.without_fits / self.entities if self.entities else 0.0

    @property
    def passed(self) -> bool:
        """Whether the share of related good fits reaches the target."""
        return self.share >= SHARE_TARGET


@dataclass
class WordedReport:
    """Typed queries naming an occupation: how many hits they found and how many of those
    share the occupation's group, for the label alone ("bare") and with a common word."""

    common_words: list[str]
    occupations: int = 0
    bare_hits: int = 0
    bare_related: int = 0
    worded_hits: int = 0
    worded_related: int = 0
    # (query, index, unrelated hits) of the worded queries with the most unrelated hits.
    worst: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def bare_share(self) -> float:
        return self.bare_related / self.bare_hits if self.bare_hits else 1.0

    @property
    def worded_share(self) -> float:
        return self.worded_related / self.worded_hits if self.worded_hits else 1.0

    @property
    def passed(self) -> bool:
        """A common word added to the label brings in no more unrelated hits, in share, than
        the label alone finds. (The label alone is not held to `SHARE_TARGET`: "related" is
        the very occupation group, and "Elektroniikka-asentaja" rightly finds other fitters.)"""
        return self.worded_share >= self.bare_share - WORDED_TOLERANCE


@dataclass
class InvariantReport:
    """Every invariant's figures for one backend, with the time each part took."""

    backend: str
    vacancies: int
    profiles: int
    seed: int
    text_only: bool = False
    nonsense: NonsenseReport | None = None
    matching: dict[str, MatchReport] = field(default_factory=dict)
    worded: WordedReport | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Every invariant holds."""
        nonsense_ok = self.nonsense is None or self.nonsense.passed
        worded_ok = self.worded is None or self.worded.passed
        return nonsense_ok and worded_ok and all(m.passed for m in self.matching.values())

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.nonsense is not None:
            data["nonsense"].update(with_hits=self.nonsense.with_hits, passed=self.nonsense.passed)
        if self.worded is not None:
            data["worded"].update(
                bare_share=round(self.worded.bare_share, 4),
                worded_share=round(self.worded.worded_share, 4),
                passed=self.worded.passed,
            )
        for name, report in self.matching.items():
            data["matching"][name].update(
                share=round(report.share, 4),
                mean_good_fits=round(report.mean_good_fits, 2),
                zero_share=round(report.zero_share, 4),
                passed=report.passed,
            )
            for offender, worst in zip(report.worst, data["matching"][name]["worst"], strict=True):
                worst["share"] = round(offender.share, 4)
        data["passed"] = self.passed
        return data


def check_nonsense(services: Services, queries: Sequence[str]) -> NonsenseReport:
    """Run every query through the service's typed-query path on both indices."""
    report = NonsenseReport(queries=len(queries), floor=services.floors.query)
    for kind in INDEX_KINDS:
        for text in queries:
            plain = request_for(kind, text, "hybrid")
            analysed = read_query(services, kind, plain, text)
            req = service_request(services, kind, plain, analysed)
            if req is None:  # nothing searchable: the service answers with no hits
                continue
            result = run_search(services, kind, req)
            if result.hits:
                report.offenders.append(
                    NonsenseHit(
                        query=text,
                        kind=kind,
                        hits=max(result.total, len(result.hits)),
                        concepts=[f"{c.kind}:{c.code}" for c in analysed.concepts],
                        words=list(analysed.words),
                        top=[
                            (hit.id, None if hit.similarity is None else round(hit.similarity, 3))
                            for hit in result.hits[:3]
                        ],
                    )
                )
    return report


def common_words(session: Session, count: int = COMMON_WORDS) -> list[str]:
    """The words most records hold (postings' titles and texts, profiles' headlines and
    summaries) that name no concept or place: what people add to a query without naming
    anything more."""
    held: Counter[str] = Counter()
    for title, description in session.execute(select(Vacancy.title, Vacancy.description)):
        held.update(set(query_tokens(f"{title} {description}")))
    for headline, summary in session.execute(select(Profile.headline, Profile.summary)):
        held.update(set(query_tokens(f"{headline} {summary}")))
    found: list[str] = []
    for word, _ in held.most_common():
        analysed = analyse(word)
        if word.isalpha() and not (analysed.concepts or analysed.places):
            found.append(word)
            if len(found) == count:
                break
    return found


def _occupation_groups(recorded: RecordedCodes, kind: IndexKind) -> dict[int, set[str]]:
    """Document id -> the occupation groups the record holds (held before, when stripped)."""
    if kind == "vacancies":
        return {i: {minor_group(o)} if o else set() for i, (o, _) in recorded.vacancies.items()}
    return {
        i: {minor_group(o) for o in occupations}
        for i, (occupations, _) in recorded.profiles.items()
    }


def check_worded(services: Services, recorded: RecordedCodes, words: Sequence[str]) -> WordedReport:
    """Every occupation the records hold, searched by its Finnish label alone and followed by
    each common word, on both indices; a hit is related when its record holds an occupation
    of the same group."""
    taxonomy = get_taxonomy()
    codes = {o for o, _ in recorded.vacancies.values() if o} | {
        o for occupations, _ in recorded.profiles.values() for o in occupations
    }
    report = WordedReport(common_words=list(words), occupations=len(codes))
    unrelated_per_query: list[tuple[str, str, int]] = []
    for kind in INDEX_KINDS:
        groups = _occupation_groups(recorded, kind)
        for code in sorted(codes):
            label = taxonomy.label(ConceptKind.OCCUPATION, code)
            for word in ("", *words):
                text = f"{label} {word}".strip()
                plain = request_for(kind, text, "hybrid")
                read = read_query(services, kind, plain, text)
                req = service_request(services, kind, plain, read)
                hits = run_search(services, kind, req).hits if req is not None else []
                related = sum(minor_group(code) in groups.get(hit.id, set()) for hit in hits)
                if word:
                    report.worded_hits += len(hits)
                    report.worded_related += related
                    unrelated_per_query.append((text, kind, len(hits) - related))
                else:
                    report.bare_hits += len(hits)
                    report.bare_related += related
    unrelated_per_query.sort(key=lambda entry: -entry[2])
    report.worst = [entry for entry in unrelated_per_query[:WORST] if entry[2]]
    return report


@dataclass
class _Tally(Generic[T]):
    """Running counts of one direction of matching."""

    report: MatchReport
    shares: list[float] = field(default_factory=list)
    offenders: list[Offender] = field(default_factory=list)

    def add(self, good: list[tuple[Match, T]], unrelated: list[tuple[Match, T]]) -> None:
        self.report.entities += 1
        self.report.good_fits += len(good)
        self.report.related_fits += len(good) - len(unrelated)
        self.report.without_fits += not good
        self.report.meaning_only += sum(
            1 for m, _ in good if m.explanation.evidence == ("meaning",)
        )
        if good:
            self.shares.append(1.0 - len(unrelated) / len(good))

    def finish(self) -> MatchReport:
        report = self.report
        report.mean_share = sum(self.shares) / len(self.shares) if self.shares else 1.0
        report.below_target = sum(1 for s in self.shares if s < SHARE_TARGET)
        # Most unrelated good fits first; a lower share breaks ties.
        ranked = sorted(self.offenders, key=lambda o: (-len(o.unrelated), o.share, o.id))
        report.worst = ranked[:WORST]
        return report


def _label(taxonomy: Taxonomy, kind: str, code: str) -> str:
    return f"{code} {taxonomy.label(kind, code)}"


def _labels(taxonomy: Taxonomy, kind: str, codes: Iterable[str]) -> list[str]:
    return [_label(taxonomy, kind, code) for code in sorted(codes)]


def _evidence(match: Match) -> list[str]:
    return list(match.explanation.evidence)


def check_candidates(
    services: Services, session: Session, today: date, is_related: Related = related
) -> MatchReport:
    """Good-fit candidates of every published vacancy and how many of them are related."""
    taxonomy = get_taxonomy()
    tally: _Tally[Profile] = _Tally(MatchReport("candidates for vacancies"))
    published = select(Vacancy).where(Vacancy.status == VacancyStatus.PUBLISHED.value)
    for vacancy in session.scalars(published.order_by(Vacancy.id)):
        good = [
            (m, p) for m, p in rank_candidates(services, session, vacancy, today) if is_good_fit(m)
        ]
        unrelated = [(m, p) for m, p in good if not is_related(vacancy, p)]
        tally.add(good, unrelated)
        if unrelated:
            tally.offenders.append(
                Offender(
                    id=vacancy.id,
                    title=vacancy.title,
                    occupations=_labels(
                        taxonomy, ConceptKind.OCCUPATION, filter(None, [vacancy.occupation_code])
                    ),
                    required_skills=_labels(taxonomy, ConceptKind.SKILL, vacancy.required_skills),
                    good_fits=len(good),
                    unrelated=[
                        {
                            "profile": p.id,
                            "headline": p.headline,
                            "occupations": _labels(
                                taxonomy, ConceptKind.OCCUPATION, profile_occupations(p)
                            ),
                            "evidence": _evidence(m),
                            "fit": m.explanation.fit,
                        }
                        for m, p in unrelated
                    ],
                )
            )
    return tally.finish()


def check_recommendations(
    services: Services, session: Session, today: date, is_related: Related = related
) -> MatchReport:
    """Good-fit vacancies of every searchable profile and how many of them are related."""
    taxonomy = get_taxonomy()
    tally: _Tally[Vacancy] = _Tally(MatchReport("vacancies for profiles"))
    for profile in session.scalars(select(Profile).order_by(Profile.id)):
        if not profile.searchable:
            continue
        good = [
            (m, v) for m, v in rank_vacancies(services, session, profile, today) if is_good_fit(m)
        ]
        unrelated = [(m, v) for m, v in good if not is_related(v, profile)]
        tally.add(good, unrelated)
        if unrelated:
            tally.offenders.append(
                Offender(
                    id=profile.id,
                    title=profile.headline,
                    occupations=_labels(
                        taxonomy, ConceptKind.OCCUPATION, profile_occupations(profile)
                    ),
                    required_skills=[],
                    good_fits=len(good),
                    unrelated=[
                        {
                            "vacancy": v.id,
                            "title": v.title,
                            "occupations": _labels(
                                taxonomy, ConceptKind.OCCUPATION, filter(None, [v.occupation_code])
                            ),
                            "required_skills": _labels(
                                taxonomy, ConceptKind.SKILL, v.required_skills
                            ),
                            "evidence": _evidence(m),
                            "fit": m.explanation.fit,
                        }
                        for m, v in unrelated
                    ],
                )
            )
    return tally.finish()


def run_invariants(
    backend: str = "embedded",
    *,
    vacancies: int = 240,
    profiles: int = 360,
    seed: int = 2022,
    text_only: bool = False,
    es_url: str | None = None,
    directory: Path | None = None,
    queries: Sequence[str] | None = None,
    log: Callable[[str], None] = print,
) -> InvariantReport:
    """Build the demo index in a temporary folder and check every invariant on it."""
    report = InvariantReport(backend, vacancies, profiles, seed, text_only)
    sizes = DemoSize(vacancies, profiles, seed, text_only)
    with temporary_demo(backend, sizes, es_url, directory, log, report.seconds) as (tmp, demo):
        # The services over the same database and the very backend that holds the demo index;
        # the encoder is the process-wide one the demo was indexed with.
        services = build_container(demo_settings(tmp, backend, es_url), search=demo.backend)
        try:
            started = time.perf_counter()
            report.nonsense = check_nonsense(services, queries or nonsense_queries())
            report.seconds["nonsense"] = round(time.perf_counter() - started, 1)
            today = date.today()
            pair_related = related_as_recorded(demo.recorded) if demo.recorded else related
            with services.session_factory() as session:
                started = time.perf_counter()
                report.matching["candidates"] = check_candidates(
                    services, session, today, pair_related
                )
                report.seconds["candidates"] = round(time.perf_counter() - started, 1)
                started = time.perf_counter()
                report.matching["recommendations"] = check_recommendations(
                    services, session, today, pair_related
                )
                report.seconds["recommendations"] = round(time.perf_counter() - started, 1)
                started = time.perf_counter()
                report.worded = check_worded(
                    services, demo.recorded or record_codes(session), common_words(session)
                )
                report.seconds["worded"] = round(time.perf_counter() - started, 1)
        finally:
            services.engine.dispose()
    return report


def _verdict(passed: bool) -> str:
    return "ok" if passed else "MISSED"


def format_table(report: InvariantReport) -> str:
    """The figures as Markdown tables, with the offenders of any missed target."""
    lines = [
        f"Invariants on the {report.backend} backend (demo data: {report.vacancies} vacancies, "
        f"{report.profiles} profiles, seed {report.seed}"
        f"{', text only' if report.text_only else ''})",
        "",
    ]
    if report.nonsense is not None:
        n = report.nonsense
        lines += [
            "| nonsense queries | run on each index | with any hit (target 0) | verdict |",
            "|---|---:|---:|---|",
            f"| vacancies + profiles | {n.queries} | {n.with_hits} | {_verdict(n.passed)} |",
        ]
        lines += [
            f"- {o.kind}: {o.query!r} -> {o.hits} hits (concepts {o.concepts}, words {o.words}; "
            f"first (id, cosine) {o.top}, query floor {n.floor})"
            for o in n.offenders
        ]
        lines.append("")
    if report.matching:
        lines += [
            f"| matching | entities | good fits | mean per entity | with none | meaning only "
            f"| related share (target {SHARE_TARGET}) | mean share | below target | verdict |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for m in report.matching.values():
            lines.append(
                f"| {m.direction} | {m.entities} | {m.good_fits} | {m.mean_good_fits:.2f} "
                f"| {m.zero_share:.1%} | {m.meaning_only} | {m.share:.3f} | {m.mean_share:.3f} "
                f"| {m.below_target} | {_verdict(m.passed)} |"
            )
        for m in report.matching.values():
            if m.passed or not m.worst:
                continue
            lines.append(f"\nWorst {m.direction}:")
            for o in m.worst:
                lines.append(
                    f"- #{o.id} {o.title!r} {o.occupations} required {o.required_skills}: "
                    f"{len(o.unrelated)} of {o.good_fits} good fits unrelated"
                )
                for u in o.unrelated[:WORST]:
                    other = u.get("headline", u.get("title"))
                    lines.append(f"  - {other!r} {u['occupations']} evidence {u['evidence']}")
    if report.worded is not None:
        w = report.worded
        lines += [
            "",
            f"| occupation queries ({w.occupations} labels, common words {w.common_words}) "
            f"| hits | related | related share (target: alone - {WORDED_TOLERANCE}) | verdict |",
            "|---|---:|---:|---:|---|",
            f"| label alone | {w.bare_hits} | {w.bare_related} | {w.bare_share:.3f} | |",
            f"| label + a common word | {w.worded_hits} | {w.worded_related} "
            f"| {w.worded_share:.3f} | {_verdict(w.passed)} |",
        ]
        lines += [f"- {kind}: {query!r} -> {n} unrelated hits" for query, kind, n in w.worst]
    lines.append(f"\nseconds: {report.seconds}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.invariants", description=__doc__)
    parser.add_argument("--backend", choices=["embedded", "elasticsearch"], default="embedded")
    parser.add_argument(
        "--json", type=Path, help="where to write the figures (default: bench/results/...)"
    )
    add_demo_arguments(parser)
    args = parser.parse_args(argv)
    report = run_invariants(args.backend, **demo_arguments(args))
    print(format_table(report))
    variant = "-text-only" if args.text_only else ""
    out: Path = args.json or DEFAULT_OUT / f"invariants{variant}-{args.backend}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report.as_dict(), indent=2) + "\n", encoding="utf-8")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())

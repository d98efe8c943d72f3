"""Benchmark corpora: built once per size and backend through the service, then reused.

A corpus is a service database plus its search index under `var/bench/<size>-<backend>/`,
described by `corpus.json` (version, counts, logins, build timings). It is loaded exactly the way
users' data arrives: users and organisations through the accounts and employers services,
vacancies through `vacancies.service.create`, profiles through `profiles.service.replace`, all in
committed sessions that record outbox rows, and then the `Indexer` drains the outbox (composing
texts, encoding them with the model and writing the search engine). Nothing writes index files
directly. A corpus whose recorded version differs from `CORPUS_VERSION` is rebuilt.
"""

from __future__ import annotations

import fcntl
import json
import os
import random
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from bench.instrument import TimedEncoder, TimedSearch
from bench.machine import load_average
from bench.results import now_iso
from marketplace.accounts import repository as accounts_repository
from marketplace.accounts.models import Role, User
from marketplace.accounts.security import hash_password
from marketplace.config import PROJECT_ROOT, Settings
from marketplace.container import Services, build_container, build_search, load_encoder
from marketplace.db import make_engine, make_session_factory, session_scope
from marketplace.demo.generator import Corpus, GeneratedProfile, GeneratedVacancy
from marketplace.employers import service as employer_service
from marketplace.migrate import migrate
from marketplace.profiles import service as profile_service
from marketplace.profiles.schemas import ContactDetails
from marketplace.taxonomy.vocab import Visibility
from marketplace.vacancies import service as vacancy_service

# Bump when the generator settings, the loader or the logins change: stored corpora rebuild.
CORPUS_VERSION = "1"
CORPUS_SEED = 2022
BENCH_ROOT = PROJECT_ROOT / "var" / "bench"
BENCH_PASSWORD = "bench-salasana-2026"
# Rows per committed transaction while loading: bounded memory, realistic commit cost.
WRITE_BATCH = 500
DEFAULT_ES_URL = "http://127.0.0.1:9200"

Log = Callable[[str], None]
T = TypeVar("T")


@dataclass(frozen=True)
class Size:
    """A corpus size and the sample sizes the scenarios use with it."""

    name: str
    profiles: int
    vacancies: int
    # Rows of the vector scenario's matrix, and MB of its bandwidth probe's buffers.
    vector_rows: int
    copy_mb: int
    # Requests per endpoint and concurrency level in the HTTP scenarios.
    requests: int
    # Profiles freshly ingested by the ingest scenario, and the texts it times the model on.
    ingest_profiles: int
    document_texts: int
    short_texts: int
    encoder: str = "sentence-transformers"
    # A smaller size whose records this one repeats under other people and organisations'
    # postings, reusing that corpus's vectors through the service's embedding cache.
    reuse: str | None = None


SIZES: dict[str, Size] = {
    # For the harness's own tests: the hashing encoder in the corpus, a few dozen of everything.
    "smoke": Size("smoke", 40, 20, 2_000, 64, 6, 4, 4, 16, encoder="hashing"),
    "tiny": Size("tiny", 200, 100, 10_000, 256, 40, 400, 48, 256),
    "10k": Size("10k", 10_000, 2_500, 10_000, 512, 200, 200, 128, 512),
    "100k": Size("100k", 100_000, 25_000, 100_000, 512, 200, 200, 128, 512, reuse="10k"),
}


@dataclass(frozen=True)
class Login:
    """A bench account: which role it plays and how to sign in."""

    role: str
    email: str
    password: str = BENCH_PASSWORD


EMPLOYER = Login("employer", "bench.employer@example.fi")
JOBSEEKER = Login("jobseeker", "bench.jobseeker@example.fi")
# A jobseeker whose profile the CV scenario rewrites freely.
CV_OWNER = Login("jobseeker", "bench.cv@example.fi")


@dataclass
class BenchCorpus:
    """A built corpus on disk and how to reach it."""

    size: Size
    backend: str
    directory: Path
    info: dict[str, Any]
    es_url: str = DEFAULT_ES_URL

    @property
    def es_prefix(self) -> str:
        """Index-name prefix of this corpus on Elasticsearch, apart from everyone else's."""
        return f"bench-{self.directory.name}"

    def settings(self, **changes: Any) -> Settings:
        """Service settings pointing at this corpus."""
        values: dict[str, Any] = {
            "environment": "development",
            "var_dir": self.directory,
            "database_url": f"sqlite:///{self.directory / 'marketplace.db'}",
            "search_backend": self.backend,
            "elasticsearch_url": self.es_url,
            "elasticsearch_prefix": self.es_prefix,
            "embedding_encoder": self.size.encoder,
        }
        values.update(changes)
        return Settings(**values)

    def environment(self) -> dict[str, str]:
        """Environment variables that make a server process serve this corpus."""
        settings = self.settings()
        return {
            "MARKETPLACE_ENVIRONMENT": settings.environment,
            "MARKETPLACE_VAR_DIR": str(settings.var_dir),
            "MARKETPLACE_DATABASE_URL": settings.database_url,
            "MARKETPLACE_SEARCH_BACKEND": settings.search_backend,
            "MARKETPLACE_ELASTICSEARCH_URL": settings.elasticsearch_url,
            "MARKETPLACE_ELASTICSEARCH_PREFIX": settings.elasticsearch_prefix,
            "MARKETPLACE_EMBEDDING_ENCODER": settings.embedding_encoder,
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
        }

    def copy_to(self, target: Path) -> BenchCorpus:
        """A scratch copy of the database and embedded index (for scenarios that rebuild)."""
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        _copy_database(self.directory / "marketplace.db", target / "marketplace.db")
        search = self.directory / "search"
        if search.exists():
            shutil.copytree(search, target / "search")
        return BenchCorpus(self.size, self.backend, target, dict(self.info), self.es_url)


def _copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database consistently, whatever its journal holds."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


class _Loader:
    """Writes generated records through the services, one committed batch at a time."""

    def __init__(self, settings: Settings, log: Log) -> None:
        self.engine = make_engine(settings.database_url)
        self.factory = make_session_factory(self.engine)
        self.shared_hash = hash_password(BENCH_PASSWORD)
        self.log = log
        self.generate_seconds = 0.0
        self.write_seconds = 0.0

    def _user(self, email: str, role: str, name: str, **extra: Any) -> User:
        return User(email=email, password_hash=self.shared_hash, role=role, full_name=name, **extra)

    def employers(self, corpus: Corpus, count: int) -> int:
        """Organisations with one employer user each (the first signs in as `EMPLOYER`)."""
        started = time.perf_counter()
        specs = corpus.employers(count)
        self.generate_seconds += time.perf_counter() - started
        started = time.perf_counter()
        self.user_of: dict[str, int] = {}
        with session_scope(self.factory) as session:
            for index, spec in enumerate(specs):
                organization = employer_service.create_for_registration(
                    session, spec.name, spec.business_id
                )
                email = EMPLOYER.email if index == 0 else f"employer.{index}@example.fi"
                user = accounts_repository.add(
                    session,
                    self._user(
                        email, Role.EMPLOYER, f"Rekrytoija {index}", organization=organization
                    ),
                )
                self.user_of[spec.name] = user.id
        self.write_seconds += time.perf_counter() - started
        self.specs = specs
        return len(specs)

    def vacancies(self, corpus: Corpus, count: int, distinct: int) -> int:
        """Vacancies through `vacancies.service.create`, in committed batches; the first
        `distinct` ones are repeated to make up `count`."""
        made = 0
        generated = _repeat(corpus.vacancies(distinct, self.specs), count)
        while True:
            started = time.perf_counter()
            batch = list(islice(generated, WRITE_BATCH))
            self.generate_seconds += time.perf_counter() - started
            if not batch:
                return made
            started = time.perf_counter()
            with session_scope(self.factory) as session:
                for item in batch:
                    user = session.get(User, self.user_of[item.employer.name])
                    assert user is not None
                    _create_vacancy(session, user, item)
            self.write_seconds += time.perf_counter() - started
            made += len(batch)

    def profiles(self, corpus: Corpus, count: int, distinct: int) -> int:
        """Jobseekers and their profiles through `profiles.service.replace`, in batches; the
        first `distinct` profiles are repeated (under other names) to make up `count`."""
        made = 0
        rng = random.Random(f"{corpus.seed}-bench-contacts")
        generated = (
            replace(item, first_name=rng.choice(corpus.first_names)) if number >= distinct else item
            for number, item in enumerate(_repeat(corpus.profiles(distinct), count))
        )
        while True:
            started = time.perf_counter()
            batch = list(islice(generated, WRITE_BATCH))
            self.generate_seconds += time.perf_counter() - started
            if not batch:
                return made
            started = time.perf_counter()
            with session_scope(self.factory) as session:
                for item in batch:
                    self._profile(session, item, made, rng)
                    made += 1
            self.write_seconds += time.perf_counter() - started
            if made % 5000 == 0:
                self.log(f"  {made}/{count} profiles written ({self.write_seconds:.0f} s)")

    def _profile(
        self, session: Any, item: GeneratedProfile, number: int, rng: random.Random
    ) -> None:
        special = {0: JOBSEEKER, 1: CV_OWNER}.get(number)
        email = special.email if special else f"jobseeker.{number}@example.fi"
        user = accounts_repository.add(
            session,
            self._user(email, Role.JOBSEEKER, f"{item.first_name} {item.last_name}"),
        )
        document = item.document.model_copy(
            update={"contact": ContactDetails(email=email, phone=Corpus.phone(rng))}
        )
        if special:
            # The bench accounts' own profiles are public so every scenario can reach them.
            document = document.model_copy(update={"visibility": Visibility.PUBLIC})
        profile_service.replace(session, profile_service.get_own(session, user), document)

    def close(self) -> None:
        self.engine.dispose()


def _repeat(items: Iterator[T], count: int) -> Iterator[T]:
    """`count` items: all of `items`, then the same ones again, as often as needed."""
    seen: list[T] = []
    for item in items:
        seen.append(item)
        yield item
    for index in range(count - len(seen)):
        yield seen[index % len(seen)]


def _create_vacancy(session: Any, user: User, generated: GeneratedVacancy) -> None:
    data = generated.data
    # Users cannot publish past a deadline; an expired posting was published before its
    # deadline passed, so it is created open-ended and gets its deadline afterwards.
    late = data.publish and data.deadline is not None and data.deadline < date.today()
    vacancy = vacancy_service.create(
        session, user, data.model_copy(update={"deadline": None}) if late else data
    )
    if late:
        vacancy.deadline = data.deadline


def _drain(container: Services, log: Log, total: int) -> int:
    """Apply the whole outbox, reporting progress."""
    indexer = container.indexer
    applied = 0
    started = time.perf_counter()
    while count := indexer.drain():
        applied += count
        rate = applied / (time.perf_counter() - started)
        log(f"  indexed {applied}/{total} changes ({rate:.0f}/s)")
    return applied


def build(
    size: Size,
    backend: str,
    directory: Path,
    *,
    es_url: str,
    log: Log,
    encoder: TimedEncoder | None = None,
) -> BenchCorpus:
    """Generate and load a corpus from scratch through the services, then index it.

    `encoder` (a timed wrapper of the model) lets a caller see what went through the model.
    """
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    corpus = BenchCorpus(size, backend, directory, {}, es_url)
    settings = corpus.settings()
    log(f"building corpus {size.name}-{backend} in {directory}")
    load_before = load_average()
    started = time.perf_counter()
    migrate(settings.database_url)
    if backend == "elasticsearch":
        drop_elasticsearch_indices(corpus)

    loader = _Loader(settings, log)
    distinct = SIZES[size.reuse] if size.reuse else size
    generator = Corpus(CORPUS_SEED)
    # The employers of the distinct size: vacancy texts name them, and must repeat exactly.
    loader.employers(generator, max(20, distinct.vacancies // 8))
    vacancies = loader.vacancies(generator, size.vacancies, distinct.vacancies)
    log(f"  {vacancies} vacancies written ({loader.write_seconds:.0f} s)")
    profiles = loader.profiles(generator, size.profiles, distinct.profiles)
    loader.close()
    if size.reuse is not None:
        # Waits for a build of the source in progress (its lock), or builds it.
        source = ensure(distinct, "embedded", root=directory.parent, es_url=es_url, log=log)
        copied = _copy_vector_cache(
            source.directory / "marketplace.db", directory / "marketplace.db"
        )
        log(f"  {copied} cached vectors copied from {source.directory}")

    model_started = time.perf_counter()
    encoder = encoder or TimedEncoder(load_encoder(settings))
    model_load = time.perf_counter() - model_started
    search = TimedSearch(build_search(settings))
    container = build_container(settings, encoder=encoder, search=search)
    drain_started = time.perf_counter()
    applied = _drain(container, log, vacancies + profiles)
    drain_seconds = time.perf_counter() - drain_started
    indexed = {kind: search.count(kind) for kind in ("profiles", "vacancies")}
    search.close()
    container.engine.dispose()
    total = time.perf_counter() - started
    info = {
        "version": CORPUS_VERSION,
        "size": size.name,
        "backend": backend,
        "seed": CORPUS_SEED,
        "built_at": now_iso(),
        "built_on": generator.today.isoformat(),
        "profiles": profiles,
        "vacancies": vacancies,
        "distinct_profiles": distinct.profiles,
        "distinct_vacancies": distinct.vacancies,
        "indexed": indexed,
        "logins": [EMPLOYER.email, JOBSEEKER.email, CV_OWNER.email],
        "build": {
            "seconds": round(total, 1),
            "generate_seconds": round(loader.generate_seconds, 1),
            "service_write_seconds": round(loader.write_seconds, 1),
            "model_load_seconds": round(model_load, 1),
            "index_drain_seconds": round(drain_seconds, 2),
            "outbox_rows": applied,
            "model_seconds": round(encoder.watch.seconds, 2),
            "texts_encoded": encoder.watch.items,
            "engine_write_seconds": round(search.writes.seconds, 2),
            "load_before": load_before,
            "load_after": load_average(),
        },
    }
    (directory / "corpus.json").write_text(json.dumps(info, indent=2) + "\n")
    log(f"corpus {size.name}-{backend} built in {total:.0f} s: {info['build']}")
    return BenchCorpus(size, backend, directory, info, es_url)


def _copy_vector_cache(source: Path, target: Path) -> int:
    """Copy every cached vector of another corpus's database into this one's (same schema)."""
    connection = sqlite3.connect(target)
    try:
        connection.execute("ATTACH DATABASE ? AS source", (str(source),))
        with connection:
            cursor = connection.execute(
                "INSERT OR IGNORE INTO embedding_cache SELECT * FROM source.embedding_cache"
            )
        connection.execute("DETACH DATABASE source")
        return cursor.rowcount
    finally:
        connection.close()


def drop_elasticsearch_indices(corpus: BenchCorpus) -> None:
    """Remove this corpus's Elasticsearch indices, so a rebuild starts empty."""
    from elasticsearch import Elasticsearch

    client = Elasticsearch(corpus.es_url, request_timeout=30)
    try:
        client.indices.delete(index=f"{corpus.es_prefix}-*", ignore_unavailable=True)
    finally:
        client.close()


def _from_embedded(
    size: Size, directory: Path, source: BenchCorpus, es_url: str, log: Log
) -> BenchCorpus:
    """An Elasticsearch corpus from the embedded one's database: its vectors are cached, so
    only the engine work is repeated (`Indexer.reindex` into fresh indices)."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    _copy_database(source.directory / "marketplace.db", directory / "marketplace.db")
    corpus = BenchCorpus(size, "elasticsearch", directory, {}, es_url)
    settings = corpus.settings()
    drop_elasticsearch_indices(corpus)
    started = time.perf_counter()
    container = build_container(settings)
    counts = {kind: container.indexer.reindex(kind) for kind in ("vacancies", "profiles")}
    container.search.close()
    container.engine.dispose()
    info = {
        **source.info,
        "backend": "elasticsearch",
        "built_at": now_iso(),
        "indexed": counts,
        "copied_from": str(source.directory),
        "reindex_seconds": round(time.perf_counter() - started, 1),
    }
    (directory / "corpus.json").write_text(json.dumps(info, indent=2) + "\n")
    log(f"corpus {size.name}-elasticsearch indexed from the embedded database: {counts}")
    return BenchCorpus(size, "elasticsearch", directory, info, es_url)


def _read_info(directory: Path) -> dict[str, Any] | None:
    try:
        info = json.loads((directory / "corpus.json").read_text())
    except (OSError, ValueError):
        return None
    return info if info.get("version") == CORPUS_VERSION else None


def _index_matches(corpus: BenchCorpus) -> bool:
    """Whether the search engine still holds what the corpus recorded."""
    search = build_search(corpus.settings())
    try:
        search.ensure_indices()
        return all(search.count(kind) == n for kind, n in corpus.info["indexed"].items())
    except Exception:
        return False
    finally:
        search.close()


@contextmanager
def _building(directory: Path) -> Iterator[None]:
    """Hold the lock of a corpus folder: one process builds it, others wait and reuse it."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.with_name(directory.name + ".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure(
    size: Size,
    backend: str,
    *,
    root: Path = BENCH_ROOT,
    es_url: str | None = None,
    log: Log = print,
) -> BenchCorpus:
    """The corpus for a size and backend: reused when current, built (or re-indexed) if not."""
    es_url = es_url or os.environ.get("MARKETPLACE_ELASTICSEARCH_URL", DEFAULT_ES_URL)
    directory = root / f"{size.name}-{backend}"
    with _building(directory):
        info = _read_info(directory)
        if info is None:
            embedded = root / f"{size.name}-embedded"
            if backend == "elasticsearch" and _read_info(embedded) is not None:
                source = ensure(size, "embedded", root=root, es_url=es_url, log=log)
                return _from_embedded(size, directory, source, es_url, log)
            return build(size, backend, directory, es_url=es_url, log=log)
        corpus = BenchCorpus(size, backend, directory, info, es_url)
        migrate(corpus.settings().database_url)  # newer migrations apply to a stored corpus too
        if not _index_matches(corpus):
            log(f"the {backend} index of {directory} is stale; rebuilding it from the database")
            container = build_container(corpus.settings())
            for kind in ("vacancies", "profiles"):
                container.indexer.reindex(kind)
            container.search.close()
            container.engine.dispose()
        return corpus

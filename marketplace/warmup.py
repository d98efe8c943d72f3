"""Everything a first request would otherwise wait for, done before the service says it is
ready: the embedding runtime, the search indices and the concept vectors behind the profile
builder's suggestions (about half a minute to compute on a first start, read back from the
vector cache afterwards)."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from jinja2 import Environment
from starlette.types import ASGIApp, Message

from marketplace.container import Services
from marketplace.taxonomy.query import known_words, prepare_reading
from marketplace.taxonomy.suggest import semantic_index
from search.base import INDEX_KINDS
from search.text import query_tokens

log = logging.getLogger("marketplace.warmup")


def prepare(services: Services) -> float:
    """Warm every lazily built part; returns the seconds it took."""
    started = time.perf_counter()
    log.info("preparing: loading the embedding model")
    services.encoder().encode(["työpaikka"])  # the first inference initialises the runtime
    log.info("preparing: the word lists for reading queries (spelling, missing ä and ö)")
    prepare_reading()
    log.info("preparing: opening the search indices, counting the taxonomy's words in them")
    words = query_tokens(" ".join(sorted(known_words())))  # as a query's words are split
    for kind in INDEX_KINDS:
        services.search.count(kind)
        services.search.prepare_words(kind, words)
    log.info(
        "preparing: skill and occupation vectors for suggestions (first start: up to a minute)"
    )
    semantic_index(services.indexer.encoder())
    took = time.perf_counter() - started
    log.info("prepared in %.1f s", took)
    return took


# Public pages rendered once before the service listens: the first visitor's page would
# otherwise also compile its templates, fill the ORM's statement cache and read the terms of its
# first query from the full-text index (~0.4 s of CPU together, seconds on a busy machine).
WARM_PAGES = ("/", "/vacancies?q=sairaanhoitaja+Helsinki", "/login", "/register")


async def warm_pages(app: ASGIApp, templates: Environment) -> dict[str, int]:
    """Every template compiled, and `WARM_PAGES` answered inside the process (no socket);
    returns each page's status."""
    for name in templates.list_templates():
        templates.get_template(name)
    statuses = {}
    for path in WARM_PAGES:
        statuses[path] = await _get(app, path)
        if statuses[path] >= 500:
            log.warning("warm-up: %s answered %s", path, statuses[path])
    return statuses


async def _get(app: ASGIApp, target: str) -> int:
    url = urlsplit(target)
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url.path,
        "raw_path": url.path.encode(),
        "query_string": url.query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost"), (b"accept-language", b"fi")],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 80),
    }
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))

    await app(scope, receive, send)
    return statuses[0] if statuses else 500

"""Privacy canary: hidden and anonymous profiles carry unique strings in every private field;
nothing an employer can reach (pages, API, search hits, highlights, facets, PDFs, ZIPs,
messages) and no log line may ever contain one of them."""

from __future__ import annotations

import io
import logging
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from pypdf import PdfReader

from marketplace.accounts.models import Role
from marketplace.logging import JsonFormatter
from tests.trust.conftest import Actor, World, a_profile, person, sign_in


@dataclass
class Canary:
    """A jobseeker whose private fields hold strings found nowhere else."""

    profile_id: int
    secrets: dict[str, str]


class _Capture(logging.Handler):
    """Every log line of the service, formatted as it is written in production."""

    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def log_lines() -> Iterator[list[str]]:
    capture = _Capture()
    logger = logging.getLogger("marketplace")
    logger.addHandler(capture)
    try:
        yield capture.lines
    finally:
        logger.removeHandler(capture)


def _canary(app: FastAPI, world: World, visibility: str) -> Canary:
    tag = uuid.uuid4().hex[:10]
    secrets = {
        "name": f"Kanarialintu{tag}",
        "email": f"canary{tag}@example.fi",
        "phone": f"+358 40 {int(tag[:7], 16) % 10_000_000:07d}",
        "address": f"Kanariankuja{tag} 7",
    }
    if visibility == "hidden":
        secrets["headline"] = f"Salainenotsikko{tag}"
        secrets["summary"] = f"Salainenyhteenveto{tag}"
    with app.state.session_factory() as db:
        user = person(db, Role.JOBSEEKER, secrets["email"], secrets["name"])
    owner = sign_in(app, user, "canary")
    doc = a_profile(0, secrets["email"], visibility=visibility)
    doc["contact"] = {
        "phone": secrets["phone"],
        "email": secrets["email"],
        "address": secrets["address"],
    }
    if visibility == "hidden":
        doc["headline"], doc["summary"] = secrets["headline"], secrets["summary"]
    response = owner.client.put("/api/v1/me/profile", json=doc, headers=owner.bearer)
    assert response.status_code == 200, response.text
    # The owner sees their own secrets: the strings are really stored and served.
    assert secrets["phone"] in owner.client.get("/api/v1/me/profile", headers=owner.bearer).text
    return Canary(response.json()["id"], secrets)


@dataclass
class Crawl:
    hidden: Canary
    anonymous: Canary
    world: World

    @property
    def secrets(self) -> list[str]:
        return [*self.hidden.secrets.values(), *self.anonymous.secrets.values()]


@pytest.fixture(scope="module")
def crawl(app_instance: FastAPI, world_factory: Callable[[], World], log_lines: list[str]) -> Crawl:
    world = world_factory()
    return Crawl(
        _canary(app_instance, world, "hidden"), _canary(app_instance, world, "anonymous"), world
    )


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class _PageText(HTMLParser):
    """A page's text and attributes, except the places that echo the visitor's own query."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # A search box keeps what was typed, and links carry the query on: the visitor's own text.
        echo = {"value"} if tag == "input" else {"href"} if tag == "a" else set()
        self.parts.extend(value or "" for name, value in attrs if name not in echo)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _page_text(html: str) -> str:
    parser = _PageText()
    parser.feed(html)
    return "\n".join(parser.parts)


def _body_text(content_type: str, data: bytes) -> str:
    """What a person could read in a response, PDFs and ZIPs of PDFs included."""
    if content_type.startswith("text/html"):
        return _page_text(data.decode("utf-8", "replace"))
    if content_type.startswith("application/pdf"):
        return _pdf_text(data)
    if content_type.startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "\n".join(
            " ".join(archive.namelist()) + _pdf_text(archive.read(name))
            for name in archive.namelist()
        )
    return data.decode("utf-8", "replace")


def _leaks(text: str, secrets: list[str]) -> list[str]:
    flat = "".join(text.split()).lower()
    return [s for s in secrets if "".join(s.split()).lower() in flat]


def employer_requests(c: Crawl) -> Iterator[tuple[str, str, dict[str, object]]]:
    """(method, url, request kwargs) of everything an employer can ask for."""
    ids, h, n = c.world.ids, c.hidden.profile_id, c.anonymous.profile_id
    queries = ["", "sairaanhoitaja", "haavanhoito", *c.secrets, "Kanarialintu", "Salainen"]
    for q in queries:
        yield "GET", "/api/v1/candidates", {"params": {"q": q}}
        yield "GET", "/candidates", {"params": {"q": q}}
        yield "GET", "/api/v1/vacancies", {"params": {"q": q}}
    yield "GET", "/api/v1/candidates", {"params": {"skills": "S0040", "municipality": "837"}}
    yield "GET", "/candidates", {"params": {"visibility": "anonymous"}}
    yield "GET", f"/api/v1/vacancies/{ids['vacancy_x']}/candidates", {}
    yield "GET", f"/employer/vacancies/{ids['vacancy_x']}/candidates", {}
    for pid in (h, n):
        yield "GET", f"/api/v1/profiles/{pid}", {}
        yield "GET", f"/profiles/{pid}", {}
        yield "GET", f"/profiles/{pid}/cv", {}
        yield "GET", f"/api/v1/profiles/{pid}/cv.pdf", {}
        yield "GET", f"/cv/download?ids={pid}", {}
        yield (
            "POST",
            f"/api/v1/vacancies/{ids['vacancy_x']}/shortlist",
            {"json": {"profile_id": pid, "note": "ehdokas"}},
        )
        yield (
            "POST",
            "/api/v1/messages",
            {"json": {"profile_id": pid, "subject": "Tehtävä", "body": "Kiinnostaako?"}},
        )
    yield "POST", "/api/v1/cv/zip", {"json": {"profile_ids": [n]}}
    yield "POST", "/api/v1/cv/zip", {"json": {"profile_ids": [h, n]}}
    yield "GET", f"/api/v1/vacancies/{ids['vacancy_x']}/shortlist", {}
    yield "GET", f"/employer/vacancies/{ids['vacancy_x']}/shortlist", {}
    yield "GET", "/api/v1/me/inbox", {}
    yield "GET", "/employer/messages", {}
    yield (
        "POST",
        "/api/v1/me/saved-searches",
        {"json": {"name": "Kaikki", "params": {"q": "sairaanhoitaja"}}},
    )
    yield "GET", "/api/v1/me/saved-searches", {}
    yield "GET", "/me/saved-searches", {}
    yield "GET", "/employer", {}


def _fetch(actor: Actor, method: str, url: str, kwargs: dict[str, object]) -> tuple[int, str]:
    response = actor.client.request(method, url, headers=actor.bearer, **kwargs)  # type: ignore[arg-type]
    return response.status_code, _body_text(
        response.headers.get("content-type", ""), response.content
    )


def test_no_employer_visible_response_contains_a_canary(crawl: Crawl) -> None:
    found = []
    reached = 0
    for who in ("employer_x", "employer_y", "anonymous", "jobseeker_b"):
        actor = crawl.world.actor(who)
        for method, url, kwargs in employer_requests(crawl):
            status, text = _fetch(actor, method, url, kwargs)
            reached += status < 400
            found.extend(f"{who} {method} {url} {kwargs}: {s}" for s in _leaks(text, crawl.secrets))
        # Conversations started above, opened one by one.
        inbox = actor.client.get("/api/v1/me/inbox", headers=actor.bearer)
        if inbox.status_code == 200:
            for conversation in inbox.json():
                for url in (
                    f"/api/v1/me/inbox/{conversation['id']}",
                    f"/employer/messages/{conversation['id']}",
                ):
                    _, text = _fetch(actor, "GET", url, {})
                    found.extend(f"{who} GET {url}: {s}" for s in _leaks(text, crawl.secrets))
    assert reached > 60, reached
    assert not found, "canary strings reached someone who may not see them:\n" + "\n".join(found)


def test_the_anonymous_canary_is_really_reachable(crawl: Crawl) -> None:
    """The crawl is not vacuous: employers do find the anonymous profile, without identity."""
    x = crawl.world.actor("employer_x")
    profile = x.client.get(f"/api/v1/profiles/{crawl.anonymous.profile_id}", headers=x.bearer)
    assert profile.status_code == 200
    found = x.client.get("/api/v1/candidates", params={"q": "haavanhoito"}, headers=x.bearer)
    assert str(crawl.anonymous.profile_id) in found.text
    hidden = x.client.get(f"/api/v1/profiles/{crawl.hidden.profile_id}", headers=x.bearer)
    assert hidden.status_code == 404


def test_no_log_line_contains_a_canary(crawl: Crawl, log_lines: list[str]) -> None:
    # Every request of the crawl above has been logged by now (this test runs after it).
    assert len(log_lines) > 50
    found = [line for line in log_lines if _leaks(line, crawl.secrets)]
    assert not found, "\n".join(found[:10])


def test_the_hidden_canary_is_not_in_the_search_index(app_instance: FastAPI, crawl: Crawl) -> None:
    assert crawl.hidden.profile_id not in app_instance.state.search.ids("profiles")
    assert crawl.anonymous.profile_id in app_instance.state.search.ids("profiles")

"""Every page speaks the reader's language: each GET page of each role, and each error page,
is rendered in Finnish, Swedish and English with the same data, and a visible text that is the
same in two languages must be data (names, titles, free text, taxonomy labels, numbers, dates)
or a word the catalogue itself spells alike (Status, CV). Anything else is a leftover: text
written into a template or Python code, or a message the catalogue lacks. Meanwhile the
Translator is watched: it must never fall back to Finnish or to the raw key."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from itertools import combinations
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from marketplace.accounts.models import Role, User
from marketplace.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, catalogue
from marketplace.profiles.sections import SECTIONS as BUILDER_STEPS
from marketplace.routes import ROUTERS
from marketplace.saved_searches.service import SAVED_MAX
from marketplace.service_model import service as service_model
from marketplace.service_model.schemas import RegistrationIn
from marketplace.service_model.service import helsinki_today
from marketplace.service_model.specialist_pages import CUSTOMER
from marketplace.service_model.specialist_pages import Section as CustomerSection
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from search.base import SearchUnavailable
from tests import factories
from tests.conftest import _clean as clean_app

# Keys whose text is rightly the same in two or more languages, and why.
ALIKE_KEYS = {
    "lang.fi": "each language is named in itself",
    "lang.sv": "each language is named in itself",
    "lang.en": "each language is named in itself",
    "profiles.cv": "CV is the word in all three",
    "cv.views_organization": "Organisation in Swedish and English",
    "cv.views_person": "Person in Swedish and English",
    "cv.views_format": "Format in Swedish and English",
    "service_model.meeting.status": "Status in Swedish and English",
    "service_model.customer.situation": "Situation in Swedish and English",
    "vacancies.status": "Status in Swedish and English",
}

# Free text of the data the pages show (besides taxonomy labels, numbers and dates).
ORG = "Kielikoe Oy"
JOBSEEKER = "Liisa Kielinen"
NEWCOMER = "Niilo Uusinen"
HIDDEN = "Piia Piilonen"
DATA = [
    ORG,
    JOBSEEKER,
    NEWCOMER,
    "Eero Esimies",
    "Sanna Specialist",
    "Kielitaitoinen sairaanhoitaja",
    "Sairaanhoitaja Kielikokeeseen",
    "Haemme sairaanhoitajaa Tampereen päivystykseen.",
    "Osastonhoitaja luonnokseen",
    "Olen kokenut sairaanhoitaja ja etsin työtä Tampereelta.",
    "Hoitaja Hämeenlinnan sairaala",
    "Hämeenlinnan kaupunki",
    "Vastasin päivystyksen potilasvirroista.",
    "Sairaanhoitaja (AMK)",
    "Åbo Akademi",
    "Päivystys",
    "Lääkehoito",
    "Hämeenkatu 1",
    "+358 40 123 4567",
    "Hoitajat Tampereella",
    "Päivystäjät",
    "Haastattelu maanantaina",
    "Tervetuloa haastatteluun maanantaina kello 10.",
    "Kiitos, tulen mielelläni.",
    "Soita maanantaina",
    "Pirkanmaan hyvinvointialue",
    "Haavahoitaja",
    "Siivooja, Oy Puhdas Ab",
    "Ei ilmoitusta poissaolosta",
    "Alan työmarkkinat",
    "Hei",
    "Pirkanmaan kunnat",
    "Vielä yksi",
    "Kaisa Keräilijä",
    "Muu Oy",
    "Muualla",
]
# Data that is not free text: emails, business ids, references, urls.
DATA_TOKEN = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\d{7}-\d|[A-Z]{1,4}-?[0-9A-Z]*\d[0-9A-Z]*|https?://\S+|/\S*"
)
LETTER = re.compile(r"[^\W\d_]")
SEPARATORS = re.compile(r"[,;:·•–—()|\[\]«»\"“”]+|\s[-/]\s")


PROFILE: dict[str, Any] = {
    "headline": "Kielitaitoinen sairaanhoitaja",
    "skills": ["S0045", "S0001"],
    "keywords": ["Päivystys", "Lääkehoito"],
    "work": [
        {
            "title": "Hoitaja Hämeenlinnan sairaala",
            "employer": "Hämeenlinnan kaupunki",
            "start_date": "2015-01-01",
            "end_date": "2020-06-30",
            "description": "Vastasin päivystyksen potilasvirroista.",
        }
    ],
    "education": [
        {
            "title": "Sairaanhoitaja (AMK)",
            "institution": "Åbo Akademi",
            "start_year": 2010,
            "end_year": 2014,
        }
    ],
    "languages": [{"code": "fi", "level": "native"}, {"code": "sv", "level": "B2"}],
    "licences": ["ADR"],
    "wishes": {
        "municipalities": ["837"],
        "regions": ["06"],
        "working_times": ["full_time"],
        "employment_types": ["permanent"],
        "remote": True,
    },
}


@dataclass
class World:
    """Signed-in clients per role and the ids the pages need."""

    clients: dict[str, TestClient]
    ids: dict[str, int]
    data: list[str] = field(default_factory=list)


def _client(app: object) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)  # type: ignore[arg-type]


def _signed_in(app: object, user: User | None) -> TestClient:
    client = _client(app)
    if user is not None:
        factories.browser_login(client, user)
    return client


@pytest.fixture(scope="module")
def world(app_instance: object) -> World:
    """One of everything a page can show, made through the service's own API."""
    clean_app(app_instance)
    api = _client(app_instance)
    db = app_instance.state.session_factory()  # type: ignore[attr-defined]
    with db:
        employer = factories.employer(db, org=ORG)
        jobseeker = factories.jobseeker(db, name=JOBSEEKER)
        newcomer = factories.jobseeker(db, name=NEWCOMER)
        hidden = factories.jobseeker(db, name=HIDDEN)
        specialist = factories.staff(db, Role.SPECIALIST)
        profile = factories.profile(db, jobseeker, **PROFILE)
        factories.profile(db, hidden, visibility="hidden", headline=f"{HIDDEN} piilossa")
        vacancy = factories.vacancy(
            db, employer, title="Sairaanhoitaja Kielikokeeseen", required_skills=["S0045"]
        )
        factories.vacancy(db, employer, title="Osastonhoitaja luonnokseen", publish=False)
        elsewhere = factories.vacancy(db, factories.employer(db, org="Muu Oy"), title="Muualla")
        collector = factories.jobseeker(db, name="Kaisa Keräilijä")
        # Registered six weeks ago (as the office enters it), so meetings have come and gone.
        today = helsinki_today()
        since = RegistrationIn(registered_on=today - timedelta(days=42))
        service_model.register(db, jobseeker, since, today, max_backdate_days=None)
        db.commit()
        ids = {
            "vacancy_id": vacancy.id,
            "profile_id": profile.id,
            "user_id": jobseeker.id,
            "organization_id": employer.organization_id or 0,
            "elsewhere_id": elsewhere.id,
        }
    people = (employer, jobseeker, specialist, collector)
    headers = {user.id: factories.login(api, user) for user in people}

    def post(user: User, path: str, body: dict[str, Any]) -> dict[str, Any]:
        response = api.post(path, json=body, headers=headers[user.id])
        assert response.status_code in (200, 201), (path, response.text)
        return dict(response.json())

    ids["conversation_id"] = post(
        employer,
        "/api/v1/messages",
        {
            "profile_id": profile.id,
            "vacancy_id": vacancy.id,
            "subject": "Haastattelu maanantaina",
            "body": "Tervetuloa haastatteluun maanantaina kello 10.",
        },
    )["id"]
    post(
        jobseeker,
        f"/api/v1/me/inbox/{ids['conversation_id']}/messages",
        {"body": "Kiitos, tulen mielelläni."},
    )
    post(
        employer,
        f"/api/v1/vacancies/{vacancy.id}/shortlist",
        {"profile_id": profile.id, "note": "Soita maanantaina"},
    )
    searches = "/api/v1/me/saved-searches"
    post(employer, searches, {"name": "Päivystäjät", "params": {"q": "sairaanhoitaja"}})
    saved = post(jobseeker, searches, {"name": "Hoitajat Tampereella", "params": {"q": "hoitaja"}})
    ids["search_id"] = saved["id"]
    for n in range(SAVED_MAX):  # one short of a search more
        post(collector, searches, {"name": f"Keräilyhaku {n}", "params": {"q": f"hoitaja {n}"}})
    post(
        jobseeker,
        "/api/v1/me/job-applications",
        {
            "employer": "Pirkanmaan hyvinvointialue",
            "job_title": "Haavahoitaja",
            "applied_on": today.isoformat(),
            "kind": "application",
        },
    )
    customer = f"/api/v1/specialist/customers/{jobseeker.id}"
    post(specialist, f"{customer}/meetings/initial-1/outcome", {"status": "held"})
    missed = {"status": "missed", "notes": "Ei ilmoitusta poissaolosta"}
    post(specialist, f"{customer}/meetings/2w-3m-1/outcome", missed)
    post(specialist, f"{customer}/neglects", {"kind": "meeting", "meeting_key": "2w-3m-1"})
    post(specialist, f"{customer}/plan", {"required": 2, "reason": "Alan työmarkkinat"})
    post(specialist, f"{customer}/job-offers", {"description": "Siivooja, Oy Puhdas Ab"})

    clients = {
        "anonymous": _signed_in(app_instance, None),
        "jobseeker": _signed_in(app_instance, jobseeker),
        "newcomer": _signed_in(app_instance, newcomer),
        "employer": _signed_in(app_instance, employer),
        "specialist": _signed_in(app_instance, specialist),
        "collector": _signed_in(app_instance, collector),
    }
    # The employer opens the CV, so the jobseeker's list of CV views has a row.
    assert clients["employer"].get(f"/profiles/{profile.id}/cv").status_code == 200
    emails = [u.email for u in (employer, jobseeker, newcomer, specialist)]
    names = [f"Keräilyhaku {n}" for n in range(SAVED_MAX)]
    return World(clients, ids, [*DATA, *emails, *names])


# (who, path): every GET page of the service, for the role it is meant for.
PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/about/privacy"),
    ("anonymous", "/login"),
    ("anonymous", "/register"),
    ("anonymous", "/password/forgot"),
    ("anonymous", "/password/reset?token=vanhentunut"),
    ("anonymous", "/vacancies"),
    ("anonymous", "/vacancies?q=sairaanhoitaja"),
    ("anonymous", "/vacancies?q=zzzzqqq"),
    ("anonymous", "/vacancies/{vacancy_id}"),
    ("anonymous", "/organizations/{organization_id}"),
    ("anonymous", "/me/deleted"),
    ("jobseeker", "/"),
    ("jobseeker", "/me"),
    ("jobseeker", "/account"),
    ("jobseeker", "/profile/edit"),
    ("jobseeker", "/profiles/{profile_id}"),
    ("jobseeker", "/profiles/{profile_id}/cv"),
    ("jobseeker", "/me/recommendations"),
    ("jobseeker", "/me/cv-views"),
    ("jobseeker", "/me/plan"),
    ("jobseeker", "/me/inbox"),
    ("jobseeker", "/me/inbox/{conversation_id}"),
    ("jobseeker", "/me/saved-searches"),
    ("jobseeker", "/me/saved-searches/{search_id}"),
    ("jobseeker", "/me/delete"),
    ("jobseeker", "/vacancies/{vacancy_id}"),
    ("newcomer", "/me"),
    ("newcomer", "/me/registration"),
    ("newcomer", "/profile/edit"),
    ("newcomer", "/me/recommendations"),
    ("newcomer", "/me/cv-views"),
    ("newcomer", "/me/inbox"),
    ("newcomer", "/me/saved-searches"),
    ("employer", "/employer"),
    ("employer", "/account"),
    ("employer", "/employer/vacancies/new"),
    ("employer", "/employer/vacancies/{vacancy_id}/edit"),
    ("employer", "/employer/vacancies/{vacancy_id}/delete"),
    ("employer", "/employer/vacancies/{vacancy_id}/candidates"),
    ("employer", "/employer/vacancies/{vacancy_id}/shortlist"),
    ("employer", "/candidates"),
    ("employer", "/candidates?q=sairaanhoitaja"),
    ("employer", "/candidates?q=zzzzqqq"),
    ("employer", "/profiles/{profile_id}"),
    ("employer", "/profiles/{profile_id}/cv"),
    ("employer", "/cv/download?ids={profile_id}"),
    ("employer", "/employer/messages"),
    ("employer", "/employer/messages/new?profile_id={profile_id}&vacancy_id={vacancy_id}"),
    ("employer", "/employer/messages/{conversation_id}"),
    ("employer", "/me/saved-searches"),
    ("employer", "/vacancies/{vacancy_id}"),
    ("specialist", "/specialist"),
    ("specialist", "/account"),
    ("specialist", "/specialist/customers/{user_id}"),
    ("specialist", "/candidates?q=sairaanhoitaja"),
    ("specialist", "/profiles/{profile_id}"),
    # The notices a page shows after a form was sent.
    ("anonymous", "/login?done=password_reset"),
    ("anonymous", "/login?done=signed_out_everywhere"),
    ("jobseeker", "/account?done=password_changed"),
    ("jobseeker", "/profile/edit?saved=intro"),
    ("jobseeker", "/me/plan?done=registered"),
    ("jobseeker", "/me/plan?done=reported"),
    ("jobseeker", "/me/plan?done=preference"),
    ("jobseeker", "/me/inbox/{conversation_id}?done=sent"),
    ("jobseeker", "/me/saved-searches?done=saved"),
    ("jobseeker", "/me/saved-searches?done=deleted"),
    ("employer", "/employer?saved=1"),
    ("employer", "/employer?deleted=1"),
    ("employer", "/vacancies/{vacancy_id}?saved=1"),
    ("employer", "/employer/vacancies/{vacancy_id}/shortlist?done=added"),
    ("employer", "/employer/vacancies/{vacancy_id}/shortlist?done=removed"),
    ("employer", "/employer/messages/{conversation_id}?done=sent"),
    ("specialist", "/specialist/customers/{user_id}?done=meetings"),
    ("specialist", "/specialist/customers/{user_id}?done=refusal"),
    # Every step of the profile builder and every section of a customer's record.
    *(("jobseeker", f"/profile/edit/{step.slug}") for step in BUILDER_STEPS),
    *(("specialist", section.path) for section in CustomerSection if section.path != CUSTOMER),
]


class _VisibleText(HTMLParser):
    """Text and the attributes people read or hear (labels, titles, alt texts), one segment
    per block: inline markup such as a search hit's <mark> does not cut a sentence."""

    READ_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "data-label"}
    SILENT = {"script", "style", "template"}
    INLINE = {"mark", "strong", "em", "b", "i", "abbr", "small", "span", "time", "bdi"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.silent = 0
        self.texts: list[str] = []
        self.run: list[str] = []

    def _add(self, text: str | None) -> None:
        text = " ".join((text or "").split())
        if text and LETTER.search(text):
            self.texts.append(text)

    def _end_run(self) -> None:
        self._add("".join(self.run))
        self.run = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.INLINE:
            self._end_run()
        if tag in self.SILENT:
            self.silent += 1
        attributes = dict(attrs)
        for name, value in attrs:
            # data-* sentences are what scripts show (progress, "no suggestions").
            sentence = name.startswith("data-") and " " in (value or "").strip()
            if name in self.READ_ATTRIBUTES or sentence:
                self._add(value)
        if tag == "input" and attributes.get("type") in ("submit", "button", "reset"):
            self._add(attributes.get("value"))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.INLINE:
            self._end_run()
        if tag in self.SILENT and self.silent:
            self.silent -= 1

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.run.append(data)

    def close(self) -> None:
        super().close()
        self._end_run()


def visible_texts(page: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(page)
    parser.close()
    return set(parser.texts)


def _taxonomy_labels() -> frozenset[str]:
    taxonomy = get_taxonomy()
    return frozenset(
        label
        for kind in ConceptKind
        for term in taxonomy.all(kind)
        for label in term.labels.values()
    )


LABELS = _taxonomy_labels()


def _bare(text: str) -> str:
    return text.strip(" .:!?…*")


def _alike(a: str, b: str) -> set[str]:
    """Catalogue texts that are the same in languages a and b (without end punctuation)."""
    return {_bare(texts[a]) for texts in catalogue().values() if texts.get(a) == texts.get(b)}


def _in_data(part: str, data: list[str]) -> bool:
    """Words cut from a data text (a shortened description). A single word never counts: a
    button or label left untranslated is most often one word."""
    pattern = re.compile(rf"(?<!\w){re.escape(part)}(?!\w)")
    return len(part.split()) > 1 and any(pattern.search(value) for value in data)


def is_data(text: str, data: list[str]) -> bool:
    """Whether a text is made of data only: free text, taxonomy labels, numbers, tokens."""
    if text in LABELS:
        return True
    rest = text
    for value in sorted(data, key=len, reverse=True):
        rest = rest.replace(value, " ")
    for part in SEPARATORS.split(rest.replace("…", ",")):
        part = part.strip(" .!?'*+")
        if not LETTER.search(part) or part in LABELS or DATA_TOKEN.fullmatch(part):
            continue
        if not _in_data(part, data):
            return False
    return True


def leftovers(pages: dict[str, str], data: list[str]) -> dict[str, list[str]]:
    """Per pair of languages, the texts both pages show that are neither data nor alike."""
    texts = {lang: visible_texts(html) for lang, html in pages.items()}
    found: dict[str, list[str]] = {}
    for a, b in combinations(sorted(texts), 2):
        same = texts[a] & texts[b]
        alike = _alike(a, b)
        odd = sorted(t for t in same if _bare(t) not in alike and not is_data(t, data))
        if odd:
            found[f"{a}={b}"] = odd
    return found


@dataclass
class Fallbacks:
    """Keys the Translator could not find in the page's language."""

    seen: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Fallbacks]:
    """Watch every message lookup: a missing key or a fallback to Finnish is recorded."""
    record = Fallbacks()
    original = Translator.__call__

    def watched(self: Translator, key: str, **params: Any) -> str:
        texts = catalogue().get(key)
        # The raw key in any language, or Finnish on a Swedish or English page.
        missing = texts is None or (not texts.get(self.lang) and self.lang != DEFAULT_LANGUAGE)
        if missing:
            record.seen.append((self.lang, key))
        return original(self, key, **params)

    monkeypatch.setattr(Translator, "__call__", watched)
    yield record


def _render_all(client: TestClient, method: str, url: str, **kwargs: Any) -> dict[str, Any]:
    """The same request in each language (by the browser's Accept-Language)."""
    answers = {}
    for lang in LANGUAGES:
        client.cookies.delete("lang")
        answers[lang] = client.request(method, url, headers={"accept-language": lang}, **kwargs)
    return answers


@pytest.mark.parametrize(("who", "path"), PAGES, ids=[f"{w}:{p}" for w, p in PAGES])
def test_page_has_no_text_left_in_another_language(
    world: World, fallbacks: Fallbacks, who: str, path: str
) -> None:
    url = path.format(**world.ids)
    answers = _render_all(world.clients[who], "GET", url)
    for lang, answer in answers.items():
        assert answer.status_code == 200, (lang, url, answer.status_code)
        assert answer.headers["content-language"] == lang
        assert f'<html lang="{lang}">' in answer.text
        # A hidden profile shows up nowhere, in no language.
        assert HIDDEN not in answer.text
    assert leftovers({lang: a.text for lang, a in answers.items()}, world.data) == {}
    assert fallbacks.seen == []


def test_every_page_route_is_rendered() -> None:
    """A new GET page joins the list above (the API, health and JSON routes excepted)."""
    routes = {
        route.path
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        and "GET" in (route.methods or set())
        and not route.path.startswith("/api/")
        and route.path not in ("/healthz", "/metrics")
    }
    covered = {path.split("?")[0] for _, path in PAGES}
    # A route with a free segment ("/profile/edit/{slug}") is covered by any page under it.
    missing = {
        route
        for route in routes
        if not any(re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", route), path) for path in covered)
    }
    assert missing == set()


@dataclass
class ErrorCase:
    who: str
    method: str
    path: str
    status: int
    body: bytes | None = None


ERRORS = [
    ErrorCase("anonymous", "GET", "/no-such-page", 404),
    ErrorCase("anonymous", "GET", "/vacancies/987654321", 404),
    ErrorCase("employer", "GET", "/profiles/987654321", 404),
    ErrorCase("jobseeker", "GET", "/employer", 403),
    ErrorCase("employer", "GET", "/me/plan", 403),
    ErrorCase("anonymous", "POST", "/login", 413, b"x" * 1_100_000),
    ErrorCase("anonymous", "DELETE", "/vacancies", 405),
]


@pytest.mark.parametrize(
    "case", ERRORS, ids=[f"{c.status}:{c.method} {c.path[:40]}" for c in ERRORS]
)
def test_error_page_is_in_the_readers_language(
    world: World, fallbacks: Fallbacks, case: ErrorCase
) -> None:
    answers = _render_all(world.clients[case.who], case.method, case.path, content=case.body)
    _check_error_pages(answers, case.status, world)
    assert fallbacks.seen == []


# A search parameter that cannot be used is told on the search page itself (422), which keeps
# the search form and the results of the rest of the search.
BAD_SEARCHES = [
    ("anonymous", "/vacancies?q=" + "sairaanhoitaja" * 40),
    ("anonymous", "/vacancies?offset=-20"),
    ("employer", "/candidates?offset=kolme"),
    ("employer", "/candidates?q=" + "sairaanhoitaja" * 40),
]


@pytest.mark.parametrize(("who", "path"), BAD_SEARCHES, ids=[p[:40] for _, p in BAD_SEARCHES])
def test_a_bad_search_parameter_is_told_on_the_search_page_in_the_readers_language(
    world: World, fallbacks: Fallbacks, who: str, path: str
) -> None:
    answers = _render_all(world.clients[who], "GET", path)
    for lang, answer in answers.items():
        assert answer.status_code == 422, (lang, answer.text[:300])
        assert f'<html lang="{lang}">' in answer.text
        assert 'role="search"' in answer.text and 'role="alert"' in answer.text
    assert leftovers({lang: a.text for lang, a in answers.items()}, world.data) == {}
    assert fallbacks.seen == []


def _check_error_pages(answers: dict[str, Any], status: int, world: World) -> None:
    for lang, answer in answers.items():
        assert answer.status_code == status, (lang, answer.status_code, answer.text[:300])
        assert f'<html lang="{lang}">' in answer.text
        t = Translator(lang)
        assert t(f"error.title_{status}") in answer.text
    assert leftovers({lang: a.text for lang, a in answers.items()}, world.data) == {}


def test_an_unexpected_error_is_told_in_the_readers_language(
    world: World, fallbacks: Fallbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("marketplace.pages.pages._latest", broken)
    answers = _render_all(world.clients["anonymous"], "GET", "/")
    _check_error_pages(answers, 500, world)
    assert fallbacks.seen == []


def test_a_search_outage_is_told_in_the_readers_language(
    world: World, fallbacks: Fallbacks, app_instance: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise SearchUnavailable("the engine does not answer")

    monkeypatch.setattr(app_instance.state.search, "search", down)  # type: ignore[attr-defined]
    answers = _render_all(world.clients["anonymous"], "GET", "/vacancies?q=sairaanhoitaja")
    _check_error_pages(answers, 503, world)
    for lang, answer in answers.items():
        assert Translator(lang)("error.search_unavailable") in answer.text
    assert fallbacks.seen == []


def test_a_database_outage_is_told_in_the_readers_language(
    world: World, fallbacks: Fallbacks, app_instance: object
) -> None:
    state = app_instance.state  # type: ignore[attr-defined]
    saved = state.session_factory
    engine = create_engine("sqlite:////nonexistent-directory/marketplace.db")
    state.session_factory = sessionmaker(engine)
    try:
        url = f"/vacancies/{world.ids['vacancy_id']}"
        answers = _render_all(world.clients["anonymous"], "GET", url)
    finally:
        state.session_factory = saved
        engine.dispose()
    _check_error_pages(answers, 503, world)
    for lang, answer in answers.items():
        assert Translator(lang)("common.database_unavailable") in answer.text
    assert fallbacks.seen == []


@dataclass
class FormCase:
    """A form sent with a fault; the page comes back saying what is wrong."""

    who: str
    path: str
    form: dict[str, str]
    status: int
    says: tuple[str, ...]  # catalogue keys of the sentences the page shows


FORMS = [
    FormCase(
        "employer",
        "/employer/messages",
        {"profile_id": "{profile_id}", "subject": "Hei"},
        422,
        ("validation.missing",),
    ),
    FormCase(
        "employer",
        "/employer/messages",
        {
            "profile_id": "{profile_id}",
            "vacancy_id": "{elsewhere_id}",
            "subject": "Hei",
            "body": "Hei",
        },
        422,
        ("messaging.invalid.vacancy_id",),
    ),
    FormCase(
        "newcomer",
        "/me/saved-searches",
        {"name": "Pirkanmaan kunnat", "query": "q=hoitaja&municipality=999"},
        422,
        ("saved_searches.invalid_search",),
    ),
    FormCase(
        "collector",
        "/me/saved-searches",
        {"name": "Vielä yksi", "query": "q=hoitaja"},
        409,
        ("saved_searches.limit_reached",),
    ),
    FormCase("anonymous", "/register", {"role": "jobseeker"}, 422, ("validation.missing",)),
]


@pytest.mark.parametrize("case", FORMS, ids=[f"{c.who}:{c.path}:{c.says[0]}" for c in FORMS])
def test_form_errors_are_in_the_readers_language(
    world: World, fallbacks: Fallbacks, case: FormCase
) -> None:
    client = world.clients[case.who]
    form = {name: value.format(**world.ids) for name, value in case.form.items()}
    form["csrf_token"] = factories.csrf(client, "/login" if case.who == "anonymous" else "/")
    answers = _render_all(client, "POST", case.path, data=form)
    for lang, answer in answers.items():
        assert answer.status_code == case.status, (lang, answer.text[:500])
        t = Translator(lang)
        page = html.unescape(answer.text)
        for key in case.says:
            sentence = t(key, max=SAVED_MAX)
            # Told after the field's label, the sentence starts in lower case.
            assert sentence[:-1] in page or sentence[1:-1] in page, (lang, key)
    assert leftovers({lang: a.text for lang, a in answers.items()}, world.data) == {}
    assert fallbacks.seen == []


def test_catalogue_texts_differ_between_languages_unless_alike_by_nature() -> None:
    """Each key has all three texts, and a text the same in two languages is listed above."""
    empty = sorted(
        (key, lang)
        for key, texts in catalogue().items()
        for lang in LANGUAGES
        if not texts.get(lang, "").strip()
    )
    assert empty == []
    alike = sorted(
        key
        for key, texts in catalogue().items()
        if len({texts.get(lang) for lang in LANGUAGES}) < len(LANGUAGES)
    )
    assert alike == sorted(ALIKE_KEYS)


def test_leftovers_are_found() -> None:
    """The comparison itself: a Finnish text on a Swedish page is caught, data is not."""
    fi = "<main><h1>Avoimet työpaikat</h1><p>Kielikoe Oy</p><p>12.3.2026</p></main>"
    sv = "<main><h1>Avoimet työpaikat</h1><p>Kielikoe Oy</p><p>12.3.2026</p></main>"
    en = '<main><h1>Open jobs</h1><p>Kielikoe Oy</p><button aria-label="Tallenna">✕</button></main>'
    found = leftovers({"fi": fi, "sv": sv, "en": en}, [ORG])
    assert found == {"fi=sv": ["Avoimet työpaikat"]}
    fi = fi.replace("</main>", '<button aria-label="Tallenna">✕</button></main>')
    assert leftovers({"fi": fi, "en": en}, [ORG]) == {"en=fi": ["Tallenna"]}


def test_data_and_words_alike_are_not_leftovers() -> None:
    """A search hit's snippet, a taxonomy label and "Status" (Swedish and English alike) are
    no leftovers; a single word that also occurs in some data text still is one."""
    data = ["Haemme sairaanhoitajaa Tampereen päivystykseen.", "Haku ja valinta"]
    page = (
        "<p>Haemme <mark>sairaanhoitajaa</mark> Tampereen päivystykseen.</p>"
        "<ul><li>Tampere</li><li>Status:</li><li>Haku</li></ul>"
    )
    assert leftovers({"sv": page, "en": page}, data) == {"en=sv": ["Haku"]}
    assert leftovers({"fi": page, "sv": page}, data) == {"fi=sv": ["Haku", "Status:"]}

"""A seeded world for the trust tests: two jobseekers, two employers, a specialist and an admin,
each with a signed-in client, plus the records whose ids fill route path parameters."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from marketplace.accounts.models import Role, User
from marketplace.employers import service as employers
from marketplace.service_model.models import Customer
from marketplace.service_model.service import helsinki_today
from tests import factories

IN_CI = os.environ.get("CI", "").lower() == "true"

# Roles of the authorisation matrix, in the order each row lists them.
ROLES = (
    "anonymous",
    "jobseeker_a",
    "jobseeker_b",
    "employer_x",
    "employer_y",
    "specialist",
    "admin",
)

_world_seq = itertools.count(1)


@dataclass
class Actor:
    """One person (or nobody) with a client that carries their browser session."""

    role: str
    client: TestClient
    user: User | None = None
    bearer: dict[str, str] = field(default_factory=dict)
    csrf: str = ""


@dataclass
class World:
    """Who is signed in, and the ids that route path parameters are filled from."""

    actors: dict[str, Actor]
    ids: dict[str, Any]

    def actor(self, role: str) -> Actor:
        return self.actors[role]


def sign_in(app: FastAPI, user: User | None, role: str) -> Actor:
    """A client that holds a CSRF token, signed in through the login form unless anonymous."""
    client = TestClient(app, headers={"accept-language": "fi"})
    if user is not None:
        factories.browser_login(client, user)
        # Issued by the app's own signer: the token endpoint has tests of its own, and each
        # call there would cost a password verification.
        signer = app.state.tokens
        bearer = {
            "Authorization": f"Bearer {signer.issue(user.id, user.token_version, user.session_key)}"
        }
    else:
        bearer = {}
    return Actor(role, client, user, bearer, factories.csrf(client, "/login"))


def a_profile(n: int, email: str, **fields: Any) -> dict[str, Any]:
    """A full profile document: every list has an entry, so every remove route has a target."""
    doc: dict[str, Any] = {
        "visibility": "public",
        "headline": f"Sairaanhoitaja {n}",
        "summary": "Kokenut sairaanhoitaja, haavanhoito ja lääkehoito.",
        "municipality": "837",
        "contact": {"phone": "+358 40 765 4321", "email": email, "address": "Hämeenkatu 5"},
        "skills": ["S0040", "S0045"],
        "keywords": ["päivystys"],
        "licences": ["DL-B"],
        "languages": [{"code": "fi", "level": "native"}, {"code": "en", "level": "B2"}],
        "work": [{"title": "Sairaanhoitaja", "employer": "Tays", "start_date": "2018-01-01"}],
        "education": [{"title": "Sairaanhoitaja AMK", "institution": "TAMK", "end_year": 2017}],
        "wishes": {
            "occupations": ["2221.1"],
            "municipalities": ["837"],
            "regions": ["06"],
            "working_times": ["full_time"],
        },
    }
    doc.update(fields)
    return doc


# A real argon2id hash with the lowest cost: the login code verifies it with the parameters
# stored in the hash, so signing in takes milliseconds instead of a second per person.
_CHEAP_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(factories.PASSWORD)


def person(db: Session, role: Role, email: str, name: str, organization: str = "") -> User:
    """A user with the factories' password; employers with a new organisation of their own."""
    org = None
    if organization:
        org = employers.create_for_registration(db, organization, factories.business_id())
    user = User(email=email, password_hash=_CHEAP_HASH, role=role, full_name=name, organization=org)
    db.add(user)
    db.commit()
    return user


def build_world(app: FastAPI, factory: sessionmaker[Session]) -> World:
    """Fresh people and records (unique emails, so worlds can coexist in one database)."""
    n = next(_world_seq)
    with factory() as db:
        a = person(db, Role.JOBSEEKER, f"a{n}@world.example.fi", f"Aino A{n}")
        b = person(db, Role.JOBSEEKER, f"b{n}@world.example.fi", f"Bertta B{n}")
        x = person(db, Role.EMPLOYER, f"x{n}@world.example.fi", "Eero X", f"Xylo {n} Oy")
        y = person(db, Role.EMPLOYER, f"y{n}@world.example.fi", "Erkki Y", f"Ypsilon {n} Oy")
        specialist = person(db, Role.SPECIALIST, f"s{n}@te.example.fi", f"Sanna S{n}")
        admin = person(db, Role.ADMIN, f"admin{n}@te.example.fi", f"Arto Admin{n}")
        profile_a = factories.profile(db, a, **a_profile(n, a.email))
        profile_b = factories.profile(db, b, **a_profile(n, b.email, visibility="hidden"))
        vacancy_x = factories.vacancy(db, x)
        draft_x = factories.vacancy(db, x, title="Luonnos", publish=False)
        vacancy_y = factories.vacancy(db, y, title="Lähihoitaja kotihoitoon")
        ids: dict[str, Any] = {
            "user_a": a.id,
            "user_b": b.id,
            "profile_a": profile_a.id,
            "profile_b": profile_b.id,
            "vacancy_x": vacancy_x.id,
            "draft_x": draft_x.id,
            "vacancy_y": vacancy_y.id,
            "organization_x": x.organization_id,
            "organization_y": y.organization_id,
        }
        users = {
            "jobseeker_a": a,
            "jobseeker_b": b,
            "employer_x": x,
            "employer_y": y,
            "specialist": specialist,
            "admin": admin,
        }
    app.state.indexer.drain()
    actors = {role: sign_in(app, users.get(role), role) for role in ROLES}
    _register_customer(actors["jobseeker_a"], specialist, ids, factory)
    _employer_x_meets_a(actors["employer_x"], ids)
    _a_saves_a_search(actors["jobseeker_a"], ids)
    return World(actors, ids)


def _register_customer(
    a: Actor, specialist: User, ids: dict[str, Any], factory: sessionmaker[Session]
) -> None:
    """A becomes the specialist's customer with one reported job application."""
    response = a.client.post("/api/v1/me/registration", json={}, headers=a.bearer)
    assert response.status_code == 201, response.text
    assert a.user is not None
    with factory() as db:
        # Registration picks the least-loaded specialist of the whole database; this world's
        # specialist must be the one responsible.
        db.get_one(Customer, a.user.id).specialist_id = specialist.id
        db.commit()
    ids["meeting_key"] = response.json()["meetings"][0]["key"]
    report = {
        "applied_on": helsinki_today().isoformat(),
        "kind": "application",
        "employer": "Tays",
        "job_title": "Sairaanhoitaja",
    }
    response = a.client.post("/api/v1/me/job-applications", json=report, headers=a.bearer)
    assert response.status_code == 201, response.text
    ids["application_a"] = response.json()["id"]


def _employer_x_meets_a(x: Actor, ids: dict[str, Any]) -> None:
    """X shortlists A for its vacancy and contacts A through the platform."""
    vacancy, profile = ids["vacancy_x"], ids["profile_a"]
    entry = {"profile_id": profile, "note": "Kokenut"}
    response = x.client.post(f"/api/v1/vacancies/{vacancy}/shortlist", json=entry, headers=x.bearer)
    assert response.status_code == 201, response.text
    contact = {"profile_id": profile, "vacancy_id": vacancy, "subject": "Hei", "body": "Soitetaan?"}
    response = x.client.post("/api/v1/messages", json=contact, headers=x.bearer)
    assert response.status_code == 201, response.text
    ids["conversation_xa"] = response.json()["id"]


def _a_saves_a_search(a: Actor, ids: dict[str, Any]) -> None:
    search = {"name": "Hoitotyö", "params": {"q": "sairaanhoitaja"}}
    response = a.client.post("/api/v1/me/saved-searches", json=search, headers=a.bearer)
    assert response.status_code == 201, response.text
    ids["search_a"] = response.json()["id"]


@pytest.fixture(scope="module")
def world_factory(app_instance: FastAPI) -> Iterator[Callable[[], World]]:
    """Builds worlds on the session-wide app; each world has people of its own, so worlds
    coexist with whatever earlier tests left in the tables."""
    yield lambda: build_world(app_instance, app_instance.state.session_factory)

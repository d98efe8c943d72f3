"""A seeded world for the trust tests: two jobseekers, two employers, a specialist and an admin,
each with a signed-in client, plus the records whose ids fill route path parameters."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from marketplace.accounts.models import Role, User
from marketplace.service_model.models import Customer
from tests import factories

# Roles of the authorisation matrix, in the order each row lists them.
ROLES = ("anonymous", "jobseeker_a", "jobseeker_b", "employer_x", "employer_y", "specialist", "admin")

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
        signer = app.state.tokens
        bearer = {"Authorization": f"Bearer {signer.issue(user.id, user.token_version)}"}
    else:
        bearer = {}
    return Actor(role, client, user, bearer, factories.csrf(client, "/login"))


def a_profile(n: int, email: str, **fields: Any) -> dict[str, Any]:
    """A full profile document: every list has one entry so every remove route has a target."""
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


def build_world(app: FastAPI, factory: sessionmaker[Session]) -> World:
    """Fresh people and records (unique emails, so worlds can coexist in one database)."""
    n = next(_world_seq)
    with factory() as db:
        a = factories.jobseeker(db, name=f"Aino A{n}", email=f"a{n}@world.example.fi")
        b = factories.jobseeker(db, name=f"Bertta B{n}", email=f"b{n}@world.example.fi")
        x = factories.employer(db, org=f"Xylo {n} Oy", email=f"x{n}@world.example.fi")
        y = factories.employer(db, org=f"Ypsilon {n} Oy", email=f"y{n}@world.example.fi")
        specialist = factories.staff(db, Role.SPECIALIST, email=f"s{n}@te.example.fi")
        admin = factories.staff(db, Role.ADMIN, email=f"admin{n}@te.example.fi")
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
        "applied_on": date.today().isoformat(),
        "kind": "application",
        "employer": "Tays",
        "job_title": "Sairaanhoitaja",
    }
    response = a.client.post("/api/v1/me/job-applications", json=report, headers=a.bearer)
    assert response.status_code == 201, response.text
    ids["application_a"] = response.json()["id"]


@pytest.fixture(scope="module")
def world_factory(app_instance: FastAPI) -> Iterator[Callable[[], World]]:
    """Builds worlds on the session-wide app; the tables are emptied before the module."""
    yield lambda: build_world(app_instance, app_instance.state.session_factory)

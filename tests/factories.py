"""Test data factories: users, profiles and vacancies made through the real services."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts import service as accounts
from marketplace.accounts.models import Role, User
from marketplace.accounts.schemas import RegisterIn
from marketplace.accounts.security import hash_password
from marketplace.employers.business_id import check_digit
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.profiles.schemas import ProfileDocument
from marketplace.vacancies import service as vacancies
from marketplace.vacancies.models import Vacancy
from marketplace.vacancies.schemas import VacancyCreate

PASSWORD = "Salasana-2026"
_seq = itertools.count(1)


def business_id(n: int | None = None) -> str:
    """A valid Y-tunnus, different on every call."""
    while True:
        base = f"{(n if n is not None else next(_seq)) + 1000000:07d}"
        digit = check_digit(base)
        if digit is not None:
            return f"{base}-{digit}"
        n = None


def jobseeker(db: Session, name: str = "Maija Meikäläinen", email: str | None = None) -> User:
    email = email or f"jobseeker{next(_seq)}@example.fi"
    data = RegisterIn(email=email, password=PASSWORD, role="jobseeker", full_name=name)
    user = accounts.register(db, data)
    db.commit()
    return user


def employer(db: Session, org: str = "Testi Oy", email: str | None = None) -> User:
    email = email or f"employer{next(_seq)}@example.fi"
    data = RegisterIn(
        email=email,
        password=PASSWORD,
        role="employer",
        full_name="Eero Esimies",
        organization_name=org,
        business_id=business_id(),
    )
    user = accounts.register(db, data)
    db.commit()
    return user


def staff(db: Session, role: Role = Role.SPECIALIST, email: str | None = None) -> User:
    """Specialists and admins are created by administrators, not by self-registration."""
    user = User(
        email=email or f"{role}{next(_seq)}@te.example.fi",
        password_hash=hash_password(PASSWORD),
        role=role,
        full_name=f"Sanna {role.capitalize()}",
    )
    db.add(user)
    db.commit()
    return user


def profile(db: Session, user: User, **fields: Any) -> Profile:
    """Fill the user's profile; defaults describe a public nurse in Tampere."""
    doc: dict[str, Any] = {
        "visibility": "public",
        "headline": "Sairaanhoitaja, kokemusta päivystyksestä",
        "summary": "Olen kokenut sairaanhoitaja ja etsin työtä Tampereelta.",
        "municipality": "837",
        "contact": {"phone": "+358 40 123 4567", "email": user.email, "address": "Hämeenkatu 1"},
        "wishes": {"municipalities": ["837"], "working_times": ["full_time"]},
        "languages": [{"code": "fi", "level": "native"}],
    }
    doc.update(fields)
    result = profiles.replace(db, profiles.get_own(db, user), ProfileDocument.model_validate(doc))
    db.commit()
    return result


def vacancy(db: Session, owner: User, **fields: Any) -> Vacancy:
    """A published vacancy of the owner's organisation; defaults: a nurse job in Tampere."""
    data: dict[str, Any] = {
        "title": "Sairaanhoitaja päivystykseen",
        "description": "Haemme sairaanhoitajaa Tampereen päivystykseen.",
        "employment_type": "permanent",
        "working_time": "full_time",
        "municipality_code": "837",
        "deadline": date.today() + timedelta(days=30),
        "publish": True,
    }
    data.update(fields)
    result = vacancies.create(db, owner, VacancyCreate.model_validate(data))
    db.commit()
    return result


def login(client: TestClient, user: User, password: str = PASSWORD) -> dict[str, str]:
    """Bearer-token headers for API calls as the user."""
    response = client.post(
        "/api/v1/auth/token", data={"username": user.email, "password": password}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def browser_login(client: TestClient, user: User, password: str = PASSWORD) -> None:
    """Sign in through the login form, so the client carries a session cookie."""
    page = client.get("/login")
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"email": user.email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def csrf(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token as found in a page's forms."""
    page = client.get(path)
    return page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]

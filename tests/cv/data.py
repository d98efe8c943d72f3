"""Profiles for CV tests: a typical one-page CV and a long one that must paginate."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.profiles.models import Profile
from tests import factories

NAME = "Åsa Söderström-Hämäläinen"
PHONE = "+358 40 765 4321"
ADDRESS = "Linnankatu 7 B 12, 13100 Hämeenlinna"


def work_item(index: int, description: str = "") -> dict[str, Any]:
    return {
        "title": f"Sairaanhoitaja {index}",
        "employer": "Hämeenlinnan kaupunki",
        "occupation_code": None,
        "start_date": f"{2000 + index}-01-01",
        "end_date": f"{2001 + index}-06-30",
        "description": description
        or "Vastasin päivystyksen potilasvirroista ja perehdytin uusia työntekijöitä.",
    }


def one_page(db: Session, user: User, **fields: Any) -> Profile:
    """A complete but short profile: fits on one A4 page."""
    doc: dict[str, Any] = {
        "headline": "Sairaanhoitaja, kokemusta päivystyksestä",
        "summary": "Kokenut sairaanhoitaja Hämeenlinnasta. Opiskelin Åbossa, ja ruotsi sujuu: "
        "på svenska går det bra.",
        "municipality": "109",
        "contact": {"phone": PHONE, "email": user.email, "address": ADDRESS},
        "skills": ["S0001", "S0002"],
        "keywords": ["päivystys", "lääkehoito"],
        "work": [work_item(1), work_item(2)],
        "education": [
            {
                "title": "Sairaanhoitaja (AMK)",
                "institution": "Åbo Akademi",
                "start_year": 2010,
                "end_year": 2014,
            },
        ],
        "languages": [{"code": "fi", "level": "native"}, {"code": "sv", "level": "B2"}],
        "licences": ["ADR"],
        "wishes": {
            "municipalities": ["837"],
            "regions": ["01"],
            "working_times": ["full_time"],
            "employment_types": ["permanent"],
            "remote": True,
        },
    }
    doc.update(fields)
    return factories.profile(db, user, **doc)


def long_profile(db: Session, user: User, items: int = 14, **fields: Any) -> Profile:
    """Many work items with long descriptions: several pages."""
    text = "Kehitin osaston toimintatapoja yhdessä lääkäreiden kanssa. " * 12
    return one_page(db, user, work=[work_item(i, text) for i in range(items)], **fields)

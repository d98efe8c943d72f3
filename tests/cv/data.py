"""Profiles for CV tests: a typical one-page CV and a long one that must paginate."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.profiles.models import Education, Profile, ProfileLanguage, WorkExperience
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


def unsaved(summary_lines: int = 1, items: int = 3) -> Profile:
    """A profile that never touches the database, for rendering tests without a request."""
    created = datetime(2026, 1, 1, tzinfo=UTC)
    profile = Profile(
        id=7,
        user_id=1,
        visibility="public",
        headline="Sairaanhoitaja",
        summary="\n".join(["Kokenut sairaanhoitaja Hämeenlinnasta."] * summary_lines),
        phone=PHONE,
        contact_email="asa@example.fi",
        address=ADDRESS,
        municipality_code="109",
        skill_codes=["S0001", "S0002"],
        keywords=["päivystys"],
        licence_codes=["ADR"],
        wish_occupations=[],
        wish_municipalities=["837"],
        wish_regions=[],
        wish_employment_types=["permanent"],
        wish_working_times=["full_time"],
        wish_remote=False,
        available_from=None,
        version=1,
        created_at=created,
        updated_at=created,
    )
    profile.user = User(id=1, full_name=NAME, email="asa@example.fi", role="jobseeker")
    profile.work = [
        WorkExperience(
            position=i,
            **{
                **work_item(i),
                "start_date": date(2010 + i, 1, 1),
                "end_date": date(2011 + i, 6, 30),
            },
        )
        for i in range(items)
    ]
    profile.education = [
        Education(
            position=0,
            title="Sairaanhoitaja (AMK)",
            institution="Åbo Akademi",
            start_year=2010,
            end_year=2014,
        ),
        Education(
            position=1,
            title="Lähihoitaja",
            institution="Hämeenlinnan ammattiopisto",
            start_year=2006,
            end_year=2009,
        ),
    ]
    profile.languages = [ProfileLanguage(position=0, code="fi", level="native")]
    return profile

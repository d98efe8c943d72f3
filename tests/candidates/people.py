"""Jobseekers for candidate-search and matching tests, with canary strings in what must never
be shown: the identity of anonymous profiles, and everything about hidden ones."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from marketplace.profiles.models import Profile
from tests import factories

TAMPERE, HELSINKI, PIRKANMAA = "837", "091", "06"
NURSE, PRACTICAL_NURSE, COOK = "2221.1", "5321.1", "5120.1"
# Every canary contains this; no response may contain it, in any letter case.
CANARY = "zqxjvw"


@dataclass
class People:
    public: Profile
    anonymous: Profile
    hidden: Profile
    cook: Profile


def nurse_fields(**extra: object) -> dict[str, object]:
    """A nurse in Tampere who wants full-time permanent work."""
    fields: dict[str, object] = {
        "skills": ["S0040", "S0045"],
        "wishes": {
            "occupations": [NURSE],
            "municipalities": [TAMPERE],
            "working_times": ["full_time"],
            "employment_types": ["permanent"],
        },
        "work": [
            {
                "title": "Sairaanhoitaja",
                "occupation_code": NURSE,
                "employer": "Tays",
                "start_date": (date.today() - timedelta(days=4 * 365)).isoformat(),
            }
        ],
    }
    fields.update(extra)
    return fields


def seed(db: Session) -> People:
    """A public nurse, an anonymous nurse, a hidden nurse (all in Tampere) and a public cook."""
    public = factories.profile(db, factories.jobseeker(db, name="Pekka Julkinen"), **nurse_fields())
    anon_user = factories.jobseeker(db, name="Anna Zqxjvwanon", email="zqxjvwanon@example.fi")
    anonymous = factories.profile(
        db,
        anon_user,
        **nurse_fields(
            visibility="anonymous",
            headline="Sairaanhoitaja, kokemusta vanhustyöstä",
            contact={
                "phone": "+358 40 555 0101",
                "email": anon_user.email,
                "address": "Zqxjvwkatu 1",
            },
            languages=[{"code": "fi", "level": "native"}, {"code": "sv", "level": "B1"}],
        ),
    )
    hidden_user = factories.jobseeker(
        db, name="Heikki Zqxjvwhidden", email="zqxjvwhidden@example.fi"
    )
    hidden = factories.profile(
        db,
        hidden_user,
        **nurse_fields(
            visibility="hidden",
            headline="Sairaanhoitaja zqxjvwhiddenheadline",
            summary="Sairaanhoitaja Tampereelta, zqxjvwhiddensummary.",
            contact={
                "phone": "+358 40 555 0202",
                "email": hidden_user.email,
                "address": "Zqxjvwtie 2",
            },
        ),
    )
    cook = factories.profile(
        db,
        factories.jobseeker(db, name="Kalle Kokki"),
        headline="Kokki, à la carte -keittiö",
        summary="Kokki Helsingistä, kokemusta ravintolakeittiöstä.",
        municipality=HELSINKI,
        skills=[],
        wishes={"occupations": [COOK], "municipalities": [HELSINKI]},
    )
    return People(public, anonymous, hidden, cook)

"""Result cards read as plain rows must say what the loaded profiles say."""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.candidates.service import card_of, listed_cards
from tests.candidates.people import seed


def test_listed_cards_match_the_loaded_profiles_and_leave_out_hidden_ones(db: Session) -> None:
    people = seed(db)
    db.commit()
    shown = [people.public, people.anonymous, people.cook]
    ids = [p.id for p in [*shown, people.hidden]]

    cards = listed_cards(db, ids)

    assert cards == {p.id: card_of(p) for p in shown}
    assert people.hidden.id not in cards
    assert cards[people.anonymous.id].name is None
    assert cards[people.public.id].name == "Pekka Julkinen"
    assert cards[people.public.id].work_occupations == ["2221.1"]
    assert listed_cards(db, []) == {}

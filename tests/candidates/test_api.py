"""Candidate search API: privacy, filters, explanations, bad input and who may search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.indexing.documents import profile_document, profile_search_text
from marketplace.profiles import service as profiles
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import Visibility
from search.base import SearchUnavailable
from tests import factories
from tests.candidates import people
from tests.candidates.people import CANARY, COOK, HELSINKI, NURSE, PIRKANMAA, TAMPERE


def _employer(client: TestClient, db: Session) -> dict[str, str]:
    return factories.login(client, factories.employer(db))


def _ids(body: dict) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_hidden_never_found_and_anonymous_never_identified(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    for params in (
        {},
        {"q": "sairaanhoitaja"},
        {"q": "zqxjvwhiddenheadline"},
        {"q": "Zqxjvwanon"},
        {"municipality": TAMPERE},
        {"q": "sairaanhoitaja", "occupation": NURSE, "limit": 50},
    ):
        response = client.get("/api/v1/candidates", params=params, headers=headers)
        assert response.status_code == 200, response.text
        assert CANARY not in response.text.lower(), params
        assert seeded.hidden.id not in _ids(response.json())
    body = client.get("/api/v1/candidates", params={"q": "sairaanhoitaja"}, headers=headers).json()
    by_id = {item["id"]: item for item in body["items"]}
    assert {seeded.public.id, seeded.anonymous.id} <= set(by_id)
    anonymous = by_id[seeded.anonymous.id]
    assert anonymous["name"] is None and anonymous["reference"] == f"K-{seeded.anonymous.id:06d}"
    assert by_id[seeded.public.id]["name"] == "Pekka Julkinen"
    assert all("contact" not in item and "email" not in item for item in body["items"])


def test_facet_counts_exclude_hidden_profiles(client: TestClient, db: Session) -> None:
    people.seed(db)
    body = client.get("/api/v1/candidates", headers=_employer(client, db)).json()
    # Three profiles live in Tampere, one of them hidden.
    assert body["total"] == 3
    assert body["facets"]["municipality"][TAMPERE] == 2
    assert body["facets"]["occupation"][NURSE] == 2
    assert body["facets"]["region"][PIRKANMAA] == 2


def test_profile_made_hidden_disappears_at_once(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    assert seeded.public.id in _ids(client.get("/api/v1/candidates", headers=headers).json())
    profiles.set_visibility(db, seeded.public, Visibility.HIDDEN)
    db.commit()
    body = client.get("/api/v1/candidates", params={"q": "sairaanhoitaja"}, headers=headers).json()
    assert seeded.public.id not in _ids(body)
    assert body["facets"]["municipality"][TAMPERE] == 1


def test_inflected_finnish_query_finds_the_nurse_in_tampere(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    owner = factories.employer(db)
    nurse_job = factories.vacancy(db, owner, occupation_code=NURSE)
    factories.vacancy(
        db,
        owner,
        title="Kokki lounasravintolaan",
        description="Haemme kokkia Helsingin keskustaan.",
        occupation_code=COOK,
        municipality_code=HELSINKI,
    )
    query = {"q": "sairaanhoitajaksi Tampereelle"}
    vacancies = client.get("/api/v1/vacancies", params=query).json()
    assert vacancies["items"][0]["id"] == nurse_job.id
    headers = factories.login(client, owner)
    candidates = client.get("/api/v1/candidates", params=query, headers=headers).json()
    assert _ids(candidates)[:2] and set(_ids(candidates)[:2]) == {
        seeded.public.id,
        seeded.anonymous.id,
    }
    first = candidates["items"][0]
    assert first["score"] > 0 and first["explanation"]["text_match"]
    assert NURSE in first["explanation"]["occupations_matched"]
    assert any("<mark>" in s for snippets in first["highlights"].values() for s in snippets)


def test_a_misspelt_occupation_finds_the_nurses_and_says_how_it_was_read(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    params = {"q": "sairaanhoitjaksi Tampereelle"}
    body = client.get("/api/v1/candidates", params=params, headers=headers).json()
    assert set(_ids(body)[:2]) == {seeded.public.id, seeded.anonymous.id}
    assert seeded.hidden.id not in _ids(body)
    assert body["query"]["corrections"] == [
        {"typed": "sairaanhoitjaksi", "read": "sairaanhoitajaksi"}
    ]
    assert body["query"]["places"] == [TAMPERE]


def test_filters_and_their_explanation(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    params: dict[str, object] = {"skill": "S0045", "language": "sv", "region": PIRKANMAA}
    body = client.get("/api/v1/candidates", params=params, headers=headers).json()
    assert _ids(body) == [seeded.anonymous.id]
    explanation = body["items"][0]["explanation"]
    assert explanation["skills_matched"] == ["S0045"]
    assert explanation["languages_matched"] == ["sv"]
    assert explanation["location_fit"] == "region"
    assert explanation["locations_matched"] == [PIRKANMAA]
    assert body["items"][0]["skills"][0] == "S0045"
    cooks = client.get("/api/v1/candidates", params={"municipality": HELSINKI}, headers=headers)
    assert _ids(cooks.json()) == [seeded.cook.id]
    assert cooks.json()["items"][0]["explanation"]["location_fit"] == "municipality"


def test_a_place_named_in_the_query_ranks_and_explains_like_a_filter(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    body = client.get(
        "/api/v1/candidates", params={"q": "kokki tai sairaanhoitaja Helsingissä"}, headers=headers
    ).json()
    # Not a filter: people elsewhere still come, but the one in Helsinki comes first.
    assert len(body["items"]) > 1 and body["items"][0]["id"] == seeded.cook.id
    first = body["items"][0]["explanation"]
    assert first["location_fit"] == "municipality" and first["locations_matched"] == [HELSINKI]
    assert all(i["explanation"]["location_fit"] == "region" for i in body["items"][1:])
    assert body["query"]["places"] == [HELSINKI]


def test_a_place_alone_lists_the_people_there(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    body = client.get("/api/v1/candidates", params={"q": "Helsingissä"}, headers=headers).json()
    picked = client.get(
        "/api/v1/candidates", params={"municipality": HELSINKI}, headers=headers
    ).json()
    assert _ids(body) == _ids(picked) and seeded.cook.id in _ids(body)
    assert seeded.anonymous.id not in _ids(body)


def test_available_from_means_available_by_that_date(client: TestClient, db: Session) -> None:
    seeded = people.seed(db)
    later = date.today() + timedelta(days=60)
    factories.profile(
        db,
        seeded.public.user,
        **people.nurse_fields(wishes={"occupations": [NURSE], "available_from": later.isoformat()}),
    )
    headers = _employer(client, db)
    soon = (date.today() + timedelta(days=7)).isoformat()
    body = client.get("/api/v1/candidates", params={"available_from": soon}, headers=headers).json()
    assert seeded.public.id not in _ids(body)
    assert {seeded.anonymous.id, seeded.cook.id} <= set(_ids(body))
    assert all(item["explanation"]["available"] for item in body["items"])
    body = client.get(
        "/api/v1/candidates", params={"available_from": later.isoformat()}, headers=headers
    ).json()
    assert seeded.public.id in _ids(body)


def test_bad_input_is_422_naming_the_parameter(client: TestClient, db: Session) -> None:
    headers = _employer(client, db)
    cases = {
        "skill": "NOPE",
        "municipality": "000",
        "region": "99",
        "occupation": "0000.9",
        "language": "xx",
        "licence": "NOPE",
        "available_from": "31.12.2026",
        "q": "x" * 201,
        "limit": "500",
        "offset": "-1",
    }
    for name, value in cases.items():
        response = client.get("/api/v1/candidates", params={name: value}, headers=headers)
        assert response.status_code == 422, (name, response.text)
        assert name in response.text, name
    assert (
        client.get("/api/v1/candidates", params={"q": "x" * 200}, headers=headers).status_code
        == 200
    )


def test_page_past_the_end_is_empty(client: TestClient, db: Session) -> None:
    people.seed(db)
    response = client.get(
        "/api/v1/candidates", params={"offset": 100}, headers=_employer(client, db)
    )
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["total"] == 3


def test_only_employers_and_staff_may_search(client: TestClient, db: Session) -> None:
    assert client.get("/api/v1/candidates").status_code == 401
    jobseeker = factories.login(client, factories.jobseeker(db))
    assert client.get("/api/v1/candidates", headers=jobseeker).status_code == 403
    specialist = factories.login(client, factories.staff(db, Role.SPECIALIST))
    assert client.get("/api/v1/candidates", headers=specialist).status_code == 200


def test_search_outage_is_a_503_with_a_message(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = _employer(client, db)

    def down(*args: object, **kwargs: object) -> None:
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(client.app.state.search, "search", down)  # type: ignore[attr-defined]
    response = client.get("/api/v1/candidates", params={"q": "kokki"}, headers=headers)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.json()["message"]


def test_english_query_finds_finnish_profiles_through_the_taxonomy(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    body = client.get("/api/v1/candidates", params={"q": "registered nurse"}, headers=headers)
    ids = _ids(body.json())
    assert set(ids[:2]) == {seeded.public.id, seeded.anonymous.id}
    first = body.json()["items"][0]
    # The Finnish label the query was enriched with is what the profile text holds.
    assert any("<mark>Sairaanhoitaja</mark>" in s for s in first["highlights"].get("title", []))


def test_stale_index_entries_of_hidden_profiles_stay_invisible(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    state = client.app.state  # type: ignore[attr-defined]
    state.indexer.drain()  # the seeded changes are applied; nothing else is pending
    search, taxonomy = state.search, get_taxonomy()
    # As if the index had missed changes: the hidden profile is in it (marked hidden) ...
    text = profile_search_text(seeded.hidden, taxonomy)
    search.index("profiles", [profile_document(seeded.hidden, taxonomy, text)])
    # ... and the public one is still there as public after the database hid it.
    seeded.public.visibility = Visibility.HIDDEN
    db.commit()
    headers = _employer(client, db)
    response = client.get("/api/v1/candidates", params={"q": "sairaanhoitaja"}, headers=headers)
    assert CANARY not in response.text.lower()
    body = response.json()
    # The cook has nothing to show for "sairaanhoitaja" (no word, no occupation, no close
    # meaning), so only the searchable nurse comes.
    assert set(_ids(body)) == {seeded.anonymous.id}
    # The request's visibility filter keeps the hidden document out of the counts; the stale
    # public entry counts until the outbox catches up, but is never shown.
    assert body["facets"]["municipality"][TAMPERE] == 2


def test_a_sector_finds_its_people_and_hidden_ones_stay_hidden(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    care = client.get("/api/v1/candidates", params={"q": "hoitoalalta"}, headers=headers).json()
    # The nurses are care work, the cook is not; the hidden nurse is never found.
    assert set(_ids(care)) == {seeded.public.id, seeded.anonymous.id}
    assert [s["label"] for s in care["query"]["sectors"]] == ["Hoitoala"]
    assert CANARY not in str(care).lower()


def test_the_terms_of_work_a_person_wishes_are_searched_by_their_names(
    client: TestClient, db: Session
) -> None:
    seeded = people.seed(db)
    headers = _employer(client, db)
    # The nurses wish permanent work, which no text of theirs says; the cook names no contract.
    found = client.get("/api/v1/candidates", params={"q": "vakituinen"}, headers=headers).json()
    assert seeded.cook.id not in _ids(found)
    assert seeded.public.id in _ids(found)
    assert seeded.hidden.id not in _ids(found)

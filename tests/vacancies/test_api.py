"""Vacancy API: create, edit, publish, delete, listing and permissions."""

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.indexing import outbox
from marketplace.vacancies.models import Vacancy
from tests import factories

NEW = {
    "title": "Lähihoitaja kotihoitoon",
    "description": "Tehtäviisi kuuluu asiakkaiden kotikäynnit.",
    "employment_type": "permanent",
    "working_time": "shift",
    "municipality_code": "837",
}


def test_create_publish_list_unpublish_delete(client: TestClient, db: Session) -> None:
    headers = factories.login(client, factories.employer(db))
    created = client.post("/api/v1/vacancies", json=NEW, headers=headers)
    assert created.status_code == 201, created.text
    vacancy = created.json()
    assert vacancy["status"] == "draft" and not vacancy["listed"]
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}").status_code == 404
    listing = client.get("/api/v1/vacancies").json()
    assert listing["total"] == 0 and listing["items"] == []
    published = client.post(f"/api/v1/vacancies/{vacancy['id']}/publish", headers=headers).json()
    assert published["listed"] and published["published_at"]
    listing = client.get("/api/v1/vacancies").json()
    assert [item["id"] for item in listing["items"]] == [vacancy["id"]]
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}").status_code == 200
    client.post(f"/api/v1/vacancies/{vacancy['id']}/unpublish", headers=headers)
    assert client.get("/api/v1/vacancies").json()["total"] == 0
    assert client.delete(f"/api/v1/vacancies/{vacancy['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/vacancies/{vacancy['id']}", headers=headers).status_code == 404


def test_patch_changes_only_sent_fields(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    vacancy = factories.vacancy(db, owner)
    headers = factories.login(client, owner)
    response = client.patch(
        f"/api/v1/vacancies/{vacancy.id}", json={"salary_text": "TES"}, headers=headers
    )
    assert response.status_code == 200
    assert response.json()["salary_text"] == "TES" and response.json()["title"] == vacancy.title


def test_bad_input_is_422_naming_the_field(client: TestClient, db: Session) -> None:
    headers = factories.login(client, factories.employer(db))
    cases = {
        "occupation_code": {**NEW, "occupation_code": "0000.9"},
        "required_skills": {**NEW, "required_skills": ["NOPE"]},
        "deadline": {**NEW, "deadline": "31.12.2026"},
        "title": {**NEW, "title": "x" * 201},
        "employment_type": {**NEW, "employment_type": "forever"},
        "municipality_code": {**NEW, "municipality_code": "000"},
    }
    for field, body in cases.items():
        response = client.post("/api/v1/vacancies", json=body, headers=headers)
        assert response.status_code == 422, (field, response.text)
        assert field in response.text
    past = {**NEW, "deadline": (date.today() - timedelta(days=1)).isoformat(), "publish": True}
    response = client.post("/api/v1/vacancies", json=past, headers=headers)
    assert response.status_code == 422 and "deadline" in response.text
    assert db.scalar(select(func.count()).select_from(Vacancy)) == 0


def test_work_cannot_start_before_the_deadline(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    headers = factories.login(client, owner)
    soon, later = date.today() + timedelta(days=5), date.today() + timedelta(days=20)
    inverted = {**NEW, "start_date": soon.isoformat(), "deadline": later.isoformat()}
    response = client.post("/api/v1/vacancies", json=inverted, headers=headers)
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["start_date"]
    assert db.scalar(select(func.count()).select_from(Vacancy)) == 0

    # A change to one date is checked against the other one as saved.
    vacancy = factories.vacancy(db, owner, start_date=later, deadline=soon)
    response = client.patch(
        f"/api/v1/vacancies/{vacancy.id}",
        json={"deadline": (later + timedelta(days=1)).isoformat()},
        headers=headers,
    )
    assert response.status_code == 422, response.text
    db.expire_all()
    assert db.get(Vacancy, vacancy.id).deadline == soon  # type: ignore[union-attr]
    same_day = {**NEW, "start_date": soon.isoformat(), "deadline": soon.isoformat()}
    assert client.post("/api/v1/vacancies", json=same_day, headers=headers).status_code == 201


def test_other_organisation_cannot_edit(client: TestClient, db: Session) -> None:
    vacancy = factories.vacancy(db, factories.employer(db))
    other = factories.login(client, factories.employer(db))
    assert (
        client.patch(
            f"/api/v1/vacancies/{vacancy.id}", json={"title": "X"}, headers=other
        ).status_code
        == 403
    )
    assert client.delete(f"/api/v1/vacancies/{vacancy.id}", headers=other).status_code == 403
    jobseeker = factories.login(client, factories.jobseeker(db))
    assert client.post("/api/v1/vacancies", json=NEW, headers=jobseeker).status_code == 403


def test_expired_vacancies_leave_listings(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    vacancy = factories.vacancy(db, owner)
    # The deadline passes: indexed with it, as if the day had come round since.
    vacancy.deadline = date.today() - timedelta(days=1)
    outbox.record(db, "vacancies", vacancy.id)
    db.commit()
    assert client.get("/api/v1/vacancies").json()["total"] == 0
    assert client.get(f"/api/v1/vacancies/{vacancy.id}").status_code == 404


def test_listing_filters_and_pagination(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    for i in range(3):
        factories.vacancy(db, owner, title=f"Kokki {i}", municipality_code="091")
    factories.vacancy(db, owner)
    helsinki = client.get("/api/v1/vacancies", params={"municipality": "091"}).json()
    assert helsinki["total"] == 3
    page = client.get("/api/v1/vacancies", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    past_end = client.get("/api/v1/vacancies", params={"offset": 50}).json()
    assert past_end["items"] == [] and past_end["total"] == 4
    bad = client.get("/api/v1/vacancies", params={"municipality": "xyz"})
    assert bad.status_code == 422 and "municipality" in bad.text
    assert client.get("/api/v1/vacancies", params={"published_since": "eilen"}).status_code == 422
    assert client.get("/api/v1/vacancies", params={"q": "x" * 201}).status_code == 422


def test_search_texts_are_encoded_once_and_never_stored(client: TestClient, db: Session) -> None:
    from marketplace.indexing.models import EmbeddingCacheEntry

    cached_before = db.scalar(select(func.count()).select_from(EmbeddingCacheEntry))
    indexer = client.app.state.indexer  # type: ignore[attr-defined]
    calls: list[list[str]] = []
    inner = indexer._encoder

    class Counting:
        dim = inner().dim
        model_id = inner().model_id

        def encode(self, texts: list[str], batch_size: int = 64) -> object:
            calls.append(list(texts))
            return inner().encode(texts, batch_size)

    indexer._encoder = Counting
    try:
        for _ in range(2):
            found = client.get("/api/v1/vacancies", params={"q": "qvxw plorft"})
            assert found.status_code == 200, found.text
    finally:
        indexer._encoder = inner
    assert len(calls) == 1 and "qvxw" in calls[0][0]
    db.expire_all()
    assert db.scalar(select(func.count()).select_from(EmbeddingCacheEntry)) == cached_before


def test_a_query_typed_without_a_and_o_finds_what_the_proper_spelling_finds(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    practical = factories.vacancy(
        db,
        owner,
        title="Lähihoitaja kotihoitoon",
        description="Työ on vanhusten kotihoitoa.",
        occupation_code=None,
        required_skills=[],
        desired_skills=[],
        municipality_code="109",
    )
    factories.vacancy(db, owner, title="Kokki", description="Lounasravintola.")

    def found(q: str) -> list[int]:
        answer = client.get("/api/v1/vacancies", params={"q": q}).json()
        return [item["id"] for item in answer["items"]]

    assert found("lähihoitajaksi Hämeenlinnaan") == [practical.id]
    assert found("lahihoitajaksi Hameenlinnaan") == [practical.id]
    assert found("lahihoitaja") == [practical.id]


def test_a_common_word_beside_an_occupation_finds_no_posting_of_another_occupation(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    # Twelve postings ask for "kokemusta" (experience); none is for a welder.
    for n in range(12):
        factories.vacancy(
            db,
            owner,
            title=f"Varastotyöntekijä {n}",
            description="Edellytämme kokemusta varastotyöstä.",
            occupation_code="4321.1",
            required_skills=[],
        )
    welder = factories.vacancy(
        db, owner, title="Hitsaaja", description="MIG-hitsausta.", occupation_code="7212.1"
    )

    def found(q: str) -> list[int]:
        return [
            item["id"] for item in client.get("/api/v1/vacancies", params={"q": q}).json()["items"]
        ]

    assert found("hitsaaja kokemusta") == [welder.id]
    assert len(found("kokemusta")) == 12
    # The answer says which words only ordered the results.
    read = client.get("/api/v1/vacancies", params={"q": "hitsaaja kokemusta"}).json()["query"]
    assert read["common_words"] == ["kokemusta"]
    alone = client.get("/api/v1/vacancies", params={"q": "kokemusta"}).json()["query"]
    assert alone["common_words"] == []


def test_a_posting_without_codes_is_found_by_the_occupation_its_title_names(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    uncoded = {"occupation_code": None, "required_skills": [], "desired_skills": []}
    swedish = factories.vacancy(
        db,
        owner,
        title="Sjukskötare till avdelning 5",
        description="Vi söker en sjukskötare till vår bäddavdelning.",
        **uncoded,
    )
    factories.vacancy(
        db, owner, title="Kokki lounasravintolaan", description="Keittiöön kokki.", **uncoded
    )
    # A Finnish query finds the Swedish posting through the occupation its title names, and
    # so does the occupation filter; what the employer recorded stays as it was.
    found = client.get("/api/v1/vacancies", params={"q": "sairaanhoitaja"}).json()
    assert [item["id"] for item in found["items"]] == [swedish.id]
    filtered = client.get("/api/v1/vacancies", params={"occupation": "2221.1"}).json()
    assert [item["id"] for item in filtered["items"]] == [swedish.id]
    assert client.get(f"/api/v1/vacancies/{swedish.id}").json()["occupation_code"] is None


def test_a_compound_title_or_query_is_read_as_a_kind_of_its_head(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    uncoded = {"occupation_code": None, "required_skills": [], "desired_skills": []}
    pizza = factories.vacancy(
        db, owner, title="Pizzakokki", description="Uuniin ja linjastoon.", **uncoded
    )
    cook = factories.vacancy(db, owner, title="Kokki", description="Lounasravintola.", **uncoded)
    factories.vacancy(db, owner, title="Myyjä", description="Kenkäkauppa.", **uncoded)

    def search(q: str) -> dict[str, Any]:
        return client.get("/api/v1/vacancies", params={"q": q}).json()

    # The posting titled with a compound is a cook's job: the occupation filter finds it.
    filtered = client.get("/api/v1/vacancies", params={"occupation": "5120.1"}).json()
    assert {item["id"] for item in filtered["items"]} == {pizza.id, cook.id}
    # A compound typed finds its own kind first, then the other cooks, and nothing else.
    typed = search("pizzakokiksi")
    assert [item["id"] for item in typed["items"]] == [pizza.id, cook.id]
    assert [c["label"] for c in typed["query"]["concepts"]] == ["Kokki"]
    assert {item["id"] for item in search("sushikokki")["items"]} == {pizza.id, cook.id}


def test_a_sector_finds_the_postings_of_its_occupations(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    uncoded = {"occupation_code": None, "required_skills": [], "desired_skills": []}
    carpenter = factories.vacancy(
        db, owner, title="Kirvesmies", description="Runkotyöt uudiskohteessa.", **uncoded
    )
    bricklayer = factories.vacancy(
        db, owner, title="Muurari", description="Julkisivut.", municipality_code="091", **uncoded
    )
    factories.vacancy(db, owner, title="Kokki", description="Lounasravintola.", **uncoded)

    found = client.get("/api/v1/vacancies", params={"q": "rakennusalan työt"}).json()
    assert {item["id"] for item in found["items"]} == {carpenter.id, bricklayer.id}
    assert [s["label"] for s in found["query"]["sectors"]] == ["Rakennusala"]
    # With a place, the sector's postings there come first.
    there = client.get("/api/v1/vacancies", params={"q": "rakennusala Helsinki"}).json()
    assert there["items"][0]["id"] == bricklayer.id
    # A sector typed with an error no posting holds is read as the sector.
    typed = client.get("/api/v1/vacancies", params={"q": "rakenusalan työt"}).json()
    assert {item["id"] for item in typed["items"]} == {carpenter.id, bricklayer.id}
    assert typed["query"]["corrections"] == [{"typed": "rakenusalan", "read": "rakennusalan"}]


def test_the_terms_of_work_are_searched_by_their_names(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    summer = factories.vacancy(
        db,
        owner,
        title="Puistotyöntekijä",
        description="Nurmikot ja istutukset kesä-elokuussa.",
        employment_type="summer",
        working_time="part_time",
    )
    factories.vacancy(db, owner, title="Puistotyöntekijä", description="Ympärivuotinen työ.")

    def found(q: str) -> list[int]:
        return [
            item["id"] for item in client.get("/api/v1/vacancies", params={"q": q}).json()["items"]
        ]

    # Neither text says "kesätyö" or "osa-aikainen"; the posting's terms do.
    assert found("kesätyö") == [summer.id]
    assert found("sommarjobb") == [summer.id]
    assert found("osa-aikainen") == [summer.id]
    assert found("osa-aikatyö") == [summer.id]
    assert found("puistotyöntekijä kesätyö")[0] == summer.id


def test_remote_work_finds_the_partly_remote_postings_too(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    remote = factories.vacancy(db, owner, title="Kirjanpitäjä", remote="remote")
    hybrid = factories.vacancy(db, owner, title="Kirjanpitäjä", remote="hybrid")
    factories.vacancy(db, owner, title="Kirjanpitäjä", remote="onsite")
    answer = client.get("/api/v1/vacancies", params={"q": "etätyö"}).json()
    # "Osittain etänä" holds no "etätyö": a partly remote posting is indexed as remote work too.
    assert {item["id"] for item in answer["items"]} == {remote.id, hybrid.id}


def test_a_skill_is_found_in_the_forms_the_stemmer_does_not_join(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    wounds = factories.vacancy(
        db, owner, title="Sairaanhoitaja", description="Vastaat vaativasta haavanhoidosta."
    )
    factories.vacancy(db, owner, title="Sairaanhoitaja", description="Sisätautien osasto.")
    # "haavanhoidosta" stems to "haavanhoido", "haavanhoito" to itself.
    found = client.get("/api/v1/vacancies", params={"q": "haavanhoito"}).json()
    assert [item["id"] for item in found["items"]] == [wounds.id]


def test_a_word_no_posting_holds_is_read_as_the_close_word_that_some_do(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    nurse = factories.vacancy(db, owner, title="Sairaanhoitaja", description="Sisätautien osasto.")
    factories.vacancy(db, owner, title="Kokki", description="Lounasravintola.")

    def search(q: str) -> dict[str, Any]:
        return client.get("/api/v1/vacancies", params={"q": q}).json()

    typed = search("sairaanhoitjaksi")
    assert [item["id"] for item in typed["items"]] == [nurse.id]
    assert typed["query"]["corrections"] == [
        {"typed": "sairaanhoitjaksi", "read": "sairaanhoitajaksi"}
    ]
    assert [c["label"] for c in typed["query"]["concepts"]] == ["Sairaanhoitaja"]
    # Spelt right, or held by a posting as typed, a word is read as it is.
    assert search("sairaanhoitajaksi")["query"]["corrections"] == []
    misspelt = factories.vacancy(db, owner, title="Sairaanhoitja", description="Kirjoitusvirhe.")
    held = search("sairaanhoitja")
    assert held["query"]["corrections"] == []
    assert held["items"][0]["id"] == misspelt.id


def test_swedish_function_words_find_no_swedish_posting_of_another_occupation(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    electrician = factories.vacancy(
        db, owner, title="Sähköasentaja", description="Asennuksia.", occupation_code=None
    )
    factories.vacancy(
        db,
        owner,
        title="Sjukskötare",
        description="Vi söker en sjukskötare som trivs i ett team.",
        occupation_code=None,
    )
    found = client.get("/api/v1/vacancies", params={"q": "lediga jobb som elektriker"}).json()
    assert [item["id"] for item in found["items"]] == [electrician.id]


def test_a_word_that_only_says_job_asks_for_the_place(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    here = factories.vacancy(db, owner, title="Kokki", municipality_code="179")
    factories.vacancy(
        db, owner, title="Siivooja", description="Töitä riittää.", municipality_code="091"
    )
    found = client.get("/api/v1/vacancies", params={"q": "töitä Jyväskylä"}).json()
    assert [item["id"] for item in found["items"]] == [here.id]


def test_the_work_and_the_field_find_the_trades_named_after_them(
    client: TestClient, db: Session
) -> None:
    owner = factories.employer(db)
    cleaner = factories.vacancy(db, owner, title="Kotisiivooja", municipality_code="853")
    elsewhere = factories.vacancy(db, owner, title="Kotisiivooja", municipality_code="091")
    storekeeper = factories.vacancy(db, owner, title="Varastonhoitaja", municipality_code="091")
    factories.vacancy(db, owner, title="Kokki", municipality_code="853")

    def found(q: str) -> list[int]:
        answer = client.get("/api/v1/vacancies", params={"q": q}).json()
        return [item["id"] for item in answer["items"]]

    # "siivous" (cleaning) is searched as "siivooja" (cleaner), the head of "kotisiivooja";
    # the place named puts the cleaner in Turku first.
    assert found("siivous turku")[:2] == [cleaner.id, elsewhere.id]
    # "varasto" (warehouse) is the word before the head of "varastonhoitaja".
    assert found("varasto")[:1] == [storekeeper.id]


def test_a_title_in_the_plural_is_found_by_the_singular(client: TestClient, db: Session) -> None:
    owner = factories.employer(db)
    sellers = factories.vacancy(db, owner, title="Myyjiä Tampereelle", description="Kauppa.")
    workers = factories.vacancy(db, owner, title="Varastotyöntekijöitä", description="Keräily.")
    factories.vacancy(db, owner, title="Kokki", description="Keittiö.")

    def found(q: str) -> list[int]:
        answer = client.get("/api/v1/vacancies", params={"q": q}).json()
        return [item["id"] for item in answer["items"]]

    assert found("myyjä") == [sellers.id]
    assert found("varastotyöntekijä") == [workers.id]
    # "varastotyö" (warehouse work) asks for the field: the word before the worker's head.
    assert found("varastotyö") == [workers.id]

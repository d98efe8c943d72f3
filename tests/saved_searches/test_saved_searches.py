"""Saved searches: "new since the last visit" by result ids, opening marks them seen, hidden
profiles never count, and only the owner reaches a saved search."""

from __future__ import annotations

import html

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role
from marketplace.profiles import service as profiles
from marketplace.taxonomy.vocab import Visibility
from tests import factories

TAMPERE, HELSINKI = "837", "091"
API = "/api/v1/me/saved-searches"


def _new_counts(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    response = client.get(API, headers=headers)
    assert response.status_code == 200, response.text
    return {s["name"]: s["new_count"] for s in response.json()}


def test_vacancy_search_counts_new_matches_until_opened(client: TestClient, db: Session) -> None:
    employer = factories.employer(db)
    factories.vacancy(db, employer)
    headers = factories.login(client, factories.jobseeker(db))
    saved = client.post(
        API,
        json={"name": "Tampere", "params": {"municipality": TAMPERE, "lang": []}},
        headers=headers,
    )
    assert saved.status_code == 201, saved.text
    assert saved.json()["params"] == {"municipality": [TAMPERE]}
    assert saved.json()["search_url"] == f"/vacancies?municipality={TAMPERE}"
    nurses = client.post(
        API, json={"name": "Hoitajat", "params": {"q": "sairaanhoitaja"}}, headers=headers
    )
    assert nurses.status_code == 201
    assert _new_counts(client, headers) == {"Tampere": 0, "Hoitajat": 0}

    fresh = factories.vacancy(db, employer, title="Sairaanhoitaja vuodeosastolle")
    helsinki = factories.vacancy(db, employer, municipality_code=HELSINKI)
    factories.vacancy(
        db, employer, title="Hitsaaja", description="Hitsaustyöt konepajalla Tampereella."
    )
    draft = factories.vacancy(db, employer, title="Sairaanhoitaja luonnos", publish=False)
    # Tampere: the new nurse and welder jobs; nurses: the new nurse jobs anywhere, no welder.
    assert _new_counts(client, headers) == {"Tampere": 2, "Hoitajat": 2}

    opened = client.post(f"{API}/{nurses.json()['id']}/open", headers=headers)
    assert opened.status_code == 200
    body = opened.json()
    assert sorted(body["new_ids"]) == sorted([fresh.id, helsinki.id])
    assert {v["id"] for v in body["vacancies"][:2]} == {fresh.id, helsinki.id}
    assert body["total"] == 3
    assert draft.id not in [v["id"] for v in body["vacancies"]]
    assert _new_counts(client, headers) == {"Tampere": 2, "Hoitajat": 0}


def test_candidate_search_never_counts_or_shows_hidden_or_identity(
    client: TestClient, db: Session
) -> None:
    factories.profile(db, factories.jobseeker(db, name="Vanha Tuttu"))
    headers = factories.login(client, factories.employer(db))
    saved = client.post(
        API, json={"name": "Tampere", "params": {"municipality": [TAMPERE]}}, headers=headers
    )
    assert saved.status_code == 201, saved.text

    anonymous = factories.profile(
        db, factories.jobseeker(db, name="Salla Salainen"), visibility="anonymous"
    )
    factories.profile(db, factories.jobseeker(db, name="Piilo Pekka"), visibility="hidden")
    later_hidden = factories.profile(db, factories.jobseeker(db, name="Kadonnut Kalle"))
    profiles.set_visibility(db, later_hidden, Visibility.HIDDEN)
    db.commit()
    factories.profile(
        db,
        factories.jobseeker(db, name="Helsingin Hanna"),
        municipality=HELSINKI,
        wishes={"municipalities": [HELSINKI]},
    )
    assert _new_counts(client, headers) == {"Tampere": 1}

    opened = client.post(f"{API}/{saved.json()['id']}/open", headers=headers)
    assert opened.json()["new_ids"] == [anonymous.id]
    first = opened.json()["candidates"][0]
    assert first["reference"] == anonymous.reference and first["name"] is None
    for secret in ("Salla", "Piilo", "Kadonnut", "Kalle"):
        assert secret not in opened.text
    assert "Vanha Tuttu" in opened.text


def test_invalid_parameters_are_422_naming_them(client: TestClient, db: Session) -> None:
    headers = factories.login(client, factories.jobseeker(db))
    cases = {
        "params.color": {"name": "x", "params": {"color": "red"}},
        "params.municipality": {"name": "x", "params": {"municipality": "999"}},
        "params.published_since": {"name": "x", "params": {"published_since": "eilen"}},
        "name": {"name": "  ", "params": {}},
    }
    for field, body in cases.items():
        response = client.post(API, json=body, headers=headers)
        assert response.status_code == 422, (field, response.text)
        assert [".".join(map(str, e["loc"])) for e in response.json()["detail"]][-1].endswith(field)


def test_only_the_owner_reaches_a_saved_search(client: TestClient, db: Session) -> None:
    owner = factories.login(client, factories.jobseeker(db))
    saved = client.post(API, json={"name": "Kaikki", "params": {}}, headers=owner).json()
    other = factories.login(client, factories.jobseeker(db))
    assert client.get(API, headers=other).json() == []
    assert client.post(f"{API}/{saved['id']}/open", headers=other).status_code == 404
    assert client.delete(f"{API}/{saved['id']}", headers=other).status_code == 404
    specialist = factories.login(client, factories.staff(db, Role.SPECIALIST))
    assert client.get(API, headers=specialist).status_code == 403
    assert client.delete(f"{API}/{saved['id']}", headers=owner).status_code == 204
    assert client.get(API, headers=owner).json() == []


def test_pages_save_list_open_and_delete_with_csrf(client: TestClient, db: Session) -> None:
    employer = factories.employer(db, org="Hoiva Oy")
    factories.vacancy(db, employer)
    factories.browser_login(client, factories.jobseeker(db))
    form = {"name": "Tampereen <työt>", "query": f"q=&municipality={TAMPERE}&lang=fi&offset=20"}
    assert client.post("/me/saved-searches", data=form).status_code == 403
    token = factories.csrf(client, "/me/saved-searches")
    saved = client.post(
        "/me/saved-searches", data={**form, "csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303
    bad = client.post(
        "/me/saved-searches",
        data={"name": "x", "query": "municipality=999", "csrf_token": token},
    )
    assert bad.status_code == 422 and 'href="#saved-search"' in bad.text
    assert "Hakua ei voi tallentaa, koska sen ehdoissa on virhe." in bad.text

    fresh = factories.vacancy(db, employer, title="Lähihoitaja kotihoitoon")
    listing = client.get("/me/saved-searches").text
    assert "Tampereen &lt;työt&gt;" in listing and "1 uutta" in listing
    assert "Kunta: Tampere" in listing
    search_id = listing.split('href="/me/saved-searches/', 1)[1].split('"', 1)[0]
    opened = client.get(f"/me/saved-searches/{search_id}").text
    new_item = opened.split(f'href="/vacancies/{fresh.id}"', 1)[1].split("</h2>", 1)[0]
    assert "Uusi" in new_item
    assert "1 uutta" not in client.get("/me/saved-searches").text

    delete = f"/me/saved-searches/{search_id}/delete"
    assert client.post(delete).status_code == 403
    assert (
        client.post(delete, data={"csrf_token": token}, follow_redirects=False).status_code == 303
    )
    assert "Tampereen" not in client.get("/me/saved-searches").text


def test_an_employer_saves_a_candidate_search_from_its_page(
    client: TestClient, db: Session
) -> None:
    factories.browser_login(client, factories.employer(db, org="Hoiva Oy"))
    page = client.get("/candidates", params={"q": "sairaanhoitaja", "municipality": TAMPERE})
    assert 'action="/me/saved-searches"' in page.text
    query = page.text.split('name="query" value="', 1)[1].split('"', 1)[0]
    token = factories.csrf(client, "/candidates")
    saved = client.post(
        "/me/saved-searches",
        data={"name": "Hoitajat", "query": html.unescape(query), "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    listing = client.get("/me/saved-searches").text
    assert "Hoitajat" in listing and "Kunta: Tampere" in listing

from __future__ import annotations

from datetime import date

import pytest

from matching.facts import EducationItem, ProfileFacts, VacancyFacts, WorkItem
from matching.text import (
    clean_posting,
    is_company_sentence,
    profile_embed_text,
    profile_text,
    vacancy_embed_text,
    vacancy_text,
)

LABELS = {
    "occ:nurse": "sairaanhoitaja",
    "occ:accountant": "kirjanpitäjä",
    "skill:iv": "suonensisäinen lääkitys",
    "skill:ledger": "kirjanpito",
    "skill:vat": "arvonlisäverotus",
}

METAL_ACCOUNTANT_AD = (
    "Olemme vuonna 1962 perustettu metalliteollisuuden perheyritys.\n"
    "Yrityksemme valmistaa hitsattuja teräsrakenteita ja konepajatuotteita. "
    "Liikevaihtomme on 40 milj. euroa ja työllistämme 250 ammattilaista.\n"
    "\n"
    "Haemme kirjanpitäjää taloushallintoon. "
    "Tehtäviisi kuuluu ostoreskontra, täsmäytykset ja kuukausiraportointi.\n"
    "Edellytämme kokemusta kirjanpidosta ja Procountor-ohjelmiston tuntemusta.\n"
    "Tarjoamme kilpailukykyisen palkan ja liikuntaedut."
)


def test_clean_posting_drops_company_description_of_metal_company_ad() -> None:
    cleaned = clean_posting(METAL_ACCOUNTANT_AD)
    assert "teräsrakenteita" not in cleaned
    assert "metalliteollisuuden" not in cleaned
    assert "Liikevaihtomme" not in cleaned
    assert "liikuntaedut" not in cleaned
    assert "Haemme kirjanpitäjää taloushallintoon." in cleaned
    assert "Tehtäviisi kuuluu ostoreskontra" in cleaned
    assert "Procountor" in cleaned


def test_clean_posting_keeps_sentences_with_job_cues_even_with_company_cues() -> None:
    text = "Olemme kasvava yritys ja haemme nyt joukkoomme hitsaajaa."
    assert clean_posting(text) == text


def test_clean_posting_handles_english() -> None:
    text = (
        "We are a leading logistics company founded in 1990. Our company has 1 200 employees. "
        "You will plan routes and schedule drivers. Requirements: C licence."
    )
    cleaned = clean_posting(text)
    assert cleaned == "You will plan routes and schedule drivers. Requirements: C licence."


def test_clean_posting_drops_paragraph_under_company_heading_only() -> None:
    text = (
        "Tietoa meistä:\n"
        "Asiakkaina ovat kunnat ja sairaanhoitopiirit. Palvelemme koko Suomea.\n"
        "\n"
        "Työskentelet osastolla sairaanhoitajana.\n"
        "Vuorotyö on kolmivuorotyötä."
    )
    cleaned = clean_posting(text)
    assert "kunnat" not in cleaned
    assert "Palvelemme" not in cleaned
    assert cleaned == "Työskentelet osastolla sairaanhoitajana.\nVuorotyö on kolmivuorotyötä."


def test_clean_posting_keeps_job_sentence_inside_company_section() -> None:
    text = "Meistä\nPalvelemme koko Suomea. Haemme nyt myyjää Ouluun."
    assert clean_posting(text) == "Haemme nyt myyjää Ouluun."


def test_clean_posting_returns_all_company_text_rather_than_nothing() -> None:
    text = "Olemme suomalainen ohjelmistotalo. Yrityksemme perustettiin 2001."
    assert clean_posting(text) == text


def test_clean_posting_leaves_neutral_text_alone() -> None:
    text = "Kuorma-auton kuljettaja Helsinki.\n- C-kortti\n- ammattipätevyys"
    assert clean_posting(text) == text


@pytest.mark.parametrize(
    ("sentence", "company"),
    [
        ("Meillä työskentelee yli 300 osaajaa.", True),
        ("Vi är ett familjeföretag med 50 anställda.", True),
        ("Pörssiyhtiönä toimimme vastuullisesti.", True),
        ("Tehtävä on vakituinen.", False),
        ("Haemme 2 työntekijää.", False),
        ("Toimit tiimin esihenkilönä.", False),
        ("Työ alkaa syyskuussa.", False),
    ],
)
def test_is_company_sentence(sentence: str, company: bool) -> None:
    assert is_company_sentence(sentence) is company


def _profile() -> ProfileFacts:
    return ProfileFacts(
        id=7,
        headline="Kokenut sairaanhoitaja",
        summary="Olen työskennellyt päivystyksessä ja teho-osastolla.",
        skill_codes=("skill:iv", "skill:unknown"),
        keywords=("triage",),
        occupation_codes=("occ:nurse",),
        work=(
            WorkItem("Perushoitaja", None, "Kunta", date(2010, 1, 1), date(2014, 5, 31), ""),
            WorkItem("Sairaanhoitaja", "occ:nurse", "HUS", date(2015, 1, 1), None, "Päivystys"),
            WorkItem(
                "Hoitaja", "occ:nurse", "Mehiläinen", date(2014, 6, 1), date(2014, 12, 31), ""
            ),
        ),
        education=(EducationItem("Sairaanhoitaja AMK", "Metropolia", 2014),),
        languages={"fi": "native"},
    )


def test_profile_text_contains_competence_in_priority_order() -> None:
    text = profile_text(_profile(), LABELS)
    lines = text.split("\n")
    assert lines[0] == "Kokenut sairaanhoitaja"
    assert lines[1] == "sairaanhoitaja"
    assert lines[2] == "suonensisäinen lääkitys, triage"
    assert lines[3].startswith("Olen työskennellyt")
    # Work most recent first: the ongoing job, then by end date.
    assert lines[4] == "Sairaanhoitaja: Päivystys"
    assert lines[5] == "Hoitaja (sairaanhoitaja)"
    assert lines[6] == "Perushoitaja"
    assert lines[7] == "Sairaanhoitaja AMK"
    assert "skill:unknown" not in text
    assert "HUS" not in text  # employers are not competence


def test_profile_text_trims_long_work_descriptions() -> None:
    long = "hoitotyö " * 200
    profile = ProfileFacts(id=1, work=(WorkItem("Hoitaja", None, "X", None, None, long),))
    text = profile_text(profile, LABELS)
    assert len(text) < 350
    assert text.endswith("…")


def test_profile_text_of_empty_profile_is_empty() -> None:
    assert profile_text(ProfileFacts(id=1), LABELS) == ""


def _accountant_vacancy() -> VacancyFacts:
    return VacancyFacts(
        id=3,
        title="Kirjanpitäjä, Metalli Oy",
        description=METAL_ACCOUNTANT_AD,
        occupation_code="occ:accountant",
        required_skill_codes=("skill:ledger",),
        desired_skill_codes=("skill:vat", "skill:ledger"),
    )


def test_vacancy_text_uses_labels_and_cleaned_description() -> None:
    text = vacancy_text(_accountant_vacancy(), LABELS)
    lines = text.split("\n")
    assert lines[:3] == ["Kirjanpitäjä, Metalli Oy", "kirjanpitäjä", "kirjanpito, arvonlisäverotus"]
    assert "teräsrakenteita" not in text
    assert "ostoreskontra" in text


def test_vacancy_text_skips_occupation_label_equal_to_title() -> None:
    vacancy = VacancyFacts(id=3, title="Kirjanpitäjä", occupation_code="occ:accountant")
    assert vacancy_text(vacancy, LABELS) == "Kirjanpitäjä"


def test_profile_embed_text_is_a_short_summary_of_what_the_person_does() -> None:
    text = profile_embed_text(_profile(), LABELS)
    assert text.split("\n") == [
        "sairaanhoitaja",
        "Kokenut sairaanhoitaja",
        "Sairaanhoitaja, Hoitaja, Perushoitaja",
        "suonensisäinen lääkitys, triage",
    ]
    # Prose, employers and education stay with the full text.
    assert "päivystyksessä" not in text and "HUS" not in text and "Metropolia" not in text


def test_profile_embed_text_falls_back_to_prose_when_there_is_nothing_else() -> None:
    prose = ProfileFacts(id=1, summary="Pitkä kokemus vanhustyöstä.")
    assert profile_embed_text(prose, LABELS) == profile_text(prose, LABELS)
    assert profile_embed_text(ProfileFacts(id=1), LABELS) == ""


def test_a_cv_told_in_prose_is_embedded_whole_not_as_its_headline() -> None:
    cv = ProfileFacts(
        id=1,
        headline="Resume",
        summary="Sales executive with five years of B2B sales, customer targets and CRM.",
    )
    text = profile_embed_text(cv, LABELS)
    assert text.startswith("Resume") and "B2B sales" in text
    posting = VacancyFacts(id=2, title="Sales executive", description="You will sell SaaS.")
    assert "sell SaaS" in vacancy_embed_text(posting, LABELS)


def test_vacancy_embed_text_leads_with_the_occupation() -> None:
    assert vacancy_embed_text(_accountant_vacancy(), LABELS) == (
        "kirjanpitäjä\nKirjanpitäjä, Metalli Oy\nkirjanpito, arvonlisäverotus"
    )

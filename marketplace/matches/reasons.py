"""Explanations told as sentences in the UI language, for match and candidate-search results."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from marketplace.candidates.schemas import SearchExplanation
from marketplace.i18n import Translator
from marketplace.matches.schemas import MatchExplanation
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from matching.facts import VacancyFacts

Tone = Literal["good", "bad", "info"]


@dataclass(frozen=True)
class Reason:
    """One sentence of an explanation; `tone` says whether it speaks for or against the match."""

    tone: Tone
    text: str


def _labels(kind: str, codes: Iterable[str], lang: str) -> str:
    taxonomy = get_taxonomy()
    return ", ".join(taxonomy.label(kind, code, lang) for code in codes)


def _years(value: float | None, lang: str) -> str:
    text = f"{value or 0:.0f}" if (value or 0) >= 1 else f"{value or 0:.1f}"
    return text.replace(".", ",") if lang != "en" else text


def match_reasons(explanation: MatchExplanation, vacancy: VacancyFacts, lang: str) -> list[Reason]:
    """Why a profile and a vacancy fit or do not, in plain sentences, strongest first."""
    t = Translator(lang)
    ex = explanation
    out: list[Reason] = []
    if ex.skills_matched:
        skills = _labels(ConceptKind.SKILL, ex.skills_matched, lang)
        out.append(Reason("good", t("matches.reason.skills_matched", skills=skills)))
    if vacancy.occupation_code and ex.occupation_fit != "none":
        occupation = _labels(ConceptKind.OCCUPATION, [vacancy.occupation_code], lang)
        key = f"matches.reason.occupation_{ex.occupation_fit}"
        out.append(Reason("good", t(key, occupation=occupation)))
    if ex.recency != "none":
        years = _years(ex.years_since_relevant, lang)
        tone: Tone = "good" if ex.recency != "older" else "info"
        out.append(Reason(tone, t(f"matches.reason.recency_{ex.recency}", years=years)))
    if ex.location_fit != "unknown":
        place = _labels(ConceptKind.MUNICIPALITY, [vacancy.municipality or ""], lang)
        tone = "bad" if ex.location_fit == "outside" else "good"
        out.append(Reason(tone, t(f"matches.reason.location_{ex.location_fit}", place=place)))
    if ex.language_fit == "ok":
        out.append(Reason("good", t("matches.reason.language_ok")))
    if ex.languages_below:
        languages = _labels(ConceptKind.LANGUAGE, ex.languages_below, lang)
        out.append(Reason("bad", t("matches.reason.language_below", languages=languages)))
    if ex.languages_missing:
        languages = _labels(ConceptKind.LANGUAGE, ex.languages_missing, lang)
        out.append(Reason("bad", t("matches.reason.language_missing", languages=languages)))
    for name, fit, value in (
        ("working_time", ex.working_time_fit, vacancy.working_time),
        ("employment_type", ex.employment_type_fit, vacancy.employment_type),
    ):
        if fit != "unknown" and value:
            shown = t(f"vocab.{name}.{value}")
            tone = "good" if fit == "ok" else "bad"
            out.append(Reason(tone, t(f"matches.reason.{name}_{fit}", value=shown)))
    if ex.required_missing:
        skills = _labels(ConceptKind.SKILL, ex.required_missing, lang)
        out.append(Reason("bad", t("matches.reason.required_missing", skills=skills)))
    if ex.licences_missing:
        licences = _labels(ConceptKind.LICENCE, ex.licences_missing, lang)
        out.append(Reason("bad", t("matches.reason.licences_missing", licences=licences)))
    return out


def search_reasons(explanation: SearchExplanation, lang: str) -> list[Reason]:
    """Why a profile was found by a free candidate search, in plain sentences."""
    t = Translator(lang)
    ex = explanation
    out: list[Reason] = []
    if ex.skills_matched:
        skills = _labels(ConceptKind.SKILL, ex.skills_matched, lang)
        out.append(Reason("good", t("candidates.reason.skills_matched", skills=skills)))
    if ex.occupations_matched:
        occupations = _labels(ConceptKind.OCCUPATION, ex.occupations_matched, lang)
        out.append(
            Reason("good", t("candidates.reason.occupations_matched", occupations=occupations))
        )
    if ex.locations_matched:
        taxonomy = get_taxonomy()
        places = ", ".join(
            taxonomy.label(ConceptKind.MUNICIPALITY, code, lang)
            if taxonomy.get(ConceptKind.MUNICIPALITY, code)
            else taxonomy.label(ConceptKind.REGION, code, lang)
            for code in ex.locations_matched
        )
        out.append(Reason("good", t("candidates.reason.location", places=places)))
    if ex.languages_matched:
        languages = _labels(ConceptKind.LANGUAGE, ex.languages_matched, lang)
        out.append(Reason("good", t("candidates.reason.languages_matched", languages=languages)))
    if ex.licences_matched:
        licences = _labels(ConceptKind.LICENCE, ex.licences_matched, lang)
        out.append(Reason("good", t("candidates.reason.licences_matched", licences=licences)))
    if ex.available:
        out.append(Reason("good", t("candidates.reason.available")))
    if ex.text_match:
        out.append(Reason("info", t("candidates.reason.text_match")))
    if ex.semantic_match:
        out.append(Reason("info", t("candidates.reason.semantic_match")))
    if ex.skills_missing:
        skills = _labels(ConceptKind.SKILL, ex.skills_missing, lang)
        out.append(Reason("bad", t("candidates.reason.skills_missing", skills=skills)))
    return out

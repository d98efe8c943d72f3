"""The employer's vacancy editor as a form: taxonomy fields typed as text and resolved to codes,
the fields as typed kept for a form shown again with errors, and the choices it offers."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from starlette.datastructures import FormData

from marketplace.i18n import Translator
from marketplace.taxonomy.forms import concept_options, resolve_concept
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind, Remote
from marketplace.vacancies.models import Vacancy
from marketplace.vacancies.schemas import starts_before_deadline
from matching.analysis import fold


@dataclass
class TermPick:
    """A many-valued taxonomy field: codes kept, typed words not found, concepts offered."""

    codes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)


def form_text(form: FormData, name: str) -> str:
    """A posted text field, trimmed ("" when absent)."""
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [v.strip() if isinstance(v, str) else "" for v in form.getlist(name)]


_FINNISH_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def _iso_date(text: str) -> str:
    """Dates typed the Finnish way (31.12.2026) where the browser has no date picker."""
    match = _FINNISH_DATE.match(text)
    if not match:
        return text
    day, month, year = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _date(text: str) -> date | None:
    """An ISO date, or None for anything else (the schema names what is wrong with it)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@dataclass
class VacancyForm:
    """The editor's fields as typed, so a form with errors comes back as the person left it."""

    title: str = ""
    description: str = ""
    occupation: str = ""
    occupation_code: str | None = None
    occupation_offered: list[str] = field(default_factory=list)
    required_skills: TermPick = field(default_factory=TermPick)
    desired_skills: TermPick = field(default_factory=TermPick)
    municipality_code: str = ""
    employment_type: str = ""
    working_time: str = ""
    remote: str = Remote.ONSITE.value
    start_date: str = ""
    deadline: str = ""
    salary_text: str = ""
    how_to_apply: str = ""
    languages: list[tuple[str, str]] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)
    suggested: list[str] = field(default_factory=list)

    @classmethod
    def from_vacancy(cls, vacancy: Vacancy, lang: str) -> VacancyForm:
        """The form filled with a saved vacancy."""
        taxonomy = get_taxonomy()
        return cls(
            title=vacancy.title,
            description=vacancy.description,
            occupation=taxonomy.label(ConceptKind.OCCUPATION, vacancy.occupation_code, lang)
            if vacancy.occupation_code
            else "",
            occupation_code=vacancy.occupation_code,
            required_skills=TermPick(codes=list(vacancy.required_skills)),
            desired_skills=TermPick(codes=list(vacancy.desired_skills)),
            municipality_code=vacancy.municipality_code or "",
            employment_type=vacancy.employment_type,
            working_time=vacancy.working_time,
            remote=vacancy.remote,
            start_date=vacancy.start_date.isoformat() if vacancy.start_date else "",
            deadline=vacancy.deadline.isoformat() if vacancy.deadline else "",
            salary_text=vacancy.salary_text,
            how_to_apply=vacancy.how_to_apply,
            languages=[(item["code"], item["level"]) for item in vacancy.languages],
            licences=list(vacancy.licences),
        )

    @classmethod
    def from_submission(cls, form: FormData, lang: str) -> tuple[VacancyForm, dict[str, str]]:
        """The posted form, its taxonomy words resolved, with a message per unresolved field."""
        t = Translator(lang)
        errors: dict[str, str] = {}
        draft = cls(
            title=form_text(form, "title"),
            description=form_text(form, "description"),
            municipality_code=form_text(form, "municipality_code"),
            employment_type=form_text(form, "employment_type"),
            working_time=form_text(form, "working_time"),
            remote=form_text(form, "remote") or Remote.ONSITE.value,
            start_date=_iso_date(form_text(form, "start_date")),
            deadline=_iso_date(form_text(form, "deadline")),
            salary_text=form_text(form, "salary_text"),
            how_to_apply=form_text(form, "how_to_apply"),
            languages=[
                (code, level)
                for code, level in zip(
                    _texts(form, "language_code"), _texts(form, "language_level"), strict=False
                )
                if code or level
            ],
            licences=_unique(_texts(form, "licences")),
        )
        if starts_before_deadline(_date(draft.start_date), _date(draft.deadline)):
            errors["start_date"] = t("vacancies.invalid.date_order")
        draft._resolve_occupation(form, lang, t, errors)
        for name in ("required_skills", "desired_skills"):
            pick, message = _resolve_many(
                ConceptKind.SKILL, _texts(form, name), _texts(form, f"{name}_new"), lang, t
            )
            setattr(draft, name, pick)
            if message:
                errors[name] = message
        return draft, errors

    def _resolve_occupation(
        self, form: FormData, lang: str, t: Translator, errors: dict[str, str]
    ) -> None:
        taxonomy = get_taxonomy()
        chosen = form_text(form, "occupation_code")
        typed = form_text(form, "occupation")
        if not chosen and not typed:
            return
        # A choice among offered occupations wins over the words it was offered for.
        resolution = resolve_concept(ConceptKind.OCCUPATION, typed, chosen, lang)
        if resolution.code:
            self.occupation_code = resolution.code
            self.occupation = taxonomy.label(ConceptKind.OCCUPATION, resolution.code, lang)
            return
        self.occupation = typed
        self.occupation_offered = [term.code for term in resolution.choices]
        key = "vacancies.term_choose" if resolution.choices else "vacancies.term_not_found"
        errors["occupation"] = t(key, text=typed)

    def values(self) -> dict[str, Any]:
        """The fields as the vacancy schemas take them."""
        return {
            "title": self.title,
            "description": self.description,
            "occupation_code": self.occupation_code,
            "required_skills": self.required_skills.codes,
            "desired_skills": self.desired_skills.codes,
            "municipality_code": self.municipality_code or None,
            "employment_type": self.employment_type or None,
            "working_time": self.working_time or None,
            "remote": self.remote,
            "start_date": self.start_date or None,
            "deadline": self.deadline or None,
            "salary_text": self.salary_text,
            "how_to_apply": self.how_to_apply,
            "languages": [{"code": code, "level": level} for code, level in self.languages],
            "licences": self.licences,
        }


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _resolve_many(
    kind: str, kept: list[str], typed: list[str], lang: str, t: Translator
) -> tuple[TermPick, str]:
    pick = TermPick(codes=_unique(kept))
    messages = []
    for text in (x for x in typed if x):
        resolution = resolve_concept(kind, text, lang=lang)
        if resolution.code:
            if resolution.code not in pick.codes:
                pick.codes.append(resolution.code)
        elif resolution.choices:
            pick.offered.extend(c.code for c in resolution.choices if c.code not in pick.codes)
            messages.append(t("vacancies.term_choose", text=text))
        else:
            pick.unmatched.append(text)
            messages.append(t("vacancies.term_not_found", text=text))
    pick.offered = _unique(pick.offered)
    return pick, " ".join(messages)


# Schema fields whose form control has another id.
_FIELD_IDS = {"occupation_code": "occupation"}


def translate_errors(errors: dict[str, str], lang: str) -> dict[str, str]:
    """Schema and service errors keyed by form control, told in the UI language."""
    t = Translator(lang)
    out: dict[str, str] = {}
    for name, message in errors.items():
        top = name.split(".")[0]
        key = f"vacancies.invalid.{top}"
        out.setdefault(_FIELD_IDS.get(top, top), t(key) if t.has(key) else message)
    return out


def licence_groups(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Licences and cards by category, each (category label, [(code, label)])."""
    t = Translator(lang)
    groups: dict[str, list[tuple[str, str]]] = {}
    parents = {
        term.code: term.parent or "other" for term in get_taxonomy().all(ConceptKind.LICENCE)
    }
    for code, label in concept_options(ConceptKind.LICENCE, lang):
        groups.setdefault(parents[code], []).append((code, label))
    named = []
    for category, items in groups.items():
        key = f"vacancies.licence_group.{category}"
        named.append((t(key) if t.has(key) else t("vacancies.licence_group.other"), items))
    return sorted(named, key=lambda group: fold(group[0]))

"""The profile builder's form problems: taxonomy words that name no concept or several, and
validation errors told in the UI language next to the control they concern."""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import ValidationError

from marketplace.errors import DomainError
from marketplace.i18n import Translator
from marketplace.taxonomy.forms import resolve_concept
from marketplace.taxonomy.service import Term

# Where an error on a document field is shown: document path (list indices dropped, ".item"
# for an error on a whole list item) -> id of the form control on the builder page.
FIELD_IDS: dict[str, str] = {
    "headline": "headline",
    "summary": "summary",
    "municipality": "municipality",
    "contact.phone": "phone",
    "contact.email": "email",
    "contact.address": "address",
    "wishes.available_from": "available_from",
    "skills": "skill",
    "skills.item": "skill",
    "keywords": "keywords",
    "keywords.item": "keywords",
    "licences": "licence",
    "licences.item": "licence",
    "languages": "language",
    "languages.code": "language",
    "languages.level": "language_level",
    "work": "work_title",
    "work.title": "work_title",
    "work.occupation_code": "work_occupation",
    "work.employer": "work_employer",
    "work.start_date": "work_start",
    "work.end_date": "work_end",
    "work.description": "work_description",
    "work.item": "work_end",
    "education": "edu_title",
    "education.title": "edu_title",
    "education.institution": "edu_institution",
    "education.start_year": "edu_start",
    "education.end_year": "edu_end",
    "education.item": "edu_end",
    "wishes.occupations": "wish_occupation",
    "wishes.municipalities": "wish_municipality",
    "wishes.regions": "wish_region",
    "wishes.employment_types": "employment_types",
    "wishes.working_times": "working_times",
    "wishes.remote": "remote",
    "visibility": "visibility",
}

# Builder control id (or step id) -> message key of its label, which starts its error message
# so that the error summary says which field is meant.
FIELD_LABELS: dict[str, str] = {
    "headline": "profiles.headline",
    "summary": "profiles.summary",
    "municipality": "profiles.home_municipality",
    "available_from": "profiles.available_from",
    "phone": "profiles.phone",
    "email": "profiles.email",
    "address": "profiles.address",
    "skill": "profiles.skills",
    "keywords": "profiles.keywords_label",
    "language": "profiles.language",
    "language_level": "profiles.language_level",
    "licence": "profiles.licences",
    "work_title": "profiles.work_title",
    "work_occupation": "profiles.work_occupation",
    "work_employer": "profiles.work_employer",
    "work_start": "profiles.start_date",
    "work_end": "profiles.end_date",
    "work_description": "profiles.work_description",
    "edu_title": "profiles.edu_title",
    "edu_institution": "profiles.edu_institution",
    "edu_start": "profiles.start_year",
    "edu_end": "profiles.end_year",
    "wish_occupation": "profiles.wish_occupations",
    "wish_municipality": "profiles.wish_municipalities",
    "wish_region": "profiles.wish_regions",
    "employment_types": "profiles.employment_types",
    "working_times": "profiles.working_times",
    "remote": "profiles.remote",
    "intro": "profiles.section_intro",
    "skills": "profiles.section_skills",
    "languages": "profiles.section_languages",
    "work": "profiles.section_work",
    "education": "profiles.section_education",
    "wishes": "profiles.section_wishes",
    "visibility": "profiles.section_visibility",
}

# pydantic error type -> message key; messages take the error's context ({max} etc.).
_MESSAGES: dict[str, str] = {
    "string_too_long": "profiles.error_too_long",
    "too_long": "profiles.error_too_many",
    "string_too_short": "profiles.error_required",
    "missing": "profiles.error_required",
    "date_from_datetime_parsing": "profiles.error_date",
    "date_from_datetime_inexact": "profiles.error_date",
    "date_parsing": "profiles.error_date",
    "date_type": "profiles.error_date",
    "int_parsing": "profiles.error_year",
    "int_type": "profiles.error_year",
    "greater_than_equal": "profiles.error_year",
    "less_than_equal": "profiles.error_year",
    "enum": "profiles.error_choice",
}


@dataclass
class FormProblems:
    """Field errors and pending taxonomy choices found before anything is saved."""

    t: Translator
    errors: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[Term]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.errors or self.choices)

    def pick(
        self, field_id: str, kind: str, text: str, chosen: str = "", *, required: bool = False
    ) -> str | None:
        """The code the text names; otherwise note choices or an error for the field."""
        if not text.strip() and not chosen.strip():
            if required:
                self.errors[field_id] = self.t("profiles.error_required")
            return None
        found = resolve_concept(kind, text, chosen, self.t.lang)
        if found.code:
            return found.code
        if found.choices:
            self.choices[field_id] = list(found.choices)
        else:
            self.errors[field_id] = self.t("profiles.error_not_found", text=text.strip()[:100])
        return None


def field_id(path: str, fallback: str) -> str:
    """Builder control id for a document path such as 'work.0.title'."""
    parts = path.split(".")
    key = ".".join(p for p in parts if not p.isdigit())
    if parts and parts[-1].isdigit() and key + ".item" in FIELD_IDS:
        key += ".item"
    return FIELD_IDS.get(key, fallback)


def messages(exc: ValidationError | DomainError, t: Translator, fallback: str) -> dict[str, str]:
    """Translated message per builder control for a failed document."""
    errors: dict[str, str] = {}
    if isinstance(exc, DomainError):
        for path in exc.fields or {"": exc.message}:
            errors.setdefault(field_id(path, fallback), t("profiles.error_invalid"))
        return errors
    for err in exc.errors():
        path = ".".join(str(p) for p in err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        if kind == "value_error":
            if "email" in path:
                message = t("profiles.error_email")
            elif "before" in err["msg"]:
                message = t("profiles.error_end_before_start")
            else:
                message = err["msg"]
        elif kind in _MESSAGES:
            message = t(_MESSAGES[kind], max=ctx.get("max_length", ""))
        else:
            message = err["msg"]
        errors.setdefault(field_id(path, fallback), message)
    return errors

"""Jobseeker pages: the profile builder, my page, account deletion and the profile view.

Every builder form posts one part of the profile. Its handler rebuilds the whole profile document
from the stored profile plus that change and hands it to `service.replace`, so validation, limits,
the search outbox and versioning stay in one place, and an error saves nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts import service as accounts
from marketplace.accounts.models import User
from marketplace.cv.pages import access_log_context
from marketplace.cv.service import open_profile
from marketplace.db import RecordId
from marketplace.deps import (
    CurrentUser,
    JobseekerUser,
    OptionalUser,
    ServicesDep,
    SessionDep,
    verify_csrf,
)
from marketplace.errors import DomainError, ValidationFailed
from marketplace.i18n import Translator
from marketplace.lifecycle import erase_account
from marketplace.matches.service import recommendations_for
from marketplace.profiles import schemas, service
from marketplace.profiles.schemas import ProfileDocument
from marketplace.shortlists.pages import add_form_context
from marketplace.taxonomy.forms import language_levels, resolve_concept
from marketplace.taxonomy.service import Term, get_taxonomy
from marketplace.taxonomy.suggest import SuggestedKind, suggest_concepts_by_kind
from marketplace.taxonomy.vocab import (
    ConceptKind,
    EmploymentType,
    Visibility,
    WorkingTime,
)
from marketplace.web import client_address, current_language, redirect, render
from matching.analysis import fold

# Position of a work or education item in the builder's lists (0-based, from the form URL).
ItemIndex = Annotated[int, Path(ge=0, le=999)]

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# Bounds raw form input only; the profile schema's own, lower limits give field messages.
FORM_CAP = 20_000
SECTIONS = ("intro", "skills", "experience", "wishes", "visibility")

FormText = Annotated[str, Form(max_length=FORM_CAP)]
Posted = Annotated[str, Field(max_length=FORM_CAP)]
FormList = Annotated[list[str], Form(max_length=50)]

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

# Builder control id (or section id) -> message key of its label, which starts its error message
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
    "experience": "profiles.section_experience",
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

_KEYWORD_SPLIT = re.compile(r"[,;\n]+")

Change = Callable[[dict[str, Any]], None]


# --- turning typed text into taxonomy codes ---------------------------------------------------


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


# --- validation messages --------------------------------------------------------------------


def field_id(path: str, fallback: str) -> str:
    """Builder control id for a document path such as 'work.0.title'."""
    parts = path.split(".")
    key = ".".join(p for p in parts if not p.isdigit())
    if parts and parts[-1].isdigit() and key + ".item" in FIELD_IDS:
        key += ".item"
    return FIELD_IDS.get(key, fallback)


def _messages(exc: ValidationError | DomainError, t: Translator, fallback: str) -> dict[str, str]:
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


# --- page context -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a useful profile has, for the completeness checklist."""

    key: str
    done: bool
    anchor: str


def completeness(doc: ProfileDocument) -> list[ChecklistItem]:
    """The completeness checklist: headline, summary, skills, work, languages, wishes."""
    wishes = doc.wishes
    has_wishes = any(
        (wishes.occupations, wishes.municipalities, wishes.regions, wishes.employment_types)
    )
    return [
        ChecklistItem("headline", bool(doc.headline), "headline"),
        ChecklistItem("summary", bool(doc.summary.strip()), "summary"),
        ChecklistItem("skills", bool(doc.skills or doc.keywords), "skills"),
        ChecklistItem("work", bool(doc.work), "experience"),
        ChecklistItem("languages", bool(doc.languages), "languages-heading"),
        ChecklistItem("wishes", has_wishes, "wishes"),
    ]


@dataclass(frozen=True)
class Choice:
    """A candidate concept offered when typed text matched several."""

    code: str
    label: str
    detail: str = ""


@dataclass(frozen=True)
class SuggestedConcept:
    """A skill or occupation suggested from the profile's own text, with the reason told as
    a sentence in the UI language."""

    code: str
    kind: str
    label: str
    reason_text: str


@dataclass(frozen=True)
class BuilderSuggestions:
    """Suggestions from the profile's text, one list per field they fill."""

    skills: list[SuggestedConcept] = field(default_factory=list)
    occupations: list[SuggestedConcept] = field(default_factory=list)


SKILL_SUGGESTIONS = 8
OCCUPATION_SUGGESTIONS = 5


def builder_suggestions(request: Request, doc: ProfileDocument, lang: str) -> BuilderSuggestions:
    """Skills for the skill list and occupations for the wished occupations, suggested from
    the description and not yet on the profile; chosen ones feed related suggestions."""
    text = " ".join(part for part in (doc.headline, doc.summary) if part)
    chosen = [*doc.skills, *doc.wishes.occupations]
    most = max(SKILL_SUGGESTIONS, OCCUPATION_SUGGESTIONS)
    encoder = request.app.state.services.indexer.encoder()
    found = suggest_concepts_by_kind(encoder, text, exclude=chosen, lang=lang, limit=most)

    def view(kind: SuggestedKind, limit: int) -> list[SuggestedConcept]:
        items = found[kind][:limit]
        return [SuggestedConcept(s.code, s.kind, s.label, s.reason_text) for s in items]

    return BuilderSuggestions(
        skills=view("skill", SKILL_SUGGESTIONS),
        occupations=view("occupation", OCCUPATION_SUGGESTIONS),
    )


def _choices(found: dict[str, list[Term]], lang: str) -> dict[str, list[Choice]]:
    taxonomy = get_taxonomy()
    view: dict[str, list[Choice]] = {}
    for name, terms in found.items():
        view[name] = [
            Choice(
                term.code,
                term.label(lang),
                taxonomy.label(ConceptKind.REGION, term.parent, lang)
                if term.kind == ConceptKind.MUNICIPALITY and term.parent
                else "",
            )
            for term in terms
        ]
    return view


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _form_defaults(
    doc: ProfileDocument, lang: str, edit_work: int | None, edit_education: int | None
) -> dict[str, Any]:
    """Every builder control's value as stored."""
    taxonomy = get_taxonomy()
    form: dict[str, Any] = {
        "headline": doc.headline,
        "summary": doc.summary,
        "municipality": taxonomy.label(ConceptKind.MUNICIPALITY, doc.municipality, lang)
        if doc.municipality
        else "",
        "available_from": _iso(doc.wishes.available_from),
        "phone": doc.contact.phone,
        "email": str(doc.contact.email or ""),
        "address": doc.contact.address,
        "keywords": ", ".join(doc.keywords),
        "employment_types": [str(v) for v in doc.wishes.employment_types],
        "working_times": [str(v) for v in doc.wishes.working_times],
        "remote": doc.wishes.remote,
    }
    if edit_work is not None:
        work = doc.work[edit_work]
        form.update(
            work_title=work.title,
            work_occupation=taxonomy.label(ConceptKind.OCCUPATION, work.occupation_code, lang)
            if work.occupation_code
            else "",
            work_employer=work.employer,
            work_start=_iso(work.start_date),
            work_end=_iso(work.end_date),
            work_description=work.description,
        )
    if edit_education is not None:
        edu = doc.education[edit_education]
        form.update(
            edu_title=edu.title,
            edu_institution=edu.institution,
            edu_start=str(edu.start_year or ""),
            edu_end=str(edu.end_year or ""),
        )
    return form


def _in_range(index: int | None, items: list[Any]) -> int | None:
    return index if index is not None and 0 <= index < len(items) else None


def _render_builder(
    request: Request,
    session: Session,
    user: User,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    choices: dict[str, list[Term]] | None = None,
    values: dict[str, Any] | None = None,
    saved: str | None = None,
    edit_work: int | None = None,
    edit_education: int | None = None,
) -> Response:
    lang = current_language(request)
    t = Translator(lang)
    labelled = {
        name: f"{t(FIELD_LABELS[name])}: {message}" if name in FIELD_LABELS else message
        for name, message in (errors or {}).items()
    }
    doc = service.to_document(service.get_own(session, user), identified=True)
    edit_work = _in_range(edit_work, doc.work)
    edit_education = _in_range(edit_education, doc.education)
    form = _form_defaults(doc, lang, edit_work, edit_education)
    form.update(values or {})
    levels = language_levels(lang)
    return render(
        request,
        "profiles/edit.html",
        status_code=status_code,
        doc=doc,
        form=form,
        errors=labelled,
        choices=_choices(choices or {}, lang),
        saved=saved if saved in SECTIONS else None,
        edit_work=edit_work,
        edit_education=edit_education,
        levels=levels,
        level_labels=dict(levels),
        employment_types=[v.value for v in EmploymentType],
        working_times=[v.value for v in WorkingTime],
        visibilities=[v.value for v in Visibility],
        suggestions=builder_suggestions(request, doc, lang),
        limits={
            "headline": schemas.HEADLINE_MAX,
            "summary": schemas.SUMMARY_MAX,
            "item_text": schemas.ITEM_TEXT_MAX,
        },
    )


# --- saving a section -------------------------------------------------------------------------


def _translator(request: Request) -> Translator:
    return Translator(current_language(request))


def _apply(
    request: Request,
    session: Session,
    user: User,
    section: str,
    change: Change,
    *,
    problems: FormProblems | None = None,
    values: dict[str, Any] | None = None,
    edit_work: int | None = None,
    edit_education: int | None = None,
) -> Response:
    """Save the change through `service.replace`, or show the builder again saying why not."""
    t = _translator(request)
    problems = problems or FormProblems(t)
    profile = service.get_own(session, user)
    data = service.to_document(profile, identified=True).model_dump()
    change(data)
    errors = dict(problems.errors)
    try:
        doc = ProfileDocument.model_validate(data)
        _newest_first(doc)
        if not problems:
            service.replace(session, profile, doc)
            return redirect(f"/profile/edit?saved={section}#{section}")
    except (ValidationError, ValidationFailed) as exc:
        for name, message in _messages(exc, t, section).items():
            errors.setdefault(name, message)
    # Nothing of a rejected form may stick, not even a half-applied change.
    session.rollback()
    return _render_builder(
        request,
        session,
        user,
        status_code=422 if errors else 200,
        errors=errors,
        choices=problems.choices,
        values=values,
        edit_work=edit_work,
        edit_education=edit_education,
    )


def _stale(request: Request, session: Session, user: User, version: str) -> Response | None:
    """A 409 page when an item was addressed by position in an older version of the profile."""
    profile = service.get_own(session, user)
    if not version or version == str(profile.version):
        return None
    message = _translator(request)("profiles.error_stale")
    return _render_builder(request, session, user, status_code=409, errors={"experience": message})


def _blank_to_none(value: str) -> str | None:
    return value.strip() or None


# --- the builder ------------------------------------------------------------------------------


@router.get("/profile/edit")
def edit_profile(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    saved: str | None = None,
    work: int | None = None,
    education: int | None = None,
) -> Response:
    """The profile builder: every part of the profile as its own form."""
    return _render_builder(
        request, session, user, saved=saved, edit_work=work, edit_education=education
    )


@router.post("/profile/intro")
def save_intro(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    headline: FormText = "",
    summary: FormText = "",
    municipality: FormText = "",
    municipality_code: FormText = "",
    available_from: FormText = "",
    phone: FormText = "",
    email: FormText = "",
    address: FormText = "",
) -> Response:
    """Headline, description, home municipality, start date and contact details."""
    problems = FormProblems(_translator(request))
    code = problems.pick("municipality", ConceptKind.MUNICIPALITY, municipality, municipality_code)
    values = {
        "headline": headline,
        "summary": summary,
        "municipality": municipality,
        "available_from": available_from,
        "phone": phone,
        "email": email,
        "address": address,
    }

    def change(data: dict[str, Any]) -> None:
        data.update(headline=headline, summary=summary, municipality=code)
        data["contact"] = {"phone": phone, "email": _blank_to_none(email), "address": address}
        data["wishes"]["available_from"] = _blank_to_none(available_from)

    return _apply(request, session, user, "intro", change, problems=problems, values=values)


@dataclass(frozen=True)
class CodeList:
    """A list of taxonomy codes on the profile, grown and shrunk one concept at a time."""

    path: str  # URL of the list; "/add" and "/{code}/remove" hang below it
    field_id: str  # the add form's text input
    kind: ConceptKind
    section: str
    keys: tuple[str, ...]  # where the list sits in the profile document

    def codes(self, data: dict[str, Any]) -> list[str]:
        """The list inside a profile document dict."""
        target: Any = data
        for key in self.keys:
            target = target[key]
        return target


CODE_LISTS = (
    CodeList("/profile/skills", "skill", ConceptKind.SKILL, "skills", ("skills",)),
    CodeList("/profile/licences", "licence", ConceptKind.LICENCE, "skills", ("licences",)),
    CodeList(
        "/profile/wishes/occupations",
        "wish_occupation",
        ConceptKind.OCCUPATION,
        "wishes",
        ("wishes", "occupations"),
    ),
    CodeList(
        "/profile/wishes/municipalities",
        "wish_municipality",
        ConceptKind.MUNICIPALITY,
        "wishes",
        ("wishes", "municipalities"),
    ),
    CodeList(
        "/profile/wishes/regions",
        "wish_region",
        ConceptKind.REGION,
        "wishes",
        ("wishes", "regions"),
    ),
)


def _code_list_routes(spec: CodeList) -> None:
    def add(
        request: Request,
        user: JobseekerUser,
        session: SessionDep,
        q: FormText = "",
        code: FormText = "",
    ) -> Response:
        problems = FormProblems(_translator(request))
        found = problems.pick(spec.field_id, spec.kind, q, code, required=True)

        def change(data: dict[str, Any]) -> None:
            codes = spec.codes(data)
            if found and found not in codes:
                codes.append(found)

        values = {spec.field_id: q}
        return _apply(
            request, session, user, spec.section, change, problems=problems, values=values
        )

    def remove(request: Request, user: JobseekerUser, session: SessionDep, code: str) -> Response:
        def change(data: dict[str, Any]) -> None:
            codes = spec.codes(data)
            if code in codes:
                codes.remove(code)

        return _apply(request, session, user, spec.section, change)

    add.__doc__ = f"Add a concept to {spec.path} by typed text or chosen code."
    remove.__doc__ = f"Remove a concept from {spec.path}."
    name = spec.path.strip("/").replace("/", "_")
    router.add_api_route(f"{spec.path}/add", add, methods=["POST"], name=f"{name}_add")
    router.add_api_route(
        f"{spec.path}/{{code}}/remove", remove, methods=["POST"], name=f"{name}_remove"
    )


for _spec in CODE_LISTS:
    _code_list_routes(_spec)


@router.post("/profile/keywords")
def save_keywords(
    request: Request, user: JobseekerUser, session: SessionDep, keywords: FormText = ""
) -> Response:
    """Free keywords, separated by commas."""
    # The first spelling wins: "Excel" and "excel" are one keyword.
    by_fold: dict[str, str] = {}
    for word in _KEYWORD_SPLIT.split(keywords):
        if word.strip():
            by_fold.setdefault(fold(word.strip()), word.strip())
    words = list(by_fold.values())

    def change(data: dict[str, Any]) -> None:
        data["keywords"] = words

    return _apply(request, session, user, "skills", change, values={"keywords": keywords})


@router.post("/profile/languages/add")
def add_language(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    q: FormText = "",
    code: FormText = "",
    level: FormText = "",
) -> Response:
    """Add a language with its level, or change the level of one already listed."""
    problems = FormProblems(_translator(request))
    found = problems.pick("language", ConceptKind.LANGUAGE, q, code, required=True)

    def change(data: dict[str, Any]) -> None:
        if not found:
            return
        for item in data["languages"]:
            if item["code"] == found:
                item["level"] = level
                return
        data["languages"].append({"code": found, "level": level})

    values = {"language": q, "language_level": level}
    return _apply(request, session, user, "skills", change, problems=problems, values=values)


@router.post("/profile/languages/{code}/remove")
def remove_language(
    request: Request, user: JobseekerUser, session: SessionDep, code: str
) -> Response:
    """Remove a language."""

    def change(data: dict[str, Any]) -> None:
        data["languages"] = [item for item in data["languages"] if item["code"] != code]

    return _apply(request, session, user, "skills", change)


def _newest_first(doc: ProfileDocument) -> None:
    """Work and education read newest first; undated items keep their order at the end."""
    doc.work.sort(key=lambda w: w.start_date or date.min, reverse=True)
    doc.education.sort(key=lambda e: e.start_year or 0, reverse=True)


class WorkForm(BaseModel):
    """The work experience form as posted; `version` guards edits by position."""

    version: Posted = ""
    work_title: Posted = ""
    work_occupation: Posted = ""
    work_occupation_code: Posted = ""
    work_employer: Posted = ""
    work_start: Posted = ""
    work_end: Posted = ""
    work_description: Posted = ""


def _save_work(
    request: Request, session: Session, user: User, form: WorkForm, index: int | None
) -> Response:
    if index is not None and (stale := _stale(request, session, user, form.version)):
        return stale
    problems = FormProblems(_translator(request))
    occupation = problems.pick(
        "work_occupation", ConceptKind.OCCUPATION, form.work_occupation, form.work_occupation_code
    )
    item = {
        "title": form.work_title,
        "occupation_code": occupation,
        "employer": form.work_employer,
        "start_date": _blank_to_none(form.work_start),
        "end_date": _blank_to_none(form.work_end),
        "description": form.work_description,
    }

    def change(data: dict[str, Any]) -> None:
        work = data["work"]
        if index is not None and 0 <= index < len(work):
            work[index] = item
        else:
            work.append(item)

    values = form.model_dump(exclude={"version", "work_occupation_code"})
    return _apply(
        request,
        session,
        user,
        "experience",
        change,
        problems=problems,
        values=values,
        edit_work=index,
    )


@router.post("/profile/work")
def add_work(
    request: Request, user: JobseekerUser, session: SessionDep, form: Annotated[WorkForm, Form()]
) -> Response:
    """Add a work experience item."""
    return _save_work(request, session, user, form, None)


@router.post("/profile/work/{index}")
def update_work(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    form: Annotated[WorkForm, Form()],
) -> Response:
    """Replace the work experience item at `index`."""
    return _save_work(request, session, user, form, index)


@router.post("/profile/work/{index}/remove")
def remove_work(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    version: FormText = "",
) -> Response:
    """Remove the work experience item at `index`."""
    if stale := _stale(request, session, user, version):
        return stale

    def change(data: dict[str, Any]) -> None:
        if 0 <= index < len(data["work"]):
            del data["work"][index]

    return _apply(request, session, user, "experience", change)


class EducationForm(BaseModel):
    """The education form as posted; `version` guards edits by position."""

    version: Posted = ""
    edu_title: Posted = ""
    edu_institution: Posted = ""
    edu_start: Posted = ""
    edu_end: Posted = ""


def _save_education(
    request: Request, session: Session, user: User, form: EducationForm, index: int | None
) -> Response:
    if index is not None and (stale := _stale(request, session, user, form.version)):
        return stale
    item = {
        "title": form.edu_title,
        "institution": form.edu_institution,
        "start_year": _blank_to_none(form.edu_start),
        "end_year": _blank_to_none(form.edu_end),
    }

    def change(data: dict[str, Any]) -> None:
        education = data["education"]
        if index is not None and 0 <= index < len(education):
            education[index] = item
        else:
            education.append(item)

    values = form.model_dump(exclude={"version"})
    return _apply(request, session, user, "experience", change, values=values, edit_education=index)


@router.post("/profile/education")
def add_education(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    form: Annotated[EducationForm, Form()],
) -> Response:
    """Add an education item."""
    return _save_education(request, session, user, form, None)


@router.post("/profile/education/{index}")
def update_education(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    form: Annotated[EducationForm, Form()],
) -> Response:
    """Replace the education item at `index`."""
    return _save_education(request, session, user, form, index)


@router.post("/profile/education/{index}/remove")
def remove_education(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    version: FormText = "",
) -> Response:
    """Remove the education item at `index`."""
    if stale := _stale(request, session, user, version):
        return stale

    def change(data: dict[str, Any]) -> None:
        if 0 <= index < len(data["education"]):
            del data["education"][index]

    return _apply(request, session, user, "experience", change)


@router.post("/profile/wishes")
def save_wishes(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    employment_types: FormList = [],  # noqa: B006 - FastAPI copies form defaults
    working_times: FormList = [],  # noqa: B006
    remote: FormText = "",
) -> Response:
    """Employment types, working time and remote work; places and occupations have own forms."""
    values = {
        "employment_types": employment_types,
        "working_times": working_times,
        "remote": bool(remote),
    }

    def change(data: dict[str, Any]) -> None:
        data["wishes"].update(
            employment_types=employment_types, working_times=working_times, remote=bool(remote)
        )

    return _apply(request, session, user, "wishes", change, values=values)


@router.post("/profile/visibility")
def save_visibility(
    request: Request, user: JobseekerUser, session: SessionDep, visibility: FormText = ""
) -> Response:
    """Publish, anonymise or hide the profile."""
    if visibility not in {v.value for v in Visibility}:
        message = _translator(request)("profiles.error_choice")
        errors = {"visibility": message}
        return _render_builder(request, session, user, status_code=422, errors=errors)
    service.set_visibility(session, service.get_own(session, user), Visibility(visibility))
    return redirect("/profile/edit?saved=visibility#visibility")


# --- my page, account deletion, profile view --------------------------------------------------


@router.get("/me")
def my_page(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    services: ServicesDep,
    welcome: str | None = None,
) -> Response:
    """The jobseeker's own page: profile status, CV, recommendations, plan and data."""
    doc = service.to_document(service.get_own(session, user), identified=True)
    checklist = completeness(doc)
    return render(
        request,
        "profiles/me.html",
        doc=doc,
        checklist=checklist,
        done=sum(item.done for item in checklist),
        recommendations=recommendations_for(
            services, session, user, lang=current_language(request)
        ),
        **access_log_context(session, user, current_language(request)),
        flash=_translator(request)("profiles.welcome") if welcome else None,
    )


@router.get("/me/delete")
def delete_account_page(request: Request, user: CurrentUser) -> Response:
    """Confirmation page for deleting the account and all its data."""
    return render(request, "profiles/delete.html", errors={})


@router.post("/me/delete")
def delete_account(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    password: Annotated[str, Form(max_length=300)] = "",
) -> Response:
    """Delete the account after the password is confirmed, then sign out."""
    t = _translator(request)
    try:
        accounts.authenticate(
            session,
            request.app.state.login_limiter,
            user.email,
            password,
            client_address(request),
        )
    except DomainError as exc:
        limited = exc.status_code == 429
        key = "profiles.delete_too_many" if limited else "profiles.delete_wrong_password"
        return render(
            request,
            "profiles/delete.html",
            status_code=429 if limited else 422,
            errors={"password": t(key)},
        )
    erase_account(session, request.app.state.services, user)
    request.session.clear()
    return redirect("/me/deleted")


@router.get("/me/deleted")
def account_deleted(request: Request) -> Response:
    """Confirmation that the account is gone."""
    return render(request, "profiles/deleted.html")


@router.get("/profiles/{profile_id}")
def view_profile(
    request: Request, profile_id: RecordId, user: OptionalUser, session: SessionDep
) -> Response:
    """A profile as the viewer may see it; anonymous ones show a reference, not a name."""
    opened = open_profile(session, user, profile_id)
    profile, identified = opened.profile, opened.identified
    lang = current_language(request)
    doc = service.to_document(profile, identified=identified)
    name = doc.full_name or Translator(lang)("profiles.candidate", reference=profile.reference)
    return render(
        request,
        "profiles/view.html",
        doc=doc,
        display_name=name,
        identified=identified,
        own=user is not None and user.id == profile.user_id,
        **add_form_context(session, user),
        level_labels=dict(language_levels(lang)),
    )

"""The profile builder's pages (a summary and one page per step) and the one path every
builder form saves through.

Every builder form posts one part of the profile. Its handler rebuilds the whole profile document
from the stored profile plus that change and hands it to `service.replace`, so validation, limits,
the search outbox and versioning stay in one place, and an error saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.responses import Response
from pydantic import Field, ValidationError
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.deps import JobseekerUser, SessionDep, verify_csrf
from marketplace.errors import ValidationFailed
from marketplace.i18n import Translator
from marketplace.profiles import schemas, service
from marketplace.profiles.form_errors import FIELD_LABELS, FormProblems, messages
from marketplace.profiles.schemas import ProfileDocument
from marketplace.profiles.sections import (
    SECTIONS,
    Section,
    neighbours,
    section,
    section_states,
)
from marketplace.taxonomy.forms import language_levels
from marketplace.taxonomy.service import Term, get_taxonomy
from marketplace.taxonomy.suggest import SuggestedKind, suggest_concepts_by_kind
from marketplace.taxonomy.vocab import ConceptKind, EmploymentType, Visibility, WorkingTime
from marketplace.web import current_language, redirect, render, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# Position of a work or education item in the builder's lists (0-based, from the form URL).
ItemIndex = Annotated[int, Path(ge=0, le=999)]

# Bounds raw form input only; the profile schema's own, lower limits give field messages.
FORM_CAP = 20_000
# Steps whose page suggests skills or occupations from the profile text (the encoder is slow).
SUGGESTING_STEPS = ("skills", "wishes")

FormText = Annotated[str, Form(max_length=FORM_CAP)]
Posted = Annotated[str, Field(max_length=FORM_CAP)]
FormList = Annotated[list[str], Form(max_length=50)]

Change = Callable[[dict[str, Any]], None]


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
    doc: ProfileDocument, lang: str, history: str, edit: int | None
) -> dict[str, Any]:
    """Every builder control's value as stored; `edit` picks the work or education item."""
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
    if edit is not None and history == "work":
        work = doc.work[edit]
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
    if edit is not None and history == "education":
        edu = doc.education[edit]
        form.update(
            edu_title=edu.title,
            edu_institution=edu.institution,
            edu_start=str(edu.start_year or ""),
            edu_end=str(edu.end_year or ""),
        )
    return form


def _editable(doc: ProfileDocument, slug: str, index: int | None) -> int | None:
    """The position of the work or education item being edited, if the step has it."""
    count = {"work": len(doc.work), "education": len(doc.education)}.get(slug, 0)
    return index if index is not None and 0 <= index < count else None


def render_builder(
    request: Request,
    session: Session,
    user: User,
    step: Section,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    choices: dict[str, list[Term]] | None = None,
    values: dict[str, Any] | None = None,
    saved: bool = False,
    edit: int | None = None,
) -> Response:
    """One step of the builder with the stored profile, or a refused form as typed with its
    errors next to the fields."""
    lang = current_language(request)
    t = Translator(lang)
    labelled = {
        name: f"{t(FIELD_LABELS[name])}: {message}" if name in FIELD_LABELS else message
        for name, message in (errors or {}).items()
    }
    doc = service.to_document(service.get_own(session, user), identified=True)
    edit = _editable(doc, step.slug, edit)
    form = _form_defaults(doc, lang, step.slug, edit)
    form.update(values or {})
    levels = language_levels(lang)
    before, after = neighbours(step)
    suggests = step.slug in SUGGESTING_STEPS
    return render(
        request,
        "profiles/edit_section.html",
        status_code=status_code,
        step=step,
        step_number=SECTIONS.index(step) + 1,
        sections=SECTIONS,
        states=section_states(doc),
        previous_step=before,
        next_step=after,
        doc=doc,
        form=form,
        errors=labelled,
        choices=_choices(choices or {}, lang),
        saved=saved,
        edit=edit,
        levels=levels,
        level_labels=dict(levels),
        employment_types=[v.value for v in EmploymentType],
        working_times=[v.value for v in WorkingTime],
        visibilities=[v.value for v in Visibility],
        suggestions=builder_suggestions(request, doc, lang) if suggests else BuilderSuggestions(),
        limits={
            "headline": schemas.HEADLINE_MAX,
            "summary": schemas.SUMMARY_MAX,
            "item_text": schemas.ITEM_TEXT_MAX,
        },
    )


# --- saving a section -------------------------------------------------------------------------

# Where the page opens after a save: an element id, or one found in the saved document.
Anchor = str | Callable[[ProfileDocument], str]


def step_url(slug: str, anchor: str = "", *, saved: bool = False) -> str:
    """The URL of a builder step, optionally with the saved notice and a #fragment."""
    query = "?saved=1" if saved else ""
    return f"/profile/edit/{slug}{query}" + (f"#{anchor}" if anchor else "")


def apply(
    request: Request,
    session: Session,
    user: User,
    slug: str,
    change: Change,
    *,
    anchor: Anchor = "",
    problems: FormProblems | None = None,
    values: dict[str, Any] | None = None,
    edit: int | None = None,
) -> Response:
    """Save the change through `service.replace` and go back to the step at the changed item,
    or show the step again saying why not."""
    t = translator(request)
    problems = problems or FormProblems(t)
    profile = service.get_own(session, user)
    data = service.to_document(profile, identified=True).model_dump()
    change(data)
    errors = dict(problems.errors)
    try:
        doc = ProfileDocument.model_validate(data)
        newest_first(doc)
        if not problems:
            service.replace(session, profile, doc)
            fragment = anchor(doc) if callable(anchor) else anchor
            return redirect(step_url(slug, fragment, saved=True))
    except (ValidationError, ValidationFailed) as exc:
        for name, message in messages(exc, t, slug).items():
            errors.setdefault(name, message)
    # Nothing of a rejected form may stick, not even a half-applied change.
    session.rollback()
    return render_builder(
        request,
        session,
        user,
        section(slug),
        status_code=422 if errors else 200,
        errors=errors,
        choices=problems.choices,
        values=values,
        edit=edit,
    )


def stale(
    request: Request, session: Session, user: User, slug: str, version: str
) -> Response | None:
    """A 409 page when an item was addressed by position in an older version of the profile."""
    profile = service.get_own(session, user)
    if not version or version == str(profile.version):
        return None
    message = translator(request)("profiles.error_stale")
    return render_builder(
        request, session, user, section(slug), status_code=409, errors={slug: message}
    )


def blank_to_none(value: str) -> str | None:
    """An optional form field: None when left blank."""
    return value.strip() or None


def newest_first(doc: ProfileDocument) -> None:
    """Work and education read newest first; undated items keep their order at the end."""
    doc.work.sort(key=lambda w: w.start_date or date.min, reverse=True)
    doc.education.sort(key=lambda e: e.start_year or 0, reverse=True)


@router.get("/profile/edit")
def builder_summary(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    saved: str | None = None,
    work: int | None = None,
    education: int | None = None,
) -> Response:
    """The builder's summary: every step with how far it is filled, each a link."""
    # Links from before the builder had steps (?work=1) open that item's step.
    for slug, index in (("work", work), ("education", education)):
        if index is not None:
            return redirect(f"/profile/edit/{slug}?edit={index}#{slug}-form")
    doc = service.to_document(service.get_own(session, user), identified=True)
    return render(
        request,
        "profiles/edit.html",
        doc=doc,
        sections=SECTIONS,
        states=section_states(doc),
        saved=saved is not None,
    )


@router.get("/profile/edit/{slug}")
def builder_step(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    slug: Annotated[str, Path(max_length=20)],
    saved: str | None = None,
    edit: Annotated[int | None, Query(ge=0, le=999)] = None,
) -> Response:
    """One step of the profile builder, its forms and what they hold now."""
    return render_builder(request, session, user, section(slug), saved=saved is not None, edit=edit)

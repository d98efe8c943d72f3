"""Vacancy pages: search for jobseekers, the vacancy page and the employer's vacancy editor."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any, get_args, get_origin, get_type_hints
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from marketplace.accounts.models import Role, User
from marketplace.container import Services
from marketplace.db import RecordId
from marketplace.deps import EmployerUser, OptionalUser, ServicesDep, SessionDep, verify_csrf
from marketplace.errors import ValidationFailed
from marketplace.i18n import Translator
from marketplace.indexing.queries import typed_search
from marketplace.taxonomy.forms import language_levels, resolve_concept
from marketplace.taxonomy.query import AnalysedQuery, analyse
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind, EmploymentType, Remote, WorkingTime
from marketplace.vacancies import service
from marketplace.vacancies.listing import FACETS, VacancyQuery, search_vacancies
from marketplace.vacancies.models import Vacancy, VacancyStatus
from marketplace.vacancies.schemas import VacancyCreate, VacancyPage, VacancyPatch
from marketplace.web import current_language, form_errors, redirect, render, safe_next
from matching.analysis import fold

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# Ids beyond a 32-bit integer cannot exist and would overflow some database drivers.
VacancyId = RecordId


async def submitted_form(request: Request) -> FormData:
    """The posted form; the CSRF check has parsed it already, so this is a cached read."""
    return await request.form()


FormDep = Annotated[FormData, Depends(submitted_form)]


def concept_options(kind: str, lang: str) -> list[tuple[str, str]]:
    """(code, label) of every concept of a kind, sorted by label in the UI language."""
    terms = get_taxonomy().all(kind)
    return sorted(((t.code, t.label(lang)) for t in terms), key=lambda o: fold(o[1]))


def is_owner(user: User | None, vacancy: Vacancy) -> bool:
    """Whether the user belongs to the organisation that posted the vacancy."""
    return (
        user is not None
        and user.role == Role.EMPLOYER
        and user.organization_id == vacancy.organization_id
    )


# --- search ----------------------------------------------------------------------------------

_QUERY = TypeAdapter(VacancyQuery)
_QUERY_HINTS = get_type_hints(VacancyQuery)
_MULTI_VALUED = {
    name
    for name, hint in _QUERY_HINTS.items()
    if any(get_origin(arg) is list for arg in (*get_args(hint), hint))
}
_FILTER_KINDS = {
    "region": ConceptKind.REGION,
    "municipality": ConceptKind.MUNICIPALITY,
    "occupation": ConceptKind.OCCUPATION,
}
_FILTER_VOCABS: dict[str, Iterable[str]] = {
    "employment_type": EmploymentType,
    "working_time": WorkingTime,
    "remote": Remote,
}
PUBLISHED_PRESET_DAYS = (0, 3, 7, 30)


def vacancy_query(request: Request) -> VacancyQuery:
    """Search parameters from the query string; empty values (a form's "any" choice) are
    left out, anything else invalid is a 422 naming the parameter."""
    values: dict[str, Any] = {}
    for key, value in request.query_params.multi_items():
        if key not in _QUERY_HINTS or not value.strip():
            continue
        if key in _MULTI_VALUED:
            values.setdefault(key, []).append(value)
        else:
            values[key] = value
    try:
        return _QUERY.validate_python(values)
    except ValidationError as exc:
        errors = [{**e, "loc": ("query", *e["loc"])} for e in exc.errors(include_url=False)]
        raise RequestValidationError(errors) from exc


@dataclass(frozen=True)
class FilterOption:
    """One value of a search filter with the number of results choosing it would give."""

    value: str
    label: str
    count: int
    selected: bool


def facet_counts(
    services: Services, query: VacancyQuery, analysed: AnalysedQuery, page: VacancyPage
) -> dict[str, dict[str, int]]:
    """Counts per filter value. A filter's own choice is left out of its counts, so the other
    values of a chosen filter stay visible with the number of results they would give."""
    counts = dict(page.facets)
    for name in FACETS:
        if not getattr(query, name):
            continue
        unfiltered: dict[str, Any] = {name: None}
        others = dataclasses.replace(query, **unfiltered).to_request(date.today())
        others = dataclasses.replace(others, offset=0, limit=0, facets=(name,), highlight=False)
        # The query vector comes from the encoder's memory cache after the first search.
        result = typed_search(services, "vacancies", others, analysed)
        counts[name] = result.facets.get(name, {})
    return counts


def filter_options(
    query: VacancyQuery, counts: dict[str, dict[str, int]], lang: str
) -> dict[str, list[FilterOption]]:
    """The choices of every filter with their counts, labelled in the UI language."""
    t = Translator(lang)
    taxonomy = get_taxonomy()
    options: dict[str, list[FilterOption]] = {}
    for name, kind in _FILTER_KINDS.items():
        chosen = set(getattr(query, name) or [])
        found = counts.get(name, {})
        # Every region is worth offering; municipalities and occupations only where results are.
        codes = {t.code for t in taxonomy.all(kind)} if name == "region" else set(found)
        items = [
            FilterOption(code, taxonomy.label(kind, code, lang), found.get(code, 0), code in chosen)
            for code in codes | chosen
        ]
        options[name] = sorted(items, key=lambda o: fold(o.label))
    for name, vocabulary in _FILTER_VOCABS.items():
        chosen = {str(v) for v in getattr(query, name) or []}
        found = counts.get(name, {})
        options[name] = [
            FilterOption(str(v), t(f"vocab.{name}.{v}"), found.get(str(v), 0), str(v) in chosen)
            for v in vocabulary
        ]
    return options


def published_options(chosen: date | None, today: date, lang: str) -> list[FilterOption]:
    """Choices for "published since": today, a few days back, or a date given in the URL."""
    t = Translator(lang)
    options = []
    for days in PUBLISHED_PRESET_DAYS:
        since = today - timedelta(days=days)
        label = (
            t("vacancies.published_today")
            if days == 0
            else t("vacancies.published_days", days=days)
        )
        options.append(FilterOption(since.isoformat(), label, 0, since == chosen))
    if chosen is not None and not any(o.selected for o in options):
        label = t("vacancies.published_since_date", date=chosen.isoformat())
        options.append(FilterOption(chosen.isoformat(), label, 0, True))
    return options


@router.get("/vacancies")
def search_page(
    request: Request,
    user: OptionalUser,
    session: SessionDep,
    query: Annotated[VacancyQuery, Depends(vacancy_query)],
    services: ServicesDep,
) -> Response:
    lang = current_language(request)
    analysed = analyse(query.q)  # once for the page and every filter's counts
    page = search_vacancies(services, session, query, lang=lang, analysed=analysed)
    counts = facet_counts(services, query, analysed, page)
    end = query.offset + query.limit
    return render(
        request,
        "vacancies/search.html",
        query=query,
        page=page,
        filters=filter_options(query, counts, lang),
        published=published_options(query.published_since, date.today(), lang),
        filtered=any(getattr(query, name) for name in (*FACETS, "published_since")),
        previous_offset=max(0, query.offset - query.limit) if query.offset > 0 else None,
        next_offset=end if end < page.total else None,
        clear_url="/vacancies" + (f"?{urlencode({'q': query.q})}" if query.q else ""),
    )


# --- the vacancy page ------------------------------------------------------------------------


@router.get("/vacancies/{vacancy_id}")
def vacancy_page(
    request: Request,
    vacancy_id: VacancyId,
    user: OptionalUser,
    session: SessionDep,
    saved: bool = False,
) -> Response:
    vacancy = service.viewable(session, user, vacancy_id)
    t = Translator(current_language(request))
    return render(
        request,
        "vacancies/detail.html",
        vacancy=vacancy,
        owner=is_owner(user, vacancy),
        region=get_taxonomy().region_of(vacancy.municipality_code),
        level_labels=dict(language_levels(current_language(request))),
        flash=t("form.saved") if saved else None,
    )


# --- the editor: taxonomy fields typed as text -----------------------------------------------


@dataclass
class TermPick:
    """A many-valued taxonomy field: codes kept, typed words not found, concepts offered."""

    codes: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    offered: list[str] = field(default_factory=list)


def _text(form: FormData, name: str) -> str:
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
            title=_text(form, "title"),
            description=_text(form, "description"),
            municipality_code=_text(form, "municipality_code"),
            employment_type=_text(form, "employment_type"),
            working_time=_text(form, "working_time"),
            remote=_text(form, "remote") or Remote.ONSITE.value,
            start_date=_iso_date(_text(form, "start_date")),
            deadline=_iso_date(_text(form, "deadline")),
            salary_text=_text(form, "salary_text"),
            how_to_apply=_text(form, "how_to_apply"),
            languages=[
                (code, level)
                for code, level in zip(
                    _texts(form, "language_code"), _texts(form, "language_level"), strict=False
                )
                if code or level
            ],
            licences=_unique(_texts(form, "licences")),
        )
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
        chosen = _text(form, "occupation_code")
        typed = _text(form, "occupation")
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


SkillSuggester = Callable[[str, Sequence[str]], list[str]]


def skill_suggester(request: Request) -> SkillSuggester | None:
    """The service's skill suggester (text, codes already chosen -> skill codes), if any."""
    # HOOK(skill-suggester): connected to the taxonomy suggester (POST /api/v1/taxonomy/suggest
    # uses the same function); the editor offers the skills as unticked checkboxes.
    from marketplace.taxonomy.suggest import SUGGEST_TEXT_MAX, suggest_concepts

    lang = current_language(request)
    encoder = request.app.state.services.indexer.encoder()

    def suggest(text: str, chosen: Sequence[str]) -> list[str]:
        # The list fills the skill fields, so only skills are asked for.
        text = text[:SUGGEST_TEXT_MAX]
        found = suggest_concepts(encoder, text, chosen, lang, limit=10, kinds=("skill",))
        return [item.code for item in found]

    return suggest


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


def _editor(
    request: Request,
    draft: VacancyForm,
    vacancy: Vacancy | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    lang = current_language(request)
    t = Translator(lang)
    return render(
        request,
        "vacancies/editor.html",
        status_code=status_code,
        form=draft,
        vacancy=vacancy,
        errors=errors,
        municipalities=concept_options(ConceptKind.MUNICIPALITY, lang),
        languages_options=concept_options(ConceptKind.LANGUAGE, lang),
        licence_groups=licence_groups(lang),
        level_options=language_levels(lang),
        employment_types=[(v.value, t(f"vocab.employment_type.{v}")) for v in EmploymentType],
        working_times=[(v.value, t(f"vocab.working_time.{v}")) for v in WorkingTime],
        remotes=[(v.value, t(f"vocab.remote.{v}")) for v in Remote],
        can_suggest=skill_suggester(request) is not None,
    )


def _submit(
    request: Request,
    session: Session,
    user: User,
    form: FormData,
    vacancy: Vacancy | None,
) -> Response:
    """Shared by create and update: resolve, validate, save or re-render with errors."""
    lang = current_language(request)
    action = _text(form, "action") or "save"
    draft, errors = VacancyForm.from_submission(form, lang)
    suggest = skill_suggester(request)
    if action == "suggest" and suggest is not None:
        chosen = [*draft.required_skills.codes, *draft.desired_skills.codes]
        draft.suggested = suggest(f"{draft.title}\n{draft.description}", chosen)
    try:
        data = VacancyCreate.model_validate({**draft.values(), "publish": action == "publish"})
    except ValidationError as exc:
        errors = {**translate_errors(form_errors(exc), lang), **errors}
    if errors:
        return _editor(request, draft, vacancy, errors, 422)
    if action in ("check", "suggest"):
        return _editor(request, draft, vacancy, {})
    try:
        if vacancy is None:
            vacancy = service.create(session, user, data)
        else:
            changes = data.model_dump(exclude={"publish"})
            status = VacancyStatus.PUBLISHED if data.publish else None
            patch = VacancyPatch.model_validate({**changes, "status": status})
            vacancy = service.update(session, user, vacancy.id, patch)
    except ValidationFailed as exc:
        # The service may have changed objects before it refused; none of it may be saved.
        session.rollback()
        return _editor(request, draft, vacancy, translate_errors(form_errors(exc), lang), 422)
    return redirect(f"/vacancies/{vacancy.id}?saved=1")


@router.get("/employer/vacancies/new")
def new_vacancy(request: Request, user: EmployerUser) -> Response:
    return _editor(request, VacancyForm(), None, {})


@router.post("/employer/vacancies")
def create_vacancy(
    request: Request, user: EmployerUser, session: SessionDep, form: FormDep
) -> Response:
    return _submit(request, session, user, form, None)


@router.get("/employer/vacancies/{vacancy_id}/edit")
def edit_vacancy(
    request: Request, vacancy_id: VacancyId, user: EmployerUser, session: SessionDep
) -> Response:
    vacancy = service.editable(session, user, vacancy_id)
    return _editor(
        request, VacancyForm.from_vacancy(vacancy, current_language(request)), vacancy, {}
    )


@router.post("/employer/vacancies/{vacancy_id}")
def update_vacancy(
    request: Request,
    vacancy_id: VacancyId,
    user: EmployerUser,
    session: SessionDep,
    form: FormDep,
) -> Response:
    vacancy = service.editable(session, user, vacancy_id)
    return _submit(request, session, user, form, vacancy)


def _status_change(
    request: Request,
    session: Session,
    user: User,
    vacancy_id: int,
    status: VacancyStatus,
    form: FormData,
) -> Response:
    try:
        vacancy = service.set_status(session, user, vacancy_id, status)
    except ValidationFailed as exc:
        session.rollback()
        vacancy = service.editable(session, user, vacancy_id)
        lang = current_language(request)
        draft = VacancyForm.from_vacancy(vacancy, lang)
        return _editor(request, draft, vacancy, translate_errors(form_errors(exc), lang), 422)
    return redirect(safe_next(_text(form, "next"), f"/vacancies/{vacancy.id}"))


@router.post("/employer/vacancies/{vacancy_id}/publish")
def publish_vacancy(
    request: Request,
    vacancy_id: VacancyId,
    user: EmployerUser,
    session: SessionDep,
    form: FormDep,
) -> Response:
    return _status_change(request, session, user, vacancy_id, VacancyStatus.PUBLISHED, form)


@router.post("/employer/vacancies/{vacancy_id}/unpublish")
def unpublish_vacancy(
    request: Request,
    vacancy_id: VacancyId,
    user: EmployerUser,
    session: SessionDep,
    form: FormDep,
) -> Response:
    return _status_change(request, session, user, vacancy_id, VacancyStatus.UNPUBLISHED, form)


@router.get("/employer/vacancies/{vacancy_id}/delete")
def confirm_delete(
    request: Request, vacancy_id: VacancyId, user: EmployerUser, session: SessionDep
) -> Response:
    vacancy = service.editable(session, user, vacancy_id)
    return render(request, "vacancies/delete.html", vacancy=vacancy)


@router.post("/employer/vacancies/{vacancy_id}/delete")
def delete_vacancy(
    request: Request, vacancy_id: VacancyId, user: EmployerUser, session: SessionDep
) -> Response:
    service.delete(session, user, vacancy_id)
    return redirect("/employer?deleted=1")

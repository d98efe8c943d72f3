"""The employer's vacancy editor: new, edit, publish, unpublish and delete.

Create and update share one submission path: the typed taxonomy words are resolved, the form
is validated, and a refused form comes back as it was typed, saying why, with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from marketplace.accounts.models import User
from marketplace.deps import EmployerUser, SessionDep, verify_csrf
from marketplace.errors import ValidationFailed
from marketplace.taxonomy.forms import language_levels
from marketplace.taxonomy.suggest import SUGGEST_TEXT_MAX, suggest_concepts
from marketplace.taxonomy.vocab import ConceptKind, EmploymentType, Remote, WorkingTime
from marketplace.vacancies import service
from marketplace.vacancies.editor_form import (
    VacancyForm,
    concept_options,
    form_text,
    licence_groups,
    translate_errors,
)
from marketplace.vacancies.models import Vacancy, VacancyStatus
from marketplace.vacancies.pages import VacancyId
from marketplace.vacancies.schemas import VacancyCreate, VacancyPatch
from marketplace.web import current_language, form_errors, redirect, render, safe_next, translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])


async def submitted_form(request: Request) -> FormData:
    """The posted form; the CSRF check has parsed it already, so this is a cached read."""
    return await request.form()


FormDep = Annotated[FormData, Depends(submitted_form)]


SkillSuggester = Callable[[str, Sequence[str]], list[str]]


def skill_suggester(request: Request) -> SkillSuggester | None:
    """The service's skill suggester (text, codes already chosen -> skill codes), if any."""
    # HOOK(skill-suggester): connected to the taxonomy suggester (POST /api/v1/taxonomy/suggest
    # uses the same function); the editor offers the skills as unticked checkboxes.
    lang = current_language(request)
    encoder = request.app.state.services.indexer.encoder()

    def suggest(text: str, chosen: Sequence[str]) -> list[str]:
        # The list fills the skill fields, so only skills are asked for.
        text = text[:SUGGEST_TEXT_MAX]
        found = suggest_concepts(encoder, text, chosen, lang, limit=10, kinds=("skill",))
        return [item.code for item in found]

    return suggest


def _editor(
    request: Request,
    draft: VacancyForm,
    vacancy: Vacancy | None,
    errors: dict[str, str],
    status_code: int = 200,
) -> Response:
    lang = current_language(request)
    t = translator(request)
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
    action = form_text(form, "action") or "save"
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
    return redirect(safe_next(form_text(form, "next"), f"/vacancies/{vacancy.id}"))


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

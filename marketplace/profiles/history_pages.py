"""Work experience and education in the profile builder: one list each, items added, replaced
and removed by position, the profile's version guarding against positions from an older page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.deps import JobseekerUser, SessionDep, verify_csrf
from marketplace.profiles.builder_pages import (
    FormText,
    ItemIndex,
    Posted,
    apply,
    blank_to_none,
    stale,
)
from marketplace.profiles.form_errors import FormProblems
from marketplace.profiles.schemas import EducationItem, ProfileDocument, WorkItem
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.web import translator

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

# The profile document's list an item belongs to; also the part of the path after /profile/.
History = Literal["work", "education"]
HISTORIES: tuple[History, ...] = ("work", "education")


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

    def item(self, problems: FormProblems) -> dict[str, Any]:
        """The item as the profile document holds it, its occupation words resolved."""
        occupation = problems.pick(
            "work_occupation",
            ConceptKind.OCCUPATION,
            self.work_occupation,
            self.work_occupation_code,
        )
        return {
            "title": self.work_title,
            "occupation_code": occupation,
            "employer": self.work_employer,
            "start_date": blank_to_none(self.work_start),
            "end_date": blank_to_none(self.work_end),
            "description": self.work_description,
        }

    def values(self) -> dict[str, Any]:
        """The controls as typed, for a form shown again."""
        return self.model_dump(exclude={"version", "work_occupation_code"})


class EducationForm(BaseModel):
    """The education form as posted; `version` guards edits by position."""

    version: Posted = ""
    edu_title: Posted = ""
    edu_institution: Posted = ""
    edu_start: Posted = ""
    edu_end: Posted = ""

    def item(self, problems: FormProblems) -> dict[str, Any]:
        """The item as the profile document holds it."""
        return {
            "title": self.edu_title,
            "institution": self.edu_institution,
            "start_year": blank_to_none(self.edu_start),
            "end_year": blank_to_none(self.edu_end),
        }

    def values(self) -> dict[str, Any]:
        """The controls as typed, for a form shown again."""
        return self.model_dump(exclude={"version"})


def _save(
    request: Request,
    session: Session,
    user: User,
    history: History,
    form: WorkForm | EducationForm,
    index: int | None,
) -> Response:
    """Add the item (`index` None) or replace the one at `index`."""
    if index is not None and (refused := stale(request, session, user, history, form.version)):
        return refused
    problems = FormProblems(translator(request))
    item = form.item(problems)

    def saved_at(doc: ProfileDocument) -> str:
        # The lists are sorted newest first on saving: the item's place is known only then.
        kind = WorkItem if history == "work" else EducationItem
        return f"{history}-{getattr(doc, history).index(kind.model_validate(item))}"

    def change(data: dict[str, Any]) -> None:
        items = data[history]
        if index is not None and 0 <= index < len(items):
            items[index] = item
        else:
            items.append(item)

    return apply(
        request,
        session,
        user,
        history,
        change,
        anchor=saved_at,
        problems=problems,
        values=form.values(),
        edit=index,
    )


@router.post("/profile/work")
def add_work(
    request: Request, user: JobseekerUser, session: SessionDep, form: Annotated[WorkForm, Form()]
) -> Response:
    """Add a work experience item."""
    return _save(request, session, user, "work", form, None)


@router.post("/profile/work/{index}")
def update_work(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    form: Annotated[WorkForm, Form()],
) -> Response:
    """Replace the work experience item at `index`."""
    return _save(request, session, user, "work", form, index)


@router.post("/profile/education")
def add_education(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    form: Annotated[EducationForm, Form()],
) -> Response:
    """Add an education item."""
    return _save(request, session, user, "education", form, None)


@router.post("/profile/education/{index}")
def update_education(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    index: ItemIndex,
    form: Annotated[EducationForm, Form()],
) -> Response:
    """Replace the education item at `index`."""
    return _save(request, session, user, "education", form, index)


def _remove_route(history: History) -> None:
    def remove(
        request: Request,
        user: JobseekerUser,
        session: SessionDep,
        index: ItemIndex,
        version: FormText = "",
    ) -> Response:
        if refused := stale(request, session, user, history, version):
            return refused

        def change(data: dict[str, Any]) -> None:
            if 0 <= index < len(data[history]):
                del data[history][index]

        return apply(request, session, user, history, change, anchor=f"{history}-heading")

    remove.__doc__ = f"Remove the {history} item at `index`."
    router.add_api_route(
        f"/profile/{history}/{{index}}/remove",
        remove,
        methods=["POST"],
        name=f"remove_{history}",
    )


for _history in HISTORIES:
    _remove_route(_history)

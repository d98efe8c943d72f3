"""CV pages: the print view, the recruiters' ZIP download page and the jobseeker's access log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.cv import service
from marketplace.cv.api import LangQuery, zip_response
from marketplace.cv.models import CvFormat
from marketplace.cv.schemas import ZIP_MAX_PROFILES, CvViewOut
from marketplace.db import RecordId
from marketplace.deps import CurrentUser, EmployerUser, JobseekerUser, SessionDep, verify_csrf
from marketplace.errors import ValidationFailed
from marketplace.i18n import LANGUAGES, Translator
from marketplace.templating import format_date
from marketplace.web import current_language, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

HELSINKI = ZoneInfo("Europe/Helsinki")
# Room for 50 ids of many digits, commas and spaces; longer input is refused before parsing.
IDS_MAX_CHARS = 1000


@dataclass(frozen=True)
class AccessRow:
    """One access-log entry as the jobseeker reads it."""

    when: str
    organization: str
    person: str
    format: str


def access_rows(views: list[CvViewOut], lang: str) -> list[AccessRow]:
    """Log entries with local times and translated labels."""
    t = Translator(lang)
    rows = []
    for view in views:
        local = view.created_at.astimezone(HELSINKI)
        rows.append(
            AccessRow(
                when=f"{format_date(local, lang)} {local:%H:%M}",
                organization=view.organization_name or t("cv.views_no_organization"),
                person=view.viewer_name,
                format=t(f"cv.format.{view.format}"),
            )
        )
    return rows


def access_log_context(session: Session, user: User, lang: str, limit: int = 10) -> dict[str, Any]:
    """Context for `{% include "cv/_access_log.html" %}` on the jobseeker's own pages."""
    views = service.access_log(session, user, limit=limit + 1)
    return {"cv_views": access_rows(views[:limit], lang), "cv_views_more": len(views) > limit}


def parse_ids(raw: str) -> list[int]:
    """Profile ids from "1,2,3" (spaces allowed); 422 naming `ids` otherwise."""
    if len(raw) > IDS_MAX_CHARS:
        raise ValidationFailed("Too many profile ids", field="ids")
    parts = [part.strip() for part in raw.replace(" ", ",").split(",") if part.strip()]
    if not all(part.isdigit() and len(part) <= 12 for part in parts):
        raise ValidationFailed("Profile ids must be whole numbers separated by commas", field="ids")
    ids = list(dict.fromkeys(int(part) for part in parts))
    if len(ids) > ZIP_MAX_PROFILES:
        raise ValidationFailed(f"At most {ZIP_MAX_PROFILES} CVs fit in one download", field="ids")
    return ids


@router.get("/profiles/{profile_id}/cv")
def print_view(
    request: Request,
    profile_id: RecordId,
    user: CurrentUser,
    session: SessionDep,
    lang: LangQuery = None,
) -> Response:
    """The CV as an HTML page for the browser's print; the same template as the PDF."""
    doc = service.document_for(session, user, profile_id, lang or current_language(request))
    service.record_access(session, user, [profile_id], CvFormat.PRINT)
    return render(
        request,
        "cv/cv.html",
        cv=doc,
        _=Translator(doc.lang),
        mode="print",
        languages=LANGUAGES,
        pdf_url=f"/api/v1/profiles/{profile_id}/cv.pdf?lang={doc.lang}",
        back_url=f"/profiles/{profile_id}",
    )


@router.get("/cv/download")
def download_page(
    request: Request,
    user: EmployerUser,
    session: SessionDep,
    ids: Annotated[str, Query(max_length=IDS_MAX_CHARS)] = "",
    lang: LangQuery = None,
) -> Response:
    """Recruiters: the chosen candidates and a button that downloads their CVs as one ZIP."""
    chosen = parse_ids(ids)
    cv_lang = lang or current_language(request)
    candidates = [service.document_for(session, user, pid, cv_lang) for pid in chosen]
    return render(
        request,
        "cv/download.html",
        candidates=candidates,
        ids=",".join(str(pid) for pid in chosen),
        cv_lang=cv_lang,
        max_profiles=ZIP_MAX_PROFILES,
    )


@router.post("/cv/download")
def download_zip(
    user: EmployerUser,
    session: SessionDep,
    ids: Annotated[str, Form(max_length=IDS_MAX_CHARS)] = "",
    lang: Annotated[str, Form(max_length=5)] = "fi",
) -> StreamingResponse:
    """The ZIP itself: a plain form post, or fetched by download.js to show progress."""
    chosen = parse_ids(ids)
    return zip_response(service.zip_cvs(session, user, chosen, lang), len(chosen))


@router.get("/me/cv-views")
def my_cv_views(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """The jobseeker's full CV access log, a page at a time."""
    per_page = 50
    views = service.access_log(session, user, limit=per_page + 1, offset=(page - 1) * per_page)
    return render(
        request,
        "cv/views.html",
        cv_views=access_rows(views[:per_page], current_language(request)),
        cv_views_more=False,
        page=page,
        next_page=page + 1 if len(views) > per_page else None,
    )

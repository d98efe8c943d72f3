"""CV JSON/binary API: one CV as PDF, a shortlist as a ZIP, and the jobseeker's access log."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from marketplace.cv import service
from marketplace.cv.models import CvFormat
from marketplace.cv.schemas import ZIP_MAX_PROFILES, CvDocument, CvLanguage, CvViewOut, ZipRequest
from marketplace.db import ID_MAX, RecordId
from marketplace.deps import CurrentUser, EmployerUser, JobseekerUser, SessionDep
from marketplace.web import current_language

router = APIRouter(prefix="/api/v1", tags=["cv"])

LangQuery = Annotated[
    CvLanguage | None,
    Query(description="CV language; defaults to the user-interface language."),
]

_PDF_RESPONSES: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/pdf": {}}, "description": "The CV as a tagged PDF/UA-1"},
    304: {"description": "Not modified: the ETag given in If-None-Match is current"},
    404: {"description": "No such profile, or hidden from the viewer"},
}


def content_disposition(kind: str, filename: str) -> str:
    """A Content-Disposition header with an ASCII fallback and the UTF-8 name (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _etag_matches(header: str, etag: str) -> bool:
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _not_modified_since(header: str, modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since.tzinfo is not None and modified.replace(microsecond=0) <= since


def _is_fresh(request: Request, etag: str, modified: datetime) -> bool:
    """Whether the client's copy is current; If-None-Match wins over If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    if_modified_since = request.headers.get("if-modified-since")
    return bool(if_modified_since) and _not_modified_since(if_modified_since or "", modified)


def conditional_pdf(request: Request, doc: CvDocument) -> Response:
    """The PDF with validators; 304 without rendering when the client's copy is current."""
    etag = f'"{doc.cache_key}"'
    headers = {
        "ETag": etag,
        "Last-Modified": format_datetime(doc.updated_at, usegmt=True),
        # The browser may keep a copy but must ask each time: visibility can change.
        "Cache-Control": "private, no-cache",
        "Vary": "Authorization, Cookie",
    }
    if _is_fresh(request, etag, doc.updated_at):
        return Response(status_code=304, headers=headers)
    headers["Content-Disposition"] = content_disposition("inline", doc.filename)
    return Response(service.pdf_for(doc), media_type="application/pdf", headers=headers)


@router.get("/profiles/{profile_id}/cv.pdf", responses=_PDF_RESPONSES, response_class=Response)
def cv_pdf(
    request: Request,
    profile_id: RecordId,
    user: CurrentUser,
    session: SessionDep,
    lang: LangQuery = None,
) -> Response:
    """The profile's CV as PDF; anonymised for employers when the profile is anonymous."""
    doc = service.document_for(session, user, profile_id, lang or current_language(request))
    service.record_access(session, user, [profile_id], CvFormat.PDF)
    return conditional_pdf(request, doc)


@router.post(
    "/cv/zip",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/zip": {}}, "description": "One PDF per profile"},
        404: {"description": "Some profile does not exist or is not viewable; nothing is sent"},
        422: {"description": f"No ids, more than {ZIP_MAX_PROFILES}, or an unsupported lang"},
    },
)
def cv_zip(body: ZipRequest, user: EmployerUser, session: SessionDep) -> StreamingResponse:
    """A shortlist's CVs as one streamed ZIP (at most 50 profiles, all viewable, or 404)."""
    stream = service.zip_cvs(session, user, body.profile_ids, body.lang)
    return zip_response(stream, len(set(body.profile_ids)))


def zip_response(stream: Iterator[bytes], count: int) -> StreamingResponse:
    """The streamed ZIP with its download name and the number of CVs it will hold."""
    return StreamingResponse(
        stream,
        media_type="application/zip",
        headers={
            "Content-Disposition": content_disposition("attachment", "cv.zip"),
            "X-CV-Count": str(count),
            "Cache-Control": "no-store",
        },
    )


@router.get("/me/cv-views")
def my_cv_views(
    user: JobseekerUser,
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=ID_MAX)] = 0,
) -> list[CvViewOut]:
    """Who has viewed or downloaded my CV (organisation, person, when, format), newest first."""
    return service.access_log(session, user, limit=limit, offset=offset)

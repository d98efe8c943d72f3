"""CVs: who gets which CV, building it in a language, PDFs, shortlist ZIPs and the access log."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.cv import render, repository
from marketplace.cv.models import CvAccessLog, CvFormat
from marketplace.cv.schemas import (
    ZIP_MAX_PROFILES,
    CvDocument,
    CvEducation,
    CvFact,
    CvViewOut,
    CvWork,
)
from marketplace.errors import NotFound, ValidationFailed
from marketplace.i18n import LANGUAGES, Translator
from marketplace.profiles import repository as profiles_repository
from marketplace.profiles import service as profiles
from marketplace.profiles.models import Profile
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import ConceptKind
from marketplace.templating import format_date


def require_language(lang: str) -> str:
    """The CV language, or 422 naming `lang`."""
    if lang not in LANGUAGES:
        raise ValidationFailed(f"Unsupported CV language: {lang[:10]}", field="lang")
    return lang


_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month(value: date | None, lang: str) -> str:
    """Month and year, as CVs give periods: "3/2020" (fi, sv) or "Mar 2020" (en)."""
    if value is None:
        return ""
    if lang == "en":
        return f"{_MONTHS_EN[value.month - 1]} {value.year}"
    return f"{value.month}/{value.year}"


def _period(start: date | None, end: date | None, lang: str, t: Translator) -> str:
    if not (start or end):
        return ""
    return f"{_month(start, lang)} – {_month(end, lang) if end else t('cv.ongoing')}"


def _years(start: int | None, end: int | None, t: Translator) -> str:
    if not (start or end):
        return ""
    return f"{start or ''} – {end or t('cv.ongoing')}"


def _fingerprint(profile: Profile, anonymised: bool) -> str:
    """Inputs beyond the version that change the rendering: name, taxonomy, layout.

    The creation time tells apart profiles that reuse the id of a deleted one (SQLite can).
    """
    name = "" if anonymised else profile.user.full_name
    parts = (profile.created_at.isoformat(), name, get_taxonomy().version, render.LAYOUT_VERSION)
    raw = "\x1f".join(parts)
    return hashlib.sha256(raw.encode()).hexdigest()[:10]


def _wishes(profile: Profile, lang: str, t: Translator) -> tuple[CvFact, ...]:
    taxonomy = get_taxonomy()
    facts: list[CvFact] = []

    def add(label_key: str, values: Iterable[str]) -> None:
        text = ", ".join(v for v in values if v)
        if text:
            facts.append(CvFact(t(label_key), text))

    add(
        "cv.wish_occupations",
        (taxonomy.label(ConceptKind.OCCUPATION, c, lang) for c in profile.wish_occupations),
    )
    places = [
        taxonomy.label(ConceptKind.MUNICIPALITY, c, lang) for c in profile.wish_municipalities
    ]
    places += [taxonomy.label(ConceptKind.REGION, c, lang) for c in profile.wish_regions]
    add("cv.wish_places", places)
    add(
        "cv.wish_employment_types",
        (t(f"vocab.employment_type.{v}") for v in profile.wish_employment_types),
    )
    add("cv.wish_working_times", (t(f"vocab.working_time.{v}") for v in profile.wish_working_times))
    if profile.wish_remote:
        facts.append(CvFact(t("cv.wish_remote"), t("cv.remote_yes")))
    if profile.available_from:
        facts.append(CvFact(t("cv.available_from"), format_date(profile.available_from, lang)))
    return tuple(facts)


def build_document(profile: Profile, lang: str, *, anonymised: bool) -> CvDocument:
    """The CV of a profile in a language; anonymised ones carry no name or contact details."""
    t = Translator(lang)
    taxonomy = get_taxonomy()
    levels = {lvl["code"]: lvl.get(lang) or lvl["fi"] for lvl in taxonomy.levels}
    name = None if anonymised else profile.user.full_name
    municipality = (
        taxonomy.label(ConceptKind.MUNICIPALITY, profile.municipality_code, lang)
        if profile.municipality_code
        else ""
    )
    skills = [taxonomy.label(ConceptKind.SKILL, c, lang) for c in profile.skill_codes]
    skills += [k for k in profile.keywords if k not in skills]
    return CvDocument(
        profile_id=profile.id,
        reference=profile.reference,
        version=profile.version,
        updated_at=profile.updated_at,
        lang=lang,
        anonymised=anonymised,
        display_name=name or t("cv.candidate", reference=profile.reference),
        name=name,
        headline=profile.headline,
        summary=profile.summary.replace("\r\n", "\n").strip(),
        email="" if anonymised else profile.contact_email,
        phone="" if anonymised else profile.phone,
        address="" if anonymised else profile.address,
        municipality=municipality,
        skills=tuple(skills),
        work=tuple(
            CvWork(
                title=item.title,
                # An anonymous CV names no employer and no school (see the profile view).
                employer="" if anonymised else item.employer,
                period=_period(item.start_date, item.end_date, lang, t),
                occupation=taxonomy.label(ConceptKind.OCCUPATION, item.occupation_code, lang)
                if item.occupation_code
                else "",
                description=item.description,
            )
            for item in profile.work
        ),
        education=tuple(
            CvEducation(
                item.title,
                "" if anonymised else item.institution,
                _years(item.start_year, item.end_year, t),
            )
            for item in profile.education
        ),
        languages=tuple(
            CvFact(
                taxonomy.label(ConceptKind.LANGUAGE, item.code, lang),
                levels.get(item.level, item.level),
            )
            for item in profile.languages
        ),
        licences=tuple(taxonomy.label(ConceptKind.LICENCE, c, lang) for c in profile.licence_codes),
        wishes=_wishes(profile, lang, t),
        fingerprint=_fingerprint(profile, anonymised),
    )


def document_for(session: Session, viewer: User, profile_id: int, lang: str) -> CvDocument:
    """The CV the viewer may see: 404 when hidden from them, anonymised when identity is."""
    require_language(lang)
    profile = profiles.viewable(session, viewer, profile_id)
    identified = profiles.identity_visible(session, viewer, profile)
    return build_document(profile, lang, anonymised=not identified)


def _entry(viewer: User, profile_id: int, fmt: CvFormat) -> CvAccessLog:
    organization = viewer.organization
    return CvAccessLog(
        profile_id=profile_id,
        viewer_user_id=viewer.id,
        organization_id=organization.id if organization else None,
        organization_name=organization.name if organization else "",
        viewer_name=viewer.full_name,
        format=fmt.value,
    )


def record_access(session: Session, viewer: User, profile_ids: Sequence[int], fmt: CvFormat) -> int:
    """Log views or downloads of CVs by anyone but their owner; returns entries written.

    Public so other pages (the profile view, candidate pages) log with `CvFormat.PROFILE_VIEW`.
    """
    owners = profiles_repository.get_many(session, profile_ids)
    entries = [
        _entry(viewer, pid, fmt)
        for pid in profile_ids
        if pid in owners and owners[pid].user_id != viewer.id
    ]
    repository.add_all(session, entries)
    return len(entries)


@dataclass(frozen=True)
class OpenedProfile:
    """A profile opened by someone allowed to, and whether they may see who it is."""

    profile: Profile
    identified: bool


def open_profile(session: Session, viewer: User | None, profile_id: int) -> OpenedProfile:
    """A profile as the viewer may see it, page or API alike: hidden ones are 404 to all but
    owner and specialist, and the view is logged for the owner as a CV view."""
    profile = profiles.viewable(session, viewer, profile_id)
    assert viewer is not None  # `viewable` refuses anonymous visitors
    record_access(session, viewer, [profile.id], CvFormat.PROFILE_VIEW)
    return OpenedProfile(profile, profiles.identity_visible(session, viewer, profile))


def pdf_for(document: CvDocument) -> bytes:
    """The rendered PDF of a CV document (cached by its key)."""
    return render.pdf_bytes(document)


def _unique_names(documents: Sequence[CvDocument]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for doc in documents:
        name = doc.filename
        if name.casefold() in seen:
            name = f"{name.removesuffix('.pdf')} {doc.reference}.pdf"
        seen.add(name.casefold())
        names.append(name)
    return names


class _ZipSink:
    """A write-only stream whose bytes are drained after each ZIP entry, for streaming."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered below this object."""

    def close(self) -> None:
        """Nothing to release; drained bytes are already with the caller."""

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(documents: Sequence[CvDocument]) -> Iterator[bytes]:
    """A ZIP of one PDF per document, produced entry by entry as each PDF is rendered."""
    sink = _ZipSink()
    # The sink cannot seek, so zipfile writes sizes in data descriptors after each entry.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for doc, name in zip(documents, _unique_names(documents), strict=True):
            archive.writestr(name, pdf_for(doc))
            yield sink.drain()
    yield sink.drain()


def zip_cvs(
    session: Session, viewer: User, profile_ids: Sequence[int], lang: str
) -> Iterator[bytes]:
    """A shortlist's CVs as a streamed ZIP.

    Every id must be viewable by the viewer, else the whole request fails with 404 before any
    byte is produced; at most `ZIP_MAX_PROFILES` ids (422 otherwise). Access is logged here; the
    returned iterator renders without touching the session, so it may outlive the request scope.
    """
    require_language(lang)
    ids = list(dict.fromkeys(profile_ids))
    if not ids:
        raise ValidationFailed("Choose at least one profile", field="profile_ids")
    if len(ids) > ZIP_MAX_PROFILES:
        raise ValidationFailed(
            f"At most {ZIP_MAX_PROFILES} CVs fit in one download", field="profile_ids"
        )
    documents = []
    for pid in ids:
        try:
            documents.append(document_for(session, viewer, pid, lang))
        except NotFound:
            raise NotFound(f"Profile {pid} not found", field="profile_ids") from None
    record_access(session, viewer, ids, CvFormat.ZIP)
    return stream_zip(documents)


def access_log(
    session: Session, owner: User, *, limit: int = 100, offset: int = 0
) -> list[CvViewOut]:
    """Who has viewed or downloaded the jobseeker's CV, newest first."""
    profile = profiles_repository.get_by_user(session, owner.id)
    if profile is None:
        return []
    rows = repository.for_profile(session, profile.id, limit=limit, offset=offset)
    return [CvViewOut.model_validate(row) for row in rows]


def export_cv_views(session: Session, user: User) -> list[dict[str, object]]:
    """Who saw the user's CV, for the data export."""
    return [view.model_dump(mode="json") for view in access_log(session, user, limit=100_000)]

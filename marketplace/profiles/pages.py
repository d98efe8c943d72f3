"""The profile builder's forms: introduction, skills and keywords, languages and licences, job
wishes and visibility. Work and education are in `history_pages`; the pages themselves and the
save path every form shares are in `builder_pages`. Every form goes back to its own step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from marketplace.deps import JobseekerUser, SessionDep, verify_csrf
from marketplace.profiles import service
from marketplace.profiles.builder_pages import (
    FormList,
    FormText,
    apply,
    blank_to_none,
    render_builder,
    step_url,
)
from marketplace.profiles.form_errors import FormProblems
from marketplace.profiles.sections import section
from marketplace.taxonomy.vocab import ConceptKind, Visibility
from marketplace.web import redirect, translator
from matching.analysis import fold

router = APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)])

_KEYWORD_SPLIT = re.compile(r"[,;\n]+")


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
    problems = FormProblems(translator(request))
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
        data["contact"] = {"phone": phone, "email": blank_to_none(email), "address": address}
        data["wishes"]["available_from"] = blank_to_none(available_from)

    return apply(
        request, session, user, "intro", change, anchor="intro", problems=problems, values=values
    )


@dataclass(frozen=True)
class CodeList:
    """A list of taxonomy codes on the profile, grown and shrunk one concept at a time."""

    path: str  # URL of the list; "/add" and "/{code}/remove" hang below it
    field_id: str  # the add form's text input; "<field_id>-<code>" is a listed item's id
    kind: ConceptKind
    section: str
    heading: str  # id of the list's heading, where the page opens after a removal
    keys: tuple[str, ...]  # where the list sits in the profile document

    def codes(self, data: dict[str, Any]) -> list[str]:
        """The list inside a profile document dict."""
        target: Any = data
        for key in self.keys:
            target = target[key]
        return target


CODE_LISTS = (
    CodeList(
        "/profile/skills", "skill", ConceptKind.SKILL, "skills", "skills-list-heading", ("skills",)
    ),
    CodeList(
        "/profile/licences",
        "licence",
        ConceptKind.LICENCE,
        "languages",
        "licences-heading",
        ("licences",),
    ),
    CodeList(
        "/profile/wishes/occupations",
        "wish_occupation",
        ConceptKind.OCCUPATION,
        "wishes",
        "wish-occupations-heading",
        ("wishes", "occupations"),
    ),
    CodeList(
        "/profile/wishes/municipalities",
        "wish_municipality",
        ConceptKind.MUNICIPALITY,
        "wishes",
        "wish-municipalities-heading",
        ("wishes", "municipalities"),
    ),
    CodeList(
        "/profile/wishes/regions",
        "wish_region",
        ConceptKind.REGION,
        "wishes",
        "wish-regions-heading",
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
        problems = FormProblems(translator(request))
        found = problems.pick(spec.field_id, spec.kind, q, code, required=True)

        def change(data: dict[str, Any]) -> None:
            codes = spec.codes(data)
            if found and found not in codes:
                codes.append(found)

        values = {spec.field_id: q}
        anchor = f"{spec.field_id}-{found}"
        return apply(
            request,
            session,
            user,
            spec.section,
            change,
            anchor=anchor,
            problems=problems,
            values=values,
        )

    def remove(request: Request, user: JobseekerUser, session: SessionDep, code: str) -> Response:
        def change(data: dict[str, Any]) -> None:
            codes = spec.codes(data)
            if code in codes:
                codes.remove(code)

        return apply(request, session, user, spec.section, change, anchor=spec.heading)

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

    return apply(
        request,
        session,
        user,
        "skills",
        change,
        anchor="keywords-heading",
        values={"keywords": keywords},
    )


@router.post("/profile/languages/add")
def add_language(
    request: Request,
    user: JobseekerUser,
    session: SessionDep,
    q: FormText = "",
    code: FormText = "",
    language_level: FormText = "",
) -> Response:
    """Add a language with its level, or change the level of one already listed."""
    level = language_level
    problems = FormProblems(translator(request))
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
    return apply(
        request,
        session,
        user,
        "languages",
        change,
        anchor=f"language-{found}",
        problems=problems,
        values=values,
    )


@router.post("/profile/languages/{code}/remove")
def remove_language(
    request: Request, user: JobseekerUser, session: SessionDep, code: str
) -> Response:
    """Remove a language."""

    def change(data: dict[str, Any]) -> None:
        data["languages"] = [item for item in data["languages"] if item["code"] != code]

    return apply(request, session, user, "languages", change, anchor="languages-heading")


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

    return apply(
        request, session, user, "wishes", change, anchor="work-terms-heading", values=values
    )


@router.post("/profile/visibility")
def save_visibility(
    request: Request, user: JobseekerUser, session: SessionDep, visibility: FormText = ""
) -> Response:
    """Publish, anonymise or hide the profile."""
    if visibility not in {v.value for v in Visibility}:
        message = translator(request)("profiles.error_choice")
        errors = {"visibility": message}
        step = section("visibility")
        return render_builder(request, session, user, step, status_code=422, errors=errors)
    service.set_visibility(session, service.get_own(session, user), Visibility(visibility))
    return redirect(step_url("visibility", f"visibility-{visibility}", saved=True))

"""Structured match scoring of a profile against a vacancy, with a readable explanation.

Follows the published behaviour of the public job marketplace: relevant work history and skills
add points and the most recent jobs weigh most; language, location and working time subtract
points when they do not fit; a posting's required minimum language levels count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

from matching.facts import ProfileFacts, VacancyFacts, WorkItem, level_rank
from matching.fusion import RRF_K

OccupationFit = Literal["same", "related", "none"]
LocationFit = Literal["same_municipality", "same_region", "remote", "outside", "unknown"]
LanguageFit = Literal["ok", "below", "missing", "none_required"]
Fit = Literal["ok", "mismatch", "unknown"]
Recency = Literal["current", "recent", "older", "none"]

# Positive weights sum to 1, so a perfect fit with a top retrieval score scores 1.0.
RETRIEVAL_WEIGHT = 0.40  # fused full-text + vector score, normalised to 0..1
SKILLS_WEIGHT = 0.25  # share of the vacancy's skills the profile has (required count double)
OCCUPATION_WEIGHT = 0.15  # wished or worked occupation equals (1) or is related to (0.5) it
WORK_WEIGHT = 0.20  # relevant work history, recent years weighing most
# The positive parts that carry the skills' weight for a posting that names no skills.
UNSKILLED_SCALED = ("retrieval", "occupation", "work")

REQUIRED_SKILL_FACTOR = 2.0  # a required skill counts twice a desired one
RELATED_OCCUPATION_FACTOR = 0.5  # related occupation / related work earns half of the same one

# Relevant work: each year in the job counts, halved for every WORK_HALF_LIFE_YEARS since it
# ended; WORK_SATURATION_YEARS of current relevant experience earns the full WORK_WEIGHT.
WORK_HALF_LIFE_YEARS = 3.0
WORK_SATURATION_YEARS = 3.0
UNKNOWN_DURATION_YEARS = 1.0  # a job without a start date counts as one year
RECENT_YEARS = 3.0  # a relevant job that ended at most this long ago is "recent"

# Penalties subtract from the score when a hard condition does not fit.
LANGUAGE_MISSING_PENALTY = 0.25  # per required language the profile does not list
LANGUAGE_LEVEL_PENALTY = 0.05  # per CEFR step below the required minimum ...
LANGUAGE_BELOW_MAX_PENALTY = 0.20  # ... capped per language
LOCATION_OUTSIDE_PENALTY = 0.30  # onsite job outside the wished municipalities and regions
HYBRID_OUTSIDE_FACTOR = 0.5  # a hybrid job far away hurts half as much
SAME_REGION_PENALTY = 0.05  # wished a municipality; job is elsewhere in the same region
WORKING_TIME_PENALTY = 0.10  # full-time vs part-time etc. does not fit
EMPLOYMENT_TYPE_PENALTY = 0.05  # permanent vs fixed-term etc. does not fit
LICENCE_MISSING_PENALTY = 0.10  # per licence or card the posting requires and the profile lacks

DAYS_PER_YEAR = 365.25

# Fit bands of the 0..1 score (shown as 0..100). A pair is a good fit only with evidence that
# it belongs together: the same or a related occupation (ISCO minor group), a required skill
# (any of the vacancy's skills when it requires none), or documents whose meaning is close
# above the model's calibrated floor. Without evidence a pair is at most "loose", whatever its
# score; ranking alone never makes a fit. See docs/matching.md for how the bands were set.
STRONG_FIT = 0.60
GOOD_FIT = 0.25
FitBand = Literal["strong", "good", "loose"]
Evidence = Literal["occupation", "skills", "meaning"]


@dataclass(frozen=True)
class Explanation:
    """Why a profile and a vacancy match; every field can be shown to a person as is."""

    skills_matched: tuple[str, ...]  # vacancy skills the profile has, required ones first
    required_missing: tuple[str, ...]
    desired_matched: tuple[str, ...]
    occupation_fit: OccupationFit
    location_fit: LocationFit
    language_fit: LanguageFit
    languages_below: tuple[str, ...]  # ISO codes known below the required level
    languages_missing: tuple[str, ...]  # ISO codes required but not listed at all
    working_time_fit: Fit
    employment_type_fit: Fit
    recency: Recency
    years_since_relevant: float | None  # 0.0 for a current job, None without relevant work
    licences_missing: tuple[str, ...]
    components: Mapping[str, float] = field(default_factory=dict, hash=False)
    evidence: tuple[Evidence, ...] = ()
    fit: FitBand = "loose"

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-serialisable dict (tuples become lists)."""
        data = asdict(self)
        data["components"] = dict(self.components)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}


@dataclass(frozen=True)
class Match:
    """A scored profile-vacancy pair."""

    profile_id: int
    vacancy_id: int
    score: float
    explanation: Explanation


def retrieval_from_rrf(fused: float, lists: int = 2, k: int = RRF_K) -> float:
    """Scale an RRF score to 0..1, where 1 means first place in every one of `lists` rankings."""
    best = lists / (k + 1)
    return max(0.0, min(1.0, fused / best)) if best > 0 else 0.0


def _years_between(earlier: date, later: date) -> float:
    return max(0.0, (later - earlier).days / DAYS_PER_YEAR)


def _skills(
    profile: ProfileFacts, vacancy: VacancyFacts
) -> tuple[float, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Return (0..1 weighted share, matched, required missing, desired matched)."""
    have = set(profile.skill_codes)
    required = list(dict.fromkeys(vacancy.required_skill_codes))
    desired = [c for c in dict.fromkeys(vacancy.desired_skill_codes) if c not in required]
    required_matched = tuple(c for c in required if c in have)
    desired_matched = tuple(c for c in desired if c in have)
    possible = REQUIRED_SKILL_FACTOR * len(required) + len(desired)
    earned = REQUIRED_SKILL_FACTOR * len(required_matched) + len(desired_matched)
    return (
        earned / possible if possible else 0.0,
        required_matched + desired_matched,
        tuple(c for c in required if c not in have),
        desired_matched,
    )


def _is_related(a: str, b: str, related: Mapping[str, set[str]]) -> bool:
    return b in related.get(a, ()) or a in related.get(b, ())


def _occupation_fit(
    profile: ProfileFacts, vacancy: VacancyFacts, related: Mapping[str, set[str]]
) -> OccupationFit:
    target = vacancy.occupation_code
    if not target:
        return "none"
    own = set(profile.occupation_codes) | {
        w.occupation_code for w in profile.work if w.occupation_code
    }
    if target in own:
        return "same"
    if any(_is_related(target, code, related) for code in own):
        return "related"
    return "none"


def _work(
    work: Iterable[WorkItem], target: str | None, today: date, related: Mapping[str, set[str]]
) -> tuple[float, Recency, float | None]:
    """Return (0..1 work share, recency class, years since the latest same-occupation job)."""
    if not target:
        return 0.0, "none", None
    weighted_years = 0.0
    since_same: float | None = None
    for item in work:
        code = item.occupation_code
        if not code:
            continue
        if code == target:
            factor = 1.0
        elif _is_related(target, code, related):
            factor = RELATED_OCCUPATION_FACTOR
        else:
            continue
        end = item.end or today
        since = _years_between(end, today) if item.end else 0.0
        duration = _years_between(item.start, end) if item.start else UNKNOWN_DURATION_YEARS
        weighted_years += factor * duration * 0.5 ** (since / WORK_HALF_LIFE_YEARS)
        if factor == 1.0 and (since_same is None or since < since_same):
            since_same = since
    share = min(1.0, weighted_years / WORK_SATURATION_YEARS)
    if since_same is None:
        return share, "none", None
    if since_same == 0.0:
        return share, "current", 0.0
    recency: Recency = "recent" if since_same <= RECENT_YEARS else "older"
    return share, recency, round(since_same, 1)


def _languages(
    profile: ProfileFacts, vacancy: VacancyFacts
) -> tuple[LanguageFit, tuple[str, ...], tuple[str, ...], float]:
    """Return (fit, languages below level, languages missing, penalty)."""
    if not vacancy.languages:
        return "none_required", (), (), 0.0
    known = {code.lower(): level for code, level in profile.languages.items()}
    below: list[str] = []
    missing: list[str] = []
    penalty = 0.0
    for code, required_level in sorted(vacancy.languages.items()):
        have = level_rank(known.get(code.lower()))
        need = max(level_rank(required_level), 0)
        if have < 0:
            missing.append(code)
            penalty += LANGUAGE_MISSING_PENALTY
        elif have < need:
            below.append(code)
            penalty += min(LANGUAGE_BELOW_MAX_PENALTY, LANGUAGE_LEVEL_PENALTY * (need - have))
    fit: LanguageFit = "missing" if missing else "below" if below else "ok"
    return fit, tuple(below), tuple(missing), penalty


def _location(profile: ProfileFacts, vacancy: VacancyFacts) -> tuple[LocationFit, float]:
    if vacancy.remote == "remote":
        return "remote", 0.0
    if not (profile.municipalities or profile.regions) or not (
        vacancy.municipality or vacancy.region
    ):
        return "unknown", 0.0
    if vacancy.municipality and vacancy.municipality in profile.municipalities:
        return "same_municipality", 0.0
    if vacancy.region and vacancy.region in profile.regions:
        # A wished region covers all its municipalities; only a wish narrowed to other
        # municipalities of the region costs a little.
        return "same_region", SAME_REGION_PENALTY if profile.municipalities else 0.0
    factor = HYBRID_OUTSIDE_FACTOR if vacancy.remote == "hybrid" else 1.0
    return "outside", LOCATION_OUTSIDE_PENALTY * factor


def _choice_fit(wanted: Iterable[str], offered: str | None) -> Fit:
    wanted = tuple(wanted)
    if not offered or not wanted:
        return "unknown"
    return "ok" if offered in wanted else "mismatch"


def _evidence(
    occupation_fit: OccupationFit,
    vacancy: VacancyFacts,
    skills_matched: tuple[str, ...],
    close_meaning: bool,
) -> tuple[Evidence, ...]:
    required = set(vacancy.required_skill_codes)
    evidence: list[Evidence] = []
    if occupation_fit in ("same", "related"):
        evidence.append("occupation")
    if any(code in required for code in skills_matched) or (not required and skills_matched):
        evidence.append("skills")
    if close_meaning:
        evidence.append("meaning")
    return tuple(evidence)


def fit_band(score: float, evidence: Iterable[Evidence]) -> FitBand:
    """The band of a score; "loose" without evidence, whatever the score."""
    if not tuple(evidence) or score < GOOD_FIT:
        return "loose"
    return "strong" if score >= STRONG_FIT else "good"


def is_good_fit(match: Match) -> bool:
    """A fit worth showing before any "show more": strong or good."""
    return match.explanation.fit != "loose"


def score_match(
    profile: ProfileFacts,
    vacancy: VacancyFacts,
    retrieval: float,
    today: date,
    related: Mapping[str, set[str]] | None = None,
    *,
    close_meaning: bool = False,
) -> Match:
    """Score a profile for a vacancy from retrieval (0..1) and structured signals; explain it.
    `close_meaning` tells that the two documents' vectors are closer than the model's floor."""
    related = related or {}
    skill_share, skills_matched, required_missing, desired_matched = _skills(profile, vacancy)
    occupation_fit = _occupation_fit(profile, vacancy, related)
    occupation_share = {"same": 1.0, "related": RELATED_OCCUPATION_FACTOR, "none": 0.0}[
        occupation_fit
    ]
    work_share, recency, years_since = _work(profile.work, vacancy.occupation_code, today, related)
    language_fit, below, missing, language_penalty = _languages(profile, vacancy)
    location_fit, location_penalty = _location(profile, vacancy)
    working_time_fit = _choice_fit(profile.working_times, vacancy.working_time)
    employment_type_fit = _choice_fit(profile.employment_types, vacancy.employment_type)
    owned_licences = {lic.lower() for lic in profile.licences}
    licences_missing = tuple(lic for lic in vacancy.licences if lic.lower() not in owned_licences)

    components = {
        "retrieval": RETRIEVAL_WEIGHT * max(0.0, min(1.0, retrieval)),
        "skills": SKILLS_WEIGHT * skill_share,
        "occupation": OCCUPATION_WEIGHT * occupation_share,
        "work": WORK_WEIGHT * work_share,
        "language": -language_penalty,
        "location": -location_penalty,
        "working_time": -WORKING_TIME_PENALTY if working_time_fit == "mismatch" else 0.0,
        "employment_type": -EMPLOYMENT_TYPE_PENALTY if employment_type_fit == "mismatch" else 0.0,
        "licences": -LICENCE_MISSING_PENALTY * len(licences_missing),
    }
    if not (vacancy.required_skill_codes or vacancy.desired_skill_codes):
        # A posting that names no skills cannot be met on them: its other positive parts stand
        # for the whole, so its fits reach the same bands as any other posting's.
        for name in UNSKILLED_SCALED:
            components[name] /= 1.0 - SKILLS_WEIGHT
    score = sum(components.values())
    evidence = _evidence(occupation_fit, vacancy, skills_matched, close_meaning)
    explanation = Explanation(
        skills_matched=skills_matched,
        required_missing=required_missing,
        desired_matched=desired_matched,
        occupation_fit=occupation_fit,
        location_fit=location_fit,
        language_fit=language_fit,
        languages_below=below,
        languages_missing=missing,
        working_time_fit=working_time_fit,
        employment_type_fit=employment_type_fit,
        recency=recency,
        years_since_relevant=years_since,
        licences_missing=licences_missing,
        components={k: round(v, 4) for k, v in components.items()},
        evidence=evidence,
        fit=fit_band(score, evidence),
    )
    return Match(profile.id, vacancy.id, score, explanation)


def rank(matches: Iterable[Match]) -> list[Match]:
    """Good fits first, each part best first; ties go to the lower profile id, then the lower
    vacancy id."""
    return sorted(matches, key=lambda m: (not is_good_fit(m), -m.score, m.profile_id, m.vacancy_id))

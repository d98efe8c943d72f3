"""The one place where profile and vacancy texts for embedding and full-text search are composed.

Texts carry competence and job content only. A profile's name, email, phone and address are not
part of `ProfileFacts`, so they can never reach an index or a vector.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from matching.analysis import fold
from matching.facts import ConceptLabels, ProfileFacts, VacancyFacts, WorkItem

# Work descriptions are trimmed so that a long career does not push the headline, skills and
# wished occupations out of the embedding model's input window (it truncates at the end).
MAX_WORK_DESCRIPTION_CHARS = 300


def _labels(codes: Iterable[str | None], labels: ConceptLabels) -> list[str]:
    """Labels for codes, skipping unknown ones and duplicates, in the given order."""
    seen: set[str] = set()
    out: list[str] = []
    for code in codes:
        if not code:
            continue
        label = labels.get(code)
        if label and label not in seen:
            seen.add(label)
            out.append(label)
    return out


def _join(parts: Iterable[str]) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _most_recent_first(work: Iterable[WorkItem]) -> list[WorkItem]:
    # Ongoing jobs first, then by end date, then by start date, newest first.
    far_future = date.max
    return sorted(
        work,
        key=lambda w: (w.end or far_future, w.start or date.min),
        reverse=True,
    )


def _trim(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def profile_text(facts: ProfileFacts, labels: ConceptLabels) -> str:
    """Compose a profile's searchable text: headline, wishes, skills, summary, work, education."""
    work = _most_recent_first(facts.work)
    skills = _labels(facts.skill_codes, labels) + [k for k in facts.keywords if k.strip()]
    work_lines = []
    for item in work:
        title = item.title.strip()
        occupation = labels.get(item.occupation_code) if item.occupation_code else None
        head = (
            title
            if not occupation or fold(occupation) == fold(title)
            else f"{title} ({occupation})"
        )
        description = _trim(item.description, MAX_WORK_DESCRIPTION_CHARS)
        work_lines.append(f"{head}: {description}" if description else head)
    education = [e.title.strip() for e in facts.education if e.title.strip()]
    return _join(
        [
            facts.headline,
            ", ".join(_labels(facts.occupation_codes, labels)),
            ", ".join(skills),
            facts.summary,
            *work_lines,
            ", ".join(education),
        ]
    )


def vacancy_text(facts: VacancyFacts, labels: ConceptLabels) -> str:
    """Compose a vacancy's searchable text: title, occupation, skills, cleaned description."""
    occupation = labels.get(facts.occupation_code) if facts.occupation_code else None
    skills = _labels((*facts.required_skill_codes, *facts.desired_skill_codes), labels)
    return _join(
        [
            facts.title,
            occupation if occupation and fold(occupation) != fold(facts.title) else "",
            ", ".join(skills),
            clean_posting(facts.description),
        ]
    )


# --- embedding texts --------------------------------------------------------------------------
# The vector side embeds a short structured summary rather than the full text: the model reads
# at most a few hundred word pieces, and Finnish prose spends them fast, so what a document is
# about (its occupations, title and skills) comes first and alone. A typed query is embedded
# as the labels of the concepts it names, which this summary is made of.

MAX_EMBED_WORK_ITEMS = 3


def profile_embed_text(facts: ProfileFacts, labels: ConceptLabels) -> str:
    """A profile as the embedding model sees it: occupations, headline, recent jobs, skills."""
    work = _most_recent_first(facts.work)[:MAX_EMBED_WORK_ITEMS]
    occupations = _labels([*facts.occupation_codes, *(w.occupation_code for w in work)], labels)
    titles = [w.title.strip() for w in work if w.title.strip()]
    skills = _labels(facts.skill_codes, labels) + [k for k in facts.keywords if k.strip()]
    if not (occupations or skills):
        # A profile told in prose (no occupation or skill from the taxonomy) is embedded as
        # prose, headline first: a headline alone says too little of a whole CV.
        return profile_text(facts, labels)
    return _join(
        [
            ", ".join(occupations),
            facts.headline,
            ", ".join(dict.fromkeys(titles)),
            ", ".join(skills),
        ]
    )


def vacancy_embed_text(facts: VacancyFacts, labels: ConceptLabels) -> str:
    """A vacancy as the embedding model sees it: occupation, title, skills."""
    occupation = labels.get(facts.occupation_code) if facts.occupation_code else None
    skills = _labels((*facts.required_skill_codes, *facts.desired_skill_codes), labels)
    if not (occupation or skills):
        return vacancy_text(facts, labels)  # a posting in prose only, title first
    return _join([occupation or "", facts.title, ", ".join(skills)])


# --- posting cleaner -------------------------------------------------------------------------
# Cues are matched on folded, lower-case text at word starts. A sentence is dropped only when it
# has a company cue and no job cue, so the cleaner errs on the side of keeping text.

_COMPANY_CUES = re.compile(
    r"\b(?:"
    # Finnish
    r"olemme|yrityksemme|yhtiömme|konsernimme|organisaatiomme|tarjoamme|liikevaihto\w*"
    r"|perustettu|perustettiin|toimimme|asiakkaitamme|asiakkainamme|toimipistee\w*"
    r"|toimipaik\w*|markkinajohtaj\w*|pörssi\w*|päätoimipaik\w*|pääkonttori\w*"
    r"|työllistämme|meillä työskentelee"
    # Swedish
    r"|vi är|vårt företag|vår koncern|grundades|omsättning\w*|vi erbjuder"
    # English
    r"|we are an?|we are the|we are one of|our company|our group|our mission|our customers"
    r"|founded in|established in|headquartered|turnover|revenue|market leader|listed on"
    r"|we offer|about us"
    r")\b"
)
_HEADCOUNT = re.compile(
    r"\b\d[\d\s.,]*\+?\s*(?:työntekijä\w*|henkilö\w*|ammattilais\w*|osaaja\w*|employees"
    r"|people|professionals|experts|medarbetare|anställda)\b"
)
_JOB_CUES = re.compile(
    r"\b(?:"
    # Finnish
    r"tehtäviisi|tehtäviin|tehtävä\w*|työtehtäv\w*|haemme|haetaan|etsimme|etsitään|etsimässä"
    r"|rekrytoimme|vastaat|vastuullasi|toimenkuva\w*|edellytämme|odotamme|vaatimuk\w*"
    r"|pätevyy\w*|työkokemus\w*|kokemusta|osaamista|hakijalta|sinulla on|sinulta|työsi"
    r"|työaika|palkkaus|haku\w*|hae\b|toimit\b|työskentelet|pääset|työssäsi"
    # Swedish
    r"|vi söker|arbetsuppgift\w*|du kommer|du har|krav\w*"
    # English
    r"|you will|you have|you are|your role|your tasks|the role|responsibilit\w*|requirements"
    r"|we are looking for|we are seeking|we are hiring|duties|qualifications|apply"
    r")"
)
# Heading lines that open a section about the employer, and those that open one about the job.
_COMPANY_HEADING = re.compile(
    r"^(?:tietoa\s+(?:meistä|yrityksestä|yhtiöstä|työnantajasta)|meistä|yrityksestä|yhtiöstä"
    r"|om oss|om företaget|about us|about the company|who we are"
    # benefits sections describe the employer's offer, not the work itself
    r"|tarjoamme|vi erbjuder|we offer|what we offer)\s*:?$"
)
_JOB_HEADING = re.compile(
    r"^(?:tehtävä\w*|työtehtävät|toimenkuva|haemme|odotamme|edellytämme|hakeminen"
    r"|arbetsuppgifter|vi söker|the role|your role|job description|responsibilities"
    r"|requirements|what you will do|how to apply)\b.{0,40}$"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(«»A-ZÅÄÖ0-9-])")


def _sentences(line: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(line) if s.strip()]


def is_company_sentence(sentence: str) -> bool:
    """True when a sentence describes the employer (cue present) and says nothing of the job."""
    folded = fold(sentence)
    if _JOB_CUES.search(folded):
        return False
    return bool(_COMPANY_CUES.search(folded) or _HEADCOUNT.search(folded))


def clean_posting(text: str) -> str:
    """Drop the sentences of a posting that describe the company rather than the job."""
    kept_lines: list[str] = []
    # A company heading ("Meistä", "About us") covers the paragraph that follows it.
    in_company_section = False
    section_has_text = False
    for raw_line in (text or "").splitlines():
        line = raw_line.strip()
        if not line:
            if section_has_text:
                in_company_section = False
            continue
        folded = fold(line)
        if _COMPANY_HEADING.match(folded):
            in_company_section, section_has_text = True, False
            continue
        if _JOB_HEADING.match(folded):
            in_company_section = False
            kept_lines.append(line)
            continue
        section_has_text = in_company_section
        kept = [
            s
            for s in _sentences(line)
            if not is_company_sentence(s)
            and not (in_company_section and not _JOB_CUES.search(fold(s)))
        ]
        if kept:
            kept_lines.append(" ".join(kept))
    cleaned = "\n".join(kept_lines)
    # A posting that is all company talk still says something; keep it rather than nothing.
    return cleaned if cleaned.strip() else (text or "").strip()

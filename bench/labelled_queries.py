"""Labelled relevance queries judged by the demo generator's ground truth.

Each query names an occupation (in an inflected Finnish form or as an English label) and often a
place. A document is relevant when the demo generator made it from that occupation (grade 1),
and more so when it is also in that municipality (grade 2). The same queries run against the
vacancy index (jobseekers searching) and the profile index (employers searching).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from matching.relevance import JudgedQuery
from search.base import IndexKind

SAME_OCCUPATION = 1.0
SAME_OCCUPATION_AND_PLACE = 2.0

# Occupation codes of the taxonomy that the demo data uses often.
NURSE = "2221.1"
PRACTICAL_NURSE = "5321.1"
COOK = "5120.1"
CLEANER = "9112.1"
SALES_ASSISTANT = "5223.1"
SOFTWARE_DEVELOPER = "2512.1"
WEB_DEVELOPER = "2513.1"
UX_DESIGNER = "2166.2"
WAREHOUSE_WORKER = "4321.1"
SOCIAL_WORKER = "2635.1"
EARLY_CHILDHOOD_TEACHER = "2342.1"
ELECTRICIAN = "7411.1"
TRUCK_DRIVER = "8332.1"
YOUTH_WORKER = "3412.2"
PLUMBER = "7126.1"
CUSTOMER_SERVICE_ADVISER = "4222.1"
PERSONAL_ASSISTANT = "5322.1"
PACKER = "9321.1"

HELSINKI, ESPOO, VANTAA, TAMPERE, TURKU, OULU = "091", "049", "092", "837", "853", "564"


@dataclass(frozen=True)
class QuerySpec:
    """A query text with the occupation and (optionally) the municipality it asks for."""

    id: str
    text: str
    lang: str
    occupation: str
    municipality: str | None = None


QUERIES: tuple[QuerySpec, ...] = (
    # Finnish: inflected occupation and place names, as people type them.
    QuerySpec("fi-nurse-tampere", "sairaanhoitajaksi Tampereelle", "fi", NURSE, TAMPERE),
    QuerySpec("fi-nurse-helsinki", "sairaanhoitajan työ Helsingissä", "fi", NURSE, HELSINKI),
    QuerySpec("fi-cook-helsinki", "kokki Helsinki", "fi", COOK, HELSINKI),
    QuerySpec("fi-cook", "kokin töitä ravintolassa", "fi", COOK),
    QuerySpec("fi-practical-nurse-espoo", "lähihoitajaksi Espooseen", "fi", PRACTICAL_NURSE, ESPOO),
    QuerySpec("fi-practical-nurse", "lähihoitajan paikka", "fi", PRACTICAL_NURSE),
    QuerySpec("fi-cleaner-vantaa", "siivoojaksi Vantaalle", "fi", CLEANER, VANTAA),
    QuerySpec("fi-sales-turku", "myyjän työ Turussa", "fi", SALES_ASSISTANT, TURKU),
    QuerySpec(
        "fi-developer-helsinki",
        "ohjelmistokehittäjäksi Helsinkiin",
        "fi",
        SOFTWARE_DEVELOPER,
        HELSINKI,
    ),
    QuerySpec("fi-web-developer", "web-kehittäjän tehtävät", "fi", WEB_DEVELOPER),
    QuerySpec(
        "fi-warehouse-vantaa", "varastotyöntekijäksi Vantaalle", "fi", WAREHOUSE_WORKER, VANTAA
    ),
    QuerySpec(
        "fi-social-worker-oulu", "sosiaalityöntekijän virka Oulussa", "fi", SOCIAL_WORKER, OULU
    ),
    QuerySpec(
        "fi-teacher-espoo",
        "varhaiskasvatuksen opettajaksi Espooseen",
        "fi",
        EARLY_CHILDHOOD_TEACHER,
        ESPOO,
    ),
    QuerySpec(
        "fi-electrician-tampere", "sähköasentajan töitä Tampereella", "fi", ELECTRICIAN, TAMPERE
    ),
    QuerySpec("fi-truck-driver", "kuorma-autonkuljettajaksi", "fi", TRUCK_DRIVER),
    QuerySpec("fi-youth-worker", "nuoriso-ohjaajan työpaikka", "fi", YOUTH_WORKER),
    QuerySpec("fi-plumber", "putkiasentajaksi", "fi", PLUMBER),
    QuerySpec("fi-customer-service", "asiakaspalveluneuvojan työ", "fi", CUSTOMER_SERVICE_ADVISER),
    QuerySpec("fi-assistant", "henkilökohtaiseksi avustajaksi", "fi", PERSONAL_ASSISTANT),
    QuerySpec("fi-packer", "pakkaajaksi", "fi", PACKER),
    # English: taxonomy labels and close variants.
    QuerySpec("en-nurse", "nurse", "en", NURSE),
    QuerySpec("en-nurse-tampere", "registered nurse Tampere", "en", NURSE, TAMPERE),
    QuerySpec("en-developer", "software developer", "en", SOFTWARE_DEVELOPER),
    QuerySpec(
        "en-developer-helsinki", "software developer Helsinki", "en", SOFTWARE_DEVELOPER, HELSINKI
    ),
    QuerySpec("en-cook", "cook", "en", COOK),
    QuerySpec("en-cleaner", "cleaner", "en", CLEANER),
    QuerySpec("en-practical-nurse", "practical nurse", "en", PRACTICAL_NURSE),
    QuerySpec("en-warehouse", "warehouse worker", "en", WAREHOUSE_WORKER),
    QuerySpec("en-social-worker", "social worker", "en", SOCIAL_WORKER),
    QuerySpec("en-ux", "UX designer", "en", UX_DESIGNER),
    QuerySpec("en-electrician", "electrician", "en", ELECTRICIAN),
    QuerySpec("en-truck-driver", "truck driver", "en", TRUCK_DRIVER),
)


@dataclass(frozen=True)
class GroundTruth:
    """Occupation and municipality of every searchable document, by index and id."""

    occupation: Mapping[IndexKind, Mapping[int, str]]
    municipality: Mapping[IndexKind, Mapping[int, str]]


def judge(spec: QuerySpec, kind: IndexKind, truth: GroundTruth) -> dict[Hashable, float]:
    """Relevance grades of the documents of one index for a query (only relevant ones)."""
    places = truth.municipality[kind]
    grades: dict[Hashable, float] = {}
    for doc_id, occupation in truth.occupation[kind].items():
        if occupation != spec.occupation:
            continue
        same_place = spec.municipality is not None and places.get(doc_id) == spec.municipality
        grades[doc_id] = SAME_OCCUPATION_AND_PLACE if same_place else SAME_OCCUPATION
    return grades


def judged_queries(
    kind: IndexKind, truth: GroundTruth, specs: Iterable[QuerySpec] = QUERIES
) -> list[JudgedQuery]:
    """The labelled set for one index; queries without a relevant document are kept out."""
    judged = [JudgedQuery(spec.id, spec, judge(spec, kind, truth)) for spec in specs]
    return [q for q in judged if q.relevant]

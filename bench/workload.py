"""Search requests people would send: occupation and skill words, a place, a few filters.

Texts are drawn from the taxonomy the corpus was generated from, so they find something. Each
run draws fresh combinations (occupation x skill x town gives millions), so the query's vector
is not in the service's embedding cache and every request pays for encoding it, as a new query
does; `repeat` sends the same texts again to show what a cached query costs.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from bench.load import Call
from marketplace.demo.generator import Material
from marketplace.taxonomy.service import get_taxonomy
from marketplace.taxonomy.vocab import EmploymentType


@dataclass(frozen=True)
class Query:
    """One search: text plus optional filters, named as the API's query parameters."""

    q: str
    region: str | None = None
    municipality: str | None = None
    occupation: str | None = None
    skill: str | None = None
    employment_type: str | None = None

    def call(self, path: str, accepted: set[str], extra: Sequence[tuple[str, str]] = ()) -> Call:
        """The request for an endpoint, using only the parameters it declares."""
        params = [
            (name, value)
            for name, value in (
                ("q", self.q),
                ("region", self.region),
                ("municipality", self.municipality),
                ("occupation", self.occupation),
                ("skill", self.skill),
                ("employment_type", self.employment_type),
            )
            if value and name in accepted
        ]
        params += [(name, value) for name, value in extra if name in accepted]
        return Call(path, tuple(params))


def queries(count: int, seed: int | str, *, for_candidates: bool) -> list[Query]:
    """`count` distinct searches; a vacancy search filters by place and employment type, a
    candidate search by place and a required skill."""
    material = Material(get_taxonomy())
    rng = random.Random(seed)
    made: dict[str, Query] = {}
    while len(made) < count:
        occupation = material.occupation_pick.pick(rng)
        town = material.town_pick.pick(rng)
        skill = rng.choice(occupation.skills)
        words = [occupation.label.lower()]
        if rng.random() < 0.6:
            words.append(material.skill_labels[skill].lower())
        if rng.random() < 0.3:
            words.append(town.name)
        text = " ".join(words)
        roll = rng.random()
        query = Query(
            q=text,
            region=town.region if roll < 0.5 else None,
            municipality=town.code if 0.5 <= roll < 0.7 else None,
        )
        if for_candidates and rng.random() < 0.3:
            query = Query(query.q, query.region, query.municipality, skill=skill)
        if not for_candidates and rng.random() < 0.25:
            query = Query(
                query.q,
                query.region,
                query.municipality,
                employment_type=rng.choice(list(EmploymentType)).value,
            )
        made.setdefault(text, query)
    return list(made.values())

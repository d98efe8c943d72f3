"""Pure query builders: a `SearchRequest` in, an Elasticsearch body or an FTS5 MATCH out.

Nothing here talks to an engine, so every builder is tested as data. Query text reaches the
engines only as words produced by `search.text`; Elasticsearch gets them in `match`-style
queries (which never parse syntax) and SQLite FTS5 gets each stem as a quoted string.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from search.base import (
    COMMON_SHARE,
    FACET_SIZE,
    MIN_COMMON_ROWS,
    TEXT_FIELDS,
    SearchRequest,
    SortBy,
    page_end,
)
from search.mappings import (
    HIGHLIGHT_OPTIONS,
    PARTS_FIELD,
    PARTS_WEIGHT,
    date_path,
    keyword_path,
    text_path,
)
from search.text import query_stems, query_tokens, word_variants

ES_MAX_CANDIDATES = 10_000
# The int8 HNSW search finds twice `k` neighbours, which are scored again on the float
# vectors: the order and the cosines the relevance floor sees are then exact. On the 100k
# bench index merged into one segment, top-10 agreement with exact search went 0.87 -> 0.95
# (3 gave no more) for about 2 ms.
KNN_RESCORE_OVERSAMPLE = 2.0
TEXT_QUERY_NAME = "text"
# The vector neighbours' clause inside the BM25 body (see `build_es_knn_clause`).
NEAR_QUERY_NAME = "near"
# Named queries "prefer:<field>" tell which preferred fields a hit holds (`matched_queries`).
PREFER_QUERY_PREFIX = "prefer:"


@dataclass(frozen=True)
class QueryPlan:
    """Which ranked lists a request uses, decided once for every backend."""

    tokens: tuple[str, ...]
    stems: tuple[str, ...]
    # The forms of one word together (`word_groups`), as words and as stems.
    groups: tuple[tuple[str, ...], ...]
    stem_groups: tuple[tuple[str, ...], ...]
    # The words and stems of `SearchRequest.named_text`.
    named: frozenset[str]
    named_stems: frozenset[str]
    use_text: bool
    use_vector: bool

    @property
    def listing(self) -> bool:
        """Neither text nor vector applies: a filter-only listing, newest first."""
        return not (self.use_text or self.use_vector)


def plan_request(req: SearchRequest) -> QueryPlan:
    """Decide the ranked lists: text needs a searchable word, vector needs a vector."""
    tokens = tuple(query_tokens(req.text))
    stems = tuple(query_stems(req.text))
    groups = word_groups(tokens)
    return QueryPlan(
        tokens=tokens,
        stems=stems,
        groups=groups,
        stem_groups=tuple(tuple(dict.fromkeys(query_stems(" ".join(g)))) for g in groups),
        named=frozenset(query_tokens(req.named_text)),
        named_stems=frozenset(query_stems(req.named_text)),
        use_text=bool(stems) and req.mode in ("hybrid", "bm25"),
        use_vector=req.vector is not None and req.mode in ("hybrid", "vector"),
    )


def word_groups(words: Sequence[str]) -> tuple[tuple[str, ...], ...]:
    """The words with the forms of one word together: a word and its other English number or
    its agent nouns (`search.text.word_variants`), which a typed query also searches. A form
    no document holds ("kokemustas") is no rarer word of the query than the word it varies."""
    groups: list[list[str]] = []
    for word in words:
        home = next(
            (
                group
                for group in groups
                if word in word_variants(group[0]) or group[0] in word_variants(word)
            ),
            None,
        )
        if home is None:
            groups.append([word])
        else:
            home.append(word)
    return tuple(tuple(group) for group in groups)


def evidence_words(
    groups: Sequence[Sequence[str]],
    holding: Mapping[str, int],
    rows: int,
    named: Collection[str] = (),
) -> tuple[str, ...]:
    """The words a text match must hold one of ("Common words" in `search.base`), given the
    query's `word_groups` (as words or as stems), how many of the index's `rows` hold each
    word, and the words of `SearchRequest.named_text`: every form of each group that is no
    more common than the limit, when some group is; () when any word will do."""
    counts = [sum(holding.get(word, 0) for word in group) for group in groups]
    named_set = set(named)
    names = [not named_set.isdisjoint(group) for group in groups]
    common = max(COMMON_SHARE * rows, MIN_COMMON_ROWS - 1)
    held = [count for count, is_named in zip(counts, names, strict=True) if is_named and count]
    limit = min(common, min(held)) if held else (0 if any(names) else common)
    rare = [
        group
        for group, count, is_named in zip(groups, counts, names, strict=True)
        if count <= (common if is_named else limit)
    ]
    if not rare or len(rare) == len(groups):
        return ()
    return tuple(word for group in rare for word in group)


def active_terms(req: SearchRequest) -> list[tuple[str, list[str]]]:
    """Term filters as (field, sorted distinct values); an empty list constrains nothing."""
    return [(name, sorted(set(values))) for name, values in sorted(req.terms.items()) if values]


def active_date_ranges(req: SearchRequest) -> list[tuple[str, date | None, date | None]]:
    """Date filters as (field, lower, upper), leaving out ranges open at both ends."""
    return [
        (name, lo, hi)
        for name, (lo, hi) in sorted(req.date_ranges.items())
        if lo is not None or hi is not None
    ]


# --- Elasticsearch ---------------------------------------------------------------------------


def returned_fields(fields: Sequence[str] = ()) -> dict[str, Any]:
    """What each hit brings back: its id and the keyword `fields` (paths) from doc values.
    Loading the stored `_id` (and `_source`) of the hundreds of hits a fusion prefetches
    costs as much as finding them; doc values are read column-wise."""
    return {"stored_fields": "_none_", "docvalue_fields": ["id", *fields]}


def hit_id(hit: dict[str, Any]) -> int:
    """The document id of a hit from a body built here (`returned_fields`)."""
    return int(hit["fields"]["id"][0])


def build_es_filters(req: SearchRequest) -> list[dict[str, Any]]:
    """Filter clauses: terms any-of per field, open-ended date ranges, excluded ids."""
    clauses: list[dict[str, Any]] = [
        {"terms": {keyword_path(name): values}} for name, values in active_terms(req)
    ]
    for name, lo, hi in active_date_ranges(req):
        bounds: dict[str, str] = {}
        if lo is not None:
            bounds["gte"] = lo.isoformat()
        if hi is not None:
            bounds["lte"] = hi.isoformat()
        clauses.append(
            {
                "bool": {
                    "should": [
                        {"range": {date_path(name): bounds}},
                        {"bool": {"must_not": [{"exists": {"field": date_path(name)}}]}},
                    ],
                    "minimum_should_match": 1,
                }
            }
        )
    if req.exclude_ids:
        excluded = [str(i) for i in sorted(req.exclude_ids)]
        clauses.append({"bool": {"must_not": [{"ids": {"values": excluded}}]}})
    return clauses


def build_es_preference_clauses(prefer: dict[str, list[str]]) -> list[dict[str, Any]]:
    """One named, zero-score clause per preferred field."""
    return [
        {
            "constant_score": {
                "filter": {"terms": {keyword_path(name): sorted(set(values))}},
                "boost": 0.0,
                "_name": PREFER_QUERY_PREFIX + name,
            }
        }
        for name, values in sorted(prefer.items())
    ]


def preferred_fields_matched(hit: dict[str, Any]) -> int:
    """How many preferred fields a hit holds, from its `matched_queries`."""
    return sum(name.startswith(PREFER_QUERY_PREFIX) for name in hit.get("matched_queries", ()))


def preferred_fields_held(hit: dict[str, Any], prefer: dict[str, list[str]]) -> int:
    """How many preferred fields a hit holds one of the values of, from its `fields`."""
    held = hit.get("fields", {})
    return sum(
        bool(set(held.get(keyword_path(name), ())) & set(values)) for name, values in prefer.items()
    )


def build_es_preferred(ids: list[int], prefer: dict[str, list[str]]) -> dict[str, Any]:
    """Body telling, through `matched_queries`, which preferred fields each of `ids` matches."""
    return {
        "query": {
            "bool": {
                "filter": [{"ids": {"values": [str(i) for i in ids]}}],
                "should": build_es_preference_clauses(prefer),
            }
        },
        "size": len(ids),
        **returned_fields(),
    }


def _words_query(tokens: Sequence[str]) -> dict[str, Any]:
    """BM25 over the text fields; any word may match, documents with more words score higher."""
    return {
        "multi_match": {
            "query": " ".join(tokens),
            "fields": [
                *(f"{text_path(name)}^{weight}" for name, weight in TEXT_FIELDS.items()),
                f"{text_path(PARTS_FIELD)}^{PARTS_WEIGHT}",
            ],
            "type": "most_fields",
            "operator": "or",
        }
    }


def build_es_text_query(tokens: Sequence[str], evidence: Sequence[str] = ()) -> dict[str, Any]:
    """The text matches, scored by BM25 over all `tokens`; with `evidence` (`evidence_words`)
    only the documents holding one of those words match."""
    words = _words_query(tokens)
    if not evidence:
        words["multi_match"]["_name"] = TEXT_QUERY_NAME
        return words
    filtered = {"must": [words], "filter": [_words_query(evidence)], "_name": TEXT_QUERY_NAME}
    return {"bool": filtered}


def build_es_word_counts(tokens: Sequence[str], req: SearchRequest | None = None) -> dict[str, Any]:
    """Body counting the index's documents (`hits.total`) and, per word, those the text query
    matches on it (`aggregations.holding.buckets.<word>.doc_count`), for `evidence_words`;
    only those passing `req`'s filters when given."""
    filters = build_es_filters(req) if req is not None else []
    return {
        "query": {"bool": {"filter": filters}} if filters else {"match_all": {}},
        "size": 0,
        "track_total_hits": True,
        "aggs": {"holding": {"filters": {"filters": {w: _words_query([w]) for w in tokens}}}},
    }


def build_es_facets(fields: tuple[str, ...]) -> dict[str, Any]:
    """Terms aggregations named after the keyword fields, ordered like the embedded backend."""
    return {
        name: {
            "terms": {
                "field": keyword_path(name),
                "size": FACET_SIZE,
                "order": [{"_count": "desc"}, {"_key": "asc"}],
            }
        }
        for name in fields
    }


def build_es_bm25(
    req: SearchRequest,
    *,
    size: int,
    offset: int = 0,
    near: dict[str, Any] | None = None,
    prefer: dict[str, list[str]] | None = None,
    highlight: bool = False,
    evidence: Sequence[str] = (),
) -> dict[str, Any]:
    """Search body ranking text matches by BM25; vector neighbours join the set unscored.

    With `evidence` (`evidence_words`) only the documents holding one of those words are
    text matches.

    With `near` (a `build_es_knn_clause`) the query matches the union of the text matches and
    those neighbours, so `hits.total` and the aggregations cover exactly the candidate set with
    evidence (the clause carries the relevance floor); the neighbours without a text match
    score 0 and are told apart by the named text query in `matched_queries`. This body does not
    depend on the kNN request's answer, so both go to the engine together.
    With `prefer`, optional zero-score clauses report the preferred fields each hit holds, so
    the structured stage needs no request of its own for the documents fetched here.
    With `highlight`, every returned hit holding query words comes with its snippets.
    """
    plan = plan_request(req)
    should: list[dict[str, Any]] = [build_es_text_query(plan.tokens, evidence)]
    if near is not None:
        should.append(near)
    query: dict[str, Any] = {
        "bool": {"filter": build_es_filters(req), "should": should, "minimum_should_match": 1}
    }
    if prefer:
        query = {"bool": {"must": [query], "should": build_es_preference_clauses(prefer)}}
    body: dict[str, Any] = {
        "query": query,
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "from": offset,
        "size": size,
        **returned_fields(),
        "track_total_hits": True,
    }
    if req.facets:
        body["aggs"] = build_es_facets(req.facets)
    if highlight:
        body["highlight"] = highlight_section(plan.tokens)
    return body


def build_es_knn_clause(req: SearchRequest) -> dict[str, Any]:
    """The `knn_candidates` nearest filtered documents at the relevance floor, as a zero-score
    query clause: the same neighbours as `build_es_knn` finds, for use inside a bool query."""
    body = build_es_knn(req)
    clause = {**body["knn"], "boost": 0.0, "_name": NEAR_QUERY_NAME}
    return {"knn": clause}


def knn_sizes(k: int) -> tuple[int, int]:
    """(k, num_candidates) within Elasticsearch's limits; HNSW explores twice k, at least 100."""
    k = min(k, ES_MAX_CANDIDATES)
    return k, min(ES_MAX_CANDIDATES, max(2 * k, 100))


def build_es_knn(
    req: SearchRequest, *, facets: bool = False, fields: Sequence[str] = ()
) -> dict[str, Any]:
    """Approximate kNN body for the `knn_candidates` nearest filtered documents; `fields`
    names keyword fields whose values each hit brings along."""
    if req.vector is None:
        raise ValueError("a kNN query needs a vector")
    k, num_candidates = knn_sizes(req.knn_candidates)
    knn: dict[str, Any] = {
        "field": "vector",
        "query_vector": [float(x) for x in np.asarray(req.vector, dtype=np.float32)],
        "k": k,
        "num_candidates": num_candidates,
        "rescore_vector": {"oversample": KNN_RESCORE_OVERSAMPLE},
    }
    filters = build_es_filters(req)
    if filters:
        knn["filter"] = filters
    if req.min_similarity is not None:
        # On the field's own scale: the raw cosine for a `cosine` field.
        knn["similarity"] = req.min_similarity
    body: dict[str, Any] = {
        "knn": knn,
        "size": k,
        **returned_fields([keyword_path(name) for name in fields]),
    }
    if facets and req.facets:
        # Aggregations on a kNN search cover exactly the k nearest documents.
        body["aggs"] = build_es_facets(req.facets)
    return body


def cosine_from_score(score: float) -> float:
    """The cosine behind a kNN hit's `_score`, which Elasticsearch gives as (1 + cosine) / 2."""
    return 2.0 * float(score) - 1.0


def build_es_sort(sort: SortBy | None) -> list[dict[str, Any]]:
    """Sort clauses: the date (missing ones first or last), then highest id; highest id alone
    without `sort`."""
    newest = {"id": {"order": "desc"}}
    if sort is None:
        return [newest]
    by_date = {
        "order": "desc" if sort.descending else "asc",
        "missing": "_first" if sort.missing_first else "_last",
        # No document may hold the date yet, so the field may not be mapped.
        "unmapped_type": "date",
    }
    return [{date_path(sort.field): by_date}, newest]


def build_es_sorted(
    req: SearchRequest,
    near: dict[str, Any] | None,
    *,
    highlight: bool = False,
    evidence: Sequence[str] = (),
) -> dict[str, Any]:
    """A sorted page of the hits with evidence: the text matches (when the request uses text)
    and the vector neighbours at the floor (`near`, a `build_es_knn_clause`), with the total
    and facets of that set, ordered by `req.sort`."""
    plan = plan_request(req)
    tokens = plan.tokens if plan.use_text else ()
    should: list[dict[str, Any]] = [build_es_text_query(tokens, evidence)] if tokens else []
    if near is not None:
        should.append(near)
    size = max(0, page_end(req) - req.offset)
    body: dict[str, Any] = {
        "query": {
            "bool": {"filter": build_es_filters(req), "should": should, "minimum_should_match": 1}
        },
        "sort": build_es_sort(req.sort),
        "from": req.offset if size else 0,
        "size": size,
        **returned_fields(),
        "track_total_hits": True,
    }
    if req.facets:
        body["aggs"] = build_es_facets(req.facets)
    if highlight and tokens:
        body["highlight"] = highlight_section(tokens)
    return body


def build_es_listing(req: SearchRequest) -> dict[str, Any]:
    """Filter-only listing body: all filter matches, highest id first (or in `req.sort` order)."""
    filters = build_es_filters(req)
    size = max(0, page_end(req) - req.offset)
    body: dict[str, Any] = {
        "query": {"bool": {"filter": filters}} if filters else {"match_all": {}},
        "sort": build_es_sort(req.sort),
        # Past the result window only the total and facets are wanted; Elasticsearch refuses a
        # `from` beyond it.
        "from": req.offset if size else 0,
        "size": size,
        **returned_fields(),
        "track_total_hits": True,
    }
    if req.facets:
        body["aggs"] = build_es_facets(req.facets)
    return body


def highlight_section(tokens: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """The `highlight` part of a body: escaped, `<mark>`-ed snippets of the query words."""
    return {
        **HIGHLIGHT_OPTIONS,
        "highlight_query": build_es_text_query(tokens),
        "fields": {text_path(name): {} for name in TEXT_FIELDS},
    }


def build_es_text_snippets(
    req: SearchRequest, *, size: int, evidence: Sequence[str] = ()
) -> dict[str, Any]:
    """The first `size` text matches in `build_es_bm25`'s order (same score, same tie-break),
    with their snippets and nothing else: highlighting is the dear part of a search, so it
    covers the matches a page can come from rather than the whole fusion prefetch."""
    plan = plan_request(req)
    return {
        "query": {
            "bool": {
                "filter": build_es_filters(req),
                "must": [build_es_text_query(plan.tokens, evidence)],
            }
        },
        "sort": [{"_score": {"order": "desc"}}, {"id": {"order": "asc"}}],
        "size": size,
        **returned_fields(),
        "track_total_hits": False,
        "highlight": highlight_section(plan.tokens),
    }


def build_es_highlight(ids: list[int], tokens: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """Body fetching HTML-escaped, `<mark>`-ed snippets of the given documents."""
    return {
        "query": {"ids": {"values": [str(i) for i in ids]}},
        "size": len(ids),
        **returned_fields(),
        "highlight": highlight_section(tokens),
    }


# --- SQLite FTS5 (embedded backend) ----------------------------------------------------------


def build_fts_match(text: str | None) -> str:
    """FTS5 MATCH expression: the quoted query stems joined by OR ("" when there is none).

    OR keeps recall for long natural-language queries; BM25 then ranks documents holding more of
    the stems higher. Quoting makes every stem a plain string, so FTS5 operators (AND, NEAR,
    `col:`, `*`, `^`) in the user's text are never interpreted.
    """
    return " OR ".join(fts_string(stem) for stem in query_stems(text))


def fts_string(stem: str) -> str:
    """A stem as an FTS5 string: quoted, so it is never read as an operator."""
    return '"' + stem.replace('"', '""') + '"'

"""Elasticsearch index settings and mappings.

A document's source is `{"id", "updated_at", "text": {...}, "kw": {...}, "date": {...},
"vector"}`: text fields are fixed (`search.base.TEXT_FIELDS`, Finnish analyzer, and the hidden
`parts` field of compound heads), keyword and date
fields are open-ended through dynamic templates, so a new filter field needs no mapping change.
"""

from __future__ import annotations

from typing import Any

from search.base import DEFAULT_DIM, TEXT_FIELDS, layout_of

TEXT_ANALYZER = "finnish"
# The compound heads inside a document's words (`search.compounds`), searched beside the text
# fields with the body's weight; never shown, so never highlighted.
PARTS_FIELD = "parts"
PARTS_WEIGHT = 1.0
PARTS_MAPPING: dict[str, Any] = {"type": "text", "analyzer": TEXT_ANALYZER}

# Snippets come back HTML-escaped (the `html` encoder escapes the text before the tags go in),
# a field's best few sentences best first, nothing for fields without a match.
HIGHLIGHT_OPTIONS: dict[str, Any] = {
    "type": "unified",
    "encoder": "html",
    "pre_tags": ["<mark>"],
    "post_tags": ["</mark>"],
    "boundary_scanner": "sentence",
    "fragment_size": 200,
    "number_of_fragments": 3,
    "order": "score",
    "no_match_size": 0,
    "require_field_match": True,
}


def text_path(name: str) -> str:
    """Field path of a full-text field."""
    return f"text.{name}"


def keyword_path(name: str) -> str:
    """Field path of a keyword filter field."""
    return f"kw.{name}"


def date_path(name: str) -> str:
    """Field path of a date filter field."""
    return f"date.{name}"


def index_body(dim: int, *, bulk_load: bool = False) -> dict[str, Any]:
    """Settings and mappings of one index; `bulk_load` turns refreshes off while reindexing."""
    return {
        "settings": {
            "index": {
                # One shard: BM25 statistics and facet counts are then exact, and an index of
                # this corpus size does not need more.
                "number_of_shards": 1,
                "auto_expand_replicas": "0-1",
                "refresh_interval": "-1" if bulk_load else "1s",
            }
        },
        "mappings": {
            "dynamic": "strict",
            # The vector is kept out of _source: it is rebuilt from the database on reindex and
            # would only make every fetch and highlight load 1.5 kB more.
            "_source": {"excludes": ["vector"]},
            "dynamic_templates": [
                {"keywords": {"path_match": "kw.*", "mapping": {"type": "keyword"}}},
                {
                    "dates": {
                        "path_match": "date.*",
                        "mapping": {"type": "date", "format": "strict_date"},
                    }
                },
            ],
            "properties": {
                "id": {"type": "long"},
                "updated_at": {"type": "date"},
                "text": {
                    "properties": {
                        # Offsets in the postings let the highlighter find the query words
                        # without analysing each returned document's text again.
                        name: {
                            "type": "text",
                            "analyzer": TEXT_ANALYZER,
                            "index_options": "offsets",
                        }
                        for name in TEXT_FIELDS
                    }
                    | {PARTS_FIELD: PARTS_MAPPING}
                },
                "kw": {"type": "object", "dynamic": True},
                "date": {"type": "object", "dynamic": True},
                "vector": {
                    "type": "dense_vector",
                    "dims": dim,
                    "index": True,
                    "similarity": "cosine",
                    "index_options": {"type": "int8_hnsw"},
                },
            },
        },
    }


# A rebuild begun under another mapping is not continued (the dimensions are checked apart).
MAPPING_LAYOUT = layout_of(index_body(DEFAULT_DIM)["mappings"])

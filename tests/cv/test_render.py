"""Rendering without a request: page breaks, the PDF cache, and the document's identity rules."""

from __future__ import annotations

import pytest
from weasyprint.formatting_structure import boxes

from marketplace.cv import render, service
from tests.cv import data

CONTENT_TAGS = {"h1", "h2", "h3", "p", "dt", "dd", "li"}


def _breaks(summary_lines: int) -> tuple[int, list[int], list[set[int]]]:
    """Pages, pages ending in a heading, and list items laid out on more than one page."""
    doc = service.build_document(data.unsaved(summary_lines), "fi", anonymised=False)
    layout = render.RENDERER.layout(render.render_html(doc))
    stranded: list[int] = []
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(layout.pages):
        tags = []
        for box in page._page_box.descendants():
            if (
                isinstance(box, (boxes.BlockBox, boxes.InlineBlockBox))
                and box.element_tag in CONTENT_TAGS
            ):
                tags.append(box.element_tag)
                if box.element_tag == "li":
                    pages_of.setdefault(id(box.element), set()).add(number)
        if number < len(layout.pages) - 1 and tags and tags[-1] in ("h2", "h3"):
            stranded.append(number)
    return len(layout.pages), stranded, [p for p in pages_of.values() if len(p) > 1]


@pytest.mark.slow
def test_no_heading_ends_a_page_and_no_item_is_split() -> None:
    # Longer and longer summaries push every section boundary across the first page's end;
    # without the CSS rules some of these layouts strand a heading or split an item.
    results = [_breaks(lines) for lines in range(11, 41, 2)]
    assert any(pages > 1 for pages, _, _ in results)
    assert [r for r in results if r[1] or r[2]] == []


def test_anonymised_document_carries_no_identity() -> None:
    profile = data.unsaved()
    doc = service.build_document(profile, "en", anonymised=True)
    assert doc.name is None and doc.email == doc.phone == doc.address == ""
    assert doc.display_name == f"Candidate {profile.reference}"
    assert doc.filename == f"{profile.reference}.pdf"
    html = render.render_html(doc)
    for secret in (data.NAME, data.PHONE, "asa@example.fi", "Linnankatu"):
        assert secret not in html
    assert f'<meta name="author" content="{profile.reference}">' in html


def test_cache_key_follows_version_language_flag_and_name() -> None:
    profile = data.unsaved()
    base = service.build_document(profile, "fi", anonymised=False)
    assert base.cache_key.startswith(f"cv-{profile.id}-{profile.version}-fi-f-")
    assert service.build_document(profile, "sv", anonymised=False).cache_key != base.cache_key
    assert service.build_document(profile, "fi", anonymised=True).cache_key != base.cache_key
    profile.version += 1
    assert service.build_document(profile, "fi", anonymised=False).cache_key != base.cache_key
    profile.version -= 1
    profile.user.full_name = "Toinen Nimi"
    assert service.build_document(profile, "fi", anonymised=False).cache_key != base.cache_key


def test_pdf_cache_is_bounded_and_least_recently_used_goes_first() -> None:
    cache = render.PdfCache(max_bytes=100, max_item_bytes=60)
    cache.put("a", b"x" * 40)
    cache.put("b", b"x" * 40)
    assert cache.get("a") is not None  # "a" is now the most recently used
    cache.put("c", b"x" * 40)
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    assert cache.size == 80 and len(cache) == 2
    cache.put("huge", b"x" * 61)
    assert cache.get("huge") is None and cache.size == 80
    cache.put("a", b"x" * 10)
    assert cache.size == 50


def test_unsupported_language_is_refused_before_anything_else() -> None:
    from marketplace.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as error:
        service.require_language("de")
    assert error.value.fields == {"lang": "Unsupported CV language: de"}

"""CV page layout: a short last section never gets a page of its own, a section that runs on to
the next page is marked continued in the CV's language, and the languages and licences columns
leave no half-width rule or repeated lines."""

from __future__ import annotations

import pytest
from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

from marketplace.cv import render, service
from marketplace.profiles.models import Profile, ProfileLanguage
from tests.cv import data
from tests.cv.pdfread import ReadPdf

CONTINUED = {
    "fi": "TYÖKOKEMUS (JATKUU)",
    "sv": "ARBETSERFARENHET (FORTS.)",
    "en": "WORK EXPERIENCE (CONTINUED)",
}


def _pdf(profile: Profile, lang: str = "fi") -> ReadPdf:
    doc = service.build_document(profile, lang, anonymised=False)
    return ReadPdf.parse(render.RENDERER.render(render.render_html(doc)))


def _layout(profile: Profile) -> Document:
    doc = service.build_document(profile, "fi", anonymised=False)
    return render.RENDERER.layout(render.render_html(doc))


def _heading_boxes(layout: Document, text: str) -> list[boxes.Box]:
    """The block boxes of the h2 headings whose text is `text`, on every page."""
    found = []
    for page in layout.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.BlockBox) and box.element_tag == "h2":
                texts = [b.text for b in box.descendants() if isinstance(b, boxes.TextBox)]
                if "".join(texts).strip() == text:
                    found.append(box)
    return found


def test_a_cv_that_would_leave_only_its_job_wishes_on_page_two_fits_one_page() -> None:
    # With this much text the regular layout ends page one just before "Toiveet työstä".
    profile = data.unsaved(summary_lines=13, items=3)
    html = render.render_html(service.build_document(profile, "fi", anonymised=False))
    regular = render.PdfRenderer(tighten=False).layout(html)
    assert len(regular.pages) == 2 and render.short_tail(regular)

    pdf = _pdf(profile)
    assert len(pdf.pages) == 1
    assert "TOIVEET TYÖSTÄ" in pdf.pages[0] and "Kokoaikainen" in pdf.pages[0]


@pytest.mark.slow
@pytest.mark.parametrize("items", [2, 5])
def test_the_job_wishes_never_stand_alone_on_the_last_page(items: int) -> None:
    # Longer and longer summaries move the end of page one through every section.
    for lines in range(1, 50, 4):
        pages = _pdf(data.unsaved(summary_lines=lines, items=items)).pages
        assert len(pages) == 1 or not pages[-1].startswith("TOIVEET TYÖSTÄ"), (lines, pages[-1])


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_section_running_on_to_the_next_page_is_marked_continued(lang: str) -> None:
    pdf = _pdf(data.unsaved(summary_lines=1, items=14), lang)
    assert len(pdf.pages) >= 2
    assert CONTINUED[lang] not in pdf.pages[0]
    assert CONTINUED[lang] in pdf.pages[1], pdf.pages[1][:300]


def test_a_page_that_starts_with_a_new_section_is_not_marked_continued() -> None:
    # The summary fills page one, so "Työkokemus" begins page two with its own heading.
    pdf = _pdf(data.unsaved(summary_lines=37, items=3))
    assert len(pdf.pages) == 2
    assert "TYÖKOKEMUS" in pdf.pages[1] and "(JATKUU)" not in pdf.pages[1]


def test_licences_alone_take_the_full_width() -> None:
    profile = data.unsaved()
    profile.languages = []
    layout = _layout(profile)
    (licences,) = _heading_boxes(layout, "KORTIT JA LUVAT")
    (work,) = _heading_boxes(layout, "TYÖKOKEMUS")
    assert licences.width == pytest.approx(work.width)


def test_languages_and_licences_side_by_side_when_both_are_short() -> None:
    profile = data.unsaved()
    profile.languages = [
        ProfileLanguage(position=0, code="fi", level="native"),
        ProfileLanguage(position=1, code="sv", level="B2"),
    ]
    layout = _layout(profile)
    (languages,) = _heading_boxes(layout, "KIELITAITO")
    (licences,) = _heading_boxes(layout, "KORTIT JA LUVAT")
    assert languages.position_y == pytest.approx(licences.position_y)
    assert languages.width < 0.5 * _heading_boxes(layout, "TYÖKOKEMUS")[0].width


@pytest.mark.parametrize("lines", range(15, 24, 2))
def test_the_columns_never_repeat_or_lose_a_line_across_a_page_break(lines: int) -> None:
    # These summaries push the languages and licences across the end of page one.
    pdf = _pdf(data.unsaved(summary_lines=lines, items=3))
    assert pdf.text.count("ADR-ajolupa") == 1, pdf.pages
    assert pdf.text.count("Äidinkieli") == 1, pdf.pages
    assert pdf.text.count("KIELITAITO") == 1, pdf.pages

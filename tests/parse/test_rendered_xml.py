"""The text and PDF readers against the XML reader: each fixture resolution rendered as the UN prints it.

Every XML in tests/fixtures/resolutions/ is rendered (tests/parse/xml_rendering.py) in every
layout that text extraction produces and read back as text; two of them are also printed to
PDF with LibreOffice and read back as PDF. Paragraph texts, kinds, numbers, openers and
footnotes must equal the XML reader's, or the test lists each mismatch.

With CI set (as `.ci/run` does), a missing soffice fails the PDF tests instead of skipping them.
"""

from __future__ import annotations

import os

import pytest

from conftest import FIXTURES
from monitor.parse import describe, parse_path, parse_text
from monitor.parse.pdf import parse_pdf
from pdf_printing import print_pdfs, render_fods, soffice
from xml_rendering import LAYOUTS, compare, read, render_text

RESOLUTIONS = sorted((FIXTURES / "resolutions").glob("*.xml"))
PRINTED = ["A_HRC_RES_55_26F", "A_HRC_RES_58_32E"]  # French with sub-paragraphs; English with footnotes
PRINTED_LAYOUTS = [layout for layout in LAYOUTS if layout.name in ("clean", "all")]
# what the text's header says as the XML's metadata does
METADATA = ("symbol", "body", "session", "number", "title", "agenda_item", "distribution_date", "original_language",
            "adoption_date", "meeting", "vote", "language", "preambular_paragraphs", "operative_paragraphs", "country")


@pytest.fixture(scope="session")
def rendered() -> dict:
    """name -> (document as rendered, resolution as the XML reader reads it), read once."""
    return {path.stem: (read(path), parse_path(path)) for path in RESOLUTIONS}


@pytest.fixture(scope="session")
def printed(rendered, tmp_path_factory) -> dict:
    """(name, layout name) -> resolution read back from the PDF LibreOffice printed, printed once."""
    if soffice() is None:
        message = "soffice not found (Debian: apt-get install libreoffice-calc); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and {message}")
        pytest.skip(message)
    sources = {f"{name}--{layout.name}": render_fods(rendered[name][0], layout)
               for name in PRINTED for layout in PRINTED_LAYOUTS}
    pdfs = print_pdfs(sources, tmp_path_factory.mktemp("printed"))
    return {(name, layout.name): parse_pdf(pdfs[f"{name}--{layout.name}"])
            for name in PRINTED for layout in PRINTED_LAYOUTS}


@pytest.mark.parametrize("name", [path.stem for path in RESOLUTIONS])
def test_text_path_agrees_with_the_xml_in_every_layout(rendered, name):
    document, xml = rendered[name]
    mismatches = []
    for layout in LAYOUTS:
        resolution = parse_text(render_text(document, layout), origin=f"{name} ({layout.name})")
        agreement = compare(xml, resolution, document, layout)
        mismatches += [f"{layout.name}: {m}" for m in agreement.mismatches]
    assert not mismatches, "\n".join(mismatches)


@pytest.mark.parametrize("name", [path.stem for path in RESOLUTIONS])
def test_text_path_reads_the_header_as_the_xml_states_it(rendered, name):
    document, xml = rendered[name]
    resolution = parse_text(render_text(document))
    want, got = describe(xml), describe(resolution)
    assert {k: got[k] for k in METADATA} == {k: want[k] for k in METADATA}
    assert resolution.all_warnings() == []


@pytest.mark.parametrize("name", [path.stem for path in RESOLUTIONS])
def test_lost_numbers_are_said_paragraph_by_paragraph(rendered, name):
    document, xml = rendered[name]
    layout = next(layout for layout in LAYOUTS if layout.name == "lost-numbers")
    resolution = parse_text(render_text(document, layout))
    unnumbered = [p.paragraph_id for p in resolution.operative() if not p.numbered]
    assert len(unnumbered) == 4
    assert [w for w in resolution.all_warnings()] == [
        (pid, "operative paragraph without a number; numbered in sequence") for pid in unnumbered]


@pytest.mark.parametrize("layout", [layout.name for layout in PRINTED_LAYOUTS])
@pytest.mark.parametrize("name", PRINTED)
def test_pdf_path_agrees_with_the_xml(rendered, printed, name, layout):
    document, xml = rendered[name]
    chosen = next(candidate for candidate in LAYOUTS if candidate.name == layout)
    agreement = compare(xml, printed[(name, layout)], document, chosen)
    assert agreement.full, "\n".join(agreement.mismatches)
    assert printed[(name, layout)].language == xml.language

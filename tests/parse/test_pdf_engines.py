"""The two PDF engines give the same words and the same paragraphs; pdfplumber reads what pypdfium2 cannot."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from monitor.errors import InputError
from monitor.parse.pdf import ENGINE_VARIABLE, parse_pdf, pdf_engine
from monitor.parse.pdf_chars import Unsupported, read_document
from test_pdf import _pdf, _resolution_pages, pdf_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# every PDF of the fixtures: Word PDFs of the UN, one with a QR box and spaces as text objects of their own
# (S/2016/1100), and a LibreOffice one with ligatures, accents written as e + a combining accent and fonts
# that state no descent (A/HRC/RES/55/24, French)
PDFS = sorted((FIXTURES / "corpus" / "pdf").glob("*.pdf")) + [FIXTURES / "resolutions" / "A_HRC_RES_55_24F.pdf"]


def _content(resolution) -> tuple:
    paragraphs = [(p.paragraph_id, p.kind, p.number, p.text, p.opener, [(f.marker, f.text) for f in p.footnotes])
                  for p in resolution.paragraphs]
    return paragraphs, [(f.marker, f.text) for f in resolution.footnotes], resolution.all_warnings()


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_both_engines_give_the_same_paragraphs(path):
    plumber, pdfium = parse_pdf(path, engine="pdfplumber"), parse_pdf(path, engine="pypdfium2")
    assert _content(pdfium) == _content(plumber)
    assert len(plumber.paragraphs) >= 10 and any(p.opener for p in plumber.paragraphs)  # real content read


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_pypdfium2_words_are_pdfplumbers(path):
    import pdfplumber

    pages = read_document(path.read_bytes())
    with pdfplumber.open(path) as pdf:
        assert [(p.width, p.height) for p in pages] == \
            [(pytest.approx(float(p.width)), pytest.approx(float(p.height))) for p in pdf.pages]
        for page, theirs in zip(pages, pdf.pages):
            want = theirs.extract_words(extra_attrs=["fontname", "size"])
            # pdfium names a font without its subset tag ("BCDEEE+"); the parser drops the tag too
            assert [(unicodedata.normalize("NFC", w["text"]), w["fontname"].split("+")[-1]) for w in want] == \
                [(unicodedata.normalize("NFC", w["text"]), w["fontname"]) for w in page.words]
            for mine, their in zip(page.words, want):
                for key in ("x0", "top", "bottom", "size"):
                    assert mine[key] == pytest.approx(their[key], abs=0.01), (mine["text"], key)
                # an accented letter's advance comes from pdfium's loose box: a quarter point short at most
                assert mine["x1"] == pytest.approx(their["x1"], abs=0.3), (mine["text"], "x1")
            rules = [(s["x0"], s["top"]) for s in list(theirs.lines) + list(theirs.rects)]
            assert sorted((round(x0), round(top)) for x0, x1, top, bottom in page.strokes) == \
                sorted((round(x0), round(top)) for x0, top in rules)


def test_a_pdf_pypdfium2_cannot_read_as_pdfplumber_goes_to_pdfplumber(tmp_path):
    # the standard fonts' metrics come from pdfminer's own tables, not the file: pdfplumber reads it
    path = tmp_path / "standard-fonts.pdf"
    path.write_bytes(_pdf(_resolution_pages()))
    with pytest.raises(Unsupported, match="standard font"):
        read_document(path.read_bytes())
    resolution = parse_pdf(path, engine="pypdfium2")
    assert _content(resolution) == _content(parse_pdf(path, engine="pdfplumber"))
    assert [p.opener for p in resolution.paragraphs] == ["Recalling", "Taking note", "Decides", "Requests", "Decides"]


def test_the_engine_comes_from_the_argument_then_the_environment(monkeypatch):
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert pdf_engine() == "pypdfium2"
    monkeypatch.setenv(ENGINE_VARIABLE, "pdfplumber")
    assert pdf_engine() == "pdfplumber"
    assert pdf_engine("pypdfium2") == "pypdfium2"
    monkeypatch.setenv(ENGINE_VARIABLE, "pymupdf")
    with pytest.raises(InputError, match=rf"{ENGINE_VARIABLE}='pymupdf': not a PDF engine; use one of pypdfium2"):
        pdf_engine()


def _form_pdf() -> bytes:
    """A page that draws a form XObject (a rule and a thin box) through the form's matrix and its own, and a rule."""
    def stream(content: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n%s\nendstream" % (len(content), extra, content)

    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /XObject << /Fm0 5 0 R >> >> >>",
               stream(b"q 1 0 0 1 30 500 cm /Fm0 Do Q 0 0 m 200 0 l S"),
               stream(b"0 0 m 100 0 l S 10 40 50 0.5 re f",
                      b"/Type /XObject /Subtype /Form /BBox [0 0 300 300] /Matrix [2 0 0 1 5 5] ")]
    return pdf_file(objects)


def test_the_strokes_in_a_form_xobject_are_read_through_its_matrix():
    import pdfplumber

    data = _form_pdf()
    page = read_document(data)[0]
    assert page.words == [] and page.images == 0
    # the form's matrix doubles x and moves (5, 5), the page's moves (30, 500): the form's (0, 0) is at
    # x 35 and 792 - 505 = 287 from the top
    assert sorted(page.strokes) == [(0.0, 200.0, 792.0, 792.0), (35.0, 235.0, 287.0, 287.0),
                                    (55.0, 155.0, 246.5, 247.0)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        theirs = pdf.pages[0]
        assert sorted(page.strokes) == sorted((s["x0"], s["x1"], s["top"], s["bottom"])
                                              for s in list(theirs.lines) + list(theirs.rects))

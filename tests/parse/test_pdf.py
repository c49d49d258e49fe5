"""PDF front end: the corpus PDFs against ground truth and their text twins, footnotes, bad PDFs."""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from monitor.errors import InputError
from monitor.parse import parse_path
from monitor.parse.pdf import parse_pdf

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

# From the corpus README: operative, preambular, first and last operative opener.
GROUND_TRUTH = {
    "s-2021-523": (3, 8, "Decides", "Decides"),
    "s-2016-1100": (13, 10, "Reaffirms", "Decides"),
    "s-2020-445": (39, 17, "Calls on", "Decides"),
    "s-2022-158": (24, 34, "Strongly condemns", "Decides"),
}
PAGES = {"s-2021-523": 1, "s-2016-1100": 3, "s-2020-445": 9, "s-2022-158": 7}

# Openers that differ between PDF and text twin for a reason. PP16 of S/2022/158 opens
# with a phrase outside the vocabulary; the PDF italicises "Calling once again" and the
# parser takes the italic phrase, while the plain text only offers the first word.
# Share of words that may differ between the PDF and the text twin of a paragraph
# (the twins were extracted by another tool: "finalise"/"finalize", "UNM AS", a lost "and").
MAX_PARAGRAPH_DIFFERENCE = 0.05
MAX_DOCUMENT_DIFFERENCE = 0.01


@pytest.fixture(scope="module", params=sorted(GROUND_TRUTH))
def corpus(request):
    """(name, resolution from the PDF, resolution from the text twin), each parsed once."""
    name = request.param
    pdf, text = CORPUS / "pdf" / f"{name}.pdf", CORPUS / "texts" / f"unsc-draft-{name}.txt"
    return name, parse_pdf(pdf), parse_path(text)


def test_ground_truth(corpus):
    name, resolution, _ = corpus
    operative, preambular, first, last = GROUND_TRUTH[name]
    assert resolution.source_format == "pdf"
    assert len(resolution.operative()) == operative
    assert len(resolution.preambular()) == preambular
    assert resolution.operative()[0].opener == first
    assert resolution.operative()[-1].opener == last
    assert [p.number for p in resolution.operative()] == list(range(1, operative + 1))


def test_no_page_furniture_in_paragraphs(corpus):
    name, resolution, _ = corpus
    own_symbol = "S/" + name[2:].replace("-", "/")
    furniture = [
        re.compile(r"\b\d{2}-\d{5}\b"),  # job number 21-07235
        re.compile(r"\*\d{7,8}\*"),  # barcode *2107235*
        re.compile(rf"(?<![\w/]){re.escape(own_symbol)}(?![\w/])"),  # running header
        re.compile(rf"(?<![\w/])\d{{1,2}}/{PAGES[name]}(?![\w/])"),  # page number 2/9
        re.compile(r"Distr\.|Original: English|\(E\)"),
    ]
    for paragraph in resolution.paragraphs:
        for pattern in furniture:
            assert not pattern.search(paragraph.text), (paragraph.paragraph_id, pattern.pattern)
        assert "[^" not in paragraph.text


def test_corpus_footnotes(corpus):
    # none of the four corpus PDFs has footnotes (no rule, no small text above the
    # footer); the generated PDF below covers them
    _, resolution, _ = corpus
    assert resolution.footnotes == []
    assert all(not p.footnotes for p in resolution.paragraphs)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.replace("’", "'").lower())


def test_same_structure_as_text_twin(corpus):
    name, from_pdf, from_text = corpus
    assert [(p.paragraph_id, p.kind) for p in from_pdf.paragraphs] == \
        [(p.paragraph_id, p.kind) for p in from_text.paragraphs]
    differing = total = 0
    report = []
    for a, b in zip(from_pdf.paragraphs, from_text.paragraphs):
        assert a.opener == b.opener, a.paragraph_id
        words_a, words_b = _words(a.text), _words(b.text)
        matcher = difflib.SequenceMatcher(None, words_a, words_b, autojunk=False)
        same = sum(block.size for block in matcher.get_matching_blocks())
        ratio = 1 - matcher.ratio()
        assert ratio <= MAX_PARAGRAPH_DIFFERENCE, (a.paragraph_id, ratio)
        differing += max(len(words_a), len(words_b)) - same
        total += max(len(words_a), len(words_b))
        if ratio:
            report.append(f"{a.paragraph_id} {ratio:.3f}")
    print(f"{name}: {differing}/{total} words differ ({differing / total:.4f}); {', '.join(report) or 'none'}")
    assert differing / total <= MAX_DOCUMENT_DIFFERENCE


def test_unheaded_annex_is_not_operative(corpus):
    name, resolution, _ = corpus
    last = resolution.operative()[-1]
    assert "remain" in last.text and "seized of the matter" in last.text
    if name == "s-2022-158":
        assert last.number == 24
        assert resolution.annex and "The Houthis have engaged in acts" in resolution.annex
        assert not any("The Houthis have engaged" in p.text for p in resolution.paragraphs)


def test_parse_path_reads_pdf():
    path = CORPUS / "pdf" / "s-2021-523.pdf"
    resolution = parse_path(path)
    assert resolution.source_format == "pdf"
    assert resolution.source_path == str(path)
    assert len(resolution.operative()) == 3


# ---- generated PDFs -------------------------------------------------------------------

def _escape(text: str) -> bytes:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").encode("latin-1")


def _text_line(x: float, y: float, *runs) -> bytes:
    """One line of text; runs are (font, text) or (font, text, size, rise) as Word writes them."""
    out = b"BT 1 0 0 1 %.1f %.1f Tm " % (x, y)
    for run in runs:
        font, text, size, rise = (*run, 10, 0)[:4] if len(run) == 2 else run
        out += b"/%s %.1f Tf %.1f Ts (%s) Tj " % (font.encode(), size, rise, _escape(text))
    return out + b"ET\n"


def _pdf(pages: list[bytes], image: bool = False, encrypt: tuple[bytes, bytes] | None = None,
         file_id: bytes = b"0123456789abcdef") -> bytes:
    """A minimal PDF with a correct xref table; fonts are the standard Times and Courier.

    encrypt: (encryption dictionary, file key); the page contents are then RC4-encrypted.
    """
    fonts = {"F1": "Times-Roman", "F2": "Times-Italic", "F3": "Times-Bold", "F4": "Courier"}
    objects: list[bytes] = [b"", b""]  # catalog and page tree, filled in below
    font_refs = b""
    for key, base in fonts.items():
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
                       % base.encode())
        font_refs += b"/%s %d 0 R " % (key.encode(), len(objects))
    xobject = b""
    if image:
        objects.append(b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream")
        xobject = b"/XObject << /Im1 %d 0 R >>" % len(objects)
    kids = []
    for content in pages:
        if encrypt is not None:  # each object has its own key: file key + object number
            key = hashlib.md5(encrypt[1] + struct.pack("<i", len(objects) + 1)[:3] + b"\0\0").digest()[:10]
            content = _rc4(key, content)
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << %s>> %s >> >>" % (len(objects), font_refs, xobject))
        kids.append(b"%d 0 R" % len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    trailer = b""
    if encrypt is not None:
        objects.append(encrypt[0])
        identifier = file_id.hex().encode()
        trailer = b"/Encrypt %d 0 R /ID [<%s> <%s>]" % (len(objects), identifier, identifier)
    return pdf_file(objects, trailer)


def pdf_file(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of objects numbered from 1 (the first the catalog), with its cross-reference table and trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer, xref)
    return bytes(out)


def _resolution_pages() -> list[bytes]:
    """Two pages laid out like a UN document: indents, gaps, raised markers, footnotes, furniture."""
    sup = lambda n: ("F1", n, 6.5, 3.5)  # noqa: E731 - a raised, smaller footnote marker
    page1 = b"".join([
        _text_line(96, 700, ("F2", "The Security Council"), ("F1", ",")),
        _text_line(96, 682, ("F2", "Recalling"), ("F1", " its resolution 2216 (2015),"), sup("1")),
        _text_line(96, 664, ("F2", "Taking note"), ("F1", " of the report of the Secretary-")),
        _text_line(72, 652, ("F1", "General,"), sup("2"), ("F1", " and of the records of its meetings,")),
        # an italic title at the start of a continuation line is not a paragraph opener
        _text_line(72, 640, ("F2", "Official Records of the Council"), ("F1", ", as issued,")),
        _text_line(96, 622, ("F1", "1."), ("F2", "          Decides"), ("F1", " to extend the mandate of the Panel")),
        _text_line(72, 610, ("F1", "of Experts until 28 March 2023;")),
        _text_line(96, 592, ("F1", "2.          "), ("F2", "Requests"), ("F1", " the Secretary-General to report")),
        _text_line(72, 580, ("F1", "every 90 days;")),
        b"72 140 72 0.6 re f\n",  # the footnote separator: a short rule at the margin
        _text_line(96, 128, sup("1"), ("F1", " S/2015/123.", 8, 0)),
        _text_line(96, 118, sup("2"),
                   ("F1", " S/2022/50, annex, and the report of the Panel of Experts on the follow-", 8, 0)),
        _text_line(72, 108, ("F1", "up S/2022/51.", 8, 0)),
        _text_line(72, 60, ("F1", "22-01234 (E)    010322")),
        _text_line(72, 46, ("F4", "*2201234*", 12, 0)),
        _text_line(450, 46, ("F1", "Please recycle", 8, 0)),
    ])
    page2 = b"".join([
        _text_line(72, 740, ("F3", "S/2022/999", 8.5, 0)),
        _text_line(96, 700, ("F1", "3."), ("F2", "          Decides"),
                   ("F1", " to remain actively seized of the matter."), sup("3")),
        b"72 140 72 0.6 re f\n",
        _text_line(96, 128, sup("3"), ("F1", " See S/PV.9000.", 8, 0)),
        _text_line(72, 40, ("F3", "2/2", 8.5, 0)),
        _text_line(500, 40, ("F1", "22-01234", 7, 0)),
    ])
    return [page1, page2]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "generated.pdf"
    path.write_bytes(_pdf(_resolution_pages()))
    return parse_pdf(path)


def test_generated_structure(generated):
    assert [p.paragraph_id for p in generated.paragraphs] == ["PP1", "PP2", "OP1", "OP2", "OP3"]
    assert [p.opener for p in generated.paragraphs] == [
        "Recalling", "Taking note", "Decides", "Requests", "Decides"]
    assert "Secretary-General, and of the records" in generated.paragraph("PP2").text
    assert "Official Records of the Council, as issued," in generated.paragraph("PP2").text
    assert generated.paragraph("OP1").text == \
        "Decides to extend the mandate of the Panel of Experts until 28 March 2023;"


def test_generated_footnotes(generated):
    notes = {p.paragraph_id: [(f.marker, f.text) for f in p.footnotes] for p in generated.paragraphs}
    assert notes["PP1"] == [("1", "S/2015/123.")]
    assert notes["PP2"] == [
        ("2", "S/2022/50, annex, and the report of the Panel of Experts on the follow-up S/2022/51.")]
    assert notes["OP3"] == [("3", "See S/PV.9000.")]
    assert generated.paragraph("PP1").text == "Recalling its resolution 2216 (2015),"


def test_generated_furniture_dropped(generated):
    for paragraph in generated.paragraphs:
        for furniture in ("22-01234", "2201234", "S/2022/999", "2/2", "010322", "recycle", "[^"):
            assert furniture not in paragraph.text, (paragraph.paragraph_id, furniture)
            assert not any(furniture in (f.text or "") for f in paragraph.footnotes)
    assert [p.page for p in generated.paragraphs] == [1, 1, 1, 1, 2]


# ---- bad PDFs ---------------------------------------------------------------------------

_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    state, j = list(range(256)), 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    out, i, j = bytearray(), 0, 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def _encryption(user: bytes, owner: bytes, file_id: bytes = b"0123456789abcdef") -> tuple[bytes, bytes]:
    """Standard security handler, revision 2 (40-bit RC4): the dictionary and the file key."""
    pad = lambda password: (password + _PAD)[:32]  # noqa: E731
    owner_entry = _rc4(hashlib.md5(pad(owner)).digest()[:5], pad(user))
    permissions = -4
    key = hashlib.md5(pad(user) + owner_entry + struct.pack("<i", permissions) + file_id).digest()[:5]
    user_entry = _rc4(key, _PAD)
    return (b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
            % (owner_entry.hex().encode(), user_entry.hex().encode(), permissions)), key


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU"
        b"\x00\x00\x00\nIDATx\x9cc`\x00\x00\x00\x02\x00\x01H\xaf\xa4q\x00\x00\x00\x00IEND\xaeB`\x82")


def _truncated_corpus_pdf() -> bytes:
    path = CORPUS / "pdf" / "s-2021-523.pdf"
    data = path.read_bytes()
    return data[: len(data) * 2 // 3]


BAD_PDFS = {
    "truncated": (_truncated_corpus_pdf, "truncated PDF"),
    "cut-with-eof": (lambda: _truncated_corpus_pdf()[:40000] + b"\n%%EOF\n", "damaged PDF"),
    "png": (lambda: _PNG, "not a PDF but a PNG image"),
    "zip": (_zip_bytes, "not a PDF but a zip archive"),
    "garbage": (lambda: b"%PDF-1.4\nthis is not a PDF body\n%%EOF\n", "damaged PDF"),
    "encrypted": (lambda: _pdf([_text_line(72, 700, ("F1", "secret"))],
                               encrypt=_encryption(b"secret", b"owner")),
                  "encrypted PDF"),
    "image-only": (lambda: _pdf([b"q 200 0 0 200 100 400 cm /Im1 Do Q"], image=True),
                   "no text layer, only images (a scanned document?); OCR is not supported"),
    "blank-page": (lambda: _pdf([b""]), "no text in the PDF"),
    "shopping-list": (lambda: _pdf([_text_line(72, 700, ("F1", "Milk, eggs"))]), "no operative paragraph found"),
}


def test_encrypted_without_user_password_is_read(tmp_path):
    # encrypted only to restrict permissions: opens with the empty password, as in any reader
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(_pdf(_resolution_pages(), encrypt=_encryption(b"", b"owner")))
    resolution = parse_pdf(path)
    assert [p.paragraph_id for p in resolution.paragraphs] == ["PP1", "PP2", "OP1", "OP2", "OP3"]


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_bad_pdf_raises_input_error(kind, tmp_path):
    make, reason = BAD_PDFS[kind]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(make())
    with pytest.raises(InputError) as caught:
        parse_pdf(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and reason in message
    assert "\n" not in message


@pytest.mark.parametrize("kind", sorted(BAD_PDFS))
def test_bad_pdf_through_parse_path(kind, tmp_path):
    # parse_path routes by content: a PNG or zip named .pdf never reaches parse_pdf,
    # but still gets one line naming the file
    make, _ = BAD_PDFS[kind]
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(make())
    with pytest.raises(InputError, match=re.escape(f"{path}: ")) as caught:
        parse_path(path)
    assert "\n" not in str(caught.value)

"""The text and PDF readers against the XML reader, on the UN's XML rendered as its PDFs print.

Usage: .venv/bin/python benchmarks/rendered_xml.py [--pdf] [--mismatches] [XML ...]
Without files it takes every XML in /work/shared/resolutions/ and other-countries/ (else
tests/fixtures/resolutions/). Each resolution is rendered in every layout of
tests/parse/xml_rendering.py and read back as text; with --pdf, its clean and "all"
renderings are also printed with LibreOffice and read back as PDF. One row per resolution
and path: paragraphs (texts) equal / total, openers, kinds, numbers and footnotes, summed over layouts.

--fixture PATH.xml prints PATH.xml with italics to the PDF beside it (how the committed
French PDF fixture was made).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "parse"))

from pdf_printing import print_pdfs, render_fods  # noqa: E402
from xml_rendering import LAYOUTS, compare, read, render_text  # noqa: E402

from monitor.parse import parse_path, parse_text  # noqa: E402
from monitor.parse.pdf import parse_pdf  # noqa: E402

SHARED = ROOT.parent / "shared" / "resolutions"  # the shared folder beside the checkout
PDF_LAYOUTS = [layout for layout in LAYOUTS if layout.name in ("clean", "all")]


def _files(given: list[str]) -> list[Path]:
    if given:
        return [Path(p) for p in given]
    if SHARED.is_dir():
        return sorted(SHARED.glob("*.xml")) + sorted((SHARED / "other-countries").glob("*.xml"))
    return sorted((ROOT / "tests" / "fixtures" / "resolutions").glob("*.xml"))


def _row(name: str, path: str, agreements: list) -> str:
    total = sum(a.total for a in agreements)
    cells = [f"{sum(getattr(a, field) for a in agreements)}/{total}"
             for field in ("texts", "openers", "kinds", "numbers", "footnotes")]
    return f"| {name} | {path} | " + " | ".join(cells) + f" | {sum(len(a.mismatches) for a in agreements)} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xml", nargs="*")
    parser.add_argument("--pdf", action="store_true", help="also print the clean and 'all' renderings to PDF")
    parser.add_argument("--mismatches", action="store_true", help="list every mismatch")
    parser.add_argument("--fixture", metavar="XML", help="print this XML with italics to a PDF beside it")
    args = parser.parse_args(argv)
    if args.fixture:
        source = Path(args.fixture)
        with tempfile.TemporaryDirectory() as folder:
            pdf = print_pdfs({source.stem: render_fods(read(source), italics=True)}, Path(folder))[source.stem]
            source.with_suffix(".pdf").write_bytes(pdf.read_bytes())
        print(source.with_suffix(".pdf"))
        return 0
    rows = ["| resolution | path | paragraphs | openers | kinds | numbers | footnotes | mismatches |",
            "|---|---|---|---|---|---|---|---|"]
    listed: list[str] = []
    files = _files(args.xml)
    documents = {path.stem: (read(path), parse_path(path)) for path in files}
    pdfs: dict[str, Path] = {}
    folder = tempfile.TemporaryDirectory()
    if args.pdf:
        pdfs = print_pdfs({f"{stem}--{layout.name}": render_fods(document, layout)
                           for stem, (document, _) in documents.items() for layout in PDF_LAYOUTS}, Path(folder.name))
    for stem, (document, xml) in documents.items():
        text = []
        for layout in LAYOUTS:
            agreement = compare(xml, parse_text(render_text(document, layout), origin=stem), document, layout)
            text.append(agreement)
            listed += [f"{stem} text {layout.name}: {m}" for m in agreement.mismatches]
        rows.append(_row(stem, f"text ({len(LAYOUTS)} layouts)", text))
        if args.pdf:
            printed = []
            for layout in PDF_LAYOUTS:
                agreement = compare(xml, parse_pdf(pdfs[f"{stem}--{layout.name}"]), document, layout)
                printed.append(agreement)
                listed += [f"{stem} pdf {layout.name}: {m}" for m in agreement.mismatches]
            rows.append(_row(stem, "PDF (clean, all)", printed))
    folder.cleanup()
    print("\n".join(rows))
    if args.mismatches or listed:
        print("\n".join(["", f"{len(listed)} mismatches"] + listed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time monitor's PDF parser against poppler's `pdftotext -layout` on the corpus PDFs.

Usage: .venv/bin/python benchmarks/pdf_speed.py [--repeats N] [PDF ...]
Without PDFs it takes every PDF in tests/fixtures/corpus/pdf.
pdftotext only extracts text; ours also segments paragraphs, so the ratio is an upper
bound on what the PDF reading itself costs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from timing import median_seconds

from monitor.parse.pdf import parse_pdf


def _pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdfs", nargs="*", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus" / "pdf"
    pdfs = args.pdfs or sorted(corpus.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs given and none in {corpus}", file=sys.stderr)
        return 2
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        print("note: pdftotext not found (Debian: apt-get install poppler-utils); timing ours only\n")
    parse_pdf(pdfs[0])  # warm-up: imports and vocabulary loading are not per-file costs

    print(f"median of {args.repeats} runs, seconds per page")
    print(f"{'file':<18} {'pages':>5} {'ours s/page':>12} {'pdftotext s/page':>17} {'ratio':>7}")
    total_pages = total_ours = total_theirs = 0.0
    for path in pdfs:
        pages = _pages(path)
        ours = median_seconds(lambda: parse_pdf(path), args.repeats)
        total_pages, total_ours = total_pages + pages, total_ours + ours
        if pdftotext is None:
            print(f"{path.stem:<18} {pages:>5} {ours / pages:>12.4f} {'-':>17} {'-':>7}")
            continue
        command = [pdftotext, "-layout", str(path), "-"]
        theirs = median_seconds(lambda: subprocess.run(command, stdout=subprocess.DEVNULL, check=True),
                                 args.repeats)
        total_theirs += theirs
        print(f"{path.stem:<18} {pages:>5} {ours / pages:>12.4f} {theirs / pages:>17.4f} {ours / theirs:>6.0f}x")
    if len(pdfs) > 1:
        theirs_cell = f"{total_theirs / total_pages:>17.4f}" if pdftotext else f"{'-':>17}"
        ratio_cell = f"{total_ours / total_theirs:>6.0f}x" if pdftotext else f"{'-':>7}"
        print(f"{'all':<18} {int(total_pages):>5} {total_ours / total_pages:>12.4f} {theirs_cell} {ratio_cell}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

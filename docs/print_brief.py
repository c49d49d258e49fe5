"""Print the workbook's brief as LibreOffice prints it, and save its first page as docs/brief-printed.png.

    .venv/bin/python docs/print_brief.py [--as-of 2025-12-31] [--lang en]

Needs LibreOffice (soffice); the page is rendered with pypdfium2 (installed with pdfplumber).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from monitor.pipeline import load_workspace  # noqa: E402
from monitor.reports.excel import write_workbook  # noqa: E402
from monitor.workspace import Workspace  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date(2022, 6, 30))  # an ask overdue, indicators recorded
    parser.add_argument("--lang", default="en", choices=["en", "fr"])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "brief-printed.png")
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if not soffice:
        print("soffice not found (Debian: apt-get install libreoffice-calc)", file=sys.stderr)
        return 2
    import pypdfium2

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        book = write_workbook(load_workspace(Workspace(ROOT)), args.as_of, scratch / "brief.xlsx", args.lang)
        subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{scratch / 'profile'}",
                        "--convert-to", "pdf", "--outdir", str(scratch), str(book)], check=True, capture_output=True,
                       timeout=300)
        pdf = pypdfium2.PdfDocument(str(scratch / "brief.pdf"))
        image = pdf[0].render(scale=110 / 72).to_pil()  # 110 dpi: legible, small enough for the README
        image.convert("P", palette=1, colors=64).save(args.out, optimize=True)  # 64 colours: a few status fills
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

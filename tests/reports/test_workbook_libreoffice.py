"""LibreOffice prints the workbook: converted to PDF headless, every page is legible and the first is the brief.

With CI set (as `.ci/run` does), a missing soffice or pdftotext fails the test instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

import openpyxl
import pytest

from monitor.pipeline import load_workspace
from monitor.reports.excel import write_workbook
from monitor.workspace import Workspace


def _tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} not found (Debian: apt-get install {package}); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {message}")
    pytest.skip(message)


BRIEF = {"en": ("Brief", "Status as of 30 June 2025", "Page 1 of"), "fr": ("Note", "Situation au 30 juin 2025", "Page 1 sur")}
MIN_POINTS = 8


def _pages(pdf_path):
    """Per printed page: the sheet its footer names, its text, its smallest font size, and whether text leaves the page."""
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines = (page.extract_text() or "").strip().splitlines()
            footer = lines[-1] if lines else ""
            chars = page.chars
            yield {"sheet": footer.rsplit(" Page ", 1)[0].strip(), "footer": footer, "text": "\n".join(lines),
                   "smallest": min((c["size"] for c in chars), default=99),
                   "outside": any(c["x0"] < 0 or c["x1"] > page.width + 0.5 for c in chars)}


@pytest.mark.parametrize("lang, sheet, status", [("en", "Commitments", "No data"), ("fr", "Engagements", "Pas de données")])
def test_libreoffice_renders_the_workbook_to_pdf(workspace_copy, tmp_path, lang, sheet, status):
    soffice = _tool("soffice", "libreoffice-calc")
    pdftotext = _tool("pdftotext", "poppler-utils")
    data = load_workspace(Workspace(workspace_copy))
    workbook = write_workbook(data, dt.date(2025, 6, 30), tmp_path / f"mali-monitor-{lang}.xlsx", lang)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = tmp_path / "pdf" / f"mali-monitor-{lang}.pdf"
    assert result.returncode == 0 and pdf.is_file() and pdf.stat().st_size > 10_000, result.stderr
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, timeout=60,
                          check=True).stdout
    assert sheet in text  # the footer names the sheet on each page
    assert "A/HRC/RES/46/28:OP26" in text and status in text
    first = data.commitments.iloc[0]["text"].split()[:3]
    assert " ".join(first) in " ".join(text.split())
    pages = list(_pages(pdf))
    small = [(n + 1, p["sheet"], round(p["smallest"], 1)) for n, p in enumerate(pages) if p["smallest"] < MIN_POINTS - 0.05]
    assert not small, f"text under {MIN_POINTS} pt on pages {small[:10]}"
    assert not [n + 1 for n, p in enumerate(pages) if p["outside"]], "text printed past the page's edge"
    name, as_of, page_one = BRIEF[lang]
    assert pages[0]["sheet"] == name and page_one in pages[0]["footer"]
    assert pages[1]["sheet"] != name  # the brief is one page
    assert data.title(lang) in pages[0]["text"] and as_of in pages[0]["text"]
    assert "A/HRC/RES/58/30" in pages[0]["text"]  # the resolution in force on 2025-06-30
    every = {p["sheet"] for p in pages}
    assert sheet in every and len(every) == len(openpyxl.load_workbook(workbook, read_only=True).sheetnames)

"""LibreOffice renders the workbook: converted to PDF headless, the Commitments sheet is in the text.

With CI set (as `.ci/run` does), a missing soffice or pdftotext fails the test instead of skipping it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess

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

"""Prints a rendering (tests/parse/xml_rendering.py) to PDF with LibreOffice, as a one-column sheet.

The machines that run the tests have LibreOffice Calc, not Writer, so the pages go out as a
flat OpenDocument spreadsheet: one row per printed line, no sheet header or footer, a page
break where the rendering breaks, body text in 9-point DejaVu Serif, footnotes in 7 points,
footnote markers raised, and the openers in italics if asked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from xml.sax.saxutils import escape

from xml_rendering import Document, Layout, marked_pages, runs

_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles>
 <style:style style:name="Default" style:family="table-cell">
  <style:text-properties style:font-name="DejaVu Serif" fo:font-family="'DejaVu Serif'" fo:font-size="9pt"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:style style:name="co" style:family="table-column"><style:table-column-properties style:column-width="17cm"/></style:style>
 <style:style style:name="line" style:family="table-row">
  <style:table-row-properties style:row-height="0.40cm" style:use-optimal-row-height="false"/></style:style>
 <style:style style:name="page" style:family="table-row">
  <style:table-row-properties style:row-height="0.40cm" style:use-optimal-row-height="false" fo:break-before="page"/></style:style>
 <style:style style:name="noteline" style:family="table-row">
  <style:table-row-properties style:row-height="0.32cm" style:use-optimal-row-height="false"/></style:style>
 <style:style style:name="note" style:family="table-cell" style:parent-style-name="Default">
  <style:text-properties fo:font-size="7pt"/></style:style>
 <style:style style:name="italic" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="super" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>
 <style:style style:name="sheet" style:family="table" style:master-page-name="Plain"/>
 <style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Plain" style:page-layout-name="A4">
 <style:header style:display="false"/><style:footer style:display="false"/></style:master-page></office:master-styles>
<office:body><office:spreadsheet><table:table table:name="Resolution" table:style-name="sheet">
<table:table-column table:style-name="co"/>
"""
_TAIL = "</table:table></office:spreadsheet></office:body></office:document>\n"


def render_fods(document: Document, layout: Layout = Layout(), italics: bool = False) -> str:
    """The rendering as a flat OpenDocument spreadsheet that LibreOffice prints as the pages."""
    rows = [_HEAD]
    for number, page in enumerate(marked_pages(document, layout)):
        in_notes, italic = False, False
        for position, line in enumerate(page):
            if in_notes and not line and page[position - 1] == "_______________":
                continue  # printed, the notes sit right under their rule (pdftotext adds the gap)
            # the notes run from their rule to the blank line before the page footer
            in_notes = (in_notes and bool(line)) or line == "_______________"
            pieces, italic = runs(line, italic)
            style = "page" if number and not position else "noteline" if in_notes and line else "line"
            cell = ' table:style-name="note"' if in_notes and line else ""
            content = "".join(_span(kind, text, italics) for kind, text in pieces)
            rows.append(f'<table:table-row table:style-name="{style}"><table:table-cell{cell} office:value-type="string">'
                        f"<text:p>{content}</text:p></table:table-cell></table:table-row>\n"
                        if content else f'<table:table-row table:style-name="{style}"><table:table-cell/></table:table-row>\n')
    rows.append(_TAIL)
    return "".join(rows)


def _span(kind: str, text: str, italics: bool) -> str:
    text = escape(text).replace("  ", " <text:s/>")  # runs of spaces survive ("1.      Decides")
    if kind == "super" or (kind == "italic" and italics):
        return f'<text:span text:style-name="{kind}">{text}</text:span>'
    return text


def soffice() -> str | None:
    return shutil.which("soffice")


def print_pdfs(sources: dict[str, str], folder: Path) -> dict[str, Path]:
    """Each name's .fods text printed to folder/name.pdf by one LibreOffice run."""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = []
    for name, content in sources.items():
        path = folder / f"{name}.fods"
        path.write_text(content, encoding="utf-8")
        inputs.append(str(path))
    profile = folder / "lo-profile"
    result = subprocess.run(
        [soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(folder), *inputs],
        capture_output=True, text=True, timeout=300, check=False, env={**os.environ, "HOME": str(folder)})
    pdfs = {name: folder / f"{name}.pdf" for name in sources}
    missing = [str(p) for p in pdfs.values() if not p.is_file()]
    if result.returncode or missing:
        raise RuntimeError(f"LibreOffice did not print {missing or 'the sheets'}: {result.stderr[-500:]}")
    return pdfs

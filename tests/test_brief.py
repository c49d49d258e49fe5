"""monitor.brief: the one-page brief, per series, from the as-of snapshot; and its dashboard block."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from monitor.brief import Brief, KeyValue, OverdueAsk, SeriesBrief, StatusCount, build_brief
from monitor.citations import citations
from monitor.dashboards.brief import brief_html
from monitor.pipeline import load_workspace
from monitor.reports.excel import write_workbook
from monitor.workspace import Workspace


@pytest.fixture(scope="module")
def early(tmp_path_factory):
    """The shipped workspace as it stood on 2022-06-30, when one resolution had been adopted."""
    from monitor.workspace import Workspace as W

    return load_workspace(W.locate(None))


def test_the_resolution_in_force_is_counted_alone_with_the_council_s_acts_apart(early):
    brief = build_brief(early, dt.date(2022, 6, 30))
    (part,) = brief.series
    assert part.resolution == "A/HRC/RES/46/28" and part.predecessors == []
    assert part.asked_total + part.council_total == 36  # the paragraphs of 46/28, each once
    assert part.council_total > 0 and part.asked_total > part.council_total
    council = {c.status: c.count for c in part.council}
    assert "position" in council  # stated positions are kept out of what is asked
    assert "position" not in {c.status for c in part.asked}


def test_overdue_asks_are_named_with_text_and_deadline_and_never_the_council_s_own(early):
    part = build_brief(early, dt.date(2022, 6, 30)).series[0]
    named = {a.ask_id: a for a in part.overdue}
    election = named["A/HRC/RES/46/28:OP26.1"]
    assert election.deadline == dt.date(2022, 3, 31) and "electoral process" in election.text
    assert election.addressee.startswith("Government of") and election.status_label.startswith("Not met")
    assert "A/HRC/RES/46/28:OP32.1" not in named  # "decides to hold a dialogue": the Council's own act


def test_later_renewals_list_their_predecessors_without_summing_them(early):
    part = build_brief(early, dt.date(2025, 12, 31), "fr").series[0]
    assert part.resolution == "A/HRC/RES/58/30"
    assert [r for r, _ in part.predecessors] == ["A/HRC/RES/55/25", "A/HRC/RES/46/28"]
    in_force = early.commitments[early.commitments["resolution_id"] == "A/HRC/RES/58/30"]
    assert part.asked_total + part.council_total == len(in_force)
    assert part.earlier_overdue >= 1  # 46/28's election ask, named by count only
    assert "droits de l" in part.title  # the French title


def test_key_indicators_carry_their_latest_value_date_source_and_confidence(early):
    part = build_brief(early, dt.date(2025, 12, 31)).series[0]
    by_id = {k.indicator_id: k for k in part.indicators}
    assert list(by_id) == list(early.config.dashboard.key_indicators)
    testimonies = by_id["cvjr_testimonies"]
    assert testimonies.value.startswith("> ") and "," in testimonies.value  # qualified, thousands separated
    assert testimonies.date and testimonies.sources and testimonies.confidence
    assert by_id["election_date_scheduled"].value == "4 February 2024"


def test_each_country_has_its_own_part(country_workspaces):
    data = load_workspace(Workspace(country_workspaces["both"]))
    brief = build_brief(data, dt.date(2025, 6, 30))
    labels = {p.label: p for p in brief.series}
    assert set(labels) == {"Central African Republic", "Haiti"}
    assert labels["Haiti"].resolution == "A/HRC/RES/58/32"
    assert [r for r, _ in labels["Haiti"].predecessors] == ["A/HRC/RES/55/24"]
    assert labels["Central African Republic"].resolution == "A/HRC/RES/57/35"
    for part in brief.series:
        own = data.commitments[data.commitments["resolution_id"] == part.resolution]
        assert part.asked_total + part.council_total == len(own)


def test_the_better_source_of_the_same_day_wins(country_workspaces):
    data = load_workspace(Workspace(country_workspaces["haiti"]))
    (killings,) = [k for k in build_brief(data, dt.date(2025, 6, 30)).series[0].indicators
                   if k.indicator_id == "killings_recorded"]
    assert killings.value == "> 1,500 persons" and killings.confidence == "Mirror"  # over secondary's 1,400


def test_the_workbook_opens_on_the_brief(country_workspaces, tmp_path):
    data = load_workspace(Workspace(country_workspaces["both"]))
    path = write_workbook(data, dt.date(2025, 6, 30), tmp_path / "both.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Brief" and book.active.title == "Brief"
    sheet = book["Brief"]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "Status as of 30 June 2025" in " ".join(cells) or any("30 June 2025" in c for c in cells)
    assert "A/HRC/RES/58/32" in cells and "A/HRC/RES/57/35" in cells
    assert sheet.page_setup.orientation == "portrait" and sheet.page_setup.paperSize in (9, "9")
    assert len(sheet.row_breaks.brk) == 1  # one page per series
    links = {c.hyperlink.target for row in sheet.iter_rows() for c in row if c.hyperlink}
    assert "https://docs.un.org/en/A/HRC/RES/58/32" in links
    assert "&A" in sheet.oddFooter.left.text and "&P" in sheet.oddFooter.right.text
    assert "30 June 2025" in sheet.oddHeader.right.text


def _hostile_brief() -> Brief:
    part = SeriesBrief(
        "x", "<b>Land</b>", "A/HRC/RES/1/1", "Title <script>alert(1)</script>", dt.date(2020, 1, 1), [],
        [StatusCount("no_data", "No data", 3)], [StatusCount("met", "Met", 1)],
        [OverdueAsk("A/HRC/RES/1/1:OP2.1", "OP2.1", "Government", "do <img src=x onerror=alert(1)>",
                    dt.date(2021, 1, 1), "not_met", "Not met")], 0, 0,
        [KeyValue("i", "Name & <i>", "5", "2021-01-01", citations("javascript:alert(1) ; https://example.org/a"),
                  "Secondary")])
    return Brief("T", dt.date(2021, 6, 1), "en", [part])


def test_the_dashboard_brief_escapes_every_value_and_links_only_safe_addresses():
    page = brief_html(_hostile_brief(), {"no_data": "#ccc", "met": "#1a9850"})
    assert "<script>" not in page and "<img" not in page and "<b>Land" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="javascript' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert 'href="https://example.org/a"' in page and 'href="https://docs.un.org/en/A/HRC/RES/1/1"' in page
    assert "Overdue asks: 1" in page and "1 January 2021" in page


def test_the_dashboard_and_the_workbook_open_on_the_same_brief(country_workspaces):
    import re

    root = country_workspaces["both"]
    page = (root / "exports" / "2025-06-30" / "dashboard-2025-06-30.html").read_text(encoding="utf-8")
    import html

    block = html.unescape(page[page.index('id="brief"'):page.index('id="summary"')])
    book = openpyxl.load_workbook(root / "exports" / "2025-06-30" / "two-countries-2025-06-30.xlsx", read_only=True)
    cells = [str(c) for row in book["Brief"].iter_rows(values_only=True) for c in row if c is not None]
    for heading in [c for c in cells if c.startswith(("Asked of the State", "The Council's own acts"))]:
        assert heading in block  # the same counts, computed once
    assert len(re.findall(r'class="brief-series"', block)) == 2
    assert block.index("Central African Republic") < block.index("Haiti")

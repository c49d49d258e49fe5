"""References in a paragraph: document symbols, resolutions cited, dates, figures, time expressions."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import MONTH_NAME, MONTHS, end_of_month, parse_day_month_year

_ROOTS = r"(?:A|S|E|ST|CCPR|CRC|CEDAW|CERD|CAT|CRPD|CMW|CED|HRI|DP|TD|UNEP|FCCC|CBD|ICC)"
_SEGMENT = r"(?:[A-Z][A-Za-z]{0,7}(?:\.\d+)?|\d+(?:\.\d+)?)"
SYMBOL = rf"{_ROOTS}(?:/{_SEGMENT})+"
_SYMBOL_RE = re.compile(rf"(?<![\w/]){SYMBOL}(?![\w/])")

_RES_KEYWORD = re.compile(
    r"(?:(?P<owner>General Assembly|Security Council|Human Rights Council|Commission on Human Rights|"
    r"Economic and Social Council|its|Council|Assembly)\s+)?(?:resolutions?|decisions?)\b",
    re.IGNORECASE,
)
_SC_NUMBER = re.compile(r"(?<![\w/])(\d{2,4})\s*\(((?:19|20)\d\d)\)")
_SESSION_NUMBER = re.compile(r"(?<![\w/.\-])((?:S-)?\d{1,2})/(\d{1,3})(?![\w/])")
_OF_DATE = re.compile(rf"^\s*,?\s*of\s+(\d{{1,2}}\s+(?:{MONTH_NAME})\s+\d{{4}})", re.IGNORECASE)
_DATE = re.compile(rf"\b(\d{{1,2}})\s+({MONTH_NAME})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"(?<!\d\s)\b({MONTH_NAME})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_FIGURE = re.compile(
    r"(?P<qualifier>\b(?:more than|over|at least|about|around|approximately|nearly|almost|some|up to)\s+)?"
    r"(?<![\w/.,])(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\w/]|,\d{3}|\.\d)"
    r"(?P<percent>\s*(?:per cent|percent|%))?",
    re.IGNORECASE,
)
@dataclass
class Reference:
    type: str  # symbol | resolution | date | figure | time
    text: str
    value: str
    start: int
    end: int
    date: dt.date | None = None
    precision: str | None = None  # day | month | quarter | year
    detail: dict = field(default_factory=dict)


def find_symbols(text: str) -> list[Reference]:
    found = []
    for match in _SYMBOL_RE.finditer(text):
        value = match.group(0).rstrip(".")
        if not re.search(r"\d", value) or value.count("/") < 1:
            continue
        found.append(Reference("symbol", value, value, match.start(), match.start() + len(value)))
    return found


def _owner_before(text: str, position: int, own_body: str | None) -> tuple[str | None, bool]:
    """Which body's resolution a number is, from the nearest 'resolution' keyword before it."""
    window_start = max(0, position - 400)
    window = text[window_start:position]
    cut = max(window.rfind(";"), window.rfind(". "))
    if cut != -1:
        window = window[cut + 1:]
    keywords = list(_RES_KEYWORD.finditer(window))
    if not keywords:
        return None, False
    owner = (keywords[-1].group("owner") or "").lower()
    if owner == "general assembly" or owner == "assembly" and own_body == "GA":
        return "GA", True
    if owner == "security council" or owner == "council" and own_body == "SC":
        return "SC", True
    if owner == "human rights council" or owner == "council" and own_body == "HRC":
        return "HRC", True
    if owner == "commission on human rights":
        return "CHR", True
    if owner == "economic and social council":
        return "ECOSOC", True
    return own_body, True


def resolution_symbol(body: str | None, session: str, number: str) -> str:
    if body == "HRC":
        return f"A/HRC/RES/{session}/{number}"
    if body == "CHR":
        return f"E/CN.4/RES/{session}/{number}"
    if body == "ECOSOC":
        return f"E/RES/{session}/{number}"
    return f"A/RES/{session}/{number}"


def find_resolutions(text: str, own_body: str | None = None) -> list[Reference]:
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for match in _SC_NUMBER.finditer(text):
        owner, cited = _owner_before(text, match.start(), own_body)
        if not cited:
            continue
        value = f"S/RES/{match.group(1)} ({match.group(2)})"
        found.append(Reference("resolution", match.group(0), value, match.start(), match.end(),
                               detail={"body": "SC", "number": match.group(1), "year": int(match.group(2))}))
        taken.append((match.start(), match.end()))
    for match in _SESSION_NUMBER.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        owner, cited = _owner_before(text, match.start(), own_body)
        if not cited:
            continue
        body = owner if owner != "SC" else own_body
        session, number = match.group(1), match.group(2)
        detail = {"body": body, "session": session, "number": number}
        date_match = _OF_DATE.match(text[match.end():])
        reference = Reference("resolution", match.group(0), resolution_symbol(body, session, number),
                              match.start(), match.end(), detail=detail)
        if date_match:
            reference.date = parse_day_month_year(date_match.group(1))
            reference.precision = "day"
        found.append(reference)
    return sorted(found, key=lambda r: r.start)


def find_dates(text: str) -> list[Reference]:
    found = []
    for match in _DATE.finditer(text):
        try:
            day = dt.date(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
        except ValueError:
            continue
        found.append(Reference("date", match.group(0), day.isoformat(), match.start(), match.end(), day, "day"))
    spans = [(r.start, r.end) for r in found]
    for match in _MONTH_YEAR.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue
        month = MONTHS[match.group(1).lower()]
        last = end_of_month(int(match.group(2)), month)
        found.append(Reference("date", match.group(0), f"{last:%Y-%m}", match.start(), match.end(), last, "month"))
    return sorted(found, key=lambda r: r.start)


def find_figures(text: str, taken: list[tuple[int, int]]) -> list[Reference]:
    found = []
    for match in _FIGURE.finditer(text):
        start, end = match.start("number"), match.end("number")
        if any(a <= start < b for a, b in taken):
            continue
        raw = match.group("number")
        value = float(raw.replace(",", ""))
        is_grouped = "," in raw
        percent = bool(match.group("percent"))
        # Bare small numbers and years are ordinals, paragraph numbers or dates, not figures.
        if not is_grouped and not percent and (value < 10 or 1900 <= value <= 2100):
            continue
        if re.match(r"\s*(?:\(|st\b|nd\b|rd\b|th\b)", text[end:end + 3]):
            continue
        if re.search(r"(?:paragraphs?|para\.|resolutions?|No\.|vol\.|Goal|target|section|article|chap\.)\s*$",
                     text[max(0, start - 14):start], re.IGNORECASE):
            continue
        qualifier = (match.group("qualifier") or "").strip().lower() or "exact"
        found.append(Reference(
            "figure", text[match.start():match.end()].strip(), f"{value:g}" if value % 1 else str(int(value)),
            match.start(), match.end(),
            detail={"qualifier": qualifier, "unit": "percent" if percent else ""},
        ))
    return found


def find_time_expressions(text: str, adoption_date: dt.date | None = None, calendar=None,
                          body: str | None = None) -> list[Reference]:
    """Time expressions as dates (monitor.time_expressions, which builds on this module's Reference)."""
    from .time_expressions import find_time_expressions as find

    return find(text, adoption_date, calendar, body)


def find_references(text: str, *, own_body: str | None = None, adoption_date: dt.date | None = None,
                    calendar=None) -> list[Reference]:
    """Every reference in text, in order of appearance."""
    symbols = find_symbols(text)
    resolutions = find_resolutions(text, own_body)
    dates = find_dates(text)
    times = find_time_expressions(text, adoption_date, calendar, own_body)
    taken = [(r.start, r.end) for r in symbols + resolutions + dates]
    taken += [(r.start, r.end) for r in times if r.detail.get("kind") in ("quarter", "by_date", "month", "year")]
    figures = find_figures(text, taken)
    return sorted(symbols + resolutions + dates + figures + times, key=lambda r: (r.start, r.type))

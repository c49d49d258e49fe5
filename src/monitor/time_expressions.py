"""Time expressions in a paragraph, English and French, as dates: sessions, periods, quarters, "by 2033"."""

from __future__ import annotations

import datetime as dt
import re

from .dates import MONTH_NAME, MONTHS, MONTHS_FR, add_months, end_of_month, parse_day_month_year
from .ordinals import (CARDINAL_WORD, CARDINAL_WORD_FR, ORDINAL_WORD, ORDINAL_WORD_FR, cardinal_value,
                       french_cardinal_value, french_ordinal_value, ordinal_value)
from .references import Reference

_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4,
             "premier": 1, "deuxième": 2, "second": 2, "troisième": 3, "quatrième": 4, "dernier": 4}
_UNITS = {"year": "year", "years": "year", "month": "month", "months": "month", "day": "day", "days": "day",
          "an": "year", "ans": "year", "année": "year", "années": "year", "mois": "month", "jour": "day",
          "jours": "day"}
_MONTH_FR = "|".join(sorted(MONTHS_FR, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_EN_DAY = rf"\d{{1,2}}\s+(?:{MONTH_NAME})\s+{_YEAR}|(?:{MONTH_NAME})\s+{_YEAR}|{_YEAR}"
_FR_DAY = rf"\d{{1,2}}(?:er)?\s+(?:{_MONTH_FR})\s+{_YEAR}|(?:{_MONTH_FR})\s+{_YEAR}|{_YEAR}"
_EN_N = rf"{CARDINAL_WORD}|\d+|an?"
_FR_N = rf"{CARDINAL_WORD_FR}|\d+"
_FR_OF = r"(?:de\s+|d[’']\s*)"

# A session is due by its last day ("at its sixtieth session") or by its opening ("before its sixtieth
# session"): the relation word decides which day of the calendar the reference takes.
_OPENING_RELATIONS = re.compile(r"^(?:before|by|no later than|not later than|prior to|ahead of|until|"
                                r"d[’']ici|avant|au plus tard|jusqu)", re.IGNORECASE)
_OTHER_BODY = re.compile(r"(?:General\s+Assembly|Assemblée\s+générale|Security\s+Council|Conseil\s+de\s+sécurité)"
                         r"\s*,?\s*$", re.IGNORECASE)

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("quarter", re.compile(rf"\b(?:in|by|before|during)\s+(?:the\s+end\s+of\s+)?the\s+(first|second|third|fourth|last)"
                           rf"\s+quarter\s+of\s+({_YEAR})\b", re.I)),
    ("quarter", re.compile(rf"\b(?:au|d[’']ici\s+(?:au|à\s+la\s+fin\s+du)|avant\s+(?:le|la\s+fin\s+du)|pendant\s+le|"
                           rf"au\s+cours\s+du)\s+(premier|deuxième|second|troisième|quatrième|dernier)\s+trimestre\s+"
                           rf"(?:{_FR_OF})?({_YEAR})\b", re.I)),
    ("session", re.compile(rf"\b(at|during|to|for|before|by|no later than|not later than|prior to|ahead of|until)\s+"
                           rf"(?:its|the)\s+({ORDINAL_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:regular\s+)?session"
                           rf"(\s+of\s+the\s+(?:General\s+Assembly|Security\s+Council))?\b", re.I)),
    ("session", re.compile(rf"\b(d[’']ici\s+(?:à\s+)?|avant\s+|au\s+plus\s+tard\s+(?:à\s+|lors\s+de\s+)|jusqu[’']à\s+|"
                           rf"à\s+|lors\s+de\s+|pendant\s+|durant\s+|au\s+cours\s+de\s+)(?:sa|la)\s+"
                           rf"({ORDINAL_WORD_FR}|\d{{1,3}}\s*e)\s+session(\s+de\s+l[’']Assemblée\s+générale)?\b", re.I)),
    ("period", re.compile(rf"\bfor\s+an?\s+(?:(?:further|renewable|additional|new)\s+)*period\s+of\s+({_EN_N})\s+"
                          rf"(years?|months?)\b", re.I)),
    ("period", re.compile(rf"\bfor\s+a\s+further\s+({_EN_N})\s+(years?|months?)\b", re.I)),
    # "Decides to renew, for one year, the mandate": a bare "for one year" only as such an aside
    ("period", re.compile(rf"(?<=,\s)for\s+({_EN_N})\s+(years?|months?)(?=\s*,)", re.I)),
    ("period", re.compile(rf"\bpour\s+une\s+(?:(?:nouvelle|autre)\s+)?période\s+(?:renouvelable\s+)?{_FR_OF}"
                          rf"({_FR_N})\s+(ans?|années?|mois)\b", re.I)),
    ("period", re.compile(rf"(?<=,\s)pour\s+({_FR_N})\s+(ans?|années?|mois)(?=\s*,)", re.I)),
    # "Decides to extend the mandate of ... for one year", "Décide de proroger d'un an le mandat": the span is the period
    ("period", re.compile(rf"\b(?:extend|renew|prolong)\w*\b[^;,]{{0,160}}?\b(?P<span>for\s+({_EN_N})\s+"
                          rf"(?:further\s+)?(years?|months?))\b", re.I)),
    ("period", re.compile(rf"\b(?:prorog|prolong|renouvel|reconduir)\w*\s+(?P<span>(?:pour\s+)?{_FR_OF}({_FR_N})\s+"
                          rf"(ans?|années?|mois))\b", re.I)),
    ("within", re.compile(rf"\bwithin\s+(?:a\s+period\s+of\s+)?({_EN_N})\s+(days?|months?|years?)\b", re.I)),
    ("within", re.compile(rf"\bdans\s+un\s+délai\s+{_FR_OF}({_FR_N})\s+(jours?|mois|ans?)\b", re.I)),
    ("recurring", re.compile(rf"\bevery\s+({CARDINAL_WORD}|\d+)?\s?(days?|weeks?|months?|years?)\b|"
                             r"\b(annually|biennially|on an annual basis)\b", re.I)),
    ("recurring", re.compile(r"\b(?:chaque\s+année|tous\s+les\s+ans|annuellement|tous\s+les\s+deux\s+ans)\b", re.I)),
    ("by_date", re.compile(rf"\b(no later than|not later than|by|before|until|ending on|ending|prior to)\s+"
                           rf"(?:the\s+end\s+of\s+)?({_EN_DAY})\b", re.I)),
    ("by_date", re.compile(rf"\b(d[’']ici\s+(?:à\s+)?(?:la\s+fin\s+{_FR_OF})?|avant\s+(?:le\s+|la\s+fin\s+{_FR_OF})?|"
                           rf"au\s+plus\s+tard\s+(?:le\s+|en\s+)?|jusqu[’'](?:au|en|à\s+la\s+fin\s+{_FR_OF})\s*)"
                           rf"({_FR_DAY})\b", re.I)),
    # "elections scheduled for December 2025": a month named with "in" or "for" (whose it is, deadlines decide)
    ("month", re.compile(rf"\b(in|for|during)\s+(?:the\s+month\s+of\s+)?((?:{MONTH_NAME})\s+{_YEAR})\b", re.I)),
    ("month", re.compile(rf"\b(en|pour|au\s+mois\s+de)\s+((?:{_MONTH_FR})\s+{_YEAR})\b", re.I)),
    ("year", re.compile(rf"(?<!of )\bin\s+({_YEAR})\b(?![–-]\d)", re.I)),
    ("year", re.compile(rf"(?<!de )\ben\s+({_YEAR})\b(?![–-]\d)", re.I)),
]


def find_time_expressions(text: str, adoption_date: dt.date | None = None, calendar=None,
                          body: str | None = None) -> list[Reference]:
    found: list[Reference] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        span = "span" if "span" in pattern.groupindex else 0  # a pattern may read more than the expression it names
        for match in pattern.finditer(text):
            start, end = match.start(span), match.end(span)
            if any(a <= start < b or a < end <= b for a, b in taken):
                continue
            reference = _time_reference(kind, match, text, adoption_date, calendar, body)
            if reference:
                found.append(reference)
                taken.append((start, end))
    return sorted(found, key=lambda r: r.start)


def _count(word: str) -> int | None:
    word = word.strip().lower()
    if word in ("a", "an"):
        return 1
    return cardinal_value(word) if cardinal_value(word) is not None else french_cardinal_value(word)


def _month_date(target: str) -> tuple[dt.date, str] | None:
    """'15 August 2020' (day), 'août 2020' (month, its last day) or '2033' (year, its last day)."""
    day = parse_day_month_year(re.sub(r"(\d)er\b", r"\1", target))
    if day:
        return day, "day"
    if re.fullmatch(r"\d{4}", target):
        return dt.date(int(target), 12, 31), "year"
    name, year = target.rsplit(None, 1)
    month = MONTHS.get(name.lower()) or MONTHS_FR.get(name.lower())
    return (end_of_month(int(year), month), "month") if month else None


def _time_reference(kind, match, text, adoption_date, calendar, body) -> Reference | None:
    span = "span" if "span" in match.re.groupindex else 0
    ref = Reference("time", match.group(span), kind, match.start(span), match.end(span), detail={"kind": kind})
    if kind == "quarter":
        quarter, year = _QUARTERS[match.group(1).lower()], int(match.group(2))
        ref.date = end_of_month(year, quarter * 3)
        ref.precision = "quarter"
        ref.detail["starts"] = dt.date(year, quarter * 3 - 2, 1).isoformat()
        ref.value = f"{year}-Q{quarter}"
    elif kind == "session":
        _session(ref, match, text, calendar, body)
    elif kind in ("period", "within"):
        number, unit = match.groups()[-2:]  # the last two groups: after the span, where a pattern has one
        count = _count(number)
        unit = _UNITS.get(unit.lower(), "year")
        ref.value = f"{count} {unit}{'s' if count != 1 else ''}"
        if adoption_date and count:
            if unit == "day":
                ref.date = adoption_date + dt.timedelta(days=count)
            else:
                ref.date = add_months(adoption_date, 12 * count if unit == "year" else count)
            ref.precision = "day"
            ref.detail["from"] = adoption_date.isoformat()
    elif kind == "recurring":
        ref.value = re.sub(r"\s+", " ", match.group(0).lower())
    elif kind in ("by_date", "month"):
        ref.detail["relation"] = re.sub(r"\s+", " ", match.group(1).lower()).strip()
        when = _month_date(match.group(2))
        if when is None:
            return None
        ref.date, ref.precision = when
        ref.value = ref.date.isoformat()
    elif kind == "year":
        year = int(match.group(1))
        ref.date, ref.precision, ref.value = dt.date(year, 12, 31), "year", str(year)
    if ref.date and adoption_date:
        ref.detail["after_adoption"] = ref.date > adoption_date
    return ref


def _session(ref: Reference, match, text: str, calendar, body) -> None:
    """A session's date: its opening day for "before"/"by"/"d'ici à", else its last day."""
    relation = re.sub(r"\s+", " ", match.group(1).lower()).strip()
    number = match.group(2)
    session = ordinal_value(number) or french_ordinal_value(number)
    ref.value = f"session {session}"
    ref.detail["session"] = session
    ref.detail["relation"] = relation
    bound = "opening" if _OPENING_RELATIONS.match(relation) else "end"
    ref.detail["bound"] = bound
    # "to the General Assembly at its eightieth session", "the seventy-ninth session of the General Assembly"
    other = match.group(3) or _OTHER_BODY.search(text[max(0, match.start() - 40):match.start()])
    if other:
        ref.detail["body"] = "other"
        return
    if calendar is None or body not in (None, "HRC") or not session:
        return
    when = calendar.opening_of(session) if bound == "opening" else calendar.end_of(session)
    if when:
        ref.date, ref.precision = when.date, when.precision
        ref.detail["date_source"] = when.source
        ref.detail["confidence"] = when.confidence

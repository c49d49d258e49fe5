"""Citations: a recorded source split into its parts, each with a short label and, where safe, a link."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# "A/HRC/RES/46/28", "S/2020/1281, paras 2-3", "S/RES/2690 (2023), preamble": a symbol, then what is cited in it
_SYMBOL = re.compile(r"^(?P<symbol>(?:A|S|E|ST|CCPR|CERD|CRC|CEDAW|CAT|CRPD|CMW|CED|HRI|TD|UNEP|DP)"
                     r"(?:/[A-Za-z0-9.\-]+)+(?: ?\(\d{4}\))?)(?P<rest>[,;:]?.*)$")
_UN_DOCUMENTS = "https://docs.un.org/{lang}/{symbol}"
MAX_URL = 2079  # Excel's longest hyperlink; a longer address stays text
_SEPARATOR = re.compile(r"\s+;\s+|\s*\n\s*")


@dataclass(frozen=True)
class Citation:
    text: str  # the part as recorded
    label: str  # what a reader sees: the site, or the symbol and what is cited in it
    url: str | None  # only http(s) addresses and UN symbols become links


def _site(url: str) -> str | None:
    """The site an http(s) address points to ('www.rfi.fr/...' -> 'rfi.fr'), or None when it is not one."""
    if any(ch.isspace() or ch in "\"'<>\\`" for ch in url) or len(url) > MAX_URL:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname
    return host[4:] if host.startswith("www.") else host


def citation(part: str, lang: str = "en") -> Citation:
    """One source as a reader sees it: an address becomes its site, a UN symbol a link to the UN's document system."""
    part = part.strip()
    site = _site(part)
    if site:
        return Citation(part, site, part)
    match = _SYMBOL.match(part)
    if match:
        symbol = match.group("symbol")
        path = quote(symbol.replace(" ", ""), safe="/()")
        return Citation(part, part, _UN_DOCUMENTS.format(lang=lang if lang in ("en", "fr") else "en", symbol=path))
    return Citation(part, part, None)


def citations(source, lang: str = "en") -> list[Citation]:
    """Every part of a recorded source ("a ; b" holds two), in order; [] when there is none."""
    if not isinstance(source, str) or not source.strip() or source.strip().lower() in ("nan", "none"):
        return []
    return [citation(part, lang) for part in _SEPARATOR.split(source.strip()) if part.strip()]


def short_label(source, lang: str = "en") -> str | None:
    """The parts' labels joined ('rfi.fr; tellerreport.com'), or None when there is no source."""
    found = citations(source, lang)
    return "; ".join(c.label for c in found) if found else None


def first_link(source, lang: str = "en") -> str | None:
    """The first part's link (a cell holds one hyperlink), or None."""
    return next((c.url for c in citations(source, lang) if c.url), None)

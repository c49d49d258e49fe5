"""Resolution metadata from the lines around the paragraphs and any front matter."""

from __future__ import annotations

import datetime as dt
import re

from ..dates import parse_day_month_year
from ..ordinals import ORDINAL_WORD, ordinal_value
from .model import Line, Resolution

_SYMBOL_LINE = re.compile(r"^(A/HRC/RES/[\w./-]+|A/RES/[\w./-]+|S/RES/\d+\s*\(\d{4}\))$")
_NUMBER_TITLE = re.compile(r"^(?:Resolution\s+)?((?:S-)?\d{1,2}/\d{1,3})\.?\s+(\S.+)$")
_SESSION = re.compile(rf"\b({ORDINAL_WORD}|\d{{1,3}}(?:st|nd|rd|th))\s+(?:special\s+)?session\b", re.IGNORECASE)
# the French texts say "Point 10 de l'ordre du jour", "Original : anglais", "55e séance", "le 4 avril 2024"
_AGENDA = re.compile(r"\b(?:Agenda items?\s+|Points?\s+)(\d{1,3}(?:\s*\([a-z]\))?)(?:\s+de l['’]ordre du jour)?",
                     re.IGNORECASE)
_ADOPTED_ON = re.compile(r"(?:Resolution adopted by the [\w ]+? on|Résolution adoptée par l[ea']?\s?[\w'’ ]+? le)"
                         r" (\d{1,2}(?:er)? \w+ \d{4})", re.IGNORECASE)
_ORIGINAL = re.compile(r"\bOriginal\s?:\s*([A-Za-zéç]+)")
_MEETING = re.compile(r"\b(\d{1,4}(?:st|nd|rd|th|e|re))\s+((?:plenary\s+)?meeting|séance(?:\s+plénière)?)(?!\w)",
                      re.IGNORECASE)
_WITHOUT_VOTE = re.compile(r"\b(?:adopted\s+)?without a vote\b|\bsans vote\b|\bsans (?:la )?mettre aux voix\b",
                           re.IGNORECASE)
_RECORDED = re.compile(
    r"\b(?:recorded\s+)?vote of (\d+) to (\d+)(?:,? with (\d+|no) abstentions?)?"
    r"|\b(\d+) voix contre (\d+)(?:,? avec (\d+|aucune) abstentions?)?", re.IGNORECASE
)
_CONSENSUS = re.compile(r"\badopted by consensus\b|\badoptée? par consensus\b", re.IGNORECASE)


def _joined(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


def fill_metadata(resolution: Resolution, header: list[Line], trailer: list[Line],
                  front_matter: dict, body: str | None, bodies: dict[str, str]) -> None:
    """Set the metadata fields of resolution from what the text states."""
    head = _joined(header)
    tail = _joined(trailer)
    resolution.body = body or _body_from_header(head)
    session_match = _SESSION.search(head)
    if session_match:
        resolution.session = ordinal_value(session_match.group(1))
    for position, line in enumerate(header):
        titled = _NUMBER_TITLE.match(line.text)
        if titled and not resolution.number:
            resolution.number = titled.group(1)
            resolution.title = _wrapped_title(titled.group(2), header[position + 1:])
        symbol = _SYMBOL_LINE.match(line.text.strip())
        if symbol and not resolution.symbol:
            resolution.symbol = symbol.group(1)
    fm_symbol = str(front_matter.get("symbol") or "").strip()
    if fm_symbol and not resolution.symbol:
        resolution.symbol = fm_symbol
    fm_title = str(front_matter.get("title") or "").strip().rstrip(" :")
    if fm_title and (not resolution.title or (fm_title.startswith(resolution.title) and len(fm_title) > len(resolution.title))):
        resolution.title = fm_title
    if not resolution.symbol and resolution.number and resolution.body in bodies:
        session, number = resolution.number.split("/", 1)
        resolution.symbol = bodies[resolution.body].format(session=session, number=number, year="")
    if resolution.number is None and resolution.symbol:
        found = re.search(r"RES/((?:S-)?\d+/\d+)$", resolution.symbol)
        if found:
            resolution.number = found.group(1)
    if resolution.session is None and resolution.number and "/" in resolution.number:
        session = resolution.number.split("/")[0]
        if session.isdigit():
            resolution.session = int(session)
    agenda = _AGENDA.search(head)
    if agenda:
        resolution.agenda_item = re.sub(r"\s+", " ", agenda.group(1))
    distr = re.search(r"Distr\.?:?\s*\w+", head)
    if distr:
        resolution.distribution_date = parse_day_month_year(head[distr.end():distr.end() + 80])
    original = _ORIGINAL.search(head)
    if original:
        resolution.original_language = original.group(1)
    adopted = _ADOPTED_ON.search(head.replace("\n", " "))
    if adopted:
        resolution.adoption_date = parse_day_month_year(adopted.group(1))
    meeting = _MEETING.search(tail)
    if meeting:
        resolution.meeting = f"{meeting.group(1)} {meeting.group(2).lower()}"
        if resolution.adoption_date is None:
            resolution.adoption_date = parse_day_month_year(tail[meeting.end():meeting.end() + 60])
    recorded = _RECORDED.search(tail)
    if recorded:
        counts = recorded.groups()[:3] if recorded.group(1) else recorded.groups()[3:]
        resolution.votes_for, resolution.votes_against = int(counts[0]), int(counts[1])
        abstentions = counts[2]
        resolution.abstentions = 0 if abstentions in (None, "no", "aucune") else int(abstentions)
        resolution.vote = (f"recorded vote: {resolution.votes_for} in favour, {resolution.votes_against} against, "
                           f"{resolution.abstentions} abstentions")
    elif _WITHOUT_VOTE.search(tail):
        resolution.vote = "without a vote"
    elif _CONSENSUS.search(tail):
        resolution.vote = "by consensus"


def _wrapped_title(first: str, following: list[Line]) -> str:
    """A title wrapped over several lines: its first line and those that follow it without a gap."""
    parts = [first.strip()]
    for line in following:
        if line.blank_before or _SYMBOL_LINE.match(line.text.strip()) or len(parts) >= 4:
            break
        parts.append(line.text.strip())
    return " ".join(parts)


def _body_from_header(head: str) -> str | None:
    lowered = head.lower()
    for name, code in (("human rights council", "HRC"), ("security council", "SC"), ("general assembly", "GA")):
        if name in lowered:
            return code
    return None


def describe(resolution: Resolution) -> dict:
    """Metadata as a flat record (dates as ISO strings)."""
    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "resolution_id": resolution.resolution_id,
        "symbol": resolution.symbol,
        "body": resolution.body,
        "session": resolution.session,
        "number": resolution.number,
        "title": resolution.title,
        "agenda_item": resolution.agenda_item,
        "distribution_date": iso(resolution.distribution_date),
        "original_language": resolution.original_language,
        "adoption_date": iso(resolution.adoption_date),
        "meeting": resolution.meeting,
        "vote": resolution.vote,
        "votes_for": resolution.votes_for,
        "votes_against": resolution.votes_against,
        "abstentions": resolution.abstentions,
        "language": resolution.language,
        "source_format": resolution.source_format,
        "preambular_paragraphs": len(resolution.preambular()),
        "operative_paragraphs": len(resolution.operative()),
        "footnotes": len(resolution.footnotes),
        "draft_symbol": resolution.draft_symbol,
        "sponsors": "; ".join(resolution.sponsors),
        "subjects": "; ".join(resolution.subjects),
        "country": resolution.country,
        "country_fr": resolution.country_fr,
    }

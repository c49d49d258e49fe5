"""Page furniture that is not content: job numbers, barcodes, page numbers, running headers."""

from __future__ import annotations

import re

from ..references import SYMBOL

_JOB_NUMBER = re.compile(r"^(?:GE\.)?\d{2}-\d{4,6}(?:\s*\([A-Z]\))?(?:\s+\d{6}(?:\s+\d{6})?)?$")
# "*2405525*"; markdown clean-up may have taken the stars off already
_BARCODE = re.compile(r"^\*?\s?\d{7,8}\s?\*?$")
_RECYCLE = re.compile(r"^(?:Please recycle|Merci de recycler)\W*$", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_PAGE_NUMBER = re.compile(r"^(?:\d{1,3}\s*/\s*\d{1,3}|-\s*\d{1,3}\s*-|page \d+(?: of \d+)?)$", re.IGNORECASE)
_DISTRIBUTION = re.compile(r"^(?:United Nations|Nations Unies|Distr\.?:?\s*\w+.*|Original:\s*\w+|English|French|Anglais|Français)$", re.IGNORECASE)
_SYMBOL_LINE = re.compile(rf"^{SYMBOL}$")
_FOOTNOTE_RULE = re.compile(r"^_{5,}$")
_WHITESPACE = re.compile(r"\s+")


def is_furniture(text: str, running_titles: tuple[str, ...] = ()) -> bool:
    """True for a line that belongs to the page, not to the resolution's text."""
    line = text.strip()
    if not line:
        return True
    if _JOB_NUMBER.match(line) or _BARCODE.match(line) or _PAGE_NUMBER.match(line) or _RECYCLE.match(line):
        return True
    if _SYMBOL_LINE.match(line) and " " not in line:
        return True
    if _DISTRIBUTION.match(line) and len(line) < 40:
        return True
    if running_titles:
        folded = _fold(line)
        for title in running_titles:
            if len(folded) >= 20 and title.startswith(folded):
                return True
    return False


def drop_furniture(lines: list, running_titles: tuple[str, ...] = (), opens=lambda text: False) -> list:
    """Lines without page furniture; a bare page number goes too when furniture is next to it.

    A page number alone ("2") is told from a paragraph number without a full stop by its
    neighbours: the job number, the document symbol or a running title of the same page
    break, and no paragraph opening right after it (`opens`: "27" then "Invites ...").
    """
    furniture = [is_furniture(line.text, running_titles) for line in lines]
    kept = []
    for index, line in enumerate(lines):
        if furniture[index]:
            continue
        if _BARE_NUMBER.match(line.text.strip()) and any(
                furniture[i] for i in (index - 1, index + 1) if 0 <= i < len(lines)):
            # a paragraph's own number comes right before its text; furniture between them says page
            following = lines[index + 1] if index + 1 < len(lines) and not furniture[index + 1] else None
            if following is None or not opens(following.text):
                continue
        kept.append(line)
    return kept


def is_footnote_rule(text: str) -> bool:
    return bool(_FOOTNOTE_RULE.match(text.strip()))


def _fold(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip().rstrip(":").strip().lower()


def running_titles(*titles: str | None) -> tuple[str, ...]:
    return tuple(_fold(t) for t in titles if t and len(t) >= 20)

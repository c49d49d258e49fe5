"""What a paragraph asks: a report or dialogue (reporting), the Council's own decision, an action, or nothing."""

from __future__ import annotations

import re

from .verbs import VerbUse

ASK_STRENGTH = 2  # encourages, invites, recommends and above ask something

# A report asked for is a verb of handing over, in the infinitive, with a report as its object, not a report
# merely named ("to implement the recommendations contained in the report" asks for none). Between the verb
# and the report may stand its recipient and one aside: "to provide to the Council, within the framework of
# an interactive dialogue ..., an interim report".
_GAP = r"(?:\s*,[^,;]{0,200},\s*|\s+)"
_EN_INFINITIVE = r"\bto\s+(?:(?:continue\s+to|also|further|\w+\s+and)\s+)?"
_EN_TO = r"(?:\s+to\s+(?:the\s+)?(?:Human\s+Rights\s+Council|Council|General\s+Assembly|it|them))?"
_EN_REPORT = r"(?:(?:an?|the|its|his|her|their)\s+)?(?:[\w-]+\s+){0,3}?(?:reports?|updates?|briefings?)\b"
_FR_INFINITIVE = r"\b(?:de|d[’']|à)\s*(?:lui\s+|leur\s+)?(?:continuer\s+(?:à|de)\s+)?"
_FR_TO = r"(?:\s+(?:au\s+Conseil(?:\s+des\s+droits\s+de\s+l[’']homme)?|à\s+l[’']Assemblée\s+générale))?"
_FR_REPORT = (r"(?:(?:un|une|le|la|les|son|sa|ses|leur)\s+)?(?:[\w’'-]+\s+){0,3}?"
              r"(?:rapports?|mises?\s+à\s+jour|exposés?|comptes?\s+rendus?|informations\s+actualisées|bilan)\b")
# The Council's own dialogues: interactive, enhanced or high-level, or "a dialogue at its Nth session";
# a national or inclusive dialogue the authorities are asked to hold is an action
_EN_DIALOGUE = r"(?:(?:an?\s+)?(?:(?:enhanced\s+)?interactive|high-level)\s+dialogue|a\s+dialogue\s+(?:at|during)\s+its)\b"
_FR_DIALOGUE = r"(?:un\s+dialogue\s+(?:interactif|de\s+haut\s+niveau)|un\s+dialogue\s+(?:à|lors\s+de)\s+sa)\b"
_PATTERNS = (
    # English
    rf"{_EN_INFINITIVE}(?:submit|present|provide|give|deliver|transmit|prepare){_EN_TO}{_GAP}{_EN_REPORT}",
    r"\bto\s+(?:continue\s+to\s+)?report\s+(?:to|on|back|regularly|annually|orally|in\s+writing)\b",
    r"\breporting\s+to\s+the\s+(?:Human\s+Rights\s+Council|Council|General\s+Assembly)\b",
    rf"\b(?:hold|convene|organize|organise){_GAP}{_EN_DIALOGUE}",
    r"\b(?:hold|convene)\s+(?:at|during)\s+its\s+[\w-]+\s+session\s+an?\s+(?:[\w-]+\s+){0,2}?dialogue\b",
    r"\b(?:followed\s+by|framework\s+of)\s+an?\s+(?:enhanced\s+)?interactive\s+dialogue\b",
    r"\bkeep\s+the\s+(?:Human\s+Rights\s+)?Council\s+(?:\w+\s+)?informed\b",
    r"\bbrief\s+the\s+(?:Human\s+Rights\s+)?Council\b",
    # French
    rf"{_FR_INFINITIVE}(?:présenter|soumettre|fournir|remettre|transmettre|faire){_FR_TO}{_GAP}{_FR_REPORT}",
    rf"{_FR_INFINITIVE}faire\s+(?:oralement\s+)?(?:rapport|le\s+point)\b",
    r"\bfaire\s+rapport\s+(?:au\s+Conseil|à\s+l[’']Assemblée)\b",
    r"\brendre\s+compte\s+(?:au\s+Conseil|à\s+l[’']Assemblée)\b",
    rf"\b(?:tenir|convoquer|organiser){_GAP}{_FR_DIALOGUE}",
    r"\b(?:tenir|convoquer)\s+(?:à|lors\s+de)\s+sa\s+[\w’'-]+(?:\s+et\s+[\w’'-]+)?\s+session\s+un\s+dialogue\b",
    r"\b(?:suivie?s?\s+d[’']un|cadre\s+d[’']un)\s+dialogue\s+(?:interactif|de\s+haut\s+niveau)\b",
    r"\btenir\s+(?:le\s+)?Conseil\s+(?:\w+\s+)?informé\b",
)
REPORTING = re.compile("|".join(_PATTERNS), re.IGNORECASE)


def clause_text(text: str, uses: list[VerbUse], index: int) -> str:
    """The clause of uses[index]: from its verb to the next clause's verb."""
    stop = uses[index + 1].start if index + 1 < len(uses) else len(text)
    return text[uses[index].start:stop]


def asks_for_report(text: str, uses: list[VerbUse]) -> bool:
    """Whether a clause that asks something (or the Council's decision) asks for a report or a dialogue."""
    return any(use.strength >= ASK_STRENGTH and REPORTING.search(clause_text(text, uses, index))
               for index, use in enumerate(uses))


def paragraph_kind(text: str, uses: list[VerbUse], opening: VerbUse | None) -> str:
    """reporting, decision (the Council decides for itself), action (an ask of strength 2 or more), position."""
    if asks_for_report(text, uses):
        return "reporting"
    if opening and opening.lemma == "decide":
        return "decision"
    strongest = max([u.strength for u in uses] + [opening.strength if opening else 1])
    return "action" if strongest >= ASK_STRENGTH else "position"

"""The language a resolution's text is written in: English or French, from its own words."""

from __future__ import annotations

import re

# Words that are frequent in one language and rare in the other; a resolution has hundreds.
_MARKERS = {
    "en": {"the", "of", "and", "to", "in", "its", "that", "with", "for", "on", "by", "all", "human", "rights"},
    "fr": {"le", "la", "les", "des", "du", "de", "et", "à", "aux", "en", "sur", "ses", "droits", "l'homme"},
}
_NAMES = {
    "en": "en", "eng": "en", "english": "en", "anglais": "en",
    "fr": "fr", "fra": "fr", "fre": "fr", "french": "fr", "français": "fr", "francais": "fr",
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def detect_language(text: str) -> str:
    """'fr' when French function words outnumber English ones, else 'en' (the default)."""
    counts = dict.fromkeys(_MARKERS, 0)
    for word in _WORD.findall(text[:20000].lower().replace("’", "'")):
        for language, words in _MARKERS.items():
            counts[language] += word in words
    return "fr" if counts["fr"] > counts["en"] else "en"


def language_code(value) -> str | None:
    """'fr' for 'fr', 'FR', 'fra', 'French', 'français'; None for what names no language."""
    if value is None:
        return None
    code = str(value).strip().lower()
    return _NAMES.get(code) or _NAMES.get(code.split("-")[0].split("_")[0])

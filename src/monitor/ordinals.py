"""English and French number words and ordinals ("forty-ninth" -> 49)."""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19,
}
_ORDINAL_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}

ORDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-)?"
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)"
    r"|(?:twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth|eightieth|ninetieth)"
    r"|hundredth"
)
CARDINAL_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?)"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen"
)


def ordinal_value(word: str) -> int | None:
    """Value of an ordinal word or numeral: 'forty-ninth' -> 49, '51st' -> 51."""
    word = word.strip().lower()
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", word)
    if match:
        return int(match.group(1))
    if word == "hundredth":
        return 100
    if word in _ORDINAL_UNITS:
        return _ORDINAL_UNITS[word]
    if word in _ORDINAL_TENS:
        return _ORDINAL_TENS[word]
    if "-" in word:
        tens, unit = word.split("-", 1)
        if tens in _TENS and unit in _ORDINAL_UNITS:
            return _TENS[tens] + _ORDINAL_UNITS[unit]
    return None


def cardinal_value(word: str) -> int | None:
    """Value of a cardinal word or numeral: 'eleven' -> 11, 'twenty-two' -> 22, '12' -> 12."""
    word = word.strip().lower().replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _UNITS:
        return _UNITS[word]
    if word in _TENS:
        return _TENS[word]
    if "-" in word:
        tens, unit = word.split("-", 1)
        if tens in _TENS and unit in _UNITS:
            return _TENS[tens] + _UNITS[unit]
    return None


# French: "cinquante-huitième", "soixante et unième", "quatre-vingt-dixième"; cardinals "un", "cinq", "soixante-dix"
_FR_UNITS = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
    "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "cent": 100,
}
# the ordinal suffix replaces a cardinal's last letters: cinq -> cinquième, neuf -> neuvième, un -> unième
_FR_ORDINAL_STEMS = {
    "unième": "un", "deuxième": "deux", "troisième": "trois", "quatrième": "quatre", "cinquième": "cinq",
    "sixième": "six", "septième": "sept", "huitième": "huit", "neuvième": "neuf", "dixième": "dix",
    "onzième": "onze", "douzième": "douze", "treizième": "treize", "quatorzième": "quatorze",
    "quinzième": "quinze", "seizième": "seize", "vingtième": "vingt", "trentième": "trente",
    "quarantième": "quarante", "cinquantième": "cinquante", "soixantième": "soixante", "centième": "cent",
}
_FR_CARDINAL_TOKEN = "|".join(sorted(_FR_UNITS, key=len, reverse=True))
_FR_JOIN = r"(?:-et-|\s+et\s+|-)"
CARDINAL_WORD_FR = rf"(?:{_FR_CARDINAL_TOKEN})(?:{_FR_JOIN}(?:{_FR_CARDINAL_TOKEN}))*"
ORDINAL_WORD_FR = (
    rf"(?:(?:{_FR_CARDINAL_TOKEN}){_FR_JOIN})*(?:{'|'.join(sorted(_FR_ORDINAL_STEMS, key=len, reverse=True))})"
    r"|premi[eè]re?|seconde?"
)


def french_cardinal_value(word: str) -> int | None:
    """Value of a French cardinal: 'cinq' -> 5, 'soixante et onze' -> 71, 'quatre-vingt-dix' -> 90, '12' -> 12."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    tokens = [t for t in re.split(r"[\s-]+", word) if t and t != "et"]
    if not tokens or any(t not in _FR_UNITS for t in tokens):
        return None
    value, previous = 0, None
    for token in tokens:
        if token in ("vingt", "vingts") and previous == "quatre":
            value += 80 - 4  # quatre-vingt: four twenties
        elif token == "cent":
            value = max(value, 1) * 100
        else:
            value += _FR_UNITS[token]
        previous = token
    return value


def french_ordinal_value(word: str) -> int | None:
    """Value of a French ordinal or numeral: 'cinquante-huitième' -> 58, 'soixante et unième' -> 61, '60e' -> 60."""
    word = word.strip().lower()
    match = re.fullmatch(r"(\d+)\s*(?:e|ème|eme|re|er)?", word)
    if match:
        return int(match.group(1))
    if re.fullmatch(r"premi[eè]re?", word):
        return 1
    if word in ("second", "seconde"):
        return 2
    head, last = re.fullmatch(r"(.*?)[\s-]*([^\s-]+)", word).groups()
    stem = _FR_ORDINAL_STEMS.get(last)
    if stem is None:
        return None
    return french_cardinal_value(f"{head} {stem}" if head else stem)

"""The country a resolution concerns: its names in English and French and its demonyms, read from its own text."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .parse.model import Resolution

_UPPER = "A-ZÀ-ÖØ-Þ"
_WORD = rf"[{_UPPER}][\w’'-]*"
# "the Central African Republic", "the Democratic People's Republic of Korea", "Bosnia and Herzegovina"
_NAME_EN = rf"(?:the\s+)?{_WORD}(?:\s+(?:(?:of|and)\s+(?:the\s+)?)?{_WORD})*"
_TITLE_EN = re.compile(rf"\b(?:for|in|to|with|on)\s+({_NAME_EN})")
# "République centrafricaine", "République démocratique du Congo", "Soudan du Sud", "Haïti"
_ADJECTIVE_FR = r"(?!(?:le|de|que|une|ce|cette|entre|contre|comme|même|toute|autre|elle)\b)[a-zà-ÿ-]+(?:e|es|é|ée|ien|ain|ais|al)"
_NAME_FR = rf"{_WORD}(?:\s+(?:(?:du|de\s+la|de|des|et)\s+{_WORD}|{_WORD}|{_ADJECTIVE_FR}\b)|\s*d['’]{_WORD})*"
_TITLE_FR = re.compile(
    rf"(?<![\w’'])((?:pour|sur|à)\s+(?:l['’]\s*|(?:le|la|les)\s+)|(?:au|aux|en|pour|à)\s+)({_NAME_FR})")
# the French "of" and "in" forms from the article or preposition before the name (au Bélarus -> du Bélarus, au Bélarus)
_FORMS_FR = {"au": ("du ", "au "), "aux": ("des ", "aux "), "le": ("du ", "au "), "les": ("des ", "aux "),
             "la": ("de la ", "en "), "l'": ("de l'", "en ")}
_NOUNS_EN = r"authorities|Government|government|people|State|forces|civil\s+society|institutions|stakeholders|" \
            r"judiciary|National\s+Police|police|population"
_DEMONYM_EN = re.compile(
    rf"(?<![\w-])((?:{_WORD}\s+){{0,2}}{_WORD})\s+(?:(?:transitional|national|armed|defence|and|security|internal|"
    rf"de\s+facto)\s+){{0,4}}(?:{_NOUNS_EN})(?![\w-])")
_DEMONYM_FR = re.compile(
    r"(?<![\w-])(?:autorités|[Gg]ouvernement|peuple|État|forces|société\s+civile|population|institutions|"
    r"parties\s+prenantes)(?:\s+de\s+transition)?\s+((?:[a-zà-ÿ]+-)?[a-zà-ÿ]+)")
_SMALL = {"the", "of", "and", "du", "de", "des", "la", "le", "les", "et", "d", "l"}
# Gendered forms of a French adjective of nationality: (ending found, masculine singular ending)
_ENDINGS_FR = (("ennes", "en"), ("enne", "en"), ("ens", "en"), ("en", "en"), ("aines", "ain"),
               ("aine", "ain"), ("ains", "ain"), ("ain", "ain"), ("aises", "ais"), ("aise", "ais"), ("ais", "ais"),
               ("oises", "ois"), ("oise", "ois"), ("ois", "ois"))


@dataclass(frozen=True)
class Country:
    """Names of one country, as a resolution writes them; any may be unknown."""

    name: str | None = None  # "the Central African Republic", with "the" where the title has it
    name_fr: str | None = None  # "République centrafricaine"
    of_fr: str | None = None  # "de la République centrafricaine", "du Soudan du Sud", "d'Haïti"
    in_fr: str | None = None  # "en République centrafricaine", "en Haïti", "au Soudan du Sud"
    demonyms: tuple[str, ...] = ()  # ("Central African",)
    demonyms_fr: tuple[str, ...] = ()  # every gendered form: ("centrafricain", "centrafricaine", ...)

    def placeholders(self) -> dict[str, tuple[str, ...]]:
        """The values each {placeholder} of the vocabularies takes for this country (none: unknown)."""
        return {
            "country": tuple(dict.fromkeys((self.name, _bare(self.name)))) if self.name else (),
            "demonym": self.demonyms,
            "country_fr": (self.name_fr,) if self.name_fr else (),
            "of_country_fr": (self.of_fr,) if self.of_fr else (),
            "in_country_fr": (self.in_fr,) if self.in_fr else (),
            "demonym_fr": self.demonyms_fr,
        }


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def _shares_start(word: str, name: str) -> bool:
    """'Somali' and 'Somalia', 'Haitian' and 'Haiti', 'soudanais' and 'Soudan du Sud': the first letters agree."""
    names = [w for w in re.split(r"[\s’'-]+", _fold(name)) if len(w) >= 3 and w not in _SMALL]
    word = _fold(word)
    return any(word[:min(4, len(n))] == n[:min(4, len(n))] and len(word) >= min(4, len(n)) for n in names)


def title_countries(title: str | None, lang: str = "en") -> list[tuple[str, str]]:
    """Names a title gives after a preposition, with it: [('the Central African Republic', 'in')]."""
    if not title:
        return []
    if lang == "fr":
        return [(m.group(2).strip(), re.sub(r"\s+", " ", m.group(1).replace("’", "'")).strip())
                for m in _TITLE_FR.finditer(title)]
    return [(m.group(1).strip(), m.group(0).split()[0]) for m in _TITLE_EN.finditer(title)
            if not re.match(r"(?:the\s+)?United\s+Nations\b", m.group(1))]


def french_forms(name: str, preposition: str) -> tuple[str, str]:
    """('du Bélarus', 'au Bélarus') from 'au' + 'Bélarus'; en + vowel -> d'; en + consonant -> de la."""
    article = preposition.split()[-1]
    if article in _FORMS_FR:
        of, in_ = _FORMS_FR[article]
        return of + name, in_ + name
    vowel = _fold(name[:1]) in "aeiouyh"
    if article == "en":
        return (f"d'{name}" if vowel else f"de la {name}"), f"en {name}"
    # "pour Haïti", "à Cuba": a name without an article
    return (f"d'{name}" if vowel else f"de {name}"), (f"en {name}" if vowel else f"à {name}")


def demonyms_en(text: str, name: str) -> tuple[str, ...]:
    """Adjectives before authorities, Government, people ... that share their first letters with the name."""
    name_words = {w.lower() for w in re.split(r"\s+", name) if w.lower() not in _SMALL}
    found: dict[str, int] = {}
    for match in _DEMONYM_EN.finditer(text):
        words = match.group(1).split()
        for start in range(len(words)):
            candidate = words[start:]
            if all(w.lower() in name_words for w in candidate[:-1]) and _shares_start(candidate[-1], name):
                # the more of the name it covers the better: "South Sudanese", not "Sudanese"
                found[" ".join(candidate)] = len(candidate)
                break
    best = max(found.values(), default=0)
    return tuple(sorted(d for d, size in found.items() if size == best))


def _gendered(adjective: str) -> list[str]:
    """Every form of a French adjective of nationality from the one found: haïtiennes -> haïtien, haïtienne ..."""
    for ending, base in _ENDINGS_FR:
        if adjective.endswith(ending):
            stem = adjective[:-len(ending)] + base
            if base == "en":
                return [stem, stem + "s", stem + "ne", stem + "nes"]
            return [stem, stem + "e", stem + "es"] + ([] if base in ("ais", "ois") else [stem + "s"])
    if adjective.endswith("es"):
        return [adjective[:-1], adjective]
    if adjective.endswith("e"):
        return [adjective, adjective + "s"]
    return [adjective, adjective + "s", adjective + "e", adjective + "es"]


def demonyms_fr(text: str, name_fr: str) -> tuple[str, ...]:
    """'haïtien', 'haïtiennes' ...: adjectives after autorités, Gouvernement, peuple ... that share the name's start."""
    forms: set[str] = set()
    for match in _DEMONYM_FR.finditer(text):
        adjective = match.group(1)
        if all(_shares_start(part, name_fr) for part in adjective.split("-")):
            forms.update(_gendered(adjective))
    return tuple(sorted(forms))


def _bare(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


def _body(resolution: Resolution) -> str:
    return "\n".join(p.text for p in resolution.paragraphs)


def _read(resolution: Resolution) -> Country | None:
    """What one language version says of its country: the first name in its title that its text uses."""
    text = _body(resolution)
    lang = "fr" if resolution.language == "fr" else "en"
    for name, preposition in title_countries(resolution.title, lang):
        if text and _bare(name) not in text:
            continue  # a name the text never uses is a word of the title, not a country
        source = text + "\n" + (resolution.title or "")
        if lang == "fr":
            of, in_ = french_forms(name, preposition)
            return Country(name_fr=name, of_fr=of, in_fr=in_, demonyms_fr=demonyms_fr(source, name))
        return Country(name=name, demonyms=demonyms_en(source, name))
    return None


def find_country(resolution: Resolution, translations: Iterable[Resolution] = (),
                 override: str | Country | None = None) -> Country | None:
    """The country of a resolution from its title and text, French names from its French version.

    override (a workspace's setting) wins: a Country as given, or an English name whose
    demonyms are then read from the text; the French names are kept only where the title agrees.
    """
    if isinstance(override, Country):
        return override
    versions = [resolution, *translations]
    english = next((_read(v) for v in versions if v.language == "en"), None)
    french = next((_read(v) for v in versions if v.language == "fr"), None)
    if isinstance(override, str) and override.strip():
        name = override.strip()
        agrees = english is not None and _bare(english.name or "").lower() == _bare(name).lower()
        text = "\n".join(_body(v) for v in versions if v.language == "en")
        english = Country(name=name, demonyms=demonyms_en(text, name))
        french = french if agrees else None
    if english is None and french is None:
        return None
    if english is None:
        return french
    if french is None:
        return english
    return replace(english, name_fr=french.name_fr, of_fr=french.of_fr, in_fr=french.in_fr,
                   demonyms_fr=french.demonyms_fr)


def common_country(countries: Iterable[Country | None]) -> Country | None:
    """The one country several resolutions share, each name from whichever knows it; None if they differ."""
    known = [c for c in countries if c is not None]
    if not known:
        return None
    names = {c.name for c in known if c.name}
    names_fr = {c.name_fr for c in known if c.name_fr}
    if len(names) > 1 or len(names_fr) > 1:
        return None

    def first(field: str):
        return next((getattr(c, field) for c in known if getattr(c, field)), None)

    return Country(name=first("name"), name_fr=first("name_fr"), of_fr=first("of_fr"), in_fr=first("in_fr"),
                   demonyms=first("demonyms") or (), demonyms_fr=first("demonyms_fr") or ())

"""The parsed resolution: metadata, paragraphs, footnotes and the lines they came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..country import Country


@dataclass
class Line:
    """One physical line of input, with the layout hints a format can give."""

    text: str
    italic: str | None = None  # italic phrase at the start of the content, if any
    page: int | None = None
    blank_before: bool = False
    heading: bool = False  # a markdown heading or a line set apart as a heading


@dataclass
class Footnote:
    marker: str
    text: str | None


@dataclass
class Paragraph:
    kind: str  # "preambular" | "operative"
    number: int
    text: str
    opener: str = ""
    lemma: str = ""
    modifiers: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    section: str | None = None
    numbered: bool = True
    page: int | None = None
    subparagraphs: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraph_id(self) -> str:
        return f"{'PP' if self.kind == 'preambular' else 'OP'}{self.number}"


@dataclass
class Resolution:
    symbol: str | None = None
    body: str | None = None
    session: int | None = None
    number: str | None = None  # "46/28", "2374 (2017)"
    title: str | None = None
    agenda_item: str | None = None
    distribution_date: dt.date | None = None
    original_language: str | None = None
    adoption_date: dt.date | None = None
    meeting: str | None = None
    vote: str | None = None  # "without a vote" or "recorded vote: 32-2-13"
    votes_for: int | None = None
    votes_against: int | None = None
    abstentions: int | None = None
    language: str = "en"
    source_path: str | None = None
    source_format: str = "text"
    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    annex: str | None = None
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (location, message)
    draft_symbol: str | None = None  # "A/HRC/55/L.32"
    sponsors: list[str] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # UNBIS Thesaurus keywords
    languages: list[str] = field(default_factory=list)  # versions held in the workspace
    country_names: Country | None = None  # the country it concerns, from its title and text (monitor.country)

    @property
    def resolution_id(self) -> str | None:
        return self.symbol

    @property
    def country(self) -> str | None:
        """The country's English name as the title says it: 'the Central African Republic'."""
        return self.country_names.name if self.country_names else None

    @property
    def country_fr(self) -> str | None:
        return self.country_names.name_fr if self.country_names else None

    def operative(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "operative"]

    def preambular(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "preambular"]

    def paragraph(self, paragraph_id: str) -> Paragraph:
        for paragraph in self.paragraphs:
            if paragraph.paragraph_id == paragraph_id:
                return paragraph
        raise KeyError(paragraph_id)

    def all_warnings(self) -> list[tuple[str, str]]:
        found = list(self.warnings)
        for paragraph in self.paragraphs:
            found += [(paragraph.paragraph_id, message) for message in paragraph.warnings]
        return found

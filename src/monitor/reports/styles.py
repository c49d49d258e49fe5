"""The workbook's named styles, defined once and applied by mask; status fills come from the status vocabulary.

A style is a name (`header`, `wrap`, `date`, ...) plus modifiers (`guard` for text that must never
become a formula, `editable` for cells a user fills in, `status:<id>` for the status colour).
`StyleBook` turns each combination into one xlsxwriter format, made once and reused, and
`StyleBook.column` picks a format for every cell of a column from boolean masks.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

# Text that Excel or LibreOffice could read as a formula (or a DDE call) when typed or re-saved.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

HEADER_FILL = "#1F3864"
EDITABLE_FILL = "#FFF4C2"

DATE_FORMATS = {"en": "yyyy-mm-dd", "fr": "dd/mm/yyyy"}

NAMED_STYLES: dict[str, dict] = {
    "title": {"bold": True, "font_size": 14, "font_color": HEADER_FILL},
    "heading": {"bold": True, "font_size": 12, "font_color": HEADER_FILL, "bottom": 1},
    # explicit fill, not a table style: LibreOffice ignores Excel table styles
    "header": {"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_FILL, "text_wrap": True,
               "valign": "top", "border": 1, "border_color": "#BFBFBF"},
    "label": {"bold": True, "valign": "top", "text_wrap": True},
    "text": {"valign": "top"},
    "wrap": {"valign": "top", "text_wrap": True},
    "id": {"valign": "top", "font_color": "#404040"},
    "date": {"valign": "top", "align": "left"},  # num_format set per language
    # thousands separated: 19,800 (Excel and Calc show the reader's own separators, 19 800 in French)
    "integer": {"valign": "top", "num_format": "#,##0"},
    "number": {"valign": "top", "num_format": "#,##0", "align": "right"},
    "decimal": {"valign": "top", "num_format": "#,##0.0##", "align": "right"},
    "link": {"valign": "top", "text_wrap": True, "font_color": "#0563C1", "underline": 1},
    "note_label": {"valign": "top", "align": "right", "font_color": "#595959", "italic": True},
    "small_heading": {"bold": True, "font_color": HEADER_FILL, "bottom": 1, "valign": "bottom"},
    "percent": {"valign": "top", "num_format": "0%"},
    "total": {"bold": True, "top": 1, "valign": "top"},
}

MODIFIERS: dict[str, dict] = {
    # the quote prefix keeps a cell text even when a user edits it or the file is re-saved
    "guard": {"quote_prefix": True},
    "editable": {"locked": False, "bg_color": EDITABLE_FILL, "border": 1, "border_color": "#D9D9D9"},
    # a recorded assessment: open to a correction (import-workbook appends it), without the fill of a new row
    "correctable": {"locked": False, "border": 4, "border_color": "#BFBFBF"},
}


def edit_modifier(editable) -> str | None:
    """The modifier of an editable mask's value: True a row to fill in, "correct" a recorded row to correct."""
    return "correctable" if editable == "correct" else "editable" if editable else None


def text_colour_on(fill: str) -> str:
    """Black or white, whichever reads better on the fill colour (WCAG relative luminance)."""
    fill = fill.lstrip("#")
    channels = [int(fill[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"


def status_modifiers(statuses: pd.DataFrame) -> dict[str, dict]:
    """One modifier per status of the vocabulary: its colour as fill, a readable font colour."""
    return {
        f"status:{row['status_id']}": {"bg_color": row["colour"], "font_color": text_colour_on(row["colour"])}
        for row in statuses.to_dict("records")
    }


def formula_like(values: pd.Series) -> pd.Series:
    """Mask of the text cells that start like a formula."""
    text = values.map(lambda v: isinstance(v, str))
    starts = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
    return text & starts


class StyleBook:
    """The named styles of one workbook, each combination made into a format once."""

    def __init__(self, workbook, statuses: pd.DataFrame, lang: str = "en"):
        self.workbook = workbook
        self.styles = {name: dict(props) for name, props in NAMED_STYLES.items()}
        self.styles["date"]["num_format"] = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
        self.modifiers = {**MODIFIERS, **status_modifiers(statuses)}
        self._formats: dict[tuple, object] = {}

    def get(self, name: str, *modifiers: str | None):
        key = (name, *sorted(m for m in modifiers if m))
        if key not in self._formats:
            props = dict(self.styles[name])
            for modifier in key[1:]:
                props.update(self.modifiers[modifier])
            self._formats[key] = self.workbook.add_format(props)
        return self._formats[key]

    def column(self, name: str, length: int, guard: Sequence[bool] | None = None,
               status: Sequence[str | None] | None = None, editable: bool | Sequence = False) -> list:
        """A format per cell of a column: the named style, with each modifier applied where its mask holds."""
        guard = guard if guard is not None else [False] * length
        status = status if status is not None else [None] * length
        editable = [editable] * length if isinstance(editable, bool) else editable
        if not any(guard) and not any(status) and not any(editable):
            return [self.get(name)] * length
        return [
            self.get(name, "guard" if g else None, f"status:{s}" if s and f"status:{s}" in self.modifiers else None,
                     edit_modifier(e))
            for g, s, e in zip(guard, status, editable)
        ]

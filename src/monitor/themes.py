"""Assigning themes to a paragraph from the theme vocabulary's keywords."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .schemas import split_list
from .vocab import load_vocabulary


class ThemeFinder:
    def __init__(self, reference_dir: Path | None = None):
        table = load_vocabulary("themes", reference_dir).sort_values("order", key=lambda s: s.astype(int))
        self.order = table["theme_id"].tolist()
        self.labels = dict(zip(table["theme_id"], table["label_en"]))
        self._patterns = {
            theme: re.compile(
                r"(?<![\w-])(?:" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in split_list(keywords)) + r")(?![\w-])",
                re.IGNORECASE,
            )
            for theme, keywords in zip(table["theme_id"], table["keywords"])
        }

    def find(self, text: str) -> list[str]:
        """Themes whose keywords occur in text, in the vocabulary's order."""
        return [theme for theme in self.order if self._patterns[theme].search(text)]


@lru_cache(maxsize=4)
def theme_finder(reference_dir: str | None = None) -> ThemeFinder:
    return ThemeFinder(Path(reference_dir) if reference_dir else None)

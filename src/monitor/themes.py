"""Assigning themes to a paragraph from the theme vocabulary's keywords, and the SDG targets its themes serve."""

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
        self._targets = {theme: split_list(codes) for theme, codes in zip(table["theme_id"], table["sdg_targets"])}
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

    def sdg_targets(self, themes: list[str]) -> list[str]:
        """The SDG targets the themes serve, each once, in the target vocabulary's order."""
        return sorted({code for theme in themes for code in self._targets.get(theme, ())}, key=sdg_order)


def sdg_order(code: str) -> tuple:
    """Targets as the UN lists them, whatever order a file gives: goal by goal, 16.1 ... 16.10, then 16.a, 16.b."""
    goal, _, target = str(code).partition(".")
    return (int(goal) if goal.isdigit() else 99, 0 if target.isdigit() else 1,
            int(target) if target.isdigit() else 0, target)


@lru_cache(maxsize=4)
def theme_finder(reference_dir: str | None = None) -> ThemeFinder:
    return ThemeFinder(Path(reference_dir) if reference_dir else None)

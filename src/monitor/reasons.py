"""Generated reasons in English and French: a template key of labels.csv (`reason:<key>`) and its parameters.

A `Reason` is its English text (it is a str, so every table and test that reads the English reason is
unchanged) with its French rendering in `.fr`. Text an analyst typed (a rule's reason, a rationale, an
event's title) is a `typed` parameter: kept as typed in both, and marked as such in French.
"""

from __future__ import annotations

from functools import lru_cache

from . import labels as L


class Reason(str):
    """A reason's English text, with its French rendering in `.fr`."""

    fr: str

    def __new__(cls, en: str, fr: str | None = None) -> "Reason":
        made = super().__new__(cls, en)
        made.fr = en if fr is None else fr
        return made

    def __reduce__(self):  # pickled (a cached table) with its French
        return (Reason, (str(self), self.fr))


def _side(value, lang: str) -> str:
    if isinstance(value, Reason):
        return value.fr if lang == "fr" else str(value)
    return str(value)


def reason(key: str, **params) -> Reason:
    """The template `reason:<key>` filled in each language (Reason parameters in their own language)."""
    return Reason(*(L.text(f"reason:{key}", lang, **{k: _side(v, lang) for k, v in params.items()})
                    for lang in L.LANGUAGES))


def typed(text) -> Reason:
    """Text as an analyst typed it: the same words in French, marked as not translated."""
    if isinstance(text, Reason):  # already generated (a default rule's reason): its own French
        return text
    text = "" if text is None else str(text)
    return Reason(text, L.text("reason:typed", "fr", text=text) if text.strip() else text)


def french(value) -> str | None:
    """A reason's French: a Reason's own, else (text from outside the templates) marked as typed."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.fr if isinstance(value, Reason) else typed(value).fr


def joined(en: str, fr: str | None) -> Reason:
    """A reason read back from a table's `reason` and `reason_fr` columns."""
    return Reason(str(en), fr if isinstance(fr, str) else french(en))


@lru_cache(maxsize=None)
def _vocabulary(name: str) -> dict[str, str]:
    return L.vocabulary_labels(name, "fr")


def word(vocabulary: str, key: str, en: str | None = None) -> Reason:
    """A vocabulary's id as a word: `en` (default: the id with spaces) and its French label."""
    shown = en if en is not None else str(key).replace("_", " ")
    found = _vocabulary(vocabulary).get(key, shown)
    # statuses and kinds are capitalised labels; inside a sentence they are common nouns
    return Reason(shown, found[:1].lower() + found[1:] if vocabulary in ("statuses", "kinds", "confidence") else found)


def label(prefix: str, key: str, en: str | None = None) -> Reason:
    """A labels.csv word `<prefix><key>` (English as given, else the table's), the id itself when it has none."""
    shown = en if en is not None else str(key).replace("_", " ")
    full = f"{prefix}{key}"
    return Reason(shown, L.text(full, "fr") if L.has(full) else shown)

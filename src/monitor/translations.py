"""Language versions of one resolution: pairing each translated paragraph with its English twin."""

from __future__ import annotations

from .parse.model import Resolution


def pair_paragraphs(primary: Resolution, translation: Resolution) -> tuple[dict[str, str], list[str]]:
    """paragraph_id -> translated text, and warnings where the two versions' structures differ."""
    warnings: list[str] = []
    theirs = {p.paragraph_id: p for p in translation.paragraphs}
    paired: dict[str, str] = {}
    for paragraph in primary.paragraphs:
        twin = theirs.get(paragraph.paragraph_id)
        if twin is None:
            warnings.append(f"{paragraph.paragraph_id} has no {translation.language} twin")
            continue
        paired[paragraph.paragraph_id] = twin.text
    extra = sorted(set(theirs) - {p.paragraph_id for p in primary.paragraphs})
    if extra:
        warnings.append(f"the {translation.language} version has paragraphs the primary lacks: {', '.join(extra)}")
    return paired, warnings


def choose_primary(versions: list[Resolution]) -> tuple[Resolution, list[Resolution]]:
    """English is the primary version where there is one; the others are its translations."""
    ordered = sorted(versions, key=lambda r: (r.language != "en", r.language))
    return ordered[0], ordered[1:]

"""Series: the resolutions that renew one another and the country they concern, from workspace.yml or the titles."""

from __future__ import annotations

import re

import pandas as pd

from .config import WorkspaceConfig, slugify
from .parse.model import Resolution

SERIES_COLUMNS = ["resolution_id", "series_id", "series_title_en", "series_title_fr", "country", "country_fr",
                  "position"]


def title_key(resolution: Resolution) -> tuple:
    """Renewals of one resolution share the body and the title."""
    title = re.sub(r"\W+", " ", (resolution.title or "").lower()).strip()
    return (resolution.body, title)


def _country(resolution: Resolution, lang: str) -> str:
    return str(getattr(resolution, "country" if lang == "en" else "country_fr", None) or "")


def assign_series(resolutions: list[Resolution], config: WorkspaceConfig | None = None) -> pd.DataFrame:
    """One row per resolution: its series (the file's, else one per body and title), country, place in it.

    A resolution the file's series do not list forms a series with those of the same body and title.
    position counts from 1 in order of adoption.
    """
    config = config or WorkspaceConfig()
    given = {symbol: entry for entry in config.series for symbol in entry.resolutions}
    groups: dict[str, list[Resolution]] = {}
    detected: dict[tuple, str] = {}
    taken = {entry.series_id for entry in config.series}
    for resolution in sorted(resolutions, key=lambda r: (r.adoption_date is None, r.adoption_date, r.resolution_id)):
        entry = given.get(resolution.resolution_id)
        if entry is not None:
            series_id = entry.series_id
        else:
            key = title_key(resolution)
            if key not in detected:
                base = slugify(_country(resolution, "en") or resolution.title or resolution.resolution_id or "series")
                series_id, n = base, 2
                while series_id in taken:
                    series_id, n = f"{base}-{n}", n + 1
                taken.add(series_id)
                detected[key] = series_id
            series_id = detected[key]
        groups.setdefault(series_id, []).append(resolution)
    entries = {entry.series_id: entry for entry in config.series}
    rows = []
    for series_id, members in groups.items():
        entry = entries.get(series_id)
        first = members[0]
        country = (entry.country.get("en") if entry else None) or _country(first, "en")
        country_fr = (entry.country.get("fr") if entry else None) or _country(first, "fr") or country
        title_en = (entry.title.get("en") if entry else None) or first.title or series_id
        title_fr = (entry.title.get("fr") if entry else None) or getattr(first, "title_fr", None) or title_en
        for position, resolution in enumerate(members, start=1):
            rows.append({"resolution_id": resolution.resolution_id, "series_id": series_id,
                         "series_title_en": title_en, "series_title_fr": title_fr, "country": country or None,
                         "country_fr": country_fr or None, "position": position})
    return pd.DataFrame(rows, columns=SERIES_COLUMNS)


def series_map(series: pd.DataFrame) -> dict[str, str]:
    """resolution_id -> series_id."""
    return dict(zip(series["resolution_id"], series["series_id"]))

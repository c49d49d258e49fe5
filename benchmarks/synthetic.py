"""Synthetic workspaces of any size for the benchmarks: real resolutions first, recombined ones beyond.

make_workspace(root, resolutions, observations) writes a complete workspace that `monitor validate`
accepts: the shipped workspace (workspace.yml, data/reference, data/curated, the three Mali
resolutions), then the other countries' renewal series of /work/shared (or tests/fixtures), then
made-up renewal series of 2-6 resolutions for other countries, whose paragraphs are real operative
and preambular paragraphs of those resolutions and of the corpus, with the country's names
substituted, recombined in varied counts and orders, and carried from one renewal to the next with
paragraphs dropped, added and moved, as the Council does. The observations ledger holds the shipped
rows, then generated ones spread over the indicators' types, dates, precisions, qualifiers, sources,
confidences and sensitivities, chained with monitor's own digest function in one pass.

Usage: .venv/bin/python benchmarks/synthetic.py DIR --resolutions 30 --observations 100000 [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import random
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from monitor.chain import canonical_column, link
from monitor.files import sha256_of, write_atomic
from monitor.indicators import load_indicators
from monitor.intake import add_resolution
from monitor.ledger import ADDED_COLUMNS
from monitor.observations import OBSERVATION_SCHEMA, OBSERVATIONS_FILE, PRECISIONS, QUALIFIERS, load_observations
from monitor.parse import parse_path
from monitor.sources import SOURCE_FILE, UN_SOURCE_NOTE, slug
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

REPO = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared")
FIXTURES = REPO / "tests" / "fixtures"
# The other countries' series, each a resolution and its renewal, EN then FR (AKN4UN XML)
OTHER_SERIES = (("54_31", "57_35"), ("55_24", "58_32"), ("55_26", "58_31"))
CORPUS_TEXTS = ("unsc-draft-s-2020-445.txt", "unsc-draft-s-2022-158.txt", "unga-80-38.txt", "unsc-draft-s-2021-523.txt")

# Countries the Council follows or has followed, for the made-up series: (name as in a title, demonym)
COUNTRIES = (
    ("Somalia", "Somali"), ("Cambodia", "Cambodian"), ("Yemen", "Yemeni"), ("Libya", "Libyan"),
    ("Georgia", "Georgian"), ("Sri Lanka", "Sri Lankan"), ("Burundi", "Burundian"), ("Eritrea", "Eritrean"),
    ("Afghanistan", "Afghan"), ("Belarus", "Belarusian"), ("Nicaragua", "Nicaraguan"), ("Sudan", "Sudanese"),
    ("the Democratic Republic of the Congo", "Congolese"), ("Myanmar", "Myanmar"), ("Ukraine", "Ukrainian"),
    ("Venezuela", "Venezuelan"), ("the Syrian Arab Republic", "Syrian"), ("Iraq", "Iraqi"), ("Liberia", "Liberian"),
    ("Sierra Leone", "Sierra Leonean"), ("Guinea", "Guinean"), ("Chad", "Chadian"), ("the Niger", "Nigerien"),
    ("Burkina Faso", "Burkinabe"), ("Ethiopia", "Ethiopian"), ("Mozambique", "Mozambican"), ("Nepal", "Nepalese"),
    ("Timor-Leste", "Timorese"), ("Kyrgyzstan", "Kyrgyz"), ("Tajikistan", "Tajik"), ("Honduras", "Honduran"),
    ("Guatemala", "Guatemalan"), ("Colombia", "Colombian"), ("Tunisia", "Tunisian"), ("Lebanon", "Lebanese"),
    ("Côte d'Ivoire", "Ivorian"), ("Guinea-Bissau", "Bissau-Guinean"), ("Madagascar", "Malagasy"),
    ("Zimbabwe", "Zimbabwean"), ("Cameroon", "Cameroonian"), ("Uganda", "Ugandan"), ("Rwanda", "Rwandan"),
    ("Senegal", "Senegalese"), ("Togo", "Togolese"), ("Benin", "Beninese"), ("Gabon", "Gabonese"),
    ("Angola", "Angolan"), ("Zambia", "Zambian"), ("Malawi", "Malawian"), ("Lesotho", "Basotho"),
)
TITLES = (
    "Technical assistance and capacity-building for {country} in the field of human rights",
    "Situation of human rights in {country}",
    "Assistance to {country} in the field of human rights",
    "Technical assistance and capacity-building to improve human rights in {country}",
)
AGENDA = {0: ("10", "Technical assistance and capacity-building"), 1: ("4", "Human rights situations that require "
                                                                         "the Council's attention"),
          2: ("10", "Technical assistance and capacity-building"), 3: ("10", "Technical assistance and "
                                                                            "capacity-building")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
_TEENS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
          "eighteenth", "nineteenth")
_TENS = {2: ("twentieth", "twenty"), 3: ("thirtieth", "thirty"), 4: ("fortieth", "forty"), 5: ("fiftieth", "fifty"),
         6: ("sixtieth", "sixty"), 7: ("seventieth", "seventy")}
_SESSION_WORDS = re.compile(r"\b((?:twenty|thirty|forty|fifty|sixty|seventy)-(?:first|second|third|fourth|fifth|"
                            r"sixth|seventh|eighth|ninth)|twentieth|thirtieth|fortieth|fiftieth|sixtieth|seventieth)"
                            r"(\s+(?:regular\s+)?session)\b", re.IGNORECASE)
_CLOSING = re.compile(r"remain\s+(?:actively\s+)?seized|extend the mandate", re.IGNORECASE)
SOURCE_SITES = ("https://www.ohchr.org/en/press-releases", "https://reliefweb.int/report", "https://news.un.org/en/story",
                "https://www.hrw.org/news", "https://www.amnesty.org/en/documents", "https://www.aljazeera.com/news",
                "https://www.rfi.fr/en/africa", "https://acleddata.com/data-export")
NOTES = ("", "", "", "figure as printed in the source", "the source rounds the figure",
         "reported in the Independent Expert's oral update", 'the source says "about", hence the qualifier',
         "value for the period, not cumulative", "two sources differ; this one is the later",
         "read on a mirror of the press release, 12 lines below the headline")
RECORDED_BY = ("analyst", "project analyst", "benchmark generator", "field officer")


def ordinal(number: int) -> str:
    """49 -> 'forty-ninth' (20 to 79, the Council's sessions)."""
    tens, unit = divmod(number, 10)
    if tens == 1:
        return _TEENS[unit]
    return _TENS[tens][0] if unit == 0 else f"{_TENS[tens][1]}-{_UNITS[unit]}"


def _session_number(word: str) -> int:
    from monitor.ordinals import ordinal_value

    return ordinal_value(word) or 0


@functools.lru_cache(maxsize=1)
def _sessions() -> tuple[tuple[int, dt.date, dt.date], ...]:
    """(session, opens_on, last adoption day) of the sessions with both dates known (data/reference)."""
    import pandas as pd

    frame = pd.read_csv(REPO / "data" / "reference" / "hrc-sessions.csv", dtype=str, keep_default_na=False)
    return tuple((int(r.session), dt.date.fromisoformat(r.opens_on), dt.date.fromisoformat(r.last_adoption_day))
                 for r in frame.itertuples() if r.opens_on and r.last_adoption_day)


def _resolution_files() -> dict[str, Path]:
    """The other countries' AKN4UN files by name, from /work/shared or the tests' fixtures."""
    found = {}
    for folder in (FIXTURES / "resolutions", SHARED / "resolutions" / "other-countries"):
        if folder.is_dir():
            found.update({p.name: p for p in folder.glob("A_HRC_RES_*.xml")})
    return found


@functools.lru_cache(maxsize=1)
def paragraph_pool() -> tuple[list[tuple], list[tuple]]:
    """(preambular, operative) paragraphs of the real resolutions and corpus texts: (text, opener, country,
    demonyms, session of the Council that adopted it or 0)."""
    paths = [REPO / "data" / "raw" / "a-hrc-res-46-28" / "A_HRC_RES_46_28-EN.md",
             REPO / "data" / "raw" / "a-hrc-res-55-25" / "A_HRC_RES_55_25.xml",
             REPO / "data" / "raw" / "a-hrc-res-58-30" / "A_HRC_RES_58_30.xml"]
    files = _resolution_files()
    paths += [files[f"A_HRC_RES_{n}E.xml"] for pair in OTHER_SERIES for n in pair if f"A_HRC_RES_{n}E.xml" in files]
    paths += [p for p in (SHARED / "corpus" / "texts" / name for name in CORPUS_TEXTS) if p.is_file()]
    preambular, operative = [], []
    for path in paths:
        try:
            resolution = parse_path(path)
        except Exception:  # a corpus text the parser cannot read is simply not drawn from
            continue
        country = resolution.country_names
        name = country.name if country and country.name else ""
        demonyms = country.demonyms if country else ()
        for paragraph in resolution.paragraphs:
            text = " ".join(paragraph.text.split())
            if not paragraph.opener or not text.startswith(paragraph.opener) or len(text) < 40:
                continue
            if _CLOSING.search(text):
                continue  # every made-up resolution gets its own closing paragraphs
            # a paragraph moved inside another resolution ends as the ones around it do
            text = re.sub(r"[.;,:]?$", ";" if paragraph.kind == "operative" else ",", text)
            entry = (text, paragraph.opener, name, demonyms, resolution.session if resolution.body == "HRC" else 0)
            (operative if paragraph.kind == "operative" else preambular).append(entry)
    return preambular, operative


def _localised(text: str, source_country: str, demonyms: tuple[str, ...], country: str, demonym: str) -> str:
    """The paragraph about another country: its names and demonyms replaced, 'the' kept where it belongs."""
    bare = re.sub(r"^the\s+", "", source_country)
    if bare:
        text = re.sub(rf"\b(?:[Tt]he\s+)?{re.escape(bare)}\b", country, text)
    for word in sorted(demonyms, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(word)}\b", demonym, text)
    return text


def _shift_sessions(text: str, shift: int) -> str:
    """'at its forty-ninth session' in a paragraph moved three sessions later reads 'fifty-second'."""
    def moved(match: re.Match) -> str:
        number = _session_number(match.group(1)) + shift
        return (ordinal(number) if 20 <= number <= 79 else match.group(1)) + match.group(2)
    return _SESSION_WORDS.sub(moved, text)


def _moved(entry: tuple, country: str, demonym: str, session: int) -> tuple[str, str]:
    """A pooled paragraph (text, opener) as another country's resolution of another session would have it."""
    text, opener, source_country, demonyms, source_session = entry
    text = opener + _localised(text[len(opener):], source_country, demonyms, country, demonym)
    return (_shift_sessions(text, session - source_session) if source_session else text), opener


def _md_paragraph(text: str, opener: str, number: int | None) -> str:
    rest = text[len(opener):]
    lead = f"{number}. " if number is not None else ""
    return f"{lead}*{opener}*{rest}"


def _date_words(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def resolution_text(symbol: str, title: str, session: int, opens: dt.date, adopted: dt.date, agenda: int,
                    preambular: list[tuple[str, str]], operative: list[tuple[str, str]], meeting: int,
                    vote: str) -> str:
    """A resolution in the UN's layout as the markdown conversion of 46/28 has it."""
    item, heading = AGENDA[agenda]
    number = symbol.rsplit("/", 2)[-2] + "/" + symbol.rsplit("/", 1)[-1]
    lines = ["# General Assembly", "", "Distr.: General  ", f"{_date_words(adopted + dt.timedelta(days=3))}  ",
             "English  ", "Original: English", "", "---", "", "## Human Rights Council", "",
             f"### {ordinal(session).capitalize()} session", "",
             f"{opens.day} {MONTHS[opens.month - 1]}–{_date_words(adopted)}", "", f"Agenda item {item}", "",
             f"### {heading}", "", f"## Resolution adopted by the Human Rights Council on {_date_words(adopted)}", "",
             f"### {number} {title}", "", "*The Human Rights Council,*", ""]
    for text, opener in preambular:
        lines += [_md_paragraph(text, opener, None), ""]
    for n, (text, opener) in enumerate(operative, 1):
        lines += [_md_paragraph(text, opener, n), ""]
    lines += [f"*{meeting}th meeting  ", f"{_date_words(adopted)}*", "", f"[{vote}]", ""]
    return "\n".join(lines)


def _write_raw(workspace: Workspace, symbol: str, title: str, session: int, adopted: dt.date, text: str) -> None:
    """data/raw/<slug>/ with the text and its source.yml, as `monitor add` records a text resolution."""
    folder = workspace.raw / slug(symbol)
    folder.mkdir(parents=True)
    name = slug(symbol).upper().replace("-", "_") + ".md"
    (folder / name).write_text(text, encoding="utf-8")
    record = {"symbol": symbol, "title": title, "body": "HRC", "session": session, "adoption_date": adopted,
              "language": "en", "format": "text", "file": name, "sha256": sha256_of(folder / name),
              "description": "Synthetic resolution for the benchmarks: real paragraphs of Council resolutions "
                             "recombined, with another country's names",
              "original_name": name, "source": "United Nations (paragraphs), recombined",
              "licence_note": UN_SOURCE_NOTE, "recorded_on": dt.date.today()}
    (folder / SOURCE_FILE).write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _renewal(previous: list[int], pool_size: int, rng: random.Random) -> list[int]:
    """The next resolution's operative paragraphs: most kept, some dropped, some added, a few moved."""
    kept = [p for p in previous if rng.random() > 0.12]
    for _ in range(rng.randrange(1, max(2, len(previous) // 5 + 2))):
        kept.insert(rng.randrange(0, len(kept) + 1), rng.randrange(pool_size))
    for _ in range(rng.randrange(0, 3)):
        if len(kept) > 2:
            i, j = rng.randrange(len(kept)), rng.randrange(len(kept))
            kept[i], kept[j] = kept[j], kept[i]
    return list(dict.fromkeys(kept))


def _synthetic_series(workspace: Workspace, count: int, rng: random.Random) -> int:
    """Made-up renewal series (2-6 resolutions each) until count resolutions are written; returns count."""
    preambular, operative = paragraph_pool()
    sessions = _sessions()
    spring = [s for s in sessions if s[2].month in (3, 4)]  # the main session, where country mandates renew
    written, series = 0, 0
    numbers: dict[int, int] = {}
    while written < count:
        country, demonym = COUNTRIES[series % len(COUNTRIES)]
        lap = series // len(COUNTRIES)
        title_form = TITLES[(series + lap) % len(TITLES)]
        title = title_form.format(country=country)
        if lap:  # the same country again, under a title of its own (a second mandate)
            title = f"{title}: {('follow-up', 'accountability', 'reconciliation', 'civic space')[lap % 4]}"
        length = min(rng.randrange(2, 7), count - written)
        start = rng.randrange(0, max(1, len(spring) - length + 1))
        first = [rng.randrange(len(operative)) for _ in range(rng.randrange(6, 45))]
        chosen, pre = first, rng.sample(range(len(preambular)), min(len(preambular), rng.randrange(4, 24)))
        for k in range(length):
            session, opens, adopted = spring[min(start + k, len(spring) - 1)]
            if k and spring[min(start + k, len(spring) - 1)] == spring[min(start + k - 1, len(spring) - 1)]:
                session, opens, adopted = sessions[(sessions.index(spring[-1]) + k) % len(sessions)]
            numbers[session] = numbers.get(session, 100) + 1
            symbol = f"A/HRC/RES/{session}/{numbers[session]}"
            ops = [_moved(operative[i], country, demonym, session) for i in chosen]
            ops.append((f"Decides to extend the mandate of the Independent Expert on the situation of human rights in "
                        f"{country} for a period of one year and requests the Independent Expert to present a report "
                        f"to the Human Rights Council at its {ordinal(session + 3)} session;", "Decides"))
            ops.append(("Decides to remain seized of the matter.", "Decides"))
            pres = [_moved(preambular[i], country, demonym, session) for i in pre]
            vote = "Adopted without a vote." if rng.random() < 0.7 else \
                f"Adopted by a recorded vote of {rng.randrange(20, 35)} to {rng.randrange(0, 8)}, with " \
                f"{rng.randrange(0, 15)} abstentions."
            text = resolution_text(symbol, title, session, opens, adopted, (series + lap) % len(TITLES), pres, ops,
                                   rng.randrange(30, 60), vote)
            _write_raw(workspace, symbol, title, session, adopted, text)
            written += 1
            chosen = _renewal(chosen, len(operative), rng)
        series += 1
    return written


def _real_resolutions(workspace: Workspace, count: int) -> int:
    """Add the other countries' series (EN and FR) through `monitor add`, up to count resolutions."""
    files = _resolution_files()
    added = 0
    for pair in OTHER_SERIES:
        for number in pair:
            if added >= count or f"A_HRC_RES_{number}E.xml" not in files:
                return added
            for language in ("E", "F"):
                path = files.get(f"A_HRC_RES_{number}{language}.xml")
                if path:
                    add_resolution(workspace, path)
            added += 1
    return added


def _observation_columns(count: int, start: int, indicators, rng: random.Random, today: dt.date) -> list[list[str]]:
    """count observations as one list per column of the ledger, ids from obs-<start>, each unique by its source.

    Drawn column by column with numpy (a million rows in seconds): indicators uniformly, dates from 2012
    to yesterday, values fitting each indicator's type, a third of the sources UN documents (primary or
    mirror, public), the rest web pages of every confidence and sensitivity.
    """
    gen = np.random.default_rng(rng.randrange(2 ** 32))
    ids, kinds = np.array(indicators["indicator_id"]), np.array(indicators["type"])
    confidences = np.array(load_vocabulary("confidence")["confidence_id"])
    sensitivities = np.array(load_vocabulary("sensitivity")["sensitivity_id"])
    sessions = np.array([s for s, _, _ in _sessions()])
    first, last = np.datetime64("2012-01-01", "D"), np.datetime64(today - dt.timedelta(days=1), "D")
    which = gen.integers(0, len(ids), count)
    kind = kinds[which]
    days = first + gen.integers(0, (last - first).astype(np.int64), count).astype("timedelta64[D]")
    date = days.astype(str)
    precision = np.where(gen.random(count) < 0.7, "day",
                         np.array([p for p in PRECISIONS if p != "range"])[gen.integers(0, len(PRECISIONS) - 1, count)])
    ranged = gen.random(count) < 0.05
    precision = np.where(ranged, "range", precision)
    ends = np.minimum(days + gen.integers(1, 365, count).astype("timedelta64[D]"), np.datetime64(today))
    date_end = np.where(ranged, ends.astype(str), "")
    numbers = (gen.pareto(1.2, count) * 10).astype(np.int64).astype(str)
    value = np.where(np.isin(kind, ("count", "flow", "plan")), numbers, "")
    value = np.where(kind == "stock", np.char.mod("%.1f", gen.uniform(0, 100_000, count)), value)
    value = np.where(kind == "percent", np.char.mod("%.1f", gen.uniform(0, 100, count)), value)
    value = np.where(kind == "date", (days + gen.integers(30, 900, count).astype("timedelta64[D]")).astype(str), value)
    value = np.where(kind == "yesno", np.where(gen.random(count) < 0.6, "yes", "no"), value)
    texts = np.array(("Reported progress", "No change reported", "Setback reported", "Partial steps taken",
                      "Draft law tabled"))
    value = np.where(value == "", texts[gen.integers(0, len(texts), count)], value)
    numbers = np.arange(start, start + count)
    un = gen.random(count) < 0.35
    sites = np.array(SOURCE_SITES)[gen.integers(0, len(SOURCE_SITES), count)]
    years = days.astype("datetime64[Y]").astype(str)
    session = sessions[gen.integers(0, len(sessions), count)]
    source = [f"A/HRC/{s}/CRP.{n}" if u else f"{site}/{y}/{n}"  # a UN symbol or an address, never twice the same
              for u, s, n, site, y in zip(un.tolist(), session.tolist(), numbers.tolist(), sites.tolist(), years.tolist())]
    confidence = np.where(un, np.where(gen.random(count) < 0.8, confidences[0], confidences[1]),
                          confidences[gen.integers(0, len(confidences), count)])
    sensitivity = np.where(un, "public", sensitivities[gen.integers(0, len(sensitivities), count)])
    source_date = np.where(gen.random(count) < 0.4, np.minimum(days + gen.integers(0, 60, count).astype("timedelta64[D]"),
                                                               np.datetime64(today)).astype(str), "")
    qualifier = np.where(gen.random(count) < 0.3, np.array(QUALIFIERS)[gen.integers(0, len(QUALIFIERS), count)], "exact")
    # recorded in order, one second apart, ending at the start of today: the same seed gives the same bytes all day
    end = np.datetime64(dt.datetime.combine(today, dt.time(0)), "s")
    recorded_at = np.char.add((end - np.arange(count, 0, -1).astype("timedelta64[s]")).astype(str), "+00:00")
    columns = {
        "observation_id": [f"obs-{n:04d}" for n in numbers.tolist()], "indicator_id": ids[which], "date": date,
        "date_end": date_end, "precision": precision, "value": value, "qualifier": qualifier, "source": source,
        "source_date": source_date, "confidence": confidence, "sensitivity": sensitivity,
        "note": np.array(NOTES)[gen.integers(0, len(NOTES), count)], "recorded_at": recorded_at,
        "recorded_by": np.array(RECORDED_BY)[gen.integers(0, len(RECORDED_BY), count)],
    }
    empty = [""] * count
    return [columns[c].tolist() if isinstance(columns.get(c), np.ndarray) else columns.get(c, empty)
            for c in OBSERVATION_SCHEMA.column_names]


def _chain(texts: list[str], previous: str) -> list[str]:
    """Each row's digest, linked to the one before (monitor.chain.link), from the head of the rows kept."""
    out = []
    for text in texts:
        previous = link(previous, text)
        out.append(previous)
    return out


def _write_observations(workspace: Workspace, count: int, rng: random.Random) -> None:
    """The shipped observations (up to count), then generated ones, every row chained, written in one go."""
    schema, columns = OBSERVATION_SCHEMA, OBSERVATION_SCHEMA.column_names
    shipped = load_observations(workspace.curated)  # verifies the shipped chain
    kept = [[str(v) for v in row] for row in shipped[columns].head(count).itertuples(index=False)]
    at = columns.index("row_digest")
    head = kept[-1][at] if kept else ""
    cells = _observation_columns(count - len(kept), len(shipped) + 1, load_indicators(workspace.curated), rng,
                                 dt.date.today())
    cells[at] = _chain(canonical_column(cells, columns, schema, set(ADDED_COLUMNS)), head)
    path = workspace.curated / OBSERVATIONS_FILE
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(kept)
        writer.writerows(zip(*cells))


def copy_shipped(root: Path) -> Workspace:
    """A copy of this repository's workspace: workspace.yml and data/ without its generated tables."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "workspace.yml", root / "workspace.yml")
    for part in ("raw", "reference", "curated"):
        shutil.copytree(REPO / "data" / part, root / "data" / part,
                        ignore=shutil.ignore_patterns(".*.lock", ".*.tmp"))
    return Workspace(root)


def make_workspace(root: Path, resolutions: int, observations: int, seed: int = 0) -> Path:
    """A complete, valid workspace at root (which must not exist or be empty) with that many resolutions
    (the shipped three at least) and observations; the same seed gives the same texts and rows."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise SystemExit(f"{root}: exists and is not empty")
    if resolutions < 3:
        raise SystemExit("resolutions: at least 3 (the shipped workspace's)")
    rng = random.Random(seed)
    workspace = copy_shipped(root)
    remaining = resolutions - 3
    remaining -= _real_resolutions(workspace, remaining)
    if remaining:
        _synthetic_series(workspace, remaining, rng)
    _write_observations(workspace, observations, rng)
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--resolutions", type=int, default=30)
    parser.add_argument("--observations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    make_workspace(args.root, args.resolutions, args.observations, args.seed)
    print(f"{args.root}: {args.resolutions} resolutions, {args.observations:,} observations "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

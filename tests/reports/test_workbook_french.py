"""The French workbook and dashboard in French: paragraphs, openers, reasons, meanings, titles, indicator words,
French typography, and a marker where a resolution has no French text (46/28 in this workspace)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from monitor import labels as L
from monitor.dashboards import tables
from monitor.pipeline import load_workspace
from monitor.progress import judge
from monitor.reasons import Reason, french, reason, typed, word
from monitor.reports.excel import write_workbook
from monitor.vocab import load_vocabulary
from monitor.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2025, 6, 30)
ENGLISH_ONLY = "A/HRC/RES/46/28"  # the workspace holds no French version of it
TYPED = "(texte saisi tel quel)"


@pytest.fixture(scope="module")
def french_book(tmp_path_factory):
    """The repository's workspace (copied) and its French workbook, reopened with openpyxl."""
    root = tmp_path_factory.mktemp("french") / "ws"
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("generated"))
    shutil.copy2(ROOT / "workspace.yml", root / "workspace.yml")
    data = load_workspace(Workspace(root))
    path = write_workbook(data, AS_OF, root / "exports" / "monitor-fr.xlsx", "fr")
    return {"data": data, "book": openpyxl.load_workbook(path)}


def _records(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def _sheet(book, key: str) -> list[dict]:
    return _records(book[L.sheet_name(key, "fr")])


def _h(key: str) -> str:
    return L.header(key, "fr")


def test_no_paragraph_or_clause_with_a_french_text_is_shown_in_english(french_book):
    data = french_book["data"]
    commitments = data.commitments.set_index("commitment_id")
    rows = _sheet(french_book["book"], "commitments")
    with_french = [r for r in rows if isinstance(commitments.at[r[_h("commitment_id")], "text_fr"], str)]
    assert len(with_french) > 50
    english = [r[_h("commitment_id")] for r in with_french if r[_h("text")] == commitments.at[r[_h("commitment_id")], "text"]]
    assert english == []
    # the opening phrase is the French one ("Condamne fermement", not "Strongly condemns")
    assert not [r for r in with_french if r[_h("opener")] == commitments.at[r[_h("commitment_id")], "opener"]]
    assert all(r[_h("text_language")] == L.book_text("text_in_french", "fr") for r in with_french)
    asks = data.asks.set_index("ask_id")
    ask_rows = [r for r in _sheet(french_book["book"], "asks") if isinstance(asks.at[r[_h("ask_id")], "text_fr"], str)]
    assert ask_rows and not [r for r in ask_rows if r[_h("text")] == asks.at[r[_h("ask_id")], "text"]]
    # the verb and what is asked come from the French clause too
    assert not [r for r in ask_rows if r[_h("verb")] == asks.at[r[_h("ask_id")], "verb"]
                and r[_h("object")] == asks.at[r[_h("ask_id")], "object"]]


def test_a_resolution_without_french_text_says_so(french_book):
    marker = L.book_text("text_in_english", "fr")
    assert "texte français non disponible" in marker
    for key, id_key in (("commitments", "commitment_id"), ("asks", "ask_id")):
        english_only = [r for r in _sheet(french_book["book"], key) if r[_h(id_key)].startswith(ENGLISH_ONLY + ":")]
        assert english_only and {r[_h("text_language")] for r in english_only} == {marker}, key
    about = [c.value for c in french_book["book"][L.sheet_name("about", "fr")]["B"] if isinstance(c.value, str)]
    assert [v for v in about if v.startswith(ENGLISH_ONLY) and L.book_text("title_missing", "fr") in v]


def test_dashboard_paragraphs_and_reasons_in_french(french_book):
    data = french_book["data"]
    grid = tables.paragraph_grid(data.status(AS_OF), data.commitments, lang="fr")
    english_only = grid[grid["resolution_id"] == ENGLISH_ONLY]
    assert len(english_only) and english_only["text"].str.startswith(f"({L.text('no_french_text', 'fr')})").all()
    english = set(data.status(AS_OF)["reason"])
    generated = grid[~grid["reason"].str.contains(TYPED, regex=False)]
    assert len(generated) and not set(generated["reason"]) & english


def test_about_has_french_titles_and_status_meanings(french_book):
    about = {}
    for label, value in french_book["book"][L.sheet_name("about", "fr")].iter_rows(max_col=2, values_only=True):
        about.setdefault(label, []).append(value)
    titles = [t for t in about[L.book_text("resolutions", "fr")] if not t.startswith(ENGLISH_ONLY)]
    assert titles and all("Assistance technique" in t and " : " in t for t in titles)
    statuses = load_vocabulary("statuses")
    for row in statuses.to_dict("records"):
        assert about[row["label_fr"]] == [row["meaning_fr"]] and row["meaning_fr"] != row["meaning"]


def test_generated_reasons_are_french_and_typed_ones_marked(french_book):
    data = french_book["data"]
    status = data.status(AS_OF).set_index("commitment_id")
    rows = _sheet(french_book["book"], "commitments")
    reasons = {r[_h("commitment_id")]: r[_h("reason")] for r in rows}
    assert not [c for c, shown in reasons.items() if shown == status.at[c, "reason"]]  # none left in English
    typed_rows = [shown for shown in reasons.values() if TYPED in shown]
    generated = [shown for shown in reasons.values() if TYPED not in shown]
    assert typed_rows and generated
    assert any(shown.startswith("aucune évaluation") for shown in generated)
    assert any(" : " in shown for shown in reasons.values())  # French typography: a space before the colon
    asks = _sheet(french_book["book"], "asks")
    assert all(r[_h("reason")].startswith(("comme son paragraphe : ", "évaluation", "aucun", "«", "décidé", "devenu"))
               for r in asks), {r[_h("reason")][:30] for r in asks}


def test_indicator_and_timeline_words_are_french(french_book):
    indicators = _sheet(french_book["book"], "indicators")
    assert {r[_h("type")] for r in indicators} <= {L.text(f"type_{t}", "fr") for t in
                                                   ("count", "stock", "flow", "plan", "percent", "yesno", "date", "narrative")}
    assert {r[_h("direction")] for r in indicators} <= {"hausse", "baisse", "atteindre la cible", "sans direction"}
    assert "personnes" in {r[_h("unit")] for r in indicators}
    states = {r[_h("state")] for r in _sheet(french_book["book"], "timeline")} - {None}
    assert "survenu" in states and not states & {"occurred", "scheduled", "cancelled"}


def test_reason_templates_in_french():
    """The templates keep the English words and give the French, with typed text quoted and marked."""
    got = reason("event_none_due", label=word("event_types", "election_held"), deadline="2022-03-31")
    assert str(got) == "no election held recorded yet; due by 2022-03-31"
    assert got.fr == "aucun événement « Élection tenue » enregistré pour l'instant ; échéance : 2022-03-31"
    quoted = reason("superseded", title=typed("The agreement ends"), date="2024-01-25")
    assert str(quoted) == "superseded: The agreement ends (2024-01-25)"
    assert quoted.fr == f"devenu sans objet : « The agreement ends » {TYPED} (2024-01-25)"
    assert french("typed by an analyst") == f"« typed by an analyst » {TYPED}" and french(Reason("a", "b")) == "b"
    indicator = {"name_en": "Journalists detained", "name_fr": "Journalistes détenus", "type": "count",
                 "direction": "decrease", "target_value": "0"}
    verdict = judge(indicator, {}, {"value": "5", "qualifier": "under", "date": "2024-06-01"},
                    {"value": "12", "label": reason("at_baseline")}, AS_OF)
    assert verdict.status == "in_progress"
    assert str(verdict.reason) == ("decided by the indicator's direction (decrease): Journalists detained: under 5 on "
                                   "2024-06-01, down from 12 at baseline, short of the target 0 ('under 5' shows no "
                                   "more than that)")
    assert verdict.reason.fr == ("décidé par le sens de l'indicateur (baisse) : Journalistes détenus : moins de 5 le "
                                 "2024-06-01, en baisse par rapport à 12 au départ, en deçà de la cible 0 "
                                 "(« moins de 5 » n'en montre pas davantage)")


def test_changes_compare_the_french_texts(french_book):
    rows = _sheet(french_book["book"], "changes")
    both = [r for r in rows if r[_h("from_resolution")] != ENGLISH_ONLY and r[_h("from_opener")]]
    commitments = french_book["data"].commitments.set_index("commitment_id")
    assert both and not [r for r in both if r[_h("from_opener")] == commitments.at[
        f"{r[_h('from_resolution')]}:{r[_h('from_paragraph')]}", "opener"]]
    marker = L.book_text("no_french", "fr")
    from_english = [r for r in rows if r[_h("from_resolution")] == ENGLISH_ONLY and r[_h("removed")]]
    assert from_english and all(r[_h("removed")].endswith(f"({marker})") for r in from_english)

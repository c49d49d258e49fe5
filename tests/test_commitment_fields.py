"""Verbs, kind and deadline on texts nobody tuned them to: sentences written here and real paragraphs, English and French."""

import datetime as dt
from functools import lru_cache

import pandas as pd
import pytest

from conftest import FIXTURES
from monitor.commitments import build_commitments
from monitor.parse import parse_path, parse_text
from monitor.sessions import SessionCalendar
from monitor.time_expressions import find_time_expressions
from monitor.verbs import verb_finder

RESOLUTIONS = FIXTURES / "resolutions"


@lru_cache(maxsize=None)
def commitments(name: str) -> pd.DataFrame:
    return build_commitments(parse_path(RESOLUTIONS / name)).set_index("paragraph_id")


def one(text: str, lang: str = "en", adopted: str = "2025-04-04") -> pd.Series:
    """The commitment of a one-paragraph resolution of the Council written here."""
    heading = ("Le Conseil des droits de l'homme," if lang == "fr" else "The Human Rights Council,")
    resolution = parse_text(f"{heading}\n\n1. {text}\n")
    resolution.language, resolution.body = lang, "HRC"
    resolution.adoption_date = dt.date.fromisoformat(adopted)
    return build_commitments(resolution).iloc[0]


def deadline(row) -> str | None:
    return None if pd.isna(row["deadline"]) else row["deadline"]


# 1. Every clause-initial verb, with the "in addition" / "further" / "also" forms

def _verbs(text: str, lang: str = "en") -> list[tuple[str, int]]:
    finder = verb_finder(lang)
    opening = finder.opening(text)
    uses = finder.clauses(text)
    if opening and (not uses or uses[0].start != opening.start):
        uses = [opening] + uses
    return [(u.lemma, u.strength) for u in uses]


def test_in_addition_further_also_are_clause_verbs():
    text = ("Calls upon the Government to act, and in addition encourages it to report, further requests the Office "
            "to assist, also calls upon donors to give and further urges all parties to cooperate, and, in addition, "
            "invites the Expert to visit")
    assert _verbs(text) == [("call upon", 3), ("encourage", 2), ("request", 3), ("call upon", 3), ("urge", 4),
                            ("invite", 2)]


@pytest.mark.parametrize("text, lemma, strength", [
    ("In addition encourages the Government to act", "encourage", 2),
    ("Further requests the Office to assist", "request", 3),
    ("Also calls upon the parties to cooperate", "call upon", 3),
    ("Once again strongly urges the authorities to act", "urge", 4),
    ("Remains deeply concerned about the detentions", "remain concerned", 1),
])
def test_the_openers_modifiers_do_not_move_its_strength(text, lemma, strength):
    assert _verbs(text)[0] == (lemma, strength)


def test_french_forms():
    text = ("Prie en outre l’Expert indépendant de poursuivre ses travaux, et engage également les autorités à coopérer, "
            "et les exhorte à agir, et, à cet égard, leur demande de rendre compte, salue également les efforts")
    assert _verbs(text, "fr") == [("request", 3), ("encourage", 2), ("urge", 4), ("call upon", 3), ("welcome", 1)]
    assert _verbs("Engage également les États à coopérer", "fr") == [("encourage", 2)]
    assert _verbs("Prie instamment les parties de cesser", "fr") == [("urge", 4)]
    # "et la note": an article and a noun, not a pronoun and a verb
    assert _verbs("Salue les efforts, et la note verbale du Gouvernement", "fr") == [("welcome", 1)]


def test_a_french_pronoun_before_its_verb_names_the_addressee():
    # A/HRC/RES/54/31 (F) OP14: "..., et, à cet égard, leur demande d’honorer les engagements"
    row = commitments("A_HRC_RES_54_31F.xml").loc["OP14"]
    assert row["verbs"] == ["deplore", "urge", "call upon"]
    assert row["addressees"] == ["armed_groups"]


# 2. reporting when a report or dialogue is asked for, and only then

@pytest.mark.parametrize("text, lang, kind", [
    ("Requests the Independent Expert to submit a report to the Council at its sixtieth session", "en", "reporting"),
    ("Requests the Office to provide an oral update to the Council", "en", "reporting"),
    ("Requests the High Commissioner to present, in the framework of an interactive dialogue, a report", "en",
     "reporting"),
    ("Requests the Special Rapporteur to report to the Council at its sixty-first session", "en", "reporting"),
    ("Decides to hold an interactive dialogue at its sixty-first session", "en", "reporting"),
    ("Invites the Special Rapporteur to submit a written report", "en", "reporting"),
    # an omnibus call that names a report without asking for one
    ("Calls upon the authorities to implement the recommendations contained in the report of the Independent "
     "Expert and to cooperate with the Office", "en", "action"),
    ("Welcomes the report of the Independent Expert and the recommendations contained therein", "en", "position"),
    ("Invites the authorities to continue to engage in an inclusive dialogue among all stakeholders", "en", "action"),
    ("Prie l’Expert indépendant de présenter un rapport au Conseil à sa soixantième session", "fr", "reporting"),
    ("Prie le Haut-Commissariat de faire un exposé oral au Conseil", "fr", "reporting"),
    ("Décide de tenir un dialogue interactif à sa soixante et unième session", "fr", "reporting"),
    ("Demande aux autorités de mettre en œuvre les recommandations figurant dans le rapport de l’Expert "
     "indépendant", "fr", "action"),
])
def test_reporting_is_a_report_asked_for(text, lang, kind):
    assert one(text, lang)["kind"] == kind


@pytest.mark.parametrize("name, paragraph, kind", [
    # "to provide to the Council, within the framework of an interactive dialogue ..., an interim report"
    ("A_HRC_RES_55_24E.xml", "OP10", "reporting"),
    # "Decides to convene, at its fifty-eighth session, a high-level dialogue"
    ("A_HRC_RES_57_35E.xml", "OP51", "reporting"),
    # "Decides to renew, for one year, the mandate ..., which is to assess, monitor and report on the situation"
    ("A_HRC_RES_57_35E.xml", "OP46", "decision"),
    # "Invites the Haitian authorities to continue to engage in an inclusive dialogue"
    ("A_HRC_RES_55_24E.xml", "OP6", "action"),
    # "Prie le Haut-Commissaire de lui présenter, dans le cadre d’un dialogue interactif ..., une mise à jour orale"
    ("A_HRC_RES_58_32F.xml", "OP13", "reporting"),
    # "Décide d’organiser, à sa cinquante-cinquième session, un dialogue de haut niveau"
    ("A_HRC_RES_54_31F.xml", "OP42", "reporting"),
    ("A_HRC_RES_54_31F.xml", "OP39", "decision"),  # "... et à en rendre compte": the mandate, not a report asked
])
def test_reporting_on_real_paragraphs(name, paragraph, kind):
    assert commitments(name).loc[paragraph, "kind"] == kind


# 3. Sessions: "before" / "by" / "d'ici à" is the opening day, "at" / "à" the last

@pytest.mark.parametrize("text, lang, day, opens", [
    ("before its sixtieth session", "en", "2025-09-08", "2025-09-08"),
    ("by its sixtieth session", "en", "2025-09-08", "2025-09-08"),
    ("no later than its sixtieth session", "en", "2025-09-08", "2025-09-08"),
    ("at its sixtieth session", "en", "2025-10-06", "2025-09-08"),
    ("d’ici à sa soixantième session", "fr", "2025-09-08", "2025-09-08"),
    ("avant sa soixantième session", "fr", "2025-09-08", "2025-09-08"),
    ("à sa soixantième session", "fr", "2025-10-06", "2025-09-08"),
])
def test_session_days(text, lang, day, opens):
    ask = ("Requests the Office to submit a report to the Council " if lang == "en"
           else "Prie le Haut-Commissariat de présenter un rapport au Conseil ")
    row = one(ask + text, lang)
    assert (row["deadline"], row["deadline_opens"], row["kind"]) == (day, opens, "reporting")


def test_session_days_on_real_paragraphs():
    # A/HRC/RES/58/32 OP13: "an oral update ... at its sixtieth session" (E), "à sa soixantième session" (F)
    for name in ("A_HRC_RES_58_32E.xml", "A_HRC_RES_58_32F.xml"):
        row = commitments(name).loc["OP13"]
        assert (row["deadline"], row["deadline_opens"]) == ("2025-10-06", "2025-09-08")


def test_the_calendar_reaches_the_64th_session_with_estimated_days_marked():
    calendar = SessionCalendar()
    assert max(calendar.sessions()) >= 64
    assert all(calendar.opening_of(s).precision == "day" for s in calendar.sessions())
    estimated = calendar.opening_of(64)
    assert estimated.confidence == "unverified" and estimated.date.weekday() == 0  # a Monday, from the pattern
    assert calendar.opening_of(49).date == dt.date(2022, 2, 28) and calendar.opening_of(49).confidence == "primary"


def test_another_bodys_session_is_not_the_councils():
    [ga] = find_time_expressions("to the General Assembly at its sixtieth session", dt.date(2025, 4, 4),
                                 SessionCalendar(), "HRC")
    assert ga.detail["body"] == "other" and ga.date is None
    [fr] = find_time_expressions("à la soixantième session de l’Assemblée générale", dt.date(2025, 4, 4),
                                 SessionCalendar(), "HRC")
    assert fr.detail["body"] == "other" and fr.date is None


# 4. A date that belongs to someone else's plan is a reference, not the Council's deadline

@pytest.mark.parametrize("text, lang, expected", [
    ("Encourages the Government to implement the national development plan 2024–2033 and its strategy to end child "
     "marriage by 2033", "en", None),
    ("Welcomes the extension of the mandate of the Special Criminal Court until 2028", "en", None),
    ("Calls upon the authorities to implement the mandate of the Special Criminal Court until 2028", "en", None),
    ("Calls upon the authorities to ensure that the elections scheduled for December 2025 are free and fair", "en",
     None),
    ("Calls upon the authorities to implement Decree No. 24 of 24 May 2024, which provides for elections in 2026",
     "en", None),
    ("Urges the authorities to apply the road map (S/2024/100, in force until 2027)", "en", None),
    # the Council's own calls
    ("Calls upon the authorities to hold elections by December 2025", "en", "2025-12-31"),
    ("Calls for a free and fair electoral process, in the first quarter of 2026", "en", "2026-03-31"),
    ("Calls upon the authorities to ensure that elections are held in 2026", "en", "2026-12-31"),
    ("Decides to extend the mandate of the Independent Expert until 31 March 2026", "en", "2026-03-31"),
    ("Requests the Expert to report within six months", "en", "2025-10-04"),
    ("Encourage le Gouvernement à mettre en œuvre la stratégie visant à éliminer le mariage des enfants d’ici à "
     "2033", "fr", None),
    ("Demande aux autorités de veiller à ce que les élections prévues pour décembre 2025 soient libres", "fr", None),
    ("Demande aux autorités d’organiser les élections d’ici à décembre 2025", "fr", "2025-12-31"),
    ("Décide de proroger d’un an le mandat de l’Expert indépendant", "fr", "2026-04-04"),
])
def test_whose_date(text, lang, expected):
    assert deadline(one(text, lang)) == expected


@pytest.mark.parametrize("name, paragraph, expected", [
    # "Welcomes the renewal ... of the mandate of the Special Criminal Court for a further period of five years"
    ("A_HRC_RES_54_31E.xml", "OP19", None),
    ("A_HRC_RES_54_31F.xml", "OP19", None),  # "... pour une nouvelle période de cinq ans"
    ("A_HRC_RES_57_35E.xml", "OP24", None),
    # "Encourages the effective implementation of the national development plan for the period 2024–2028"
    ("A_HRC_RES_57_35E.xml", "OP45", None),
    ("A_HRC_RES_55_25E.xml", "OP16", None),  # "... which provides for the start of reparations in 2024"
    ("A_HRC_RES_57_35E.xml", "OP46", "2025-10-11"),  # "Decides to renew, for one year, the mandate"
    ("A_HRC_RES_54_31F.xml", "OP39", "2024-10-12"),  # "Décide de proroger d’un an le mandat"
    ("A_HRC_RES_55_24E.xml", "OP9", "2025-04-04"),  # "for a renewable period of one year"
    ("A_HRC_RES_58_32F.xml", "OP9", "2026-04-04"),  # "pour une période d’un an renouvelable"
])
def test_whose_date_on_real_paragraphs(name, paragraph, expected):
    assert deadline(commitments(name).loc[paragraph]) == expected


# 5. A sample of the other countries' paragraphs, read by hand: (file, paragraph, verbs, kind, deadline)
HAND_CHECKED = [
    ("A_HRC_RES_55_24E.xml", "OP1", ["welcome"], "position", None),
    ("A_HRC_RES_55_24E.xml", "OP5", ["call upon"], "action", None),
    ("A_HRC_RES_55_24E.xml", "OP6", ["invite"], "action", None),
    ("A_HRC_RES_55_24E.xml", "OP9", ["decide"], "decision", "2025-04-04"),
    ("A_HRC_RES_55_24E.xml", "OP10", ["request"], "reporting", "2024-10-11"),
    ("A_HRC_RES_55_24E.xml", "OP11", ["encourage"], "action", None),
    ("A_HRC_RES_58_32E.xml", "OP3", ["affirm"], "position", None),
    ("A_HRC_RES_58_32E.xml", "OP9", ["decide"], "decision", "2026-04-04"),
    ("A_HRC_RES_58_32E.xml", "OP11", ["request"], "action", None),
    ("A_HRC_RES_58_32E.xml", "OP13", ["request"], "reporting", "2025-10-06"),
    ("A_HRC_RES_55_26E.xml", "OP1", ["welcome", "call upon"], "action", None),
    ("A_HRC_RES_55_26E.xml", "OP3", ["recall", "urge"], "action", None),
    ("A_HRC_RES_55_26E.xml", "OP6", ["note", "encourage"], "action", None),
    # "Appeals to ..., at the same time calls upon the Government ..., notes with concern ..., and calls upon"
    ("A_HRC_RES_55_26E.xml", "OP9", ["call upon", "call upon", "note", "call upon"], "action", None),
    ("A_HRC_RES_55_26E.xml", "OP10", ["request"], "reporting", None),  # "(d) Reporting to the Human Rights Council"
    ("A_HRC_RES_55_26E.xml", "OP11", ["request"], "reporting", "2024-10-11"),
    ("A_HRC_RES_55_26E.xml", "OP12", ["request"], "reporting", None),
    ("A_HRC_RES_55_26E.xml", "OP13", ["request"], "action", None),
    ("A_HRC_RES_58_31E.xml", "OP2", ["encourage"], "action", None),
    ("A_HRC_RES_58_31E.xml", "OP12", ["request"], "reporting", "2026-07-31"),  # the 62nd session, estimated
    ("A_HRC_RES_54_31E.xml", "OP2", ["condemn", "urge"], "action", None),
    ("A_HRC_RES_54_31E.xml", "OP18", ["remain concerned", "encourage", "recall", "request"], "action", None),
    ("A_HRC_RES_54_31E.xml", "OP19", ["welcome", "call upon"], "action", None),
    ("A_HRC_RES_54_31E.xml", "OP39", ["decide"], "decision", "2024-10-12"),
    ("A_HRC_RES_54_31E.xml", "OP42", ["decide"], "reporting", "2024-04-05"),
    ("A_HRC_RES_54_31E.xml", "OP46", ["request"], "reporting", "2024-07-12"),
    ("A_HRC_RES_54_31E.xml", "OP48", ["decide"], "decision", None),
    ("A_HRC_RES_57_35E.xml", "OP14", ["call upon", "request"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP15", ["urge", "encourage"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP20", ["encourage"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP24", ["welcome", "call upon"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP25", ["take note", "affirm", "note", "welcome"], "position", None),
    ("A_HRC_RES_57_35E.xml", "OP40", ["remain concerned", "call for", "encourage", "call upon"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP45", ["encourage"], "action", None),
    ("A_HRC_RES_57_35E.xml", "OP46", ["decide"], "decision", "2025-10-11"),
    ("A_HRC_RES_57_35E.xml", "OP51", ["decide"], "reporting", "2025-04-04"),
    ("A_HRC_RES_57_35E.xml", "OP55", ["request"], "reporting", "2025-07-08"),
    ("A_HRC_RES_54_31F.xml", "OP35", ["remain concerned", "encourage"], "action", None),
    ("A_HRC_RES_54_31F.xml", "OP42", ["decide"], "reporting", "2024-04-05"),
    ("A_HRC_RES_58_32F.xml", "OP11", ["request"], "action", None),
    ("A_HRC_RES_58_32F.xml", "OP13", ["request"], "reporting", "2025-10-06"),
]


@pytest.mark.parametrize("name, paragraph, verbs, kind, expected", HAND_CHECKED,
                         ids=[f"{n[10:16]}-{p}" for n, p, *_ in HAND_CHECKED])
def test_hand_checked_sample(name, paragraph, verbs, kind, expected):
    row = commitments(name).loc[paragraph]
    assert (row["verbs"], row["kind"], deadline(row)) == (verbs, kind, expected)

"""Fixture workspaces for other countries, made as a new user would: init, add (EN and FR), then the CLI.

Built once per test session (tests/conftest.py) from the UN's XML in tests/fixtures/resolutions/;
the values recorded are the tests' own, each with a source, and say nothing about the countries.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

RESOLUTIONS = Path(__file__).resolve().parent / "fixtures" / "resolutions"
AS_OF = dt.date(2025, 6, 30)

# What each workspace is made of: the options of `init`, the files added, then commands in order.
CAR = {
    "init": [],  # no title, no short name: both come from the first resolution added
    "files": ["A_HRC_RES_54_31E.xml", "A_HRC_RES_54_31F.xml", "A_HRC_RES_57_35E.xml"],
    "commands": [
        ["add-indicator", "journalists_detained", "--name", "Journalists in detention", "--name-fr",
         "Journalistes en détention", "--type", "count", "--unit", "journalists", "--baseline", "2",
         "--baseline-date", "2023-10-12", "--baseline-source", "A/HRC/RES/54/31", "--target", "0",
         "--direction", "decrease", "--commitments", "A/HRC/RES/54/31:OP24", "--rule", "indicator"],
        ["record", "journalists_detained", "5", "--date", "2024-05-01", "--source", "https://example.org/press",
         "--confidence", "secondary"],
        ["add-indicator", "child_policy_adopted", "--name", "National child protection policy adopted",
         "--type", "yesno", "--unit", "yes/no", "--baseline", "no", "--baseline-date", "2023-10-12",
         "--baseline-source", "A/HRC/RES/54/31", "--target", "yes", "--direction", "reach",
         "--commitments", "A/HRC/RES/54/31:OP15", "--rule", "indicator"],
        ["record", "child_policy_adopted", "no", "--date", "2024-06-30", "--source", "https://example.org/policy"],
        ["record-event", "election_scheduled", "--date", "2025-12-28", "--state", "scheduled", "--announced-on",
         "2025-02-10", "--title", "General elections set for 28 December 2025", "--source", "https://example.org/ane",
         "--commitments", "A/HRC/RES/57/35:OP5"],
        ["record-event", "election_postponed", "--date", "2024-10-01", "--title", "Local elections postponed",
         "--source", "https://example.org/ane-2"],
        ["record-event", "report_presented", "--date", "2024-07-12", "--title", "Oral update to the 56th session",
         "--source", "A/HRC/56/2", "--commitments", "A/HRC/RES/54/31:OP46"],
        ["add-rule", "A/HRC/RES/54/31:OP46", "event", "--event-type", "report_presented", "--reason",
         "met when the oral update is presented"],
        ["assess", "A/HRC/RES/54/31:OP30", "in_progress", "--rationale", "The commission held its first hearings",
         "--evidence", "https://example.org/hearings", "--date", "2024-12-01"],
    ],
}
HAITI = {
    "init": ["--title", "Haiti: follow-up of the Council's resolutions", "--title-fr",
             "Haïti : suivi des résolutions du Conseil", "--short-name", "haiti"],
    "files": ["A_HRC_RES_55_24E.xml", "A_HRC_RES_58_32E.xml", "A_HRC_RES_58_32F.xml"],
    "commands": [
        ["add-indicator", "killings_recorded", "--name", "Killings recorded by the UN", "--name-fr",
         "Homicides recensés par l'ONU", "--type", "count", "--unit", "persons", "--baseline", "1000",
         "--baseline-date", "2024-04-04", "--baseline-source", "A/HRC/RES/55/24", "--direction", "decrease",
         "--commitments", "A/HRC/RES/55/24:OP6", "--rule", "indicator"],
        ["record", "killings_recorded", "1500", "--date", "2024-12-31", "--qualifier", "over", "--source",
         "https://example.org/report-2024", "--confidence", "mirror"],
        ["record", "killings_recorded", "1400", "--date", "2024-12-31", "--source", "https://example.org/other",
         "--confidence", "secondary"],
        ["add-indicator", "schools_open", "--name", "Schools open in the capital", "--type", "percent", "--unit",
         "% of schools", "--target", "90", "--direction", "increase", "--commitments", "A/HRC/RES/58/32:OP6"],
        ["record", "schools_open", "62.5", "--date", "2025-03-01", "--source", "https://example.org/schools"],
        ["record-event", "election_scheduled", "--date", "2026-02-07", "--state", "scheduled", "--announced-on",
         "2025-05-01", "--title", "Elections set for February 2026", "--source", "https://example.org/cep"],
        ["assess", "A/HRC/RES/58/32:OP6", "not_started", "--rationale", "No step recorded",
         "--evidence", "https://example.org/none", "--date", "2025-06-01"],
    ],
}
BOTH = {  # one workspace following two countries
    "init": ["--short-name", "two-countries"],
    "files": ["A_HRC_RES_54_31E.xml", "A_HRC_RES_57_35E.xml", "A_HRC_RES_55_24E.xml", "A_HRC_RES_58_32E.xml"],
    "commands": [],
}
WORKSPACES = {"car": CAR, "haiti": HAITI, "both": BOTH}


def run(argv: list[str]) -> int:
    from monitor.cli import main

    code = main(argv)
    if code != 0:
        raise AssertionError(f"monitor {' '.join(argv)} exited {code}")
    return code


def make_workspace(root: Path, recipe: dict) -> Path:
    """A workspace made through the CLI alone, then built as of AS_OF (no images: no browser needed)."""
    if root.exists():
        shutil.rmtree(root)
    run(["init", str(root), *recipe["init"]])
    for name in recipe["files"]:
        run(["add", str(RESOLUTIONS / name), "--workspace", str(root)])
    for command in recipe["commands"]:
        run([*command, "--workspace", str(root), *(["--by", "tester"] if command[0] in _WHO else [])])
    run(["build", "--workspace", str(root), "--as-of", AS_OF.isoformat(), "--no-images"])
    run(["build", "--workspace", str(root), "--as-of", AS_OF.isoformat(), "--no-images", "--lang", "fr",
         "--out", str(root / "exports" / "fr")])
    return root


_WHO = {"record", "record-event", "assess"}

"""HXL-tagged exports: read by libhxl, valid against the package's HXL schema, the same rows as the plain CSVs."""

import csv
from pathlib import Path

import hxl
import pytest
from importlib import resources

from monitor.build import HXL_TABLES
from monitor.commitments import COMMITMENT_SCHEMA
from monitor.hxl import hashtags
from monitor.observations import OBSERVATION_SCHEMA
from monitor.status import STATUS_SCHEMA
from monitor.vocab import load_vocabulary
from open_exports import AS_OF, HOSTILE_SOURCE, make

DAY = AS_OF.isoformat()
SCHEMA_FILE = Path(str(resources.files("monitor") / "vocabularies" / "hxl_schema.csv"))
LOCAL = hxl.InputOptions(allow_local=True)


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("hxl"))


def _validate(path: Path) -> list:
    """The errors libhxl reports against vocabularies/hxl_schema.csv (none: valid)."""
    errors = []
    schema = hxl.schema(hxl.data(str(SCHEMA_FILE), LOCAL), callback=errors.append)
    valid = schema.validate(hxl.data(str(path), LOCAL))
    assert valid == (not errors)
    return errors


def test_every_tag_names_a_column_of_its_table():
    tags = load_vocabulary("hxl_tags")
    schemas = {"commitments": COMMITMENT_SCHEMA, "status": STATUS_SCHEMA, "observations": OBSERVATION_SCHEMA}
    assert set(tags["table"]) == set(HXL_TABLES) == set(schemas)
    for row in tags.to_dict("records"):
        assert row["column"] in schemas[row["table"]].column_names, row
    assert hashtags("observations", ["observation_id", "value", "row_digest"]) == ["#meta+id", "#indicator+value", ""]


@pytest.mark.parametrize("table", HXL_TABLES)
@pytest.mark.parametrize("build", ["full", "public"])
def test_hxl_files_are_read_by_libhxl_and_valid(ws, table, build):
    path = ws / "exports" / build / f"{table}-hxl-{DAY}.csv"
    dataset = hxl.data(str(path), LOCAL)
    columns = [c.header for c in dataset.columns]
    expected = hashtags(table, columns)
    assert [c.display_tag or "" for c in dataset.columns] == [hxl.model.Column.parse(t).display_tag if t else ""
                                                            for t in expected]
    with open(ws / "exports" / build / f"{table}-{DAY}.csv", encoding="utf-8", newline="") as handle:
        plain = list(csv.reader(handle))
    rows = [row.values for row in hxl.data(str(path), LOCAL)]
    assert plain[0] == columns and [list(r) for r in rows] == plain[1:]  # the same rows, below the hashtags
    assert _validate(path) == []


def test_the_rows_carry_the_evidence(ws):
    path = ws / "exports" / "full" / f"observations-hxl-{DAY}.csv"
    rows = {row.get("#meta+id"): row for row in hxl.data(str(path), LOCAL)}
    assert set(rows) == {"obs-0001", "obs-0002"}  # obs-0003 is dated after the as-of date
    assert rows["obs-0001"].get("#indicator+code") == "hearings"
    assert rows["obs-0001"].get("#indicator+value") == "4"
    assert rows["obs-0001"].get("#date+start") == "2024-09-30"
    assert rows["obs-0002"].get("#meta+source") == "'" + HOSTILE_SOURCE  # a formula is shown, never run
    public = ws / "exports" / "public" / f"observations-hxl-{DAY}.csv"
    assert [row.get("#meta+id") for row in hxl.data(str(public), LOCAL)] == ["obs-0001"]
    status = ws / "exports" / "full" / f"status-hxl-{DAY}.csv"
    by_id = {row.get("#meta+id"): row for row in hxl.data(str(status), LOCAL)}
    assert by_id["A/HRC/RES/55/25:OP23"].get("#status+code") == "met"  # the Council's decision, met on adoption


def test_schema_lists_are_the_vocabularies():
    rules = {row.get("#valid_tag"): row.get("#valid_value+list") for row in hxl.data(str(SCHEMA_FILE), LOCAL)}
    for tag, vocabulary, column in (("#status+code-deadline", "statuses", "status_id"),
                                    ("#meta+confidence", "confidence", "confidence_id"),
                                    ("#meta+sensitivity", "sensitivity", "sensitivity_id"),
                                    ("#activity+type", "kinds", "kind_id")):
        assert set(rules[tag].split("|")) == set(load_vocabulary(vocabulary)[column]), tag


@pytest.mark.parametrize("table, old, new, broken", [
    ("status", ",no_data,", ",done,", "#status+code"),
    ("observations", ",hearings,", ",Hearings!,", "#indicator+code"),
    ("observations", ",2024-09-30,", ",someday,", "#date+start"),
    ("commitments", "A/HRC/RES/55/25:OP3,", "A/HRC/RES/55/25:OP5,", "#meta+id"),  # an id twice
])
def test_a_broken_value_is_invalid(ws, tmp_path, table, old, new, broken):
    path = ws / "exports" / "full" / f"{table}-hxl-{DAY}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    changed = tmp_path / path.name
    changed.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = _validate(changed)
    assert errors and {e.column.display_tag for e in errors} == {broken}  # the column broken, and no other

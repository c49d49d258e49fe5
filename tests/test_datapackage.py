"""The build's data package: valid for frictionless, typed from the schemas, and exact about its folder's files."""

import csv
import json
from pathlib import Path

import frictionless
import pytest

from monitor.datapackage import indicator_links, schema_of
from monitor.schemas import Column, Schema
from monitor.vocab import load_vocabulary
from open_exports import AS_OF, RES, make

DAY = AS_OF.isoformat()


@pytest.fixture(scope="module")
def ws(tmp_path_factory) -> Path:
    return make(tmp_path_factory.mktemp("package"))


def _package(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _resource(folder: Path, name: str) -> dict:
    return next(r for r in _package(folder)["resources"] if r["name"] == name)


def _errors(folder: Path) -> set[str]:
    report = frictionless.validate(folder / "datapackage.json")
    return {error.type for task in report.tasks for error in task.errors} | {e.type for e in report.errors}


@pytest.mark.parametrize("build", ["full", "public"])
def test_package_is_valid_and_describes_every_csv_of_its_folder(ws, build):
    folder = ws / "exports" / build
    report = frictionless.validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:5]
    paths = {r["path"] for r in _package(folder)["resources"]}
    assert paths == {p.name for p in folder.glob("*.csv")}
    for resource in _package(folder)["resources"]:
        with open(folder / resource["path"], encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
        assert resource["rows"] == len(records) - (2 if resource["name"].endswith("-hxl") else 1)
        assert resource["bytes"] == (folder / resource["path"]).stat().st_size


def test_public_package_holds_only_public_rows(ws):
    full, public = ws / "exports" / "full", ws / "exports" / "public"
    # obs-0001 is public, obs-0002 internal, obs-0003 public but after the as-of date
    assert _resource(full, "observations")["rows"] == 2
    assert _resource(public, "observations")["rows"] == 1
    text = (public / f"observations-{DAY}.csv").read_text(encoding="utf-8")
    assert "obs-0001" in text and "obs-0002" not in text and "obs-0003" not in text
    assert _resource(public, "assessments")["rows"] == 0  # the one assessment is internal
    assert _resource(full, "assessments")["rows"] == 1
    assert _resource(public, "events")["rows"] == 1


def test_fields_are_typed_from_the_schemas_with_the_vocabularies_as_enums(ws):
    folder = ws / "exports" / "full"
    commitments = {f["name"]: f for f in _resource(folder, "commitments")["schema"]["fields"]}
    assert commitments["strength"]["type"] == "integer"
    assert commitments["strength"]["constraints"]["enum"] == [1, 2, 3, 4, 5]
    assert commitments["deadline"]["type"] == "date"
    assert commitments["kind"]["constraints"]["enum"] == sorted(load_vocabulary("kinds")["kind_id"])
    assert "government" in commitments["addressees"]["constraints"]["pattern"]  # a list of actor ids
    status = {f["name"]: f for f in _resource(folder, "status")["schema"]["fields"]}
    assert status["status"]["constraints"] == {"required": True,
                                               "enum": sorted(load_vocabulary("statuses")["status_id"])}
    assert status["disagreement"]["type"] == "boolean"
    observations = _resource(folder, "observations")["schema"]
    assert observations["primaryKey"] == ["observation_id"]
    assert {f["name"]: f["type"] for f in observations["fields"]}["date"] == "date"
    assert observations["foreignKeys"] == [
        {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["indicator_id"]}}]
    assert {"fields": ["commitment_id"], "reference": {"resource": "commitments", "fields": ["commitment_id"]}} \
        in _resource(folder, "asks")["schema"]["foreignKeys"]
    assert _resource(folder, "assessments")["schema"]["foreignKeys"][0]["reference"]["resource"] == "commitments"


def test_link_table_from_indicators_to_commitments(ws):
    folder = ws / "exports" / "full"
    with open(folder / f"indicator-commitments-{DAY}.csv", encoding="utf-8") as handle:
        assert list(csv.DictReader(handle)) == [{"indicator_id": "hearings", "commitment_id": f"{RES}:OP3"},
                                                {"indicator_id": "hearings", "commitment_id": f"{RES}:OP5"}]
    links = _resource(folder, "indicator-commitments")["schema"]
    assert links["primaryKey"] == ["indicator_id", "commitment_id"]
    assert [k["reference"]["resource"] for k in links["foreignKeys"]] == ["indicators", "commitments"]


def _rewritten(ws: Path, tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the full build with one table's text changed and its size and digest made true again, so that
    only what the change breaks is reported."""
    import hashlib
    import shutil

    out = tmp_path / "changed"
    shutil.copytree(ws / "exports" / "full", out)
    package = _package(out)
    resource = next(r for r in package["resources"] if r["name"] == name)
    path = out / resource["path"]
    text = path.read_text(encoding="utf-8")
    assert old in text
    data = text.replace(old, new, 1).encode("utf-8")
    path.write_bytes(data)
    resource.update(bytes=len(data), hash="sha256:" + hashlib.sha256(data).hexdigest())
    (out / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    return out


def test_a_broken_foreign_key_is_invalid(ws, tmp_path):
    out = _rewritten(ws, tmp_path, "observations", ",hearings,", ",no_such_indicator,")
    assert _errors(out) == {"foreign-key"}


def test_a_value_outside_its_vocabulary_is_invalid(ws, tmp_path):
    out = _rewritten(ws, tmp_path, "status", ",no_data,", ",done,")
    assert _errors(out) == {"constraint-error"}


def test_a_file_changed_after_the_build_is_invalid(ws, tmp_path):
    import shutil

    out = tmp_path / "copy"
    shutil.copytree(ws / "exports" / "full", out)
    path = out / f"commitments-{DAY}.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("government", "gouvernement", 1), encoding="utf-8")
    assert "hash-count" in _errors(out)


def test_every_column_needs_a_schema():
    one = Schema("one", (Column("a", "int"), Column("b")), key=("a",))
    two = Schema("two", (Column("b", "date"), Column("c", "bool")))
    mixed = schema_of("mixed", ["c", "b", "a"], one, two)
    assert [(c.name, c.type) for c in mixed.columns] == [("c", "bool"), ("b", "str"), ("a", "int")]  # first wins
    assert mixed.key == ("a",)
    with pytest.raises(KeyError, match="no schema names the column"):
        schema_of("mixed", ["a", "d"], one, two)


def test_indicator_links_keep_only_known_commitments():
    import pandas as pd

    indicators = pd.DataFrame({"indicator_id": ["x", "y"], "commitments": ["A:OP1|A:OP2|A:OP1", "B:OP9"]})
    assert indicator_links(indicators, {"A:OP1", "A:OP2"}).to_dict("records") == [
        {"indicator_id": "x", "commitment_id": "A:OP1"}, {"indicator_id": "x", "commitment_id": "A:OP2"}]

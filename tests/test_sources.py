"""Raw resolutions travel with their source.yml and sha256; a changed or damaged record is refused."""

import hashlib

import pytest

from conftest import ROOT, SEED
from monitor.errors import InputError
from monitor.sources import list_raw, read_source, slug


def test_the_shipped_seed_is_byte_for_byte_the_given_text():
    shared = ROOT.parent / "shared" / "seeds" / "000_0f47708d6ca7374e.txt"
    if shared.is_file():
        assert shared.read_bytes() == SEED.read_bytes()
    source = read_source(SEED.parent)
    assert source.sha256 == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert source.symbol == "A/HRC/RES/46/28"
    assert source.adoption_date.isoformat() == "2021-03-24"
    assert "as provided to the project" in source.description
    assert "United Nations as the source" in source.record["licence_note"]
    source.verify()


def test_listing_orders_by_adoption():
    assert [s.symbol for s in list_raw(ROOT / "data" / "raw")][0] == "A/HRC/RES/46/28"


def test_slug():
    assert slug("A/HRC/RES/46/28") == "a-hrc-res-46-28"


def test_missing_keys_and_bad_hash(workspace_copy):
    folder = workspace_copy / "data" / "raw" / "a-hrc-res-46-28"
    record = (folder / "source.yml").read_text()
    (folder / "source.yml").write_text(record.replace("sha256: ", "sha256: 0"))
    with pytest.raises(InputError, match="64 hexadecimal"):
        read_source(folder)
    (folder / "source.yml").write_text("\n".join(l for l in record.splitlines() if not l.startswith("symbol:")))
    with pytest.raises(InputError, match="missing symbol"):
        read_source(folder)
    (folder / "source.yml").write_text(record)
    (folder / "A_HRC_RES_46_28-EN.md").unlink()
    with pytest.raises(InputError, match="missing"):
        read_source(folder).verify()

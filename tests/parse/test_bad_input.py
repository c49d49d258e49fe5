"""Unreadable, empty, corrupt or non-resolution input: one clear InputError naming the file."""

import os

import pytest

from monitor.errors import InputError
from monitor.parse import parse_path


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"   \n\n  \n", "empty"),
        (os.urandom(4096).replace(b"\x00", b"\x01") + b"\xff\xfe\x00", "binary|UTF-8"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "binary"),
        (b"\xff\xfe\xfd not utf8 \xc3\x28", "not UTF-8"),
        (b"PK\x03\x04" + b"\x00" * 40, "zip"),
        (b"Milk\nEggs\nTomatoes\n", "no operative paragraph"),
    ],
    ids=["empty", "blank", "random-bytes", "png", "latin-garbage", "zip", "shopping-list"],
)
def test_bad_files(tmp_path, content, reason):
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=reason) as caught:
        parse_path(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        parse_path(tmp_path / "nope.txt")


def test_folder(tmp_path):
    with pytest.raises(InputError, match="folder"):
        parse_path(tmp_path)


def _bomb(inflated: int) -> bytes:
    """A small PDF whose one Flate stream inflates to `inflated` bytes of zeros."""
    import zlib

    return (b"%PDF-1.4\n1 0 obj\n<< /Length 0 /Filter /FlateDecode >>\nstream\n" + zlib.compress(b"\0" * inflated, 9)
            + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF\n")


def test_oversized_inputs_are_refused(tmp_path, monkeypatch):
    from monitor import files
    from monitor.parse import pdf

    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 1000)
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * 1001)
    with pytest.raises(InputError, match="above the limit of 1,000 bytes"):
        parse_path(big)
    xml = tmp_path / "big.xml"
    xml.write_bytes(b"<akomaNtoso>" + b" " * 1000 + b"</akomaNtoso>")
    with pytest.raises(InputError, match="limit of 1,000 bytes"):
        parse_path(xml)
    with pytest.raises(InputError, match="more than 1,000 bytes, the limit"):  # no size to stat: read, bounded
        parse_path("/dev/zero")
    monkeypatch.setattr(files, "MAX_TEXT_BYTES", 20 * 1024 * 1024)
    monkeypatch.setattr(pdf, "MAX_INFLATED_BYTES", 1024 * 1024)
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb(2 * 1024 * 1024))
    assert bomb.stat().st_size < 10_000
    with pytest.raises(InputError, match="inflate to more than 1,048,576 bytes"):
        parse_path(bomb)


def test_pdf_inflating_to_200_mb_is_refused_quickly(tmp_path):
    import time

    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(_bomb(200 * 1024 * 1024))
    started = time.monotonic()
    with pytest.raises(InputError, match="a decompression bomb"):
        parse_path(bomb)
    assert time.monotonic() - started < 5

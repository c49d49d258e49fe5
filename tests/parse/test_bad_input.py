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

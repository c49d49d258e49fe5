"""Frames pickled with their columns of distinct texts packed read back exactly as they were."""

import pickle

import numpy as np
import pandas as pd
import pytest

from monitor import packed
from monitor.packed import _Pickler


def frame(n: int = 3000, storage: str = "pyarrow") -> pd.DataFrame:
    text = pd.StringDtype(storage, na_value=np.nan)  # pandas' str: Arrow's where pyarrow is installed
    data = pd.DataFrame({
        "id": pd.array([f"obs-{i:06d}" for i in range(n)], dtype=text),
        "kind": pd.array(["a", "b", "c"] * (n // 3), dtype=text),
        "digest": np.array([f"{i:064x}" for i in range(n)], dtype=object),
        "note": pd.array([f"line {i}\nand more, \"quoted\"" for i in range(n)], dtype=text),
        "number": np.arange(n),
    })
    data["digest"] = data["digest"].astype(object)  # pandas reads texts as str: an object column kept as one
    data.attrs["source"] = "observations.csv"
    return data


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
def test_a_frame_reads_back_as_it_was(storage):
    original = frame(storage=storage)
    back = pickle.loads(packed.dumps((1, "key", original)))[2]
    pd.testing.assert_frame_equal(back, original)
    assert list(back.dtypes) == list(original.dtypes) and back.attrs == original.attrs
    assert back["digest"].dtype == object and back["id"].dtype == pd.StringDtype(storage, na_value=np.nan)


def test_only_columns_of_distinct_texts_are_packed_and_arrows_kept_as_they_are():
    parts = _Pickler.reducer_override(None, frame(storage="python"))[1][2]
    assert [p[0] for p in parts] == ["packed", "array", "packed", "packed", "array"]
    original = frame()
    parts = _Pickler.reducer_override(None, original)[1][2]
    assert [p[0] for p in parts] == ["arrow", "arrow", "packed", "arrow", "array"]
    # Arrow's chunks are kept as they are, not joined first
    chunked = pd.concat([original.iloc[:1500], original.iloc[1500:]], ignore_index=True)
    assert chunked["id"].array.__arrow_array__().num_chunks == 2
    back = pickle.loads(packed.dumps(chunked))
    pd.testing.assert_frame_equal(back, original)
    assert back["id"].array.__arrow_array__().num_chunks == 2


@pytest.mark.parametrize("storage", ["pyarrow", "python"])
@pytest.mark.parametrize("edit", ["separator", "missing", "index", "columns"])
def test_unusual_frames_read_back_as_they_were(edit, storage):
    original = frame(storage=storage)
    if edit == "separator":
        original.loc[10, "id"] = "obs\x00010"  # a cell holding the separator: that column pickled as it is
    elif edit == "missing":
        original.loc[5, "note"] = np.nan
    elif edit == "index":
        original.index = pd.Index(range(100, 100 + len(original)), name="row")
    else:
        original.columns = pd.Index(list(original.columns), name="field")
    back = pickle.loads(packed.dumps({"entry": [original]}))["entry"][0]
    pd.testing.assert_frame_equal(back, original)
    assert back.columns.name == original.columns.name and back.index.name == original.index.name


def test_a_small_frame_is_pickled_as_pandas_pickles_it():
    small = frame(300)
    assert _Pickler.reducer_override(None, small) is NotImplemented
    pd.testing.assert_frame_equal(pickle.loads(packed.dumps(small)), small)

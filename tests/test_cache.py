"""The workspace cache: a second load is read back equal, an edited input recomputes exactly what follows from it,
and a corrupt or disabled cache costs time, never a wrong answer or a traceback."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pandas as pd
import pytest

from cli_helpers import FIXTURES, copied, made_workspace, run
from monitor import cache, pipeline
from monitor.themes import theme_finder
from monitor.workspace import Workspace

TABLES = ("metadata", "paragraphs", "references", "commitments", "asks", "series")
AS_OF = dt.date(2025, 6, 30)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """55/25 and its renewal 58/30 (English XML), as `init` and `add` make them; no cache yet."""
    resolutions = FIXTURES / "resolutions"
    ws = made_workspace(tmp_path_factory.mktemp("cache"), "mali", resolutions / "A_HRC_RES_55_25E.xml",
                        resolutions / "A_HRC_RES_58_30E.xml")
    assert not (ws / cache.FOLDER).exists()
    return ws


@pytest.fixture()
def ws(template, tmp_path):
    return copied(template, tmp_path)


@pytest.fixture()
def calls(monkeypatch):
    """The symbols each resolution stage was computed for, and how often the whole-workspace stage ran."""
    seen = {"groups": [], "derived": 0}
    load_group, derive = pipeline._load_group, pipeline._derive

    def counting_group(group, *args):
        seen["groups"].append(group[0].symbol)
        return load_group(group, *args)

    def counting_derive(*args):
        seen["derived"] += 1
        return derive(*args)
    monkeypatch.setattr(pipeline, "_load_group", counting_group)
    monkeypatch.setattr(pipeline, "_derive", counting_derive)
    return seen


def assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)
    assert [str(p) for p in a.problems] == [str(p) for p in b.problems]
    assert list(a.alignments) == list(b.alignments)
    for pair in a.alignments:
        pd.testing.assert_frame_equal(a.alignments[pair], b.alignments[pair], obj=f"alignment {pair}")
    pd.testing.assert_frame_equal(a.status(AS_OF), b.status(AS_OF), obj="status")


def entries(ws, kind):
    return sorted((ws / cache.FOLDER / kind).glob("*.pickle"))


def test_a_second_load_is_read_from_the_cache_and_equal(ws, calls):
    first = pipeline.load_workspace(Workspace(ws))
    assert calls == {"groups": ["A/HRC/RES/55/25", "A/HRC/RES/58/30"], "derived": 1}
    assert len(entries(ws, "resolution")) == 2 and len(entries(ws, "workspace")) == 1
    first.status(AS_OF)
    assert len(entries(ws, "status")) == 1
    second = pipeline.load_workspace(Workspace(ws))
    assert calls == {"groups": ["A/HRC/RES/55/25", "A/HRC/RES/58/30"], "derived": 1}, "nothing recomputed"
    assert second is not first and second.workspace == Workspace(ws)
    assert len(second.commitments) > 20 and second.alignments, "a real workspace, not an empty one"
    with pytest.MonkeyPatch.context() as patched:  # the status is read back too, not computed
        patched.setattr(pipeline, "status_as_of", lambda *a, **k: pytest.fail("status recomputed"))
        assert_same(first, second)
    with pytest.MonkeyPatch.context() as patched:
        patched.setenv(cache.DISABLE, "1")
        assert_same(pipeline.load_workspace(Workspace(ws)), second)
    assert calls["derived"] == 2


def test_an_edited_raw_file_recomputes_its_resolution_only(ws, calls):
    before = pipeline.load_workspace(Workspace(ws))
    folder = ws / "data" / "raw" / "a-hrc-res-58-30"
    raw = next(folder.glob("*.xml"))
    raw.write_bytes(raw.read_bytes().replace(b"Calls upon", b"Urges", 1))  # a corrected version, recorded as such
    source = folder / "source.yml"
    sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    source.write_text(re.sub(r"sha256: \w+", f"sha256: {sha}", source.read_text()))
    after = pipeline.load_workspace(Workspace(ws))
    assert calls["groups"] == ["A/HRC/RES/55/25", "A/HRC/RES/58/30", "A/HRC/RES/58/30"]
    assert calls["derived"] == 2

    def verbs(data, rid):
        return data.commitments.loc[data.commitments["resolution_id"] == rid, "verb"].tolist()
    assert verbs(after, "A/HRC/RES/58/30").count("urge") == verbs(before, "A/HRC/RES/58/30").count("urge") + 1
    pd.testing.assert_frame_equal(
        *(d.commitments[d.commitments["resolution_id"] == "A/HRC/RES/55/25"] for d in (before, after)))
    assert len(entries(ws, "resolution")) == 2, "the old version's entry is gone"


def test_an_edited_raw_file_not_recorded_is_still_refused(ws, capsys):
    assert run(capsys, "commitments", "--workspace", ws)[0] == 0
    raw = next((ws / "data" / "raw" / "a-hrc-res-55-25").glob("*.xml"))
    raw.write_bytes(raw.read_bytes().replace(b"Calls upon", b"Urges", 1))
    code, out, err = run(capsys, "commitments", "--workspace", ws)
    assert code == 2 and "sha256" in err and "raw files are never edited" in err


def test_a_vocabulary_recomputes_every_resolution(ws, calls):
    pipeline.load_workspace(Workspace(ws))
    themes = ws / "data" / "reference" / "themes.csv"
    # a copy of the package's first theme under a new id, so the row has every column the vocabulary asks
    row = pd.read_csv(FIXTURES.parent.parent / "src" / "monitor" / "vocabularies" / "themes.csv", nrows=1,
                      dtype=str).iloc[0].to_dict()
    row.update({"theme_id": "cachetest", "order": 99, "label_en": "Cache test", "label_fr": "Test du cache",
                "keywords": "intercommunal"})
    pd.DataFrame([row]).to_csv(themes, index=False)
    theme_finder.cache_clear()  # the finder is kept per process and folder; a new command reads the file afresh
    after = pipeline.load_workspace(Workspace(ws))
    assert calls["groups"] == ["A/HRC/RES/55/25", "A/HRC/RES/58/30"] * 2 and calls["derived"] == 2
    assert any("cachetest" in themes for themes in after.commitments["themes"])


def test_a_curated_file_recomputes_the_workspace_not_its_resolutions(ws, calls, capsys):
    before = pipeline.load_workspace(Workspace(ws))
    status = before.status(AS_OF)
    target = status.loc[status["status"] == "no_data", "commitment_id"].iloc[0]
    assert run(capsys, "assess", target, "in_progress", "--rationale", "A plan is drafted", "--evidence",
               "https://example.org/plan", "--date", "2025-05-01", "--workspace", ws)[0] == 0
    groups, derived = list(calls["groups"]), calls["derived"]
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(pipeline, "align", lambda *a: pytest.fail("the renewal aligned again"))
        after = pipeline.load_workspace(Workspace(ws))
    assert calls["groups"] == groups, "the resolutions came from the cache"
    assert calls["derived"] == derived + 1, "the workspace's own tables were derived again"
    pd.testing.assert_frame_equal(*(d.alignments[("A/HRC/RES/55/25", "A/HRC/RES/58/30")] for d in (before, after)))
    status = after.status(AS_OF).set_index("commitment_id")
    assert status.loc[target, "status"] == "in_progress"
    assert before.status(AS_OF).set_index("commitment_id").loc[target, "status"] != "in_progress"


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_entry_is_ignored_and_rewritten(ws, calls, damage):
    first = pipeline.load_workspace(Workspace(ws))
    first.status(AS_OF)
    damaged = [path for kind in ("resolution", "workspace", "status") for path in entries(ws, kind)]
    for path in damaged:
        path.write_bytes(damage)
    second = pipeline.load_workspace(Workspace(ws))
    assert calls["derived"] == 2 and len(calls["groups"]) == 4
    assert_same(first, second)
    assert all(path.stat().st_size > 1000 for path in damaged), "each entry was written again"


def test_an_entry_under_another_key_is_a_miss(ws):
    workspace = Workspace(ws)
    cache.store(workspace, "demo", "a" * 64, {"x": 1})
    path = entries(ws, "demo")[0]
    path.rename(path.with_name("b" * 64 + ".pickle"))  # an entry whose file name lies about its key
    assert cache.load(workspace, "demo", "b" * 64) is None
    assert cache.load(workspace, "demo", "a" * 64) is None


def test_no_cache_writes_nothing(ws, monkeypatch, capsys):
    monkeypatch.setenv(cache.DISABLE, "1")
    assert run(capsys, "status", "--as-of", "2025-06-30", "--workspace", ws)[0] == 0
    monkeypatch.delenv(cache.DISABLE)
    assert run(capsys, "--no-cache", "status", "--as-of", "2025-06-30", "--workspace", ws)[0] == 0
    assert not (ws / cache.FOLDER).exists()
    assert cache.enabled()


def test_an_image_is_drawn_again_only_when_its_figure_changed(tmp_path, monkeypatch):
    import kaleido
    import plotly.graph_objects as go

    from monitor.dashboards import images

    drawn = []

    def draw(spec, opts):
        drawn.append(list(spec["data"][0]["y"]))
        return b"\x89PNG " + repr(drawn[-1]).encode()
    monkeypatch.setattr(kaleido, "calc_fig_sync", draw)
    monkeypatch.setattr(images, "start_image_server", lambda: None)
    workspace = Workspace(tmp_path)
    first = {"counts": go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))}
    images.write_images(first, tmp_path / "one", workspace=workspace)
    images.write_images(first, tmp_path / "two", workspace=workspace)
    assert drawn == [[1, 2]], "drawn once"
    assert (tmp_path / "one" / "counts.png").read_bytes() == (tmp_path / "two" / "counts.png").read_bytes()
    images.write_images({"counts": go.Figure(go.Bar(x=["a", "b"], y=[1, 3]))}, tmp_path / "three",
                        workspace=workspace)
    assert drawn == [[1, 2], [1, 3]] and (tmp_path / "three" / "counts.png").read_bytes() == b"\x89PNG [1, 3]"
    images.write_images(first, tmp_path / "four")  # no workspace: drawn every time
    assert len(drawn) == 3


def test_a_phone_layout_is_laid_out_again_only_when_its_figure_changed(ws, monkeypatch):
    from monitor.dashboards import page

    laid_out = []
    real = page.phone_figure
    monkeypatch.setattr(page, "phone_figure", lambda figure: laid_out.append(figure.layout.meta) or real(figure))
    data = pipeline.load_workspace(Workspace(ws))
    first = page.render_dashboard(data, AS_OF, figures=page.dashboard_figures(data, AS_OF))
    count = len(laid_out)
    assert count > 3
    # the same figures drawn again: every phone layout read back, as it was laid out
    second = page.render_dashboard(data, AS_OF, figures=page.dashboard_figures(data, AS_OF))
    islands = re.compile(r'<script type="application/json" id="phone-fig-[^"]+">.*?</script>', re.S)
    assert len(laid_out) == count
    assert islands.findall(second) == islands.findall(first) and len(islands.findall(first)) == count
    figures = page.dashboard_figures(data, AS_OF)
    name = next(iter(figures))
    figures[name].update_layout(title_text="Another title")
    again = page.render_dashboard(data, AS_OF, figures=figures)
    assert len(laid_out) == count + 1 and "Another title" in again.split(f'id="phone-fig-{name}"')[1].split("</script>")[0]


def test_large_files_hashed_meanwhile_give_the_digest_of_their_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "PREFETCH_BYTES", 1000)
    monkeypatch.setattr(cache, "_SHA256", {})
    monkeypatch.setattr(cache, "_HASHING", [])
    big, small = tmp_path / "big.csv", tmp_path / "small.csv"
    big.write_bytes(b"row,value\n" * 500)
    small.write_bytes(b"row,value\n")
    cache.prefetch_sha256([big, small, tmp_path / "missing.csv"])
    assert len(cache._HASHING) == 1  # one thread, for the large file alone
    assert cache.file_sha256(big) == hashlib.sha256(big.read_bytes()).digest()
    assert not cache._HASHING  # waited for, once
    assert len(cache._SHA256) == 1
    big.write_bytes(b"other,bytes\n" * 500)  # another file now: hashed again, not taken from the thread's
    assert cache.file_sha256(big) == hashlib.sha256(big.read_bytes()).digest()
    assert cache.file_sha256(small) == hashlib.sha256(small.read_bytes()).digest()

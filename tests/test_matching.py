"""The cheap bounds in front of difflib skip nothing: every renewal series aligns as it does when every pair of
paragraphs is measured, and the shared-word counts behind the bounds are exact."""

from __future__ import annotations

import difflib
import itertools

import pandas as pd
import pytest

from conftest import FIXTURES, SEED
from monitor import matching
from monitor.diff import align
from monitor.matching import (MIN_COVERAGE, MIN_OBJECT, MIN_OBJECT_WORDS, MIN_PART, MIN_SIMILARITY, Prepared,
                              _common, _common_matrix)
from monitor.parse import parse_path

RESOLUTIONS = FIXTURES / "resolutions"  # the UN's XML of /work/shared/resolutions, byte for byte
SERIES = [(f"A_HRC_RES_{old}{lang}.xml", f"A_HRC_RES_{new}{lang}.xml")
          for old, new in [("55_25", "58_30"), ("54_31", "57_35"), ("55_26", "58_31"), ("55_24", "58_32")]
          for lang in "EF"]


def all_pairs(m):
    """_candidates without its bounds: difflib on every pair of paragraphs, the reference the bounds must equal."""
    out = []
    for j, b in enumerate(m.after):
        for i, a in enumerate(m.before):
            la, lb = len(a.words), len(b.words)
            if not la or not lb:
                continue
            ratio, old_in_new, new_in_old = m._scores.setdefault(
                (i, j), m._measure(difflib.SequenceMatcher(None, a.words, b.words, autojunk=False), i, j))
            if ratio >= MIN_SIMILARITY:
                out.append((ratio, "words", i, j, ""))
            if la >= MIN_PART and old_in_new >= MIN_COVERAGE:
                out.append((old_in_new, "coverage", i, j, "old"))
            if lb >= MIN_PART and new_in_old >= MIN_COVERAGE:
                out.append((new_in_old, "coverage", i, j, "new"))
            oa, ob = a.object, b.object
            if len(oa) >= MIN_OBJECT_WORDS and len(ob) >= MIN_OBJECT_WORDS and (oa != a.words[1:] or ob != b.words[1:]):
                value = m.object_ratio(i, j)
                if value >= MIN_OBJECT:
                    out.append((value, "object", i, j, ""))
    return sorted(out, key=lambda e: (-(e[0] - (matching.COVERAGE_DISCOUNT if e[1] == "coverage" else 0)),
                                      matching._RANK[e[1]], abs(e[2] - e[3])))


@pytest.fixture(scope="module")
def texts():
    found = {name: parse_path(RESOLUTIONS / name) for name in {n for pair in SERIES for n in pair}}
    found["46_28"] = parse_path(SEED)
    return found


@pytest.mark.parametrize("old, new", SERIES + [("46_28", "A_HRC_RES_55_25E.xml")])
def test_the_alignment_is_the_all_pairs_alignment(texts, monkeypatch, old, new):
    found = align(texts[old], texts[new])
    with monkeypatch.context() as patched:
        patched.setattr(matching, "_candidates", all_pairs)
        expected = align(texts[old], texts[new])
    pd.testing.assert_frame_equal(found, expected)
    changes = set(found["change"])
    assert len(found) > 20 and changes & {"reworded", "unchanged"} and changes & {"new", "dropped", "merged", "split"}


def test_the_shared_word_counts_are_exact(texts):
    for old, new in [("A_HRC_RES_54_31E.xml", "A_HRC_RES_57_35E.xml"), ("A_HRC_RES_55_24F.xml", "A_HRC_RES_58_32F.xml")]:
        before = [Prepared.of(p, True) for p in texts[old].paragraphs]
        after = [Prepared.of(p, True) for p in texts[new].paragraphs]
        for attribute in ("counts", "object_counts"):
            a, b = [getattr(p, attribute) for p in before], [getattr(p, attribute) for p in after]
            assert _common_matrix(a, b) == [[_common(x, y) for y in b] for x in a]
    # repeats, words on one side only, empty paragraphs
    from collections import Counter
    a = [Counter("the the the of mandate".split()), Counter(), Counter("of of x".split())]
    b = [Counter("the the of of of y".split()), Counter("mandate the".split())]
    assert _common_matrix(a, b) == [[3, 2], [0, 0], [2, 0]]
    assert _common_matrix(a, []) == [[], [], []] and _common_matrix([], b) == []
    assert list(itertools.chain(*_common_matrix([Counter("z".split())], b))) == [0, 0]


def test_a_paragraph_kept_word_for_word_measures_as_difflib_measures_it(texts):
    from monitor.matching import RUN, Matching, _ratio

    paragraphs = texts["A_HRC_RES_55_26E.xml"].paragraphs
    m = Matching([Prepared.of(p, True) for p in paragraphs], [Prepared.of(p, True) for p in paragraphs])
    for i, p in enumerate(m.before):
        if not p.words:
            continue
        blocks = difflib.SequenceMatcher(None, p.words, list(p.words), autojunk=False).get_matching_blocks()
        runs = sum(b.size for b in blocks if b.size >= RUN)
        expected = 2 * sum(b.size for b in blocks) / (2 * len(p.words)), runs / len(p.words), runs / len(p.words)
        assert m.scores(i, i) == expected
        assert _ratio(p.words, list(p.words)) == difflib.SequenceMatcher(None, p.words, p.words).ratio() == 1.0
    short = Matching([Prepared.of(paragraphs[0], True)], [])
    short.before[0].words = ["decides", "so"]  # under RUN words: no run, no coverage
    short.after = [short.before[0]]
    assert short.scores(0, 0) == (1.0, 0.0, 0.0)

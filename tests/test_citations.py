"""monitor.citations: a recorded source becomes short labels and safe links."""

from __future__ import annotations

from monitor.citations import citation, citations, first_link, short_label


def test_an_address_shows_its_site_and_links_to_itself():
    found = citation("https://www.rfi.fr/fr/afrique/20210919-mali-les-victimes")
    assert (found.label, found.url) == ("rfi.fr", "https://www.rfi.fr/fr/afrique/20210919-mali-les-victimes")


def test_a_un_symbol_links_to_the_un_document_system_in_the_reader_s_language():
    assert citation("A/HRC/RES/46/28").url == "https://docs.un.org/en/A/HRC/RES/46/28"
    found = citation("S/RES/2690 (2023), preamble", "fr")
    assert found.label == "S/RES/2690 (2023), preamble"
    assert found.url == "https://docs.un.org/fr/S/RES/2690(2023)"
    assert citation("S/2020/1281, paras 2-3").url == "https://docs.un.org/en/S/2020/1281"


def test_several_parts_keep_their_order():
    source = "https://sahelien.com/a ; https://maliactu.net/b"
    assert [c.label for c in citations(source)] == ["sahelien.com", "maliactu.net"]
    assert short_label(source) == "sahelien.com; maliactu.net"
    assert first_link(source) == "https://sahelien.com/a"


def test_nothing_but_http_and_un_symbols_becomes_a_link():
    for hostile in ("javascript:alert(1)", "file:///etc/passwd", "=HYPERLINK(\"http://x\")",
                    "https://example.org/\"onmouseover=alert(1)", "data:text/html,<script>", "ftp://example.org/x"):
        assert first_link(hostile) is None, hostile
    assert citation("an internal note").label == "an internal note"
    assert citations(None) == [] and citations("  ") == [] and citations("nan") == []

"""Actors with no workspace vocabulary: generic ids, bound to the country each resolution names."""

import re

import pandas as pd
import pytest

from conftest import FIXTURES
from monitor.actors import ActorFinder, actor_finder, actor_labels, fill
from monitor.commitments import build_commitments
from monitor.country import Country, common_country, find_country
from monitor.parse import describe, parse_path
from monitor.vocab import _package_file

RESOLUTIONS = FIXTURES / "resolutions"


@pytest.fixture(scope="module")
def parsed():
    return {path.stem: parse_path(path) for path in sorted(RESOLUTIONS.glob("*.xml"))}


@pytest.fixture(scope="module")
def commitments(parsed):
    frames = [build_commitments(r, reference_dir=None) for name, r in parsed.items() if name.endswith("E")]
    return pd.concat(frames, ignore_index=True).set_index("commitment_id")


# 15 operative paragraphs of the other-country series, read by hand: the actor the opening
# verb addresses (where the opener is a position, the first actor the paragraph asks to act).
HAND_READ = [
    ("A/HRC/RES/54/31:OP5", "government"),  # Calls upon the Government of the Central African Republic, with the support of ...
    ("A/HRC/RES/54/31:OP8", "government"),  # Calls upon the authorities of the Central African Republic and the joint rapid response unit
    ("A/HRC/RES/54/31:OP26", "government"),  # Encourages the authorities to fully implement security sector reform
    ("A/HRC/RES/54/31:OP11", "un_mission"),  # Urges the United Nations Multidimensional Integrated Stabilization Mission in the CAR
    ("A/HRC/RES/54/31:OP40", "independent_expert"),  # Requests the Independent Expert to pay particular attention
    ("A/HRC/RES/57/35:OP2", "armed_groups"),  # Also strongly condemns ... and urges armed groups to observe a ceasefire
    ("A/HRC/RES/57/35:OP50", "all_parties"),  # Requests all parties to cooperate fully with the Independent Expert
    ("A/HRC/RES/57/35:OP43", "government"),  # Calls upon the national authorities to protect ... freedom of movement
    ("A/HRC/RES/57/35:OP26", "neighbouring_states"),  # Urges States neighbouring the Central African Republic
    ("A/HRC/RES/55/26:OP8", "international_community"),  # Calls upon the international community to provide assistance
    ("A/HRC/RES/55/26:OP10", "ohchr"),  # Requests the Office of the United Nations High Commissioner, in cooperation with ...
    ("A/HRC/RES/58/31:OP8", "government"),  # Calls upon the Government of South Sudan to provide all necessary resources
    # WRONG: read as no addressee. "the parties" are the parties to the Revitalized Agreement; no generic
    # alias for a bare "the parties" (it is as often the parties to a conflict)
    ("A/HRC/RES/58/31:OP2", "peace_signatories"),  # Encourages the parties and all stakeholders in South Sudan
    ("A/HRC/RES/55/24:OP6", "government"),  # Invites the Haitian authorities to continue to engage in an inclusive dialogue
    ("A/HRC/RES/58/32:OP10", "independent_expert"),  # Requests the independent expert to devote greater attention
]


def test_fifteen_hand_read_addressees(commitments):
    got = {cid: (None if pd.isna(commitments.loc[cid, "addressee"]) else commitments.loc[cid, "addressee"])
           for cid, _ in HAND_READ}
    wrong = [(cid, expected, got[cid]) for cid, expected in HAND_READ if got[cid] != expected]
    assert len(HAND_READ) == 15
    assert len(wrong) <= 1, wrong
    assert [cid for cid, *_ in wrong] in ([], ["A/HRC/RES/58/31:OP2"])


def test_every_addressee_of_a_list(commitments):
    # "Urges the States Members ..., the Office of the High Commissioner, relevant United Nations agencies
    # and other stakeholders, within the framework of their mandates, to ..."
    assert commitments.loc["A/HRC/RES/58/32:OP7", "addressees"] == ["member_states", "ohchr", "un_entities"]
    assert commitments.loc["A/HRC/RES/54/31:OP6", "addressees"] == ["government", "civil_society"]
    # "Calls upon the authorities ..., with the support of the United Nations ... Mission ...": the mission supports
    assert "un_mission" not in commitments.loc["A/HRC/RES/54/31:OP13", "addressees"]


@pytest.mark.parametrize("stem, country, country_fr, of_fr, in_fr, demonym", [
    ("A_HRC_RES_54_31E", "the Central African Republic", None, None, None, "Central African"),
    ("A_HRC_RES_54_31F", None, "République centrafricaine", "de la République centrafricaine",
     "en République centrafricaine", None),
    ("A_HRC_RES_55_26E", "South Sudan", None, None, None, "South Sudanese"),
    ("A_HRC_RES_55_24E", "Haiti", None, None, None, "Haitian"),
    ("A_HRC_RES_58_32F", None, "Haïti", "d'Haïti", "en Haïti", None),
    ("A_HRC_RES_55_25E", "Mali", None, None, None, "Malian"),
    ("A_HRC_RES_55_25F", None, "Mali", "du Mali", "au Mali", None),
])
def test_country_from_title_and_text(parsed, stem, country, country_fr, of_fr, in_fr, demonym):
    found = parsed[stem].country_names
    assert (found.name, found.name_fr, found.of_fr, found.in_fr) == (country, country_fr, of_fr, in_fr)
    assert found.demonyms == ((demonym,) if demonym else ())
    assert describe(parsed[stem])["country"] == country and describe(parsed[stem])["country_fr"] == country_fr


def test_french_version_gives_the_french_names(parsed):
    both = find_country(parsed["A_HRC_RES_58_32E"], [parsed["A_HRC_RES_58_32F"]])
    assert (both.name, both.name_fr, both.of_fr, both.demonyms) == ("Haiti", "Haïti", "d'Haïti", ("Haitian",))
    assert "haïtiennes" in both.demonyms_fr and "haïtien" in both.demonyms_fr
    assert common_country([parsed["A_HRC_RES_58_32E"].country_names, both]) == both
    assert common_country([both, parsed["A_HRC_RES_54_31E"].country_names]) is None  # two countries


def test_french_of_forms_from_the_preposition(parsed):
    from monitor.country import french_forms, title_countries

    title = "Assistance technique et renforcement des capacités pour le Soudan du Sud"
    assert title_countries(title, "fr") == [("Soudan du Sud", "pour le")]
    assert french_forms("Soudan du Sud", "pour le") == ("du Soudan du Sud", "au Soudan du Sud")
    assert french_forms("Philippines", "aux") == ("des Philippines", "aux Philippines")


def test_an_override_wins(parsed):
    resolution = parsed["A_HRC_RES_55_24E"]
    assert find_country(resolution, override="Somalia").name == "Somalia"
    given = Country(name="Haiti", name_fr="Haïti", of_fr="d'Haïti")
    assert find_country(resolution, override=given) is given
    assert find_country(resolution, override="Haiti").demonyms == ("Haitian",)


def test_labels_bound_to_the_country(parsed):
    car = find_country(parsed["A_HRC_RES_54_31E"], [parsed["A_HRC_RES_54_31F"]])
    haiti = find_country(parsed["A_HRC_RES_58_32E"], [parsed["A_HRC_RES_58_32F"]])
    english, french = actor_labels("en", None, car), actor_labels("fr", None, car)
    assert english["government"] == "Government of the Central African Republic"
    assert english["independent_expert"] == "Independent Expert on the situation of human rights in the Central African Republic"
    assert french["government"] == "Gouvernement de la République centrafricaine"
    assert french["independent_expert"] == ("Expert indépendant sur la situation des droits de l'homme "
                                            "en République centrafricaine")
    assert actor_labels("fr", None, haiti)["government"] == "Gouvernement d'Haïti"
    assert actor_labels("fr", None, haiti)["un_mission"] == "Mission des Nations Unies en Haïti"
    assert actor_labels("en", None, None)["government"] == "Government of the State concerned"
    assert actor_labels("fr", None, None)["government"] == "Gouvernement de l'État concerné"
    # a country known only in English: French labels fall back to the State concerned
    assert actor_labels("fr", None, Country(name="Somalia"))["government"] == "Gouvernement de l'État concerné"
    assert actor_labels("en", None, Country(name="Somalia"))["government"] == "Government of Somalia"


@pytest.mark.parametrize("country, text", [
    (Country(name="Somalia", demonyms=("Somali",)), "the Government"),
    (Country(name="Somalia", demonyms=("Somali",)), "the transitional authorities"),
    (Country(name="Somalia", demonyms=("Somali",)), "the Transitional Government"),
    (Country(name="Somalia", demonyms=("Somali",)), "the Federal Government of Somalia"),
    (Country(name="Somalia", demonyms=("Somali",)), "the Somali authorities"),
    (Country(name="Haiti", demonyms=("Haitian",)), "the Haitian authorities"),
    (Country(name="Haiti", demonyms=("Haitian",)), "the Government of Haiti"),
    (Country(name="Haiti", demonyms=("Haitian",)), "the authorities of Haiti"),
    (Country(name="Mali", demonyms=("Malian",)), "the Malian transitional authorities"),
    (Country(name="Mali", demonyms=("Malian",)), "the Transitional Government of Mali"),
    (Country(name="the Central African Republic", demonyms=("Central African",)), "the Central African authorities"),
    (Country(name="South Sudan", demonyms=("South Sudanese",)), "the Government of South Sudan"),
    (Country(name="South Sudan"), "the Revitalized Transitional Government of National Unity"),
    (Country(name="Somalia"), "the State concerned"),
    (Country(name_fr="Haïti", of_fr="d'Haïti", demonyms_fr=("haïtien", "haïtiennes")), "les autorités haïtiennes"),
    (Country(name_fr="Haïti", of_fr="d'Haïti"), "le Gouvernement d’Haïti"),
    (Country(name_fr="Mali", of_fr="du Mali", demonyms_fr=("maliennes",)), "les autorités de transition maliennes"),
    (None, "le Gouvernement"),
    (None, "les autorités de transition"),
])
def test_the_government_whatever_the_text_calls_it(country, text):
    mentions = actor_finder(None, country).find(f"Calls upon {text} to act")
    assert [m.actor_id for m in mentions] == ["government"], text


@pytest.mark.parametrize("text, actor", [
    ("the United Nations Integrated Office in Haiti", "un_mission"),
    ("the United Nations Mission in South Sudan", "un_mission"),
    ("the Commission on Human Rights in South Sudan", "commission"),
    ("the South Sudan Human Rights Commission", "national_human_rights_institution"),
    ("armed gangs", "armed_groups"),
    ("all parties to the Revitalized Agreement", "peace_signatories"),
    ("the federal member states", "subnational_authorities"),
    ("the Haitian National Police", "national_security_forces"),
    ("the state of emergency", None),
])
def test_other_actors_bound_to_the_country(text, actor):
    haiti_or_sudan = Country(name="South Sudan" if "Sudan" in text else "Haiti", demonyms=("Haitian",))
    found = [m.actor_id for m in ActorFinder(None, haiti_or_sudan).find(text)]
    assert found == ([actor] if actor else []), text


def test_an_alias_without_its_country_is_skipped():
    assert fill("Government of {country}", {}) == []
    assert fill("Government of {country}", {"country": ("Haiti",)}) == ["Government of Haiti"]
    assert [m.actor_id for m in actor_finder(None, None).find("the Haitian authorities")] == []


COUNTRY_WORDS = re.compile(r"\b(?:Mali|Malian|MINUSMA|CVJR|DDR|Sahel|Barkhane|ECOWAS)\b", re.IGNORECASE)


@pytest.mark.parametrize("name", ["actors", "themes", "event_types"])
def test_package_vocabularies_know_no_country(name):
    text = _package_file(name).read_text(encoding="utf-8")
    assert COUNTRY_WORDS.findall(text) == []


def test_the_somalia_analysts_government_is_not_malian():
    labels = actor_labels("en", None, Country(name="Somalia", demonyms=("Somali",)))
    assert labels["government"] == "Government of Somalia"
    assert not any("Mali" in label for label in labels.values())


def _read_as_one_alternation(finder: ActorFinder, text: str, compiled: dict) -> list[tuple[str, str, int, int]]:
    """How aliases were read before each was compiled alone: one alternation of those a text may hold."""
    from monitor.actors import _alias_pattern

    lowered = text.lower()
    if "longest" not in compiled:  # each alias's longest word, the filter that alternation was made after
        compiled["longest"] = [max(re.findall(r"\w+", a.lower()), key=len, default="") for a, _ in finder._ordered]
    longest = compiled["longest"]
    chosen = tuple(i for i, w in enumerate(longest) if w in lowered)
    aliases = [finder._ordered[i] for i in chosen]
    if not aliases:
        return []
    if chosen not in compiled:
        compiled[chosen] = re.compile(
            r"(?<![\w-])(?:" + "|".join(f"({_alias_pattern(a)})" for a, _ in aliases) + r")(?![\w-])", re.IGNORECASE)
    pattern = compiled[chosen]
    return [(aliases[m.lastindex - 1][1], m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]


def test_aliases_are_found_as_one_alternation_of_them_finds_them(parsed):
    texts = list(dict.fromkeys(p.text for r in parsed.values() for p in r.paragraphs))[::5]  # each alternation is slow
    texts += ["the Government of Mali and the Government, the State and the States, the United Nations Mission "
              "in South Sudan and the United Nations", "non-State armed groups, State-owned; the state of emergency"]
    found, countries = 0, {}
    for resolution in parsed.values():  # one finder per country: each country its own aliases
        countries.setdefault(find_country(resolution, [], None), resolution)
    for country in countries:
        finder, compiled = ActorFinder(None, country), {}
        for text in texts:
            mentions = [(m.actor_id, m.text, m.start, m.end) for m in finder.find(text)]
            assert mentions == _read_as_one_alternation(finder, text, compiled)
            found += len(mentions)
    assert found > 200

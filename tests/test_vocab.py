"""Vocabularies: package defaults, workspace additions and overrides, clear errors for bad rows."""

import pytest

from monitor.errors import InputError
from monitor.vocab import VOCABULARY_SCHEMAS, load_vocabulary


@pytest.mark.parametrize("name", sorted(VOCABULARY_SCHEMAS))
def test_package_defaults_load_and_hold_their_schema(name):
    table = load_vocabulary(name)
    assert len(table) > 0
    assert VOCABULARY_SCHEMAS[name].check(table, name) == []


def test_strength_scale_is_documented_in_the_data():
    verbs = load_vocabulary("verbs")
    english = dict(zip(verbs[verbs.lang == "en"].phrase, verbs[verbs.lang == "en"].strength.astype(int)))
    assert english["decides"] == 5
    assert english["demands"] == english["urges"] == 4
    assert english["calls upon"] == english["calls for"] == english["requests"] == english["reiterates its call"] == 3
    assert english["encourages"] == english["invites"] == english["recommends"] == 2
    assert english["condemns"] == english["welcomes"] == english["notes"] == english["reiterates"] == 1


def test_workspace_adds_and_overrides_rows(tmp_path):
    (tmp_path / "themes.csv").write_text(
        "theme_id,order,label_en,label_fr,keywords,description\n"
        "elections_transition,10,Elections,Élections,ballot,overridden\n"
        "water,99,Water,Eau,water|wells,new theme\n",
        encoding="utf-8",
    )
    themes = load_vocabulary("themes", tmp_path).set_index("theme_id")
    assert themes.loc["water", "label_en"] == "Water"
    assert themes.loc["elections_transition", "keywords"] == "ballot"
    assert "children" in themes.index  # package rows stay


def test_bad_override_row_is_named(tmp_path):
    (tmp_path / "verbs.csv").write_text("phrase,lang,lemma,strength,note\nbegs,en,beg,9,\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vocabulary("verbs", tmp_path)
    message = str(caught.value)
    assert "verbs.csv" in message and "row 2" in message and "strength" in message


def test_workspace_actor_alias_is_used(tmp_path):
    from monitor.actors import ActorFinder

    (tmp_path / "actors.csv").write_text(
        "actor_id,name_en,name_fr,type,aliases\n"
        "cnt,National Transitional Council,Conseil national de Transition,national_body,National Transitional Council|CNT\n",
        encoding="utf-8",
    )
    finder = ActorFinder(tmp_path)
    assert [m.actor_id for m in finder.find("the CNT adopted the law")] == ["cnt"]


def test_workspace_removes_package_rows(tmp_path):
    (tmp_path / "themes.csv").write_text(
        "theme_id,order,label_en,label_fr,keywords,description,remove\n"
        "security,,,,,,yes\n"
        "water,99,Water,Eau,water|wells,new theme,\n",
        encoding="utf-8",
    )
    themes = load_vocabulary("themes", tmp_path).set_index("theme_id")
    assert "security" not in themes.index and "water" in themes.index
    assert "children" in themes.index


@pytest.mark.parametrize("rows, where, reason", [
    ("nothing_such,,,,,,yes\n", "row 2", "no row with the key 'nothing_such'"),
    ("water,99,Water,Eau,water,new,\nsecurity,,,,,,maybe\n", "row 3", "'yes' or empty"),
    ("security,8,Security,Sécurité,army,given,\nsecurity,,,,,,yes\n", "row 3", "both removed and given"),
    ("security,,,,,,yes\nwells,x,Wells,Puits,wells,new,\n", "row 3", "order"),  # rows after a removal keep their number
])
def test_bad_removal_is_named(tmp_path, rows, where, reason):
    (tmp_path / "themes.csv").write_text("theme_id,order,label_en,label_fr,keywords,description,remove\n" + rows,
                                         encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vocabulary("themes", tmp_path)
    message = str(caught.value)
    assert "themes.csv" in message and where in message and reason in message, message


def test_unknown_override_column_is_refused(tmp_path):
    (tmp_path / "actors.csv").write_text("actor_id,name_en,name_fr,type,aliases,colour\nx,X,X,state,X,red\n",
                                         encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_vocabulary("actors", tmp_path)
    assert "actors.csv" in str(caught.value) and "colour" in str(caught.value) and "unknown column" in str(caught.value)

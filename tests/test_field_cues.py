"""field_cues: lexicon fields the NER left out, added only where a cue frames them."""
import pytest
import spacy
from spacy.tokens import Doc, Span

from zh_industry_ner_components.field_cues import FieldCueRuler


def make_doc(words, ents=()):
    nlp = spacy.blank("zh")
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return nlp, doc


@pytest.fixture()
def ruler():
    nlp = spacy.blank("zh")
    pipe = nlp.add_pipe("field_cues")
    pipe.set_names(["涂料", "封装测试", "伺服系统", "储能", "氢能", "新能源汽车"])
    return pipe


def labelled(doc):
    return [(ent.text, ent.label_) for ent in doc.ents]


def test_a_field_before_a_generic_word_or_after_a_focus_verb_is_added(ruler):
    _, doc = make_doc(["国内", "领先", "的", "封装测试", "企业", "，", "聚焦", "伺服系统"])
    assert labelled(ruler(doc)) == [("封装测试", "INDUSTRY"), ("伺服系统", "INDUSTRY")]


def test_a_product_in_a_capacity_phrase_has_no_cue_and_stays_out(ruler):
    _, doc = make_doc(["年产", "20万", "吨", "涂料", "，", "项目", "投产"])
    assert labelled(ruler(doc)) == []


def test_fields_listed_beside_a_found_field_are_added_along_the_list(ruler):
    _, doc = make_doc(["发展", "新能源汽车", "、", "储能", "和", "氢能", "。"], ents=[(1, 2, "INDUSTRY")])
    assert labelled(ruler(doc)) == [("新能源汽车", "INDUSTRY"), ("储能", "INDUSTRY"), ("氢能", "INDUSTRY")]
    # joined to a company, not to a field: no cue
    _, doc = make_doc(["宁德时代", "和", "储能"], ents=[(0, 1, "COMPANY")])
    assert labelled(ruler(doc)) == [("宁德时代", "COMPANY")]


def test_words_inside_an_entity_are_left_alone(ruler):
    _, doc = make_doc(["涂料", "产业园", "项目", "的", "涂料", "产业"], ents=[(0, 3, "PROJECT")])
    assert labelled(ruler(doc)) == [("涂料产业园项目", "PROJECT"), ("涂料", "INDUSTRY")]


def test_names_come_from_the_lexicon_and_travel_with_the_pipeline(tmp_path):
    lexicons = tmp_path / "lexicons"
    lexicons.mkdir()
    (lexicons / "industries.tsv").write_text("field\tparent\taliases\n塗料\t化工\t油漆\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    pipe = nlp.add_pipe("field_cues")
    with pytest.raises(ValueError, match="lexicon_path"):
        pipe.initialize(nlp=nlp)
    pipe.initialize(nlp=nlp, lexicon_path=str(lexicons))
    assert pipe.names == ["油漆", "涂料"]
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.get_pipe("field_cues").names == ["油漆", "涂料"]
    assert isinstance(loaded.get_pipe("field_cues"), FieldCueRuler)


def test_a_list_item_must_end_where_the_list_goes_on(ruler):
    ruler.set_names(["激光", "激光电视"])
    _, doc = make_doc(["建设", "激光电视", "和", "激光", "投影", "整机"], ents=[(1, 2, "INDUSTRY")])
    assert labelled(ruler(doc)) == [("激光电视", "INDUSTRY")]  # `激光` is the first word of a product


def test_bounded_items_add_list_items_no_lexicon_has_only_when_asked():
    words = ["围绕", "芦笋", "、", "肉", "鸭", "、", "油用", "牡丹", "等", "特色", "产业"]
    nlp = spacy.blank("zh")
    off = nlp.add_pipe("field_cues", name="off")
    on = nlp.add_pipe("field_cues", name="on", config={"bounded_items": 3})
    _, doc = make_doc(words, ents=[(1, 2, "INDUSTRY")])
    assert labelled(off(doc)) == [("芦笋", "INDUSTRY")]
    _, doc = make_doc(words, ents=[(1, 2, "INDUSTRY")])
    assert labelled(on(doc)) == [("芦笋", "INDUSTRY"), ("肉鸭", "INDUSTRY"), ("油用牡丹", "INDUSTRY")]
    _, doc = make_doc(["收入", "、", "2025", "年", "等"], ents=[])
    assert labelled(on(doc)) == []  # no digits, and no field to join


def test_names_survive_bytes_as_they_survive_disk(ruler):
    copy = FieldCueRuler("copy", "INDUSTRY", [], [], []).from_bytes(ruler.to_bytes())
    assert copy.names == ruler.names

"""name_aliases: a short name declared after a found name is labelled wherever the article uses it."""
import spacy

import zh_industry_ner_components  # noqa: F401  (registers the factory)


def make_nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})
    return nlp, nlp.add_pipe("name_aliases")


def annotate(text, ents):
    """Run the component on `text` whose entities (surface, label) the NER is taken to have found."""
    nlp, pipe = make_nlp()
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return [(ent.text, ent.label_, ent.start_char) for ent in pipe(doc).ents]


def test_a_declared_short_name_is_labelled_at_the_declaration_and_every_later_mention():
    text = "珞珈星图研制的卫星发射。武汉珞珈星图科技有限公司（简称“珞珈星图”）成立于2019年，珞珈星图总经理说。"
    found = annotate(text, [("武汉珞珈星图科技有限公司", "COMPANY")])
    assert [(t, label) for t, label, _ in found] == [
        ("珞珈星图", "COMPANY"), ("武汉珞珈星图科技有限公司", "COMPANY"), ("珞珈星图", "COMPANY"), ("珞珈星图", "COMPANY")]


def test_the_short_name_takes_the_label_of_the_name_it_follows():
    text = "银川至石嘴山城际铁路（简称银石城际）开工，银石城际全长60公里。"
    found = annotate(text, [("银川至石嘴山城际铁路", "PROJECT")])
    assert ("银石城际", "PROJECT") in [(t, label) for t, label, _ in found]
    assert len(found) == 3


def test_stand_ins_titles_and_other_entities_are_left_alone():
    text = "江岳科技股份有限公司（以下简称“公司”）公告，公司将投资。"
    assert [t for t, _, _ in annotate(text, [("江岳科技股份有限公司", "COMPANY")])] == ["江岳科技股份有限公司"]
    text = "锐驰精密减速器项目（简称“新项目”）开工，新项目投产后。"
    assert [t for t, _, _ in annotate(text, [("锐驰精密减速器项目", "PROJECT")])] == ["锐驰精密减速器项目"]
    text = "宜昌楚磷新能源材料有限公司（下称“楚磷新能源”）报送《关于楚磷新能源项目的报告》，楚磷新能源二期项目开工。"
    found = annotate(text, [("宜昌楚磷新能源材料有限公司", "COMPANY"), ("楚磷新能源二期项目", "PROJECT")])
    assert [(t, label) for t, label, _ in found] == [
        ("宜昌楚磷新能源材料有限公司", "COMPANY"), ("楚磷新能源", "COMPANY"), ("楚磷新能源二期项目", "PROJECT")]


def test_a_declaration_must_follow_the_name_and_a_name_the_ner_did_not_find_declares_nothing():
    text = "武汉珞珈星图科技有限公司（简称“珞珈星图”），珞珈星图说。"
    assert annotate(text, []) == []
    text = "武汉珞珈星图科技有限公司发布公告（简称“珞珈星图”），珞珈星图说。"
    assert [t for t, _, _ in annotate(text, [("武汉珞珈星图科技有限公司", "COMPANY")])] == ["武汉珞珈星图科技有限公司"]


def test_traditional_and_glossed_pages_declare_alike():
    text = "遠航資(zī)本集團(tuán)有限公司（以下簡(jiǎn)稱(chēng)“遠航資本”）宣布，遠航資本將投資。"
    found = annotate(text, [("遠航資(zī)本集團(tuán)有限公司", "COMPANY")])
    assert [t for t, _, _ in found] == ["遠航資(zī)本集團(tuán)有限公司", "遠航資本", "遠航資本"]

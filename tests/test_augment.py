import random

import pytest
import spacy
from spacy.tokens import DocBin

from zhner.augment import SUBSTITUTED, NamePools, pools_from_lexicons, reference_doc, substitute
from zhner.markup import parse_body

EVERY_NAME = {label: 1.0 for label in SUBSTITUTED}
NO_NAME = {label: 0.0 for label in SUBSTITUTED}
POOLS = {"company_full": ["江南精工机械股份有限公司"], "company_short": ["博世"], "industry": ["储能"]}


def _spans(body):
    text, spans = parse_body(body)
    flat = [(s.start, s.end, s.label) for s, depth in spans if depth == 0]
    nested = [(s.start, s.end, s.label) for s, depth in spans if depth == 1]
    return text, flat, nested


def _texts(text, spans):
    return [(text[s:e], label) for s, e, label in spans]


def test_names_are_swapped_everywhere_and_projects_stay_coherent():
    text, flat, nested = _spans("{宁德时代|COMPANY}投资{48亿元|AMOUNT}建设{{宁德时代|COMPANY}{动力电池|INDUSTRY}(二期)项目|PROJECT}，"
                                "{恒岳电池材料有限公司|COMPANY}配套，{动力电池|INDUSTRY}产业集聚。")
    new_text, new_flat, new_nested = substitute(text, flat, nested, POOLS, EVERY_NAME, random.Random(0))
    assert new_text == "博世投资48亿元建设博世储能(二期)项目，江南精工机械股份有限公司配套，储能产业集聚。"
    assert _texts(new_text, new_flat) == [("博世", "COMPANY"), ("48亿元", "AMOUNT"), ("博世储能(二期)项目", "PROJECT"),
                                          ("江南精工机械股份有限公司", "COMPANY"), ("储能", "INDUSTRY")]
    assert _texts(new_text, new_nested) == [("博世", "COMPANY"), ("储能", "INDUSTRY")]


def test_noisy_names_get_noisy_replacements():
    text, flat, nested = _spans("{宁德時代|COMPANY}與{動力電(diàn)池|INDUSTRY}")
    new_text, new_flat, _ = substitute(text, flat, nested, {**POOLS, "industry": ["新能源汽车"]}, EVERY_NAME, random.Random(0))
    names = [new_text[s:e] for s, e, _ in new_flat]
    assert names[0] == "博世"
    assert names[1].startswith("新能源汽車")  # traditional, as the field it replaced


def test_probability_zero_changes_nothing():
    text, flat, nested = _spans("{宁德时代|COMPANY}落户")
    assert substitute(text, flat, nested, POOLS, NO_NAME, random.Random(0)) == (text, flat, nested)


def test_reference_doc_aligns_every_span():
    text, flat, nested = _spans("{{博世|COMPANY}{储能|INDUSTRY}項(xiàng)目|PROJECT} 开工")
    doc = reference_doc(spacy.blank("zh").vocab, text, flat, nested)
    assert doc.text == text
    assert [(e.text, e.label_) for e in doc.ents] == [("博世储能項(xiàng)目", "PROJECT")]
    assert [s.text for s in doc.spans["nested"]] == ["博世", "储能"]


def test_registered_augmenter_reads_train_docs_and_lexicons(tmp_path):
    (tmp_path / "companies.tsv").write_text("full_name\tshort_names\tindustry\tkind\n"
                                            "比亚迪股份有限公司\t比亚迪|BYD\t新能源汽车\tlisted\n", encoding="utf-8")
    (tmp_path / "industries.tsv").write_text("field\tparent\taliases\n氢能\t新能源\t氢能源\n", encoding="utf-8")
    pools = NamePools()
    pools_from_lexicons(tmp_path, pools)
    assert pools.frozen() == {"company_full": ["比亚迪股份有限公司"], "company_short": ["比亚迪"], "industry": ["氢能", "氢能源"]}

    nlp = spacy.blank("zh")
    text, flat, nested = _spans("{宁德时代|COMPANY}发展{动力电池|INDUSTRY}")
    doc = reference_doc(nlp.vocab, text, flat, nested)
    doc.user_data["id"] = "b01-0001"
    DocBin(docs=[doc], store_user_data=True).to_disk(tmp_path / "train.spacy")
    augment = spacy.registry.augmenters.get("zh_industry_ner.name_substitution.v1")(
        train_path=str(tmp_path / "train.spacy"), lexicons=str(tmp_path), level=1.0,
        probability={"COMPANY": 1.0, "INDUSTRY": 1.0}, seed=1)
    from spacy.training import Example
    out = list(augment(nlp, Example(nlp.make_doc(text), doc)))
    assert len(out) == 1
    ents = [(e.text, e.label_) for e in out[0].reference.ents]
    assert ents[0][1] == "COMPANY" and ents[1][1] == "INDUSTRY"
    assert out[0].predicted.text == out[0].reference.text


def test_field_files_choose_where_new_fields_come_from(tmp_path):
    (tmp_path / "industries.tsv").write_text("field\tparent\taliases\n氢能\t新能源\t\n", encoding="utf-8")
    (tmp_path / "industries-more.tsv").write_text("field\tparent\taliases\n工业锅炉\t锅炉\t\n", encoding="utf-8")
    only_tagged, both = NamePools(), NamePools()
    pools_from_lexicons(tmp_path, only_tagged)
    pools_from_lexicons(tmp_path, both, ("industries.tsv", "industries-more.tsv"))
    assert only_tagged.frozen()["industry"] == ["氢能"]
    assert both.frozen()["industry"] == ["工业锅炉", "氢能"]
    with pytest.raises(FileNotFoundError, match="industries-less.tsv"):
        pools_from_lexicons(tmp_path, NamePools(), ("industries-less.tsv",))


def test_probability_per_label_swaps_only_that_label():
    text, flat, nested = _spans("{宁德时代|COMPANY}发展{动力电池|INDUSTRY}")
    new_text, new_flat, _ = substitute(text, flat, nested, POOLS, {"COMPANY": 0.0, "INDUSTRY": 1.0}, random.Random(0))
    names = [(new_text[s:e], label) for s, e, label in new_flat]
    assert names[0] == ("宁德时代", "COMPANY")
    assert names[1][1] == "INDUSTRY" and names[1][0] != "动力电池"


def test_augmenter_refuses_a_label_it_cannot_swap(tmp_path):
    nlp = spacy.blank("zh")
    DocBin(docs=[nlp.make_doc("无")]).to_disk(tmp_path / "train.spacy")
    with pytest.raises(ValueError, match="PROJECT"):
        spacy.registry.augmenters.get("zh_industry_ner.name_substitution.v1")(
            train_path=str(tmp_path / "train.spacy"), probability={"PROJECT": 0.5})


def test_a_swap_that_breaks_token_edges_keeps_the_example():
    # 'ABB' before '200MW' reads as one Latin token: the span edge between them is lost
    text, flat, nested = _spans("{恒岳|COMPANY}200MW光伏")
    new_text, new_flat, new_nested = substitute(text, flat, nested, {**POOLS, "company_short": ["ABB"]}, EVERY_NAME, random.Random(0))
    assert new_text == "ABB200MW光伏"
    assert reference_doc(spacy.blank("zh").vocab, new_text, new_flat, new_nested) is None

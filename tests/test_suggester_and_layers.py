import spacy
from spacy.tokens import SpanGroup

import zh_industry_ner_components  # noqa: F401
from zh_industry_ner_components.suggester import build_project_subspan_suggester, project_subspans


def make_doc(text, ents):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})
    doc = nlp(text)
    doc.ents = [doc.char_span(s, e, label=l) for s, e, l in ents]
    return doc


def test_candidates_lie_inside_projects_only():
    doc = make_doc("恒岳电池项目投资5亿元", [(0, 6, "PROJECT"), (8, 11, "AMOUNT")])
    pairs = project_subspans(doc, max_length=16, max_project_length=80)
    assert len(pairs) == 6 * 7 // 2  # every sub-span of a six-token project
    assert all(0 <= s < e <= 6 for s, e in pairs)
    assert (2, 4) in pairs  # 电池


def test_max_length_bounds_long_project_names():
    name = "某" * 50 + "项目"
    doc = make_doc(name, [(0, 52, "PROJECT")])
    pairs = project_subspans(doc, max_length=8)
    assert max(e - s for s, e in pairs) == 8
    assert len(pairs) < 52 * 8


def test_suggester_returns_ragged_with_zero_rows_for_docs_without_projects():
    suggest = build_project_subspan_suggester(max_length=4)
    docs = [make_doc("投资5亿元", [(2, 5, "AMOUNT")]), make_doc("恒岳项目", [(0, 4, "PROJECT")])]
    ragged = suggest(docs)
    assert list(ragged.lengths) == [0, 10]
    assert ragged.dataXd.shape == (10, 2)
    empty = suggest(docs[:1])
    assert empty.dataXd.shape[0] == 0


def test_layer_merger_keeps_flat_entities_and_inner_spans_inside_projects():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})
    merger = nlp.add_pipe("merge_span_layers")
    doc = make_doc("恒岳电池项目由恒岳建设", [(0, 6, "PROJECT"), (7, 9, "COMPANY")])
    doc.spans["nested"] = SpanGroup(doc, spans=[doc.char_span(0, 2, label="COMPANY"), doc.char_span(2, 4, label="INDUSTRY"),
                                                doc.char_span(9, 11, label="INDUSTRY"), doc.char_span(0, 6, label="COMPANY")])
    merger(doc)
    assert [(s.text, s.label_) for s in doc.spans["sc"]] == [
        ("恒岳电池项目", "PROJECT"), ("恒岳", "COMPANY"), ("电池", "INDUSTRY"), ("恒岳", "COMPANY")]


def test_runaway_projects_get_no_candidates():
    doc = make_doc("某" * 200, [(0, 200, "PROJECT")])
    assert project_subspans(doc, max_length=10, max_project_length=80) == []

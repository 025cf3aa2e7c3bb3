"""The domain pkuseg segmenter: silver training text, training, and use inside the tokenizer."""
import spacy

import zh_industry_ner_components  # noqa: F401
from zhner.markup import parse_article
from zhner.segmenter import boundary_agreement, max_match, segment_article, train_segmenter
from zhner.validate import validate

from conftest import FIXTURES


def test_max_match_and_span_edges_are_word_edges():
    lexicon = frozenset({"新能源", "电池", "材料", "项目", "恒岳新"})
    article = parse_article("id: s-1\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"
                            "{{恒岳|COMPANY}{新能源电池材料|INDUSTRY}项目|PROJECT}开工")
    assert max_match("新能源电池", lexicon) == ["新能源", "电池"]
    # 恒岳新 is a lexicon word but crosses the COMPANY/INDUSTRY edge, so it is not used.
    assert segment_article(article, lexicon) == [["恒", "岳", "新能源", "电池", "材料", "项目", "开", "工"]]


def test_pkuseg_model_trains_loads_and_round_trips(tmp_path):
    articles, findings = validate(sorted((FIXTURES / "articles").rglob("*.txt")))
    assert not findings
    model_dir = train_segmenter(articles, articles[:2], tmp_path / "seg", iterations=1)
    config = {"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.tokenizer.v1", "segmenter": "pkuseg"}}}
    nlp = spacy.blank("zh", config=config)
    nlp.tokenizer.initialize(pkuseg_model=str(model_dir))
    text = "恒岳新能源电池材料(二期)項(xiàng)目总投资18亿。"
    doc = nlp(text)
    assert doc.text == text
    assert any(len(t.text) > 1 and "\u4e00" <= t.text[0] <= "\u9fff" for t in doc)  # words, not only characters
    nlp.to_disk(tmp_path / "pipeline")
    reloaded = spacy.load(tmp_path / "pipeline")
    assert [t.text for t in reloaded(text)] == [t.text for t in doc]
    agreement = boundary_agreement(nlp.make_doc, articles)
    assert 0.0 < agreement["overall"] <= 1.0 and agreement["edges"] > 0

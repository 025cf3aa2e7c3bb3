"""The domain pkuseg segmenter: silver training text, training, and use inside the tokenizer."""
import spacy

import zh_industry_ner_components  # noqa: F401
from zh_industry_ner_components.tokenizer import CJK_RE
from zhner.markup import parse_article
from zhner.segmenter import (boundary_agreement, load_segmenter_pipeline, max_match, segment_article,
                             train_segmenter)
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


FRESH_PROCESS_PROBE = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
print(json.dumps({"segmenter": nlp.tokenizer.segmenter, "tokens": [t.text for t in nlp(sys.argv[2])]}, ensure_ascii=False))
"""


def test_pipeline_with_the_segmenter_loads_from_disk_in_a_fresh_process(tmp_path):
    import json
    import subprocess
    import sys

    articles, _ = validate(sorted((FIXTURES / "articles").rglob("*.txt")))
    nlp = load_segmenter_pipeline(train_segmenter(articles, articles[:2], tmp_path / "seg", iterations=1))
    nlp.to_disk(tmp_path / "pipeline")
    text = "總投資18億(yì)元的恒岳新能源电池材料项目在孝感开工"
    result = subprocess.run([sys.executable, "-c", FRESH_PROCESS_PROBE, str(tmp_path / "pipeline"), text],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["segmenter"] == "pkuseg"
    assert out["tokens"] == [t.text for t in nlp(text)]
    assert "".join(out["tokens"]) == text


def test_trained_segmenter_keeps_entity_edges_on_held_aside_articles(tmp_path):
    """Trained on 100 corpus articles, it keeps ≥98% of the entity edges of 40 articles it never saw."""
    from zhner.build import group_by_split, load_hand_articles
    from zhner.splits import read_splits
    from zhner import paths

    by_split = group_by_split(load_hand_articles(), read_splits(paths.SPLITS))
    held_aside = by_split["dev"][:40]
    nlp = load_segmenter_pipeline(train_segmenter(by_split["train"][:100], by_split["dev"][40:45], tmp_path / "seg",
                                                  iterations=2))
    trained = boundary_agreement(nlp.make_doc, held_aside)
    assert trained["edges"] > 1000
    assert trained["overall"] >= 0.98, trained

    # ... while still cutting words, not characters (which would keep every edge trivially).
    cjk_tokens = [t.text for a in held_aside for t in nlp.make_doc(a.text) if CJK_RE.match(t.text)]
    assert sum(map(len, cjk_tokens)) / len(cjk_tokens) > 1.3


def test_segmenter_training_is_seeded(tmp_path):
    articles, _ = validate(sorted((FIXTURES / "articles").rglob("*.txt")))
    first = train_segmenter(articles, articles[:2], tmp_path / "a", iterations=2, seed=3)
    second = train_segmenter(articles, articles[:2], tmp_path / "b", iterations=2, seed=3)
    for name in ("features.msgpack", "weights.npz"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_cut_cache_gives_the_same_words_and_stays_bounded(tmp_path, monkeypatch):
    from zh_industry_ner_components import tokenizer

    articles, _ = validate(sorted((FIXTURES / "articles").rglob("*.txt")))
    nlp = load_segmenter_pipeline(train_segmenter(articles, articles[:2], tmp_path / "seg", iterations=1))
    texts = [a.text for a in articles]
    first = [[t.text for t in nlp.make_doc(text)] for text in texts]
    assert [[t.text for t in nlp.make_doc(text)] for text in texts] == first  # from the cache
    monkeypatch.setattr(tokenizer, "_CUT_CACHE_SIZE", 3)
    nlp.tokenizer._cuts.clear()
    assert [[t.text for t in nlp.make_doc(text)] for text in texts] == first
    assert len(nlp.tokenizer._cuts) <= 3

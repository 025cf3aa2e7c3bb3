"""The domain pkuseg segmenter: silver training text, training, and use inside the tokenizer."""
import re

import pytest
import spacy

import zh_industry_ner_components  # noqa: F401
from zh_industry_ner_components.tokenizer import CJK_CHARS, CJK_RE
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


@pytest.fixture(scope="module")
def corpus_segmenter(tmp_path_factory):
    """A segmenter trained on 100 corpus train articles, and 40 dev articles it never saw."""
    from zhner import paths
    from zhner.build import group_by_split, load_hand_articles
    from zhner.splits import read_splits

    by_split = group_by_split(load_hand_articles(), read_splits(paths.SPLITS))
    model_dir = train_segmenter(by_split["train"][:100], by_split["dev"][40:45],
                                tmp_path_factory.mktemp("corpus-seg") / "seg", iterations=2)
    return load_segmenter_pipeline(model_dir), by_split["dev"][:40]


def test_trained_segmenter_keeps_entity_edges_on_held_aside_articles(corpus_segmenter):
    """Trained on 100 corpus articles, it keeps ≥98% of the entity edges of 40 articles it never saw."""
    nlp, held_aside = corpus_segmenter
    trained = boundary_agreement(nlp.make_doc, held_aside)
    assert trained["edges"] > 1000
    assert trained["overall"] >= 0.98, trained

    # ... while still cutting words, not characters (which would keep every edge trivially).
    cjk_tokens = [t.text for a in held_aside for t in nlp.make_doc(a.text) if CJK_RE.match(t.text)]
    assert sum(map(len, cjk_tokens)) / len(cjk_tokens) > 1.3


def test_fast_decoder_cuts_exactly_as_spacy_pkuseg(corpus_segmenter):
    """The tokenizer's decoder must give spacy_pkuseg's words: on every run of unseen articles,
    alone or batched, and on runs with the digits, letters and symbols pkuseg normalizes."""
    import numpy as np
    from spacy_pkuseg import inference
    from zh_industry_ner_components.pkuseg_decoder import PkusegDecoder

    nlp, held_aside = corpus_segmenter
    segmenter = nlp.tokenizer.pkuseg
    runs = [run for a in held_aside for run in re.findall(f"[{CJK_CHARS}]+", a.text)]
    runs += ["二〇二六年三月", "投资12.5亿元", "A股上市-科创板", "Ｂ轮融资：5000万", "项", ""]
    assert sum(map(len, runs)) > 10_000
    expected = [[len(word) for word in segmenter.cut(run)] for run in runs]
    assert any(len(lengths) > 1 for lengths in expected)
    decoder = PkusegDecoder(segmenter)
    # The scores the Viterbi reads, against those of spacy_pkuseg's own feature lists.
    extractor, model = segmenter.feature_extractor, segmenter.model
    for run, scores in zip(runs, decoder.node_scores(runs)):
        nodes = list(extractor.normalize_text(run))
        features = [extractor.get_node_features_idx(i, nodes) for i in range(len(nodes))]
        reference = inference.getLogYY(features, model.n_tag, model.n_feature * model.n_tag, model.w, 1.0)[0]
        np.testing.assert_allclose(scores, reference, rtol=1e-9, atol=1e-9, err_msg=run)
    assert decoder.cut_lengths(runs) == expected  # all in one batch
    assert [decoder.cut_lengths([run])[0] for run in runs] == expected  # one at a time, memo warm
    assert PkusegDecoder(segmenter).cut_lengths(runs[::-1]) == expected[::-1]  # another order, memo cold


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

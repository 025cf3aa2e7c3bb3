"""The lexicon tags the word embedding reads, and the embedding that carries the lexicons."""
import random

import numpy
import pytest
from spacy.util import registry

from zh_industry_ner_components.embed import drop_matches, hide_words, match_spans
from zh_industry_ner_components.name_lexicons import TAG_ID, LexiconMatcher, read_lexicon

O, B, I, L, U = (TAG_ID[t] for t in "OBILU")
ATTRS, ROWS = ["NORM", "LEMMA", "SHAPE"], [500, 500, 50]


@pytest.fixture()
def lexicon_dir(tmp_path):
    (tmp_path / "industries.tsv").write_text(
        "field\tparent\taliases\n新能源汽车\t汽车\t\n新能源\t能源\t\n塗料\t化工\t油漆\n茶\t农业\t\n", encoding="utf-8")
    (tmp_path / "companies.tsv").write_text(
        "full_name\tshort_names\tindustry\tkind\n宁德时代新能源科技股份有限公司\t宁德时代|CATL\t动力电池\tlisted\n",
        encoding="utf-8")
    return tmp_path


def test_lexicons_read_names_and_aliases_simplified_and_skip_single_characters(lexicon_dir):
    assert read_lexicon(lexicon_dir, "industries") == sorted(["新能源汽车", "新能源", "涂料", "油漆"])
    assert read_lexicon(lexicon_dir, "companies") == sorted(["宁德时代新能源科技股份有限公司", "宁德时代", "catl"])
    assert read_lexicon(lexicon_dir / "missing", "industries") == []
    with pytest.raises(ValueError, match="unknown lexicon"):
        read_lexicon(lexicon_dir, "people")


def test_longest_match_wins_and_matches_stop_at_word_edges():
    matcher = LexiconMatcher(["新能源", "新能源汽车", "涂料"])
    assert matcher.tags(["发展", "新能源", "汽车", "和", "涂料"]) == [O, B, L, O, U]
    # `涂料` inside the word `涂料厂` is not a match: only whole words are tagged
    assert matcher.tags(["涂料厂", "新能"]) == [O, O]


def test_traditional_and_glossed_text_match_through_the_norm(char_nlp, lexicon_dir):
    matcher = LexiconMatcher(read_lexicon(lexicon_dir, "industries"))
    plain, glossed = char_nlp.make_doc("塗料產業"), char_nlp.make_doc("塗(tú)料產(chǎn)業(yè)")
    assert matcher.tags([t.norm_ for t in plain]) == matcher.tags([t.norm_ for t in glossed]) == [B, L, O, O]


def test_dropout_hides_whole_matches():
    tags = [B, I, L, O, U, O, B, L]
    assert drop_matches(tags, 0.0, random.Random(0)) == tags
    assert drop_matches(tags, 1.0, random.Random(0)) == [O] * len(tags)
    for seed in range(20):
        dropped = drop_matches(tags, 0.5, random.Random(seed))
        # each match is kept whole or removed whole
        assert dropped[0:3] in ([B, I, L], [O, O, O]) and dropped[6:8] in ([B, L], [O, O])


def test_match_spans_are_the_whole_matches():
    assert match_spans([B, I, L, O, U, O, B, L]) == [(0, 3), (4, 5), (6, 8)]
    assert match_spans([O, O]) == []


def test_hidden_words_get_new_keys_in_the_word_columns_and_the_bigram_before_them():
    features = numpy.arange(15, dtype="uint64").reshape(5, 3)  # columns NORM, LEMMA, SHAPE
    kept = features.copy()
    hide_words(features, [(2, 4)], [0, 1], 1, 0.0, random.Random(0))
    assert (features == kept).all()
    hide_words(features, [(2, 4)], [0, 1], 1, 1.0, random.Random(0))
    changed = features != kept
    assert changed[2:4, :2].all() and not changed[2:4, 2].any()  # the shape stays
    assert changed[1].tolist() == [False, True, False]  # the bigram into the first hidden word
    assert not changed[[0, 4]].any()
    assert len({int(v) for v in features[2:4, 0]}) == 2  # each hidden word its own unseen key


def changed_while_training(char_nlp, lexicon_dir, **dropouts):
    """Which feature cells of 发展涂料产业 (char tokens; 涂料 the match) training changes from prediction."""
    docs = [char_nlp.make_doc("发展涂料产业")]
    model = build(lexicon_path=str(lexicon_dir), lexicon_rows=20, **dropouts)
    model.initialize(X=docs)
    extractor = next(node for node in model.walk() if node.name == "lexicon_extract_features")
    return extractor.predict(docs)[0] != extractor.begin_update(docs)[0][0]


def test_word_dropout_acts_while_training_only(char_nlp, lexicon_dir):
    changed = changed_while_training(char_nlp, lexicon_dir, lexicon_word_dropout=1.0)
    assert changed[2:4, :2].all()  # its words
    assert changed[1].tolist() == [False, True] + [False] * (changed.shape[1] - 2)  # the bigram 展涂
    assert not changed[[0, 4, 5]].any() and not changed[:, 2:].any()  # shape, affixes and tags stay


def build(**kwargs):
    return registry.architectures.get("zh_industry_ner.NormAffixLexiconEmbed.v1")(
        width=16, attrs=ATTRS, rows=ROWS, affix_rows=100, **kwargs)


def test_lexicon_is_read_at_initialization_and_travels_with_the_weights(char_nlp, lexicon_dir):
    docs = [char_nlp.make_doc("发展涂料产业"), char_nlp.make_doc("")]
    model = build(lexicon_path=str(lexicon_dir), lexicon_rows=20)
    model.initialize(X=docs[:1])
    vectors = model.predict(docs)
    assert [v.shape for v in vectors] == [(len(docs[0]), 16), (0, 16)]
    loaded = build(lexicon_path=str(lexicon_dir / "not-there"), lexicon_rows=20).from_bytes(model.to_bytes())
    assert numpy.allclose(loaded.predict(docs)[0], vectors[0])
    extractor = next(node for node in loaded.walk() if node.name == "lexicon_extract_features")
    assert extractor.attrs["lexicons"] == {"industries": read_lexicon(lexicon_dir, "industries")}
    # the tag column changes the vectors of the matched words and only those
    empty = build(lexicon_path=str(lexicon_dir), lexicon_rows=20).from_bytes(model.to_bytes())
    next(node for node in empty.walk() if node.name == "lexicon_extract_features").attrs["lexicons"] = {}
    changed = numpy.abs(empty.predict(docs[:1])[0] - vectors[0]).sum(axis=1) > 1e-6
    assert changed.tolist() == [False, False, True, True, False, False]


def test_each_lexicon_has_its_own_column_and_table(char_nlp, lexicon_dir):
    model = build(lexicons=["industries", "companies"], lexicon_path=str(lexicon_dir), lexicon_rows=20)
    docs = [char_nlp.make_doc("宁德时代布局涂料")]
    model.initialize(X=docs)
    extractor = next(node for node in model.walk() if node.name == "lexicon_extract_features")
    features = extractor.predict(docs)[0]
    assert features[:, -2].tolist() == [O, O, O, O, O, O, B, L]  # industries
    assert features[:, -1].tolist() == [B, I, I, L, O, O, O, O]  # companies
    assert sum(1 for n in model.walk() if n.name.startswith("hashembed") and n.get_dim("nV") == 20) == 2


def test_no_lexicon_rows_is_the_affix_embedding():
    plain = build(lexicon_rows=0)
    reference = registry.architectures.get("zh_industry_ner.NormAffixHashEmbed.v1")(
        width=16, attrs=ATTRS, rows=ROWS, affix_rows=100)
    assert [n.name for n in plain.walk()] == [n.name for n in reference.walk()]


def test_an_empty_lexicon_folder_is_refused_at_initialization(char_nlp, tmp_path):
    model = build(lexicon_path=str(tmp_path), lexicon_rows=20)
    with pytest.raises(ValueError, match="no names in industries.tsv"):
        model.initialize(X=[char_nlp.make_doc("涂料")])


def test_word_dropout_reaches_unmatched_words_too(char_nlp, lexicon_dir):
    changed = changed_while_training(char_nlp, lexicon_dir, word_dropout=1.0)
    assert changed[:, :2].all() and not changed[:, 2:].any()  # every word; never shape, affixes or tags

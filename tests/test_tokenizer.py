import spacy

import zh_industry_ner_components  # noqa: F401
from zh_industry_ner_components.tokenizer import doc_norms, split_tokens, token_norm


def make_nlp():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})


def test_glosses_fold_into_their_character():
    assert split_tokens("產(chǎn)業(yè)園") == ["產(chǎn)", "業(yè)", "園"]
    assert split_tokens("投(tou)資(zi)") == ["投(tou)", "資(zi)"]


def test_english_in_brackets_is_not_a_gloss():
    assert split_tokens("电池包(Pack)") == ["电", "池", "包", "(", "Pack", ")"]


def test_latin_and_number_runs_are_single_tokens():
    assert split_tokens("BYD投资16.08 亿元") == ["BYD", "投", "资", "16.08", " ", "亿", "元"]


def test_text_is_kept_exactly_and_norms_are_simplified():
    nlp = make_nlp()
    text = "遠航資本集團(tuán)投資18億元,建設(shè)項(xiàng)目\n  第二段"
    doc = nlp(text)
    assert doc.text == text
    norms = [t.norm_ for t in doc]
    assert norms[:6] == ["远", "航", "资", "本", "集", "团"]
    assert "，" in norms  # half-width comma reads as full-width


def test_glossed_traditional_and_clean_text_share_norms():
    nlp = make_nlp()
    clean = [t.norm_ for t in nlp("产业项目")]
    noisy = [t.norm_ for t in nlp("產(chǎn)業(yè)項(xiàng)目")]
    assert clean == noisy
    assert token_norm("ＡＢ") == "ab"


def make_word_nlp(**options):
    config = {"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.tokenizer.v1", **options}}}
    return spacy.blank("zh", config=config)


def test_full_width_norms_read_both_commas_alike():
    text = "投资,建设，项目。完成."
    plain = [t.norm_ for t in make_word_nlp()(text)]
    full = [t.norm_ for t in make_word_nlp(full_width_norms=True)(text)]
    # Off (how pipelines trained before the option read text): the two commas differ.
    assert plain[2] == "，" and plain[5] == ","
    assert full[2] == full[5] == "，"
    assert full[8] == "。"
    assert [t.norm_ for t in make_word_nlp(full_width_norms=True)("產(chǎn)業(yè)")] == ["产", "业"]


def test_lemma_is_the_bigram_of_norms_and_doc_norms_match_tokens():
    doc = make_word_nlp(full_width_norms=True)("產(chǎn)業(yè),園")
    norms = [t.norm_ for t in doc]
    assert [t.lemma_ for t in doc] == [a + b for a, b in zip(norms, norms[1:] + [""])]
    assert doc_norms(doc) == norms


def test_empty_text_gives_an_empty_doc():
    assert len(make_word_nlp()("")) == 0

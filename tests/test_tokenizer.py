import spacy

import zh_industry_ner_components  # noqa: F401
from zh_industry_ner_components.tokenizer import split_tokens, token_norm


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

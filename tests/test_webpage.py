"""Web pages as crawlers save them (tests/fixtures/pages: invented text, real page structure)."""
from pathlib import Path

import pytest
import spacy

from zhner.pages import furniture_entities, measure
from zhner.readers import read_source
from zhner.webpage import declared_encoding, decode, labelled_date

PAGES = Path(__file__).parent / "fixtures" / "pages"
# Strings that stand only in each page's furniture, each naming an entity a model could report.
FURNITURE = {
    "gov_article": ["青梧云联信息科技有限公司", "鼎泰动力储能电池二期项目", "ICP备", "打印本页"],
    "news_portal": ["华鑫光伏投资45亿元", "江南精工机械股份有限公司", "云帆数据中心二期项目", "金禾地产", "热点排行"],
    "wechat": ["远航资本集团", "恒岳新能源电池材料(二期)项目", "阅读原文"],
    "gbk_page": ["网站首页", "ICP备09001234号", "当前位置"],
}


def read(name: str, mode: str):
    data = (PAGES / f"{name}.html").read_bytes()
    return next(iter(read_source(data, name, ".html", None, "text", mode)))


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_main_text_holds_the_article_and_not_the_furniture(name):
    main, everything = read(name, "main"), read(name, "all")
    for line in (PAGES / f"{name}.body.txt").read_text(encoding="utf-8").splitlines():
        assert line in main.text.replace("\u3000", " ") or line.replace("\u3000", " ") in main.text
    for furniture in FURNITURE[name]:
        assert furniture in everything.text  # the page does carry it ...
        assert furniture not in main.text  # ... and the main text leaves it out
    assert main.extra["extraction"] == "main" and "extraction" not in everything.extra


def test_metadata_of_each_page():
    gov = read("gov_article", "main").extra
    assert gov["title"] == "青梧市新能源电池材料产业园项目开工建设" and gov["date"] == "2025-04-18"
    assert gov["url"].startswith("https://www.qingwu.gov.cn/") and gov["sitename"] == "青梧市人民政府"
    assert read("news_portal", "main").extra["url"] == "https://finance.yuanjiang.com.cn/2025/06/03/c_8812.html"
    assert read("wechat", "main").extra["date"] == "2025-07-08"
    assert read("gbk_page", "main").extra["date"] == "2024-11-20"  # 发布日期 on the page, not a guess


def test_gbk_page_is_read_through_its_meta_charset():
    data = (PAGES / "gbk_page.html").read_bytes()
    assert declared_encoding(data) == "gb18030"  # gb2312 read as its superset
    text, encoding = decode(data, html=True)
    assert encoding == "gb18030" and "白沙县召开重点项目建设推进会" in text


def test_page_without_an_article_falls_back_to_all_text():
    record = read("no_body", "main")
    assert record.extra["extraction"] == "fallback"
    assert "恒岳科技股份有限公司考察青梧" in record.text


def test_encodings_beyond_the_four():
    text = "啟德體育園項目明年落成，總投資約三百億港元，香港特區政府表示。"
    assert decode(text.encode("big5hkscs")) == (text, "big5hkscs")
    assert decode(text.encode("utf-16")) == (text, "utf-16")  # with its BOM
    assert decode("总投资18亿元的项目开工".encode("utf-16-le"))[0] == "总投资18亿元的项目开工"
    assert decode(b'<?xml version="1.0" encoding="GBK"?><p>' + "项目".encode("gbk") + b"</p>", html=True)[1] == "gb18030"
    with pytest.raises(UnicodeDecodeError):
        decode(b"\xff\xfe\xfa\x80\x81" * 3)  # looks like a BOM, reads as nothing
    assert labelled_date("发布时间：2025年3月9日 来源") == "2025-03-09"


def test_false_entities_are_counted_on_furniture_lines_only():
    nlp = spacy.blank("zh")
    doc = nlp.make_doc("鼎泰动力华中基地签约\n相关新闻\n江南精工扩产")
    doc.ents = [doc.char_span(0, 4, "COMPANY"), doc.char_span(16, 20, "COMPANY")]
    assert furniture_entities(doc, ["鼎泰动力华中基地签约"]) == ["COMPANY 江南精工"]

    report = measure(_furniture_model(), PAGES)
    assert set(report["pages"]) == set(FURNITURE)
    for name, modes in report["pages"].items():
        assert modes["all"]["furniture_entities"] > 0, name
        assert modes["main"]["furniture_entities"] == 0, name


def _furniture_model():
    """A stand-in model that marks company and project names, so the count has something to count."""
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "TEXT"})
    names = ["青梧云联信息科技有限公司", "鼎泰动力", "江南精工机械股份有限公司", "远航资本集团", "岚川锂业科技股份有限公司",
             "凌川氢能科技有限公司", "金禾食品", "华鑫光伏", "凌川氢能装备产业园项目", "白沙县人民政府"]
    ruler.add_patterns([{"label": "COMPANY", "pattern": n} for n in names])
    return nlp

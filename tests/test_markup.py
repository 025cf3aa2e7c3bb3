import pytest

from zhner.markup import MarkupError, Span, parse_article, parse_body, render_body

HEADER = "id: x-1\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"


def test_nested_project_parses_into_flat_and_inner_layers():
    article = parse_article(HEADER + "{{恒岳|COMPANY}{新能源电池材料|INDUSTRY}(二期)项目|PROJECT}总投资{18亿|AMOUNT}。")
    assert article.text == "恒岳新能源电池材料(二期)项目总投资18亿。"
    assert [(article.text[s.start:s.end], s.label) for s in article.ents] == [
        ("恒岳新能源电池材料(二期)项目", "PROJECT"), ("18亿", "AMOUNT")]
    assert [(article.text[s.start:s.end], s.label) for s in article.nested] == [
        ("恒岳", "COMPANY"), ("新能源电池材料", "INDUSTRY")]
    assert len(article.spans) == 4


def test_escapes_are_literal_text():
    text, spans = parse_body(r"a\{b\}c\|d\\e{x|AMOUNT}")
    assert text == "a{b}c|d\\ex"
    assert spans[0][0].label == "AMOUNT"


@pytest.mark.parametrize("body, line, reason", [
    ("第一行\n{未闭合的", 7, "never closed"),
    ("第一行\n第二行{江南|FIRM}", 7, "unknown label"),
    ("x}", 6, "without '|LABEL'"),
    ("a|b", 6, "not followed by LABEL"),
    ("{{江南|COMPANY}精工|COMPANY}", 6, "not inside a PROJECT"),
    ("{{18亿|AMOUNT}项目|PROJECT}", 6, "may not nest"),
])
def test_malformed_markup_names_the_line(body, line, reason):
    with pytest.raises(MarkupError) as err:
        parse_article(HEADER + body, "f.txt")
    assert err.value.line == line and reason in err.value.reason
    assert str(err.value).startswith(f"f.txt:{line}:")


def test_missing_header_key_is_reported():
    with pytest.raises(MarkupError, match="lacks 'genre'"):
        parse_article("id: x\nprovince: 湖北\norigin: hand\n---\n正文")


def test_render_is_the_inverse_of_parse():
    body = "{{恒岳|COMPANY}{新能源|INDUSTRY}项目|PROJECT}投资{5亿元|AMOUNT}，a\\|b"
    text, spans = parse_body(body)
    ents = [s for s, d in spans if d == 0]
    nested = [s for s, d in spans if d == 1]
    assert render_body(text, ents, nested) == body
    assert render_body("ab", [Span(0, 2, "COMPANY")]) == "{ab|COMPANY}"

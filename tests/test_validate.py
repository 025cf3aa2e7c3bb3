from zhner.markup import Span
from zhner.validate import span_problems, validate

HEADER = "id: {id}\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"


def write(tmp_path, name, body, header=HEADER):
    path = tmp_path / f"{name}.txt"
    path.write_text(header.format(id=name) + body, encoding="utf-8")
    return path


def test_whitespace_edged_and_overlapping_spans():
    text = "江南精工 投资5亿元"
    problems = [reason for _, reason in span_problems(text, [Span(0, 5, "COMPANY"), Span(3, 6, "AMOUNT")])]
    assert any("whitespace" in p for p in problems)
    assert any("overlap" in p for p in problems)


def test_unknown_label_empty_span_and_nested_outside_project():
    text = "江南精工投资5亿元"
    problems = [r for _, r in span_problems(text, [Span(0, 4, "ORG"), Span(4, 4, "AMOUNT"), Span(6, 9, "AMOUNT")],
                                            [Span(6, 7, "COMPANY")])]
    assert any("unknown label" in p for p in problems)
    assert any("empty" in p for p in problems)
    assert any("not inside a PROJECT" in p for p in problems)


def test_one_bad_file_does_not_stop_the_others(tmp_path):
    good = write(tmp_path, "a-1", "{江南精工|COMPANY}投资{5亿元|AMOUNT}")
    bad = write(tmp_path, "a-2", "第一行\n{江南精工")
    odd = write(tmp_path, "a-3", "{ 江南精工|COMPANY}", HEADER.replace("signing", "poetry"))
    articles, findings = validate([good, bad, odd])
    assert [a.id for a in articles] == ["a-1", "a-3"]
    messages = [str(f) for f in findings]
    assert any(m.startswith(f"{bad}:7:") and "never closed" in m for m in messages)
    assert any("unknown genre" in m for m in messages)
    assert any(m.startswith(f"{odd}:6:") and "whitespace" in m for m in messages)


def test_duplicate_ids_and_file_names(tmp_path):
    a = write(tmp_path, "a-1", "正文")
    (tmp_path / "sub").mkdir()
    b = tmp_path / "sub" / "other.txt"
    b.write_text(HEADER.format(id="a-1") + "正文", encoding="utf-8")
    _, findings = validate([a, b])
    assert any("duplicate id" in str(f) for f in findings)

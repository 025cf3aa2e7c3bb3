import json

from zhner.readers import Failure, Record, decode, html_to_text, iter_inputs

TEXT = "江南精工股份有限公司在襄阳投资建设项目，总投资3.6亿元。"


def test_encodings_are_detected():
    assert decode(TEXT.encode("utf-8"))[1] == "utf-8"
    assert decode(b"\xef\xbb\xbf" + TEXT.encode("utf-8")) == (TEXT, "utf-8-sig")
    assert decode(TEXT.encode("gb18030")) == (TEXT, "gb18030")
    trad = "遠航資本集團在台北投資建設項目，總投資3.6億元。"
    assert decode(trad.encode("big5")) == (trad, "big5hkscs")  # Big5 is read as its HKSCS superset


def test_html_is_stripped_to_visible_text():
    page = "<html><head><style>p{}</style><script>var a='投资';</script></head><body><p>甲&amp;乙</p><div>投资<b>5亿元</b></div></body></html>"
    assert html_to_text(page) == "甲&乙\n投资5亿元"


def test_inputs_of_every_kind_and_failures(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(f"<p>{TEXT}</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": TEXT, "url": "u"}, ensure_ascii=False) + "\n{oops\n", encoding="utf-8")
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\xfa\x80\x81" * 3)
    items = list(iter_inputs([str(tmp_path), str(tmp_path / "missing.txt")]))
    records = [i for i in items if isinstance(i, Record)]
    failures = {f.source.split("/")[-1]: f.reason for f in items if isinstance(f, Failure)}
    assert sorted(r.id for r in records) == ["a", "b", "c:1"]  # a JSONL line without id: file stem and line
    assert next(r for r in records if r.id == "c:1").extra == {"url": "u"}
    assert "c.jsonl:2" in failures and "JSON" in failures["c.jsonl:2"]
    assert failures["empty.md"] == "empty input"
    assert "decode" in failures["bad.txt"]
    assert "no such file" in failures["missing.txt"]

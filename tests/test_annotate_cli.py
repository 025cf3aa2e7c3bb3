"""Drive the real `zhner annotate` in a subprocess on the tiny trained model."""
import csv
import io
import json

import pytest

from conftest import run_zhner

TEXT = "4月2日，恒岳新能源电池材料(二期)项目在孝感签约，总投资18亿。项目由恒岳科技股份有限公司建设。"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.md").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    (folder / "c_gbk.txt").write_bytes(TEXT.encode("gb18030"))
    (folder / "d_big5.txt").write_bytes("遠航資本集團在台北投資建設項目，總投資3.6億元。".encode("big5"))
    (folder / "e.html").write_text(f"<html><body><h1>标题</h1><p>{TEXT}</p><script>x()</script></body></html>", encoding="utf-8")
    (folder / "f.jsonl").write_text(json.dumps({"id": "r1", "text": TEXT, "url": "http://x"}, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "g_bad.txt").write_bytes(b"\x81\x30\xff\xff\xfe" * 4)  # decodes in no supported encoding
    (folder / "h_empty.txt").write_text("", encoding="utf-8")
    return folder


def annotate(model, *args, check=False, **kwargs):
    return run_zhner(["annotate", "--model", model, *args], check=check, **kwargs)


def test_jsonl_output_for_every_input_kind_with_a_bad_file_in_the_middle(tiny_model, inputs, tmp_path):
    out = tmp_path / "out.jsonl"
    result = annotate(tiny_model, inputs, "--format", "jsonl", "-o", out)
    assert result.returncode == 1  # something failed ...
    assert "g_bad.txt: cannot decode" in result.stderr and "h_empty.txt: empty input" in result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == ["a", "b", "c_gbk", "d_big5", "e", "r1"]  # ... the rest completed
    by_id = {r["id"]: r for r in records}
    assert by_id["c_gbk"]["text"] == TEXT and by_id["b"]["text"] == TEXT
    assert by_id["d_big5"]["text"].startswith("遠航資本集團")
    assert by_id["r1"]["url"] == "http://x" and by_id["r1"]["source"].endswith("f.jsonl:1")
    # HTML: the article body (trafilatura) with the page's metadata beside it
    assert by_id["e"]["text"] == TEXT and by_id["e"]["title"] == "标题" and by_id["e"]["extraction"] == "main"
    assert "annotated 6 texts" in result.stderr and "2 inputs failed" in result.stderr
    found = 0
    for record in records:
        for span in record["ents"] + record["spans"]:
            assert record["text"][span["start"]:span["end"]] == span["text"]
            found += 1
            if span["label"] == "AMOUNT" and "amount" in span:
                assert span["amount"]["currency"] in {"CNY", "USD", "EUR", "HKD", "JPY", "GBP"}
    assert found > 0, "the tiny model should find something in its own training text"


def test_csv_and_html_outputs(tiny_model, inputs, tmp_path):
    csv_out, html_out = tmp_path / "out.csv", tmp_path / "out.html"
    assert annotate(tiny_model, inputs / "a.txt", "--format", "csv", "-o", csv_out).returncode == 0
    rows = list(csv.DictReader(io.StringIO(csv_out.read_text(encoding="utf-8"))))
    assert rows and {"source", "label", "text", "start", "end", "amount_min", "currency"} <= set(rows[0])
    assert all(TEXT[int(r["start"]):int(r["end"])] == r["text"] for r in rows)
    assert annotate(tiny_model, inputs / "a.txt", "--format", "html", "-o", html_out).returncode == 0
    page = html_out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>") and "doc.spans" in page


def test_stdin_and_stdout(tiny_model):
    result = annotate(tiny_model, "-", input=TEXT)
    assert result.returncode == 0
    record = json.loads(result.stdout)
    assert record["text"] == TEXT and record["source"] == "<stdin>"


def test_failed_run_leaves_no_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    result = annotate(tmp_path / "no-such-model", tmp_path, "-o", out)
    assert result.returncode == 2 and "cannot load model" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_large_input_is_read_in_pieces_with_true_offsets(tiny_model, tmp_path):
    paragraph = TEXT + "\n"
    big = paragraph * (1_050_000 // len(paragraph) + 1)  # over a megabyte of characters
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    out = tmp_path / "big.jsonl"
    result = annotate(tiny_model, tmp_path / "big.txt", "-o", out, "--max-chunk", "5000", check=True)
    assert result.returncode == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert len(record["text"]) == len(big)
    assert all(big[s["start"]:s["end"]] == s["text"] for s in record["ents"])
    starts = [s["start"] for s in record["ents"]]
    assert starts == sorted(starts) and max(starts) > 1_000_000


def test_two_processes_give_the_same_output(tiny_model, inputs, tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    annotate(tiny_model, inputs, "-o", one, "--batch-size", "2")
    annotate(tiny_model, inputs, "-o", two, "--batch-size", "2", "--n-process", "2")
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")

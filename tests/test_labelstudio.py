"""Label Studio tasks out, corrected articles back in: the round trip without a server."""
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, run_zhner
from zhner.corpus_import import import_file, read_tasks
from zhner.io_utils import write_new_text
from zhner.labelstudio import labeling_config, model_version, task_from_result
from zhner.markup import read_article, render_body

TEXT = "4月2日，恒岳新能源电池材料(二期)项目在孝感签约，总投资18亿。项目由恒岳科技股份有限公司建设。"
PROJECT = "恒岳新能源电池材料(二期)项目"


def result_of(article) -> dict:
    """An article as `zhner annotate` would give it back: id, its header fields, text, ents and spans."""
    def spans(items):
        return [{"start": s.start, "end": s.end, "label": s.label, "text": article.text[s.start:s.end]} for s in items]

    return {**{k: v for k, v in article.meta.items() if k not in ("origin", "source_id")},
            "text": article.text, "ents": spans(article.ents), "spans": spans(article.spans)}


def markup(article) -> str:
    return render_body(article.text, article.ents, article.nested)


def exported(task: dict, number: int, result=None, **annotation) -> dict:
    """A task as Label Studio's JSON export writes it once a person has submitted an annotation."""
    regions = task["predictions"][0]["result"] if result is None else result
    return {"id": number, "data": task["data"], "predictions": [number],
            "annotations": [{"id": number, "completed_by": 1, "result": regions, "was_cancelled": False,
                             "created_at": "2026-12-05T08:00:00Z", "updated_at": "2026-12-05T08:00:00Z",
                             **annotation}]}


def region(layer, start, end, label, text=TEXT):
    return {"from_name": layer, "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def write_json(path: Path, value) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


def test_labeling_config_has_the_two_layers_over_one_text():
    root = ET.fromstring(labeling_config())
    texts = root.findall("Text")
    assert [t.get("name") for t in texts] == ["text"] and texts[0].get("value") == "$text"
    controls = {c.get("name"): c for c in root.findall("Labels")}
    assert set(controls) == {"flat", "nested"} and all(c.get("toName") == "text" for c in controls.values())
    assert [l.get("value") for l in controls["flat"]] == ["PROJECT", "COMPANY", "AMOUNT", "INDUSTRY"]
    assert [l.get("value") for l in controls["nested"]] == ["COMPANY", "INDUSTRY"]
    assert all(l.get("background", "").startswith("#") for c in controls.values() for l in c)


def test_model_version_names_the_package():
    assert model_version({"lang": "zh", "name": "industry_ner", "version": "0.1.0"}) == "zh_industry_ner-0.1.0"
    assert model_version({"lang": "zh", "name": "zh_industry_ner", "version": "0.2.0"}) == "zh_industry_ner-0.2.0"


def test_annotate_writes_label_studio_tasks(tiny_model, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": TEXT, "url": "http://example.com/1"}, ensure_ascii=False) + "\n"
                      + json.dumps({"id": "r2", "text": "今天天气晴。"}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "tasks.json"
    run_zhner(["annotate", source, "--model", tiny_model, "--format", "labelstudio", "-o", out])
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert [t["data"]["id"] for t in tasks] == ["r1", "r2"]
    assert tasks[0]["data"]["text"] == TEXT and tasks[0]["data"]["url"] == "http://example.com/1"
    meta = json.loads((Path(tiny_model) / "meta.json").read_text(encoding="utf-8"))
    for task in tasks:
        (prediction,) = task["predictions"]
        assert prediction["model_version"] == model_version(meta) and "score" in prediction
        for item in prediction["result"]:
            value = item["value"]
            assert item["from_name"] in ("flat", "nested") and item["to_name"] == "text" and item["type"] == "labels"
            assert task["data"]["text"][value["start"]:value["end"]] == value["text"] and len(value["labels"]) == 1
    # The tiny model's own spans must come back: flat regions are exactly what JSONL calls ents.
    jsonl = run_zhner(["annotate", source, "--model", tiny_model, "--format", "jsonl"]).stdout.splitlines()
    ents = [(e["start"], e["end"], e["label"]) for e in json.loads(jsonl[0])["ents"]]
    flat = [(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
            for r in tasks[0]["predictions"][0]["result"] if r["from_name"] == "flat"]
    assert flat == ents


def test_round_trip_article_to_task_to_export_to_the_same_markup(tmp_path):
    """Every fixture article → task → Label Studio export (annotation = prediction) → import → same markup."""
    articles = [read_article(p) for p in sorted((FIXTURES / "articles").rglob("*.txt"))]
    assert any(a.nested for a in articles)  # the fixtures hold nested spans, so both layers travel
    tasks = [task_from_result(result_of(a), "zh_industry_ner-0.1.0") for a in articles]
    export = write_json(tmp_path / "export.json", [exported(t, n) for n, t in enumerate(tasks, 1)])
    corpus = tmp_path / "articles"
    result = run_zhner(["corpus", "import", export, "--batch", "lsrt", "--articles", corpus])
    assert f"{len(articles)} articles written" in result.stderr
    back = [read_article(p) for p in sorted((corpus / "lsrt").glob("*.txt"))]
    assert [b.id for b in back] == [f"lsrt-{n:04d}" for n in range(1, len(articles) + 1)]
    for original, imported in zip(articles, back):
        assert markup(imported) == markup(original)
        for key in ("province", "genre", "title"):
            assert imported.meta.get(key) == original.meta.get(key)
        assert imported.meta["origin"] == "hand" and imported.meta["imported_from"].startswith("labelstudio task ")
    assert run_zhner(["corpus", "validate", corpus]).returncode == 0


def good_task(number: int) -> dict:
    result = {"id": f"g{number}", "text": TEXT, "province": "湖北", "genre": "signing",
              "ents": [{"start": 5, "end": 5 + len(PROJECT), "label": "PROJECT"}],
              "spans": [{"start": 5, "end": 5 + len(PROJECT), "label": "PROJECT"},
                        {"start": 5, "end": 7, "label": "COMPANY"}]}
    return task_from_result(result, "v")


def test_import_of_a_bad_export_names_each_bad_task_and_writes_the_good_ones(tmp_path):
    amount = TEXT.index("18亿")
    company = TEXT.index("恒岳科技")
    bad = {
        101: [region("flat", 5, 5 + len(PROJECT), "PROJECT"), region("flat", 7, 12, "INDUSTRY")],  # overlap
        102: [region("nested", company, company + 4, "COMPANY")],  # nested outside a project
        103: [region("flat", amount, amount + 3, "MONEY")],  # unknown label
        104: [{**region("flat", amount, amount + 3, "AMOUNT"), "value": {"start": amount, "end": amount + 3,
                                                                        "text": "19亿", "labels": ["AMOUNT"]}}],
    }
    items = [exported(good_task(1), 1)]
    items += [exported(good_task(n), n, result) for n, result in bad.items()]
    items.append({**exported(good_task(105), 105), "annotations": []})  # predictions only, never submitted
    items.append(exported(good_task(106), 106, was_cancelled=True))  # skipped by the annotator
    items.append(exported(good_task(2), 2))
    export = write_json(tmp_path / "export.json", items)
    corpus = tmp_path / "articles"
    result = run_zhner(["corpus", "import", export, "--batch", "fix", "--articles", corpus], check=False)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    reasons = {n: [line for line in lines if f": task {n}: " in line] for n in (*bad, 105, 106)}
    assert "flat spans overlap" in reasons[101][0]
    assert "not inside a PROJECT" in reasons[102][0]
    assert "unknown label 'MONEY'" in reasons[103][0]
    assert "slice to '18亿'" in reasons[104][0]
    assert "no submitted annotation" in reasons[105][0] and "no submitted annotation" in reasons[106][0]
    assert sorted(p.name for p in (corpus / "fix").iterdir()) == ["fix-0001.txt", "fix-0002.txt"]
    assert read_article(corpus / "fix" / "fix-0002.txt").meta["imported_from"] == "labelstudio task 2"


def test_the_latest_submitted_annotation_wins(tmp_path):
    amount = TEXT.index("18亿")
    older = [region("flat", amount, amount + 3, "AMOUNT")]
    newer = [region("flat", amount, amount + 3, "AMOUNT"), region("flat", 5, 5 + len(PROJECT), "PROJECT")]
    item = exported(good_task(7), 7, newer, updated_at="2026-12-05T09:00:00Z")
    item["annotations"].insert(0, {**item["annotations"][0], "id": 8, "result": older,
                                   "updated_at": "2026-12-05T08:00:00Z"})
    item["annotations"].append({**item["annotations"][0], "id": 9, "result": [], "was_cancelled": True,
                                "updated_at": "2026-12-05T10:00:00Z"})
    written, failures = import_file(write_json(tmp_path / "e.json", [item]), "b", tmp_path / "a")
    assert not failures
    assert [s.label for s in read_article(written[0]).ents] == ["PROJECT", "AMOUNT"]


def test_doccano_and_zhner_jsonl_imports(tmp_path):
    amount = TEXT.index("18亿")
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": 1, "text": TEXT, "label": [[5, 5 + len(PROJECT), "PROJECT"], [amount, amount + 3, "AMOUNT"]]},
        {"id": 2, "text": TEXT, "label": [[amount, amount + 3, "AMOUNT"], [amount + 1, amount + 3, "AMOUNT"]]},
    ]) + "\n", encoding="utf-8")
    corpus = tmp_path / "articles"
    written, failures = import_file(doccano, "dc", corpus, province="湖北", genre="signing")
    assert len(written) == 1 and len(failures) == 1 and "doccano.jsonl:2: task 2: flat spans overlap" in failures[0]
    article = read_article(written[0])
    assert [(s.label, article.text[s.start:s.end]) for s in article.ents] == [("PROJECT", PROJECT), ("AMOUNT", "18亿")]
    assert article.meta["imported_from"] == "jsonl task 1"

    zhner_jsonl = tmp_path / "zhner.jsonl"
    zhner_jsonl.write_text(json.dumps({"id": "z1", "text": TEXT, "genre": "signing",
                                       "ents": [{"start": 5, "end": 5 + len(PROJECT), "label": "PROJECT"}],
                                       "spans": [{"start": 5, "end": 5 + len(PROJECT), "label": "PROJECT"},
                                                 {"start": 7, "end": 12, "label": "INDUSTRY", "text": "新能源电池"}]},
                                      ensure_ascii=False) + "\n", encoding="utf-8")
    written, failures = import_file(zhner_jsonl, "dc", corpus, province="湖北")
    assert not failures and written[0].name == "dc-0002.txt"
    article = read_article(written[0])
    assert [(s.label, article.text[s.start:s.end]) for s in article.nested] == [("INDUSTRY", "新能源电池")]
    assert article.meta["genre"] == "signing" and article.meta["province"] == "湖北"


def test_a_task_without_province_or_genre_is_refused(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"id": 3, "text": TEXT, "label": []}) + "\n", encoding="utf-8")
    written, failures = import_file(path, "x", tmp_path / "a", genre="signing")
    assert not written and "no province: give --province" in failures[0]
    written, failures = import_file(path, "x", tmp_path / "a", province="火星", genre="signing")
    assert not written and "unknown province '火星'" in failures[0]


def test_import_never_overwrites_an_existing_article(tmp_path):
    corpus = tmp_path / "articles"
    existing = corpus / "b" / "b-0001.txt"
    existing.parent.mkdir(parents=True)
    existing.write_text("kept as it was", encoding="utf-8")
    written, _ = import_file(write_json(tmp_path / "e.json", [exported(good_task(1), 1)]), "b", corpus)
    assert [p.name for p in written] == ["b-0002.txt"] and existing.read_text(encoding="utf-8") == "kept as it was"
    with pytest.raises(FileExistsError):
        write_new_text(existing, "new")
    assert existing.read_text(encoding="utf-8") == "kept as it was"
    assert sorted(p.name for p in existing.parent.iterdir()) == ["b-0001.txt", "b-0002.txt"]  # no temporary left


def test_unreadable_export_is_one_clear_error(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1,\n "data": }]', encoding="utf-8")
    result = run_zhner(["corpus", "import", broken, "--batch", "x", "--articles", tmp_path / "a"], check=False)
    assert result.returncode == 2 and f"{broken}:2: not valid JSON" in result.stderr
    assert not (tmp_path / "a").exists()
    kind, tasks = read_tasks(write_json(tmp_path / "ok.json", []))
    assert (kind, tasks) == ("labelstudio", [])

"""The round trip against a real Label Studio: tasks in, a person's correction, export, import.

The server comes from its own virtual environment (`make labelstudio-venv`). Without it the test is
skipped, unless ZHNER_REQUIRE_LABEL_STUDIO=1 (as in `make test`, so CI runs it).
"""
import json
import os

import pytest

from conftest import run_zhner
from zhner.labelstudio import labeling_config
from zhner.labelstudio_server import EXECUTABLE, LabelStudioServer
from zhner.markup import read_article

TEXT = "4月2日，恒岳新能源电池材料(二期)项目在孝感签约，总投资18亿。项目由恒岳科技股份有限公司建设，达产后年产值可达30亿元。"
CHANGED = "30亿元"

if not EXECUTABLE.exists():
    if os.environ.get("ZHNER_REQUIRE_LABEL_STUDIO") == "1":
        raise RuntimeError(f"{EXECUTABLE} missing and ZHNER_REQUIRE_LABEL_STUDIO=1: run `make labelstudio-venv`")
    pytest.skip("Label Studio not installed (make labelstudio-venv)", allow_module_level=True)


def test_correction_made_in_label_studio_comes_back_as_markup(tiny_model, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "text": TEXT, "province": "湖北", "genre": "signing",
                                  "title": "恒岳项目签约"}, ensure_ascii=False) + "\n", encoding="utf-8")
    tasks_path = tmp_path / "tasks.json"
    run_zhner(["annotate", source, "--model", tiny_model, "--format", "labelstudio", "-o", tasks_path])
    tasks = json.loads(tasks_path.read_text(encoding="utf-8"))

    with LabelStudioServer(tmp_path / "label-studio") as server:
        project = server.create_project("zhner round trip", labeling_config())
        summary = server.import_tasks(project, tasks)
        assert summary["task_count"] == 1 and summary["prediction_count"] == 1
        (task,) = server.tasks(project)
        assert task["data"]["text"] == TEXT
        # The person's correction changes one span: 30亿元 becomes an AMOUNT, or stops being one where
        # the tiny model already marked it, so the annotation always differs from the prediction.
        start = TEXT.index(CHANGED)
        predicted = tasks[0]["predictions"][0]["result"]
        amount = {"id": "fixed", "from_name": "flat", "to_name": "text", "type": "labels",
                  "value": {"start": start, "end": start + len(CHANGED), "text": CHANGED, "labels": ["AMOUNT"]}}
        had_it = any(r["value"] == amount["value"] and r["from_name"] == "flat" for r in predicted)
        regions = [r for r in predicted if r["value"]["end"] <= start or r["value"]["start"] >= start + len(CHANGED)]
        if not had_it:
            regions.append(amount)
        server.submit_annotation(task["id"], regions)
        export = server.export(project)

    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    corpus = tmp_path / "articles"
    run_zhner(["corpus", "import", export_path, "--batch", "ls", "--articles", corpus])
    article = read_article(corpus / "ls" / "ls-0001.txt")
    assert article.text == TEXT and article.meta["title"] == "恒岳项目签约" and article.meta["province"] == "湖北"
    assert (("AMOUNT", CHANGED) in [(s.label, TEXT[s.start:s.end]) for s in article.ents]) != had_it
    expected = sorted((r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                      for r in regions if r["from_name"] == "flat")
    assert sorted((s.start, s.end, s.label) for s in article.ents) == expected
    assert sorted((s.start, s.end, s.label) for s in article.nested) == sorted(
        (r["value"]["start"], r["value"]["end"], r["value"]["labels"][0]) for r in regions if r["from_name"] == "nested")
    assert (f"{{{CHANGED}|AMOUNT}}" in (corpus / "ls" / "ls-0001.txt").read_text(encoding="utf-8")) != had_it

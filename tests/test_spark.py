"""`zhner spark-annotate` and `annotate_dataframe` in local[2]: one SparkSession for the module.

Needs Java 17 and the `spark` extra (pyspark, pyarrow); CI installs both (.ci/run, make test),
so nothing here is skipped.
"""
import json
import os
import sys
from pathlib import Path

import pytest

from conftest import run_zhner

from pyspark.sql import SparkSession

from zhner import annotate as annotate_module
from zhner import spark_annotate
from zhner.cli import main as zhner_main
from zhner.spark_annotate import annotate_dataframe

TEXT = "4月2日，恒岳新能源电池材料(二期)项目在孝感签约，总投资18亿。项目由恒岳科技股份有限公司建设。"


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (SparkSession.builder.master("local[2]").appName("zhner tests")
               .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.shuffle.partitions", "2").config("spark.driver.host", "127.0.0.1")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def read_json_parts(folder: Path) -> list[dict]:
    assert (folder / "_SUCCESS").exists(), "the job did not commit"
    records = []
    for part in sorted(folder.glob("part-*.json")):
        records += [json.loads(line) for line in part.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records


def without_nulls(value):
    """Spark's JSON writer leaves null fields out; zhner annotate leaves absent ones out."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def run_spark(*args):
    return zhner_main(["spark-annotate", *map(str, args)])


@pytest.fixture(scope="module")
def jsonl_inputs(corpus_root, tmp_path_factory):
    """The test split (clean and its noisy variants) and a file of long, id-less and odd records."""
    folder = tmp_path_factory.mktemp("jsonl")
    paragraphs = "\n".join(f"第{i}段。" + TEXT * 3 for i in range(40))  # ~6,000 characters: read in pieces
    lines = [json.dumps({"id": "long", "text": paragraphs, "meta": {"n": 40, "tags": ["a", "b"]}}, ensure_ascii=False),
             "",  # a blank line is no record (and still counts as a line)
             json.dumps({"text": TEXT, "url": "http://x", "score": 1.5}, ensure_ascii=False),  # id: extra:3
             json.dumps({"id": 7, "text": TEXT.replace("孝感", "武汉")}, ensure_ascii=False)]
    (folder / "extra.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    build = corpus_root / "corpus" / "build"
    return [build / "test.jsonl", build / "test-trad.jsonl", build / "test-trad_gloss.jsonl", folder / "extra.jsonl"]


def test_the_shared_cutting_function_is_zhner_annotates():
    assert spark_annotate.annotate_records is annotate_module.annotate_records
    assert spark_annotate.MAX_CHUNK == annotate_module.MAX_CHUNK


def test_a_record_the_pipeline_fails_on_is_an_error_not_a_failed_task():
    """The worker's function on one Arrow batch, in this process: the batch goes again a record at
    a time, and only the record the pipeline raises on gets an error."""
    import pyarrow as pa
    import spacy
    from spacy.language import Language

    if "zhner_test_boom" not in Language.factories:
        @Language.component("zhner_test_boom")
        def boom(doc):
            if "BOOM" in doc.text:
                raise ValueError("boom")
            return doc

    nlp = spacy.blank("xx")
    nlp.add_pipe("zhner_test_boom")
    spark_annotate._MODELS["test:boom"] = nlp
    batch = pa.RecordBatch.from_pydict({
        "__zhner_text": ["一个文本", "BOOM 文本", None, "又一个"], "__zhner_id": ["a", "b", "c", None],
        "__zhner_source": [None] * 4, "__zhner_fallback": ["r1", "r2", "r3", "r4"], "n": [1, 2, 3, 4]})
    plan = spark_annotate._plan("column", "test:boom")
    plan["passthrough"] = ["n"]
    [out] = list(spark_annotate.annotate_batches(iter([batch]), plan))
    rows = out.to_pylist()
    assert [r["error"] for r in rows] == [None, "pipeline failed: ValueError: boom", "no string field 'text'", None]
    assert [r["id"] for r in rows] == ["a", "b", "c", "r4"] and [r["n"] for r in rows] == [1, 2, 3, 4]


def test_jsonl_output_equals_zhner_annotate_record_for_record(spark, tiny_model, jsonl_inputs, tmp_path, capsys):
    expected_file = tmp_path / "annotate.jsonl"
    run_zhner(["annotate", "--model", tiny_model, *jsonl_inputs, "-o", expected_file, "--progress", "off"])
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()]

    out = tmp_path / "spark-jsonl"
    assert run_spark(*jsonl_inputs, out, "--model", tiny_model, "--format", "jsonl") == 0
    got = read_json_parts(out)
    assert len(got) == len(expected) == 6
    by_source = {r["source"]: r for r in got}
    for record in expected:
        assert without_nulls(by_source[record["source"]]) == without_nulls(record), record["source"]
    # the long record was cut into pieces, and offsets still point into the whole text
    long = by_source[f"{jsonl_inputs[-1]}:1"]
    assert len(long["text"]) > 3 * annotate_module.MAX_CHUNK
    assert all(long["text"][s["start"]:s["end"]] == s["text"] for s in long["ents"] + long["spans"])
    assert max(s["start"] for s in long["ents"]) > annotate_module.MAX_CHUNK
    assert {by_source[f"{jsonl_inputs[-1]}:3"]["id"], by_source[f"{jsonl_inputs[-1]}:4"]["id"]} == {"extra:3", "7"}
    summary = capsys.readouterr().err
    assert "annotated 6 texts" in summary and "0 records with errors" in summary

    # Parquet, the default: the same records, as typed columns a user can explode in SQL
    parquet = tmp_path / "spark-parquet"
    assert run_spark(*jsonl_inputs, parquet, "--model", tiny_model) == 0
    df = spark.read.parquet(str(parquet))
    assert df.schema["ents"].dataType.simpleString().startswith("array<struct<start:int,end:int,label:string,text:string,amount:struct<min:double")
    rows = {r["source"]: without_nulls(r.asDict(recursive=True)) for r in df.collect()}
    assert rows == {k: without_nulls(v) for k, v in by_source.items()}
    df.createOrReplaceTempView("annotated")
    counts = dict(spark.sql("SELECT e.label, count(*) AS n FROM annotated LATERAL VIEW explode(ents) t AS e "
                            "GROUP BY e.label").collect())
    assert sum(counts.values()) == sum(len(r["ents"]) for r in got) > 0


def test_bad_records_get_an_error_and_the_job_completes(spark, tiny_model, tmp_path, capsys):
    jsonl = tmp_path / "bad.jsonl"
    lines = [json.dumps({"id": "ok", "text": TEXT}, ensure_ascii=False),
             json.dumps({"id": "null", "text": None}),
             json.dumps({"id": "empty", "text": " "}),
             json.dumps({"id": "number", "text": 5}),
             "{not json",
             json.dumps({"id": "huge", "text": "项目" * 550_000}, ensure_ascii=False)]  # 1.1M characters, 3.3 MB
    jsonl.write_bytes("\n".join(lines).encode("utf-8") + b"\n" + b'{"id": "bytes", "text": "\xff\xfe\x81"}\n')
    out = tmp_path / "bad-out"
    assert run_spark(jsonl, out, "--model", tiny_model, "--format", "jsonl") == 0
    by_id = {r["id"]: r for r in read_json_parts(out)}
    assert set(by_id) == {"ok", "null", "empty", "number", "bad:5", "huge", "bad:7"}
    errors = {k: r.get("error") for k, r in by_id.items()}
    assert errors["ok"] is None and by_id["ok"]["ents"]
    assert errors["null"] == errors["number"] == "no string field 'text'"
    assert errors["empty"] == "empty text" and errors["bad:5"].startswith("not valid JSON")
    assert errors["huge"].startswith("text too long: 1,100,000 characters")
    assert errors["bad:7"].startswith("cannot decode")
    assert all(r["ents"] == [] and r["spans"] == [] for k, r in by_id.items() if k != "ok")
    summary = capsys.readouterr().err
    assert "annotated 1 texts" in summary and "6 records with errors" in summary
    assert "no string field 'text' 2" in summary and "text too long 1" in summary
    # an existing output is kept, not replaced, without --overwrite
    assert run_spark(jsonl, out, "--model", tiny_model, "--format", "jsonl") == 2
    assert "--overwrite" in capsys.readouterr().err and (out / "_SUCCESS").exists()


def test_a_folder_of_text_files_reads_as_zhner_annotate_reads_it(spark, tiny_model, tmp_path, capsys):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.md").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    (folder / "sub" / "c_gbk.txt").write_bytes(TEXT.encode("gb18030"))
    (folder / "e.html").write_text(f"<html><head><title>标题</title></head><body><p>{TEXT}</p></body></html>",
                                   encoding="utf-8")
    (folder / "g_bad.txt").write_bytes(b"\x81\x30\xff\xff\xfe" * 4)  # undecodable bytes
    (folder / "h_empty.txt").write_text("", encoding="utf-8")
    expected_file = tmp_path / "annotate.jsonl"
    result = run_zhner(["annotate", "--model", tiny_model, folder, "-o", expected_file, "--progress", "off"], check=False)
    assert result.returncode == 1  # two files skipped
    expected = [json.loads(line) for line in expected_file.read_text(encoding="utf-8").splitlines()]

    out = tmp_path / "text-out"
    assert run_spark(folder, out, "--model", tiny_model, "--format", "jsonl") == 0
    got = {r["source"]: r for r in read_json_parts(out)}
    assert len(got) == 6
    for record in expected:
        assert without_nulls(got[record["source"]]) == without_nulls(record)
    assert got[str(folder / "e.html")]["title"] == "标题"
    assert got[str(folder / "g_bad.txt")]["error"].startswith("cannot decode")
    assert got[str(folder / "h_empty.txt")]["error"] == "empty input"
    assert got[str(folder / "sub" / "c_gbk.txt")]["text"] == TEXT
    assert "annotated 4 texts" in capsys.readouterr().err


def test_dataframes_and_parquet_input(spark, tiny_model, tmp_path, capsys):
    df = spark.createDataFrame([("a", TEXT, 1), ("b", None, 2), (None, "", 3), ("d", TEXT * 2, 4)],
                               "doc string, body string, n long")
    out = annotate_dataframe(df, text_col="body", id_col="doc", model=str(tiny_model))
    assert out.columns == ["id", "source", "text", "ents", "spans", "error", "n"]
    rows = {r["n"]: r for r in out.collect()}
    assert rows[1]["error"] is None and rows[1]["ents"] and rows[1]["id"] == "a"
    assert rows[2]["error"] == "no string field 'body'" and rows[3]["error"] == "empty text"
    assert rows[3]["id"].startswith("row-") and rows[4]["ents"]

    # A Parquet file through the command: rows located as PATH:ROW, ids from the id column
    path = tmp_path / "in.parquet"
    df.write.parquet(str(path))
    result = tmp_path / "parquet-out"
    assert run_spark(path, result, "--model", tiny_model, "--text-field", "body", "--id-field", "doc") == 0
    back = spark.read.parquet(str(result)).collect()
    assert sorted(r["n"] for r in back) == [1, 2, 3, 4]
    assert all(":" in r["source"] and r["source"].split(":")[0].endswith(".parquet") for r in back)
    assert {r["id"] for r in back if r["n"] == 3} == {f"{Path(r['source'].rsplit(':', 1)[0]).stem}:{r['source'].rsplit(':', 1)[1]}"
                                                     for r in back if r["n"] == 3}
    assert "annotated 2 texts" in capsys.readouterr().err

    # A text column that is not a string: every row an error, no job failure
    numbers = annotate_dataframe(spark.createDataFrame([(1, 2)], "id long, text long"), model=str(tiny_model))
    [row] = numbers.collect()
    assert row["error"] == "no string field 'text'" and row["id"] == "1"


def test_each_worker_loads_the_model_once(spark, tiny_model, tmp_path):
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
    try:
        df = spark.createDataFrame([(str(i), TEXT) for i in range(24)], "id string, text string").repartition(4)
        stats = tmp_path / "stats"
        stats.mkdir()
        assert annotate_dataframe(df, model=str(tiny_model), stats_dir=str(stats)).count() == 24
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    workers = [json.loads(p.read_text()) for p in stats.glob("worker-*.json")]
    assert workers and sum(w["batches"] for w in workers) >= 12
    assert all(w["loads"] == 1 for w in workers), workers  # never per batch, never per task
    assert all(w["peak_rss_mb"] > 0 for w in workers)


def test_a_failed_job_commits_nothing(spark, tmp_path, capsys):
    df = spark.createDataFrame([("a", TEXT)], "id string, text string")
    out = tmp_path / "failed"
    with pytest.raises(Exception):
        annotate_dataframe(df, model=str(tmp_path / "no-such-model")).write.parquet(str(out))
    assert not (out / "_SUCCESS").exists() and not list(out.glob("part-*"))
    # the command stops before starting a job when the model or the input is missing
    assert run_spark(tmp_path / "in.jsonl", tmp_path / "o", "--model", tmp_path / "no-such-model") == 2
    assert run_spark(tmp_path / "missing.jsonl", tmp_path / "o", "--model", "zhner") == 2
    assert not (tmp_path / "o").exists()

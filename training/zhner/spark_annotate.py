"""`zhner spark-annotate` and `annotate_dataframe`: the annotator as an Apache Spark job.

The same records as `zhner annotate` (id, source, text, ents, spans, the input's other fields),
as typed columns, from any path Spark reads:

- JSONL: read as lines (`spark.read.text`); each line is decoded and parsed in the Python worker
  exactly as `zhner annotate` parses it, so a line that is not JSON, has no string text or is
  empty becomes a record with an `error`, never a failed job. The other fields keep the types
  Spark infers for them (`spark.read.json`'s schema, applied with `from_json`).
- Parquet: the text column and any other columns, carried through with their types.
- a folder of text files (`.txt .md .text`, and `.html .htm` read as `zhner annotate` reads
  pages): a record per file, the whole file (`binaryFile`, Spark's whole-file reader, so the bytes
  reach the same decoder as `zhner annotate`: BOM, UTF-8, GB18030, Big5; undecodable bytes become
  an `error`).

Texts go through `nlp.pipe` in the Python workers in Arrow batches (`mapInArrow`, the Arrow form
of `mapInPandas`: columns that are carried through never leave Arrow). Each worker process loads
the model once (`_MODELS`, keyed by the model's name or path) and keeps it for every batch and
every task it runs. Long texts are cut by `annotate.annotate_records` (`chunk_offsets`), the code
`zhner annotate` runs, so offsets are the same.

Line numbers (`source` is `PATH:LINE`, a record without an id is `STEM:LINE`, as in `zhner
annotate`) are found without a shuffle: a first pass counts the lines of each split of each file
(`input_file_block_start`), and the worker numbers the rows of a split in order from there.

Output is written by Spark's own writers (Parquet, or JSON lines), through Hadoop's output
committer: files appear under the output path only when the job commits (`_SUCCESS`), so a
killed job leaves nothing a reader takes for a complete result.
"""
from __future__ import annotations

import functools
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

if __name__ == "__main__" and not __package__:
    # Run as a file, as spark-submit runs an application: `spark-submit … spark_annotate.py INPUT OUTPUT`.
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        sys.path.pop(0)  # the package's folder is no place to import top-level modules from
    from zhner.cli import main

    sys.exit(main(["spark-annotate", *sys.argv[1:]]))

from .annotate import MAX_CHUNK, annotate_records
from .readers import HTML_SUFFIXES, JSONL_SUFFIXES, TEXT_SUFFIXES, Record, read_source
from .webpage import METADATA_FIELDS, decode

# A text longer than this is not annotated: it gets an `error` (raise it with --max-chars to have
# such texts read in pieces). spaCy's own default limit; a page this long is a dump, not an article.
MAX_CHARS = 1_000_000
# Bytes read per input split: the job is bound by the pipeline (~40k characters, ~120 KB of UTF-8
# a second on one core), so small splits keep tasks to about a minute and the cores evenly busy.
SPLIT_MB = 8
# Rows per Arrow batch sent to a worker: bounds a worker's memory when texts are long.
ARROW_BATCH_ROWS = 1000

CORE_COLUMNS = ("id", "source", "text", "ents", "spans", "error")
PAGE_COLUMNS = (*METADATA_FIELDS, "extraction")
AMOUNT_DDL = "struct<min:double,max:double,currency:string,approximate:boolean,currency_implied:boolean>"
SPAN_DDL = f"struct<start:int,end:int,label:string,text:string,amount:{AMOUNT_DDL}>"
_P = "__zhner_"  # prefix of the internal columns handed to the workers
TEXT_FILE_PATTERN = r"(?i)\.(" + "|".join(s[1:] for s in sorted(TEXT_SUFFIXES | HTML_SUFFIXES)) + r")$"


# ---------------------------------------------------------------- in the Python worker

_MODELS: dict = {}  # model name or path → loaded pipeline, one per worker process
_WORKER = {"loads": 0, "load_seconds": 0.0, "batches": 0, "rows": 0, "characters": 0}


def _load_model(model: str):
    nlp = _MODELS.get(model)
    if nlp is None:
        started = time.perf_counter()
        _limit_blas_threads()
        import spacy

        nlp = _MODELS[model] = spacy.load(model)
        _WORKER["loads"] += 1
        _WORKER["load_seconds"] += time.perf_counter() - started
    return nlp


def _limit_blas_threads() -> None:
    """As many BLAS threads as the task has cores (spark.task.cpus, 1 by default), not one per core
    of the machine: Spark already runs a task per core."""
    try:
        from pyspark import TaskContext
        from threadpoolctl import threadpool_limits

        context = TaskContext.get()
        threadpool_limits(context.cpus() if context is not None else 1)
    except Exception:  # noqa: BLE001 - threads are a speed matter, never a reason to fail
        pass


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_worker_stats(stats_dir: str) -> None:
    """Per worker process: loads, batches, peak RSS (for the benchmark and the tests, local paths)."""
    path = Path(stats_dir) / f"worker-{os.getpid()}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": os.getpid(), **_WORKER, "peak_rss_mb": _peak_rss_mb()}), encoding="utf-8")
    os.replace(tmp, path)


def display_path(uri: str) -> str:
    """A local file as `zhner annotate` names it (`file:/x/a.txt` → `/x/a.txt`); other URIs as they are."""
    if uri.startswith("file:"):
        return unquote(urlparse(uri).path)
    return uri


def _arrow_types():
    import pyarrow as pa

    amount = pa.struct([("min", pa.float64()), ("max", pa.float64()), ("currency", pa.string()),
                        ("approximate", pa.bool_()), ("currency_implied", pa.bool_())])
    span = pa.struct([("start", pa.int32()), ("end", pa.int32()), ("label", pa.string()), ("text", pa.string()),
                      ("amount", amount)])
    return pa.list_(span)


class _Row:
    """One input row on its way to the output: kept (blank JSONL lines are not), its record or error."""
    __slots__ = ("id", "source", "text", "error", "page")

    def __init__(self, id=None, source=None, text=None, error=None, page=None):
        self.id, self.source, self.text, self.error, self.page = id, source, text, error, page


def _line_numbers(batch, plan: dict, seen: dict) -> list[tuple[str, int]]:
    """(file as shown, line number) of each row: the split's first line plus the rows of that split
    seen before it in this task (a split is read in order by one task)."""
    files = batch.column(_P + "file").to_pylist()
    blocks = batch.column(_P + "block").to_pylist()
    out = []
    for uri, block in zip(files, blocks):
        key = (uri, block)
        offset = seen.get(key, 0)
        seen[key] = offset + 1
        out.append((display_path(uri), plan["first_line"][f"{uri}\t{block}"] + offset))
    return out


def _check_length(row: _Row, max_chars: int) -> None:
    if row.error is None and max_chars and len(row.text) > max_chars:
        row.error = f"text too long: {len(row.text):,} characters (limit {max_chars:,}, --max-chars)"


def _rows_from_jsonl(batch, plan: dict, seen: dict) -> list:
    """What `readers._records_from_jsonl` makes of each line; None for a blank line."""
    text_field, id_field = plan["text_field"], plan["id_field"]
    rows = []
    for raw, (shown, number) in zip(batch.column(_P + "line").to_pylist(), _line_numbers(batch, plan, seen)):
        where, fallback_id = f"{shown}:{number}", f"{Path(shown).stem}:{number}"
        try:
            line, _ = decode(raw, plan["encoding"])
        except (UnicodeDecodeError, LookupError) as err:
            rows.append(_Row(fallback_id, where, error=f"cannot decode: {err}"))
            continue
        if number == 1:
            line = line.lstrip("\ufeff")
        if not line.strip():
            rows.append(None)
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            rows.append(_Row(fallback_id, where, error=f"not valid JSON: {err.msg}"))
            continue
        record_id = str(obj.get(id_field, fallback_id)) if isinstance(obj, dict) else fallback_id
        if not isinstance(obj, dict) or not isinstance(obj.get(text_field), str):
            rows.append(_Row(record_id, where, error=f"no string field {text_field!r}"))
            continue
        row = _Row(record_id, where, obj[text_field])
        if not row.text.strip():
            row.error = "empty text"
        rows.append(row)
    return rows


def _rows_from_column(batch, plan: dict, seen: dict) -> list:
    """Rows of a DataFrame (Parquet, or a user's own) with a text column."""
    texts = batch.column(_P + "text").to_pylist()
    ids = batch.column(_P + "id").to_pylist()
    if plan["numbered"]:
        located = _line_numbers(batch, plan, seen)
        sources = [f"{shown}:{number}" for shown, number in located]
        fallbacks = [f"{Path(shown).stem}:{number}" for shown, number in located]
    else:
        sources = batch.column(_P + "source").to_pylist()
        fallbacks = batch.column(_P + "fallback").to_pylist()
    rows = []
    for text, record_id, source, fallback in zip(texts, ids, sources, fallbacks):
        row = _Row(record_id if record_id is not None else fallback, source, text)
        if plan["non_string"] or text is None:
            row.error = f"no string field {plan['text_field']!r}"
        elif not text.strip():
            row.error = "empty text"
        rows.append(row)
    return rows


def _rows_from_files(batch, plan: dict, seen: dict) -> list:
    """A record per file, read by `readers.read_source` as `zhner annotate` reads it."""
    rows = []
    for data, uri, length in zip(batch.column(_P + "content").to_pylist(), batch.column(_P + "path").to_pylist(),
                                 batch.column(_P + "length").to_pylist()):
        source = display_path(uri)
        if data is None:
            rows.append(_Row(Path(source).stem, source, error=f"file too large: {length:,} bytes (--max-chars)"))
            continue
        try:
            [item] = list(read_source(bytes(data), source, Path(source).suffix.lower(), plan["encoding"],
                                      plan["text_field"], plan["html"]))
        except Exception as err:  # noqa: BLE001 - one page the extractor chokes on is one bad record
            rows.append(_Row(Path(source).stem, source, error=f"cannot read: {type(err).__name__}: {err}"))
            continue
        if isinstance(item, Record):
            page = {key: item.extra.get(key) for key in PAGE_COLUMNS}
            rows.append(_Row(item.id, item.source, item.text, page=page))
        else:
            rows.append(_Row(Path(source).stem, source, error=item.reason))
    return rows


_READERS = {"jsonl": _rows_from_jsonl, "column": _rows_from_column, "files": _rows_from_files}


def _annotate(nlp, good: list, rows: list, plan: dict) -> dict[int, dict]:
    """{row index: zhner annotate's result} of the rows to annotate, the batch through nlp.pipe. Should
    the pipeline raise, the batch goes again a record at a time, and the record it raises on gets
    an `error` instead of failing the task."""
    def run(items):
        positions = [i for i, _ in items]
        pairs = annotate_records(nlp, (record for _, record in items), plan["batch_size"], 1, plan["max_chunk"])
        return {i: result for i, (_, result) in zip(positions, pairs)}

    try:
        return run(good)
    except Exception:  # noqa: BLE001 - find the record, keep the rest
        results = {}
        for item in good:
            try:
                results.update(run([item]))
            except Exception as err:  # noqa: BLE001
                rows[item[0]].error = f"pipeline failed: {type(err).__name__}: {err}"
        return results


def annotate_batches(batches, plan: dict):
    """mapInArrow's function: Arrow batches in, Arrow batches of records out."""
    import pyarrow as pa
    import pyarrow.compute as pc

    span_list = _arrow_types()
    passthrough = plan["passthrough"]
    seen: dict = {}
    for batch in batches:
        rows = _READERS[plan["kind"]](batch, plan, seen)
        for row in rows:
            if row is not None:
                _check_length(row, plan["max_chars"])
        good = [(i, Record(row.id, row.source, row.text)) for i, row in enumerate(rows)
                if row is not None and row.error is None]
        results = _annotate(_load_model(plan["model"]), good, rows, plan) if good else {}
        kept = [i for i, row in enumerate(rows) if row is not None]
        out_rows = [rows[i] for i in kept]
        arrays = [
            pa.array([r.id for r in out_rows], pa.string()),
            pa.array([r.source for r in out_rows], pa.string()),
            pa.array([r.text if isinstance(r.text, str) else None for r in out_rows], pa.string()),
            pa.array([results[i]["ents"] if i in results else [] for i in kept], span_list),
            pa.array([results[i]["spans"] if i in results else [] for i in kept], span_list),
            pa.array([r.error for r in out_rows], pa.string()),
        ]
        names = list(CORE_COLUMNS)
        if plan["kind"] == "files":
            for key in PAGE_COLUMNS:
                arrays.append(pa.array([(r.page or {}).get(key) for r in out_rows], pa.string()))
                names.append(key)
        if passthrough:
            mask = None if len(kept) == len(rows) else pa.array([row is not None for row in rows])
            for name in passthrough:
                column = batch.column(name)
                arrays.append(column if mask is None else pc.filter(column, mask))
                names.append(name)
        _WORKER["batches"] += 1
        _WORKER["rows"] += len(out_rows)
        _WORKER["characters"] += sum(len(r.text) for r in out_rows if r.error is None)
        if plan.get("stats_dir"):
            _write_worker_stats(plan["stats_dir"])
        yield pa.RecordBatch.from_arrays(arrays, names=names)


# ---------------------------------------------------------------- on the driver

def _spark_modules():
    try:
        from pyspark.sql import functions as F
        from pyspark.sql import types as T
    except ImportError as err:
        raise ImportError("zhner spark-annotate needs pyspark: pip install 'zhner[spark]'") from err
    return F, T


def _output_schema(extra_fields: list, kind: str):
    F, T = _spark_modules()
    spans = T._parse_datatype_string(f"array<{SPAN_DDL}>")
    fields = [T.StructField("id", T.StringType()), T.StructField("source", T.StringType()),
              T.StructField("text", T.StringType()), T.StructField("ents", spans), T.StructField("spans", spans),
              T.StructField("error", T.StringType())]
    if kind == "files":
        fields += [T.StructField(key, T.StringType()) for key in PAGE_COLUMNS]
    return T.StructType(fields + list(extra_fields))


def _plan(kind: str, model: str, *, text_field="text", id_field="id", batch_size=32, max_chunk=MAX_CHUNK,
          max_chars=MAX_CHARS, encoding=None, html="main", stats_dir=None, **more) -> dict:
    return {"kind": kind, "model": str(model), "text_field": text_field, "id_field": id_field,
            "batch_size": batch_size, "max_chunk": max_chunk, "max_chars": max_chars, "encoding": encoding,
            "html": html, "stats_dir": str(stats_dir) if stats_dir else None, "passthrough": [],
            "numbered": False, "non_string": False, "first_line": {}, **more}


def _reserved(text_field: str, id_field: str) -> set:
    return {*CORE_COLUMNS, text_field, id_field}


def _first_lines(df) -> dict:
    """{"FILE\\tSPLIT_START": number of the split's first line}: a pass over the input that counts
    rows per split of each file (no text leaves the JVM)."""
    counts = df.groupBy(_P + "file", _P + "block").count().collect()
    by_file: dict = {}
    for row in counts:
        by_file.setdefault(row[0], []).append((row[1], row[2]))
    first = {}
    for uri, blocks in by_file.items():
        line = 1
        for block, count in sorted(blocks):
            first[f"{uri}\t{block}"] = line
            line += count
    return first


def _with_location(df):
    F, _ = _spark_modules()
    return df.withColumn(_P + "file", F.input_file_name()).withColumn(_P + "block", F.input_file_block_start())


def _finish(prepared, plan: dict, extra_fields: list):
    schema = _output_schema(extra_fields, plan["kind"])
    plan["passthrough"] = [f.name for f in extra_fields]
    return prepared.mapInArrow(functools.partial(annotate_batches, plan=plan), schema)


def annotate_dataframe(df, text_col: str = "text", id_col: str = "id", model: str = "zh_industry_ner", *,
                       batch_size: int = 32, max_chunk: int = MAX_CHUNK, max_chars: int = MAX_CHARS,
                       numbered: bool = False, stats_dir: str | None = None):
    """A DataFrame of annotated records from a DataFrame with a text column.

    Columns: id, source, text, ents, spans (arrays of structs: start, end, label, text, amount), error
    (null, or why the row was not annotated: null, empty or non-string text, one over `max_chars`),
    then the input's other columns with their types. `id` is `id_col` as a string (missing: the
    row's place); `source` is a `source` column of the input if there is one. With `numbered=True`
    (a DataFrame read straight from files by Spark, before any shuffle) rows are located as
    `PATH:ROW` and rows without an id get `STEM:ROW`, as `zhner annotate` does for JSONL.
    Lazy, like any DataFrame: nothing runs until it is written or collected.
    """
    F, T = _spark_modules()
    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in {df.columns}")
    non_string = not isinstance(df.schema[text_col].dataType, T.StringType)
    text = F.lit(None).cast("string") if non_string else F.col(f"`{text_col}`")
    record_id = F.col(f"`{id_col}`").cast("string") if id_col in df.columns else F.lit(None).cast("string")
    extras = [f for f in df.schema.fields if f.name not in _reserved(text_col, id_col) and not f.name.startswith(_P)]
    columns = [text.alias(_P + "text"), record_id.alias(_P + "id")]
    plan = _plan("column", model, text_field=text_col, id_field=id_col, batch_size=batch_size, max_chunk=max_chunk,
                 max_chars=max_chars, stats_dir=stats_dir, non_string=non_string, numbered=numbered)
    if numbered:
        located = _with_location(df)
        plan["first_line"] = _first_lines(located)
        columns += [F.col(_P + "file"), F.col(_P + "block")]
        source_df = located
    else:
        source = F.col("source").cast("string") if "source" in df.columns else F.lit(None).cast("string")
        columns += [source.alias(_P + "source"),
                    F.concat(F.lit("row-"), F.monotonically_increasing_id().cast("string")).alias(_P + "fallback")]
        source_df = df
    prepared = source_df.select(*columns, *[F.col(f"`{f.name}`") for f in extras])
    return _finish(prepared, plan, extras)


def annotate_jsonl(spark, paths: list[str], model: str = "zh_industry_ner", *, text_field: str = "text",
                   id_field: str = "id", encoding: str | None = None, **options):
    """JSONL files (or folders of them, any path Spark reads), line by line as `zhner annotate` reads them."""
    F, T = _spark_modules()
    inferred = spark.read.json(paths).schema
    extras = T.StructType([f for f in inferred.fields
                           if f.name not in _reserved(text_field, id_field) and f.name != "_corrupt_record"])
    lines = _with_location(spark.read.text(paths))
    plan = _plan("jsonl", model, text_field=text_field, id_field=id_field, encoding=encoding, **options)
    plan["first_line"] = _first_lines(lines)
    parsed = F.from_json(F.col("value"), extras, {"mode": "PERMISSIVE"}).alias(_P + "extras")
    prepared = lines.select(F.col("value").cast("binary").alias(_P + "line"), F.col(_P + "file"), F.col(_P + "block"),
                            parsed)
    prepared = prepared.select(_P + "line", _P + "file", _P + "block",
                               *[F.col(f"{_P}extras.`{f.name}`").alias(f.name) for f in extras.fields])
    return _finish(prepared, plan, list(extras.fields))


def annotate_parquet(spark, paths: list[str], model: str = "zh_industry_ner", *, text_field: str = "text",
                     id_field: str = "id", **options):
    """Parquet files: a record per row, `PATH:ROW` as its source."""
    return annotate_dataframe(spark.read.parquet(*paths), text_field, id_field, model, numbered=True, **options)


def annotate_text_files(spark, paths: list[str], model: str = "zh_industry_ner", *, text_field: str = "text",
                        encoding: str | None = None, html: str = "main", max_chars: int = MAX_CHARS, **options):
    """Folders of text files and pages, a record per file, read whole (Spark's `binaryFile`)."""
    F, _ = _spark_modules()
    files = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(paths)
             .filter(F.col("path").rlike(TEXT_FILE_PATTERN)))
    # A file that cannot be under max_chars characters (4 bytes a character at most) is not read.
    limit = min(4 * max_chars, 2**31 - 1) if max_chars else 2**31 - 1
    small = files.filter(F.col("length") <= limit).select(F.col("content").alias(_P + "content"),
                                                          F.col("path").alias(_P + "path"),
                                                          F.col("length").alias(_P + "length"))
    large = files.filter(F.col("length") > limit).select(F.lit(None).cast("binary").alias(_P + "content"),
                                                         F.col("path").alias(_P + "path"),
                                                         F.col("length").alias(_P + "length"))
    prepared = small.unionByName(large)
    # Spark's scan passes over empty files; zhner annotate reports each ("empty input"), and so does this.
    pattern = re.compile(TEXT_FILE_PATTERN)
    listed = {display_path(uri) for uri in files.inputFiles() if pattern.search(uri)}
    scanned = {display_path(row[0]) for row in files.select("path").collect()}
    empty = sorted(listed - scanned)
    if empty:
        prepared = prepared.unionByName(spark.createDataFrame(
            [(bytearray(), path, 0) for path in empty],
            f"{_P}content binary, {_P}path string, {_P}length bigint"))
    plan = _plan("files", model, text_field=text_field, encoding=encoding, html=html, max_chars=max_chars, **options)
    return _finish(prepared, plan, [])


READERS = {"jsonl": annotate_jsonl, "parquet": annotate_parquet, "text": annotate_text_files}


def input_kind(paths: list[str]) -> str:
    """jsonl, parquet or text, from the paths' suffixes or, for a local folder, the files in it."""
    kinds = set()
    for item in paths:
        suffix = Path(urlparse(item).path).suffix.lower()
        if suffix in JSONL_SUFFIXES or suffix == ".json":
            kinds.add("jsonl")
        elif suffix == ".parquet":
            kinds.add("parquet")
        elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
            kinds.add("text")
        else:
            local = Path(display_path(item) if "://" in item or item.startswith("file:") else item)
            names = [p.name.lower() for p in local.rglob("*") if p.is_file()] if local.is_dir() else []
            if any(n.endswith(".parquet") for n in names):
                kinds.add("parquet")
            elif any(n.endswith(tuple(JSONL_SUFFIXES)) for n in names) and not any(
                    n.endswith(tuple(TEXT_SUFFIXES | HTML_SUFFIXES)) for n in names):
                kinds.add("jsonl")
            elif names:
                kinds.add("text")
            else:
                raise ValueError(f"cannot tell what {item} holds: give --input-format jsonl, parquet or text")
    if len(kinds) != 1:
        raise ValueError(f"inputs of different kinds ({', '.join(sorted(kinds))}): run one job per kind")
    return kinds.pop()


def write(df, output: str, fmt: str = "parquet", overwrite: bool = False) -> None:
    """Spark's writer and output committer: the files appear when the job commits (`_SUCCESS`)."""
    writer = df.write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "jsonl":
        writer.json(output)
    else:
        writer.parquet(output)


def summarize(spark, output: str, fmt: str, schema) -> dict:
    """Counts over the committed output: records, characters, entities per label, errors per reason."""
    F, _ = _spark_modules()
    df = spark.read.schema(schema).json(output) if fmt == "jsonl" else spark.read.parquet(output)
    groups = (df.groupBy(F.substring_index("error", ":", 1).alias("reason"))
              .agg(F.count(F.lit(1)).alias("records"), F.sum(F.length("text")).alias("characters")).collect())
    labels = df.select(F.explode("ents.label").alias("label")).groupBy("label").count().collect()
    reasons = {g["reason"]: g["records"] for g in groups if g["reason"] is not None}
    annotated = [g for g in groups if g["reason"] is None]
    return {"records": sum(g["records"] for g in groups), "annotated": sum(g["records"] for g in annotated),
            "errors": sum(reasons.values()), "characters": sum(g["characters"] or 0 for g in annotated),
            "error_reasons": reasons, "entities": {r["label"]: r["count"] for r in labels}}


def summary_line(summary: dict, seconds: float, output: str) -> str:
    labels = ", ".join(f"{k} {v}" for k, v in sorted(summary["entities"].items())) or "none"
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(summary["error_reasons"].items()))
    return (f"annotated {summary['annotated']} texts, {summary['characters']:,} characters in {seconds:.1f} s "
            f"→ {output}; entities: {labels}; {summary['errors']} records with errors"
            + (f" ({reasons})" if reasons else ""))


def _java_missing() -> bool:
    java_home = os.environ.get("JAVA_HOME")
    return not (shutil.which("java") or (java_home and Path(java_home, "bin", "java").exists()))


def _model_missing(model: str) -> bool:
    import importlib.util

    if Path(model).exists():
        return False
    try:
        return importlib.util.find_spec(model) is None
    except (ImportError, ValueError):
        return True


def session(master: str | None, conf: list[str]):
    """The active SparkSession (spark-submit's, a test's) or a new one; (session, created)."""
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None and not master and not conf:
        return active, False
    # Started here in local mode (not by spark-submit): the workers are this Python, with zhner and
    # the model, unless told otherwise. On a cluster PYSPARK_PYTHON is the user's to set.
    if "PYSPARK_GATEWAY_PORT" not in os.environ and (not master or master.startswith("local")):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("zhner spark-annotate")
    if master:
        builder = builder.master(master)
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--conf expects KEY=VALUE, got {item!r}")
        builder = builder.config(key, value)
    return builder.getOrCreate(), active is None


def tune(spark, split_mb: int) -> None:
    """Small splits (at most split_mb, and at least 4 a core so that the last tasks end together)
    and Arrow batches, unless set at start-up (--conf, spark-submit)."""
    started = spark.sparkContext.getConf()
    for key, value in (("spark.sql.files.maxPartitionBytes", str(split_mb * 1024 * 1024)),
                       ("spark.sql.files.minPartitionNum", str(4 * spark.sparkContext.defaultParallelism)),
                       ("spark.sql.files.openCostInBytes", str(64 * 1024)),
                       ("spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS))):
        if not started.contains(key):
            spark.conf.set(key, value)


def run(args) -> int:
    """`zhner spark-annotate`: 0 when the output is committed (bad records inside it, with `error`),
    1 when the Spark job failed, 2 when it cannot start (no Java, pyspark, model or input)."""
    if _java_missing():
        print("zhner spark-annotate: Spark needs Java 17 (Debian/Ubuntu: apt-get install openjdk-17-jre-headless), "
              "on PATH or in JAVA_HOME", file=sys.stderr)
        return 2
    try:
        _spark_modules()
    except ImportError as err:
        print(f"zhner spark-annotate: {err}", file=sys.stderr)
        return 2
    try:
        kind = args.input_format if args.input_format != "auto" else input_kind(args.inputs)
    except ValueError as err:
        print(f"zhner spark-annotate: {err}", file=sys.stderr)
        return 2
    spark, created = session(args.master, args.conf)
    try:
        local = spark.sparkContext.master.startswith("local")
        if local and _model_missing(args.model):
            print(f"zhner spark-annotate: cannot load model {args.model!r}: no such package or folder", file=sys.stderr)
            return 2
        tune(spark, args.split_mb)
        options = {"batch_size": args.batch_size, "max_chunk": args.max_chunk, "max_chars": args.max_chars,
                   "stats_dir": args.worker_stats}
        if kind == "jsonl":
            options.update(id_field=args.id_field, encoding=args.encoding)
        elif kind == "parquet":
            options.update(id_field=args.id_field)
        else:
            options.update(encoding=args.encoding, html=args.html)
        started = time.perf_counter()
        try:
            df = READERS[kind](spark, list(args.inputs), args.model, text_field=args.text_field, **options)
        except Exception as err:  # noqa: BLE001 - pyspark's AnalysisException: a missing path, no files
            print(f"zhner spark-annotate: cannot read {' '.join(args.inputs)} as {kind}: {err}".splitlines()[0],
                  file=sys.stderr)
            return 2
        from pyspark.errors import AnalysisException

        try:
            write(df, args.output, args.format, args.overwrite)
        except AnalysisException as err:  # before any task ran: the output exists, a bad path
            print(f"zhner spark-annotate: cannot write {args.output}: {str(err).strip().splitlines()[0]}"
                  + (" (--overwrite replaces it)" if "ALREADY_EXISTS" in str(err) else ""), file=sys.stderr)
            return 2
        except Exception as err:  # noqa: BLE001 - the job failed; the committer left no complete output
            print(f"zhner spark-annotate: the Spark job failed, nothing committed to {args.output}: "
                  f"{str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__}", file=sys.stderr)
            return 1
        seconds = time.perf_counter() - started
        summary = summarize(spark, args.output, args.format, df.schema)
        print(summary_line(summary, seconds, args.output), file=sys.stderr)
        return 0
    finally:
        if created:
            spark.stop()


if __name__ == "__main__":  # python -m zhner.spark_annotate INPUT OUTPUT [options]
    from .cli import main

    sys.exit(main(["spark-annotate", *sys.argv[1:]]))

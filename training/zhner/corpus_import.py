"""`zhner corpus import`: corrected articles back into the corpus, from Label Studio, doccano or zhner.

Three inputs, told apart by shape:
- a Label Studio JSON export (a JSON list of tasks): the latest submitted annotation of each task
  is read, never its predictions; regions of the `flat` control are `doc.ents`, those of `nested`
  the spans inside project names (the config of `zhner labelstudio config`);
- a doccano JSONL export (`text`, `label: [[start, end, LABEL], ...]`): the flat layer only;
- zhner's own JSONL (`text`, `ents`, `spans`, as `zhner annotate` writes it).

Every task is checked as `zhner corpus validate` checks an article; a task that breaks a rule is
reported with its id and reason and not written, and the others are. Each article gets a new id in
the batch (`NAME-0001`, …), so nothing in the corpus is ever overwritten; each file is written
whole or not at all.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .io_utils import jsonl_lines, write_new_text
from .labelstudio import FLAT, NESTED
from .markup import MarkupError, Span, parse_article, render_article
from .validate import article_findings, span_problems

BATCH_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Task fields kept as header lines (one line each); the rest of a task's data stays behind.
HEADER_FIELDS = ("title", "date", "url", "sitename", "source")


@dataclass
class ImportedTask:
    location: str  # the file, and the line or item number
    task_id: str  # the task's own id in the export ('?' where it has none)
    text: str
    ents: list[Span] = field(default_factory=list)
    nested: list[Span] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def where(self) -> str:
        return f"{self.location}: task {self.task_id}"


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not JSON, not a list of tasks)."""


def _spans_checked(task: ImportedTask, items, layer: str) -> list[Span]:
    """(start, end, label, text or None) items → Spans; a region whose offsets miss its text is a problem."""
    spans = []
    for start, end, label, quoted in items:
        if not (isinstance(start, int) and isinstance(end, int)):
            task.problems.append(f"{layer} region has no integer start/end: {start!r}-{end!r}")
            continue
        if quoted is not None and task.text[start:end] != quoted:
            task.problems.append(f"{label} offsets {start}-{end} slice to {task.text[start:end]!r}, not the region's "
                                 f"text {quoted!r}")
            continue
        span = Span(start, end, label)
        if span not in spans:
            spans.append(span)
    return spans


def _latest_submitted(annotations: list) -> dict | None:
    submitted = [a for a in annotations or [] if isinstance(a, dict) and not a.get("was_cancelled")
                 and isinstance(a.get("result"), list)]
    if not submitted:
        return None
    return max(submitted, key=lambda a: (str(a.get("updated_at") or a.get("created_at") or ""), a.get("id") or 0))


def from_labelstudio(item, where: str) -> ImportedTask:
    if not isinstance(item, dict) or not isinstance(item.get("data"), dict):
        return ImportedTask(where, "?", "", problems=["not a Label Studio task (no 'data' object)"])
    data = item["data"]
    task_id = str(item.get("id", data.get("id", "?")))
    text = data.get("text")
    if not isinstance(text, str):
        return ImportedTask(where, task_id, "", data=data, problems=["task data has no 'text' string"])
    task = ImportedTask(where, task_id, text, data=data)
    annotation = _latest_submitted(item.get("annotations"))
    if annotation is None:
        task.problems.append("no submitted annotation (predictions are not imported)")
        return task
    layers: dict[str, list] = {FLAT: [], NESTED: []}
    for region in annotation["result"]:
        if not isinstance(region, dict) or region.get("type") != "labels":
            continue  # relations, choices and the like carry no span
        value = region.get("value") or {}
        labels = value.get("labels") or []
        if region.get("from_name") not in layers:
            task.problems.append(f"region from an unknown control {region.get('from_name')!r} "
                                 f"(expected {FLAT!r} or {NESTED!r}; see `zhner labelstudio config`)")
            continue
        if len(labels) != 1:
            task.problems.append(f"region {value.get('start')}-{value.get('end')} has {len(labels)} labels, not one")
            continue
        layers[region["from_name"]].append((value.get("start"), value.get("end"), labels[0], value.get("text")))
    task.ents = _spans_checked(task, layers[FLAT], FLAT)
    task.nested = _spans_checked(task, layers[NESTED], NESTED)
    return task


def from_doccano(item: dict, where: str) -> ImportedTask:
    task = ImportedTask(where, str(item.get("id", "?")), item["text"],
                        data={k: v for k, v in item.items() if k != "label"})
    items = []
    for entry in item.get("label") or []:
        if isinstance(entry, (list, tuple)) and len(entry) == 3:
            items.append((entry[0], entry[1], entry[2], None))
        else:
            task.problems.append(f"label entry {entry!r} is not [start, end, LABEL]")
    task.ents = _spans_checked(task, items, FLAT)
    return task


def from_zhner(item: dict, where: str) -> ImportedTask:
    task = ImportedTask(where, str(item.get("id", "?")), item["text"],
                        data={k: v for k, v in item.items() if k not in ("ents", "spans")})

    def items(spans):
        return [(s.get("start"), s.get("end"), s.get("label"), s.get("text")) if isinstance(s, dict)
                else (None, None, None, None) for s in spans or []]

    task.ents = _spans_checked(task, items(item.get("ents")), FLAT)
    task.nested = [s for s in _spans_checked(task, items(item.get("spans")), NESTED) if s not in task.ents]
    return task


def read_tasks(path: Path) -> tuple[str, list[ImportedTask]]:
    """The file's kind ('labelstudio' or 'jsonl') and every task in it, each with its problems so far."""
    raw = Path(path).read_text(encoding="utf-8-sig")
    if raw.lstrip().startswith("["):
        try:
            items = json.loads(raw)
        except json.JSONDecodeError as err:
            raise ImportFileError(f"{path}:{err.lineno}: not valid JSON: {err.msg}") from None
        if not isinstance(items, list):
            raise ImportFileError(f"{path}:1: a Label Studio export is a JSON list of tasks")
        return "labelstudio", [from_labelstudio(item, f"{path} (item {number})") for number, item in enumerate(items, 1)]
    tasks = []
    for _, where, item, error in jsonl_lines(raw, path):
        if error:
            tasks.append(ImportedTask(where, "?", "", problems=[error]))
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            tasks.append(ImportedTask(where, str(item.get("id", "?")) if isinstance(item, dict) else "?", "",
                                      problems=["no 'text' string"]))
        elif "ents" in item:
            tasks.append(from_zhner(item, where))
        elif "label" in item:
            tasks.append(from_doccano(item, where))
        else:
            tasks.append(ImportedTask(where, str(item.get("id", "?")), item["text"], problems=[
                "neither doccano ('label') nor zhner ('ents') spans in the record"]))
    return "jsonl", tasks


def existing_ids(articles_dir: Path) -> set[str]:
    return {p.stem for p in Path(articles_dir).rglob("*.txt")}


def next_id(batch: str, taken: set[str]) -> str:
    """The batch's next free id, NAME-0001 onwards, after every id of the batch already in the corpus."""
    numbers = [int(i.rsplit("-", 1)[1]) for i in taken if i.startswith(f"{batch}-") and i.rsplit("-", 1)[1].isdigit()]
    return f"{batch}-{max(numbers, default=0) + 1:04d}"


def header(task: ImportedTask, article_id: str, province: str | None, genre: str | None, origin: str) -> dict:
    data = task.data
    meta = {"id": article_id, "province": data.get("province") or province or "",
            "genre": data.get("genre") or genre or "", "origin": "hand"}
    for key in HEADER_FIELDS:
        if data.get(key):
            meta[key] = " ".join(str(data[key]).split())
    # Where the article came from, so a corrected batch can be traced back to its tool and task.
    meta["imported_from"] = " ".join(f"{origin} task {task.task_id}".split())
    return meta


def article_source(task: ImportedTask, meta: dict) -> tuple[str | None, list[str]]:
    """The markup file for a task, or None and the reasons it breaks the corpus rules."""
    problems = list(task.problems)
    problems += [reason for _, reason in span_problems(task.text, task.ents, task.nested)]
    for key in ("province", "genre"):
        if not meta[key]:
            problems.append(f"no {key}: give --{key} or a '{key}' field in the task's data")
    if problems:
        return None, problems
    source = render_article(meta, task.text, task.ents, task.nested)
    try:
        article = parse_article(source, task.where)
    except MarkupError as err:
        return None, [err.reason]
    findings = article_findings(article)
    if findings:
        return None, [f.reason for f in findings]
    return source, []


def import_file(path: Path, batch: str, articles_dir: Path, province: str | None = None,
                genre: str | None = None) -> tuple[list[Path], list[str]]:
    """Write the good tasks of one export as articles of `batch`; (files written, 'task: reason' lines)."""
    if not BATCH_RE.match(batch):
        raise ValueError(f"batch name {batch!r}: lower-case letters, digits and _, starting with a letter")
    origin, tasks = read_tasks(Path(path))
    taken = existing_ids(articles_dir)
    written, failures = [], []
    for task in tasks:
        article_id = next_id(batch, taken)
        source, problems = article_source(task, header(task, article_id, province, genre, origin))
        if source is None:
            failures.extend(f"{task.where}: {reason}" for reason in problems)
            continue
        target = Path(articles_dir) / batch / f"{article_id}.txt"
        write_new_text(target, source)
        taken.add(article_id)
        written.append(target)
    return written, failures

"""Score a pipeline on interchange JSONL files: flat and nested layers, per label, with errors.

`zhner evaluate MODEL DATA...` runs the model over each file's texts and compares exact
character spans. With several files (clean test, its traditional and glossed variants) the
report puts them side by side.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import spacy

from .io_utils import read_jsonl, write_report_pair
from .markup import LABELS
from .bench import bootstrap_f
from .breakdown import Breakdown, breakdown_markdown, seen_names
from .scoring import Tally, span_set, token_edge_agreement

CONTEXT = 20


def _context(text: str, start: int, end: int) -> str:
    left = text[max(0, start - CONTEXT):start].replace("\n", " ")
    right = text[end:end + CONTEXT].replace("\n", " ")
    return f"{left}[{text[start:end]}]{right}"


def evaluate_records(nlp, records: list[dict], batch_size: int = 16,
                     seen: set[tuple[str, str]] | None = None) -> dict:
    """Scores and error lists of `nlp` on interchange records; with `seen` (train names), also
    scores on seen and unseen names."""
    flat, nested = Tally(), Tally()
    breakdown = Breakdown(seen)
    errors = []
    predicted_flat = []
    started = time.perf_counter()
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=batch_size)):
        pred_nested = doc.spans["sc"] if "sc" in doc.spans else doc.ents
        predicted_flat.append(list(doc.ents))
        breakdown.add(record, span_set(doc.ents))
        for layer, tally, gold, pred in (
            ("flat", flat, span_set(record["ents"]), span_set(doc.ents)),
            ("nested", nested, span_set(record.get("spans", record["ents"])), span_set(pred_nested)),
        ):
            false_pos, false_neg = tally.add(gold, pred)
            for kind, items in (("fp", false_pos), ("fn", false_neg)):
                for start, end, label in sorted(items):
                    errors.append({"id": record.get("id"), "layer": layer, "type": kind, "label": label,
                                   "text": record["text"][start:end], "start": start, "end": end,
                                   "context": _context(record["text"], start, end)})
    seconds = time.perf_counter() - started
    ci95 = bootstrap_f(records, predicted_flat)
    return {"flat": flat.scores(), "nested": nested.scores(), "flat_f_ci95": ci95,
            "edges_on_tokens": token_edge_agreement(nlp.make_doc, records), "errors": errors,
            "docs": len(records), "characters": sum(map(len, texts)), "seconds": seconds,
            "breakdown": breakdown.result()}


def parse_batches(spec: str) -> set[str]:
    """'b01-b12,b15' -> {'b01', …, 'b12', 'b15'}: batch names with a shared prefix and numbered ranges."""
    batches = set()
    for part in filter(None, (p.strip() for p in spec.split(","))):
        m = re.fullmatch(r"([a-z]+)(\d+)-\1?(\d+)", part)
        if m:
            prefix, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
            width = len(m.group(2))
            batches.update(f"{prefix}{i:0{width}d}" for i in range(lo, hi + 1))
        else:
            batches.add(part)
    return batches


def record_batch(record: dict) -> str:
    """The batch of a record's hand-written source article (variants carry their source's id)."""
    source = record.get("meta", {}).get("source_id") or record.get("id", "")
    return str(source).split("-", 1)[0]


def evaluate_files(model: str, data_files: list[Path], train_file: Path | None = None,
                   groups: dict[str, set[str]] | None = None) -> dict:
    """Evaluate on each file; with `groups` ({suffix: batches}), each file once per group of batches."""
    nlp = spacy.load(model)
    seen = seen_names(read_jsonl(train_file)) if train_file and Path(train_file).exists() else None
    results = {}
    for path in data_files:
        records = read_jsonl(path)
        for suffix, batches in (groups or {"": None}).items():
            chosen = [r for r in records if batches is None or record_batch(r) in batches]
            if chosen:
                results[path.stem + suffix] = evaluate_records(nlp, chosen, seen=seen)
    return {"model": str(model), "pipeline": nlp.pipe_names, "datasets": results,
            "seen_from": str(train_file) if seen is not None else None}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def markdown_report(report: dict, max_errors: int = 60) -> str:
    names = list(report["datasets"])
    lines = [f"# Evaluation of `{report['model']}`", ""]
    for layer in ("flat", "nested"):
        where = "doc.ents" if layer == "flat" else 'doc.spans["sc"]'
        lines += [f"## {layer.capitalize()} layer ({where}) — P / R / F", "",
                  "| label | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for label in list(LABELS) + ["micro"]:
            cells = []
            for name in names:
                scores = report["datasets"][name][layer]
                s = scores["micro"] if label == "micro" else scores["per_label"][label]
                cells.append(f"{_pct(s['p'])} / {_pct(s['r'])} / **{_pct(s['f'])}** (n={s['support']})")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        if layer == "flat":
            cis = [report["datasets"][n].get("flat_f_ci95", {}) for n in names]
            lines.append("| micro F, 95% bootstrap interval | " + " | ".join(
                f"{_pct(c['micro']['low'])}–{_pct(c['micro']['high'])}" if c else "" for c in cis) + " |")
            edges = [report["datasets"][n].get("edges_on_tokens") for n in names]
            lines.append("| gold span edges on token edges | " + " | ".join(
                f"{100 * e['overall']:.2f}% of {e['edges']}" if e else "" for e in edges) + " |")
        lines.append("")
    breakdowns = [report["datasets"][n].get("breakdown") for n in names]
    if all(breakdowns):
        lines += ["## New text: unseen names, long names, false alarms", ""] + breakdown_markdown(names, breakdowns)
    for name in names:
        data = report["datasets"][name]
        lines += [f"## Errors on `{name}` ({data['docs']} articles, {data['characters']} characters, "
                  f"{data['seconds']:.1f} s)", ""]
        shown = [e for e in data["errors"] if e["layer"] == "flat"][:max_errors]
        lines += [f"- {e['type'].upper()} {e['label']} `{e['text']}` in {e['id']}: …{e['context']}…" for e in shown]
        rest = sum(1 for e in data["errors"] if e["layer"] == "flat") - len(shown)
        if rest > 0:
            lines.append(f"- … and {rest} more flat-layer errors in the JSON report")
        lines.append("")
    return "\n".join(lines)


def write_report(report: dict, out_dir: Path, name: str = "evaluation") -> tuple[Path, Path]:
    return write_report_pair(report, markdown_report(report), out_dir, name)

"""`zhner compare`: pipelines that differ in tokenization, side by side on one split.

For each pipeline: the share of gold span edges (flat and nested) that fall on its token
edges (a span cut inside a token cannot be predicted), flat and nested F per label, its speed
on the split's texts with one process, and its size on disk. The Makefile's
`compare-segmenters` runs it for the char and the pkuseg pipelines on dev.
"""
from __future__ import annotations

import json
from pathlib import Path

import spacy

from .bench import speed
from .evaluate import evaluate_records
from .io_utils import atomic_write_text, read_jsonl
from .markup import LABELS
from .scoring import span_set
from .train import machine_description


def token_edge_agreement(nlp, records: list[dict]) -> dict:
    """Share of gold span edges (both layers) on token edges of nlp's tokenizer, by label."""
    hit, total = {}, {}
    for record in records:
        doc = nlp.make_doc(record["text"])
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t) for t in doc}
        for start, end, label in span_set(record.get("spans", record["ents"])) | span_set(record["ents"]):
            total[label] = total.get(label, 0) + 2
            hit[label] = hit.get(label, 0) + (start in starts) + (end in ends)
    return {"overall": sum(hit.values()) / max(1, sum(total.values())), "edges": sum(total.values()),
            "by_label": {label: hit[label] / total[label] for label in total}}


def _folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6


def compare(models: dict[str, str], data: Path, workdir: Path) -> dict:
    records = read_jsonl(data)
    texts = [r["text"] for r in records]
    out = {"data": str(data), "articles": len(records), "characters": sum(map(len, texts)),
           "machine": machine_description(), "pipelines": {}}
    for name, model in models.items():
        nlp = spacy.load(model)
        evaluation = evaluate_records(nlp, records)
        tokens = sum(len(nlp.make_doc(t)) for t in texts)
        out["pipelines"][name] = {
            "model": str(model), "tokens": tokens, "edges_on_tokens": token_edge_agreement(nlp, records),
            "flat": evaluation["flat"], "nested": evaluation["nested"], "flat_f_ci95": evaluation["flat_f_ci95"],
            "speed": speed(model, texts, (1,), workdir)[0], "size_mb": _folder_mb(Path(model))}
    return out


def compare_markdown(report: dict) -> str:
    names = list(report["pipelines"])
    pipes = report["pipelines"]
    lines = [f"# Tokenizations compared on `{report['data']}`", "",
             f"{report['articles']} articles, {report['characters']:,} characters; speed on {report['machine']}.", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names),
             "| gold span edges on token edges | " + " | ".join(
                 f"{100 * pipes[n]['edges_on_tokens']['overall']:.2f}% of {pipes[n]['edges_on_tokens']['edges']}" for n in names) + " |",
             "| tokens | " + " | ".join(f"{pipes[n]['tokens']:,}" for n in names) + " |"]
    for layer in ("flat", "nested"):
        for label in list(LABELS) + ["micro"]:
            cells = []
            for n in names:
                s = pipes[n][layer]["micro"] if label == "micro" else pipes[n][layer]["per_label"][label]
                cells.append(f"{100 * s['f']:.1f}")
            lines.append(f"| {layer} F {label} | " + " | ".join(cells) + " |")
    lines += ["| flat micro F, 95% bootstrap interval | " + " | ".join(
                  f"{100 * pipes[n]['flat_f_ci95']['micro']['low']:.1f}–{100 * pipes[n]['flat_f_ci95']['micro']['high']:.1f}"
                  for n in names) + " |",
              "| chars/s, 1 process | " + " | ".join(f"{pipes[n]['speed']['chars_per_second']:,.0f}" for n in names) + " |",
              "| load s | " + " | ".join(f"{pipes[n]['speed']['load_seconds']:.1f}" for n in names) + " |",
              "| model size MB | " + " | ".join(f"{pipes[n]['size_mb']:.1f}" for n in names) + " |", ""]
    return "\n".join(lines)


def write_comparison(report: dict, out_dir: Path, name: str = "segmenters") -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / f"{name}.json", out_dir / f"{name}.md"
    atomic_write_text(json_path, json.dumps(report, ensure_ascii=False, indent=1))
    atomic_write_text(md_path, compare_markdown(report))
    return json_path, md_path

"""`zhner compare`: pipelines that differ in tokenization, side by side on one split.

For each pipeline: the share of gold span edges (flat and nested) that fall on its token
edges (a span cut inside a token cannot be predicted), flat and nested F per label, its speed
on the split's texts with one process, and its size on disk. The Makefile's
`compare-segmenters` runs it for the char and the pkuseg pipelines on dev.
"""
from __future__ import annotations

from pathlib import Path

import spacy

from .bench import speed
from .evaluate import evaluate_records
from .io_utils import folder_mb, read_jsonl, read_texts, write_report_pair
from .markup import LABELS
from .train import machine_description


def compare(models: dict[str, str], data: Path, workdir: Path, warmup: Path | None = None) -> dict:
    """warmup: JSONL whose texts each speed probe runs first (bench.speed), so the speed is steady."""
    records = read_jsonl(data)
    texts = [r["text"] for r in records]
    warmup_texts = read_texts(warmup) if warmup else None
    out = {"data": str(data), "articles": len(records), "characters": sum(map(len, texts)),
           "warmup": str(warmup) if warmup else None,
           "warmup_characters": sum(map(len, warmup_texts)) if warmup_texts else 0,
           "machine": machine_description(), "pipelines": {}}
    for name, model in models.items():
        nlp = spacy.load(model)
        evaluation = evaluate_records(nlp, records)
        tokens = sum(len(nlp.make_doc(t)) for t in texts)
        out["pipelines"][name] = {
            "model": str(model), "tokens": tokens, "edges_on_tokens": evaluation["edges_on_tokens"],
            "flat": evaluation["flat"], "nested": evaluation["nested"], "flat_f_ci95": evaluation["flat_f_ci95"],
            "speed": speed(model, texts, (1,), workdir, warmup=warmup_texts)[0], "size_mb": folder_mb(Path(model))}
    return out


def compare_markdown(report: dict) -> str:
    names = list(report["pipelines"])
    pipes = report["pipelines"]
    lines = [f"# Tokenizations compared on `{report['data']}`", "",
             f"{report['articles']} articles, {report['characters']:,} characters; speed on {report['machine']}"
             + (f", after a warm-up pass over {report['warmup_characters']:,} other characters"
                if report.get("warmup_characters") else "") + ".", "",
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
    return write_report_pair(report, compare_markdown(report), out_dir, name)

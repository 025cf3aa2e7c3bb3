"""`make bench-spark`: `zhner spark-annotate` in local[1] and local[2] against `zhner annotate`.

The test split's texts are repeated to ARTICLES records in one JSONL file. Each run is a fresh
command, timed end to end (Spark's start-up, its passes over the input, the output's commit),
as a user would run it:
- `zhner annotate` in one process (one BLAS thread), the baseline;
- `zhner spark-annotate --master local[1]`, then `local[2]`.
Reported: articles/s and characters/s of each, the 2-core speed-up (goal ≥ 1.7×), Spark's
overhead on one core against the baseline (goal ≤ 20%), and the peak RSS of an executor's Python
worker (each worker writes its own, `--worker-stats`).

Usage: python -m zhner.spark_bench MODEL DATA.jsonl [--articles 20000] [--output reports]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

SPEEDUP_GOAL = 1.7
OVERHEAD_GOAL = 0.20
ARTICLES = 20_000


def make_input(texts: list[str], articles: int, path: Path) -> int:
    """ARTICLES records cycling through the texts; returns their characters."""
    characters = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for i in range(articles):
            text = texts[i % len(texts)]
            characters += len(text)
            f.write(json.dumps({"id": f"a{i:06d}", "text": text}, ensure_ascii=False) + "\n")
    return characters


def _timed(command: list[str], env: dict) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MB of the process itself, stderr)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return seconds, usage.ru_maxrss / 1024, stderr


def run_annotate(model: str, data: Path, workdir: Path) -> dict:
    from .bench import ONE_BLAS_THREAD

    out = workdir / "annotate.jsonl"
    seconds, rss, _ = _timed([sys.executable, "-m", "zhner.cli", "annotate", str(data), "--model", model, "-o", str(out),
                              "--progress", "off"], {**os.environ, **ONE_BLAS_THREAD})
    records = sum(1 for _ in out.open(encoding="utf-8"))
    out.unlink()
    return {"run": "zhner annotate, 1 process", "seconds": seconds, "records": records, "peak_rss_mb": rss}


def run_spark(model: str, data: Path, workdir: Path, master: str) -> dict:
    from .bench import ONE_BLAS_THREAD

    name = re.sub(r"\W", "", master)
    out, stats = workdir / f"spark-{name}", workdir / f"stats-{name}"
    shutil.rmtree(stats, ignore_errors=True)
    stats.mkdir(parents=True)
    command = [sys.executable, "-m", "zhner.cli", "spark-annotate", str(data), str(out), "--model", model,
               "--master", master, "--overwrite", "--worker-stats", str(stats),
               "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false"]
    env = {**os.environ, **ONE_BLAS_THREAD, "PYSPARK_PYTHON": sys.executable}
    seconds, _, stderr = _timed(command, env)
    summary = re.search(r"annotated (\d+) texts, ([\d,]+) characters in ([\d.]+) s", stderr)
    workers = [json.loads(p.read_text(encoding="utf-8")) for p in stats.glob("worker-*.json")]
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(stats, ignore_errors=True)
    return {"run": f"zhner spark-annotate, {master}", "master": master, "seconds": seconds,
            "records": int(summary.group(1)) if summary else None,
            "job_seconds": float(summary.group(3)) if summary else None,
            "workers": len(workers), "model_loads": sum(w["loads"] for w in workers),
            "worker_load_seconds": max((w["load_seconds"] for w in workers), default=None),
            "peak_rss_mb": max((w["peak_rss_mb"] for w in workers), default=None)}


def bench(model: str, data: Path, articles: int, workdir: Path, masters=("local[1]", "local[2]")) -> dict:
    from .io_utils import read_texts
    from .train import machine_description

    texts = [t for t in read_texts(data) if t.strip()]
    jsonl = workdir / "articles.jsonl"
    characters = make_input(texts, articles, jsonl)
    try:
        runs = [run_annotate(model, jsonl, workdir)] + [run_spark(model, jsonl, workdir, m) for m in masters]
    finally:
        jsonl.unlink(missing_ok=True)
    for run in runs:
        run["articles_per_second"] = articles / run["seconds"]
        run["chars_per_second"] = characters / run["seconds"]
    by_master = {r.get("master"): r for r in runs}
    baseline, one, two = runs[0], by_master.get("local[1]"), by_master.get("local[2]")
    report = {"model": model, "data": str(data), "articles": articles, "characters": characters,
              "texts": len(texts), "machine": machine_description(), "runs": runs,
              "goals": {"speedup": SPEEDUP_GOAL, "overhead": OVERHEAD_GOAL},
              "command": f"python -m zhner.spark_bench {model} {data} --articles {articles}"}
    if one and two:
        report["speedup"] = one["seconds"] / two["seconds"]
    if one:
        report["overhead"] = one["seconds"] / baseline["seconds"] - 1
    return report


def spark_markdown(report: dict) -> str:
    texts = f"{report['texts']} text{'s' if report['texts'] != 1 else ''}"
    lines = [f"{report['articles']:,} articles ({report['characters']:,} characters: the {texts} of "
             f"`{Path(report['data']).name}` repeated), model `{report['model']}`, on {report['machine']}; each run a "
             "fresh command, timed end to end (start-up, model loads, reading, writing, commit):", "",
             "| run | seconds | articles/s | characters/s | peak RSS of a worker |", "|---|---:|---:|---:|---:|"]
    for run in report["runs"]:
        rss = f"{run['peak_rss_mb']:,.0f} MB" if run.get("peak_rss_mb") else ""
        if "master" in run and rss:
            rss += (f" ({run['workers']} worker{'s' if run['workers'] != 1 else ''}, "
                    f"{run['model_loads']} model load{'s' if run['model_loads'] != 1 else ''})")
        elif rss:
            rss += " (the process)"
        lines.append(f"| {run['run']} | {run['seconds']:,.1f} | {run['articles_per_second']:,.1f} | "
                     f"{run['chars_per_second']:,.0f} | {rss} |")
    lines.append("")
    goals = report["goals"]
    if "speedup" in report:
        met = "met" if report["speedup"] >= goals["speedup"] else "not met"
        lines.append(f"- 2-core speed-up (local[1] → local[2]): **{report['speedup']:.2f}×** "
                     f"(goal ≥ {goals['speedup']}×: {met})")
    if "overhead" in report:
        met = "met" if report["overhead"] <= goals["overhead"] else "not met"
        lines.append(f"- Spark's overhead on one core against `zhner annotate`: **{100 * report['overhead']:+.1f}%** "
                     f"(goal ≤ {100 * goals['overhead']:.0f}%: {met})")
    lines.append(f"- Made by `make bench-spark` (`{report['command']}`).")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from . import paths
    from .io_utils import write_report_pair

    parser = argparse.ArgumentParser(prog="python -m zhner.spark_bench", description=__doc__.split("\n")[0])
    parser.add_argument("model")
    parser.add_argument("data", help="interchange JSONL whose texts are repeated (the test split)")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--masters", nargs="+", default=["local[1]", "local[2]"])
    parser.add_argument("--output", default=str(paths.ROOT / "reports"))
    parser.add_argument("--workdir", default=str(paths.ROOT / "reports" / "tmp" / "spark-bench"))
    args = parser.parse_args(argv)
    workdir = Path(args.workdir)
    report = bench(args.model, Path(args.data), args.articles, workdir, tuple(args.masters))
    shutil.rmtree(workdir, ignore_errors=True)
    markdown = spark_markdown(report)
    json_path, md_path = write_report_pair(report, "## Spark: `zhner spark-annotate`\n\n" + markdown,
                                           Path(args.output), "spark-bench")
    print(markdown)
    print(f"wrote {json_path} and {md_path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measurements a reviewer can trust: speed and memory of a pipeline, and a bootstrap interval of F.

Speed runs in a fresh process per setting (zhner.speed_probe) so that load time and peak
memory are its own.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from .scoring import Tally, span_set


def speed(spec: str, texts: list[str], n_processes=(1, 2), workdir: Path = Path("."), rounds: int = 3,
          warmup: list[str] | None = None) -> list[dict]:
    """chars/s, load time and peak RSS of a model (folder or package) or a peer (`peer:NAME`).

    With `warmup` texts (not `texts`), each process first runs those, timed as its first pass,
    then `texts` (speed_probe.measure says why).

    Each setting runs `rounds` times, each in a fresh process (so no cache carries over); the
    round with the median speed is reported, with every round's chars/s beside it, because one
    short timing on a shared machine can be off by half.
    """
    data = Path(workdir) / f".bench-texts-{os.getpid()}.json"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps({"texts": texts, "warmup": warmup or []}, ensure_ascii=False), encoding="utf-8")
    try:
        results = []
        for n in n_processes:
            runs = sorted((_run_probe("speed_probe", [spec, data, n], f"speed probe of {spec} (n_process={n})")
                           for _ in range(rounds)), key=lambda r: r["chars_per_second"])
            median = dict(runs[len(runs) // 2])
            median["rounds_chars_per_second"] = [r["chars_per_second"] for r in runs]
            median["peak_rss_mb"] = max(r["peak_rss_mb"] for r in runs)
            results.append(median)
        return results
    finally:
        data.unlink(missing_ok=True)


# "One core" means one BLAS thread too: numpy's OpenBLAS would otherwise start one per core.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _run_probe(module: str, args: list, what: str) -> dict:
    """Run `python -m zhner.<module> ARGS` in a fresh process with one BLAS thread; its last
    stdout line is JSON."""
    out = subprocess.run([sys.executable, "-m", f"zhner.{module}", *map(str, args)], capture_output=True, text=True,
                         env={**os.environ, **ONE_BLAS_THREAD})
    if out.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def long_text_memory(model: str, texts: list[str], characters: int, workdir: Path = Path("."),
                     max_chunk: int | None = None, batch_size: int = 32) -> dict:
    """Peak memory of annotating one page of `characters` characters (the texts joined by line
    breaks, repeated as needed), in a fresh process (zhner.memory_probe)."""
    from .annotate import MAX_CHUNK

    if not any(texts):
        raise ValueError("long_text_memory needs texts to build the page from")
    page, length = [], 0
    for text in itertools.cycle(texts):
        if length >= characters:
            break
        page.append(text)
        length += len(text) + 1  # with its line break
    data = Path(workdir) / f".long-text-{os.getpid()}.txt"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("\n".join(page)[:characters], encoding="utf-8")
    try:
        return _run_probe("memory_probe", [model, data, max_chunk or MAX_CHUNK, batch_size], f"memory probe of {model}")
    finally:
        data.unlink(missing_ok=True)


def bootstrap_f(records: list[dict], predictions: list[list], layer: str = "ents", rounds: int = 1000,
                seed: int = 0) -> dict:
    """95% interval of micro and per-label F, resampling articles with replacement."""
    per_doc = []
    for record, pred in zip(records, predictions):
        tally = Tally()
        tally.add(span_set(record[layer]), span_set(pred))
        per_doc.append(tally)
    rng = random.Random(seed)
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        total = Tally()
        for i in (rng.randrange(len(per_doc)) for _ in per_doc):
            total += per_doc[i]
        scores = total.scores()
        samples.setdefault("micro", []).append(scores["micro"]["f"])
        for label, s in scores["per_label"].items():
            samples.setdefault(label, []).append(s["f"])
    out = {}
    for name, values in samples.items():
        values.sort()
        out[name] = {"low": values[int(0.025 * len(values))], "high": values[int(0.975 * len(values)) - 1]}
    return out

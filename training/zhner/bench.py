"""Measurements a reviewer can trust: speed and memory of a pipeline, and a bootstrap interval of F.

Speed runs in a fresh process per setting (zhner.speed_probe) so that load time and peak
memory are its own.
"""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

from .scoring import Tally, span_set


def speed(spec: str, texts: list[str], n_processes=(1, 2), workdir: Path = Path(".")) -> list[dict]:
    """chars/s, load time and peak RSS of a model (folder or package) or a peer (`peer:NAME`)."""
    data = Path(workdir) / f".bench-texts-{os.getpid()}.json"
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    try:
        results = []
        for n in n_processes:
            out = subprocess.run([sys.executable, "-m", "zhner.speed_probe", str(spec), str(data), str(n)],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                raise RuntimeError(f"speed probe of {spec} (n_process={n}) failed:\n{out.stderr[-2000:]}")
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        return results
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

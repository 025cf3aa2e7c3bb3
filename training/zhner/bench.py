"""Measurements a reviewer can trust: speed and memory of a pipeline, and a bootstrap interval of F.

Speed runs in a fresh process per setting so that load time and peak memory are its own.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from .scoring import Tally, span_set

_SPEED_PROBE = r"""
import json, resource, sys, time
started = time.perf_counter()
import spacy
nlp = spacy.load(sys.argv[1])
load_seconds = time.perf_counter() - started
texts = json.load(open(sys.argv[2], encoding="utf-8"))
n_process = int(sys.argv[3])
list(nlp.pipe(texts[:2]))  # warm up
started = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=32, n_process=n_process):
    pass
seconds = time.perf_counter() - started
peak_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(json.dumps({"n_process": n_process, "characters": sum(map(len, texts)), "seconds": seconds,
                  "chars_per_second": sum(map(len, texts)) / seconds, "load_seconds": load_seconds,
                  "peak_rss_mb": peak_kb / 1024}))
"""


def speed(model: str, texts: list[str], n_processes=(1, 2), workdir: Path = Path(".")) -> list[dict]:
    data = Path(workdir) / ".bench-texts.json"
    data.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    try:
        results = []
        for n in n_processes:
            out = subprocess.run([sys.executable, "-c", _SPEED_PROBE, str(model), str(data), str(n)],
                                 capture_output=True, text=True, check=True)
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

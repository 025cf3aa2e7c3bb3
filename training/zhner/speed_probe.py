"""Run in a fresh process by `bench.speed`: load one pipeline or peer, time it on texts, print JSON.

A fresh process per setting makes load time and peak memory that setting's own.
Usage: python -m zhner.speed_probe SPEC DATA_JSON N_PROCESS, where DATA_JSON holds {"texts": [...],
"warmup": [...]} (warmup optional) and SPEC is a model folder or
package name, or `peer:lac`, `peer:jieba`, `peer:gazetteer:<entries.json>`.
"""
from __future__ import annotations

import json
import resource
import sys
import time

_peer = None


def _init_worker(spec: str) -> None:
    global _peer
    _peer = _load_peer(spec)


def _run_peer(text: str) -> int:
    return len(_peer(text))


def _load_peer(spec: str):
    from pathlib import Path

    from .peers import load_peer

    _, name, *rest = spec.split(":", 2)
    return load_peer(name, Path(rest[0]) if rest else None)


def batch_size_for(n_texts: int, n_process: int, largest: int = 32) -> int:
    """Batches small enough that every worker gets several: with 100 texts in batches of 32, two
    workers get 64 and 36 texts and the run measures the imbalance, not the pipeline."""
    return largest if n_process == 1 else max(1, min(largest, n_texts // (4 * n_process)))


def _load(spec: str):
    """A function that runs the pipeline or peer over texts with a batch size and process count."""
    if spec.startswith("peer:"):
        peer = _load_peer(spec)

        def run(texts, batch_size, n_process):
            if n_process == 1:
                for text in texts:
                    peer(text)
                return
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(n_process, _init_worker, (spec,)) as pool:
                list(pool.imap(_run_peer, texts, chunksize=batch_size))
        return run

    import spacy

    nlp = spacy.load(spec)

    def run(texts, batch_size, n_process):
        for _ in nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            pass
    return run


def measure(spec: str, texts: list[str], n_process: int, warmup: list[str] | None = None) -> dict:
    """Time `texts` after a warm-up pass over `warmup` (other texts) in one process.

    A fresh process runs its first few seconds well below its later pace (memory being mapped,
    caches filling), and on 40k characters that start is a large share of the time. So the
    warm-up pass is timed on its own, as the first-pass speed, and `texts` give the steady speed
    a long job runs at. Without warm-up texts, two of `texts` warm up, untimed.
    """
    batch_size = batch_size_for(len(texts), n_process)
    started = time.perf_counter()
    run = _load(spec)
    load_seconds = time.perf_counter() - started
    first_pass = {}
    if warmup:
        started = time.perf_counter()
        run(warmup, batch_size_for(len(warmup), 1), 1)
        warm_characters = sum(map(len, warmup))
        first_pass = {"warmup_characters": warm_characters,
                      "first_pass_chars_per_second": warm_characters / (time.perf_counter() - started)}
    else:
        run(texts[:2], batch_size, 1)
    started = time.perf_counter()
    run(texts, batch_size, n_process)
    seconds = time.perf_counter() - started
    characters = sum(map(len, texts))
    return {"n_process": n_process, "batch_size": batch_size, "characters": characters, "seconds": seconds,
            "chars_per_second": characters / seconds, "load_seconds": load_seconds, **first_pass,
            "peak_rss_mb": max(own_peak_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024,
            "blas_threads": blas_threads()}


def blas_threads() -> int:
    """The most threads any BLAS library loaded in this process may use (bench runs probes with one)."""
    from threadpoolctl import threadpool_info

    return max((pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1)


def own_peak_kb() -> int:
    """This process's peak resident memory. Not ru_maxrss: Linux carries the high-water mark of
    the process that forked us across exec, so a large parent would inflate it."""
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


if __name__ == "__main__":
    spec, data, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(data, encoding="utf-8") as f:
        payload = json.load(f)
    print(json.dumps(measure(spec, payload["texts"], n, payload.get("warmup"))))

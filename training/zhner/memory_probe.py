"""Run in a fresh process by `bench.long_text_memory`: annotate one long text, print JSON.

It measures what `zhner annotate` costs on a long page: the text is read in pieces of at most
`max_chunk` characters (annotate.py), batch_size pieces at a time, so peak memory should follow
batch_size × max_chunk, not the page's length.
Usage: python -m zhner.memory_probe MODEL TEXT_FILE MAX_CHUNK BATCH_SIZE
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def measure(model: str, text: str, max_chunk: int, batch_size: int) -> dict:
    import spacy

    from .annotate import annotate_records
    from .readers import Record
    from .speed_probe import own_peak_kb

    nlp = spacy.load(model)
    loaded_kb = own_peak_kb()
    started = time.perf_counter()
    [(_, result)] = annotate_records(nlp, [Record("long", "long", text)], batch_size=batch_size, max_chunk=max_chunk)
    seconds = time.perf_counter() - started
    return {"characters": len(text), "max_chunk": max_chunk, "batch_size": batch_size, "seconds": seconds,
            "entities": len(result["ents"]), "peak_rss_after_load_mb": loaded_kb / 1024,
            "peak_rss_mb": own_peak_kb() / 1024}


if __name__ == "__main__":
    model, text_file, max_chunk, batch_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print(json.dumps(measure(model, Path(text_file).read_text(encoding="utf-8"), max_chunk, batch_size)))

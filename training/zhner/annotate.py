"""Run the pipeline over records, long texts in pieces, and give back interchange results.

A text longer than `max_chunk` characters is cut at paragraph (else sentence, else any) ends
into pieces that the pipeline reads one at a time, so memory stays bounded; span offsets are
moved back into the whole text.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from .readers import Record

# Characters a piece. A batch holds up to batch_size pieces, and its memory grows with their
# length: at 5,000 a 200k-character page peaked near 1 GB (`zhner bench --long-text`). Most articles are shorter than
# 1,000 characters and stay whole; longer ones are cut at paragraph or sentence ends.
MAX_CHUNK = 1_000
_BREAKS = (re.compile(r"\n"), re.compile(r"[。！？!?；;]"))


def chunk_offsets(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """(start, end) pieces of at most max_chunk characters, cut after a break where one exists."""
    pieces, start = [], 0
    while len(text) - start > max_chunk:
        window = text[start:start + max_chunk]
        cut = None
        for pattern in _BREAKS:
            ends = [m.end() for m in pattern.finditer(window)]
            if ends and ends[-1] > max_chunk // 2:
                cut = ends[-1]
                break
        cut = cut or max_chunk
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, len(text)))
    return pieces


def span_record(span, offset: int, score: float | None = None) -> dict:
    item = {"start": span.start_char + offset, "end": span.end_char + offset, "label": span.label_, "text": span.text}
    if score is not None:
        item["score"] = score
    if span.label_ == "AMOUNT" and span.has_extension("amount"):
        value = span._.amount
        if value is not None:
            item["amount"] = value
    return item


def spancat_scores(doc, key: str = "nested") -> dict:
    """(start, end, label) → the spancat's probability, for the spans a spancat wrote under `key`."""
    import numpy

    group = doc.spans.get(key)
    if group is None or "scores" not in group.attrs:
        return {}
    return {(s.start, s.end, s.label_): float(numpy.max(row)) for s, row in zip(group, group.attrs["scores"])}


def annotate_records(nlp, records: Iterable[Record], batch_size: int = 32, n_process: int = 1,
                     max_chunk: int = MAX_CHUNK, with_scores: bool = False) -> Iterator[tuple[Record, dict]]:
    """(record, result) pairs in input order; result has id, source, text, ents, spans, extra fields.

    with_scores: spans the spancat found carry its probability as `score` (the NER gives none).
    """
    def pieces():
        for record in records:
            offsets = chunk_offsets(record.text, max_chunk)
            for number, (start, end) in enumerate(offsets):
                yield record.text[start:end], (record, start, number == len(offsets) - 1)

    ents: list[dict] = []
    spans: list[dict] = []
    for doc, (record, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        ents.extend(span_record(e, offset) for e in doc.ents)
        layer = doc.spans["sc"] if "sc" in doc.spans else doc.ents
        scores = spancat_scores(doc) if with_scores else {}
        spans.extend(span_record(s, offset, scores.get((s.start, s.end, s.label_))) for s in layer)
        if last:
            result = {**record.extra, "id": record.id, "source": record.source, "text": record.text,
                      "ents": ents, "spans": spans}
            yield record, result
            ents, spans = [], []

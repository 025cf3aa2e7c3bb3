"""Exact-match precision, recall and F of labelled character spans, per label and overall."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .markup import LABELS

SpanKey = tuple[int, int, str]  # (start, end, label), character offsets


@dataclass
class Tally:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: set[SpanKey], pred: set[SpanKey]) -> tuple[set[SpanKey], set[SpanKey]]:
        """Count one document; returns its (false positives, false negatives)."""
        false_pos, false_neg = pred - gold, gold - pred
        for _, _, label in pred & gold:
            self.tp[label] += 1
        for _, _, label in false_pos:
            self.fp[label] += 1
        for _, _, label in false_neg:
            self.fn[label] += 1
        return false_pos, false_neg

    def __iadd__(self, other: "Tally") -> "Tally":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    def scores(self, labels=LABELS) -> dict:
        """{"micro": {p, r, f, support}, "per_label": {label: {...}}}; p/r/f as fractions."""
        def prf(tp: int, fp: int, fn: int) -> dict:
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return {"p": p, "r": r, "f": f, "support": tp + fn, "predicted": tp + fp}

        per_label = {label: prf(self.tp[label], self.fp[label], self.fn[label]) for label in labels}
        micro = prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))
        return {"micro": micro, "per_label": per_label}


def span_set(spans) -> set[SpanKey]:
    """From interchange dicts ({"start","end","label"}) or spaCy spans."""
    out = set()
    for s in spans:
        if isinstance(s, dict):
            out.add((s["start"], s["end"], s["label"]))
        else:
            out.add((s.start_char, s.end_char, s.label_))
    return out


def token_edge_agreement(tokenize, records: list[dict]) -> dict:
    """Share of gold span edges (flat and nested) that fall on token edges, overall and by label.

    A span whose edge falls inside a token cannot be predicted by a token-based model.
    """
    hit, total = Counter(), Counter()
    for record in records:
        doc = tokenize(record["text"])
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t) for t in doc}
        for start, end, label in span_set(record.get("spans", [])) | span_set(record["ents"]):
            total[label] += 2
            hit[label] += (start in starts) + (end in ends)
    return {"overall": sum(hit.values()) / max(1, sum(total.values())), "edges": sum(total.values()),
            "by_label": {label: hit[label] / total[label] for label in total}}

"""What matters on new text: scores on names the model never saw, long project names, and
false alarms on text that names nothing.

- **seen / unseen**: a gold or predicted span is *seen* when its text (simplified, glosses
  removed) occurs with the same label in the train split; F is computed within each part, so the
  unseen F is what the model does on names it has to read rather than remember.
- **PROJECT recall by length** in characters (of the simplified, gloss-free name): real pages carry
  long names.
- **false positives per 10,000 characters** where nothing is annotated: articles of the
  `unrelated` genre, and every line (furniture, prose) that holds no gold span.
- **how each gold project name was read**: found whole; found as a PROJECT with other edges;
  opened as a COMPANY at its first character (the error a span-level relabelling would fix);
  something else inside it; nothing at all.
"""
from __future__ import annotations

import re

from zh_industry_ner_components.tokenizer import GLOSS_RE, simplify

from .markup import LABELS
from .scoring import SpanKey, Tally, span_set

LENGTH_BUCKETS = ((0, 8, "≤8"), (9, 12, "9–12"), (13, 16, "13–16"), (17, 24, "17–24"), (25, 10**9, "25+"))
_LINE = re.compile(r"[^\n]+")
PROJECT_READINGS = (("exact", "found whole"), ("other_edges", "PROJECT with other edges"),
                    ("company_at_start", "COMPANY from its first character"),
                    ("other_inside", "another label inside"), ("missed", "nothing"))


def name_key(text: str) -> str:
    """The form under which a name counts as the same name: simplified, glosses and spaces removed."""
    return simplify(GLOSS_RE.sub("", text)).replace(" ", "")


def seen_names(train_records: list[dict]) -> set[tuple[str, str]]:
    """(name key, label) of every flat and nested span of the train split."""
    seen = set()
    for record in train_records:
        for span in list(record["ents"]) + list(record.get("spans", [])):
            seen.add((name_key(record["text"][span["start"]:span["end"]]), span["label"]))
    return seen


def project_reading(start: int, end: int, predicted: set[SpanKey]) -> str:
    """Which of PROJECT_READINGS the predicted spans make of the gold project name [start, end)."""
    if (start, end, "PROJECT") in predicted:
        return "exact"
    overlapping = [(s, e, label) for s, e, label in predicted if s < end and e > start]
    if not overlapping:
        return "missed"
    if any(label == "PROJECT" for *_, label in overlapping):
        return "other_edges"
    if any(s == start and label == "COMPANY" for s, _, label in overlapping):
        return "company_at_start"
    return "other_inside"


def _bucket(length: int) -> str:
    return next(name for low, high, name in LENGTH_BUCKETS if low <= length <= high)


class Breakdown:
    """Accumulates the three views over (record, predicted flat spans) pairs."""

    def __init__(self, seen: set[tuple[str, str]] | None):
        self.seen = seen
        self.parts = {"seen": Tally(), "unseen": Tally()}
        self.length_hit = {name: 0 for *_, name in LENGTH_BUCKETS}
        self.length_total = {name: 0 for *_, name in LENGTH_BUCKETS}
        self.empty = {"unrelated": [0, 0], "entity_free_lines": [0, 0]}  # [false positives, characters]
        self.project_readings = {kind: 0 for kind, _ in PROJECT_READINGS}

    def _is_seen(self, text: str, span: SpanKey) -> bool:
        start, end, label = span
        return (name_key(text[start:end]), label) in self.seen

    def add(self, record: dict, predicted: set[SpanKey]) -> None:
        text = record["text"]
        gold = span_set(record["ents"])
        if self.seen is not None:
            for part, tally in self.parts.items():
                want = part == "seen"
                tally.add({s for s in gold if self._is_seen(text, s) == want},
                          {s for s in predicted if self._is_seen(text, s) == want})
        for start, end, label in gold:
            if label == "PROJECT":
                # Length of the name as a reader counts it: glosses and spaces do not make it longer.
                bucket = _bucket(len(name_key(text[start:end])))
                self.length_total[bucket] += 1
                self.length_hit[bucket] += (start, end, label) in predicted
                self.project_readings[project_reading(start, end, predicted)] += 1
        if record.get("meta", {}).get("genre") == "unrelated":
            self.empty["unrelated"][0] += len(predicted - gold)
            self.empty["unrelated"][1] += len(text)
        for line in _LINE.finditer(text):
            lo, hi = line.span()
            if any(s < hi and e > lo for s, e, _ in gold):
                continue
            self.empty["entity_free_lines"][0] += sum(1 for s, e, _ in predicted if lo <= s and e <= hi)
            self.empty["entity_free_lines"][1] += hi - lo

    def result(self) -> dict:
        out = {"project_recall_by_length": {
            name: {"recall": self.length_hit[name] / self.length_total[name] if self.length_total[name] else None,
                   "support": self.length_total[name]} for *_, name in LENGTH_BUCKETS}}
        long_total = sum(self.length_total[n] for n in ("17–24", "25+"))
        out["project_recall_17_plus"] = {
            "recall": (self.length_hit["17–24"] + self.length_hit["25+"]) / long_total if long_total else None,
            "support": long_total}
        out["project_readings"] = dict(self.project_readings)
        out["false_positives_per_10k_chars"] = {
            where: {"per_10k": 10000 * fp / chars if chars else None, "false_positives": fp, "characters": chars}
            for where, (fp, chars) in self.empty.items()}
        if self.seen is not None:
            out["seen_unseen"] = {part: tally.scores(LABELS) for part, tally in self.parts.items()}
        return out


def breakdown_markdown(names: list[str], results: list[dict]) -> list[str]:
    """Markdown lines: unseen/seen F per label, PROJECT recall by length, false alarms."""
    lines = []
    if all("seen_unseen" in r for r in results):
        lines += ["### Names seen in training and names never seen (flat layer)", "",
                  "F (support). *Seen*: the span's text occurs with that label in the train split.", "",
                  "| label | " + " | ".join(f"{n} unseen | {n} seen" for n in names) + " |",
                  "|---|" + "---|---|" * len(names)]
        for label in list(LABELS) + ["micro"]:
            cells = []
            for r in results:
                for part in ("unseen", "seen"):
                    scores = r["seen_unseen"][part]
                    s = scores["micro"] if label == "micro" else scores["per_label"][label]
                    cells.append(f"{100 * s['f']:.1f} ({s['support']})")
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["### PROJECT recall by name length (characters)", "",
              "| length | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for *_, bucket in LENGTH_BUCKETS:
        cells = []
        for r in results:
            b = r["project_recall_by_length"][bucket]
            cells.append("—" if b["recall"] is None else f"{100 * b['recall']:.1f} ({b['support']})")
        lines.append(f"| {bucket} | " + " | ".join(cells) + " |")
    cells = []
    for r in results:
        b = r["project_recall_17_plus"]
        cells.append("—" if b["recall"] is None else f"{100 * b['recall']:.1f} ({b['support']})")
    lines += ["| 17+ | " + " | ".join(cells) + " |", ""]
    if all("project_readings" in r for r in results):
        lines += ["### How each gold project name was read", "",
                  "Share of gold PROJECT names (count). *COMPANY from its first character*: the name was "
                  "opened as a company, the error a span-level relabelling would fix.", "",
                  "| read as | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
        for kind, title in PROJECT_READINGS:
            cells = []
            for r in results:
                total = sum(r["project_readings"].values())
                count = r["project_readings"][kind]
                cells.append("—" if not total else f"{100 * count / total:.1f}% ({count})")
            lines.append(f"| {title} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["### False positives per 10,000 characters where nothing is annotated", "",
              "| text | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for where, title in (("unrelated", "`unrelated` articles"), ("entity_free_lines", "lines with no gold span")):
        cells = []
        for r in results:
            e = r["false_positives_per_10k_chars"][where]
            cells.append("—" if e["per_10k"] is None else f"{e['per_10k']:.1f} ({e['false_positives']} in {e['characters']:,} chars)")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    lines.append("")
    return lines

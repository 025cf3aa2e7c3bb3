"""Label Studio's shapes: the labeling config, and tasks that carry the model's spans as predictions.

A task's `data` holds the text, its id and the input record's other fields; its one prediction has a
region per span. Two `<Labels>` controls share the text: `flat` is `doc.ents`, one non-overlapping
layer, and `nested` holds only the company and field spans inside project names, so a person
corrects each layer on its own and `zhner corpus import` can read them back into markup.
Formats: https://labelstud.io/guide/tasks (import) and https://labelstud.io/guide/export (export).
"""
from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from .markup import LABELS, NESTED_LABELS
from .writers import COLORS

FLAT, NESTED, TEXT = "flat", "nested", "text"


def labeling_config() -> str:
    """The labeling config that matches the tasks of `zhner annotate --format labelstudio`."""
    def labels(name: str, labels_: tuple[str, ...]) -> str:
        items = "\n".join(f'    <Label value="{label}" background={quoteattr(COLORS[label])}/>' for label in labels_)
        return f'  <Labels name="{name}" toName="{TEXT}">\n{items}\n  </Labels>'

    return "\n".join([
        "<View>",
        '  <Header value="doc.ents: projects, amounts, companies, fields"/>',
        labels(FLAT, LABELS),
        '  <Header value="doc.spans: the company and the field inside a project name"/>',
        labels(NESTED, NESTED_LABELS),
        f'  <Text name="{TEXT}" value="$text" granularity="symbol"/>',
        "</View>",
    ]) + "\n"


def model_version(meta: dict) -> str:
    """`zh_industry_ner-0.1.0` for the package; a training folder's meta gives `zh_pipeline-0.0.0`."""
    name = meta.get("name", "pipeline")
    lang = meta.get("lang", "")
    if lang and not name.startswith(f"{lang}_"):
        name = f"{lang}_{name}"
    return f"{name}-{meta.get('version', '0.0.0')}"


def region(span: dict, layer: str, number: int, text: str) -> dict:
    start, end = span["start"], span["end"]
    item = {"id": f"{layer[0]}{number}", "from_name": layer, "to_name": TEXT, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [span["label"]]}}
    if span.get("score") is not None:
        item["score"] = span["score"]
    return item


def nested_spans(result: dict) -> list[dict]:
    """The spans of the nested layer that are not flat entities: those inside project names."""
    flat = {(s["start"], s["end"], s["label"]) for s in result["ents"]}
    return [s for s in result["spans"] if (s["start"], s["end"], s["label"]) not in flat]


def task_from_result(result: dict, version: str) -> dict:
    """A Label Studio task from one `annotate_records` result."""
    data = {key: value for key, value in result.items() if key not in ("ents", "spans")}
    text = result["text"]
    regions = [region(s, FLAT, i, text) for i, s in enumerate(result["ents"])]
    regions += [region(s, NESTED, i, text) for i, s in enumerate(nested_spans(result))]
    scores = [r["score"] for r in regions if "score" in r]
    # The task's score is its least certain span, so sorting by it puts the articles to check first.
    return {"data": data, "predictions": [{"model_version": version, "score": min(scores) if scores else None,
                                           "result": regions}]}


class LabelStudioWriter:
    """A JSON list of tasks, written as the results come (the file is renamed into place at the end)."""

    def __init__(self, stream, version: str = "zh_industry_ner"):
        self.stream, self.version, self.count = stream, version, 0
        self.stream.write("[")

    def write(self, result: dict) -> None:
        self.stream.write(("," if self.count else "") + "\n" + json.dumps(task_from_result(result, self.version),
                                                                           ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.stream.write("\n]\n")

"""Output formats of `zhner annotate`: JSONL (interchange shape), CSV (a row per entity), HTML (displaCy).

Writers stream into a temporary file beside the target and move it into place only when
everything is written, so a crash never leaves a half-written file behind.
"""
from __future__ import annotations

import csv
import html
import json
import os
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .webpage import METADATA_FIELDS

CSV_FIELDS = ["source", "id", "layer", "label", "text", "start", "end",
              "amount_min", "amount_max", "currency", "approximate"]
# A web page's metadata (zhner.webpage), repeated on each of its rows: what a projects database
# keeps next to each entity.
PAGE_FIELDS = [*METADATA_FIELDS, "extraction"]
FORMATS = ("jsonl", "csv", "html")
COLORS = {"PROJECT": "#f4b183", "COMPANY": "#9dc3e6", "AMOUNT": "#a9d18e", "INDUSTRY": "#ffd966"}


@contextmanager
def atomic_output(path: str | None):
    """A text stream: stdout for None or '-', else a temporary file renamed into place on success."""
    if path in (None, "-"):
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            yield stream
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class JsonlWriter:
    def __init__(self, stream):
        self.stream = stream

    def write(self, result: dict) -> None:
        self.stream.write(json.dumps(result, ensure_ascii=False) + "\n")

    def close(self) -> None:
        pass


class CsvWriter:
    def __init__(self, stream):
        self.writer = csv.DictWriter(stream, fieldnames=CSV_FIELDS + PAGE_FIELDS)
        self.writer.writeheader()

    def write(self, result: dict) -> None:
        flat = {(s["start"], s["end"], s["label"]) for s in result["ents"]}
        for span in result["spans"]:
            amount = span.get("amount") or {}
            self.writer.writerow({
                "source": result["source"], "id": result["id"],
                "layer": "flat" if (span["start"], span["end"], span["label"]) in flat else "nested",
                "label": span["label"], "text": span["text"], "start": span["start"], "end": span["end"],
                "amount_min": amount.get("min", ""), "amount_max": amount.get("max", ""),
                "currency": amount.get("currency", ""),
                "approximate": "" if not amount else str(amount.get("approximate")).lower(),
                **{key: result.get(key, "") for key in PAGE_FIELDS},
            })

    def close(self) -> None:
        pass


def _span_style_data(text: str, spans: list[dict]) -> dict:
    """displaCy's manual span-style input: the text's tokens and spans by token index."""
    from zh_industry_ner_components.tokenizer import split_tokens

    tokens = split_tokens(text)
    starts, ends, pos = {}, {}, 0
    for i, token in enumerate(tokens):
        starts[pos] = i
        pos += len(token)
        ends[pos] = i + 1
    items = [{"start_token": starts[s["start"]], "end_token": ends[s["end"]], "label": s["label"]}
             for s in spans if s["start"] in starts and s["end"] in ends]
    return {"text": text, "tokens": tokens, "spans": items}


class HtmlWriter:
    """One page: per article the flat layer (displaCy's entity style) and the nested layer."""

    def __init__(self, stream):
        from spacy import displacy

        self.displacy = displacy
        self.stream = stream
        self.stream.write("<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>zhner annotate</title>"
                          "<style>body{font-family:sans-serif;max-width:60em;margin:auto}</style></head><body>\n")

    def write(self, result: dict) -> None:
        options = {"colors": COLORS}
        flat = self.displacy.render({"text": result["text"], "ents": result["ents"], "title": None},
                                    style="ent", manual=True, page=False, options=options)
        nested = self.displacy.render(_span_style_data(result["text"], result["spans"]), style="span",
                                      manual=True, page=False, options=options)
        self.stream.write(f"<article><h2>{html.escape(str(result['id']))}</h2><p><small>{html.escape(result['source'])}</small></p>"
                          f"<h3>doc.ents</h3>{flat}<h3>doc.spans[\"sc\"]</h3>{nested}</article>\n")

    def close(self) -> None:
        self.stream.write("</body></html>\n")


WRITERS = {"jsonl": JsonlWriter, "csv": CsvWriter, "html": HtmlWriter}

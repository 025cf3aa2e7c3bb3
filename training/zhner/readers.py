"""Input for `zhner annotate`: files, folders, JSONL and stdin, in the encodings scraped pages come in.

Every input becomes Records; an input that cannot be read becomes a Failure (path and reason),
and the others go on.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Union

from .io_utils import jsonl_lines
from .webpage import decode, extract_page

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

@dataclass
class Record:
    id: str
    source: str
    text: str
    extra: dict = field(default_factory=dict)  # JSONL fields other than text, carried through


@dataclass
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class _TextExtractor(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table", "ul", "ol"}
    SKIP = {"script", "style", "noscript", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Visible text of a page; offsets of the output refer to this text."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [line.strip() for line in "".join(parser.parts).splitlines()]
    return "\n".join(line for line in lines if line)


def _records_from_jsonl(text: str, source: str, text_field: str) -> Iterator[Union[Record, Failure]]:
    for number, where, obj, error in jsonl_lines(text, source):
        if error:
            yield Failure(where, error)
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get(text_field), str):
            yield Failure(where, f"no string field {text_field!r}")
            continue
        if not obj[text_field].strip():
            yield Failure(where, "empty text")
            continue
        extra = {k: v for k, v in obj.items() if k != text_field}
        record_id = str(obj.get("id", f"{Path(source).stem}:{number}"))
        yield Record(record_id, where, obj[text_field], extra)


def read_source(data: bytes, source: str, suffix: str, encoding: str | None, text_field: str,
                html_mode: str = "main") -> Iterator[Union[Record, Failure]]:
    """Records of one input. HTML is read as its article body and metadata (`html_mode="main"`)
    or as all its visible text (`"all"`)."""
    is_html = suffix in HTML_SUFFIXES
    try:
        text, _ = decode(data, encoding, html=is_html)
    except (UnicodeDecodeError, LookupError) as err:
        yield Failure(source, f"cannot decode: {err}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _records_from_jsonl(text, source, text_field)
        return
    extra = {}
    if is_html:
        if html_mode == "main":
            page = extract_page(text, html_to_text)
            text, extra = page.text, {**page.metadata, "extraction": page.extraction}
        else:
            text = html_to_text(text)
    if not text.strip():
        yield Failure(source, "empty input")
        return
    yield Record(Path(source).stem if source != "<stdin>" else "stdin", source, text, extra)


def iter_inputs(inputs: list[str], encoding: str | None = None, text_field: str = "text",
                stdin_format: str = "txt", html_mode: str = "main") -> Iterator[Union[Record, Failure]]:
    """Records from every input; folders are walked recursively for supported files."""
    for item in inputs:
        if item == "-":
            yield from read_source(sys.stdin.buffer.read(), "<stdin>", "." + stdin_format, encoding, text_field, html_mode)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED)
            if not files:
                yield Failure(item, "folder holds no .txt, .md, .html or .jsonl files")
        elif path.exists():
            files = [path]
        else:
            yield Failure(item, "no such file or folder")
            continue
        for file in files:
            try:
                data = file.read_bytes()
            except OSError as err:
                yield Failure(str(file), f"cannot read: {err.strerror or err}")
                continue
            yield from read_source(data, str(file), file.suffix.lower(), encoding, text_field, html_mode)

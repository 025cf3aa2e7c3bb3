"""Input for `zhner annotate`: files, folders, JSONL and stdin, in the encodings scraped pages come in.

Every input becomes Records; an input that cannot be read becomes a Failure (path and reason),
and the others go on.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator, Union

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

# Frequent characters in simplified and traditional writing: a decoding that yields many of them
# is the right one (GB18030 decodes most Big5 bytes too, into rare characters).
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
    "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那"
    "社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气第向道此变条只没结解问意建月公无系很情者最立代想已通并提直"
    "题程展五果料象员位入常文总次品式活设及管特件长求基资边流路级少图山统接知较将组见计别期根论运农指区强放决西被干做必先回则任"
    "取据处府研這為個國來們時發動過說產種後學經進著電裡現實兩體機當點從業應開還關與樣間內數質氣變條沒結問題員設長資邊級圖統較將"
    "組見計別論運農區強決幹據處億萬項總額約"
)


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


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Text and the encoding used. Raises UnicodeDecodeError / LookupError when it cannot."""
    if encoding:
        return data.decode(encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = None
    for candidate in ("gb18030", "big5"):
        try:
            text = data.decode(candidate)
        except UnicodeDecodeError:
            continue
        score = sum(ch in _COMMON for ch in text) / max(1, len(text))
        if best is None or score > best[0]:
            best = (score, text, candidate)
    if best is None:
        raise UnicodeDecodeError("utf-8/gb18030/big5", data[:16], 0, 1, "no supported encoding decodes this input")
    return best[1], best[2]


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
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            yield Failure(where, f"not valid JSON: {err.msg}")
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


def read_source(data: bytes, source: str, suffix: str, encoding: str | None, text_field: str) -> Iterator[Union[Record, Failure]]:
    try:
        text, _ = decode(data, encoding)
    except (UnicodeDecodeError, LookupError) as err:
        yield Failure(source, f"cannot decode: {err}")
        return
    if suffix in JSONL_SUFFIXES:
        yield from _records_from_jsonl(text, source, text_field)
        return
    if suffix in HTML_SUFFIXES:
        text = html_to_text(text)
    if not text.strip():
        yield Failure(source, "empty input")
        return
    yield Record(Path(source).stem if source != "<stdin>" else "stdin", source, text)


def iter_inputs(inputs: list[str], encoding: str | None = None, text_field: str = "text",
                stdin_format: str = "txt") -> Iterator[Union[Record, Failure]]:
    """Records from every input; folders are walked recursively for supported files."""
    for item in inputs:
        if item == "-":
            yield from read_source(sys.stdin.buffer.read(), "<stdin>", "." + stdin_format, encoding, text_field)
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
            yield from read_source(data, str(file), file.suffix.lower(), encoding, text_field)

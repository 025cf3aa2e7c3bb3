"""Parse and write the corpus's inline markup.

An article file is a header of ``key: value`` lines, a line ``---``, then the body.
In the body an entity is written ``{text|LABEL}``; spans may nest one level inside
a PROJECT: ``{{恒岳|COMPANY}{新能源电池材料|INDUSTRY}(二期)项目|PROJECT}``.
``\\{``, ``\\}``, ``\\|`` and ``\\\\`` stand for the literal characters.

The parser keeps line numbers so every error can name file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LABELS = ("PROJECT", "COMPANY", "AMOUNT", "INDUSTRY")
NESTED_LABELS = ("COMPANY", "INDUSTRY")
HEADER_KEYS_REQUIRED = ("id", "province", "genre", "origin")
_CLOSE = re.compile(r"\|([A-Z_]+)\}")


class MarkupError(ValueError):
    """A problem in an article file, located by path and line."""

    def __init__(self, path: str | Path, line: int, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        super().__init__(f"{path}:{line}: {reason}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str
    line: int = 0  # line of the opening brace in the source file, 0 when unknown

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "label": self.label}


@dataclass
class Article:
    meta: dict
    text: str
    ents: list[Span]  # flat layer: outermost spans
    nested: list[Span]  # spans inside a PROJECT (COMPANY / INDUSTRY)
    path: str = ""
    body_line: int = 1  # file line of the first body line

    @property
    def id(self) -> str:
        return self.meta["id"]

    @property
    def spans(self) -> list[Span]:
        """The nested layer: every flat entity plus the spans inside projects."""
        return sorted(self.ents + self.nested, key=lambda s: (s.start, -s.end, s.label))

    def to_record(self) -> dict:
        record = {"id": self.id, "text": self.text,
                  "ents": [s.as_dict() for s in self.ents],
                  "spans": [s.as_dict() for s in self.spans]}
        record["meta"] = {k: v for k, v in self.meta.items() if k != "id"}
        return record


def parse_body(body: str, path: str = "<string>", first_line: int = 1):
    """Return (text, spans) where spans carry a nesting depth-sorted list.

    Raises MarkupError for unbalanced braces, unknown labels or a stray ``|``.
    """
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (text offset, line) of open braces
    spans: list[tuple[Span, int]] = []  # (span, depth)
    line = first_line
    i, n = 0, len(body)
    while i < n:
        ch = body[i]
        if ch == "\\" and i + 1 < n and body[i + 1] in "{}|\\":
            out.append(body[i + 1])
            i += 2
            continue
        if ch == "{":
            stack.append((len(out), line))
            i += 1
            continue
        if ch == "|":
            m = _CLOSE.match(body, i)
            if not m:
                raise MarkupError(path, line, "'|' not followed by LABEL} (escape a literal bar as \\|)")
            if not stack:
                raise MarkupError(path, line, f"closing '|{m.group(1)}}}' without an opening '{{'")
            label = m.group(1)
            if label not in LABELS:
                raise MarkupError(path, line, f"unknown label {label!r} (expected one of {', '.join(LABELS)})")
            start, open_line = stack.pop()
            spans.append((Span(start, len(out), label, open_line), len(stack)))
            i = m.end()
            continue
        if ch == "}":
            raise MarkupError(path, line, "'}' without '|LABEL' (escape a literal brace as \\})")
        if ch == "\n":
            line += 1
        out.append(ch)
        i += 1
    if stack:
        raise MarkupError(path, stack[-1][1], "'{' is never closed")
    return "".join(out), spans


def parse_article(source: str, path: str | Path = "<string>") -> Article:
    lines = source.split("\n")
    meta: dict = {}
    for idx, raw in enumerate(lines):
        if raw.strip() == "---":
            body_start = idx + 1
            break
        if not raw.strip():
            continue
        key, sep, value = raw.partition(":")
        if not sep:
            raise MarkupError(path, idx + 1, f"header line is not 'key: value': {raw!r}")
        meta[key.strip()] = value.strip()
    else:
        raise MarkupError(path, 1, "no '---' line between header and body")
    for key in HEADER_KEYS_REQUIRED:
        if not meta.get(key):
            raise MarkupError(path, 1, f"header lacks '{key}'")
    body = "\n".join(lines[body_start:]).strip("\n")
    # Leading blank lines were stripped: count them so line numbers stay true.
    skipped = len(lines[body_start:]) - len("\n".join(lines[body_start:]).lstrip("\n").split("\n"))
    first_line = body_start + 1 + skipped
    text, spans = parse_body(body, str(path), first_line)
    flat = [s for s, depth in spans if depth == 0]
    inner = [s for s, depth in spans if depth > 0]
    for s, depth in spans:
        if depth > 1:
            raise MarkupError(path, s.line, f"{s.label} nested two levels deep; only one level inside a PROJECT")
    for s in inner:
        parent = next((p for p in flat if p.start <= s.start and s.end <= p.end), None)
        if parent is None or parent.label != "PROJECT":
            raise MarkupError(path, s.line, f"nested {s.label} '{text[s.start:s.end]}' is not inside a PROJECT")
        if s.label not in NESTED_LABELS:
            raise MarkupError(path, s.line, f"{s.label} may not nest inside a PROJECT (only {', '.join(NESTED_LABELS)})")
    flat.sort(key=lambda s: s.start)
    inner.sort(key=lambda s: s.start)
    return Article(meta=meta, text=text, ents=flat, nested=inner, path=str(path), body_line=first_line)


def read_article(path: Path) -> Article:
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise MarkupError(path, 1, f"not UTF-8: {err}") from None
    return parse_article(source, path)


def _escape(text: str) -> str:
    return re.sub(r"([{}|\\])", r"\\\1", text)


def render_body(text: str, ents: list[Span], nested: list[Span] = ()) -> str:
    """Inverse of parse_body: write text with inline markup."""
    opens: dict[int, list[Span]] = {}
    closes: dict[int, list[Span]] = {}
    for s in list(ents) + list(nested):
        opens.setdefault(s.start, []).append(s)
        closes.setdefault(s.end, []).append(s)
    out: list[str] = []
    for i in range(len(text) + 1):
        # Inner spans close before outer ones; outer spans open before inner ones.
        for s in sorted(closes.get(i, []), key=lambda s: s.start, reverse=True):
            out.append(f"|{s.label}}}")
        out.extend("{" for _ in sorted(opens.get(i, []), key=lambda s: -s.end))
        if i < len(text):
            out.append(_escape(text[i]))
    return "".join(out)


def render_article(meta: dict, text: str, ents: list[Span], nested: list[Span] = ()) -> str:
    header = "\n".join(f"{k}: {v}" for k, v in meta.items())
    return f"{header}\n---\n{render_body(text, ents, nested)}\n"

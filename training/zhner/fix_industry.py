"""Mechanical fixes for the INDUSTRY findings of the audit that have one right answer under the
spec (`zhner corpus fix-industry`):

- `industry-ye`: the fused 业 goes inside the span;
- `industry-in-company`: `{恒力|COMPANY}{石化|INDUSTRY}` becomes `{恒力石化|COMPANY}` where that
  whole name is a COMPANY elsewhere;
- `industry-activity`: the activity word at the end of an INDUSTRY inside a project name goes out;
- `industry-in-event`: an INDUSTRY inside an event's name is unlabelled;
- `industry-split`: INDUSTRY spans that touch become one (fields written together are one span);
- `field-unlabelled`: a known field left bare before 产业/行业/领域… is labelled, where its left
  edge is plain (punctuation, a function word, a province, a verb such as 发展 or 聚焦). Elsewhere
  the bare field may be the tail of a longer name (`牵引电机`), so the audit keeps it for a person.

Each change is listed with its file and line, so a person can review the diff.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .audit import ACTIVITY_TAIL_RE, bare_fields, event_names, industry_check, known_fields, touching_fields
from .io_utils import atomic_write_text
from .markup import Article, Span, render_article
from .validate import PROVINCES

# What may stand just before a field that starts there: punctuation, list joiners, function
# words, place suffixes (省, 市, 国内, 当地), time and measure words (年, 一位, 4家).
PLAIN_BEFORE_CHARS = set("，。、；：！？,.;:!?（）()“”\"'《》【】 \n\t·—-|>和及与的在对把将从向为是了等省市区县州旗国内地年位家级")
PLAIN_BEFORE_WORDS = tuple(PROVINCES) + (
    "推动", "发展", "做强", "做大", "做优", "壮大", "培育", "聚焦", "围绕", "覆盖", "涵盖", "涉及", "进军", "拓展",
    "布局", "承接", "打造", "面向", "加快", "支持", "扶持", "深耕", "主攻", "提升", "服务", "引进", "建设", "巩固",
    "关注", "来自", "面临", "开展", "推进", "用到", "传统")


def plain_left_edge(text: str, start: int) -> bool:
    """Whether a field starting at `start` cannot be the tail of a longer name."""
    return start == 0 or text[start - 1] in PLAIN_BEFORE_CHARS or any(
        text.endswith(w, 0, start) for w in PLAIN_BEFORE_WORDS)


def label_bare_fields(article: Article, fields: set[str]) -> tuple[list[Span], list[str]]:
    """The article's flat layer with each plainly bounded bare field labelled INDUSTRY (a flat
    INDUSTRY it continues is taken in), and a line per change."""
    text, ents, changes = article.text, list(article.ents), []
    for start, end, word in bare_fields(article, fields):
        if not plain_left_edge(text, start):
            continue
        line = article.body_line + text.count("\n", 0, start)
        taken = [s for s in ents if s.label == "INDUSTRY" and start <= s.start and s.end <= end]
        ents = [s for s in ents if s not in taken] + [Span(start, end, "INDUSTRY", line)]
        was = f" (was {', '.join(repr(text[s.start:s.end]) for s in taken)})" if taken else ""
        changes.append(f"{article.path}:{line}: INDUSTRY {text[start:end]!r} labelled before {word!r}{was}")
    return sorted(ents, key=lambda s: (s.start, -s.end)), changes


def fix_article(article: Article, companies: set[str]) -> tuple[list[Span], list[Span], list[str]]:
    """The article's (flat, nested) spans with the fixes applied, and a line per change."""
    text, ents, nested = article.text, list(article.ents), list(article.nested)
    changes: list[str] = []
    events = event_names(text)
    projects = [(s.start, s.end) for s in ents if s.label == "PROJECT"]

    def where(s: Span) -> str:
        return f"{article.path}:{article.body_line + text.count(chr(10), 0, s.start)}"

    def fix_layer(layer: list[Span]) -> list[Span]:
        out = []
        company_ends = {s.end: s for s in layer if s.label == "COMPANY"}
        merged_into: set[int] = set()
        for s in layer:
            if s.label != "INDUSTRY":
                out.append(s)
                continue
            value = text[s.start:s.end]
            before = company_ends.get(s.start)
            check = industry_check(text, s, before, companies, projects, events)
            if check == "industry-ye":
                out.append(replace(s, end=s.end + 1))
                changes.append(f"{where(s)}: INDUSTRY {value!r} -> {text[s.start:s.end + 1]!r} (fused 业)")
            elif check == "industry-in-company":
                merged_into.add(before.start)
                out.append(Span(before.start, s.end, "COMPANY", before.line))
                changes.append(f"{where(s)}: COMPANY+INDUSTRY -> COMPANY {text[before.start:s.end]!r}")
            elif check == "industry-activity":
                cut = ACTIVITY_TAIL_RE.search(value).start()
                out.append(replace(s, end=s.start + cut))
                changes.append(f"{where(s)}: INDUSTRY {value!r} -> {value[:cut]!r} (activity word out)")
            elif check == "industry-in-event":
                changes.append(f"{where(s)}: INDUSTRY {value!r} unlabelled (inside an event name)")
            else:
                out.append(s)
        out = [s for s in out if not (s.label == "COMPANY" and s.start in merged_into
                                      and any(o.label == "COMPANY" and o.start == s.start and o.end > s.end for o in out))]
        return join_touching_fields(out)

    def join_touching_fields(layer: list[Span]) -> list[Span]:
        pairs = touching_fields(layer)
        while pairs:
            first, second = pairs[0]
            layer = [s for s in layer if s is not first and s is not second] + [replace(first, end=second.end)]
            changes.append(f"{where(first)}: INDUSTRY {text[first.start:first.end]!r} + "
                           f"{text[second.start:second.end]!r} -> {text[first.start:second.end]!r} (one field)")
            pairs = touching_fields(layer)
        return sorted(layer, key=lambda s: (s.start, -s.end))

    return fix_layer(ents), fix_layer(nested), changes


def fix_files(articles: list[Article], write: bool = True) -> list[str]:
    hand = [a for a in articles if a.meta.get("origin") == "hand"]
    companies = {a.text[s.start:s.end] for a in hand for s in a.spans if s.label == "COMPANY"}
    fields = known_fields(hand)
    all_changes = []
    for article in hand:
        ents, nested, changes = fix_article(article, companies)
        ents, field_changes = label_bare_fields(replace(article, ents=ents, nested=nested), fields)
        changes += field_changes
        if changes and write:
            atomic_write_text(Path(article.path), render_article(article.meta, article.text, ents, nested))
        all_changes += changes
    return all_changes

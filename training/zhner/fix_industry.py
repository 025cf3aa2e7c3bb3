"""Mechanical fixes for the INDUSTRY findings of the audit that have one right answer under the
spec (`zhner corpus fix-industry`):

- `industry-ye`: the fused 业 goes inside the span;
- `industry-in-company`: `{恒力|COMPANY}{石化|INDUSTRY}` becomes `{恒力石化|COMPANY}` where that
  whole name is a COMPANY elsewhere;
- `industry-activity`: the activity word at the end of an INDUSTRY inside a project name goes out;
- `industry-in-event`: an INDUSTRY inside an event's name is unlabelled.

Each change is listed with its file and line, so a person can review the diff.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .audit import ACTIVITY_TAIL_RE, event_names, industry_check
from .io_utils import atomic_write_text
from .markup import Article, Span, render_article


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
        return [s for s in out if not (s.label == "COMPANY" and s.start in merged_into
                                       and any(o.label == "COMPANY" and o.start == s.start and o.end > s.end for o in out))]

    return fix_layer(ents), fix_layer(nested), changes


def fix_files(articles: list[Article], write: bool = True) -> list[str]:
    companies = {a.text[s.start:s.end] for a in articles for s in a.spans if s.label == "COMPANY"}
    all_changes = []
    for article in articles:
        if article.meta.get("origin") != "hand":
            continue
        ents, nested, changes = fix_article(article, companies)
        if changes and write:
            atomic_write_text(Path(article.path), render_article(article.meta, article.text, ents, nested))
        all_changes += changes
    return all_changes

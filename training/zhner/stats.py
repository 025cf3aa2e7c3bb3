"""Corpus size and breadth, as `zhner corpus stats` reports it."""
from __future__ import annotations

from collections import Counter, defaultdict

from .markup import LABELS, Article
from .shape import REAL_PAGES, corpus_shape, shape_by_batch, shape_markdown


def corpus_stats(articles: list[Article]) -> dict:
    """Counts over hand-written articles; generated variants are only counted, under `variants`."""
    hand = [a for a in articles if a.meta.get("origin") == "hand"]
    flat, nested, inside = Counter(), Counter(), Counter()
    distinct: dict[str, set] = defaultdict(set)
    for a in hand:
        for s in a.ents:
            flat[s.label] += 1
            distinct[s.label].add(a.text[s.start:s.end])
        for s in a.spans:
            nested[s.label] += 1
        for s in a.nested:
            inside[s.label] += 1
            distinct[s.label].add(a.text[s.start:s.end])
    lengths = sorted(len(a.text) for a in hand)
    return {
        "articles": len(hand),
        "characters": sum(lengths),
        "flat": {label: flat[label] for label in LABELS},
        "nested": {label: nested[label] for label in LABELS},
        "inside_projects": {label: inside[label] for label in ("COMPANY", "INDUSTRY")},
        "distinct": {label: len(distinct[label]) for label in LABELS},
        "provinces": dict(Counter(a.meta["province"] for a in hand).most_common()),
        "genres": dict(Counter(a.meta["genre"] for a in hand).most_common()),
        "length": {"min": lengths[0], "median": lengths[len(lengths) // 2], "max": lengths[-1]} if lengths else {},
        "articles_without_entities": sum(1 for a in hand if not a.ents),
        "variants": dict(Counter(a.meta.get("noise", "?") for a in articles if a.meta.get("origin") == "variant")),
        "shape": corpus_shape(hand),
        "shape_by_batch": shape_by_batch(hand),
    }


def stats_markdown(stats: dict) -> str:
    lines = ["| measure | value |", "|---|---|",
             f"| articles (hand-written) | {stats['articles']} |",
             f"| characters | {stats['characters']:,} |",
             f"| article length min / median / max | {stats['length'].get('min')} / {stats['length'].get('median')} / {stats['length'].get('max')} |",
             f"| articles without entities | {stats['articles_without_entities']} |"]
    for label in LABELS:
        lines.append(f"| {label}: flat / nested layer / distinct | {stats['flat'][label]} / {stats['nested'][label]} / {stats['distinct'][label]} |")
    lines.append(f"| spans inside project names (COMPANY + INDUSTRY) | {sum(stats['inside_projects'].values())} |")
    lines.append(f"| provinces ({len(stats['provinces'])}) | " + ", ".join(f"{k} {v}" for k, v in stats["provinces"].items()) + " |")
    lines.append("| genres | " + ", ".join(f"{k} {v}" for k, v in stats["genres"].items()) + " |")
    lines.append(f"| generated variants ({sum(stats['variants'].values())}) | " + ", ".join(f"{k} {v}" for k, v in sorted(stats["variants"].items())) + " |")
    if "shape" in stats:
        lines += ["", "Shape beside real pages (hand-written articles, flat layer; definitions in `training/zhner/shape.py`):", "",
                  shape_markdown({"real pages": REAL_PAGES, "corpus": stats["shape"], **stats.get("shape_by_batch", {})})]
    return "\n".join(lines)

"""The fixed train/dev/test split, by article, kept in corpus/splits.tsv.

A new article is placed by a hash of its id (80/10/10), so placing it never moves another
article; once written to the file its split stays put. Variants follow their source article,
so no text crosses the split boundary in disguise.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from .markup import Article

SPLITS = ("train", "dev", "test")


def hashed_split(article_id: str) -> str:
    bucket = int(hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8], 16) % 10
    return "test" if bucket == 0 else "dev" if bucket == 1 else "train"


def read_splits(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    table = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        article_id, _, split = line.partition("\t")
        if split not in SPLITS:
            raise ValueError(f"{path}:{number}: split must be one of {SPLITS}, got {split!r}")
        table[article_id] = split
    return table


def write_splits(path: Path, table: dict[str, str]) -> None:
    lines = ["# article id<TAB>split — fixed; new articles are placed by zhner corpus split"]
    lines += [f"{k}\t{table[k]}" for k in sorted(table)]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def assign(articles: list[Article], table: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Split for every hand-written article (new ones hashed); returns (table, new ids)."""
    table = dict(table)
    new = []
    for article in articles:
        if article.meta.get("origin") == "hand" and article.id not in table:
            table[article.id] = hashed_split(article.id)
            new.append(article.id)
    return table, new


def split_of(article: Article, table: dict[str, str]) -> str:
    key = article.meta.get("source_id") if article.meta.get("origin") == "variant" else article.id
    if key not in table:
        raise KeyError(f"{article.path}: {key} has no split; run `zhner corpus split`")
    return table[key]

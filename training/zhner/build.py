"""Turn the article files into what training and evaluation read.

- corpus/variants/: the noisy variants, regenerated from the hand-written articles (seeded);
- corpus/build/{split}.spacy: DocBins with doc.ents (flat), doc.spans["sc"] (nested layer)
  and doc.spans["nested"] (only the spans inside projects, what the spancat learns);
- corpus/build/dev-hand.spacy: the dev DocBin without its variants, which training may score its
  checkpoints on (a third of the time; the variants read like their sources);
- corpus/build/{split}.jsonl: the interchange shape, one article a line, clean text only;
  corpus/build/{split}-{kind}.jsonl for the variants of that split.
"""
from __future__ import annotations

import json
import shutil
from collections import defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, SpanGroup

from . import paths
from .io_utils import atomic_write_text
from .markup import Article, Span, render_article
from .splits import SPLITS, assign, read_splits, split_of, write_splits
from .validate import Finding, validate
from .variants import choose_kinds, make_variant

VARIANT_SEED = 13
HAND_ONLY_BINS = ("dev",)  # splits that also get a {split}-hand.spacy


class CorpusError(Exception):
    """The corpus has problems; `findings` lists each with file and line."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(f"{len(findings)} problems in the corpus:\n" + "\n".join(map(str, findings[:50])))


def reference_nlp():
    """A blank pipeline with the project tokenizer: every character a token, so any span aligns."""
    import zh_industry_ner_components  # noqa: F401  (registers the tokenizer)

    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.char_tokenizer.v1"}}})


def load_hand_articles(roots: list[Path] | None = None) -> list[Article]:
    articles, findings = validate(paths.article_files(*(roots or [paths.ARTICLES])))
    if findings:
        raise CorpusError(findings)
    return [a for a in articles if a.meta.get("origin") == "hand"]


def write_variants(articles: list[Article], table: dict[str, str], out_dir: Path, seed: int = VARIANT_SEED) -> list[Path]:
    """Regenerate every variant file; returns the files written."""
    tmp = out_dir.with_name(out_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    written = []
    for article in articles:
        for kind in choose_kinds(article.id, table[article.id], seed):
            variant = make_variant(article, kind, seed)
            variant_id = f"{article.id}-{kind.replace('_', '-')}"
            meta = {"id": variant_id, "province": article.meta["province"], "genre": article.meta["genre"],
                    "origin": "variant", "source_id": article.id, "noise": kind, "seed": str(seed)}
            path = tmp / article.id.split("-")[0] / f"{variant_id}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(render_article(meta, variant.text, variant.ents, variant.nested), encoding="utf-8")
            written.append(out_dir / path.relative_to(tmp))
    shutil.rmtree(out_dir, ignore_errors=True)
    tmp.rename(out_dir) if tmp.exists() else out_dir.mkdir(parents=True, exist_ok=True)
    return written


def misaligned(doc: Doc, article: Article) -> list[Finding]:
    """Spans whose edges fall inside a token (say, inside a Latin word or a gloss)."""
    return [Finding(article.path, article.body_line + article.text.count("\n", 0, s.start),
                    f"{s.label} {article.text[s.start:s.end]!r} does not fall on token boundaries")
            for s in article.spans if doc.char_span(s.start, s.end) is None]


def to_doc(doc: Doc, article: Article) -> Doc:
    """Set the article's spans on its tokenized text; they must align (see `misaligned`)."""
    problems = misaligned(doc, article)
    if problems:
        raise CorpusError(problems)

    def span(s: Span):
        return doc.char_span(s.start, s.end, label=s.label)

    doc.ents = [span(s) for s in article.ents]
    doc.spans["nested"] = SpanGroup(doc, name="nested", spans=[span(s) for s in article.nested])
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=[span(s) for s in article.spans])
    doc.user_data["id"] = article.id
    return doc


def group_by_split(articles: list[Article], table: dict[str, str]) -> dict[str, list[Article]]:
    groups = defaultdict(list)
    for article in articles:
        groups[split_of(article, table)].append(article)
    return groups


def _write_docbin(path: Path, docs) -> None:
    bin_ = DocBin(store_user_data=True)
    for doc in docs:
        bin_.add(doc)
    tmp = path.with_name(path.name + ".tmp")
    bin_.to_disk(tmp)
    tmp.replace(path)


def _write_jsonl(path: Path, records) -> None:
    atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def build(out_dir: Path = paths.BUILD, seed: int = VARIANT_SEED) -> dict[str, dict[str, int]]:
    """Split, regenerate variants, write DocBins and JSONL. Returns counts per split and kind."""
    hand = load_hand_articles()
    table, new_ids = assign(hand, read_splits(paths.SPLITS))
    if new_ids:
        write_splits(paths.SPLITS, table)
    write_variants(hand, table, paths.VARIANTS, seed)
    variants, findings = validate(paths.article_files(paths.VARIANTS))
    if findings:
        raise CorpusError(findings)
    nlp = reference_nlp()
    tokenized = {a.id: nlp.make_doc(a.text) for a in hand + variants}  # once: checked here, filled below
    findings = [f for a in hand + variants for f in misaligned(tokenized[a.id], a)]
    if findings:
        raise CorpusError(findings)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, dict[str, int]] = {}
    hand_by_split = group_by_split(hand, table)
    variants_by_split = group_by_split(variants, table)
    for split in SPLITS:
        clean, noisy = hand_by_split.get(split, []), variants_by_split.get(split, [])
        _write_docbin(out_dir / f"{split}.spacy", (to_doc(tokenized[a.id], a) for a in clean + noisy))
        if split in HAND_ONLY_BINS:
            _write_docbin(out_dir / f"{split}-hand.spacy", (to_doc(tokenized[a.id], a) for a in clean))
        _write_jsonl(out_dir / f"{split}.jsonl", (a.to_record() for a in clean))
        by_kind = defaultdict(list)
        for article in noisy:
            by_kind[article.meta["noise"]].append(article)
        for kind, items in by_kind.items():
            _write_jsonl(out_dir / f"{split}-{kind}.jsonl", (a.to_record() for a in items))
        counts[split] = {"hand": len(clean), **{k: len(v) for k, v in sorted(by_kind.items())}}
    return counts

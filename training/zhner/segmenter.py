"""A domain word segmenter: segmented text from the project's own material, and a pkuseg model on it.

The published pkuseg models download at run time and cut across entity names, so the project
trains its own. Training text is made offline from:
- spacy-pkuseg's bundled lexicon (`dicts/default.pkl`) for ordinary words, by forward maximum
  matching, and
- the corpus annotations: every span edge (flat and nested) is forced to be a word edge,
so the segmenter learns to keep entity boundaries on token boundaries.
Only runs of Chinese characters are segmented; the tokenizer keeps numbers, Latin words and
punctuation as its own tokens.
"""
from __future__ import annotations

import pickle
import re
from functools import lru_cache
from pathlib import Path

from zh_industry_ner_components.tokenizer import CJK_CHARS

from .markup import Article

MAX_WORD = 6
# pkuseg passes. Dev word F levels off by about 8 (96.31% at 6, 96.47% at 8), but the NER does not
# notice: twenty-fifth sweep (reports/sweep-segmenter-iterations.md, corpus with b29, two seeds each,
# dev), 6 passes give dev F 91.5, unseen-name F 89.7, unseen INDUSTRY 54.0 against 91.3 / 89.5 / 54.1
# with 8, and make all is about two minutes shorter (363 s of segmenter training against 489 s).
ITERATIONS = 6
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")


@lru_cache(maxsize=1)
def bundled_lexicon(max_word: int = MAX_WORD) -> frozenset[str]:
    """Ordinary words from spacy-pkuseg's own lexicon (shipped in the wheel, nothing downloads)."""
    import spacy_pkuseg

    path = Path(spacy_pkuseg.__file__).parent / "dicts" / "default.pkl"
    with path.open("rb") as f:
        words = pickle.load(f).split("\n")
    return frozenset(w for w in words if 2 <= len(w) <= max_word and _CJK_RUN.fullmatch(w))


def max_match(text: str, lexicon: frozenset[str], max_word: int = MAX_WORD) -> list[str]:
    """Forward maximum matching; a character in no word stands alone."""
    words, i = [], 0
    while i < len(text):
        for size in range(min(max_word, len(text) - i), 0, -1):
            if size == 1 or text[i:i + size] in lexicon:
                words.append(text[i:i + size])
                i += size
                break
    return words


def segment_article(article: Article, lexicon: frozenset[str]) -> list[list[str]]:
    """Word lists for each run of Chinese characters, cut at every span edge."""
    edges = {s.start for s in article.spans} | {s.end for s in article.spans}
    lines = []
    for run in _CJK_RUN.finditer(article.text):
        cuts = sorted({run.start(), run.end()} | {e for e in edges if run.start() < e < run.end()})
        words = []
        for a, b in zip(cuts, cuts[1:]):
            words.extend(max_match(article.text[a:b], lexicon))
        lines.append(words)
    return lines


def write_segmented(articles: list[Article], path: Path, lexicon: frozenset[str] | None = None) -> int:
    """One line per Chinese run, words separated by spaces (pkuseg's training format)."""
    lexicon = lexicon if lexicon is not None else bundled_lexicon()
    count = 0
    with Path(path).open("w", encoding="utf-8") as f:
        for article in articles:
            for words in segment_article(article, lexicon):
                if len(words) > 1:
                    f.write(" ".join(words) + "\n")
                    count += 1
    return count


def train_segmenter(train_articles: list[Article], dev_articles: list[Article], out_dir: Path,
                    iterations: int = ITERATIONS, seed: int = 0) -> Path:
    """Train a pkuseg model into out_dir (its features and weights files); returns out_dir."""
    import random

    import numpy
    import spacy_pkuseg

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "data"
    work.mkdir(exist_ok=True)
    write_segmented(train_articles, work / "train.txt")
    write_segmented(dev_articles, work / "dev.txt")
    random.seed(seed)
    numpy.random.seed(seed)
    spacy_pkuseg.train(str(work / "train.txt"), str(work / "dev.txt"), str(out_dir), train_iter=iterations)
    return out_dir


def uses_pkuseg(config_path: Path) -> bool:
    """Whether a training config, or a trained model's config.cfg, segments words with pkuseg."""
    from spacy.util import load_config

    return load_config(Path(config_path))["nlp"]["tokenizer"].get("segmenter") == "pkuseg"


def load_segmenter_pipeline(model_dir: Path):
    """A blank pipeline whose tokenizer segments with the pkuseg model in model_dir."""
    import spacy

    import zh_industry_ner_components  # noqa: F401  (registers the tokenizer)

    config = {"nlp": {"tokenizer": {"@tokenizers": "zh_industry_ner.tokenizer.v1", "segmenter": "pkuseg"}}}
    nlp = spacy.blank("zh", config=config)
    nlp.tokenizer.initialize(pkuseg_model=str(model_dir))
    return nlp


def boundary_agreement(tokenize, articles: list[Article]) -> dict:
    """Share of gold span edges that fall on token edges, overall and by label."""
    from .scoring import token_edge_agreement

    return token_edge_agreement(tokenize, [a.to_record() for a in articles])

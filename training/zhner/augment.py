"""Name substitution: a spaCy augmenter that makes the model read names instead of remembering them.

With probability `level` a training example is rewritten: each distinct COMPANY and INDUSTRY name
in it is, with its label's probability (`probability.COMPANY`, `probability.INDUSTRY`), replaced by
another name of the same label, everywhere it occurs, flat or inside a project name. A PROJECT is
never swapped whole: the company or field inside it is (`{{宁德时代|COMPANY}{动力电池|INDUSTRY}项目|PROJECT}` may become
`{{亿纬锂能|COMPANY}{储能电池|INDUSTRY}项目|PROJECT}`), so the name stays coherent and the model
learns the shape of a project name, not its words.

Names come from the training split (what annotators wrote) and from the lexicons in
`corpus/lexicons/` (companies that exist, with their short names; fields as planners name them).
A full legal name is replaced by a full name, a short name by a short name. Where the name being
replaced is written in traditional characters or carries pinyin glosses, the new name is written
the same way (the variant functions of `variants.py`), so noisy copies stay noisy.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Callable, Dict, Iterator, List

from spacy.tokens import Doc, DocBin, SpanGroup
from spacy.training import Example
from spacy.util import registry
from spacy.vocab import Vocab

from zh_industry_ner_components.tokenizer import GLOSS_RE, simplify, split_tokens

from .breakdown import name_key
from .variants import _to_traditional, char_gloss

LEGAL_MARKERS = ("有限公司", "有限责任", "股份", "集团")
SUBSTITUTED = ("COMPANY", "INDUSTRY")


class NamePools:
    """Replacement names by kind: full company names, short company names, fields."""

    def __init__(self) -> None:
        self.pools: dict[str, set[str]] = {"company_full": set(), "company_short": set(), "industry": set()}

    def add(self, kind: str, name: str) -> None:
        name = name.strip()
        if name and 2 <= len(name) <= 40 and not GLOSS_RE.search(name) and simplify(name) == name:
            self.pools[kind].add(name)

    def add_company(self, name: str) -> None:
        self.add("company_full" if is_full_company(name) else "company_short", name)

    def frozen(self) -> dict[str, list[str]]:
        return {kind: sorted(names) for kind, names in self.pools.items()}


def is_full_company(name: str) -> bool:
    return any(marker in name for marker in LEGAL_MARKERS)


def pools_from_docs(docs, pools: NamePools) -> None:
    """Names of hand-written training docs (variants would only add noisy spellings)."""
    for doc in docs:
        for span in list(doc.ents) + list(doc.spans.get("nested", [])):
            if span.label_ == "COMPANY":
                pools.add_company(span.text)
            elif span.label_ == "INDUSTRY":
                pools.add("industry", span.text)


def pools_from_lexicons(folder: Path, pools: NamePools,
                        field_files: tuple[str, ...] = ("industries.tsv",)) -> None:
    """companies.tsv (full_name, short_names, …) and the field files (field, parent, aliases).
    industries-more.tsv is a field file the lexicon tags do not read: fields drawn from it come
    into training untagged, as a field never listed comes into a real page."""
    companies = Path(folder) / "companies.tsv"
    if companies.exists():
        with companies.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                pools.add_company(row.get("full_name") or "")
                for short in (row.get("short_names") or "").split("|"):
                    if short and not short.isascii():
                        pools.add("company_short", short)
    for file_name in field_files:
        industries = Path(folder) / file_name
        if not industries.exists():
            raise FileNotFoundError(f"name substitution: no field file {industries}")
        with industries.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                pools.add("industry", row.get("field") or "")
                for alias in (row.get("aliases") or "").split("|"):
                    pools.add("industry", alias)


def written_like(name: str, original: str, rng: random.Random) -> str:
    """`name` in the script and gloss style of `original`."""
    base = GLOSS_RE.sub("", original)
    if simplify(base) != base:
        name = _to_traditional(name)
    if GLOSS_RE.search(original):
        name = "".join(ch + char_gloss(ch, rng) for ch in name)
    return name


def substitute(text: str, ents: list[tuple[int, int, str]], nested: list[tuple[int, int, str]],
               pools: dict[str, list[str]], probability: dict[str, float], rng: random.Random):
    """Rewrite text and spans; returns (text, ents, nested), all as character offsets.
    `probability`: per label, the chance of each distinct name being swapped (absent: never)."""
    choice: dict[tuple[str, str], str | None] = {}
    replacements = []  # (start, end, new text)
    for start, end, label in sorted(ents + nested):
        if label not in SUBSTITUTED:
            continue
        original = text[start:end]
        key = (name_key(original), label)
        if key not in choice:
            if label == "COMPANY":
                pool = pools["company_full" if is_full_company(key[0]) else "company_short"]
            else:
                pool = pools["industry"]
            chance = probability.get(label, 0.0)
            choice[key] = rng.choice(pool) if pool and chance > 0 and rng.random() < chance else None
        if choice[key] is not None and choice[key] != key[0]:
            replacements.append((start, end, written_like(choice[key], original, rng)))
    if not replacements:
        return text, ents, nested
    pieces, shifts, last = [], [], 0
    for start, end, new in replacements:
        pieces += [text[last:start], new]
        shifts.append((end, len(new) - (end - start)))
        last = end
    pieces.append(text[last:])

    def move(pos: int) -> int:
        # A span edge moves by the change of every replacement that ends at or before it: a span
        # that starts where a replacement starts stays put, one that ends where it ends moves.
        return pos + sum(delta for end, delta in shifts if end <= pos)

    def moved(spans):
        return [(move(s), move(e), label) for s, e, label in spans]

    return "".join(pieces), moved(ents), moved(nested)


def reference_doc(vocab, text: str, ents, nested) -> Doc | None:
    """A reference doc on the corpus's character tokens, or None where a span does not fall on
    token edges (a new name of Latin letters can run into the letters after it: `ABB` + `200MW`)."""
    words = split_tokens(text)
    doc = Doc(vocab, words=words, spaces=[False] * len(words))
    flat = [doc.char_span(s, e, label=label) for s, e, label in ents]
    inner = [doc.char_span(s, e, label=label) for s, e, label in nested]
    if None in flat or None in inner:
        return None
    doc.ents = flat
    doc.spans["nested"] = SpanGroup(doc, name="nested", spans=inner)
    doc.spans["sc"] = SpanGroup(doc, name="sc", spans=sorted(flat + inner, key=lambda s: (s.start, -s.end)))
    return doc


def name_substitution(pools: dict[str, list[str]], level: float, probability: dict[str, float],
                      seed: int) -> Callable[..., Iterator[Example]]:
    rng = random.Random(seed)

    def augment(nlp, example: Example) -> Iterator[Example]:
        if rng.random() >= level:
            yield example
            return
        ref = example.reference
        ents = [(s.start_char, s.end_char, s.label_) for s in ref.ents]
        nested = [(s.start_char, s.end_char, s.label_) for s in ref.spans.get("nested", [])]
        text, new_ents, new_nested = substitute(ref.text, ents, nested, pools, probability, rng)
        if text == ref.text:
            yield example
            return
        reference = reference_doc(nlp.vocab, text, new_ents, new_nested)
        if reference is None:
            yield example  # a span that no longer aligns: keep the example as written
            return
        yield Example(nlp.make_doc(text), reference)

    return augment


@registry.augmenters("zh_industry_ner.name_substitution.v1")
def create_name_substitution(train_path: str, lexicons: str | None = None, level: float = 0.5,
                             probability: Dict[str, float] | None = None,
                             seed: int = 0,
                             field_files: List[str] = ["industries.tsv"]) -> Callable[..., Iterator[Example]]:
    """Config entry: `[corpora.train.augmenter]` with the training DocBin's path, the lexicon
    folder (optional), the share of examples rewritten, per label
    (`[corpora.train.augmenter.probability]`) the chance of each name being swapped, and the
    field files of the lexicon folder that new fields are drawn from."""
    probability = {label: 0.5 for label in SUBSTITUTED} if probability is None else dict(probability)
    unknown = set(probability) - set(SUBSTITUTED)
    if unknown:
        raise ValueError(f"name substitution swaps only {', '.join(SUBSTITUTED)}, not {', '.join(sorted(unknown))}")
    pools = NamePools()
    docs = DocBin().from_disk(train_path).get_docs(Vocab())
    pools_from_docs((d for d in docs if d.user_data.get("id", "").count("-") <= 1), pools)
    if lexicons:
        pools_from_lexicons(Path(lexicons), pools, tuple(field_files))
    return name_substitution(pools.frozen(), level, probability, seed)

"""Add the fields the NER left out where the words around a lexicon field say "field".

The NER finds the fields it read in training and misses most it never read (unseen INDUSTRY F is
far below the other labels). Real pages name such fields in fixed frames: before a generic word
(`涂料产业`, `封装测试企业`, `水产种业领域`), after a verb of focus (`聚焦伺服系统`), or in a list
beside a field the NER did find (`新能源汽车、储能和氢能`). This component matches
`corpus/lexicons/industries.tsv` on token norms (name_lexicons.py: whole words, longest first) and
adds a match as INDUSTRY only where one of those cues stands next to it and no entity covers any of
its words. A product in a capacity phrase (`年产20万吨涂料`) has no cue and stays unlabelled.
The names are read at initialization and saved with the pipeline; nothing is read at load time.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Set, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .embed import match_spans
from .name_lexicons import LexiconMatcher, read_lexicon
from .registration import factory
from .tokenizer import doc_norms

# Generic words a field stands before (the spec leaves them outside the span).
AFTER_WORDS = ("产业", "行业", "领域", "企业", "赛道", "板块", "产业链", "集群", "产业集群", "龙头", "龙头企业", "产值",
               "业务", "环节", "市场")
# Verbs of focus a field stands after.
BEFORE_WORDS = ("聚焦", "瞄准", "深耕", "主营", "主攻", "专注", "专注于", "从事", "涉足", "进军", "布局", "培育", "壮大")
# Words that join the items of a list of fields.
LIST_JOINERS = ("、", "和", "及", "与", "以及")
# What may follow an item of a list, besides punctuation and line breaks: another joiner, `等`, a
# generic word. `激光电视和激光投影` joins two products, of which `激光` is only the first word; the
# word after it says so.
ITEM_ENDS = LIST_JOINERS + ("等", "的") + AFTER_WORDS
NAMES_FILE = "names.json"


class FieldCueRuler:
    def __init__(self, name: str, label: str, after_words: Sequence[str], before_words: Sequence[str],
                 list_joiners: Sequence[str], item_ends: Sequence[str] = ITEM_ENDS, bounded_items: int = 0,
                 names: Iterable[str] = ()):
        self.name, self.label = name, label
        self.after_words, self.before_words = frozenset(after_words), frozenset(before_words)
        self.list_joiners = frozenset(list_joiners)
        self.item_ends = frozenset(item_ends)
        self.bounded_items = bounded_items
        self.set_names(names)

    def set_names(self, names: Iterable[str]) -> None:
        self.names = sorted(set(names))
        self.matcher = LexiconMatcher(self.names)

    def initialize(self, get_examples=None, *, nlp: Optional[Language] = None, lexicon_path: Optional[str] = None):
        if lexicon_path is None:
            raise ValueError(f"{self.name}: initialize needs lexicon_path, the folder of industries.tsv")
        names = read_lexicon(lexicon_path, "industries")
        if not names:
            raise ValueError(f"{lexicon_path}: no fields in industries.tsv for {self.name}")
        self.set_names(names)

    def __call__(self, doc: Doc) -> Doc:
        added = self.cued_spans(doc)
        if added:
            doc.ents = filter_spans(list(doc.ents) + added)
        return doc

    def cued_spans(self, doc: Doc) -> List[Span]:
        """The lexicon matches, outside every entity, that a cue marks as a field."""
        norms = doc_norms(doc)
        covered: Set[int] = {i for ent in doc.ents for i in range(ent.start, ent.end)}
        candidates = [(s, e) for s, e in match_spans(self.matcher.tags(norms))
                      if not any(i in covered for i in range(s, e))]
        if self.bounded_items:
            taken = {i for s, e in candidates for i in range(s, e)} | covered
            candidates += [c for c in self._bounded(norms) if not any(i in taken for i in range(*c))]
        fields = [(ent.start, ent.end) for ent in doc.ents if ent.label_ == self.label]
        chosen: List[Tuple[int, int]] = []
        for start, end in candidates:
            if self._framed(norms, start, end):
                chosen.append((start, end))
        # Lists: a candidate joined to a field (found or chosen) is one too; repeat along the list.
        pending = [c for c in candidates if c not in chosen]
        grew = True
        while grew and pending:
            grew = False
            for cand in list(pending):
                if self._listed_with(doc, norms, cand, fields + chosen):
                    chosen.append(cand)
                    pending.remove(cand)
                    grew = True
        return [Span(doc, s, e, label=self.label) for s, e in sorted(chosen)]

    def _bounded(self, norms: List[str]) -> List[Tuple[int, int]]:
        """Runs of at most `bounded_items` words between `、` and a joiner or `等`: the middle items of
        a list, whose edges the punctuation gives even when no lexicon has them (`芦笋、肉鸭、油用牡丹等`)."""
        out = []
        for i, norm in enumerate(norms):
            if norm != "、":
                continue
            for end in range(i + 2, min(len(norms), i + 2 + self.bounded_items)):
                if norms[end] in self.list_joiners or norms[end] == "等":
                    text = "".join(norms[i + 1:end])
                    if 2 <= len(text) <= 8 and all(ch.isalpha() for ch in text):
                        out.append((i + 1, end))
                    break
        return out

    def _framed(self, norms: List[str], start: int, end: int) -> bool:
        after = norms[end] if end < len(norms) else ""
        before = norms[start - 1] if start > 0 else ""
        return after in self.after_words or before in self.before_words

    def _listed_with(self, doc: Doc, norms: List[str], cand: Tuple[int, int], fields: List[Tuple[int, int]]) -> bool:
        start, end = cand
        if end < len(doc) and not (norms[end] in self.item_ends or doc[end].is_punct or doc[end].is_space):
            return False
        for f_start, f_end in fields:
            # field, joiner, candidate  /  candidate, joiner, field
            if f_end + 1 == start and norms[f_end] in self.list_joiners:
                return True
            if end + 1 == f_start and norms[end] in self.list_joiners:
                return True
        return False

    def to_bytes(self, exclude=tuple()) -> bytes:
        return json.dumps(self.names, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, exclude=tuple()):
        self.set_names(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path, exclude=tuple()):
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / NAMES_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path, exclude=tuple()):
        return self.from_bytes((Path(path) / NAMES_FILE).read_bytes())


@factory(
    "field_cues",
    default_config={"label": "INDUSTRY", "after_words": list(AFTER_WORDS), "before_words": list(BEFORE_WORDS),
                    "list_joiners": list(LIST_JOINERS), "item_ends": list(ITEM_ENDS), "bounded_items": 0},
)
def make_field_cues(nlp: Language, name: str, label: str, after_words: List[str], before_words: List[str],
                    list_joiners: List[str], item_ends: List[str], bounded_items: int):
    return FieldCueRuler(name, label, after_words, before_words, list_joiners, item_ends, bounded_items)

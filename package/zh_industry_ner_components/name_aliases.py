"""Carry the short name an article declares to every mention of it.

News and filings introduce a firm or a project by its full name and declare the short name they
will use after it: `武汉珞珈星图科技有限公司（简称“珞珈星图”）`, `…有限公司（下称“赣味鲜厨”）`. The
NER reads the full name, but the short one is a word it never saw in training and it misses it at
most later mentions. This component labels the declared short name, inside the declaration and
wherever it recurs outside other entities, with the label of the name it follows.

Only declarations are followed. Carrying every name the NER found to its other occurrences spreads
one wrong guess through a page: on dev, one place read as a company became thirty false companies
(reports/sweep-aliases.md and configs/pkuseg.cfg have the measures). Deriving a short name from a
full one instead (`台州飞梭缝纫机有限公司` → `飞梭`, by stripping places, trade words and the legal
suffix) labelled 12 right and 103 wrong mentions on dev: a stripped name is often a plain word.

It reads token norms (simplified, glosses removed), so traditional and glossed pages declare alike.
Generic stand-ins (`（以下简称“公司”）`, `本项目`) are not names and are skipped; so is anything
inside a title in 《》, where the spec annotates nothing.
"""
from __future__ import annotations

import re
from typing import Dict, List, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from .registration import factory
from .tokenizer import doc_norms

# `（以下简称“珞珈星图”）`, `（简称：海航技术）`, `(下称"宏邦咖啡")`; norms make `(` full-width and `簡稱` simplified.
DECLARATION = re.compile(
    r"\s*（(?:以下|下文)?[，,]?(?:简称|下称)[：:为]?\s*[“\"「『]?"
    r"(?P<name>[^“”\"「」『』《》（）()，,。；;：:、\s]{2,12})[”\"」』]?）")
# Words a filing declares as stand-ins for a name; they are not names.
STAND_INS = ("公司", "本公司", "该公司", "发行人", "上市公司", "标的公司", "目标公司", "合资公司", "新公司", "子公司",
             "全资子公司", "控股股东", "集团", "本集团", "基金", "本基金", "合伙企业", "本行", "该行", "甲方", "乙方",
             "丙方", "投资方", "项目", "本项目", "该项目", "本次项目", "本工程", "工程")


class NameAliases:
    def __init__(self, name: str, labels: Sequence[str], stand_ins: Sequence[str] = STAND_INS):
        self.name = name
        self.labels = frozenset(labels)
        self.stand_ins = frozenset(stand_ins)

    def __call__(self, doc: Doc) -> Doc:
        added = self.alias_spans(doc)
        if added:
            doc.ents = sorted(list(doc.ents) + added, key=lambda span: span.start)
        return doc

    def declared(self, doc: Doc, text: str, offsets: List[int]) -> Dict[str, str]:
        """Short name → label, for each declaration that follows an entity with one of `labels`."""
        names: Dict[str, str] = {}
        for ent in doc.ents:
            if ent.label_ not in self.labels or ent.end >= len(doc):
                continue
            match = DECLARATION.match(text, offsets[ent.end])
            if match and match.group("name") not in self.stand_ins:
                names.setdefault(match.group("name"), ent.label_)
        return names

    def alias_spans(self, doc: Doc) -> List[Span]:
        norms = doc_norms(doc)
        text, offsets = "".join(norms), _offsets(norms)
        names = self.declared(doc, text, offsets)
        if not names:
            return []
        taken = [False] * len(doc)
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                taken[i] = True
        for i in _inside_titles(norms):
            taken[i] = True
        boundary = {offset: i for i, offset in enumerate(offsets)}  # offset → index of the token edge there
        spans: List[Span] = []
        # Longer names first, so `珞珈星图科技` is not cut by a shorter declared `珞珈星图`.
        for name in sorted(names, key=len, reverse=True):
            for match in re.finditer(re.escape(name), text):
                start, end = boundary.get(match.start()), boundary.get(match.end())
                if start is None or end is None or any(taken[start:end]):
                    continue
                spans.append(Span(doc, start, end, label=names[name]))
                for i in range(start, end):
                    taken[i] = True
        return spans


def _offsets(norms: List[str]) -> List[int]:
    """Where each token starts in the joined norms, and where the last one ends."""
    offsets = [0]
    for norm in norms:
        offsets.append(offsets[-1] + len(norm))
    return offsets


def _inside_titles(norms: List[str]) -> List[int]:
    """Indices of the tokens between 《 and 》."""
    inside, depth = [], 0
    for i, norm in enumerate(norms):
        if "《" in norm:
            depth += norm.count("《")
        if depth > 0:
            inside.append(i)
        if "》" in norm:
            depth = max(0, depth - norm.count("》"))
    return inside


@factory("name_aliases", default_config={"labels": ["COMPANY", "PROJECT"]})
def make_name_aliases(nlp: Language, name: str, labels: List[str]):
    return NameAliases(name, labels)

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

# `（以下简称“珞珈星图”）`, `（简称：海航技术）`, `(下稱"宏邦咖啡")`. Token norms are simplified with
# full-width brackets; the traditional and half-width forms are for raw text (the corpus audit).
DECLARATION = re.compile(
    r"\s*[（(](?:以下|下文)?[，,]?(?:简称|下称|簡稱|下稱)[：:为為]?\s*[“\"「『]?"
    r"(?P<name>[^“”\"「」『』《》（）()，,。；;：:、\s]{2,12})[”\"」』]?[）)]")
# What a filing declares as a stand-in for a name is not a name: a generic head (公司, 项目, 基金 …),
# alone or after a word that only points (本, 该, 原, 新, 一期, 标的 …): `（以下简称“公司”）`, `（简称“新项目”）`.
STAND_IN = re.compile(
    r"(?:本|该|該|原|新|此|上述|本次|首期|[一二三四五]期|拟建|擬建|募投|标的|標的|目标|目標|合资|合資|全资|全資|控股|上市)?"
    r"(?:公司|企业|企業|集团|集團|子公司|基金|合伙企业|合夥企業|项目|項目|工程|本行|该行|發行人|发行人|控股股东|控股股東"
    r"|甲方|乙方|丙方|投资方|投資方|标的资产|標的資產|交易)")


def is_stand_in(name: str) -> bool:
    return STAND_IN.fullmatch(name) is not None


class NameAliases:
    def __init__(self, name: str, labels: Sequence[str]):
        self.name = name
        self.labels = frozenset(labels)

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
            if match and not is_stand_in(match.group("name")):
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

"""Span candidates for the nested layer: the sub-spans of every PROJECT entity.

Nested COMPANY and INDUSTRY spans only ever stand inside a PROJECT name, so the spancat needs
no n-grams elsewhere. Taking the PROJECT entities that the NER has set (the NER runs as an
annotating component in training) keeps candidates to a few hundred per document, where
n-grams long enough for 30-50 character names would mean tens of thousands.
"""
from __future__ import annotations

from typing import Iterable, Optional

from spacy.tokens import Doc
from thinc.api import Ops, get_current_ops
from thinc.types import Ragged

from .registration import function


def project_subspans(doc: Doc, max_length: int, project_label: str = "PROJECT",
                     max_project_length: int = 80) -> list[tuple[int, int]]:
    """Token (start, end) pairs of every sub-span up to max_length tokens inside PROJECT entities.

    A predicted "project" longer than max_project_length tokens is no name (an untrained or
    confused model can run one over a whole page) and gets no candidates: memory stays bounded.
    """
    pairs = []
    for ent in doc.ents:
        if ent.label_ != project_label or len(ent) > max_project_length:
            continue
        for start in range(ent.start, ent.end):
            if doc[start].is_space:
                continue
            for end in range(start + 1, min(ent.end, start + max_length) + 1):
                if not doc[end - 1].is_space:
                    pairs.append((start, end))
    return pairs


@function("misc", "zh_industry_ner.project_subspans.v1")
def build_project_subspan_suggester(max_length: int = 10, project_label: str = "PROJECT",
                                    max_project_length: int = 80):
    def suggest(docs: Iterable[Doc], *, ops: Optional[Ops] = None) -> Ragged:
        ops = ops or get_current_ops()
        pairs, lengths = [], []
        for doc in docs:
            doc_pairs = project_subspans(doc, max_length, project_label, max_project_length)
            pairs.extend(doc_pairs)
            lengths.append(len(doc_pairs))
        data = ops.asarray2i(pairs) if pairs else ops.xp.zeros((0, 0), dtype="i")
        return Ragged(data, ops.asarray1i(lengths))
    return suggest

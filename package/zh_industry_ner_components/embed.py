"""Token embedding that also reads the first and last character of each word.

spaCy's MultiHashEmbed embeds whole-token attributes (NORM, LEMMA, SHAPE here). A word the
training data never had gets the sum of hash rows trained for other words, which says nothing
about it. Chinese words carry their kind in their characters (…料, …件, …机, 钛…), so this
embedding adds two more hashed columns: the first and the last character of the token's norm
(simplified, gloss-free: `tokenizer.token_norm`), so traditional and glossed copies share them.
`affix_rows = 0` leaves them out and gives spaCy's MultiHashEmbed exactly.
"""
from __future__ import annotations

from typing import List

import numpy
from spacy.attrs import intify_attr
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.strings import hash_string
from spacy.tokens import Doc
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

from .registration import function


def norm_affix_hashes(doc: Doc) -> numpy.ndarray:
    """(len(doc), 2) uint64: hashes of the first and last character of each token's norm."""
    out = numpy.zeros((len(doc), 2), dtype="uint64")
    for i, token in enumerate(doc):
        norm = token.norm_
        out[i, 0] = hash_string(norm[:1])
        out[i, 1] = hash_string(norm[-1:])
    return out


def AffixFeatureExtractor(attrs: List[str]) -> Model[List[Doc], List[Ints2d]]:
    """spaCy's FeatureExtractor columns, then the two affix columns."""
    columns = [intify_attr(attr) for attr in attrs]

    def forward(model, docs, is_train):
        features = []
        for doc in docs:
            base = doc.to_array(columns).reshape(len(doc), len(columns)).astype("uint64")
            features.append(model.ops.asarray2i(numpy.hstack([base, norm_affix_hashes(doc)]), dtype="uint64"))
        return features, lambda d_features: []

    return Model("affix_extract_features", forward, attrs={"feature_names": list(attrs) + ["NORM_FIRST", "NORM_LAST"]})


@function("architectures", "zh_industry_ner.NormAffixHashEmbed.v1")
def norm_affix_hash_embed(width: int, attrs: List[str], rows: List[int], include_static_vectors: bool = False,
                          affix_rows: int = 5000) -> Model[List[Doc], List[Floats2d]]:
    """MultiHashEmbed's layers (hash tables, one Maxout) with two affix tables of `affix_rows` rows."""
    if affix_rows <= 0:
        return MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    if include_static_vectors:
        raise ValueError("NormAffixHashEmbed does not take static vectors (the pipeline has none)")
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} rows vs {len(attrs)} attrs")
    tables = list(rows) + [affix_rows, affix_rows]
    # Seeds as MultiHashEmbed numbers them, so the first tables start as spaCy's would.
    embeddings = [HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(tables)]
    return chain(
        AffixFeatureExtractor(attrs),
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


__all__ = ["norm_affix_hash_embed", "norm_affix_hashes"]

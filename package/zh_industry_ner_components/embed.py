"""Token embedding that also reads the first and last character of each word.

spaCy's MultiHashEmbed embeds whole-token attributes (NORM, LEMMA, SHAPE here). A word the
training data never had gets the sum of hash rows trained for other words, which says nothing
about it. Chinese words carry their kind in their characters (…料, …件, …机, 钛…), so this
embedding adds two more hashed columns: the first and the last character of the token's norm
(simplified, gloss-free: `tokenizer.token_norm`), so traditional and glossed copies share them.
`affix_lengths = [1, 2]` adds the first and last two characters (`氮化`, `化硅`), as spaCy's PREFIX
and SUFFIX do for English. `affix_rows = 0` leaves them out and gives spaCy's MultiHashEmbed exactly.

NormAffixLexiconEmbed adds a column per lexicon (fields, companies): where the lexicon covers the
word, as B/I/L/U/O (name_lexicons.py). The lexicons are read at initialization and saved in the
model's attrs, so a packaged pipeline carries them and reads no file at load time.
"""
from __future__ import annotations

import random
from functools import lru_cache
from typing import List, Optional, Sequence, Tuple

import numpy
from spacy.attrs import intify_attr
from spacy.ml.models.tok2vec import MultiHashEmbed
from spacy.strings import hash_string
from spacy.tokens import Doc
from thinc.api import HashEmbed, Maxout, Model, chain, concatenate, list2ragged, ragged2list, with_array
from thinc.types import Floats2d, Ints2d

from .name_lexicons import LEXICON_FILES, TAG_ID, LexiconMatcher, read_lexicon
from .registration import function
from .tokenizer import doc_norms


def affix_hashes(norms: List[str], lengths: Sequence[int] = (1,)) -> numpy.ndarray:
    """(len(norms), 2 * len(lengths)) uint64: for each k in `lengths`, hashes of the first and of
    the last k characters of each norm (the whole norm where it is shorter)."""
    lengths = tuple(lengths)
    if not norms:
        return numpy.zeros((0, 2 * len(lengths)), dtype="uint64")
    return numpy.array([_affix_row(norm, lengths) for norm in norms], dtype="uint64")


@lru_cache(maxsize=200_000)
def _affix_row(norm: str, lengths: Tuple[int, ...]) -> Tuple[int, ...]:
    # Cached: news repeats its words, and two string hashes per word per call added up.
    return tuple(hash_string(part) for k in lengths for part in (norm[:k], norm[-k:]))


def norm_affix_hashes(doc: Doc, lengths: Sequence[int] = (1,)) -> numpy.ndarray:
    """affix_hashes of each token's norm."""
    return affix_hashes(doc_norms(doc), lengths)


def affix_names(lengths: Sequence[int]) -> List[str]:
    """Feature names of the affix columns, in affix_hashes' order."""
    return [f"NORM_{end}{k}" for k in lengths for end in ("FIRST", "LAST")]


def base_features(doc: Doc, columns: List[int], norms: List[str], lengths: Sequence[int] = (1,)) -> numpy.ndarray:
    """spaCy's FeatureExtractor columns for `doc`, then the affix columns of its `norms`."""
    base = doc.to_array(columns).reshape(len(doc), len(columns)).astype("uint64")
    return numpy.hstack([base, affix_hashes(norms, lengths)])


def AffixFeatureExtractor(attrs: List[str], lengths: Sequence[int] = (1,)) -> Model[List[Doc], List[Ints2d]]:
    """spaCy's FeatureExtractor columns, then the affix columns."""
    columns = [intify_attr(attr) for attr in attrs]

    def forward(model, docs, is_train):
        features = [model.ops.asarray2i(base_features(doc, columns, doc_norms(doc), lengths),
                                        dtype="uint64")
                    for doc in docs]
        return features, lambda d_features: []

    return Model("affix_extract_features", forward, attrs={"feature_names": list(attrs) + affix_names(lengths)})


def match_spans(tags: List[int]) -> List[Tuple[int, int]]:
    """(start, end) of each whole match (U, or B…L) in a tag column."""
    out, i = [], 0
    while i < len(tags):
        if tags[i] in (TAG_ID["U"], TAG_ID["B"]):
            end = i + 1
            if tags[i] == TAG_ID["B"]:
                while end < len(tags) and tags[end - 1] != TAG_ID["L"]:
                    end += 1
            out.append((i, end))
            i = end
        else:
            i += 1
    return out


def drop_matches(tags: List[int], rate: float, rng: random.Random) -> List[int]:
    """`tags` with each whole match (U, or B…L) turned to O with chance `rate`."""
    out = list(tags)
    for start, end in match_spans(tags):
        if rng.random() < rate:
            out[start:end] = [TAG_ID["O"]] * (end - start)
    return out


def hide_words(features: numpy.ndarray, spans: List[Tuple[int, int]], word_columns: List[int],
               bigram_column: Optional[int], rate: float, rng: random.Random) -> None:
    """Give the words of each span, with chance `rate`, random keys in `word_columns` (and the word
    before it a random bigram key), in place: to the hash tables they are then words never seen,
    as a field or a firm the train split never wrote is at test time."""
    for start, end in spans:
        if rng.random() >= rate:
            continue
        for column in word_columns:
            features[start:end, column] = [rng.getrandbits(64) for _ in range(end - start)]
        if bigram_column is not None and start > 0:  # its bigram holds the first hidden word
            features[start - 1, bigram_column] = rng.getrandbits(64)


def LexiconFeatureExtractor(attrs: List[str], lexicons: List[str], lexicon_path: Optional[str], dropout: float,
                            seed: int = 0, match_word_dropout: float = 0.0,
                            word_dropout: float = 0.0, lengths: Sequence[int] = (1,)) -> Model[List[Doc], List[Ints2d]]:
    """AffixFeatureExtractor's columns, then one tag column per lexicon (name_lexicons.py). The
    names live in attrs["lexicons"] (serialised with the model); `init` reads them from
    `lexicon_path`. While training, each match's tags are hidden with chance `dropout`, so that the
    model keeps reading the words and the context and does not take the lexicon for the answer; and,
    with chance `match_word_dropout`, its words (NORM, LEMMA) are, so that the model learns to find a
    name from its tags, its characters and its context alone, as it must for one the train split
    lacks. `word_dropout` does the same to any word, matched or not: most unseen fields are in no
    lexicon, and only the context and the characters show them."""
    columns = [intify_attr(attr) for attr in attrs]
    # LEMMA holds the bigram of norms (tokenizer.py), so it names the next word too.
    word_columns = [i for i, attr in enumerate(attrs) if attr.upper() in ("NORM", "LEMMA")]
    bigram_column = next((i for i, attr in enumerate(attrs) if attr.upper() == "LEMMA"), None)
    rng = random.Random(seed)
    cache: dict = {"names": None, "matchers": []}

    def matchers_for(model) -> List[LexiconMatcher]:
        names = model.attrs["lexicons"]
        if cache["names"] is not names:  # from_bytes replaces the dict
            cache["names"] = names
            cache["matchers"] = [LexiconMatcher(names.get(kind, [])) for kind in lexicons]
        return cache["matchers"]

    def init(model, X=None, Y=None):
        if lexicon_path is None:
            return
        names = {kind: read_lexicon(lexicon_path, kind) for kind in lexicons}
        empty = [LEXICON_FILES[kind][0] for kind, found in names.items() if not found]
        if empty:
            raise ValueError(f"{lexicon_path}: no names in {', '.join(empty)} to build the lexicon tags from")
        model.attrs["lexicons"] = names

    def forward(model, docs, is_train):
        matchers = matchers_for(model)
        features = []
        for doc in docs:
            norms = doc_norms(doc)  # read once: the tags and the affix columns share them
            base = base_features(doc, columns, norms, lengths)
            tag_columns = []
            for matcher in matchers:
                tags = matcher.tags(norms)
                if is_train and match_word_dropout > 0:
                    hide_words(base, match_spans(tags), word_columns, bigram_column, match_word_dropout, rng)
                if is_train and dropout > 0:
                    tags = drop_matches(tags, dropout, rng)
                tag_columns.append(numpy.asarray(tags, dtype="uint64").reshape(len(doc), 1))
            if is_train and word_dropout > 0:
                hide_words(base, [(i, i + 1) for i in range(len(doc))], word_columns, bigram_column, word_dropout, rng)
            features.append(model.ops.asarray2i(numpy.hstack([base] + tag_columns), dtype="uint64"))
        return features, lambda d_features: []

    return Model("lexicon_extract_features", forward, init=init,
                 attrs={"feature_names": list(attrs) + affix_names(lengths) + [f"IN_{k.upper()}" for k in lexicons],
                        "lexicons": {}})


def hash_embed_chain(extractor: Model[List[Doc], List[Ints2d]], tables: List[int],
                     width: int) -> Model[List[Doc], List[Floats2d]]:
    """MultiHashEmbed's layers over `extractor`'s columns: one hash table of `tables[i]` rows per
    column, concatenated, then one Maxout down to `width`."""
    # Seeds as MultiHashEmbed numbers them, so the first tables start as spaCy's would.
    embeddings = [HashEmbed(width, n_rows, column=i, seed=8 + i, dropout=0.0) for i, n_rows in enumerate(tables)]
    return chain(
        extractor,
        list2ragged(),
        with_array(concatenate(*embeddings)),
        with_array(Maxout(width, width * len(embeddings), nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


@function("architectures", "zh_industry_ner.NormAffixHashEmbed.v1")
def norm_affix_hash_embed(width: int, attrs: List[str], rows: List[int], include_static_vectors: bool = False,
                          affix_rows: int = 5000, affix_lengths: Sequence[int] = (1,)) -> Model[List[Doc], List[Floats2d]]:
    """MultiHashEmbed's layers (hash tables, one Maxout) with two affix tables of `affix_rows` rows
    for each length in `affix_lengths` (the first and the last k characters of the norm)."""
    if affix_rows <= 0:
        return MultiHashEmbed(width=width, attrs=attrs, rows=rows, include_static_vectors=include_static_vectors)
    if include_static_vectors:
        raise ValueError("NormAffixHashEmbed does not take static vectors (the pipeline has none)")
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} rows vs {len(attrs)} attrs")
    return hash_embed_chain(AffixFeatureExtractor(attrs, affix_lengths),
                            list(rows) + [affix_rows] * (2 * len(affix_lengths)), width)


@function("architectures", "zh_industry_ner.NormAffixLexiconEmbed.v1")
def norm_affix_lexicon_embed(width: int, attrs: List[str], rows: List[int], affix_rows: int = 5000,
                             lexicons: Sequence[str] = ("industries",), lexicon_path: Optional[str] = None,
                             lexicon_rows: int = 0,
                             lexicon_dropout: float = 0.0, seed: int = 0,
                             include_static_vectors: bool = False,
                             lexicon_word_dropout: float = 0.0,
                             word_dropout: float = 0.0,
                             affix_lengths: Sequence[int] = (1,)) -> Model[List[Doc], List[Floats2d]]:
    """NormAffixHashEmbed with a table of `lexicon_rows` rows for each lexicon's tag column (0 or
    no lexicons: v1 exactly). While training, `lexicon_dropout` hides a match's tags,
    `lexicon_word_dropout` its words and `word_dropout` any word (LexiconFeatureExtractor)."""
    if lexicon_rows <= 0 or not lexicons:
        return norm_affix_hash_embed(width=width, attrs=attrs, rows=rows, affix_rows=affix_rows,
                                     include_static_vectors=include_static_vectors, affix_lengths=affix_lengths)
    if include_static_vectors:
        raise ValueError("NormAffixLexiconEmbed does not take static vectors (the pipeline has none)")
    if affix_rows <= 0 or not affix_lengths or len(rows) != len(attrs):
        raise ValueError(f"NormAffixLexiconEmbed needs affix_rows > 0 and one row count per attr "
                         f"and affix lengths (got affix_rows={affix_rows}, affix_lengths={list(affix_lengths)}, "
                         f"{len(rows)} rows for {len(attrs)} attrs)")
    return hash_embed_chain(LexiconFeatureExtractor(attrs, list(lexicons), lexicon_path, lexicon_dropout, seed,
                                                    lexicon_word_dropout, word_dropout, affix_lengths),
                            list(rows) + [affix_rows] * (2 * len(affix_lengths)) + [lexicon_rows] * len(lexicons),
                            width)


__all__ = ["affix_hashes", "affix_names", "drop_matches", "hash_embed_chain", "hide_words", "match_spans", "norm_affix_hash_embed", "norm_affix_hashes", "norm_affix_lexicon_embed"]

"""A character tokenizer for noisy Chinese news.

Every Chinese character is a token, and a pinyin gloss written after it (`產(chǎn)`, `資(zi)`) is
folded into that token, so a glossed page has the same tokens as a clean one. Runs of Latin
letters and digits (`16.08`, `BYD`, `5G`) are single tokens; every other character, whitespace
included, is its own token, so `doc.text` is always the input unchanged.

Each token's NORM is its simplified form without the gloss and with half-width punctuation made
full-width: the model reads `產(chǎn)` and `产`, `,` and `，` alike.
"""
from __future__ import annotations

import re
from functools import lru_cache

from opencc import OpenCC
from spacy.tokens import Doc
from spacy.util import registry

from .registration import function

# One pinyin syllable, lower case, tone marked, numbered or bare: chǎn, xiang4, ge.
# English in brackets (`电池包(Pack)`) does not match, so it stays text.
_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê"
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[{_VOWELS}]{{1,3}}(?:ng|n|r)?[1-5]?"
GLOSS_RE = re.compile(rf"\({_SYLLABLE}\)")
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[\u3400-\u9fff\uf900-\ufaff](?:\({_SYLLABLE}\))?)"
    r"|(?P<alnum>[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]+(?:[.．,][0-9０-９]+)*)"
    r"|(?P<other>[\s\S])",
)
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}
_t2s = OpenCC("t2s")


@lru_cache(maxsize=65536)
def simplify(text: str) -> str:
    """Simplified-character form of a short string (cached: pages repeat characters)."""
    return _t2s.convert(text)


@lru_cache(maxsize=65536)
def token_norm(token_text: str) -> str:
    base = GLOSS_RE.sub("", token_text) if "(" in token_text else token_text
    if len(base) == 1 and base in _HALF_TO_FULL:
        return _HALF_TO_FULL[base]
    if base.isascii():
        return base.lower()
    # Full-width digits and letters read as their ASCII forms.
    base = base.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF5B)})
    return base.lower() if base.isascii() else simplify(base)


def split_tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN_RE.finditer(text)]


class GlossAwareCharTokenizer:
    """Callable tokenizer with spaCy's serialization methods (there is no state to save)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = split_tokens(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        for token in doc:
            norm = token_norm(token.text)
            if norm != token.text:
                token.norm_ = norm
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs):
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs):
        return self


@function("tokenizers", "zh_industry_ner.char_tokenizer.v1")
def create_char_tokenizer():
    def make(nlp):
        return GlossAwareCharTokenizer(nlp.vocab)
    return make


__all__ = ["GlossAwareCharTokenizer", "split_tokens", "token_norm", "simplify", "GLOSS_RE", "registry"]

"""Noisy variants of hand-written articles, as scraped pages arrive: seeded and documented.

Kinds of noise (combined per variant kind, see KINDS):
- `trad`: traditional characters (OpenCC s2t over the whole text; per character where a phrase
  conversion would change the length, so offsets stay one to one).
- `gloss`: pinyin with tone marks after characters of a fixed set that real glossed pages gloss
  nearly every time (業 產 項 區 個 …), as in `產(chǎn)業(yè)`; and, in a second style, toneless
  pinyin after every character of a few two-character words.
- `halfwidth`: full-width punctuation made half-width (`，` → `,`).
- `stray`: a stray `?` where a space or paragraph indent was.

Annotations move with the text: a gloss after a character stays with it, so a gloss after the
last character of a name is inside the span (`集團(tuán)`), as the spec wants.
Every variant is seeded by (seed, article id, kind), so regeneration gives the same files.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC
from pypinyin import Style, pinyin

from .markup import Article, Span

GLOSSED_CHARS = set("業產項區個設發現經創關質領計進優術國內長務團級網續導聯環醫數構機轉態輪點結據")
KINDS = {
    "trad": ("trad",),
    "trad_gloss": ("trad", "gloss"),
    "trad_halfwidth": ("trad", "halfwidth", "stray"),
    "gloss_halfwidth": ("trad", "gloss", "halfwidth", "stray"),
    "simp_noise": ("halfwidth", "stray"),
}
_FULL_TO_HALF = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "（": "(", "）": ")"}
_s2t = OpenCC("s2t")


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@lru_cache(maxsize=20000)
def _pinyin(ch: str, tone: bool) -> str:
    result = pinyin(ch, style=Style.TONE if tone else Style.NORMAL, heteronym=False)
    return result[0][0] if result and result[0] else ""


@dataclass
class Variant:
    text: str
    ents: list[Span]
    nested: list[Span]


def char_gloss(ch: str, rng: random.Random) -> str:
    """The tone-marked gloss a real page writes after `ch`: one of the characters glossed nearly
    every time, 92 times in 100; '' otherwise."""
    return f"({_pinyin(ch, tone=True)})" if ch in GLOSSED_CHARS and rng.random() < 0.92 else ""


def _to_traditional(text: str) -> str:
    converted = _s2t.convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_s2t.convert(ch) for ch in text)


def make_variant(article: Article, kind: str, seed: int) -> Variant:
    """Apply the noise of `kind` to an article, carrying its spans along."""
    steps = KINDS[kind]
    rng = random.Random(f"{seed}:{article.id}:{kind}")
    chars = list(_to_traditional(article.text) if "trad" in steps else article.text)
    pieces: list[str] = []  # what each original character becomes
    word_gloss_until = -1
    for i, ch in enumerate(chars):
        piece = ch
        if "halfwidth" in steps and ch in _FULL_TO_HALF and rng.random() < 0.7:
            piece = _FULL_TO_HALF[ch]
        if "stray" in steps and ch in " \u3000" and rng.random() < 0.6:
            piece = "?"
        if "gloss" in steps and _is_cjk(ch):
            if i > word_gloss_until and i + 1 < len(chars) and _is_cjk(chars[i + 1]) and rng.random() < 0.02:
                word_gloss_until = i + 1  # second style: toneless pinyin on each character of a word
            if i <= word_gloss_until:
                piece += f"({_pinyin(ch, tone=False)})"
            else:
                piece += char_gloss(ch, rng)
        pieces.append(piece)
    if "stray" in steps:
        # A paragraph indent that arrived as question marks.
        for i, ch in enumerate(chars):
            if (i == 0 or chars[i - 1] == "\n") and ch != "\n" and rng.random() < 0.25:
                pieces[i] = "??" + pieces[i]
    starts, ends, pos = [], [], 0
    for piece in pieces:
        lead = len(piece) - len(piece.lstrip("?")) if piece.startswith("??") else 0
        starts.append(pos + lead)
        pos += len(piece)
        ends.append(pos)

    def move(span: Span) -> Span:
        return Span(starts[span.start], ends[span.end - 1], span.label)

    return Variant("".join(pieces), [move(s) for s in article.ents], [move(s) for s in article.nested])


def choose_kinds(article_id: str, split: str, seed: int) -> list[str]:
    """Which variants an article gets.

    Evaluation splits get a traditional and a traditional-glossed copy of every article, for the
    side-by-side scores. Training articles get one variant each, about half of them (real pages
    are nearly half traditional or glossed), the kind drawn from all kinds.
    """
    if split in ("dev", "test"):
        return ["trad", "trad_gloss"]
    rng = random.Random(f"{seed}:{article_id}:choose")
    if rng.random() >= 0.5:
        return []
    return [rng.choice(sorted(KINDS))]

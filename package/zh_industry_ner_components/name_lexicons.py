"""Where the lexicons of fields, companies and places match a doc's words: one tag per token and lexicon.

A field or a firm the train split never wrote (`涂料`, `伺服系统`, `宁德时代`) looks to the tok2vec
like any other word, and so does a county (`伊金霍洛`), which it may then take for a firm.
`corpus/lexicons/` names fields as planners and analysts do (industries.tsv), firms that exist
(companies.tsv) and places (places.tsv); marking the words such a name covers gives the model a
cue it can weigh against the context (a product in a capacity phrase is no field,
`年产20万吨涂料`). Matches are whole words only, on token norms (simplified, gloss-free,
lower-case), longest first from left to right; tags are B, I, L (a match over several words),
U (one word) and O.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Dict, Iterable, List, Sequence

from .tokenizer import simplify

TAGS = ("O", "B", "I", "L", "U")
TAG_ID = {tag: i for i, tag in enumerate(TAGS)}
MIN_CHARS = 2  # one-character names (`茶`, `铝`) match too much ordinary text
MAX_WORDS = 10  # a full company name runs to 8 words or so
# lexicon name -> (file in the lexicon folder, its name columns; `|` separates several names in a cell)
LEXICON_FILES: Dict[str, tuple] = {
    "industries": ("industries.tsv", ("field", "aliases")),
    "companies": ("companies.tsv", ("full_name", "short_names")),
    # Provinces, prefectures, counties, scenic spots: the commonest proper names of these pages
    # that are neither a firm nor a field (伊金霍洛, 橘子洲). Read only where a config lists it: the
    # twenty-seventh sweep (reports/sweep-places.md) did not make it the default.
    "places": ("places.tsv", ("name", "aliases")),
}


def read_lexicon(folder: str | Path, kind: str) -> List[str]:
    """Every name of lexicon `kind` in `folder`, simplified and lower-cased, sorted; [] if the file is absent."""
    if kind not in LEXICON_FILES:
        raise ValueError(f"unknown lexicon {kind!r}; known: {', '.join(LEXICON_FILES)}")
    file_name, columns = LEXICON_FILES[kind]
    path = Path(folder) / file_name
    if not path.exists():
        return []
    names = set()
    with path.open(encoding="utf-8", newline="") as handle:
        for line_no, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=2):
            if row.get(columns[0]) is None:
                raise ValueError(f"{path}:{line_no}: no {columns[0]} column")
            for column in columns:
                for name in (row.get(column) or "").split("|"):
                    name = simplify(name.strip()).lower()
                    if len(name) >= MIN_CHARS:
                        names.add(name)
    return sorted(names)


class LexiconMatcher:
    """Longest-match tagging of token norms against a set of names."""

    def __init__(self, names: Iterable[str]):
        self.names = frozenset(names)
        # Every beginning of a name: a run of words whose text begins no name can stop growing.
        self.prefixes = frozenset(name[:k] for name in self.names for k in range(1, len(name) + 1))

    def tags(self, norms: Sequence[str]) -> List[int]:
        """A TAG_ID per token."""
        out = [TAG_ID["O"]] * len(norms)
        prefixes = self.prefixes
        i = 0
        while i < len(norms):
            if norms[i] not in prefixes:  # most words begin no name: skip the call
                i += 1
                continue
            end = self._longest_from(norms, i)
            if end == i + 1:
                out[i] = TAG_ID["U"]
            elif end > i + 1:
                out[i] = TAG_ID["B"]
                for k in range(i + 1, end - 1):
                    out[k] = TAG_ID["I"]
                out[end - 1] = TAG_ID["L"]
            i = max(end, i + 1)
        return out

    def _longest_from(self, norms: Sequence[str], start: int) -> int:
        """End of the longest run of words from `start` whose joined norms are a name; start if none."""
        best, text = start, ""
        for end in range(start, min(len(norms), start + MAX_WORDS)):
            text += norms[end]
            if text not in self.prefixes:
                break
            if text in self.names:
                best = end + 1
        return best


__all__ = ["LEXICON_FILES", "LexiconMatcher", "TAGS", "TAG_ID", "read_lexicon"]

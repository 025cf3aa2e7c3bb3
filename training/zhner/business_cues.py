"""A firm's line of business, named after a business cue (`主营`, `主要从事`, `专注于`, `主攻`, `深耕`).

The guidelines label a line of business as a field (`主营{储能变流器|INDUSTRY}`), but the older
batches were written before that rule and often left it bare. A model trained on both learns
neither. This module finds the text after each cue that still holds bare characters, so a person
can decide it by the guidelines, and applies the decisions, written as rows of
`article id<TAB>cue<TAB>field<TAB>reason`, to the article files.

Candidates come from the text alone, never from a model's errors, so a review driven by them
treats every split alike and does not tune the corpus to what one model gets wrong. It is a
review aid, not an audit check: most candidates are goods, services, markets or revenue words
(`主营业务收入`) that stay bare, and an audit finding for each would bury the real ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from .audit import spoken_for
from .io_utils import atomic_write_text
from .markup import Article, Span, read_article, render_article
from .paths import article_files

# Longest first, so that `主营业务为` wins over `主营`.
CUE_RE = re.compile(r"主营业务为|主营业务是|主营业务包括|主营|主要从事|专注于|专注|主攻|深耕|聚焦于|致力于")
# The line of business ends at a clause break.
CLAUSE_END_RE = re.compile(r"[，。；：！？,;:!?（）()“”《》\n]")
MAX_SEGMENT = 40


@dataclass(frozen=True)
class CueCandidate:
    article_id: str
    where: str  # path:line
    cue: str
    segment: str  # the text after the cue, up to the clause break
    covered: str  # one character per segment character: `^` inside an INDUSTRY span, `.` bare

    def row(self, split: str = "") -> str:
        return "\t".join((self.article_id, split, self.where, self.cue, self.segment, self.covered))


class AlreadyLabelled(ValueError):
    """The decided field is labelled there already: the decision is in force."""


def _covered(article: Article, label: str) -> bytearray:
    """1 where a character lies inside a span of `label`, else 0."""
    mask = bytearray(len(article.text))
    for s in article.spans:
        if s.label == label:
            mask[s.start:s.end] = b"\x01" * (s.end - s.start)
    return mask


def _segment_end(text: str, start: int) -> int:
    stop = CLAUSE_END_RE.search(text, start)
    return min(stop.start() if stop else len(text), start + MAX_SEGMENT)


def cue_candidates(article: Article) -> list[CueCandidate]:
    """Each cue outside any span, 《》 title or event name (where nothing is annotated) whose
    following text has a bare character (a segment labelled INDUSTRY all through is done and not
    listed)."""
    text = article.text
    industry = _covered(article, "INDUSTRY")
    spoken = spoken_for(article)
    out = []
    for m in CUE_RE.finditer(text):
        if spoken[m.start()]:
            continue
        end = _segment_end(text, m.end())
        if end == m.end() or all(industry[m.end():end]):
            continue
        where = f"{article.path}:{article.body_line + text.count(chr(10), 0, m.start())}"
        covered = "".join("^" if c else "." for c in industry[m.end():end])
        out.append(CueCandidate(article.id, where, m.group(), text[m.end():end], covered))
    return out


def label_after_cue(article: Article, cue: str, field: str) -> Article:
    """The article with `field` labelled INDUSTRY where it first follows `cue` within the cue's
    clause. INDUSTRY spans of the flat layer lying wholly inside it are absorbed, since fields
    written together are one span (`导电型{碳化硅|INDUSTRY}衬底` → `{导电型碳化硅衬底|INDUSTRY}`).
    Raises AlreadyLabelled where it is labelled there already, ValueError when no such place exists
    or another span crosses it."""
    text = article.text
    for m in re.finditer(re.escape(cue), text):
        end = _segment_end(text, m.end())
        at = text.find(field, m.end(), end)
        if at < 0:
            continue
        stop = at + len(field)
        crossing = [s for s in article.spans if s.start < stop and at < s.end
                    and not (s.label == "INDUSTRY" and at <= s.start and s.end <= stop)]
        if crossing:
            s = crossing[0]
            raise ValueError(f"{article.path}: {field!r} after {cue!r} crosses {s.label} {text[s.start:s.end]!r}")
        inside = [s for s in article.spans if at <= s.start and s.end <= stop]
        if any(s in article.nested for s in inside):
            raise ValueError(f"{article.path}: {field!r} after {cue!r} holds a span nested in a project")
        if any(s.start == at and s.end == stop for s in inside):
            raise AlreadyLabelled(f"{article.path}: {field!r} after {cue!r} is labelled already")
        ents = sorted([s for s in article.ents if s not in inside] + [Span(at, stop, "INDUSTRY")],
                      key=lambda s: (s.start, -s.end))
        return replace(article, ents=ents)
    raise ValueError(f"{article.path}: no {field!r} after {cue!r} in the same clause")


def read_decisions(path: Path) -> tuple[list[tuple[str, str, str, int]], list[str]]:
    """(article id, cue, field, line number) of each well-formed row, and a problem naming the
    line of each malformed one; `#` lines and blank lines skipped."""
    rows, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or not all(cells[:3]):
            problems.append(f"{path}:{number}: a row is `article id<TAB>cue<TAB>field<TAB>reason`")
            continue
        rows.append((cells[0], cells[1], cells[2], number))
    return rows, problems


def apply_decisions(decisions: Path, articles_root: Path, write: bool = True) -> tuple[list[str], list[str]]:
    """Label each decided field; returns (changes, problems). A row that cannot be applied is a
    problem naming the decision file's line, and the other rows still apply. A row already in
    force (the field is labelled there) is skipped quietly, so running twice changes nothing."""
    by_id = {p.stem: p for p in article_files(articles_root)}
    edited: dict[str, Article] = {}
    rows, problems = read_decisions(decisions)
    changes = []
    for article_id, cue, field, number in rows:
        if article_id not in by_id:
            problems.append(f"{decisions}:{number}: no article {article_id!r} under {articles_root}")
            continue
        article = edited.get(article_id) or read_article(by_id[article_id])
        try:
            edited[article_id] = label_after_cue(article, cue, field)
            changes.append(f"{by_id[article_id]}: {cue} {{{field}|INDUSTRY}}")
        except AlreadyLabelled:
            pass
        except ValueError as err:
            problems.append(f"{decisions}:{number}: {err}")
    if write:
        for article_id, article in edited.items():
            atomic_write_text(by_id[article_id], render_article(article.meta, article.text, article.ents, article.nested))
    return changes, problems

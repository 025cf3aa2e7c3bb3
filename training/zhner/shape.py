"""How much the corpus looks like real pages: the shape measures of `zhner corpus stats`.

The definitions are the ones the real-page comparison used, on simplified and traditional forms
alike, so a figure here can be set beside the same figure measured on scraped pages.
"""
from __future__ import annotations

import statistics

from .markup import Article

# A project name with a capacity or scale clause contains one of these.
CAPACITY_WORDS = ("年产", "年產", "万吨", "萬噸", "吨", "噸", "GW", "MW", "兆瓦", "万千瓦", "萬千瓦",
                  "万平方米", "萬平方米")
# A project name that coordinates several things.
COORDINATORS = ("、", "及", "和")
LEGAL_SUFFIXES = ("有限公司", "有限责任", "有限責任", "股份")
OFFICIAL_TITLES = ("书记", "書記", "省长", "省長", "市长", "市長", "区长", "區長", "县长", "縣長",
                   "主任", "局长", "局長")
BYLINE_WORDS = ("记者", "記者", "编辑", "編輯", "来源:", "来源：", "來源:", "來源：")
SHORT_COMPANY_MAX = 4  # characters: a short company name (比亚迪, 宁德时代)

# The figures measured on 45 real industrial-news pages kept outside the repository (issue 12).
REAL_PAGES = {
    "chars_per_article_mean": 737, "ents_per_1k_chars": 24,
    "project_len_median": 13, "project_len_p75": 19, "project_len_p90": 27, "project_len_max": 52,
    "project_capacity_share": 0.11, "project_coordinated_share": 0.13,
    "company_short_share": 0.46, "company_legal_share": 0.29,
    "officials_article_share": 0.22, "byline_article_share": 0.36,
}


def _percentile(sorted_values: list[int], q: float) -> float:
    """Linear-interpolated percentile (numpy's default), without importing numpy."""
    if not sorted_values:
        return 0.0
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def _share(hits: int, total: int) -> float:
    return round(hits / total, 3) if total else 0.0


def corpus_shape(articles: list[Article]) -> dict:
    """The shape measures over these articles' flat layer (shares as fractions 0-1)."""
    chars = sum(len(a.text) for a in articles)
    projects = [a.text[s.start:s.end] for a in articles for s in a.ents if s.label == "PROJECT"]
    companies = [a.text[s.start:s.end] for a in articles for s in a.ents if s.label == "COMPANY"]
    n_ents = sum(len(a.ents) for a in articles)
    lengths = sorted(len(p) for p in projects)
    return {
        "articles": len(articles),
        "chars_per_article_mean": round(chars / len(articles), 1) if articles else 0.0,
        "ents_per_1k_chars": round(1000 * n_ents / chars, 1) if chars else 0.0,
        "project_len_median": statistics.median(lengths) if lengths else 0,
        "project_len_p75": round(_percentile(lengths, 0.75), 1),
        "project_len_p90": round(_percentile(lengths, 0.90), 1),
        "project_len_max": lengths[-1] if lengths else 0,
        "project_capacity_share": _share(sum(any(w in p for w in CAPACITY_WORDS) for p in projects), len(projects)),
        "project_coordinated_share": _share(sum(any(w in p for w in COORDINATORS) for p in projects), len(projects)),
        "company_short_share": _share(sum(len(c) <= SHORT_COMPANY_MAX for c in companies), len(companies)),
        "company_legal_share": _share(sum(any(w in c for w in LEGAL_SUFFIXES) for c in companies), len(companies)),
        "officials_article_share": _share(sum(any(w in a.text for w in OFFICIAL_TITLES) for a in articles), len(articles)),
        "byline_article_share": _share(sum(any(w in a.text for w in BYLINE_WORDS) for a in articles), len(articles)),
        "articles_1500_plus": sum(len(a.text) >= 1500 for a in articles),
        "articles_3000_plus": sum(len(a.text) >= 3000 for a in articles),
    }


def batch_of(article: Article) -> str:
    """The batch an article belongs to: its id up to the first '-' (b13-0001 -> b13)."""
    return article.id.split("-", 1)[0]


def shape_by_batch(articles: list[Article]) -> dict[str, dict]:
    batches: dict[str, list[Article]] = {}
    for a in articles:
        batches.setdefault(batch_of(a), []).append(a)
    return {name: corpus_shape(batches[name]) for name in sorted(batches)}


SHAPE_ROWS = (
    ("mean article length, characters", "chars_per_article_mean", "{:.0f}"),
    ("flat entities per 1,000 characters", "ents_per_1k_chars", "{:.1f}"),
    ("PROJECT length median / p75 / p90 / max", None, None),
    ("PROJECT with a capacity or scale clause", "project_capacity_share", "{:.0%}"),
    ("PROJECT naming several things (、 及 和)", "project_coordinated_share", "{:.0%}"),
    ("COMPANY of 4 characters or fewer", "company_short_share", "{:.0%}"),
    ("COMPANY with a legal suffix", "company_legal_share", "{:.0%}"),
    ("articles naming officials by title", "officials_article_share", "{:.0%}"),
    ("articles with a byline or source line", "byline_article_share", "{:.0%}"),
)


def _cell(shape: dict, key: str | None, fmt: str | None) -> str:
    if key is None:
        return " / ".join(f"{shape[k]:g}" for k in ("project_len_median", "project_len_p75", "project_len_p90", "project_len_max"))
    return fmt.format(shape[key])


def shape_markdown(columns: dict[str, dict]) -> str:
    """One row per measure, one column per named shape (real pages, whole corpus, batches…)."""
    names = list(columns)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for title, key, fmt in SHAPE_ROWS:
        lines.append(f"| {title} | " + " | ".join(_cell(columns[n], key, fmt) for n in names) + " |")
    lines.append("| articles | " + " | ".join(str(columns[n].get("articles", "—")) for n in names) + " |")
    return "\n".join(lines)

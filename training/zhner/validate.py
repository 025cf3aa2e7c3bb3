"""Check articles against the corpus rules, reporting file, line and reason."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .markup import LABELS, NESTED_LABELS, Article, MarkupError, Span, read_article

GENRES = {
    "construction": "开工、竣工、投产报道",
    "signing": "签约、落户、招商",
    "plan_list": "年度重点项目计划与清单（含表格式页面）",
    "announcement": "上市公司公告",
    "financing": "融资、轮次",
    "cluster": "产业集群、产值报道",
    "work_report": "政府工作报告摘录",
    "wechat": "公众号推文（广告、电话、二维码、版权声明）",
    "unrelated": "同一媒体的非项目新闻（政策、人物、天气），实体很少或没有",
    "feature": "长篇综述、深度报道",
}
PROVINCES = (
    "北京 天津 河北 山西 内蒙古 辽宁 吉林 黑龙江 上海 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 "
    "广东 广西 海南 重庆 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 全国 海外"
).split()
ORIGINS = ("hand", "variant")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


def span_problems(text: str, ents: list[Span], nested: list[Span] = ()) -> list[tuple[Span, str]]:
    """Problems with a text's spans, whatever format they came from."""
    problems: list[tuple[Span, str]] = []
    for s in list(ents) + list(nested):
        if s.label not in LABELS:
            problems.append((s, f"unknown label {s.label!r}"))
        if not (0 <= s.start < s.end <= len(text)):
            problems.append((s, f"empty or out-of-range span {s.start}-{s.end}"))
            continue
        value = text[s.start:s.end]
        if value != value.strip() or value.strip("\u3000") != value:
            problems.append((s, f"{s.label} span {value!r} begins or ends with whitespace"))
    ordered = sorted(ents, key=lambda s: (s.start, s.end))
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            problems.append((b, f"flat spans overlap: {text[a.start:a.end]!r} and {text[b.start:b.end]!r}"))
    for s in nested:
        parent = next((p for p in ents if p.start <= s.start and s.end <= p.end and p != s), None)
        if parent is None or parent.label != "PROJECT":
            problems.append((s, f"nested {s.label} {text[s.start:s.end]!r} is not inside a PROJECT"))
        elif s.label not in NESTED_LABELS:
            problems.append((s, f"{s.label} may not nest inside a PROJECT"))
    return problems


def _line_of(article: Article, offset: int) -> int:
    return article.body_line + article.text.count("\n", 0, offset)


def article_findings(article: Article) -> list[Finding]:
    findings = []
    meta = article.meta
    if meta.get("genre") not in GENRES:
        findings.append(Finding(article.path, 1, f"unknown genre {meta.get('genre')!r} (one of {', '.join(GENRES)})"))
    if meta.get("province") not in PROVINCES:
        findings.append(Finding(article.path, 1, f"unknown province {meta.get('province')!r}"))
    if meta.get("origin") not in ORIGINS:
        findings.append(Finding(article.path, 1, f"origin must be one of {ORIGINS}"))
    if meta.get("origin") == "variant" and not meta.get("source_id"):
        findings.append(Finding(article.path, 1, "a variant names its source_id"))
    if not article.text.strip():
        findings.append(Finding(article.path, article.body_line, "empty body"))
    for span, reason in span_problems(article.text, article.ents, article.nested):
        findings.append(Finding(article.path, span.line or _line_of(article, span.start), reason))
    return findings


def load_articles(paths: list[Path]) -> tuple[list[Article], list[Finding]]:
    """Read every article; a bad file becomes a finding and the rest still load."""
    articles, findings = [], []
    seen: dict[str, str] = {}
    for path in paths:
        try:
            article = read_article(path)
        except MarkupError as err:
            findings.append(Finding(err.path, err.line, err.reason))
            continue
        if article.id in seen:
            findings.append(Finding(str(path), 1, f"duplicate id {article.id!r} (also in {seen[article.id]})"))
            continue
        if Path(path).stem != article.id:
            findings.append(Finding(str(path), 1, f"file name should be the id: {article.id}.txt"))
        seen[article.id] = str(path)
        articles.append(article)
    return articles, findings


def validate(paths: list[Path]) -> tuple[list[Article], list[Finding]]:
    articles, findings = load_articles(paths)
    for article in articles:
        findings.extend(article_findings(article))
    return articles, findings

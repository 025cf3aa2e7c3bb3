"""Consistency audit of the corpus.

Checks (each finding has a check name and a key, so a reviewed exception can silence it in
corpus/audit-exceptions.tsv as `check<TAB>key<TAB>reason`):
- `label-conflict`: the same string carries different labels in different places;
- `unlabelled`: a string labelled somewhere stands unlabelled elsewhere (outside any span and
  outside 《》 titles, where nothing is annotated);
- `boundary`: a span breaks the spec's boundary rules (hedge inside an AMOUNT, 产业/行业/领域…
  at the end of an INDUSTRY, a count, 该 or a quote at the start of a PROJECT, punctuation edges);
- `industry-ye`: a fused 业 stands right after an INDUSTRY span (`{制造|INDUSTRY}业`): it belongs inside;
- `industry-in-company`: a COMPANY and the INDUSTRY right after it together make a name labelled
  COMPANY elsewhere (`{恒力|COMPANY}{石化|INDUSTRY}` where `恒力石化` is a company): nothing is
  annotated inside a company name;
- `industry-activity`: an INDUSTRY inside a project name ends with an activity word (研发, 生产,
  智能制造, 扩建, 产业化, 一体化 …) that the spec leaves outside, unless the whole is a sector's
  usual name (装备制造, 食品加工);
- `industry-in-event`: an INDUSTRY span inside the name of an event (…博览会, …招商大会, …论坛);
- `industry-split`: two INDUSTRY spans of one layer touch, nothing between them
  (`{新能源汽车|INDUSTRY}{零部件|INDUSTRY}`): fields written together are one span;
- `field-unlabelled`: a string labelled INDUSTRY elsewhere stands unlabelled right before a generic
  field word (`光伏行业`, `汽车产业`), or before a word that names a company's trade, line of
  business, link of a chain or market (`化工企业`, `储能业务`, `胶膜环节`, `电动车市场`; not the
  roles and statuses `整车企业`, `高新技术企业`), alone or as an item of a list that ends there
  (`光伏、储能、氢能产业`); two-character fields included, which `unlabelled` skips. Not where the
  field word starts another name (`…产业园`, `…行业协会`, `…产业基金`);
- `alias-unlabelled`: the short name declared right after a COMPANY or PROJECT
  (`…有限公司（简称“珞珈星图”）`) is not labelled there; generic stand-ins (`公司`, `本项目`) excepted,
  as in the pipeline's name_aliases rule, which labels such names at run time;
- `near-duplicate`: two hand-written articles share most of their character 5-grams
  (`cross-split` when they sit in different splits, which would leak test text into training);
- `stale-exception` (when the whole corpus is read): a reviewed exception that no finding matches
  any more, because the text it excused was mended.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from zh_industry_ner_components.name_aliases import DECLARATION, is_stand_in

from .markup import Article

HEDGE_RE = re.compile(r"^(约|近|超过|超|逾|达到|达|共计|合计|累计|总计|高达|大约|不低于|不少于)")
INDUSTRY_TAIL_RE = re.compile(r"(产业链|产业集群|产业|行业|领域|集群|赛道|板块)$")
PROJECT_HEAD_RE = re.compile(r"^(\d+个|[一二三四五六七八九十两几数]+个|该|这一|这个|此|上述|“|\"|《)")
EDGE_PUNCT = set("，。、；：！？,.;:!?（）()“”\"'《》【】 ")
TITLE_RE = re.compile(r"《[^》]{0,80}》")
MIN_UNLABELLED_LEN = 3
ACTIVITY_TAIL_RE = re.compile(r"(研发|生产|智能制造|组装|运维|建设|扩建|技改|产业化|一体化|研发生产|研发制造)$")
# Sector names whose last word is an activity word that belongs to them (spec, hard cases).
SECTOR_NAMES_WITH_ACTIVITY = {"装备制造", "高端装备制造", "智能装备制造", "食品加工", "农产品加工", "农副产品加工",
                              "乳品精加工", "智能制造", "先进制造", "绿色制造", "服务型制造", "生产性服务",
                              "安全生产", "电力生产", "能源生产", "清洁生产", "数字化建设",
                              "炼化一体化", "光储一体化", "源网荷储一体化", "风光储一体化", "煤电一体化",
                              "风光水储一体化", "光储充一体化", "风光火储一体化", "水风光一体化", "林浆纸一体化"}
# 业 that starts another word (业务, 业者) is not a fused 业.
NOT_FUSED_YE = {"业务", "業務", "业者", "業者", "业绩", "業績", "业态", "業態", "业内", "業內", "业主", "業主"}
EVENT_RE = re.compile(r"[^\s，。、；：！？,.;:!?（）()“”\"《》【】{}|]{2,24}?(?:博览会|博覽會|展览会|展覽會|招商大会|招商大會|"
                      r"推介会|推介會|洽谈会|洽談會|交易会|交易會|对接会|對接會|招聘会|招聘會|论坛|論壇|峰会|峰會|大会|大會)")
NEAR_DUPLICATE = 0.5
FIELD_WORDS = r"(?:产业链|产业集群|产业|行业|领域|集群|赛道|板块|產業鏈|產業|行業|領域)"
# A company's trade is a field too (`{化工|INDUSTRY}企业`), and so is a line of business, a link
# of a chain or a field's market (`{储能|INDUSTRY}业务`, `{电池片|INDUSTRY}、{胶膜|INDUSTRY}环节`,
# `{电动车|INDUSTRY}市场`; not 市场化, 市场主体): these words end a field as 产业 does ...
TRADE_WORDS = r"(?:企业|企業|业务|業務|环节|環節|市场(?!化|主体|监管)|市場(?!化|主體|監管))"
FIELD_WORD_RE = re.compile(r"(?:等)?(?:" + FIELD_WORDS + "|(?P<trade>" + TRADE_WORDS + "))")
# ... except where the word before it names a company's place in the chain or its status, not a
# field: carmakers and OEMs (整车企业, 整机环节, 主机企业, 终端市场), 高新技术企业 (a certification),
# 科技企业 (any technology company), before any of those words.
ROLES_BEFORE_TRADE_WORD = {"整车", "整机", "主机", "终端", "高新技术", "科技", "整車", "整機", "高新技術"}
# A field word that begins the name of a place, body, fund or event: nothing inside it is annotated.
FIELD_WORD_NAME_RE = re.compile(FIELD_WORDS +
                                r"(?:发展|促进|服务|创新|投资|研究|转移|转型)?(?:园|基地|开发区|区|协会|联盟|基金|投资基金|引导基金|研究院|研究所|学院|大会|论坛|"
                                r"博览会|促进会|商会|中心|办|处|局|科|集团|有限|股份|公司|专班|发展局|服务中心|"
                                r"创新中心|示范区|集聚区|功能区|新城|小镇|园區|協會|基金會)")
LIST_JOINERS = ("、", "和", "及", "与", "以及", "與")


@dataclass(frozen=True)
class AuditFinding:
    check: str
    key: str
    where: str
    detail: str

    def __str__(self) -> str:
        return f"{self.where}: [{self.check}] {self.detail}"


def _where(article: Article, offset: int) -> str:
    return f"{article.path}:{article.body_line + article.text.count(chr(10), 0, offset)}"


def boundary_findings(articles: list[Article]) -> list[AuditFinding]:
    out = []
    for a in articles:
        for s in a.spans:
            value = a.text[s.start:s.end]
            problem = None
            if s.label == "AMOUNT" and HEDGE_RE.search(value):
                problem = "hedge inside AMOUNT"
            elif s.label == "INDUSTRY" and INDUSTRY_TAIL_RE.search(value) and value not in ("产业",):
                problem = "generic word at the end of INDUSTRY"
            elif s.label == "PROJECT" and PROJECT_HEAD_RE.search(value):
                problem = "count, determiner or quote at the start of PROJECT"
            elif value[0] in EDGE_PUNCT or (value[-1] in EDGE_PUNCT and value[-1] not in ")）"):
                problem = "span begins or ends with punctuation"
            if problem:
                out.append(AuditFinding("boundary", f"{s.label}:{value}", _where(a, s.start), f"{problem}: {s.label} {value!r}"))
    return out


def event_names(text: str) -> list[tuple[int, int]]:
    """Character ranges of event names (…招商推介会, …博览会): nothing is annotated inside them."""
    return [m.span() for m in EVENT_RE.finditer(text)]


def industry_check(text: str, span, before, companies: set[str], projects: list[tuple[int, int]],
                   events: list[tuple[int, int]]) -> str | None:
    """The INDUSTRY hard case an INDUSTRY `span` breaks, by check name, or None. `before` is the
    COMPANY span that ends where it starts, if any; `projects` and `events` are character ranges.
    One place for the rules, so the audit and `fix_industry` cannot drift apart."""
    value = text[span.start:span.end]
    if text[span.end:span.end + 1] in ("业", "業") and text[span.end:span.end + 2] not in NOT_FUSED_YE:
        return "industry-ye"
    if before is not None and text[before.start:span.end] in companies:
        return "industry-in-company"
    m = ACTIVITY_TAIL_RE.search(value)
    if (any(lo <= span.start and span.end <= hi for lo, hi in projects)
            and m and m.start() > 0 and value not in SECTOR_NAMES_WITH_ACTIVITY):
        return "industry-activity"
    if any(lo <= span.start and span.end <= hi for lo, hi in events):
        return "industry-in-event"
    return None


def industry_findings(articles: list[Article]) -> list[AuditFinding]:
    """The spec's INDUSTRY hard cases that a program can see (see the module docstring)."""
    companies = {a.text[s.start:s.end] for a in articles for s in a.spans if s.label == "COMPANY"}
    out = []
    for a in articles:
        spans = a.spans
        projects = [(s.start, s.end) for s in a.ents if s.label == "PROJECT"]
        events = event_names(a.text)
        company_ends = {s.end: s for s in spans if s.label == "COMPANY"}
        for s in spans:
            if s.label != "INDUSTRY":
                continue
            before = company_ends.get(s.start)
            check = industry_check(a.text, s, before, companies, projects, events)
            if check is None:
                continue
            value = a.text[s.start:s.end]
            if check == "industry-ye":
                problem = f"fused 业 left outside INDUSTRY {value!r}"
            elif check == "industry-in-company":
                problem = f"INDUSTRY {value!r} cut out of the company name {a.text[before.start:s.end]!r}"
            elif check == "industry-activity":
                problem = f"activity word inside INDUSTRY {value!r} in a project name"
            else:
                problem = f"INDUSTRY {value!r} inside an event name"
            out.append(AuditFinding(check, f"INDUSTRY:{value}", _where(a, s.start), problem))
    return out


def touching_fields(layer) -> list[tuple]:
    """(first, second) for each pair of INDUSTRY spans of one layer with nothing between them."""
    fields = sorted((s for s in layer if s.label == "INDUSTRY"), key=lambda s: (s.start, s.end))
    return [(a, b) for a, b in zip(fields, fields[1:]) if a.end == b.start]


def split_field_findings(articles: list[Article]) -> list[AuditFinding]:
    """`industry-split` (module docstring), in the flat layer and in the nested one."""
    out = []
    for a in articles:
        # Nested spans lie inside flat ones of another label, so the two layers never share a pair.
        for layer in (a.ents, a.nested):
            for first, second in touching_fields(layer):
                value = a.text[first.start:second.end]
                out.append(AuditFinding("industry-split", f"INDUSTRY:{value}", _where(a, first.start),
                                        f"INDUSTRY {a.text[first.start:first.end]!r} and "
                                        f"{a.text[second.start:second.end]!r} touch: one field {value!r}"))
    return out


def label_conflicts(articles: list[Article]) -> list[AuditFinding]:
    labels: dict[str, Counter] = defaultdict(Counter)
    first_seen: dict[tuple[str, str], str] = {}
    for a in articles:
        for s in a.spans:
            value = a.text[s.start:s.end]
            labels[value][s.label] += 1
            first_seen.setdefault((value, s.label), _where(a, s.start))
    out = []
    for value, counts in sorted(labels.items()):
        if len(counts) > 1:
            places = "; ".join(f"{label}×{n} (e.g. {first_seen[(value, label)]})" for label, n in counts.most_common())
            out.append(AuditFinding("label-conflict", value, first_seen[(value, counts.most_common(1)[0][0])],
                                    f"{value!r} labelled {places}"))
    return out


def spoken_for(article: Article) -> bytearray:
    """1 where a character lies in a span, a 《》 title or an event's name (nothing is annotated
    inside the last two), else 0: where an unlabelled mention cannot be."""
    covered = bytearray(len(article.text))
    ranges = ([(s.start, s.end) for s in article.spans] + [m.span() for m in TITLE_RE.finditer(article.text)]
              + event_names(article.text))
    for lo, hi in ranges:
        covered[lo:hi] = b"\x01" * (hi - lo)
    return covered


def unlabelled_findings(articles: list[Article]) -> list[AuditFinding]:
    labelled: dict[str, str] = {}
    for a in articles:
        for s in a.spans:
            value = a.text[s.start:s.end]
            if s.label != "AMOUNT" and len(value) >= MIN_UNLABELLED_LEN:
                labelled.setdefault(value, s.label)
    if not labelled:
        return []
    # Candidates by first character, longest first, so a longer labelled string is matched
    # before the shorter ones inside it (a regex alternation of thousands of names is too slow).
    by_first: dict[str, list[str]] = defaultdict(list)
    for value in sorted(labelled, key=len, reverse=True):
        by_first[value[0]].append(value)
    out = []
    for a in articles:
        covered = spoken_for(a)
        i = 0
        while i < len(a.text):
            value = next((v for v in by_first.get(a.text[i], ()) if a.text.startswith(v, i)), None)
            if value is None:
                i += 1
                continue
            if not any(covered[i:i + len(value)]):
                out.append(AuditFinding("unlabelled", value, _where(a, i),
                                        f"{value!r} is labelled {labelled[value]} elsewhere but not here"))
            i += len(value)
    return out


def known_fields(articles: list[Article]) -> set[str]:
    """Strings labelled INDUSTRY anywhere, two characters or more."""
    return {a.text[s.start:s.end] for a in articles for s in a.spans
            if s.label == "INDUSTRY" and s.end - s.start >= 2}


def _field_ending_at(text: str, end: int, fields: set[str], covered: bytearray, longest: int) -> int | None:
    """Start of the longest known field that ends at `end` and lies outside every span."""
    return next((end - n for n in range(min(longest, end), 1, -1)
                 if text[end - n:end] in fields and not any(covered[end - n:end])), None)


def bare_fields(article: Article, fields: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, field word) of each known field left bare before a generic field word, alone
    or as an item of the list that ends there (`光伏、储能、氢能产业`). The range may take in a flat
    INDUSTRY span that the bare field continues (`{新能源汽车|INDUSTRY}零部件`)."""
    text = article.text
    covered = spoken_for(article)
    industry_starts = {s.end: s.start for s in article.spans if s.label == "INDUSTRY"}
    flat_industry_starts = {s.end: s.start for s in article.ents if s.label == "INDUSTRY"}
    longest = max(map(len, fields), default=0)
    out = []
    for m in FIELD_WORD_RE.finditer(text):
        word_start = m.start() + (text[m.start()] == "等")
        if covered[m.start()] or FIELD_WORD_NAME_RE.match(text, word_start):
            continue
        end = m.start()
        while end > 0:  # walk back over the list that ends at the field word
            start = industry_starts.get(end)
            if start is None:  # the longest known field that ends here, left bare
                start = _field_ending_at(text, end, fields, covered, longest)
                if start is None:
                    break
                # Fields written together are one field (光伏 + 硅片 → 光伏硅片), as the spec says,
                # also where the first part is labelled alone (`{新能源汽车|INDUSTRY}零部件`).
                while (before := _field_ending_at(text, start, fields, covered, longest)
                       if start not in flat_industry_starts else flat_industry_starts[start]) is not None:
                    start = before
                if not (m.group("trade") and text[start:end] in ROLES_BEFORE_TRADE_WORD):
                    out.append((start, end, text[word_start:m.end()]))
            joiner = next((j for j in LIST_JOINERS if text.endswith(j, 0, start)), None)
            if joiner is None:
                break
            end = start - len(joiner)
    return out


def unlabelled_fields(articles: list[Article]) -> list[AuditFinding]:
    """`field-unlabelled` (module docstring). The key names the article, so a reviewed exception
    covers one use, not the field everywhere."""
    fields = known_fields(articles)
    out = []
    for a in articles:
        for start, end, word in bare_fields(a, fields):
            value = a.text[start:end]
            out.append(AuditFinding("field-unlabelled", f"{a.id}:{value}", _where(a, start),
                                    f"{value!r} is labelled INDUSTRY elsewhere but not here, before {word!r}"))
    return out


def near_duplicates(articles: list[Article], split_of: dict[str, str] | None = None,
                    threshold: float = NEAR_DUPLICATE) -> list[AuditFinding]:
    """Pairs of articles whose character 5-gram sets overlap (Jaccard) at least `threshold`."""
    if len(articles) < 2:
        return []
    from sklearn.feature_extraction.text import HashingVectorizer

    vectorizer = HashingVectorizer(analyzer="char", ngram_range=(5, 5), n_features=2**20,
                                   binary=True, norm=None, alternate_sign=False)
    matrix = vectorizer.transform([a.text for a in articles]).tocsr()
    sizes = matrix.sum(axis=1).A1
    shared = (matrix @ matrix.T).tocoo()
    out = []
    for i, j, inter in zip(shared.row, shared.col, shared.data):
        if i >= j:
            continue
        jaccard = inter / (sizes[i] + sizes[j] - inter)
        if jaccard >= threshold:
            a, b = articles[i], articles[j]
            splits = split_of or {}
            cross = splits.get(a.id) != splits.get(b.id)
            check = "near-duplicate"
            detail = f"{a.id} and {b.id} share {jaccard:.0%} of their 5-grams" + (
                f" ACROSS SPLITS ({splits.get(a.id)} / {splits.get(b.id)})" if cross and split_of else "")
            out.append(AuditFinding(check, " ".join(sorted((a.id, b.id))), a.path, detail))
    return out


def read_exceptions(path: Path) -> dict[tuple[str, str], str]:
    """Reviewed exceptions from a TSV file, or from every *.tsv in a folder: (check, key) -> every
    file:line that lists it, joined by `; `."""
    path = Path(path)
    files = sorted(path.glob("*.tsv")) if path.is_dir() else [path] if path.exists() else []
    places: dict[tuple[str, str], list[str]] = defaultdict(list)
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) < 3 or not parts[2].strip():
                raise ValueError(f"{file}:{number}: an exception is check<TAB>key<TAB>reason")
            places[(parts[0], parts[1])].append(f"{file}:{number}")
    return {key: "; ".join(where) for key, where in places.items()}


def alias_findings(articles: list[Article]) -> list[AuditFinding]:
    out = []
    for a in articles:
        starts = {s.start for s in a.spans}
        for s in a.ents:
            if s.label not in ("COMPANY", "PROJECT"):
                continue
            match = DECLARATION.match(a.text, s.end)
            if match and not is_stand_in(match.group("name")) and match.start("name") not in starts:
                name = match.group("name")
                out.append(AuditFinding("alias-unlabelled", name, _where(a, match.start("name")),
                                        f"{name!r} is declared as the short name of {s.label} "
                                        f"{a.text[s.start:s.end]!r} but not labelled"))
    return out


def audit(articles: list[Article], split_of: dict[str, str] | None = None,
          exceptions: dict[tuple[str, str], str] | None = None,
          stale: bool = False) -> tuple[list[AuditFinding], int]:
    """All findings not excepted, and how many were excepted. With `stale` (the whole corpus read),
    an exception that no finding matches any more is itself a finding, so the list stays reviewed."""
    exceptions = exceptions or {}
    hand = [a for a in articles if a.meta.get("origin") == "hand"]
    findings = (boundary_findings(hand) + industry_findings(hand) + split_field_findings(hand) + label_conflicts(hand)
                + unlabelled_findings(hand) + unlabelled_fields(hand) + alias_findings(hand)
                + near_duplicates(hand, split_of))
    kept = [f for f in findings if (f.check, f.key) not in exceptions]
    excepted = len(findings) - len(kept)
    if stale:
        found = {(f.check, f.key) for f in findings}
        kept += [AuditFinding("stale-exception", f"{check}:{key}", exceptions[(check, key)],
                              f"no {check} finding for {key!r} any more: delete the exception")
                 for check, key in sorted(set(exceptions) - found)]
    return kept, excepted

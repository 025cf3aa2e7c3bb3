from zhner.markup import parse_article
from zhner.shape import corpus_shape, shape_markdown
from zhner.stats import corpus_stats


def _article(aid: str, body: str):
    return parse_article(f"id: {aid}\nprovince: 江苏\ngenre: construction\norigin: hand\n---\n{body}\n", f"{aid}.txt")


ARTICLES = [
    # 2 projects: one with a capacity clause and a coordination, one short; companies: 1 short, 1 legal
    _article("b90-0001", "市委书记出席。{{华鑫|COMPANY}年产5万吨{光伏玻璃|INDUSTRY}及{组件|INDUSTRY}项目|PROJECT}和"
                         "{沅江大桥|PROJECT}开工，{江南精工机械股份有限公司|COMPANY}投资{18亿|AMOUNT}。"),
    # traditional forms count too; a byline
    _article("b91-0001", "（記者 王某）{{遠航|COMPANY}200MW光伏電站項目|PROJECT}由{博世|COMPANY}承建。"),
]


def test_shape_measures_follow_the_issue_definitions():
    shape = corpus_shape(ARTICLES)
    assert shape["articles"] == 2
    assert shape["project_capacity_share"] == round(2 / 3, 3)  # 年产/万吨 and MW; not the bridge
    assert shape["project_coordinated_share"] == round(1 / 3, 3)  # 及 inside one name
    assert shape["company_short_share"] == 0.5  # 博世 of two flat ones; the nested 华鑫 is not counted
    assert shape["company_legal_share"] == 0.5
    assert shape["officials_article_share"] == 0.5
    assert shape["byline_article_share"] == 0.5
    lengths = sorted(len(a.text[s.start:s.end]) for a in ARTICLES for s in a.ents if s.label == "PROJECT")
    assert shape["project_len_median"] == lengths[1]
    assert shape["project_len_max"] == lengths[-1]
    n_ents = sum(len(a.ents) for a in ARTICLES)
    chars = sum(len(a.text) for a in ARTICLES)
    assert shape["ents_per_1k_chars"] == round(1000 * n_ents / chars, 1)


def test_stats_report_shape_whole_and_per_batch():
    stats = corpus_stats(ARTICLES)
    assert set(stats["shape_by_batch"]) == {"b90", "b91"}
    assert stats["shape_by_batch"]["b91"]["byline_article_share"] == 1.0
    table = shape_markdown({"corpus": stats["shape"], **stats["shape_by_batch"]})
    assert "| articles naming officials by title | 50% | 100% | 0% |" in table

from zhner.audit import (alias_findings, audit, boundary_findings, label_conflicts, near_duplicates, read_exceptions,
                         unlabelled_findings)
from zhner.markup import parse_article


def art(id_, body):
    return parse_article(f"id: {id_}\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n{body}", f"{id_}.txt")


def test_boundary_rules():
    a = art("a", "{约5亿元|AMOUNT}，{生物医药产业|INDUSTRY}，{该电池项目|PROJECT}，{3个重点工程|PROJECT}，{5亿元|AMOUNT}")
    problems = [f.detail for f in boundary_findings([a])]
    assert len(problems) == 4
    assert any("hedge" in p for p in problems) and any("INDUSTRY" in p for p in problems)


def test_label_conflict_and_unlabelled_mentions():
    a = art("a", "{江南精工|COMPANY}投资建设{江南精工|INDUSTRY}。")
    b = art("b", "江南精工今天开工；《江南精工发展规划》发布。")
    conflicts = label_conflicts([a, b])
    assert [f.key for f in conflicts] == ["江南精工"]
    unlabelled = unlabelled_findings([a, b])
    assert len(unlabelled) == 1 and unlabelled[0].where == "b.txt:6"  # the one in 《》 is exempt


def test_near_duplicates_across_splits():
    text = "襄阳高新区秋季重大项目集中签约活动举行，现场签约项目14个，协议总投资216亿元，涉及汽车、装备等多个领域。"
    a, b, c = art("a", text), art("b", text.replace("14", "15")), art("c", "明天多云转晴，最高气温18摄氏度，东南风3级，注意早晚温差。")
    found = near_duplicates([a, b, c], {"a": "train", "b": "test", "c": "train"})
    assert len(found) == 1 and "ACROSS SPLITS" in found[0].detail


def test_exceptions_silence_reviewed_findings(tmp_path):
    a = art("a", "{约5亿元|AMOUNT}")
    exceptions = tmp_path / "ex"
    exceptions.mkdir()
    (exceptions / "b01.tsv").write_text("boundary\tAMOUNT:约5亿元\treviewed: quoted from a headline\n", encoding="utf-8")
    kept, excepted = audit([a], {}, read_exceptions(exceptions))
    assert kept == [] and excepted == 1


def test_an_exception_nothing_matches_is_stale_when_the_whole_corpus_is_read(tmp_path):
    a = art("a", "{约5亿元|AMOUNT}")
    exceptions = tmp_path / "b01.tsv"
    exceptions.write_text("boundary\tAMOUNT:约5亿元\treviewed\nunlabelled\t涂料\tmended since\n", encoding="utf-8")
    assert audit([a], {}, read_exceptions(exceptions)) == ([], 1)
    kept, excepted = audit([a], {}, read_exceptions(exceptions), stale=True)
    assert excepted == 1 and [(f.check, f.where) for f in kept] == [("stale-exception", f"{exceptions}:2")]
    # one exception listed twice is reported at both places
    (tmp_path / "b02.tsv").write_text("unlabelled\t涂料\tmended since\n", encoding="utf-8")
    kept, _ = audit([a], {}, read_exceptions(tmp_path), stale=True)
    assert [f.where for f in kept] == [f"{exceptions}:2; {tmp_path / 'b02.tsv'}:1"]


def test_industry_hard_cases_are_found_and_fixed():
    from zhner.audit import industry_findings
    from zhner.fix_industry import fix_article

    a = art("a", "台湾{石化|INDUSTRY}业转型，{石化|INDUSTRY}业务增长。{恒力石化|COMPANY}扩产。\n"
                 "{{恒力|COMPANY}{石化|INDUSTRY}新材料产业园|PROJECT}开工，{{网易|COMPANY}{游戏研发|INDUSTRY}基地|PROJECT}签约，"
                 "{{华电|COMPANY}{风光储一体化|INDUSTRY}项目|PROJECT}并网。\n"
                 "长沙举行{工程机械|INDUSTRY}配套产业招商推介会，{工程机械|INDUSTRY}企业参加。")
    found = {(f.check, f.key) for f in industry_findings([a])}
    assert found == {("industry-ye", "INDUSTRY:石化"), ("industry-in-company", "INDUSTRY:石化"),
                     ("industry-activity", "INDUSTRY:游戏研发"), ("industry-in-event", "INDUSTRY:工程机械")}
    ents, nested, changes = fix_article(a, {"恒力石化"})
    assert len(changes) == 4
    spans = {(a.text[s.start:s.end], s.label) for s in ents + nested}
    assert ("石化业", "INDUSTRY") in spans and ("石化", "INDUSTRY") in spans  # 业务 is no fused 业
    assert ("恒力石化", "COMPANY") in spans and ("恒力", "COMPANY") not in spans
    assert ("游戏", "INDUSTRY") in spans and ("风光储一体化", "INDUSTRY") in spans  # a sector's usual name stays
    industries = [a.text[s.start:s.end] for s in ents if s.label == "INDUSTRY"]
    assert industries.count("工程机械") == 1  # the one inside the event name is gone, the other stays


def test_nothing_is_expected_inside_event_names():
    from zhner.audit import unlabelled_fields

    # Three characters or more, so the unlabelled check reads the field at all (MIN_UNLABELLED_LEN).
    a = art("a", "{电线电缆|INDUSTRY}企业集聚。")
    bare = art("x", "电线电缆产业链很长。")
    assert [f.key for f in unlabelled_findings([a, bare])] == ["电线电缆"]
    assert [f.key for f in unlabelled_fields([a, bare])] == ["x:电线电缆"]
    # Promotion meetings, matchmaking sessions and job fairs are events: nothing inside is expected.
    for text in ("房山区举办电线电缆产业链招商推介会。", "宜兴市电线电缆产业链供需对接会举行。",
                 "长垣市电线电缆产业专场招聘会开场。"):
        event = art("e", text)
        assert unlabelled_findings([a, event]) == [], text
        assert unlabelled_fields([a, event]) == [], text


def test_bare_fields_before_field_words_are_found_with_their_lists():
    from zhner.audit import unlabelled_fields

    known = art("k", "{光伏|INDUSTRY}、{储能|INDUSTRY}、{氢能|INDUSTRY}、{汽车|INDUSTRY}、{零部件|INDUSTRY}。")
    a = art("a", "光伏、储能和氢能产业加快集聚。汽车零部件领域也有新进展。\n"
                 "汽车产业园开工，光伏行业协会发布报告，《光伏产业规划》印发，储能产业招商推介会举行。")
    found = sorted(f.key for f in unlabelled_fields([known, a]))
    # The whole list before 产业 is found; 汽车零部件 is one field; parks, associations, titles and
    # events (nothing is annotated inside them) are not.
    assert found == sorted(["a:光伏", "a:储能", "a:氢能", "a:汽车零部件"])
    assert unlabelled_fields([known]) == []


def test_a_known_field_before_qiye_is_a_companys_trade_but_roles_and_statuses_are_not():
    from zhner.audit import unlabelled_fields

    known = art("k", "{化工|INDUSTRY}、{电池|INDUSTRY}、{整车|INDUSTRY}、{高新技术|INDUSTRY}。")
    a = art("a", "沿江化工企业搬迁，一家电池和化工企业签约；整车企业与高新技术企业另计。")
    found = sorted(f.key for f in unlabelled_fields([known, a]))
    # 化工 twice and the list 电池和化工 before 企业; 整车 (a carmaker's role) and 高新技术 (a
    # certification) before 企业 name no field.
    assert found == ["a:化工", "a:化工", "a:电池"]
    # a link of a chain and a line of business end a field as 企业 does
    b = art("b", "补齐电池、化工环节，拓展化工业务。")
    assert sorted(f.key for f in unlabelled_fields([known, b])) == ["b:化工", "b:化工", "b:电池"]
    # a field's market too, but not 市场化 (a reform) or 市场主体 (market players)
    c = art("c", "电池市场回暖，化工市场化改革，化工市场主体增多。")
    assert [f.key for f in unlabelled_fields([known, c])] == ["c:电池"]
    # a role in the chain is no field before any of those words (整车市场, 整车环节), a field is
    d = art("d", "整车市场回暖，整车环节外迁，电池市场走弱。")
    assert [f.key for f in unlabelled_fields([known, d])] == ["d:电池"]


def test_fix_labels_plainly_bounded_bare_fields_and_leaves_the_rest_to_a_person():
    from zhner.audit import known_fields
    from zhner.fix_industry import label_bare_fields

    known = art("k", "{汽车|INDUSTRY}、{零部件|INDUSTRY}、{电机|INDUSTRY}。")
    a = art("a", "推动汽车产业转型，{汽车|INDUSTRY}零部件领域也在扩张；牵引电机领域则靠进口。")
    ents, changes = label_bare_fields(a, known_fields([known, a]))
    industries = [a.text[s.start:s.end] for s in ents if s.label == "INDUSTRY"]
    # 汽车 after the verb 推动 is labelled; the flat 汽车 is taken into 汽车零部件; 电机 after 牵引
    # may be the tail of a longer name, so it is left for the audit.
    assert industries == ["汽车", "汽车零部件"]
    assert len(changes) == 2 and "was '汽车'" in changes[1]


def test_touching_fields_are_found_and_joined_in_each_layer():
    from zhner.audit import split_field_findings
    from zhner.fix_industry import fix_article

    a = art("a", "优先考虑{半导体|INDUSTRY}、{新能源汽车|INDUSTRY}{零部件|INDUSTRY}项目。\n"
                 "{{兴城|COMPANY}{泳装|INDUSTRY}{跨境电商|INDUSTRY}产业园|PROJECT}开园。")
    found = [(f.check, f.key) for f in split_field_findings([a])]
    assert found == [("industry-split", "INDUSTRY:新能源汽车零部件"), ("industry-split", "INDUSTRY:泳装跨境电商")]
    ents, nested, changes = fix_article(a, set())
    assert len(changes) == 2
    assert [a.text[s.start:s.end] for s in ents if s.label == "INDUSTRY"] == ["半导体", "新能源汽车零部件"]
    assert [a.text[s.start:s.end] for s in nested if s.label == "INDUSTRY"] == ["泳装跨境电商"]
    # a list item next to another with a joiner between them is not touching
    assert split_field_findings([art("b", "{光伏|INDUSTRY}、{储能|INDUSTRY}产业")]) == []


def test_a_declared_short_name_left_bare_is_found_but_a_stand_in_is_not():
    a = art("a", "{武汉珞珈星图科技有限公司|COMPANY}（简称“珞珈星图”）发射卫星；"
                 "{江岳科技股份有限公司|COMPANY}（以下简称“公司”）公告；{锐驰减速器项目|PROJECT}（简称“新项目”）开工。")
    b = art("b", "{武汉珞珈星图科技有限公司|COMPANY}（簡稱“{珞珈星圖|COMPANY}”）發射衛星。")
    found = alias_findings([a, b])
    assert [(f.check, f.key, f.where) for f in found] == [("alias-unlabelled", "珞珈星图", "a.txt:6")]

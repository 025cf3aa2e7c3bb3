from zhner.breakdown import Breakdown, breakdown_markdown, name_key, seen_names
from zhner.evaluate import parse_batches, record_batch


def _rec(text, ents, genre="construction", rid="b01-0001"):
    spans = [{"start": text.index(t), "end": text.index(t) + len(t), "label": l} for t, l in ents]
    return {"id": rid, "text": text, "ents": spans, "spans": spans, "meta": {"genre": genre}}


TRAIN = [_rec("恒岳投资建设沅江大桥工程。", [("恒岳", "COMPANY"), ("沅江大桥工程", "PROJECT")])]


def test_seen_names_are_compared_simplified_and_without_glosses():
    seen = seen_names(TRAIN)
    assert (name_key("恒(héng)岳"), "COMPANY") in seen
    assert (name_key("沅江大橋工程"), "PROJECT") in seen
    assert (name_key("恒岳"), "PROJECT") not in seen  # same text, other label: unseen


def test_seen_and_unseen_parts_score_separately():
    test = _rec("恒岳与博世签约，建设博世氢能装备产业园项目。",
                [("恒岳", "COMPANY"), ("博世", "COMPANY"), ("博世氢能装备产业园项目", "PROJECT")])
    b = Breakdown(seen_names(TRAIN))
    text = test["text"]
    # predicted: the seen company right, the unseen company missed, a false unseen project
    predicted = {(0, 2, "COMPANY"), (text.index("氢能"), text.index("项目") + 2, "PROJECT")}
    b.add(test, predicted)
    parts = b.result()["seen_unseen"]
    assert parts["seen"]["per_label"]["COMPANY"]["f"] == 1.0
    assert parts["unseen"]["per_label"]["COMPANY"]["r"] == 0.0
    assert parts["unseen"]["per_label"]["PROJECT"]["p"] == 0.0
    assert parts["unseen"]["micro"]["support"] == 2


def test_project_recall_by_length_and_false_alarms_on_entity_free_text():
    long_name = "河南豫锂新能源科技有限公司年产5万吨高倍率锂电池负极材料一体化项目"  # 33 characters
    test = _rec(f"首页 > 新闻\n{long_name}开工。\n责任编辑：王某", [(long_name, "PROJECT")])
    unrelated = _rec("今日多云转晴，气温回升。", [], genre="unrelated")
    b = Breakdown(None)
    b.add(test, set())  # the long name missed; nothing predicted
    b.add(unrelated, {(0, 2, "COMPANY")})  # one false alarm in 12 characters
    result = b.result()
    assert result["project_recall_by_length"]["25+"] == {"recall": 0.0, "support": 1}
    assert result["project_recall_by_length"]["≤8"]["recall"] is None
    assert result["false_positives_per_10k_chars"]["unrelated"]["false_positives"] == 1
    free = result["false_positives_per_10k_chars"]["entity_free_lines"]
    assert free["characters"] == len("首页 > 新闻") + len("责任编辑：王某") + len(unrelated["text"])
    assert free["false_positives"] == 1
    assert "seen_unseen" not in result
    table = "\n".join(breakdown_markdown(["test"], [result]))
    assert "| 25+ | 0.0 (1) |" in table


def test_how_each_gold_project_name_was_read():
    names = ["比亚迪储能电池项目", "宁德时代动力电池项目", "华为数据中心项目", "恒力石化炼化一体化项目", "中天钢铁精品钢项目"]
    text = "，".join(names)
    starts = [text.index(n) for n in names]
    gold = _rec(text, [(n, "PROJECT") for n in names])
    span = [(s, s + len(n)) for s, n in zip(starts, names)]
    predicted = {
        (*span[0], "PROJECT"),                      # whole
        (span[1][0], span[1][1] - 2, "PROJECT"),    # other edges
        (span[2][0], span[2][0] + 2, "COMPANY"),    # opened as the company 华为
        (span[3][0] + 4, span[3][0] + 6, "INDUSTRY"),  # a field inside
    }                                               # 中天钢铁…: nothing
    b = Breakdown(None)
    b.add(gold, predicted)
    result = b.result()
    assert result["project_readings"] == {"exact": 1, "other_edges": 1, "company_at_start": 1,
                                          "other_inside": 1, "missed": 1}
    table = "\n".join(breakdown_markdown(["test"], [result]))
    assert "| COMPANY from its first character | 20.0% (1) |" in table


def test_batch_groups():
    assert parse_batches("b01-b03,b15") == {"b01", "b02", "b03", "b15"}
    assert record_batch({"id": "b02-0001-trad", "meta": {"source_id": "b02-0001"}}) == "b02"


def test_group_options_name_their_batches():
    from zhner.cli import _parse_groups

    assert _parse_groups(None) is None
    groups = _parse_groups(["old=b01-b03", "b05"])
    assert groups == {"old": {"b01", "b02", "b03"}, "b05": {"b05"}}

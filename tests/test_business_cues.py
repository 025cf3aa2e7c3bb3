import pytest

from conftest import run_zhner
from zhner.business_cues import apply_decisions, cue_candidates, label_after_cue
from zhner.markup import parse_article, read_article


def art(id_, body, path=None):
    return parse_article(f"id: {id_}\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n{body}", path or f"{id_}.txt")


def test_candidates_list_bare_text_after_cues_only():
    a = art("a", "{岚湖科技|COMPANY}主营特高压变压器和{储能变流器|INDUSTRY}，"
                 "{青禾|COMPANY}主攻{氢能|INDUSTRY}。\n{{主营|COMPANY}大厦项目|PROJECT}开工，主营业务收入增长。")
    found = cue_candidates(a)
    # 主攻{氢能} is labelled all through; the cue inside a PROJECT is a name, not a cue.
    assert [(c.cue, c.segment, c.covered) for c in found] == [
        ("主营", "特高压变压器和储能变流器", ".......^^^^^"),
        ("主营", "业务收入增长", "......")]
    assert found[0].where == "a.txt:6" and found[1].where == "a.txt:7"


def test_cues_inside_titles_and_event_names_are_not_listed():
    a = art("a", "读罢《专注主业二十年》一书，他在第三届主营业务创新大会上说：公司主营工业机器人减速器。")
    found = cue_candidates(a)
    # 《…》 is a title and …大会 an event's name: nothing inside them is annotated, so no cue there.
    assert [(c.cue, c.segment) for c in found] == [("主营", "工业机器人减速器")]


def test_label_after_cue_labels_and_absorbs_a_field_written_together():
    a = art("a", "开工。{岚湖|COMPANY}主营6英寸导电型{碳化硅|INDUSTRY}衬底，导电型碳化硅衬底出货增长。")
    b = label_after_cue(a, "主营", "导电型碳化硅衬底")
    labelled = [(b.text[s.start:s.end], s.label) for s in b.ents]
    assert labelled == [("岚湖", "COMPANY"), ("导电型碳化硅衬底", "INDUSTRY")]  # the second use is beyond the clause


def test_label_after_cue_refuses_what_the_guidelines_forbid():
    a = art("a", "{岚湖|COMPANY}主营{{岚湖|COMPANY}电池|PROJECT}，主攻{储能|INDUSTRY}。")
    with pytest.raises(ValueError, match="crosses PROJECT"):
        label_after_cue(a, "主营", "岚湖电池")
    with pytest.raises(ValueError, match="labelled already"):
        label_after_cue(a, "主攻", "储能")
    with pytest.raises(ValueError, match="no '氢能' after '主攻'"):
        label_after_cue(a, "主攻", "氢能")


def test_apply_decisions_names_bad_rows_and_applies_the_rest(tmp_path):
    root = tmp_path / "articles" / "b01"
    root.mkdir(parents=True)
    path = root / "b01-0001.txt"
    path.write_text("id: b01-0001\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"
                    "{岚湖|COMPANY}主营碱性电解槽和PEM电解槽。\n", encoding="utf-8")
    decisions = tmp_path / "decisions.tsv"
    decisions.write_text("# article id\tcue\tfield\treason\n"
                         "b01-0001\t主营\t碱性电解槽\tline of business\n"
                         "b01-0009\t主营\t电解槽\tno such article\n"
                         "b01-0001\t主营\n"
                         "b01-0001\t主营\tPEM电解槽\tline of business\n", encoding="utf-8")
    changes, problems = apply_decisions(decisions, tmp_path / "articles", write=False)
    assert len(changes) == 2 and "{" not in path.read_text(encoding="utf-8").split("主营")[1][:3]  # dry run
    assert sorted(p.split(": ", 1)[0] for p in problems) == [f"{decisions}:3", f"{decisions}:4"]
    apply_decisions(decisions, tmp_path / "articles")
    article = read_article(path)
    assert [article.text[s.start:s.end] for s in article.ents] == ["岚湖", "碱性电解槽", "PEM电解槽"]
    again, _ = apply_decisions(decisions, tmp_path / "articles")
    assert again == []  # decisions in force are skipped: running twice changes nothing


def test_cues_command_prints_candidates_with_their_split(tmp_path):
    folder = tmp_path / "b01"
    folder.mkdir()
    (folder / "b01-0001.txt").write_text("id: b01-0001\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n"
                                         "{岚湖|COMPANY}主营冶金辅料。\n", encoding="utf-8")
    result = run_zhner(["corpus", "cues", folder])
    rows = [line.split("\t") for line in result.stdout.splitlines() if not line.startswith("#")]
    assert [(r[0], r[3], r[4], r[5]) for r in rows] == [("b01-0001", "主营", "冶金辅料", "....")]
    assert "1 cues with bare text" in result.stderr

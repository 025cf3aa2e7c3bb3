import json

import spacy
from spacy.tokens import DocBin

from conftest import run_zhner


def test_build_writes_docbins_jsonl_and_variants(corpus_root):
    build = corpus_root / "corpus" / "build"
    records = [json.loads(line) for line in (build / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == ["t-0001", "t-0002", "t-0003", "t-0005"]
    first = next(r for r in records if r["id"] == "t-0001")
    assert {(first["text"][s["start"]:s["end"]], s["label"]) for s in first["ents"]} >= {
        ("恒岳新能源电池材料(二期)项目", "PROJECT"), ("18亿", "AMOUNT")}
    assert ("恒岳", "COMPANY") in {(first["text"][s["start"]:s["end"]], s["label"]) for s in first["spans"]}
    # Evaluation splits carry both noisy kinds; variants never cross splits.
    for kind in ("trad", "trad_gloss"):
        noisy = [json.loads(l) for l in (build / f"test-{kind}.jsonl").read_text(encoding="utf-8").splitlines()]
        assert [r["id"] for r in noisy] == [f"t-0006-{kind.replace('_', '-')}"]
    nlp = spacy.blank("zh")
    docs = list(DocBin().from_disk(build / "dev.spacy").get_docs(nlp.vocab))
    assert len(docs) == 3  # the dev article and its two variants
    hand = list(DocBin().from_disk(build / "dev-hand.spacy").get_docs(nlp.vocab))
    assert [d.text for d in hand] == [docs[0].text] and len(hand[0].ents) == len(docs[0].ents)
    assert all(len(d.spans["sc"]) == len(d.ents) + len(d.spans["nested"]) for d in docs)


def test_validate_and_build_report_file_and_line(tmp_path):
    articles = tmp_path / "corpus" / "articles" / "x"
    articles.mkdir(parents=True)
    (articles / "x-1.txt").write_text("id: x-1\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n正文\n{坏的", encoding="utf-8")
    (articles / "x-2.txt").write_text("id: x-2\nprovince: 湖北\ngenre: signing\norigin: hand\n---\n{好的|COMPANY}", encoding="utf-8")
    result = run_zhner(["corpus", "validate"], tmp_path, check=False)
    assert result.returncode == 1 and "x-1.txt:7: '{' is never closed" in result.stdout
    result = run_zhner(["corpus", "build"], tmp_path, check=False)
    assert result.returncode == 1 and "x-1.txt:7" in result.stdout
    assert not (tmp_path / "corpus" / "build" / "train.spacy").exists()


def test_stats_json_has_the_documented_keys(corpus_root):
    stats = json.loads(run_zhner(["corpus", "stats", "--json"], corpus_root).stdout)
    for key in ("articles", "characters", "flat", "nested", "distinct", "provinces", "genres", "variants"):
        assert key in stats
    assert stats["articles"] == 6 and stats["flat"]["AMOUNT"] == 8
    assert sum(stats["variants"].values()) >= 4

"""`zhner benchmark` and `zhner compare` on the tiny model and fixture corpus; the fold plan."""
import json

from zhner.crossval import fold_plan, run_settings

from conftest import REPO, run_zhner


def test_fold_plan_keeps_variants_with_their_source_and_holds_out_each_article_once():
    groups = ["a", "a", "a", "b", "c", "c", "d", "e", "e"]
    is_hand = [True, False, False, True, True, False, True, True, False]
    plan = fold_plan(groups, is_hand, 3)
    held = [i for _, held_out in plan for i in held_out]
    assert sorted(held) == [i for i, hand in enumerate(is_hand) if hand]  # every article once, no variant
    for train, held_out in plan:
        assert not {groups[i] for i in train} & {groups[i] for i in held_out}


def test_cached_runs_are_keyed_by_config_and_data_content(tmp_path):
    config = tmp_path / "ner.cfg"
    config.write_text("[components.tok2vec.model.encode]\nwidth = 96\n", encoding="utf-8")
    first = run_settings(config, b"docs", ["b", "a"], 1000, 0, 4)
    assert run_settings(config, b"docs", ["a", "b"], 1000, 0, 4) == first
    config.write_text("[components.tok2vec.model.encode]\nwidth = 64\n", encoding="utf-8")
    assert run_settings(config, b"docs", ["a", "b"], 1000, 0, 4) != first  # same file name, new content
    config.write_text("[components.tok2vec.model.encode]\nwidth = 96\n", encoding="utf-8")
    assert run_settings(config, b"other docs", ["a", "b"], 1000, 0, 4) != first


def test_speed_goal_line_follows_the_measured_rate():
    from zhner.benchmark import _speed_goal_line

    def report(rate):
        return {"systems": {"zh_industry_ner": {"runs": [{"n_process": 1, "chars_per_second": rate},
                                                         {"n_process": 2, "chars_per_second": 2 * rate}]}}}
    assert ": met (median 25,000)" in _speed_goal_line(report(25_000))
    assert ": not met (median 15,000)" in _speed_goal_line(report(15_000))
    assert "not measured" in _speed_goal_line({"systems": {"zh_industry_ner": {"runs": []}}})


def test_benchmark_writes_every_part(tiny_model, corpus_root, tmp_path):
    out = tmp_path / "bench"
    args = ["benchmark", tiny_model, "--output", out, "--workdir", tmp_path / "work", "--folds", "2", "--steps", "2", "--curve-steps", "2",
            "--fractions", "0.5", "1.0", "--segmenter-iterations", "1", "--speed-rounds", "2",
            "--config", REPO / "configs" / "pkuseg-ner.cfg"]
    run_zhner(args, corpus_root, timeout=1200)
    parts = {p: json.loads((out / f"{p}.json").read_text(encoding="utf-8")) for p in ("accuracy", "speed", "cv", "curve")}

    systems = parts["accuracy"]["systems"]
    assert set(systems) == {"zh_industry_ner", "lac", "jieba", "gazetteer"}
    assert set(systems["zh_industry_ner"]["flat"]["per_label"]) == {"PROJECT", "COMPANY", "AMOUNT", "INDUSTRY"}
    assert "micro" in systems["gazetteer"]["flat_f_ci95"]
    speed = parts["speed"]["systems"]["zh_industry_ner"]
    assert [r["n_process"] for r in speed["runs"]] == [1, 2]
    assert all(r["chars_per_second"] > 0 and r["peak_rss_mb"] > 0 for r in speed["runs"])
    assert all(len(r["rounds_chars_per_second"]) == 2 for r in speed["runs"])
    assert all(r["first_pass_chars_per_second"] > 0 for r in speed["runs"])  # after the dev texts as warm-up
    assert parts["speed"]["machine"]

    cv = parts["cv"]
    assert cv["folds"] == 2 and len(cv["runs"]) == 2
    assert sum(r["eval_articles"] for r in cv["runs"]) == cv["articles"]
    assert set(cv["summary"]["micro"]) == {"mean", "std", "values"}
    assert [p["fraction"] for p in parts["curve"]["points"]] == [0.5, 1.0]
    shares = [p["articles"] for p in parts["curve"]["points"]]
    assert shares[0] < shares[1]

    markdown = (out / "benchmark.md").read_text(encoding="utf-8")
    for heading in ("Test split", "Speed and size", "chars/s with one process", "cross-validation", "Learning curve"):
        assert heading in markdown
    assert "— (0.0)" in markdown  # peers without PROJECT/INDUSTRY are marked, not silently zero
    assert (out / "learning-curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # Run again: the trained runs are reused (same settings), the report is rewritten.
    before = (tmp_path / "work" / "cv" / "fold-0" / "scores.json").stat().st_mtime
    run_zhner(args[:1] + [tiny_model, "--parts", "cv", *args[2:]], corpus_root, timeout=600)
    assert (tmp_path / "work" / "cv" / "fold-0" / "scores.json").stat().st_mtime == before


def test_compare_reports_edges_scores_speed_and_size(tiny_model, corpus_root, tmp_path):
    dev = corpus_root / "corpus" / "build" / "dev.jsonl"
    run_zhner(["compare", f"a={tiny_model}", f"b={tiny_model}", "--data", dev, "--output", tmp_path,
               "--warmup", corpus_root / "corpus" / "build" / "train.jsonl"], corpus_root)
    report = json.loads((tmp_path / "segmenters.json").read_text(encoding="utf-8"))
    a, b = report["pipelines"]["a"], report["pipelines"]["b"]
    assert a["flat"] == b["flat"] and a["tokens"] == b["tokens"]
    assert 0.9 <= a["edges_on_tokens"]["overall"] <= 1.0 and a["edges_on_tokens"]["edges"] > 0
    assert a["speed"]["chars_per_second"] > 0 and a["size_mb"] > 0 and a["speed"]["first_pass_chars_per_second"] > 0
    assert "gold span edges on token edges" in (tmp_path / "segmenters.md").read_text(encoding="utf-8")

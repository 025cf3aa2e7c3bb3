"""The sweep's plumbing: the grid file, the overrides handed to training, the table."""
import json
import subprocess

import pytest

from zhner import paths, sweep


def _run(name, seed, f, unseen_industry, overrides, industry=0.6):
    scores = {"f": unseen_industry}
    unseen = {"micro": {"f": f}, "per_label": {"PROJECT": {"f": f}, "COMPANY": {"f": f}, "INDUSTRY": scores}}
    return {"name": name, "seed": seed, "overrides": overrides,
            "flat": {"micro": {"f": f}, "per_label": {"INDUSTRY": {"f": industry}}},
            "breakdown": {"seen_unseen": {"unseen": unseen}, "project_recall_17_plus": {"recall": None}}}


@pytest.fixture()
def one_article_build(tmp_path, monkeypatch):
    """A corpus build folder of one empty article per split, in place of the project's."""
    build = tmp_path / "build"
    build.mkdir()
    for name in ("dev.jsonl", "train.jsonl", "test.jsonl"):
        (build / name).write_text(json.dumps({"id": "a", "text": "x", "ents": [], "spans": []}) + "\n", encoding="utf-8")
    (build / "train.spacy").write_bytes(b"")
    monkeypatch.setattr(sweep.paths, "BUILD", build)
    return build


def test_grid_settings_need_name_overrides_and_seeds(tmp_path):
    grid = tmp_path / "grid.json"
    grid.write_text(json.dumps([{"name": "w3", "overrides": {}}]), encoding="utf-8")
    with pytest.raises(ValueError, match="seeds"):
        sweep.load_grid(grid)


def test_overrides_reach_training_as_values_it_reads_back(tmp_path, monkeypatch):
    seen = {}

    def fake_run(args, **kwargs):
        seen["args"] = args
        return subprocess.CompletedProcess(args, 0)

    monkeypatch.setattr(sweep.subprocess, "run", fake_run)
    overrides = {"components.tok2vec.model.embed.@architectures": "zh_industry_ner.NormAffixHashEmbed.v1",
                 "components.tok2vec.model.embed.attrs": ["NORM", "SHAPE"], "training.optimizer.learn_rate": 0.002}
    sweep._train_one(paths.ROOT / "configs" / "pkuseg-ner.cfg", overrides, 1, tmp_path / "out", tmp_path / "log")
    sets = [seen["args"][i + 1] for i, a in enumerate(seen["args"]) if a == "--set"]
    assert "components.tok2vec.model.embed.@architectures=zh_industry_ner.NormAffixHashEmbed.v1" in sets
    assert 'components.tok2vec.model.embed.attrs=["NORM", "SHAPE"]' in sets
    assert "training.optimizer.learn_rate=0.002" in sets and "training.seed=1" in sets


def test_table_averages_seeds_and_names_what_each_setting_changed():
    level = {"corpora.train.augmenter.level": 0.7, "corpora.train.augmenter.probability.INDUSTRY": 0.7}
    result = {"config": str(paths.ROOT / "configs" / "pkuseg-ner.cfg"), "dev_docs": 5, "train_articles": 9,
              "machine": "test machine",
              "runs": [_run("w3", 0, 0.80, 0.30, {}, 0.70), _run("w3", 1, 0.90, 0.40, {}),
                       _run("aug", 0, 0.85, 0.50, level)]}
    table = sweep.sweep_markdown(result)
    assert "Stage 1 (`configs/pkuseg-ner.cfg`)" in table
    assert "as of commit abc1234" in sweep.sweep_markdown({**result, "config_commit": "abc1234"})
    # dev F, then flat INDUSTRY F, then unseen F
    assert "| w3 | (config as is) | 2 | 85.0 ± 7.1 | 65.0 ± 7.1 | 85.0 ± 7.1 |" in table
    assert "| 35.0 ± 7.1 | 0.0 ± 0.0 |" in table  # unseen INDUSTRY, then long-name recall (none: 0)
    assert "`augmenter.level=0.7`, `probability.INDUSTRY=0.7`" in table
    # a scored-only setting names the model of every seed, not the first seed's alone
    scored = [{**_run("old", seed, 0.8, 0.3, {}), "score_model": f"training/output/x/default-seed{seed}/model-best"}
              for seed in (0, 1)]
    table = sweep.sweep_markdown({**result, "runs": scored})
    assert "scored only (`training/output/x/default-seed{seed}/model-best`)" in table
    scored[1]["score_model"] = "training/output/y/model-best"
    table = sweep.sweep_markdown({**result, "runs": scored})
    assert "`training/output/x/default-seed0/model-best`, `training/output/y/model-best`" in table


def test_config_commit_names_the_commit_of_an_unchanged_config(tmp_path, monkeypatch):
    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True).stdout.strip()

    git("init", "-q")
    config = tmp_path / "stage1.cfg"
    config.write_text("[training]\nmax_steps = 10\n", encoding="utf-8")
    git("add", "stage1.cfg")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "config")
    monkeypatch.setattr(sweep.paths, "ROOT", tmp_path)
    assert sweep.config_commit(config) == git("rev-parse", "--short", "HEAD")
    config.write_text("[training]\nmax_steps = 20\n", encoding="utf-8")
    assert sweep.config_commit(config) is None  # the runs would not be from the committed config


def test_a_score_model_setting_is_scored_without_training(tmp_path, monkeypatch, one_article_build):
    model = tmp_path / "earlier-seed3" / "model-best"
    model.mkdir(parents=True)
    monkeypatch.setattr(sweep, "_train_one", lambda *a, **k: pytest.fail("a score_model setting must not train"))
    scored = []
    monkeypatch.setattr(sweep, "score_run", lambda m, *a: scored.append(m) or {"flat": {}})
    grid = [{"name": "earlier", "overrides": {}, "seeds": [3], "score_model": str(tmp_path / "earlier-seed{seed}" / "model-best")}]
    result = sweep.run_sweep(paths.ROOT / "configs" / "pkuseg-ner.cfg", grid, tmp_path / "work", jobs=1)
    assert scored == [model] and result["runs"][0]["score_model"] == str(model)
    with pytest.raises(FileNotFoundError, match="earlier"):
        sweep.run_sweep(paths.ROOT / "configs" / "pkuseg-ner.cfg", [{**grid[0], "seeds": [4]}], tmp_path / "work", jobs=1)


def test_a_run_is_scored_in_a_fresh_interpreter_as_in_this_one(tmp_path):
    import spacy

    nlp = spacy.blank("zh")
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "INDUSTRY", "pattern": "涂料"}])
    nlp.to_disk(tmp_path / "model")
    text = "园区发展涂料产业。"
    records = [{"id": "a", "text": text, "ents": [{"start": 4, "end": 6, "label": "INDUSTRY"}], "spans": []}]
    fresh = sweep.score_run(tmp_path / "model", records, set(), [text])
    here = sweep.score_in_process(tmp_path / "model", records, set(), [text])
    assert fresh["flat"] == here["flat"] and fresh["flat"]["micro"]["f"] == 1.0


def test_a_score_model_setting_may_score_this_sweeps_model_with_a_rule_added(tmp_path, monkeypatch, one_article_build):
    trained = []

    def fake_train(config, overrides, seed, out, log):
        (out / "model-best").mkdir(parents=True)
        trained.append(seed)
        return 1.0

    monkeypatch.setattr(sweep, "_train_one", fake_train)
    scored = []
    monkeypatch.setattr(sweep, "score_run", lambda m, d, s, w, add=None: scored.append((m.name, add)) or
                        {"flat": {"micro": {"f": 0.5}}, "breakdown": {}})
    rule = [{"factory": "field_cues", "config": {"list_joiners": []}, "initialize": {"lexicon_path": "lexicons"}}]
    grid = [{"name": "with-rule", "overrides": {}, "seeds": [0, 1], "add_pipes": rule,
             "score_model": str(tmp_path / "work" / "base-seed{seed}" / "model-best")},
            {"name": "base", "overrides": {}, "seeds": [0, 1]}]
    result = sweep.run_sweep(paths.ROOT / "configs" / "pkuseg-ner.cfg", grid, tmp_path / "work", jobs=2)
    assert sorted(trained) == [0, 1]
    assert [r["name"] for r in result["runs"]] == ["with-rule", "with-rule", "base", "base"]  # the grid's order
    assert result["runs"][0]["add_pipes"] == rule and "add_pipes" not in result["runs"][2]
    assert sorted(add is not None for _, add in scored) == [False, False, True, True]


def test_added_pipes_are_initialized_on_the_loaded_model(tmp_path):
    import spacy

    (tmp_path / "industries.tsv").write_text("field\tparent\taliases\n涂料\t化工\t\n", encoding="utf-8")
    nlp = spacy.blank("zh")
    sweep.add_scored_pipes(nlp, [{"factory": "field_cues", "initialize": {"lexicon_path": str(tmp_path)}}])
    assert nlp.pipe_names == ["field_cues"] and nlp.get_pipe("field_cues").names == ["涂料"]
    # a rule that reads nothing has no initialize to call
    sweep.add_scored_pipes(nlp, [{"factory": "name_aliases"}])
    assert nlp.pipe_names == ["field_cues", "name_aliases"]

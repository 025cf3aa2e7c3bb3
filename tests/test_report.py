"""The README's generated sections come from report files of real runs."""
import json
import shutil

from zhner import paths
from zhner.report import fill, sections, write_make_all


def test_make_all_time_and_every_sweep_reach_the_readme_sections(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    write_make_all(1500, "venv corpus train", reports)
    assert json.loads((reports / "make-all.json").read_text())["seconds"] == 1500
    shutil.copy(paths.ROOT / "reports" / "sweep-first-corpus.json", reports / "sweep.json")
    shutil.copy(paths.ROOT / "reports" / "sweep-first-corpus.json", reports / "sweep-first-corpus.json")
    out = sections(reports, tmp_path / "model", tmp_path / "dist")
    assert "`make all` (venv corpus train, then readme): 25.0 minutes on" in out["facts"]
    assert out["sweep"].count("| setting | overrides |") == 2
    shutil.copy(paths.ROOT / "reports" / "sweep-fields.json", reports / "sweep-fields.json")
    out = sections(reports, tmp_path / "model", tmp_path / "dist")
    assert out["sweep"].count("| setting | overrides |") == 3
    assert "The third sweep" in out["sweep"] and "scored only" in out["sweep"]
    shutil.copy(paths.ROOT / "reports" / "sweep-lexicons-aug.json", reports / "sweep-lexicons-aug.json")
    out = sections(reports, tmp_path / "model", tmp_path / "dist")
    assert out["sweep"].count("| setting | overrides |") == 4
    assert "(`configs/sweep-lexicons-aug.json`, `reports/sweep-lexicons-aug.md`):" in out["sweep"]
    assert out["sweep"].index("The fifth sweep") < out["sweep"].index("The third sweep")
    readme = "a\n<!-- zhner:facts -->\nold\n<!-- /zhner:facts -->\nb\n"
    assert "25.0 minutes" in fill(readme, out) and "old" not in fill(readme, out)


def test_bias_sweeps_reach_their_section_with_one_table_per_group(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    assert "bias" not in sections(reports, tmp_path / "model", tmp_path / "dist")
    row = {"flat_f": 0.9, "label": {"p": 0.8, "r": 0.7, "f": 0.75, "support": 10, "predicted": 9},
           "unseen": {"p": 0.5, "r": 0.4, "f": 0.444, "support": 5, "predicted": 4}, "seen": None}
    report = {"label": "INDUSTRY", "data": "corpus/build/dev.jsonl", "deltas": [-1.0, 0.0], "models": ["m0", "m1"],
              "note": "Two seeds.", "groups": {"old": 3, "new": 2}, "seen_from": "corpus/build/train.jsonl",
              "runs": [{"model": m, "delta": d, "groups": {"old": row, "new": row}}
                       for m in ("m0", "m1") for d in (-1.0, 0.0)]}
    (reports / "bias-sweep-industry.json").write_text(json.dumps(report), encoding="utf-8")
    out = sections(reports, tmp_path / "model", tmp_path / "dist")["bias"]
    assert out.startswith("Made by `zhner bias-sweep` on the dev split")
    assert out.count("| shift |") == 2 and "#### old (3 articles)" in out and "Two seeds." in out
    assert "| -1 | 90.0 (90.0–90.0) | 75.0 (75.0–75.0) | 44.4 (44.4–44.4) |" in out
    assert "test split" not in out  # no test report written

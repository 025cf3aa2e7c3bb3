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

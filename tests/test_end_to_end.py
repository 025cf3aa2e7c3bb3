"""Package the tiny model, install the wheel into a fresh virtual environment, load it there."""
import json
import subprocess
import venv
import zipfile

from conftest import run_zhner

PROBE = """
import json, sys, spacy
nlp = spacy.load("zh_industry_ner")
doc = nlp(sys.argv[1])
import zh_industry_ner
print(json.dumps({
    "pipeline": nlp.pipe_names,
    "package_file": zh_industry_ner.__file__,
    "tokenizer": type(nlp.tokenizer).__module__,
    "segmenter": nlp.tokenizer.segmenter,
    "tokens": [t.text for t in doc],
    "text": doc.text,
    "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
    "sc": [[s.start_char, s.end_char, s.label_] for s in doc.spans["sc"]],
    "amounts": [s._.amount for s in doc.ents if s.label_ == "AMOUNT"],
}, ensure_ascii=False))
"""
TEXT = "恒岳新能源电池材料(二期)项目在孝感签约，总投资18亿。項(xiàng)目由恒岳科技股份有限公司建設(shè)。"


def test_wheel_installs_and_loads_in_a_fresh_environment(tiny_model, corpus_root, tmp_path):
    report = corpus_root / "reports"
    run_zhner(["evaluate", tiny_model, corpus_root / "corpus" / "build" / "test.jsonl", "--output", report])
    wheel = run_zhner(["package", tiny_model, "--output", tmp_path / "dist", "--version", "0.0.1",
                       "--evaluation", report / "evaluation.json"]).stdout.strip().splitlines()[-1]
    names = zipfile.ZipFile(wheel).namelist()
    assert "zh_industry_ner/components/tokenizer.py" in names
    meta = json.loads(zipfile.ZipFile(wheel).read("zh_industry_ner/meta.json"))
    assert not any(r.startswith("zhner") for r in meta["requirements"])
    assert any(r.startswith("spacy-pkuseg") for r in meta["requirements"])  # the segmenter's runtime
    assert "zhner_evaluation" in meta

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", wheel], check=True, timeout=600)
    # A separate process in the fresh environment: the project itself is not installed there.
    result = subprocess.run([python, "-c", PROBE, TEXT], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["pipeline"] == ["tok2vec", "ner", "field_cues", "name_aliases", "spancat", "span_layers"]
    assert str(env_dir) in out["package_file"]
    assert out["tokenizer"] == "zh_industry_ner.components.tokenizer"  # the code shipped in the wheel
    assert out["text"] == TEXT
    assert out["segmenter"] == "pkuseg"  # the default pipeline, its segmenter loaded from the wheel
    assert "".join(out["tokens"]) == TEXT
    assert {tuple(e) for e in out["ents"]} <= {tuple(s) for s in out["sc"]}
    no_project = subprocess.run([python, "-c", "import zh_industry_ner_components"], capture_output=True)
    assert no_project.returncode != 0

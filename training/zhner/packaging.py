"""Package a trained pipeline as the installable `zh_industry_ner` wheel.

`spacy package --build none` writes the package folder; the runtime code
(package/zh_industry_ner_components) is then copied in as the subpackage
`zh_industry_ner.components`, imported by the package's __init__ so that loading the model
registers the tokenizer, suggester and layer merger. The wheel thus needs no other project code.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


PACKAGE_NAME = "industry_ner"  # spaCy prefixes the language: zh_industry_ner
RUNTIME_REQUIREMENTS = ["opencc-python-reimplemented>=0.1.7"]
OWN_DISTRIBUTIONS = ("zhner",)


def runtime_requirements(model_dir: Path) -> list[str]:
    """What loading the model needs besides spaCy: OpenCC always, spacy-pkuseg for word tokens."""
    from importlib.metadata import version

    from .segmenter import uses_pkuseg

    requirements = list(RUNTIME_REQUIREMENTS)
    if uses_pkuseg(Path(model_dir) / "config.cfg"):
        requirements.append(f"spacy-pkuseg>={version('spacy-pkuseg')}")
    return requirements


def accuracy_table(evaluation: dict | None) -> str:
    """Markdown table of the per-label scores of an evaluation report, for the package README."""
    if not evaluation:
        return "No evaluation was supplied when this package was built.\n"
    lines = []
    for name, data in evaluation["datasets"].items():
        lines += [f"**{name}** ({data['docs']} articles)", "", "| label | flat P | flat R | flat F | nested F |", "|---|---|---|---|---|"]
        for label, s in list(data["flat"]["per_label"].items()) + [("micro", data["flat"]["micro"])]:
            n = data["nested"]["micro"] if label == "micro" else data["nested"]["per_label"][label]
            lines.append(f"| {label} | {100 * s['p']:.1f} | {100 * s['r']:.1f} | {100 * s['f']:.1f} | {100 * n['f']:.1f} |")
        lines.append("")
    return "\n".join(lines)


def _meta(model_dir: Path, version: str, evaluation: dict | None) -> dict:
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    meta.update({
        "name": PACKAGE_NAME, "version": version,
        "description": "Chinese industrial and investment news: PROJECT, AMOUNT, COMPANY, INDUSTRY "
                       "as flat entities (doc.ents) and nested spans (doc.spans['sc']).",
        "license": "MIT", "author": "zh_industry_ner contributors",
        "requirements": runtime_requirements(model_dir),
    })
    if evaluation:
        meta["zhner_evaluation"] = {name: {"flat": d["flat"], "nested": d["nested"]}
                                    for name, d in evaluation["datasets"].items()}
    return meta


def _readme(meta: dict, evaluation: dict | None) -> str:
    return (f"# zh_industry_ner {meta['version']}\n\n{meta['description']}\n\n"
            "```python\nimport spacy\nnlp = spacy.load(\"zh_industry_ner\")\ndoc = nlp(\"总投资18亿元的恒岳新能源电池材料(二期)项目开工\")\n"
            "print([(e.text, e.label_) for e in doc.ents], [(s.text, s.label_) for s in doc.spans['sc']])\n```\n\n"
            "`span._.amount` gives an AMOUNT span's value (min, max, currency, approximate).\n\n"
            "## Accuracy (exact character spans)\n\n" + accuracy_table(evaluation))


def build_package(model_dir: Path, output_dir: Path, version: str, evaluation: dict | None = None) -> Path:
    """Build the wheel into output_dir; returns its path."""
    model_dir, output_dir = Path(model_dir), Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        staged = tmp / "model"
        shutil.copytree(model_dir, staged)
        meta = _meta(model_dir, version, evaluation)
        (staged / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        (staged / "README.md").write_text(_readme(meta, evaluation), encoding="utf-8")
        work = tmp / "pkg"
        work.mkdir()
        subprocess.run([sys.executable, "-m", "spacy", "package", str(staged), str(work), "--build", "none",
                        "--force", "--name", PACKAGE_NAME, "--version", version], check=True)
        pkg_root = work / f"zh_{PACKAGE_NAME}-{version}"
        pkg_dir = pkg_root / f"zh_{PACKAGE_NAME}"
        # spaCy adds the distributions of registered code it finds; ours ships inside instead.
        for meta_path in (pkg_root / "meta.json", pkg_dir / f"zh_{PACKAGE_NAME}-{version}" / "meta.json"):
            pkg_meta = json.loads(meta_path.read_text(encoding="utf-8"))
            pkg_meta["requirements"] = [r for r in pkg_meta["requirements"]
                                        if re.split(r"[<>=!~ ]", r, 1)[0] not in OWN_DISTRIBUTIONS]
            meta_path.write_text(json.dumps(pkg_meta, ensure_ascii=False, indent=2), encoding="utf-8")
        import zh_industry_ner_components as runtime  # the very code training ran with

        shutil.copytree(Path(runtime.__file__).parent, pkg_dir / "components", ignore=shutil.ignore_patterns("__pycache__"))
        init = pkg_dir / "__init__.py"
        init.write_text("from . import components  # registers the pipeline's tokenizer, suggester and merger\n"
                        + init.read_text(encoding="utf-8"), encoding="utf-8")
        setup = pkg_root / "setup.py"
        setup_text = setup.read_text(encoding="utf-8")
        patched = setup_text.replace("packages=[model_name],", "packages=[model_name, model_name + '.components'],")
        if patched == setup_text:
            raise RuntimeError(f"{setup}: spaCy's setup template changed; cannot add the components subpackage")
        setup.write_text(patched, encoding="utf-8")
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(output_dir), str(pkg_root)], check=True)
    wheels = sorted(output_dir.glob(f"zh_{PACKAGE_NAME}-{version}-*.whl"))
    if not wheels:
        raise RuntimeError(f"no wheel was written to {output_dir}")
    return wheels[-1]

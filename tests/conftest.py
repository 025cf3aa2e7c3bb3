"""Shared fixtures: a small corpus copied from tests/fixtures and a tiny model trained on it once."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
ZHNER = [sys.executable, "-m", "zhner.cli"]
# A small network so the tiny model trains in seconds; the pipeline is the default one.
TINY = ["--set", "components.tok2vec.model.encode.depth=2", "--set", "training.max_steps=200", "--set", "training.optimizer.learn_rate=0.005", "--set", "training.eval_frequency=40",
        "--set", "training.batcher.size.start=200", "--set", "training.batcher.size.stop=200"]


def run_zhner(args, root: Path | None = None, check=True, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, **({"ZHNER_ROOT": str(root)} if root else {})}
    result = subprocess.run(ZHNER + [str(a) for a in args], env=env, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"zhner {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def corpus_root(tmp_path_factory) -> Path:
    """A project root holding only the fixture articles, built (split, variants, DocBins, JSONL)."""
    root = tmp_path_factory.mktemp("root")
    shutil.copytree(FIXTURES / "articles", root / "corpus" / "articles")
    # Place the fixture articles by hand so every split has some.
    (root / "corpus" / "splits.tsv").write_text(
        "t-0001\ttrain\nt-0002\ttrain\nt-0003\ttrain\nt-0004\tdev\nt-0005\ttrain\nt-0006\ttest\n", encoding="utf-8")
    run_zhner(["corpus", "build"], root)
    return root


@pytest.fixture(scope="session")
def tiny_model(corpus_root) -> Path:
    """model-last of a tiny default (pkuseg) pipeline trained on the fixture corpus, dev = train."""
    out = corpus_root / "training" / "output"
    build = corpus_root / "corpus" / "build"
    dev = ["--set", f"paths.dev={build / 'train.spacy'}", "--set", f"paths.segmenter={out / 'segmenter'}"]
    run_zhner(["segmenter", "train", "--iterations", "1", "--output", out / "segmenter"], corpus_root)
    run_zhner(["train", "--config", REPO / "configs" / "pkuseg-ner.cfg", "--output", out / "ner", *TINY, *dev], corpus_root)
    run_zhner(["train", "--config", REPO / "configs" / "pkuseg.cfg", "--output", out / "default",
               "--set", f"paths.ner_model={out / 'ner' / 'model-last'}", "--set", "training.max_steps=40",
               "--set", "training.eval_frequency=20", *dev], corpus_root)
    return out / "default" / "model-last"


@pytest.fixture(scope="session")
def char_nlp():
    """A blank zh pipeline on the project's tokenizer cutting one token per character."""
    import spacy
    from zh_industry_ner_components.tokenizer import GlossAwareTokenizer

    nlp = spacy.blank("zh")
    nlp.tokenizer = GlossAwareTokenizer(nlp.vocab, segmenter="char")
    return nlp

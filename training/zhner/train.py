"""Train a pipeline from a config with spaCy's own training loop."""
from __future__ import annotations

import time
from pathlib import Path

from . import paths


def train(config: Path, output: Path, overrides: dict | None = None, use_gpu: int = -1) -> float:
    """Train into output/model-best and output/model-last; returns seconds taken."""
    from spacy.cli.train import train as spacy_train

    import zh_industry_ner_components  # noqa: F401  (registers the project's functions)

    overrides = {"paths.train": str(paths.BUILD / "train.spacy"), "paths.dev": str(paths.BUILD / "dev.spacy"),
                 **(overrides or {})}
    started = time.perf_counter()
    spacy_train(Path(config), Path(output), overrides=overrides, use_gpu=use_gpu)
    return time.perf_counter() - started

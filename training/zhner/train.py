"""Train a pipeline from a config with spaCy's own training loop."""
from __future__ import annotations

import json
import time
from pathlib import Path

from . import paths
from .io_utils import atomic_write_text


def train(config: Path, output: Path, overrides: dict | None = None, use_gpu: int = -1) -> float:
    """Train into output/model-best and output/model-last; returns seconds taken."""
    from spacy.cli.train import train as spacy_train

    import zh_industry_ner_components  # noqa: F401  (registers the project's functions)

    from . import augment  # noqa: F401  (registers the name-substitution augmenter)

    overrides = {**build_paths(Path(config)), **(overrides or {})}
    started = time.perf_counter()
    spacy_train(Path(config), Path(output), overrides=overrides, use_gpu=use_gpu)
    seconds = time.perf_counter() - started
    info = {"config": str(config), "overrides": overrides, "seconds": round(seconds, 1),
            "machine": machine_description()}
    atomic_write_text(Path(output) / "train-info.json", json.dumps(info, ensure_ascii=False, indent=1))
    return seconds


def build_paths(config: Path) -> dict:
    """paths.train and paths.dev in the build folder of this root (ZHNER_ROOT), under the file names
    the config gives them (`corpus/build/dev-hand.spacy` → BUILD/dev-hand.spacy)."""
    from spacy.util import load_config

    config_paths = load_config(config, interpolate=False)["paths"]
    return {f"paths.{key}": str(paths.BUILD / Path(config_paths[key]).name) for key in ("train", "dev")}


def machine_description() -> str:
    import os
    import platform

    cpu = cpu_name()
    return (f"{platform.machine()}{f' ({cpu})' if cpu else ''}, {os.cpu_count()} CPUs, "
            f"{platform.system()} {platform.release()}, Python {platform.python_version()}")


def cpu_name(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """The CPU's model name where Linux tells it: speed depends on it (blis, for one, has no
    tuned kernels for some CPUs; see zh_industry_ner_components/matmul.py)."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return ""

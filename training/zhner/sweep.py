"""A sweep of stage-1 settings: each one trained (with several seeds where asked), scored on dev
for entity F and for F on names the train split never had, and timed.

The grid lives in a JSON file (`configs/sweep.json`): a list of settings, each a name, config
overrides and seeds. A setting with `score_model` (a folder, `{seed}` filled in) is not trained:
the model trained earlier, on other data, is scored on today's dev beside the new runs, which is
how a change of corpus is measured; it may be one this sweep trains (score_model settings run after
the training ones), and `add_pipes` appends rule components to it before scoring, so a rule over
the NER's output is measured on the same models with and without it. Runs go in parallel, one BLAS thread each, and are cached by what they were
trained from (config content, overrides, seed, training data), so a sweep can be grown and rerun.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

from . import paths
from .bench import ONE_BLAS_THREAD
from .io_utils import atomic_write_text, read_jsonl, write_report_pair
from .train import machine_description


def load_grid(path: Path) -> list[dict]:
    grid = json.loads(Path(path).read_text(encoding="utf-8"))
    for setting in grid:
        if not {"name", "overrides", "seeds"} <= set(setting):
            raise ValueError(f"{path}: every setting needs name, overrides and seeds: {setting}")
    return grid


def run_key(config: Path, overrides: dict, seed: int, train_file: Path) -> str:
    digest = hashlib.sha256()
    for part in (Path(config).read_bytes(), json.dumps(overrides, sort_keys=True).encode(), str(seed).encode(),
                 Path(train_file).read_bytes()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()[:16]


def _train_one(config: Path, overrides: dict, seed: int, out: Path, log: Path) -> float:
    args = [sys.executable, "-m", "zhner.cli", "train", "--config", str(config), "--output", str(out),
            "--set", f"training.seed={seed}", "--set", f"system.seed={seed}"]
    for key, value in overrides.items():
        # Lists and dicts go as JSON, which `zhner train --set` reads back; str(value) would not parse.
        args += ["--set", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as handle:
        done = subprocess.run(args, stdout=handle, stderr=subprocess.STDOUT, env={**os.environ, **ONE_BLAS_THREAD})
    if done.returncode != 0:
        raise RuntimeError(f"training {out} failed; see {log}")
    return time.perf_counter() - started


def score_run(model_dir: Path, dev_records: list[dict], seen: set, warmup_texts: list[str],
              add_pipes: list[dict] | None = None) -> dict:
    """score_in_process in a fresh interpreter. A sweep runs for an hour or more; the package code
    it imported at the start may have gained a parameter since, which a model trained later names
    in its config, and the old code would refuse to load it."""
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(score_in_process, model_dir, dev_records, seen, warmup_texts, add_pipes).result()


def add_scored_pipes(nlp, add_pipes: list[dict]) -> None:
    """Append components that learn nothing (a rule over the model's output) to a trained model,
    each {"factory", "config" (optional), "initialize" (keyword arguments, optional)}: a
    setting can then measure the rule on the very models another setting trained."""
    for spec in add_pipes:
        pipe = nlp.add_pipe(spec["factory"], config=spec.get("config", {}))
        if hasattr(pipe, "initialize"):  # a rule that reads nothing (name_aliases) has none
            pipe.initialize(nlp=nlp, **spec.get("initialize", {}))


def score_in_process(model_dir: Path, dev_records: list[dict], seen: set, warmup_texts: list[str],
                     add_pipes: list[dict] | None = None) -> dict:
    """Dev flat scores, seen/unseen, and chars/s of one in-process pass after a warm-up pass."""
    import spacy
    from threadpoolctl import threadpool_limits

    from .evaluate import evaluate_records

    nlp = spacy.load(model_dir)
    add_scored_pipes(nlp, add_pipes or [])
    with threadpool_limits(1):
        list(nlp.pipe(warmup_texts))
        texts = [r["text"] for r in dev_records]
        started = time.perf_counter()
        list(nlp.pipe(texts))
        seconds = time.perf_counter() - started
        scores = evaluate_records(nlp, dev_records, seen=seen)
    return {"flat": scores["flat"], "breakdown": scores["breakdown"],
            "chars_per_second": round(sum(map(len, texts)) / seconds)}


def run_sweep(config: Path, grid: list[dict], workdir: Path, jobs: int = 2, train_file: Path | None = None,
              dev_file: Path | None = None, warmup_file: Path | None = None) -> dict:
    from .breakdown import seen_names

    train_file = Path(train_file or paths.BUILD / "train.spacy")
    dev_records = read_jsonl(Path(dev_file or paths.BUILD / "dev.jsonl"))
    train_records = read_jsonl(paths.BUILD / "train.jsonl")
    seen = seen_names(train_records)
    warmup = [r["text"] for r in read_jsonl(Path(warmup_file or paths.BUILD / "test.jsonl"))]
    workdir.mkdir(parents=True, exist_ok=True)
    plan = [(s, seed) for s in grid for seed in s["seeds"]]

    def run(item):
        setting, seed = item
        if "score_model" in setting:  # a model trained before (on other data): scored here, not trained
            model = Path(setting["score_model"].format(seed=seed))
            if not model.is_dir():
                raise FileNotFoundError(f"setting {setting['name']!r}: no model at {model}")
            extra = {"add_pipes": setting["add_pipes"]} if setting.get("add_pipes") else {}
            return {"name": setting["name"], "seed": seed, "overrides": setting["overrides"],
                    "score_model": str(model), **extra,
                    **score_run(model, dev_records, seen, warmup, setting.get("add_pipes"))}
        key = run_key(config, setting["overrides"], seed, train_file)
        out = workdir / f"{setting['name']}-seed{seed}"
        cached = out / "sweep-result.json"
        if cached.exists():
            result = json.loads(cached.read_text(encoding="utf-8"))
            if result.get("key") == key:
                return result
        out.mkdir(parents=True, exist_ok=True)
        seconds = _train_one(config, setting["overrides"], seed, out, out / "train.log")
        result = {"key": key, "name": setting["name"], "seed": seed, "overrides": setting["overrides"],
                  "train_seconds": round(seconds, 1), **score_run(out / "model-best", dev_records, seen, warmup)}
        atomic_write_text(cached, json.dumps(result, ensure_ascii=False, indent=1))
        print(f"{setting['name']} seed {seed}: dev F {100 * result['flat']['micro']['f']:.1f}", file=sys.stderr)
        return result

    # Settings that score a model train nothing, and may score one trained by this very sweep: they
    # run once every training is done.
    trained = [item for item in plan if "score_model" not in item[0]]
    scored = [item for item in plan if "score_model" in item[0]]
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        runs = list(pool.map(run, trained))
        runs += list(pool.map(run, scored))
    position = {(setting["name"], seed): i for i, (setting, seed) in enumerate(plan)}
    runs.sort(key=lambda r: position[(r["name"], r["seed"])])  # the grid's order in the report
    return {"config": str(config), "config_commit": config_commit(config), "train": str(train_file),
            "dev_docs": len(dev_records),
            "train_articles": len(train_records), "runs": runs,
            "machine": machine_description()}


def config_commit(config: Path) -> str | None:
    """The commit whose version of the config the runs started from, where it is unchanged since:
    the settings are overrides of that config, which the default may have moved on from."""
    def git(*args):
        done = subprocess.run(["git", "-C", str(paths.ROOT), *args], capture_output=True, text=True)
        return done.stdout.strip() if done.returncode == 0 else None

    if git("status", "--porcelain", "--", str(config)) != "":
        return None  # not in git, or changed and not committed
    return git("log", "-1", "--format=%h", "--", str(config))


def _mean(values: list[float]) -> str:
    if len(values) == 1:
        return f"{100 * values[0]:.1f}"
    return f"{100 * statistics.mean(values):.1f} ± {100 * statistics.stdev(values):.1f}"


def summarize(sweep: dict) -> list[dict]:
    """One row per setting: means over seeds."""
    rows: dict[str, dict] = {}
    for run in sweep["runs"]:
        row = rows.setdefault(run["name"], {"name": run["name"], "overrides": run["overrides"], "runs": []})
        row["runs"].append(run)
    return list(rows.values())


def _short_key(key: str) -> str:
    """`encode.window_size`, `probability.INDUSTRY`: the last two parts of a config path say what it sets."""
    return ".".join(key.split(".")[-2:])


def _shown_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(paths.ROOT))
    except ValueError:
        return path


def _scored_models(runs: list[dict]) -> str:
    """The folders a scored-only setting read, one per seed, written once with `{seed}` where they
    differ only by it (else listed)."""
    shown = [_shown_path(r["score_model"]) for r in runs]
    templates = {path.replace(f"seed{r['seed']}", "seed{seed}") for path, r in zip(shown, runs)}
    return templates.pop() if len(templates) == 1 else "`, `".join(shown)


def sweep_markdown(sweep: dict) -> str:
    commit = f" as of commit {sweep['config_commit']}" if sweep.get("config_commit") else ""
    lines = [f"Stage 1 (`{_shown_path(sweep['config'])}`{commit}) trained per setting and seed; model-best scored on "
             f"{sweep['dev_docs']} dev articles (flat layer), trained on {sweep.get('train_articles', '?')} hand-written "
             f"train articles and their variants. *Unseen*: names whose text never occurs with "
             f"that label in the train split. Mean ± standard deviation over seeds. The runs go two at a "
             f"time beside other work, so their timings (`chars_per_second`, `train_seconds` in the JSON) "
             f"screen nothing and are left out here; `make bench` measures the chosen model. "
             f"{sweep['machine']}.", "",
             "| setting | overrides | seeds | dev F | INDUSTRY F | unseen F | unseen PROJECT | unseen COMPANY "
             "| unseen INDUSTRY | PROJECT recall 17+ |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in summarize(sweep):
        runs = row["runs"]
        unseen = [r["breakdown"]["seen_unseen"]["unseen"] for r in runs]
        long_recall = [r["breakdown"]["project_recall_17_plus"]["recall"] or 0.0 for r in runs]
        overrides = ", ".join(f"`{_short_key(k)}={v}`" for k, v in row["overrides"].items()) or "(config as is)"
        if "score_model" in runs[0]:
            overrides += f"; scored only (`{_scored_models(runs)}`)"
        if runs[0].get("add_pipes"):
            overrides += "; with " + ", ".join(f"`{spec['factory']}`" + (f" {json.dumps(spec['config'], ensure_ascii=False)}"
                                                                         if spec.get("config") else "")
                                               for spec in runs[0]["add_pipes"])
        lines.append(
            f"| {row['name']} | {overrides} | {len(runs)} | {_mean([r['flat']['micro']['f'] for r in runs])} "
            f"| {_mean([r['flat']['per_label']['INDUSTRY']['f'] for r in runs])} "
            f"| {_mean([u['micro']['f'] for u in unseen])} "
            + " ".join(f"| {_mean([u['per_label'][label]['f'] for u in unseen])}" for label in ("PROJECT", "COMPANY", "INDUSTRY"))
            + f" | {_mean(long_recall)} |")
    return "\n".join(lines)


def write_sweep(sweep: dict, out_dir: Path, name: str = "sweep") -> tuple[Path, Path]:
    return write_report_pair(sweep, f"# Sweep of stage-1 settings\n\n{sweep_markdown(sweep)}\n", out_dir, name)

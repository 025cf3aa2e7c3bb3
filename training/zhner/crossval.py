"""Accuracy with its spread: grouped k-fold cross-validation and a learning curve.

Both train the stage-1 model (tok2vec + NER, the flat layer) for a fixed number of steps and
score model-last. A noisy variant always sits in the same fold as the article it was made from
(scikit-learn's GroupKFold), so no fold is scored on a disguised copy of its own training text.
With a pkuseg config, each run also trains its own segmenter on its own training articles. Each
run keeps its scores in its work folder and is skipped when run again with the same settings.
"""
from __future__ import annotations

import hashlib
import json
import random
import statistics
import time
from pathlib import Path
from types import SimpleNamespace

from spacy.tokens import DocBin

from . import paths
from .io_utils import atomic_write_text
from .markup import LABELS
from .scoring import Tally, span_set
from .segmenter import uses_pkuseg


def variant_sources() -> dict[str, str]:
    """Source article id of every noisy variant, from the variant files' headers."""
    from .validate import validate

    variants, _ = validate(paths.article_files(paths.VARIANTS))
    return {a.meta["id"]: a.meta["source_id"] for a in variants}


def load_docs(split_files: list[Path], vocab, source_of: dict[str, str]):
    """(docs, group of each doc, whether it is hand-written) from corpus DocBins."""
    docs = [doc for path in split_files for doc in DocBin().from_disk(path).get_docs(vocab)]
    ids = [doc.user_data["id"] for doc in docs]
    groups = [source_of.get(i, i) for i in ids]
    is_hand = [i not in source_of for i in ids]
    return docs, groups, is_hand


def score_model(model_dir: Path, docs) -> dict:
    """Flat-layer scores of a trained model against the docs' gold entities."""
    import spacy

    nlp = spacy.load(model_dir)
    tally = Tally()
    for gold, pred in zip(docs, nlp.pipe([d.text for d in docs], batch_size=16)):
        tally.add(span_set(gold.ents), span_set(pred.ents))
    return tally.scores()


def _as_article(doc):
    """What segmenter.segment_article reads (text and span edges) from a gold doc."""
    spans = [SimpleNamespace(start=s.start_char, end=s.end_char, label=s.label_) for s in doc.spans["sc"]]
    return SimpleNamespace(text=doc.text, spans=spans)


def run_settings(config: Path, train_bytes: bytes, eval_ids: list[str], steps: int, seed: int,
                 segmenter_iterations: int | None) -> dict:
    """What a cached run is keyed by. The config and the training docs count by what they hold,
    not their names: a config changed under the same file name must train again."""
    return {"config": str(config), "config_sha256": hashlib.sha256(Path(config).read_bytes()).hexdigest(),
            "train_sha256": hashlib.sha256(train_bytes).hexdigest(), "steps": steps, "seed": seed,
            "eval_ids": sorted(eval_ids), "segmenter_iterations": segmenter_iterations}


def train_and_score(config: Path, train_docs, eval_docs, workdir: Path, steps: int, seed: int = 0,
                    segmenter_articles=None, segmenter_iterations: int = 4) -> dict:
    """Train stage 1 on train_docs for `steps` steps, score model-last on eval_docs; cached in workdir.

    With segmenter_articles (hand-written training docs), a pkuseg config first gets a segmenter
    trained on them alone, so held-out articles never shaped the tokenization.
    """
    from .train import train

    train_bytes = DocBin(docs=train_docs, store_user_data=True).to_bytes()
    settings = run_settings(config, train_bytes, [d.user_data["id"] for d in eval_docs], steps, seed,
                            segmenter_iterations if segmenter_articles else None)
    cached = workdir / "scores.json"
    if cached.exists():
        previous = json.loads(cached.read_text(encoding="utf-8"))
        if previous["settings"] == settings:
            return previous
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "train.spacy").write_bytes(train_bytes)
    DocBin(docs=eval_docs, store_user_data=True).to_disk(workdir / "eval.spacy")
    overrides = {"paths.train": str(workdir / "train.spacy"), "paths.dev": str(workdir / "eval.spacy"),
                 "training.max_steps": steps, "training.eval_frequency": steps, "training.seed": seed}
    seconds = 0.0
    if segmenter_articles:
        from .segmenter import train_segmenter

        started = time.perf_counter()
        articles = [_as_article(d) for d in segmenter_articles]
        train_segmenter(articles, articles[:20], workdir / "segmenter", segmenter_iterations, seed)
        seconds += time.perf_counter() - started
        overrides["paths.segmenter"] = str(workdir / "segmenter")
    # The held-out docs are spaCy's dev corpus only because it needs one; model-last is scored,
    # so nothing is selected on them.
    seconds += train(config, workdir / "model", overrides)
    result = {"settings": settings, "seconds": round(seconds, 1),
              "scores": score_model(workdir / "model" / "model-last", eval_docs)}
    atomic_write_text(cached, json.dumps(result, indent=1))
    return result


def _summary(runs: list[dict]) -> dict:
    """Mean and standard deviation of F per label and micro over runs."""
    out = {}
    for name in list(LABELS) + ["micro"]:
        values = [label_f(r["scores"], name) for r in runs]
        out[name] = {"mean": statistics.fmean(values), "std": statistics.stdev(values) if len(values) > 1 else 0.0,
                     "values": values}
    return out


def label_f(scores: dict, name: str) -> float:
    """F of one label, or of all ("micro"), from Tally.scores()."""
    return scores["micro"]["f"] if name == "micro" else scores["per_label"][name]["f"]


def fold_plan(groups: list[str], is_hand: list[bool], folds: int) -> list[tuple[list[int], list[int]]]:
    """(training indices, held-out hand-written indices) per fold; a group never straddles folds."""
    import numpy
    from sklearn.model_selection import GroupKFold

    plan = []
    for train_idx, held_idx in GroupKFold(n_splits=folds).split(numpy.zeros(len(groups)), groups=groups):
        plan.append(([int(i) for i in train_idx], [int(i) for i in held_idx if is_hand[i]]))
    return plan


def cross_validate(config: Path, split_files: list[Path], workdir: Path, folds: int = 5, steps: int = 1000,
                   seed: int = 0, segmenter_iterations: int = 4) -> dict:
    """GroupKFold over train+dev: train on k-1 folds (hand + variants), score on the held-out hand articles."""
    from .build import reference_nlp

    docs, groups, is_hand = load_docs(split_files, reference_nlp().vocab, variant_sources())
    pkuseg = uses_pkuseg(config)
    runs = []
    for fold, (train_idx, held_idx) in enumerate(fold_plan(groups, is_hand, folds)):
        train_docs = [docs[i] for i in train_idx]
        eval_docs = [docs[i] for i in held_idx]
        hand_train = [docs[i] for i in train_idx if is_hand[i]] if pkuseg else None
        run = train_and_score(config, train_docs, eval_docs, workdir / f"fold-{fold}", steps, seed, hand_train,
                              segmenter_iterations)
        runs.append({"fold": fold, "train_docs": len(train_docs), "eval_articles": len(eval_docs), **run})
    return {"config": paths.shown(config), "folds": folds, "steps": steps, "seed": seed,
            "segmenter_iterations": segmenter_iterations if pkuseg else None, "documents": len(docs),
            "articles": sum(is_hand), "runs": runs, "summary": _summary(runs)}


def learning_curve(config: Path, train_file: Path, dev_file: Path, workdir: Path,
                   fractions=(0.25, 0.5, 0.75, 1.0), steps: int = 1000, seed: int = 0,
                   segmenter_iterations: int = 4) -> dict:
    """Dev F after training on growing shares of the training articles (each with its variants).

    With a pkuseg config the segmenter is trained on the same share: the curve is the whole
    pipeline's, tokenization included.
    """
    from .build import reference_nlp

    vocab, source_of = reference_nlp().vocab, variant_sources()
    docs, groups, is_hand = load_docs([train_file], vocab, source_of)
    dev_docs, _, dev_hand = load_docs([dev_file], vocab, source_of)
    dev_docs = [d for d, hand in zip(dev_docs, dev_hand) if hand]
    pkuseg = uses_pkuseg(config)
    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    points = []
    for fraction in fractions:
        chosen = set(order[:max(1, round(fraction * len(order)))])
        train_docs = [d for d, g in zip(docs, groups) if g in chosen]
        hand_train = [d for d, g, h in zip(docs, groups, is_hand) if g in chosen and h] if pkuseg else None
        run = train_and_score(config, train_docs, dev_docs, workdir / f"share-{int(fraction * 100):03d}", steps, seed,
                              hand_train, segmenter_iterations)
        points.append({"fraction": fraction, "articles": len(chosen), "train_docs": len(train_docs), **run})
    return {"config": paths.shown(config), "steps": steps, "seed": seed,
            "segmenter_iterations": segmenter_iterations if pkuseg else None, "dev_articles": len(dev_docs),
            "points": points}


def plot_learning_curve(curve: dict, path: Path) -> Path | None:
    """PNG of dev F per label against training articles; None when matplotlib is missing."""
    try:
        import matplotlib
    except ImportError:
        return None
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    xs = [p["articles"] for p in curve["points"]]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    for name in list(LABELS) + ["micro"]:
        ys = [100 * label_f(p["scores"], name) for p in curve["points"]]
        ax.plot(xs, ys, marker="o", label=name, linewidth=2.5 if name == "micro" else 1.2)
    ax.set_xlabel("training articles (each with its noisy variants)")
    ax.set_ylabel("dev F (flat layer)")
    ax.set_title(f"Learning curve, stage 1, {curve['steps']} steps")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp.png")
    fig.savefig(tmp)
    plt.close(fig)
    tmp.replace(path)
    return path

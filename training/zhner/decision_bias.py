"""How eager the NER is to open a label: shift the scores of the actions that open an entity of
that label (B- and U-) by a constant, and score each shift on the same gold.

The transition NER picks its next action by score. Adding `delta` to the output layer's bias for
`B-LABEL` and `U-LABEL` moves every decision to open such an entity by the same margin: below
zero it opens fewer (precision up, recall down), above zero more. Nothing is retrained, so the
shifts of one model are compared on one gold, and a table over groups of batches shows whether
those groups agree on how eager the model should be.

The shift is applied in place and undone on exit (`shifted_open_actions`); a model on disk is
never changed.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import spacy

from .evaluate import record_batch
from .io_utils import read_jsonl
from .paths import shown
from .breakdown import Breakdown, seen_names
from .scoring import Tally, span_set


def open_action_indices(ner, label: str) -> list[int]:
    """Indices of the NER's B-LABEL and U-LABEL actions in its output layer."""
    moves = ner.moves
    names = [moves.get_class_name(i) for i in range(moves.n_moves)]
    found = [i for i, name in enumerate(names) if name in (f"B-{label}", f"U-{label}")]
    if not found:
        raise ValueError(f"the NER has no actions for label {label!r}; it knows {sorted(ner.labels)}")
    return found


@contextmanager
def shifted_open_actions(nlp, label: str, delta: float, ner_name: str = "ner"):
    """Within the block, `delta` is added to the bias of the actions that open `label`."""
    ner = nlp.get_pipe(ner_name)
    upper = ner.model.get_ref("upper")
    original = upper.get_param("b").copy()
    shifted = original.copy()
    shifted[open_action_indices(ner, label)] += delta
    upper.set_param("b", shifted)
    try:
        yield nlp
    finally:
        upper.set_param("b", original)


def _group_scores(records: list[dict], predicted: list[set], label: str, seen) -> dict:
    """Flat micro F, the label's P/R/F, and its seen and unseen parts over one group."""
    flat, breakdown = Tally(), Breakdown(seen)
    for record, spans in zip(records, predicted):
        flat.add(span_set(record["ents"]), spans)
        breakdown.add(record, spans)
    scores = flat.scores()
    parts = breakdown.result().get("seen_unseen", {})
    return {"flat_f": scores["micro"]["f"], "label": scores["per_label"][label],
            "unseen": parts.get("unseen", {}).get("per_label", {}).get(label),
            "seen": parts.get("seen", {}).get("per_label", {}).get(label)}


def bias_sweep(models: list[str], data_file: Path, label: str, deltas: list[float],
               groups: dict[str, set[str]] | None = None, train_file: Path | None = None, note: str = "") -> dict:
    """For each model and shift, scores per group of batches ({name: batches}; None = all records).
    `note` says which models these are, since a model folder is overwritten by the next training."""
    records = [r for r in read_jsonl(data_file) if r.get("meta", {}).get("origin", "hand") == "hand"]
    seen = seen_names(read_jsonl(train_file)) if train_file and Path(train_file).exists() else None
    groups = groups or {"all": None}
    # Indices into `records` per group; groups may overlap, but each record is read once per shift.
    chosen = {name: [i for i, r in enumerate(records) if batches is None or record_batch(r) in batches]
              for name, batches in groups.items()}
    wanted = sorted(set().union(*chosen.values()))
    runs = []
    for model in models:
        nlp = spacy.load(model)
        for delta in deltas:
            with shifted_open_actions(nlp, label, delta):
                docs = nlp.pipe([records[i]["text"] for i in wanted], batch_size=16)
                predicted = {i: span_set(doc.ents) for i, doc in zip(wanted, docs)}
            scores = {name: _group_scores([records[i] for i in idx], [predicted[i] for i in idx], label, seen)
                      for name, idx in chosen.items() if idx}
            runs.append({"model": str(model), "delta": delta, "groups": scores})
    return {"label": label, "data": shown(data_file), "deltas": deltas, "models": [shown(m) for m in models],
            "note": note, "groups": {name: len(idx) for name, idx in chosen.items()}, "runs": runs,
            "seen_from": shown(train_file) if seen is not None else None}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def bias_sweep_markdown(report: dict) -> str:
    """One table per group: each shift's mean over the models, and the spread between them."""
    label = report["label"]
    lines = [f"# Shifting the NER's {label}-opening actions", "",
             f"Data: `{report['data']}` (hand-written articles only). Models: "
             + ", ".join(f"`{m}`" for m in report["models"]) + ". Each cell is the mean over the models, "
             "with the lowest and highest in brackets when there are several. Unseen: the text does not occur "
             f"with that label in `{report['seen_from']}`." + (f" {report['note']}" if report.get("note") else ""), ""]
    for group, size in report["groups"].items():
        if not size:
            continue
        lines += [f"## {group} ({size} article{'' if size == 1 else 's'})", "",
                  f"| shift | flat F | {label} F | unseen {label} F | unseen P | unseen R | unseen support |",
                  "|---|---|---|---|---|---|---|"]
        for delta in report["deltas"]:
            rows = [run["groups"][group] for run in report["runs"] if run["delta"] == delta and group in run["groups"]]

            def cell(values: list[float]) -> str:
                text = f"{100 * _mean(values):.1f}"
                return text + (f" ({100 * min(values):.1f}–{100 * max(values):.1f})" if len(values) > 1 else "")

            unseen = [r["unseen"] for r in rows if r["unseen"]]
            lines.append("| " + " | ".join([
                f"{delta:+g}", cell([r["flat_f"] for r in rows]), cell([r["label"]["f"] for r in rows]),
                cell([u["f"] for u in unseen]) if unseen else "–",
                cell([u["p"] for u in unseen]) if unseen else "–",
                cell([u["r"] for u in unseen]) if unseen else "–",
                str(unseen[0]["support"]) if unseen else "–"]) + " |")
        lines.append("")
    return "\n".join(lines)

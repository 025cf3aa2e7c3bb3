"""`zhner annotate`: read inputs, run the pipeline, write one output, report what failed."""
from __future__ import annotations

import sys
import time
from collections import Counter

from .annotate import annotate_records
from .labelstudio import LabelStudioWriter, model_version
from .readers import Failure, iter_inputs
from .writers import WRITERS, atomic_output


def run(args) -> int:
    import spacy

    started = time.perf_counter()
    try:
        nlp = spacy.load(args.model)
    except (OSError, ImportError) as err:
        print(f"zhner annotate: cannot load model {args.model!r}: {err}", file=sys.stderr)
        return 2
    failures: list[Failure] = []

    def records():
        for item in iter_inputs(args.inputs, args.encoding, args.text_field, args.stdin_format,
                                args.html):
            if isinstance(item, Failure):
                failures.append(item)
                print(f"skipped {item}", file=sys.stderr)
            else:
                yield item

    show_progress = args.progress == "on" or (args.progress == "auto" and sys.stderr.isatty())
    labels: Counter = Counter()
    done = characters = 0
    with atomic_output(args.output) as stream:
        if args.format == "labelstudio":
            writer = LabelStudioWriter(stream, model_version(nlp.meta))
        else:
            writer = WRITERS[args.format](stream)
        results = annotate_records(nlp, records(), args.batch_size, args.n_process, args.max_chunk,
                                   with_scores=args.format == "labelstudio")
        if show_progress:
            from tqdm import tqdm

            results = tqdm(results, unit=" texts", file=sys.stderr)
        for record, result in results:
            writer.write(result)
            done += 1
            characters += len(record.text)
            labels.update(s["label"] for s in result["ents"])
        writer.close()
    seconds = time.perf_counter() - started
    per_label = ", ".join(f"{k} {v}" for k, v in sorted(labels.items())) or "none"
    print(f"annotated {done} texts, {characters:,} characters in {seconds:.1f} s; entities: {per_label}; "
          f"{len(failures)} inputs failed", file=sys.stderr)
    return 1 if failures else 0


"""The `zhner` command: thin argument parsing over the project's functions."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths
from .annotate import MAX_CHUNK
from .spark_annotate import MAX_CHARS, SPLIT_MB


def _cmd_validate(args) -> int:
    from .validate import validate

    files = paths.article_files(*[Path(p) for p in args.paths])
    articles, findings = validate(files)
    for finding in findings:
        print(finding)
    print(f"{len(files)} files, {len(articles)} articles parsed, {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0


def _load_or_report(roots):
    from .validate import validate

    articles, findings = validate(paths.article_files(*[Path(p) for p in roots]))
    for finding in findings:
        print(finding, file=sys.stderr)
    return articles, findings


def _cmd_audit(args) -> int:
    from .audit import audit, read_exceptions
    from .splits import read_splits

    articles, findings = _load_or_report(args.paths)
    # Only a read of the whole corpus can tell that an exception matches nothing any more.
    whole_corpus = [Path(p).resolve() for p in args.paths] == [paths.ARTICLES.resolve()]
    kept, excepted = audit(articles, read_splits(paths.SPLITS), read_exceptions(Path(args.exceptions)),
                           stale=whole_corpus)
    if args.focus:
        focus = str(Path(args.focus).resolve())
        # A label conflict is shown where any of its example places lies in the focus folder.
        kept = [f for f in kept if str(Path(f.where.rsplit(":", 1)[0]).resolve()).startswith(focus)
                or (f.check == "label-conflict" and focus + "/" in f.detail)]
    for finding in kept:
        print(finding)
    by_check = {}
    for f in kept:
        by_check[f.check] = by_check.get(f.check, 0) + 1
    print(f"{len(articles)} articles: {len(kept)} findings {by_check or ''}, {excepted} excepted in {args.exceptions}",
          file=sys.stderr)
    return 1 if kept or findings else 0


def _cmd_stats(args) -> int:
    import json

    from .stats import corpus_stats, stats_markdown

    articles, findings = _load_or_report(args.paths)
    stats = corpus_stats(articles)
    print(json.dumps(stats, ensure_ascii=False, indent=1) if args.json else stats_markdown(stats))
    return 1 if findings else 0


def _cmd_split(args) -> int:
    from .build import load_hand_articles
    from .splits import assign, read_splits, write_splits

    table, new = assign(load_hand_articles(), read_splits(paths.SPLITS))
    write_splits(paths.SPLITS, table)
    counts = {s: list(table.values()).count(s) for s in ("train", "dev", "test")}
    print(f"{len(new)} new articles placed; {counts}")
    return 0


def _cmd_build(args) -> int:
    from .build import CorpusError, build

    try:
        counts = build(Path(args.output), seed=args.seed)
    except CorpusError as err:
        for finding in err.findings:
            print(finding)
        print(f"corpus build stopped: {len(err.findings)} problems", file=sys.stderr)
        return 1
    for split, kinds in counts.items():
        print(f"{split:5}  " + "  ".join(f"{k}={v}" for k, v in kinds.items()))
    return 0


def _parse_overrides(items: list[str]) -> dict:
    """--set training.max_steps=100 → {"training.max_steps": 100} (values read as JSON when they can be)."""
    import json

    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--set expects KEY=VALUE, got {item!r}")
        try:
            out[key] = json.loads(value)
        except ValueError:
            out[key] = value
    return out


def _cmd_train(args) -> int:
    from .train import train

    seconds = train(Path(args.config), Path(args.output), _parse_overrides(args.set))
    print(f"trained in {seconds:.0f} s → {args.output}/model-best")
    return 0


def _parse_groups(items: list[str] | None) -> dict[str, set[str]] | None:
    """`NAME=BATCHES` options ('old=b01-b21', or 'b01-b12' alone, named by itself) -> {name: batches}."""
    from .evaluate import parse_batches

    if not items:
        return None
    groups = {}
    for item in items:
        name, _, spec = item.partition("=")
        groups[name] = parse_batches(spec or name)
    return groups


def _cmd_evaluate(args) -> int:
    from .evaluate import evaluate_files, markdown_report, write_report

    parsed = _parse_groups(args.group)
    # Dataset names in the report: the file's stem, then ` (name)`.
    groups = {f" ({name})": batches for name, batches in parsed.items()} if parsed else None
    report = evaluate_files(args.model, [Path(p) for p in args.data], Path(args.train), groups)
    json_path, md_path = write_report(report, Path(args.output), args.name)
    print(markdown_report(report, max_errors=args.show_errors))
    print(f"\nwrote {json_path} and {md_path}", file=sys.stderr)
    return 0


def _cmd_bias_sweep(args) -> int:
    from .decision_bias import bias_sweep, bias_sweep_markdown
    from .io_utils import write_report_pair

    groups = _parse_groups(args.group)
    deltas = [float(x) for x in args.shifts.split(",")]
    try:
        report = bias_sweep(args.models, Path(args.data), args.label, deltas, groups, Path(args.train), args.note)
    except ValueError as err:  # a label the NER does not know
        print(f"zhner bias-sweep: {err}", file=sys.stderr)
        return 2
    markdown = bias_sweep_markdown(report)
    json_path, md_path = write_report_pair(report, markdown, Path(args.output), args.name)
    print(markdown)
    print(f"\nwrote {json_path} and {md_path}", file=sys.stderr)
    return 0


def _cmd_import(args) -> int:
    from .corpus_import import import_file

    try:
        written, failures = import_file(Path(args.file), args.batch, Path(args.articles), args.province, args.genre)
    except (ValueError, OSError) as err:  # ImportFileError too: the file as a whole, or a bad batch name
        print(f"zhner corpus import: {err}", file=sys.stderr)
        return 2
    for line in failures:
        print(f"not imported: {line}")
    where = paths.shown(Path(args.articles) / args.batch)
    print(f"{len(written)} articles written to {where}; {len(failures)} problems kept tasks out", file=sys.stderr)
    if written:
        print("next: `zhner corpus validate`, `zhner corpus split`, then train (README: Correcting the model's output)",
              file=sys.stderr)
    return 1 if failures else 0


def _cmd_labelstudio_config(args) -> int:
    from .labelstudio import labeling_config

    print(labeling_config(), end="")
    return 0


def _cmd_fix_industry(args) -> int:
    from .fix_industry import fix_files
    from .markup import read_article

    articles = [read_article(p) for p in paths.article_files(*map(Path, args.paths))]
    changes = fix_files(articles, write=not args.dry_run)
    print("\n".join(changes))
    print(f"{len(changes)} changes{' (dry run: nothing written)' if args.dry_run else ''}", file=sys.stderr)
    return 0


def _cmd_cues(args) -> int:
    from .business_cues import cue_candidates
    from .markup import read_article
    from .splits import read_splits

    split_of = read_splits(paths.SPLITS)
    candidates = [c for f in paths.article_files(*map(Path, args.paths)) for c in cue_candidates(read_article(f))]
    print("# article id\tsplit\tplace\tcue\ttext after the cue\tINDUSTRY (^) or bare (.)")
    for c in candidates:
        print(c.row(split_of.get(c.article_id, "")))
    print(f"{len(candidates)} cues with bare text after them", file=sys.stderr)
    return 0


def _cmd_label_cues(args) -> int:
    from .business_cues import apply_decisions

    changes, problems = apply_decisions(Path(args.decisions), Path(args.articles), write=not args.dry_run)
    print("\n".join(changes + problems))
    print(f"{len(changes)} fields labelled, {len(problems)} rows not applied"
          f"{' (dry run: nothing written)' if args.dry_run else ''}", file=sys.stderr)
    return 1 if problems else 0


def _cmd_pages(args) -> int:
    import spacy

    from .pages import measure, pages_markdown, write_pages_report

    report = measure(spacy.load(args.model), Path(args.folder))
    report["model"] = str(args.model)
    json_path, md_path = write_pages_report(report, Path(args.output))
    print(pages_markdown(report))
    print(f"\nwrote {json_path} and {md_path}", file=sys.stderr)
    return 0


def _cmd_sweep(args) -> int:
    from .sweep import load_grid, run_sweep, sweep_markdown, write_sweep

    sweep = run_sweep(Path(args.config), load_grid(Path(args.grid)), Path(args.workdir), jobs=args.jobs)
    json_path, md_path = write_sweep(sweep, Path(args.output), args.name)
    print(sweep_markdown(sweep))
    print(f"\nwrote {json_path} and {md_path}", file=sys.stderr)
    return 0


def _cmd_package(args) -> int:
    import json

    from .packaging import build_package

    evaluation = json.loads(Path(args.evaluation).read_text(encoding="utf-8")) if args.evaluation else None
    wheel = build_package(Path(args.model), Path(args.output), args.version, evaluation)
    print(wheel)
    return 0


def _cmd_annotate(args) -> int:
    from .run_annotate import run

    return run(args)


def _cmd_spark_annotate(args) -> int:
    from .spark_annotate import run

    return run(args)


def _cmd_report(args) -> int:
    from .report import update_readme, write_make_all

    if args.what == "make-all":
        if args.seconds is None:
            raise SystemExit("zhner report make-all needs --seconds (the Makefile's `all` passes them)")
        print(f"wrote {write_make_all(args.seconds, args.targets or '')}")
        return 0
    names = update_readme()
    print(f"README sections regenerated: {', '.join(names) or 'none (no reports yet)'}")
    return 0


def _cmd_bench(args) -> int:
    import json

    from .bench import speed
    from .io_utils import atomic_write_text, read_texts
    from .train import machine_description

    texts = read_texts(Path(args.data))
    warmup = read_texts(Path(args.warmup)) if args.warmup else None
    results = speed(args.model, texts, tuple(args.n_process), Path(args.output), args.rounds, warmup)
    report = {"model": args.model, "data": args.data, "warmup": args.warmup, "machine": machine_description(),
              "runs": results}
    if args.long_text:
        from .bench import long_text_memory

        report["long_text"] = long_text_memory(args.model, texts, args.long_text, Path(args.output))
    atomic_write_text(Path(args.output) / "speed.json", json.dumps(report, indent=1))
    for r in results:
        first = (f"; first pass {r['first_pass_chars_per_second']:,.0f} chars/s on {r['warmup_characters']:,}"
                 if "first_pass_chars_per_second" in r else "")
        print(f"n_process={r['n_process']}: {r['chars_per_second']:,.0f} chars/s, load {r['load_seconds']:.1f} s, "
              f"peak RSS {r['peak_rss_mb']:.0f} MB ({r['characters']:,} characters{first})")
    if "long_text" in report:
        long = report["long_text"]
        print(f"one page of {long['characters']:,} characters (pieces of {long['max_chunk']:,}): peak RSS "
              f"{long['peak_rss_mb']:.0f} MB, {long['peak_rss_after_load_mb']:.0f} MB after loading")
    return 0


def _cmd_segmenter_train(args) -> int:
    import json
    import time

    from .build import group_by_split, load_hand_articles
    from .io_utils import atomic_write_text
    from .segmenter import ITERATIONS, boundary_agreement, load_segmenter_pipeline, train_segmenter
    from .splits import read_splits

    iterations = args.iterations or ITERATIONS
    table = read_splits(paths.SPLITS)
    articles = load_hand_articles()
    # The segmenter learns from the split as `zhner corpus build` left it: an article written since
    # has no split yet and waits for the next build, as it does for the DocBins.
    unplaced = [a.id for a in articles if a.id not in table]
    if unplaced:
        print(f"{len(unplaced)} articles have no split yet and are left out (run `zhner corpus build`): "
              f"{', '.join(unplaced[:5])}{' …' if len(unplaced) > 5 else ''}", file=sys.stderr)
    by_split = group_by_split([a for a in articles if a.id in table], table)
    started = time.perf_counter()
    out = train_segmenter(by_split["train"], by_split["dev"], Path(args.output), iterations, args.seed)
    seconds = time.perf_counter() - started
    agreement = boundary_agreement(load_segmenter_pipeline(out).make_doc, by_split["dev"])
    info = {"iterations": iterations, "seed": args.seed, "seconds": round(seconds, 1),
            "train_articles": len(by_split["train"]), "dev_boundary_agreement": agreement}
    atomic_write_text(out / "segmenter-info.json", json.dumps(info, ensure_ascii=False, indent=1))
    print(f"segmenter trained in {seconds:.0f} s → {out}; dev entity edges on token edges: "
          f"{agreement['overall']:.2%} of {agreement['edges']}")
    return 0


def _cmd_benchmark(args) -> int:
    from .benchmark import run_benchmark

    run_benchmark(args.model, Path(args.output), args.parts, config=Path(args.config), folds=args.folds,
                  steps=args.steps, curve_steps=args.curve_steps, segmenter_iterations=args.segmenter_iterations,
                  speed_rounds=args.speed_rounds, fractions=args.fractions, workdir=Path(args.workdir),
                  log=lambda message: print(message, file=sys.stderr))
    print(f"wrote {args.output}/benchmark.md", file=sys.stderr)
    return 0


def _cmd_compare(args) -> int:
    from .compare import compare, compare_markdown, write_comparison

    models = {}
    for item in args.models:
        name, sep, model = item.partition("=")
        if not sep:
            raise SystemExit(f"compare expects NAME=MODEL, got {item!r}")
        models[name] = model
    report = compare(models, Path(args.data), Path(args.output), Path(args.warmup) if args.warmup else None)
    write_comparison(report, Path(args.output), args.name)
    print(compare_markdown(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="work on the annotated corpus").add_subparsers(dest="corpus_command", required=True)

    p = corpus.add_parser("validate", help="check article files: markup, labels, spans, headers")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES), str(paths.VARIANTS)], help="files or folders")
    p.set_defaults(func=_cmd_validate)

    p = corpus.add_parser("audit", help="consistency: label conflicts, unlabelled mentions, boundaries, near-duplicates")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES)], help="files or folders")
    p.add_argument("--exceptions", default=str(paths.AUDIT_EXCEPTIONS), help="reviewed exceptions (a TSV or a folder of them)")
    p.add_argument("--focus", help="show only findings located under this folder (the audit still reads everything)")
    p.set_defaults(func=_cmd_audit)

    p = corpus.add_parser("stats", help="size and breadth of the corpus")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES), str(paths.VARIANTS)], help="files or folders")
    p.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    p.set_defaults(func=_cmd_stats)

    p = corpus.add_parser("fix-industry", help="apply the INDUSTRY fixes the audit can decide (业, company names, activity words, events)")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES)], help="files or folders")
    p.add_argument("--dry-run", action="store_true", help="list the changes, write nothing")
    p.set_defaults(func=_cmd_fix_industry)

    p = corpus.add_parser("cues", help="text after business cues (主营, 主攻 …) still bare, for review by the guidelines")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES)], help="files or folders")
    p.set_defaults(func=_cmd_cues)

    p = corpus.add_parser("label-cues", help="label the lines of business a review decided (article id, cue, field, reason)")
    p.add_argument("decisions", help="TSV of decisions, e.g. corpus/reviews/business-cues.tsv")
    p.add_argument("--articles", default=str(paths.ARTICLES), help="the corpus's article folder")
    p.add_argument("--dry-run", action="store_true", help="list the changes, write nothing")
    p.set_defaults(func=_cmd_label_cues)

    p = corpus.add_parser("import", help="corrected articles from a Label Studio JSON export, doccano or zhner JSONL")
    p.add_argument("file", help="Label Studio JSON export, doccano JSONL export or zhner JSONL")
    p.add_argument("--batch", required=True, help="batch name: articles are written to ARTICLES/NAME/NAME-0001.txt, …")
    p.add_argument("--province", help="header province where a task's data has none")
    p.add_argument("--genre", help="header genre where a task's data has none")
    p.add_argument("--articles", default=str(paths.ARTICLES), help="the corpus's article folder")
    p.set_defaults(func=_cmd_import)

    p = corpus.add_parser("split", help="place new articles in the fixed train/dev/test split")
    p.set_defaults(func=_cmd_split)

    p = corpus.add_parser("build", help="split, regenerate noisy variants, write DocBins and JSONL")
    p.add_argument("--output", default=str(paths.BUILD))
    p.add_argument("--seed", type=int, default=13, help="seed of the noisy variants")
    p.set_defaults(func=_cmd_build)

    segmenter = sub.add_parser("segmenter", help="the domain word segmenter (pkuseg)").add_subparsers(
        dest="segmenter_command", required=True)
    p = segmenter.add_parser("train", help="train pkuseg on silver segmentation of the train split (offline, seeded)")
    p.add_argument("--output", default=str(paths.ROOT / "training" / "output" / "segmenter"))
    p.add_argument("--iterations", type=int, help="pkuseg passes (default: segmenter.ITERATIONS)")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func=_cmd_segmenter_train)

    p = sub.add_parser("train", help="train a pipeline (spaCy's training loop, the project's config)")
    p.add_argument("--config", default=str(paths.ROOT / "configs" / "pkuseg.cfg"))
    p.add_argument("--output", default=str(paths.ROOT / "training" / "output" / "default"))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="config override, repeatable")
    p.set_defaults(func=_cmd_train)

    p = sub.add_parser("evaluate", help="P/R/F per label, flat and nested, with errors, on JSONL files")
    p.add_argument("model", help="a model folder or an installed package name")
    p.add_argument("data", nargs="+", help="interchange JSONL files (corpus/build/test.jsonl …)")
    p.add_argument("--output", default=str(paths.ROOT / "reports"), help="folder for the JSON and Markdown reports")
    p.add_argument("--name", default="evaluation", help="file name stem of the reports")
    p.add_argument("--show-errors", type=int, default=20, help="errors listed per dataset on the terminal")
    p.add_argument("--train", default=str(paths.BUILD / "train.jsonl"),
                   help="the train split's JSONL: names in it count as seen (skipped if missing)")
    p.add_argument("--group", action="append", metavar="NAME=BATCHES",
                   help="score each file once per group of batches, e.g. 'b01-b12=b01-b12' (repeatable)")
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("bias-sweep", help="shift how eager the NER is to open one label; score each shift per group")
    p.add_argument("data", help="interchange JSONL (corpus/build/dev.jsonl); hand-written articles are scored")
    p.add_argument("models", nargs="+", help="model folders (several seeds: the table shows mean and range)")
    p.add_argument("--label", default="INDUSTRY")
    p.add_argument("--shifts", default="-3,-2,-1,0,1,2", help="comma-separated shifts of the B-/U- action bias; write --shifts=-3,-2,… (an = before a leading minus)")
    p.add_argument("--group", action="append", metavar="NAME=BATCHES",
                   help="a table per group of batches, e.g. 'b01-b21=b01-b21' (repeatable; default: all)")
    p.add_argument("--train", default=str(paths.BUILD / "train.jsonl"),
                   help="the train split's JSONL: names in it count as seen (skipped if missing)")
    p.add_argument("--output", default=str(paths.ROOT / "reports"))
    p.add_argument("--name", default="bias-sweep", help="file name stem of the reports")
    p.add_argument("--note", default="", help="which models these are, for the report (their folders get retrained)")
    p.set_defaults(func=_cmd_bias_sweep)

    p = sub.add_parser("pages", help="false entities in the furniture of web pages, --html all against main")
    p.add_argument("model")
    p.add_argument("folder", nargs="?", default=str(paths.ROOT / "tests" / "fixtures" / "pages"),
                   help="pages NAME.html, each with NAME.body.txt (its article's lines)")
    p.add_argument("--output", default=str(paths.ROOT / "reports"))
    p.set_defaults(func=_cmd_pages)

    p = sub.add_parser("sweep", help="train stage-1 settings × seeds, score dev F, unseen-name F and speed")
    p.add_argument("--config", default=str(paths.ROOT / "configs" / "pkuseg-ner.cfg"))
    p.add_argument("--grid", default=str(paths.ROOT / "configs" / "sweep.json"), help="JSON list of settings")
    p.add_argument("--workdir", default=str(paths.ROOT / "training" / "output" / "sweep"))
    p.add_argument("--name", default="sweep", help="file name stem of the reports")
    p.add_argument("--jobs", type=int, default=2, help="trainings run at once (one BLAS thread each)")
    p.add_argument("--output", default=str(paths.ROOT / "reports"))
    p.set_defaults(func=_cmd_sweep)

    labelstudio = sub.add_parser("labelstudio", help="Label Studio helpers").add_subparsers(
        dest="labelstudio_command", required=True)
    p = labelstudio.add_parser("config", help="print the labeling config that matches --format labelstudio tasks")
    p.set_defaults(func=_cmd_labelstudio_config)

    p = sub.add_parser("annotate", help="annotate files, folders, JSONL or stdin; write JSONL, CSV, HTML or Label Studio tasks")
    p.add_argument("inputs", nargs="*", default=["-"], help="files or folders (recursively), '-' for stdin")
    p.add_argument("--model", default="zh_industry_ner", help="installed package name or model folder")
    p.add_argument("--format", choices=("jsonl", "csv", "html", "labelstudio"), default="jsonl",
                   help="labelstudio: a JSON list of tasks with the model's spans as predictions")
    p.add_argument("--output", "-o", default="-", help="output file ('-': stdout)")
    p.add_argument("--encoding", help="input encoding (default: BOM, then an HTML page's declared charset, "
                                      "then UTF-8, then charset-normalizer over the Chinese encodings)")
    p.add_argument("--text-field", default="text", help="field holding the text in JSONL input")
    p.add_argument("--stdin-format", choices=("txt", "html", "jsonl"), default="txt")
    p.add_argument("--html", choices=("main", "all"), default="main",
                   help="HTML input: the article body and its metadata (main, trafilatura) or all visible text")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--n-process", type=int, default=1)
    p.add_argument("--max-chunk", type=int, default=MAX_CHUNK,
                   help="longer texts are read in pieces of at most this many characters (bounds memory)")
    p.add_argument("--progress", choices=("auto", "on", "off"), default="auto", help="progress bar (auto: on a terminal)")
    p.set_defaults(func=_cmd_annotate)

    p = sub.add_parser("spark-annotate", help="annotate JSONL, Parquet or folders of text files with Apache Spark")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders, any path Spark reads (s3a://, hdfs://, …)")
    p.add_argument("output", metavar="OUTPUT", help="output folder, written by Spark's committer")
    p.add_argument("--model", default="zh_industry_ner", help="installed package name or model folder (on every executor)")
    p.add_argument("--input-format", choices=("auto", "jsonl", "parquet", "text"), default="auto",
                   help="auto: from the suffixes, or the files in a local folder")
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet", help="output format")
    p.add_argument("--text-field", default="text", help="field (JSONL) or column (Parquet) holding the text")
    p.add_argument("--id-field", default="id", help="field or column holding the id (missing: FILE-STEM:LINE)")
    p.add_argument("--encoding", help="input encoding (default: as zhner annotate detects it)")
    p.add_argument("--html", choices=("main", "all"), default="main", help="pages in a text folder: as zhner annotate reads them")
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--max-chunk", type=int, default=MAX_CHUNK,
                   help="longer texts are read in pieces of at most this many characters, as zhner annotate reads them")
    p.add_argument("--max-chars", type=int, default=MAX_CHARS,
                   help="longer texts are not annotated but get an error (0: no limit)")
    p.add_argument("--split-mb", type=int, default=SPLIT_MB, help="input bytes per task (spark.sql.files.maxPartitionBytes)")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="Spark setting, repeatable")
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    p.add_argument("--worker-stats", help=argparse.SUPPRESS)  # local folder: per-worker loads and peak RSS (bench, tests)
    p.set_defaults(func=_cmd_spark_annotate)

    p = sub.add_parser("compare", help="pipelines side by side: span edges on token edges, F, speed, size")
    p.add_argument("models", nargs="+", metavar="NAME=MODEL")
    p.add_argument("--data", default=str(paths.BUILD / "dev.jsonl"))
    p.add_argument("--output", default=str(paths.ROOT / "reports"))
    p.add_argument("--name", default="segmenters", help="file name stem of the reports")
    p.add_argument("--warmup", help="interchange JSONL whose texts each speed probe runs first (steady speed)")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("bench", help="speed and memory of a pipeline on a JSONL file's texts")
    p.add_argument("model")
    p.add_argument("data", help="interchange JSONL (its texts are used)")
    p.add_argument("--n-process", type=int, nargs="+", default=[1, 2])
    p.add_argument("--rounds", type=int, default=3, help="fresh-process timings per setting (median reported)")
    p.add_argument("--warmup", help="interchange JSONL whose texts each process runs first, timed apart (a first-pass speed)")
    p.add_argument("--long-text", type=int, metavar="CHARS",
                   help="also the peak memory of annotating one page of CHARS characters (the texts joined)")
    p.add_argument("--output", default=str(paths.ROOT / "reports"))
    p.set_defaults(func=_cmd_bench)

    p = sub.add_parser("benchmark", help="accuracy with intervals, cross-validation, learning curve, peers, speed")
    p.add_argument("model", help="the pipeline under test (folder or package)")
    p.add_argument("--parts", nargs="+", default=["accuracy", "speed", "cv", "curve"],
                   choices=["accuracy", "speed", "cv", "curve"])
    p.add_argument("--config", default=str(paths.ROOT / "configs" / "pkuseg-ner.cfg"),
                   help="stage-1 config trained by cross-validation and the learning curve")
    p.add_argument("--folds", type=int, default=5)
    p.add_argument("--steps", type=int, default=1000, help="training steps of each cross-validation run")
    p.add_argument("--curve-steps", type=int, default=2000,
                   help="training steps of each learning-curve run (the released stage 1 trains 4000; half keeps the curve near an hour)")
    p.add_argument("--segmenter-iterations", type=int, default=4,
                   help="pkuseg iterations of each fold's own segmenter (pkuseg configs only)")
    p.add_argument("--speed-rounds", type=int, default=3, help="fresh-process timings per setting (median reported)")
    p.add_argument("--fractions", type=float, nargs="+", default=[0.25, 0.5, 0.75, 1.0])
    p.add_argument("--output", default=str(paths.ROOT / "reports" / "benchmark"))
    p.add_argument("--workdir", default=str(paths.ROOT / "training" / "output" / "benchmark"),
                   help="models trained by cross-validation and the curve (reused when settings match)")
    p.set_defaults(func=_cmd_benchmark)

    p = sub.add_parser("report", help="regenerate the README's figures from the reports of real runs")
    p.add_argument("what", choices=("readme", "make-all"),
                   help="readme: regenerate the README's figures; make-all: record how long `make all` took")
    p.add_argument("--seconds", type=int, help="make-all: the whole run's wall-clock seconds")
    p.add_argument("--targets", help="make-all: the make targets the run went through")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("package", help="build the installable zh_industry_ner wheel from a trained model")
    p.add_argument("model")
    p.add_argument("--output", default=str(paths.ROOT / "dist"))
    p.add_argument("--version", default="0.1.0")
    p.add_argument("--evaluation", help="evaluation JSON whose scores go into meta and README")
    p.set_defaults(func=_cmd_package)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

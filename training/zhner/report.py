"""Fill the README's generated sections from the reports that real runs wrote.

A section is the text between `<!-- zhner:NAME -->` and `<!-- /zhner:NAME -->`; each is made
from a report file, so no figure in the README is typed by hand.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from . import paths
from .io_utils import atomic_write_text
from .benchmark import benchmark_markdown, load_parts
from .compare import compare_markdown
from .packaging import accuracy_table
from .breakdown import breakdown_markdown
from .pages import pages_markdown
from .stats import stats_markdown
from .decision_bias import bias_sweep_markdown
from .sweep import sweep_markdown


# The sweeps after `reports/sweep.json`, newest first: (report file stem, its grid in configs/ or None,
# the sentence that says what it measured).
LATER_SWEEPS = (
    ("sweep-places", "sweep-places.json",
     "The twenty-seventh sweep, on the corpus with b37: a third lexicon tag column for places (`corpus/lexicons/places.tsv`: provinces, prefectures, 2,846 county-level divisions, scenic spots and new areas, written by two helpers from knowledge), beside the default models of that corpus; the small gains on dev F, unseen names and companies are within the spread between seeds while unseen fields fell on both seeds, so the default reads fields and companies only"),
    ("sweep-aug-fields", "sweep-aug-fields.json",
     "The twenty-sixth sweep, on the corpus with b31: INDUSTRY name substitution again (three in ten training examples, half of their fields swapped), new fields drawn from the train split, `industries.tsv` and `industries-more.tsv`, whose fields the lexicon tags do not mark, beside the default as it then was"),
    ("sweep-segmenter-iterations", "sweep-segmenter-iterations.json",
     "The twenty-fifth sweep, on the corpus with b29: the domain segmenter trained for 6 pkuseg passes instead of 8 (about two minutes less of make all), beside the default as it then was, with 8 passes"),
    ("sweep-avg-lr", "sweep-avg-lr.json",
     "The twenty-fourth sweep, with averaged checkpoints: learning rate 0.002 and training dropout 0.2, beside the twenty-third sweep's averaged models on the same corpus and dev"),
    ("sweep-optimizer", "sweep-optimizer.json",
     "The twenty-third sweep, checkpoints from a running average of the weights (`use_averages`), and a wider NER hidden layer, beside the twenty-second sweep's dev-hand models on the same dev"),
    ("sweep-b28", "sweep-b28.json",
     "The twenty-second sweep, the default trained on the corpus with batch b28 beside the twentieth sweep's width-96 models, and checkpoints chosen on the hand-written dev alone (`paths.dev` = `dev-hand.spacy`, a third of the evaluation time) instead of dev with its variants, all scored on the new dev"),
    ("sweep-aliases", "sweep-aliases.json",
     "The twenty-first sweep, a rule after the NER that labels the short name an article declares after a found company or project (`…有限公司（简称“珞珈星图”）`) wherever it recurs (`name_aliases`), scored with and without on the twentieth sweep's two width-96 models"),
    ("sweep-b27", "sweep-b27.json",
     "The twentieth sweep, the default trained on the corpus with batch b27 and with fields before trade words labelled by the written rule, beside the eighteenth sweep's default models, both scored on the new dev"),
    ("sweep-fields-grown", "sweep-fields-grown.json",
     "The nineteenth sweep, the field lexicon grown from 2,783 to 6,555 fields (`corpus/lexicons/industries-more.tsv` appended to `industries.tsv` for the fields-6555 rows; written by five helpers from classifications and trade usage, without reading the corpus), read by the lexicon tags and by field_cues, beside the eighteenth sweep's default models on the same dev; it did not help and the lexicon stays as it was"),
    ("sweep-b26", "sweep-b26.json",
     "The eighteenth sweep, the default trained on the corpus with batch b26 (and the fields it made the audit label elsewhere), beside the seventeenth sweep's default models, on the same dev"),
    ("sweep-punct-norms", "sweep-punct-norms.json",
     "The seventeenth sweep, full-width punctuation norms (`，` and `,` read alike) against the norms the default was trained with"),
    ("sweep-field-cues-business", "sweep-field-cues-business.json",
     "The sixteenth sweep, field_cues reading 业务, 环节 and 市场 after a field too, on the same models, once the corpus labelled fields before them"),
    ("sweep-field-cues-trade", "sweep-field-cues-trade.json",
     "The fifteenth sweep, the field_cues rule's cues scored again on the fourteenth sweep's models, now that a company's trade before 企业 is labelled"),
    ("sweep-trade-fields", "sweep-trade-fields.json",
     "The fourteenth sweep, the default trained on the corpus where a company's trade before 企业 is labelled as a field, beside the thirteenth sweep's models, all scored on the relabelled dev"),
    ("sweep-b25", "sweep-b25.json",
     "The thirteenth sweep, the default trained on the corpus with batches b24 and b25, beside the models trained before each, on the same dev"),
    ("sweep-b24", "sweep-b24.json",
     "The twelfth sweep, the default trained on the corpus with batch b24, beside the models trained before it, on the same dev"),
    ("sweep-field-cues", "sweep-field-cues.json",
     "The eleventh sweep, a rule after the NER that adds lexicon fields framed by a generic word, a focus verb or a list with a found field (`field_cues`), scored on the same two models"),
    ("sweep-b23", "sweep-b23.json",
     "The tenth sweep, on the corpus with batch b23: a larger NORM table, and more training dropout"),
    ("sweep-affix-lengths", "sweep-affix-lengths.json",
     "The ninth sweep, the first and last two characters of each word beside the first and last one"),
    ("sweep-word-dropout-aug", "sweep-word-dropout-aug.json",
     "The eighth sweep, INDUSTRY name substitution at a lower chance on top of the match-word-dropout default"),
    ("sweep-word-dropout-any", "sweep-word-dropout-any.json",
     "The seventh sweep, hiding any word's keys while training on top of hiding lexicon matches' words at 0.3"),
    ("sweep-word-dropout", "sweep-word-dropout.json",
     "The sixth sweep, hiding the words of lexicon matches while training, beside the default it started from"),
    ("sweep-lexicons-aug", "sweep-lexicons-aug.json",
     "The fifth sweep, INDUSTRY name substitution on top of the lexicon-tag default"),
    ("sweep-lexicons", "sweep-lexicons.json",
     "The fourth sweep, lexicon tags in the word embedding (fields; fields and companies; two rates of hiding them "
     "while training), with the grown field lexicon"),
    # A change of corpus (fields labelled consistently, batch b22), not of config.
    ("sweep-fields", "sweep-fields.json",
     "The third sweep, on the corpus after bare fields were labelled and batch b22 added, beside the second sweep's "
     "default models scored on the same dev"),
    # On the corpus before "Corpus, part two"; it chose the window.
    ("sweep-first-corpus", None, "The first sweep, which chose the window, on the corpus before its second part"),
)


def write_make_all(seconds: int, targets: str, reports: Path = paths.ROOT / "reports") -> Path:
    """reports/make-all.json: the wall-clock time of the whole run, as the Makefile measured it."""
    from .train import machine_description

    path = reports / "make-all.json"
    atomic_write_text(path, json.dumps({"seconds": seconds, "targets": targets,
                                        "machine": machine_description()}, indent=1) + "\n")
    return path


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def sections(reports: Path, model_dir: Path, dist: Path) -> dict[str, str]:
    out = {}
    stats = _load(reports / "corpus-stats.json")
    if stats:
        out["stats"] = "Made by `zhner corpus stats` (`make corpus`):\n\n" + stats_markdown(stats)
    evaluation = _load(reports / "evaluation.json")
    dev = _load(reports / "evaluation-dev.json")
    if evaluation:
        text = "Made by `zhner evaluate` (`make evaluate`) on the test split, clean and as noisy variants:\n\n"
        text += accuracy_table(evaluation)
        if dev:
            text += "\nDev split:\n\n" + accuracy_table(dev)
        out["accuracy"] = text
    if evaluation:
        names = [n for n in evaluation["datasets"] if evaluation["datasets"][n].get("breakdown")]
        if names:
            out["new-text"] = ("Made by `zhner evaluate` (`make evaluate`); *seen* names occur with the same label in "
                               "the train split:\n\n" + "\n".join(
                                   breakdown_markdown(names, [evaluation["datasets"][n]["breakdown"] for n in names])
                               ).replace("### ", "#### "))
    pages = _load(reports / "pages.json")
    if pages:
        out["pages"] = ("Made by `zhner pages` (`make evaluate`) on the pages of `tests/fixtures/pages/`, read as "
                        "`zhner annotate` reads them with `--html all` and `--html main`:\n\n" + pages_markdown(pages))
    sweep = _load(reports / "sweep.json")
    if sweep:
        out["sweep"] = "Made by `zhner sweep` (`make sweep`), also in `reports/sweep.md`:\n\n" + sweep_markdown(sweep)
        for stem, grid, sentence in LATER_SWEEPS:
            later = _load(reports / f"{stem}.json")
            if later:
                where = ([f"`configs/{grid}`"] if grid else []) + [f"`reports/{stem}.md`"]
                out["sweep"] += f"\n\n{sentence} ({', '.join(where)}):\n\n" + sweep_markdown(later)
    bias = [(split, stem, _load(reports / f"{stem}.json"))
            for split, stem in (("dev", "bias-sweep-industry"), ("test", "bias-sweep-industry-test"))]
    if any(report for *_, report in bias):
        out["bias"] = "\n\n".join(
            f"Made by `zhner bias-sweep` on the {split} split (`reports/{stem}.md`):\n\n"
            + bias_sweep_markdown(report).split("\n", 2)[2].replace("## ", "#### ")
            for split, stem, report in bias if report)
    wheels = sorted(dist.glob("zh_industry_ner-*.whl"))
    facts = []
    segmenter = _load(model_dir.parent / "segmenter" / "segmenter-info.json")
    if segmenter:
        agreement = segmenter["dev_boundary_agreement"]
        facts.append(f"- segmenter training: {segmenter['seconds'] / 60:.1f} minutes, {segmenter['iterations']} pkuseg "
                     f"iterations on {segmenter['train_articles']} articles; dev span edges on its word edges: "
                     f"{100 * agreement['overall']:.2f}% of {agreement['edges']} (`make segmenter`)")
    for stage_dir in (model_dir.parent / "ner", model_dir):
        info = _load(stage_dir / "train-info.json")
        if info:
            facts.append(f"- training time of `{info['config']}`: {info['seconds'] / 60:.1f} minutes on {info['machine']} (`make train`)")
    make_all = _load(reports / "make-all.json")
    if make_all:
        facts.append(f"- the whole run, `make all` ({make_all['targets']}, then readme): "
                     f"{make_all['seconds'] / 60:.1f} minutes on {make_all['machine']}")
    if wheels:
        facts.append(f"- wheel `{wheels[-1].name}`: {wheels[-1].stat().st_size / 1e6:.1f} MB (`make package`)")
    speed = _load(reports / "speed.json")
    if speed:
        for run in speed["runs"]:
            first = (f" (first pass of a fresh process, on {run['warmup_characters']:,} dev characters: "
                     f"{run['first_pass_chars_per_second']:,.0f})" if "first_pass_chars_per_second" in run else "")
            facts.append(f"- speed with n_process={run['n_process']}: {run['chars_per_second']:,.0f} characters/s{first}, "
                         f"load {run['load_seconds']:.1f} s, peak RSS {run['peak_rss_mb']:.0f} MB, on {speed['machine']} (`make bench`)")
        long = speed.get("long_text")
        if long:
            facts.append(f"- annotating one page of {long['characters']:,} characters, read in pieces of "
                         f"{long['max_chunk']:,}: peak RSS {long['peak_rss_mb']:.0f} MB "
                         f"({long['peak_rss_after_load_mb']:.0f} MB after loading the model) (`make bench`)")
    if facts:
        out["facts"] = "\n".join(facts)
    spark = _load(reports / "spark-bench.json")
    if spark:
        from .spark_bench import spark_markdown

        out["spark"] = spark_markdown(spark)
    segmenters = _load(reports / "segmenters.json")
    if segmenters:
        out["segmenters"] = ("Made by `zhner compare` (`make compare-segmenters`):\n\n"
                             + compare_markdown(segmenters).split("\n", 2)[2].lstrip())
    parts = load_parts(reports / "benchmark")
    if parts:
        out["benchmark"] = ("Made by `zhner benchmark` (`make benchmark`), also in `reports/benchmark/`:\n\n"
                            + benchmark_markdown(parts, heading="####"))
    return out


def fill(readme: str, generated: dict[str, str]) -> str:
    for name, body in generated.items():
        pattern = re.compile(rf"(<!-- zhner:{name} -->\n)(?:.*?\n)?(<!-- /zhner:{name} -->)", re.S)
        readme = pattern.sub(lambda m: m.group(1) + body.rstrip("\n") + "\n" + m.group(2), readme)
    return readme


def update_readme(readme: Path = paths.ROOT / "README.md", reports: Path = paths.ROOT / "reports",
                  model_dir: Path = paths.ROOT / "training" / "output" / "default", dist: Path = paths.ROOT / "dist") -> list[str]:
    generated = sections(reports, model_dir, dist)
    atomic_write_text(readme, fill(readme.read_text(encoding="utf-8"), generated))
    return sorted(generated)

"""The `zhner` command: thin argument parsing over the project's functions."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import paths


def _cmd_validate(args) -> int:
    from .validate import validate

    files = paths.article_files(*[Path(p) for p in args.paths])
    articles, findings = validate(files)
    for finding in findings:
        print(finding)
    print(f"{len(files)} files, {len(articles)} articles parsed, {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="zhner", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    corpus = sub.add_parser("corpus", help="work on the annotated corpus").add_subparsers(dest="corpus_command", required=True)

    p = corpus.add_parser("validate", help="check article files: markup, labels, spans, headers")
    p.add_argument("paths", nargs="*", default=[str(paths.ARTICLES), str(paths.VARIANTS)], help="files or folders")
    p.set_defaults(func=_cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""Where the project keeps things, relative to the repository root (or ZHNER_ROOT)."""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("ZHNER_ROOT", Path(__file__).resolve().parents[2]))
CORPUS = ROOT / "corpus"
ARTICLES = CORPUS / "articles"
VARIANTS = CORPUS / "variants"
SPLITS = CORPUS / "splits.tsv"
AUDIT_EXCEPTIONS = CORPUS / "audit-exceptions"  # one reviewed TSV per batch
BUILD = CORPUS / "build"


def article_files(*roots: Path) -> list[Path]:
    """Every article file below the given folders (default: hand-written articles), sorted."""
    roots = roots or (ARTICLES,)
    files: list[Path] = []
    for root in roots:
        root = Path(root)
        files.extend([root] if root.is_file() else sorted(root.rglob("*.txt")))
    return files


def shown(path) -> str:
    """A path as reports show it: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT.resolve()))
    except ValueError:
        return str(path)

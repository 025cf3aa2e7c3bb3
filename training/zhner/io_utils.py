"""Small file helpers: whole-or-nothing writes and JSONL reading with located errors."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def _write_beside(path: Path, text: str, place) -> None:
    """Write to a temporary file beside `path`, then `place(tmp, path)`; the temporary never stays."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        place(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all, replacing what was there."""
    _write_beside(path, text, os.replace)


def write_new_text(path: Path, text: str) -> None:
    """Write a file that must not exist yet, whole or not at all: FileExistsError leaves the old one as it was."""
    _write_beside(path, text, os.link)  # unlike a rename, a link never replaces an existing file


def read_jsonl(path: Path) -> list[dict]:
    records = []
    with Path(path).open(encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not valid JSON: {err.msg}") from None
    return records


def read_texts(path: Path) -> list[str]:
    """The texts of an interchange JSONL file, in order."""
    return [record["text"] for record in read_jsonl(path)]


def write_report_pair(report: dict, markdown: str, out_dir: Path, name: str) -> tuple[Path, Path]:
    """`<name>.json` (the figures) and `<name>.md` (their tables), each written whole."""
    json_path, md_path = Path(out_dir) / f"{name}.json", Path(out_dir) / f"{name}.md"
    atomic_write_text(json_path, json.dumps(report, ensure_ascii=False, indent=1))
    atomic_write_text(md_path, markdown)
    return json_path, md_path


def folder_mb(path: Path) -> float:
    """Size of the files under a folder, in MB."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file()) / 1e6

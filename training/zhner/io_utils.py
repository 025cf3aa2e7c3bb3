"""Small file helpers: whole-or-nothing writes and JSONL reading with located errors."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterator


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


def jsonl_lines(text: str, source) -> Iterator[tuple[int, str, object, str | None]]:
    """(line number, `source:line`, parsed value or None, error or None) for each non-blank line."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield number, where, json.loads(line), None
        except json.JSONDecodeError as err:
            yield number, where, None, f"not valid JSON: {err.msg}"


def read_jsonl(path: Path) -> list[dict]:
    records = []
    for _, where, value, error in jsonl_lines(Path(path).read_text(encoding="utf-8-sig"), path):
        if error:
            raise ValueError(f"{where}: {error}")
        records.append(value)
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

"""False entities in page furniture: `zhner pages MODEL [FOLDER]`.

Each page `NAME.html` of the folder comes with `NAME.body.txt`, the lines of its article. The
page is read as `zhner annotate` reads it, once with `--html all` and once with `--html main`;
an entity the model finds on a line that is not part of the article is a false entity of the
furniture (navigation, related links, footers, ads).
"""
from __future__ import annotations

from pathlib import Path

from .io_utils import write_report_pair
from .readers import Record, read_source

MODES = ("all", "main")


def page_records(folder: Path) -> list[tuple[str, dict[str, Record], list[str]]]:
    """(page name, {mode: record}, article lines) for every page that has a body file."""
    out = []
    for page in sorted(Path(folder).glob("*.html")):
        body = page.with_name(page.stem + ".body.txt")
        if not body.exists():
            continue
        data = page.read_bytes()
        records = {mode: next(iter(read_source(data, str(page), ".html", None, "text", mode))) for mode in MODES}
        lines = [line.strip() for line in body.read_text(encoding="utf-8").splitlines() if line.strip()]
        out.append((page.stem, records, lines))
    return out


def furniture_entities(doc, article_lines: list[str]) -> list[str]:
    """Entities of `doc` on lines that are not (part of) an article line."""
    found = []
    offset = 0
    for line in doc.text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        stripped = line.strip()
        if not stripped or any(stripped in a or a in stripped for a in article_lines):
            continue
        found += [f"{e.label_} {e.text}" for e in doc.ents if start <= e.start_char and e.end_char <= end]
    return found


def measure(nlp, folder: Path) -> dict:
    pages = {}
    for name, records, lines in page_records(folder):
        pages[name] = {}
        for mode, record in records.items():
            doc = nlp(record.text)
            false = furniture_entities(doc, lines)
            pages[name][mode] = {"characters": len(record.text), "entities": len(doc.ents),
                                 "furniture_entities": len(false), "examples": false[:10],
                                 "extraction": record.extra.get("extraction")}
    return {"folder": str(folder), "pages": pages}


def pages_markdown(report: dict) -> str:
    lines = ["| page | characters read, all / main | entities, all / main | false entities in furniture, all / main |",
             "|---|---|---|---|"]
    totals = {mode: 0 for mode in MODES}
    for name, modes in report["pages"].items():
        lines.append(f"| {name} | {modes['all']['characters']:,} / {modes['main']['characters']:,} "
                     f"| {modes['all']['entities']} / {modes['main']['entities']} "
                     f"| {modes['all']['furniture_entities']} / {modes['main']['furniture_entities']} |")
        for mode in MODES:
            totals[mode] += modes[mode]["furniture_entities"]
    n = max(1, len(report["pages"]))
    lines.append(f"| per page | | | {totals['all'] / n:.1f} / {totals['main'] / n:.1f} |")
    return "\n".join(lines)


def write_pages_report(report: dict, out_dir: Path) -> tuple[Path, Path]:
    return write_report_pair(report, "# False entities in page furniture\n\n" + pages_markdown(report) + "\n",
                             out_dir, "pages")
